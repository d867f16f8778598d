// Drag to rank (综合比选). Progressive enhancement over the ranking form: the
// up/down buttons and the position inputs keep working with the keyboard and
// without JavaScript; dragging a row only reorders the rows and rewrites the
// position inputs, and the reviewer saves with the form's own button.
// When htmx replaces the panel after a move, the keyboard focus goes back to
// the same control of the same row, so a keyboard user can press "上移" again.
(function () {
  "use strict";
  var lastControl = null;

  function renumber(body) {
    var position = 1;
    Array.prototype.forEach.call(body.rows, function (row) {
      var input = row.querySelector("input[data-position]");
      if (input) {
        input.value = position;
        position += 1;
      }
    });
    var status = document.getElementById("drag-rank-status");
    if (status) {
      status.hidden = false;
    }
  }

  function enableDragging(table) {
    var body = table.tBodies[0];
    var dragged = null;
    Array.prototype.forEach.call(body.rows, function (row) {
      if (!row.querySelector("input[data-position]")) {
        return;
      }
      row.draggable = true;
      row.classList.add("draggable-row");
      row.addEventListener("dragstart", function (event) {
        dragged = row;
        row.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", "");
      });
      row.addEventListener("dragend", function () {
        row.classList.remove("dragging");
        dragged = null;
      });
      row.addEventListener("dragover", function (event) {
        if (!dragged || dragged === row) {
          return;
        }
        event.preventDefault();
        var box = row.getBoundingClientRect();
        var after = event.clientY > box.top + box.height / 2;
        body.insertBefore(dragged, after ? row.nextSibling : row);
      });
      row.addEventListener("drop", function (event) {
        event.preventDefault();
        renumber(body);
      });
    });
  }

  function restoreFocus(root) {
    if (!lastControl) {
      return;
    }
    var control = root.querySelector('button[name="move"][value="' + lastControl + '"]');
    if (control && control.disabled) {
      // The row reached the top or the bottom: the other direction's button of that row.
      var other = lastControl.indexOf("up:") === 0 ? "down:" : "up:";
      control = root.querySelector('button[name="move"][value="' + other + lastControl.split(":")[1] + '"]');
    }
    lastControl = null;
    if (control) {
      control.focus();
    }
  }

  function init(root) {
    var table = root.querySelector ? root.querySelector("table[data-drag-rank]") : null;
    if (table) {
      enableDragging(table);
    }
    if (root.id === "ranking-panel" || (root.querySelector && root.querySelector("#ranking-panel"))) {
      restoreFocus(root);
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest('button[name="move"]') : null;
    lastControl = button ? button.value : null;
  });
  if (window.htmx) {
    // htmx calls this for the page once loaded and for every part it puts in.
    window.htmx.onLoad(init);
  } else {
    init(document);
  }
})();
