/* Desk registration comfort (everything works without this script):
   after htmx swaps the panel, put focus on the confirmation or the error summary. */
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function (event) {
    var panel = document.getElementById("desk-register-panel");
    if (!panel) { return; }
    var target = panel.querySelector("[data-error-summary]") || panel.querySelector("[data-desk-focus]");
    if (target) { target.focus(); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var confirm = document.querySelector("[data-desk-focus]");
    if (confirm && !document.querySelector("[data-error-summary]")) { confirm.focus(); }
  });
})();
