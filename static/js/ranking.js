/* Ranking by drag-and-drop: an enhancement of the ballot form (themes/ballot.html).
 *
 * Without this script the form still works: the Up and Down buttons post the order and the
 * page (or, with htmx, the form) comes back reordered; keyboard users use them too. With it, a
 * theme can also be dragged by its handle, with a mouse, a pen or a finger (pointer events):
 * the hidden inputs move with their row, so the order posted is the order shown. Event
 * delegation on the document: forms swapped in by htmx need no new setup.
 */
(function () {
  "use strict";

  var dragged = null;

  function rows(list) {
    return Array.prototype.slice.call(list.querySelectorAll(".ranking__item"));
  }

  function renumber(list) {
    rows(list).forEach(function (row, index) {
      var position = row.querySelector(".ranking__position");
      if (position) {
        position.textContent = String(index + 1);
      }
    });
  }

  function announce(list, row) {
    var form = list.closest("form");
    var status = form && form.querySelector("[role=status]");
    if (!status) {
      return;
    }
    var all = rows(list);
    var template = list.getAttribute("data-moved-text") || "%(theme)s %(position)d / %(count)d";
    status.textContent = template
      .replace("%(theme)s", row.getAttribute("data-theme-title") || "")
      .replace("%(position)d", String(all.indexOf(row) + 1))
      .replace("%(count)d", String(all.length));
  }

  document.addEventListener("pointerdown", function (event) {
    var handle = event.target.closest && event.target.closest(".ranking__handle");
    if (!handle) {
      return;
    }
    var row = handle.closest(".ranking__item");
    var list = row && row.closest("[data-ranking]");
    if (!list) {
      return;
    }
    event.preventDefault();
    dragged = { row: row, list: list, pointer: event.pointerId };
    row.classList.add("is-dragging");
    if (handle.setPointerCapture) {
      handle.setPointerCapture(event.pointerId);
    }
  });

  document.addEventListener("pointermove", function (event) {
    if (!dragged || event.pointerId !== dragged.pointer) {
      return;
    }
    event.preventDefault();
    var others = rows(dragged.list).filter(function (row) {
      return row !== dragged.row;
    });
    var before = null;
    for (var i = 0; i < others.length; i += 1) {
      var box = others[i].getBoundingClientRect();
      if (event.clientY < box.top + box.height / 2) {
        before = others[i];
        break;
      }
    }
    if (before !== dragged.row.nextElementSibling || (!before && dragged.row.nextElementSibling)) {
      dragged.list.insertBefore(dragged.row, before);
      renumber(dragged.list);
    }
  });

  function drop(event) {
    if (!dragged || event.pointerId !== dragged.pointer) {
      return;
    }
    dragged.row.classList.remove("is-dragging");
    renumber(dragged.list);
    announce(dragged.list, dragged.row);
    dragged = null;
  }

  document.addEventListener("pointerup", drop);
  document.addEventListener("pointercancel", drop);
})();
