/* Keyboard-friendly triage for the review queue and the alert page.
 *
 * Queue: j / k move the selection, Enter opens the selected alert, x toggles its checkbox.
 * Anywhere: an element with data-key="c" is clicked (a button) or focused (a field, or the first
 * field inside it) when that key is pressed. Keys typed into fields are ignored; Esc leaves a field.
 */
(function () {
  "use strict";

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "select" || tag === "textarea" || target.isContentEditable;
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("tr[data-alert-row]"));
  }

  function selectedIndex(list) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].classList.contains("table-active")) return i;
    }
    return -1;
  }

  function select(list, index) {
    list.forEach(function (row) {
      row.classList.remove("table-active");
      row.removeAttribute("aria-selected");
    });
    if (index < 0 || index >= list.length) return;
    var row = list[index];
    row.classList.add("table-active");
    row.setAttribute("aria-selected", "true");
    row.scrollIntoView({ block: "nearest" });
  }

  function activate(element) {
    var tag = element.tagName.toLowerCase();
    if (tag === "button" || tag === "a") {
      element.click();
      return;
    }
    var field = typing(element) ? element : element.querySelector("select, input, textarea");
    if (field) field.focus();
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && typing(event.target)) {
      event.target.blur();
      return;
    }
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;

    var list = rows();
    if (list.length) {
      var index = selectedIndex(list);
      if (event.key === "j" || event.key === "k") {
        var next = event.key === "j" ? Math.min(index + 1, list.length - 1) : Math.max(index - 1, 0);
        select(list, next);
        event.preventDefault();
        return;
      }
      var onPage = event.target === document.body || event.target === document.documentElement;
      if (event.key === "Enter" && index >= 0 && onPage) {
        window.location.assign(list[index].getAttribute("data-href"));
        event.preventDefault();
        return;
      }
      if (event.key === "x" && index >= 0) {
        var box = list[index].querySelector("input[type=checkbox]");
        if (box) box.checked = !box.checked;
        event.preventDefault();
        return;
      }
    }

    if (!/^[a-z]$/.test(event.key)) return;
    var target = document.querySelector('[data-key="' + event.key + '"]');
    if (target) {
      event.preventDefault();
      activate(target);
    }
  });
})();
