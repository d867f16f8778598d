// Drag to rank (综合比选). Progressive enhancement over the ranking form: the
// up/down buttons and the position inputs keep working with the keyboard and
// without JavaScript; dragging a row only reorders the rows and rewrites the
// position inputs, and the reviewer saves with the form's own button.
(function () {
  "use strict";
  var table = document.querySelector("table[data-drag-rank]");
  if (!table) {
    return;
  }
  var body = table.tBodies[0];
  var dragged = null;

  function renumber() {
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
      renumber();
    });
  });
})();
