/* Baken page behaviour. Everything works without this script; it only adds comfort:
   - focus the error summary so screen-reader and keyboard users land on what to fix;
   - warn before the automatic sign-out on shared desk PCs and let the user stay (WCAG 2.2.1). */
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)(?:__Host-baken-csrf|csrftoken)=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function formatRemaining(seconds) {
    var lang = document.documentElement.lang || "nl";
    var minutes = Math.ceil(seconds / 60);
    if (lang === "en") { return seconds > 60 ? minutes + " minutes" : seconds + " seconds"; }
    return seconds > 60 ? minutes + " minuten" : seconds + " seconden";
  }

  function sessionTimeout() {
    var body = document.body;
    var timeout = parseInt(body.dataset.sessionTimeout || "0", 10);
    if (!timeout) { return; }
    var warning = Math.min(parseInt(body.dataset.sessionWarning || "120", 10), Math.floor(timeout / 2));
    var dialog = document.getElementById("session-timeout-dialog");
    var logoutForm = document.getElementById("logout-form");
    if (!dialog || !logoutForm) { return; }
    var countdown = dialog.querySelector("[data-countdown]");
    var lastActivity = Date.now();
    var ticker = null;

    function secondsLeft() { return Math.round(timeout - (Date.now() - lastActivity) / 1000); }

    function tick() {
      var left = secondsLeft();
      if (left <= 0) {
        // Submit once: a second submit would abort the first navigation.
        window.clearInterval(ticker);
        logoutForm.submit();
        return;
      }
      if (left <= warning) {
        if (!dialog.open) { dialog.showModal(); }
        if (countdown) { countdown.textContent = formatRemaining(left); }
      }
    }

    function stay() {
      fetch(body.dataset.keepaliveUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() }
      }).then(function (response) {
        if (response.ok) { lastActivity = Date.now(); dialog.close(); }
        else { window.location.reload(); }
      });
    }

    // Server-side activity happens on every page load and htmx request.
    document.body.addEventListener("htmx:afterRequest", function () { lastActivity = Date.now(); });
    dialog.querySelector("[data-stay-signed-in]").addEventListener("click", stay);
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); stay(); });
    ticker = window.setInterval(tick, 1000);
    return ticker;
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    sessionTimeout();
  });
})();
