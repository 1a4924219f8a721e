/* Guidance page behaviour; everything works without it. The print button (hidden without JavaScript,
   where the browser's own print command does the same) prints the DigiD case. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
