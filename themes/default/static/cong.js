// Progressive enhancement for the rating widget: the form works without this file (a plain
// POST and a redirect back); with it, the rating is sent in the background and the figures
// change in place. No inline script anywhere, so the site's CSP can forbid them.
(function () {
  "use strict";
  var widget = document.querySelector("[data-rating]");
  if (!widget || !window.fetch || !window.FormData) {
    return;
  }
  var form = widget.querySelector("form");
  var message = widget.querySelector("[data-rating-message]");
  var show = function (selector, value) {
    var el = widget.querySelector(selector);
    if (el) {
      el.textContent = value;
    }
  };
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      headers: { Accept: "application/json" },
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        message.textContent = answer.message;
        message.className = "form-message " + (answer.ok ? "form-message--ok" : "form-message--error");
        if (answer.ok) {
          show("[data-rating-average]", answer.average);
          show("[data-rating-count]", String(answer.count));
          show("[data-rating-total]", String(answer.total));
          // Each token counts once: the answer brings the one for a change of mind.
          form.querySelector("input[name=token]").value = answer.token;
        }
      })
      .catch(function () {
        // Without an answer, fall back to the plain form post.
        form.submit();
      })
      .then(function () {
        button.disabled = false;
      });
  });
})();
