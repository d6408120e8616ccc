/* Behaviour shared by every page. The Content-Security-Policy allows no inline script, no inline
 * event handler and no style attribute, so what templates used to do inline happens here:
 *
 * - [data-autosubmit]: a select that submits its form when changed (the language switch);
 * - [data-progress]: a progress bar whose width is its value in percent (set through the CSSOM,
 *   which the policy allows, instead of a style attribute, which it does not).
 *
 * Content that htmx swaps in gets the same treatment through htmx's load event.
 */
(function () {
  "use strict";

  function init(root) {
    if (!root || !root.querySelectorAll) return;
    var selects = root.querySelectorAll("select[data-autosubmit]");
    Array.prototype.forEach.call(selects, function (select) {
      if (select.dataset.autosubmitBound) return;
      select.dataset.autosubmitBound = "1";
      select.addEventListener("change", function () {
        if (select.form) select.form.submit();
      });
    });
    var bars = root.querySelectorAll("[data-progress]");
    Array.prototype.forEach.call(bars, function (bar) {
      var value = parseFloat(bar.getAttribute("data-progress"));
      if (!isFinite(value)) value = 0;
      bar.style.width = Math.max(0, Math.min(100, value)) + "%";
    });
  }

  document.addEventListener("htmx:load", function (event) { init(event.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
