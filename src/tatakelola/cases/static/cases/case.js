/* The case page: show only the fields that matter for the chosen status or enforcement action.
 * Without JavaScript every field stays visible and the server validates as before. */
(function () {
  "use strict";

  function toggle(select, attribute) {
    var form = select.form;
    if (!form) return;
    var value = select.value;
    form.querySelectorAll("[" + attribute + "]").forEach(function (wrapper) {
      var show = wrapper.getAttribute(attribute).split(" ").indexOf(value) >= 0;
      wrapper.hidden = !show;
    });
  }

  function bind(selector, attribute) {
    var select = document.querySelector(selector);
    if (!select) return;
    select.addEventListener("change", function () { toggle(select, attribute); });
    toggle(select, attribute);
  }

  function ready() {
    bind("[data-testid=status-form] select[name=status]", "data-show-for-status");
    bind("#action-form select[name=kind]", "data-kinds");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
