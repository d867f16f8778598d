// Progressive enhancement only: every page works without this file.
// Warn before leaving the checklist with unsaved changes (an upload or a delete leaves the page).
(function () {
  "use strict";
  var form = document.querySelector("form[data-unsaved-warning]");
  if (!form) {
    return;
  }
  var dirty = false;
  form.addEventListener("input", function (event) {
    if (event.target.form === form) {
      dirty = true;
    }
  });
  form.addEventListener("submit", function () {
    dirty = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
