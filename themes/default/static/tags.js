// Suggestions for the tag field of the article editor: while a tag is typed, the tags already
// in use that start the same way (accents ignored) are offered through the field's datalist.
// The field holds a comma-separated list, so each offer is the whole list with the last tag
// completed; the browser's own datalist does the showing and the keyboard handling.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  var list = input && document.getElementById(input.getAttribute("list"));
  if (!input || !list || !window.fetch) {
    return;
  }
  var timer = null;
  var asked = "";

  function show(before, names) {
    list.textContent = "";
    names.forEach(function (name) {
      var option = document.createElement("option");
      option.value = before + name;
      list.appendChild(option);
    });
  }

  function ask() {
    var value = input.value;
    var cut = value.lastIndexOf(",");
    var before = cut < 0 ? "" : value.slice(0, cut + 1).replace(/\s*$/, " ");
    var typed = value.slice(cut + 1).trim();
    if (typed.length < 2) {
      show(before, []);
      return;
    }
    if (typed === asked) {
      return;
    }
    asked = typed;
    fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(typed), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (res) {
        return res.ok ? res.json() : [];
      })
      .then(function (names) {
        // Only if the field still ends with what was asked about.
        if (asked === typed) {
          show(before, names);
        }
      })
      .catch(function () {
        show(before, []);
      });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });
})();
