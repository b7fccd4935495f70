// The media library inside the article editor: search it, upload a file in place, give a
// photo its alt text there, then insert it (every size, caption and credit) into the body or
// make it the lead photo. Without JavaScript the library page does all of this by hand.
(function () {
  "use strict";
  var box = document.querySelector("[data-media-picker]");
  if (!box || !window.fetch || !window.FormData) {
    return;
  }
  var label = function (name) {
    return box.getAttribute("data-" + name) || "";
  };
  var csrf = label("csrf");
  var list = box.querySelector(".media-picker__list");
  var status = box.querySelector(".media-picker__status");
  var search = box.querySelector("input[type=search]");
  var file = box.querySelector("input[type=file]");
  var waiting = null;

  function say(text) {
    status.textContent = text;
  }

  function insert(html) {
    var editor = window.congEditor;
    if (editor) {
      try {
        editor.$.html.insert(html, { selectInserted: false, skipCharCount: true, skipCleaning: true });
        return;
      } catch (e) {
        editor.$.html.set(editor.$.html.get() + html);
        return;
      }
    }
    var area = document.querySelector("textarea[data-editor]");
    area.value += html;
  }

  function button(text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button";
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  // A photo without alt text is given it here, in the library, before it can go in.
  function altForm(item, li) {
    var id = "mo-ta-" + item.id;
    var p = document.createElement("p");
    p.className = "field";
    var l = document.createElement("label");
    l.htmlFor = id;
    l.textContent = label("alt");
    var input = document.createElement("input");
    input.id = id;
    input.maxLength = 300;
    p.appendChild(l);
    p.appendChild(input);
    p.appendChild(
      button(label("save-alt"), function () {
        var body = new URLSearchParams();
        body.set("csrf", csrf);
        body.set("alt", input.value.trim());
        body.set("caption", item.caption);
        body.set("credit", item.credit);
        fetch(item.edit, { method: "POST", body: body, credentials: "same-origin" }).then(function (r) {
          if (!r.ok) {
            say(label("failed"));
            return;
          }
          reload();
        });
      })
    );
    li.appendChild(p);
  }

  function show(items) {
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "media-picker__item";
      li.setAttribute("data-id", item.id);
      if (item.photo) {
        var img = document.createElement("img");
        img.src = item.thumb;
        img.alt = item.alt;
        img.width = 96;
        li.appendChild(img);
      }
      var name = document.createElement("span");
      name.textContent = item.name;
      li.appendChild(name);
      if (item.photo && !item.alt) {
        var note = document.createElement("strong");
        note.textContent = label("no-alt");
        li.appendChild(note);
        altForm(item, li);
      } else if (!item.html) {
        var wait = document.createElement("span");
        wait.textContent = item.variants_label;
        li.appendChild(wait);
      } else {
        li.appendChild(
          button(label("insert"), function () {
            insert(item.html);
            say(label("inserted"));
          })
        );
        if (item.lead) {
          li.appendChild(
            button(label("lead"), function () {
              document.getElementById("truong-image_url").value = item.lead;
              document.getElementById("truong-image_alt").value = item.alt;
              say(label("lead-set"));
            })
          );
        }
      }
      list.appendChild(li);
    });
    return items;
  }

  // While a photo's sizes are being made, the list is read again every second (for half a
  // minute at most after the last change), so its "insert" button appears by itself.
  var polls = 0;
  function load() {
    clearTimeout(waiting);
    var url = "/admin/tep/chon?tu-khoa=" + encodeURIComponent(search.value.trim());
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) {
        return r.json();
      })
      .then(function (d) {
        show(d.items);
        var pending = d.items.some(function (i) {
          return i.variants === "pending";
        });
        if (pending && polls < 30) {
          polls += 1;
          waiting = setTimeout(load, 1000);
        }
      });
  }

  function reload() {
    polls = 0;
    return load();
  }

  file.addEventListener("change", function () {
    if (!file.files.length) {
      return;
    }
    var form = new FormData();
    form.append("csrf", csrf);
    form.append("file", file.files[0]);
    say(label("uploading"));
    fetch("/admin/tep", {
      method: "POST",
      body: form,
      headers: { Accept: "application/json", "X-CSRF-Token": csrf },
      credentials: "same-origin",
    })
      .then(function (r) {
        return r.json().then(function (d) {
          return { ok: r.ok, d: d };
        });
      })
      .then(function (res) {
        if (!res.ok) {
          say(res.d.error || label("failed"));
          return;
        }
        say(label("uploaded"));
        search.value = "";
        file.value = "";
        reload();
      })
      .catch(function () {
        say(label("failed"));
      });
  });
  search.addEventListener("input", function () {
    clearTimeout(waiting);
    waiting = setTimeout(reload, 250);
  });
  box.addEventListener("toggle", function () {
    if (box.open) {
      reload();
    }
  });
})();
