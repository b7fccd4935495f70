// The idle-timeout warning of the back office. The server ends a session after the configured
// idle time whatever this script does; the script only tells the user in time and lets them
// renew the session ("stay logged in") before it ends.
(function () {
  "use strict";
  var bar = document.querySelector(".idle-warning");
  if (!bar) {
    return;
  }
  var idle = Number(bar.getAttribute("data-idle-secs"));
  var warn = Number(bar.getAttribute("data-warn-secs"));
  var csrf = bar.getAttribute("data-csrf");
  var countdown = bar.querySelector("[data-idle-countdown]");
  var stay = bar.querySelector("[data-idle-stay]");
  var deadline = 0;
  var reset = function () {
    deadline = Date.now() + idle * 1000;
    bar.hidden = true;
  };
  reset();
  window.setInterval(function () {
    var left = Math.ceil((deadline - Date.now()) / 1000);
    if (left <= 0) {
      window.location.assign("/admin/login");
      return;
    }
    if (left <= warn) {
      countdown.textContent = String(left);
      if (bar.hidden) {
        bar.hidden = false;
        stay.focus();
      }
    }
  }, 250);
  stay.addEventListener("click", function () {
    fetch("/admin/ping", {
      method: "POST",
      headers: { "X-CSRF-Token": csrf },
      credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok) {
        window.location.assign("/admin/login");
        return null;
      }
      return response.json();
    }).then(function (answer) {
      if (answer) {
        // The session may end sooner than the idle time: its absolute lifetime.
        idle = Number(answer.idle_secs) || idle;
        reset();
      }
    });
  });
})();
