// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // Sign-up: preselect the browser's time zone, if it is one we offer.
  document.querySelectorAll("select[data-browser-time-zone]").forEach(function (select) {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone) return;
    var option = Array.prototype.find.call(select.options, function (o) { return o.value === zone; });
    if (option && select.value === "UTC") select.value = zone;
  });

  // Sign-up: preselect the browser's language and country (navigator.language, e.g.
  // "en-AU"), or the next language the browser asks for, if it is one we offer.
  document.querySelectorAll("select[data-browser-locale]").forEach(function (select) {
    var wanted = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language])
      .filter(Boolean);
    var values = Array.prototype.map.call(select.options, function (o) { return o.value; });
    for (var i = 0; i < wanted.length; i++) {
      var tag = wanted[i];
      var exact = values.find(function (v) { return v.toLowerCase() === tag.toLowerCase(); });
      if (exact) { select.value = exact; return; }
    }
  });

  // Interview form: while a new interviewer's name is typed, their "greet as" field shows
  // how a note would greet them (asked of the server, which owns the rule), as the contact
  // form shows it prefilled. Left blank, it follows the name.
  document.querySelectorAll("[data-greeting-url]").forEach(function (container) {
    var url = container.dataset.greetingUrl;
    var timers = new WeakMap();
    container.addEventListener("input", function (event) {
      var name = event.target;
      if (!name.name || !/-name$/.test(name.name)) return;
      var greet = container.querySelector('[name="' + name.name.replace(/-name$/, "-greet_as") + '"]');
      if (!greet) return;
      if (!greet.dataset.placeholder) greet.dataset.placeholder = greet.placeholder;
      clearTimeout(timers.get(greet));
      timers.set(greet, setTimeout(function () {
        var typed = name.value.trim();
        if (!typed) { greet.placeholder = greet.dataset.placeholder; return; }
        fetch(url + "?name=" + encodeURIComponent(typed), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (answer) {
            if (answer && name.value.trim() === typed) {
              greet.placeholder = answer.greeting || greet.dataset.placeholder;
            }
          })
          .catch(function () {});
      }, 250));
    });
  });

  // A sticky Save bar never covers the field that has focus (WCAG 2.4.11): browsers scroll
  // a focused field just into view, under the bar; this lifts it clear. scroll-padding
  // (app.css) does the same for links to a field.
  var stickyBar = document.querySelector(".action-bar--sticky, .review-actions");
  if (stickyBar) {
    document.addEventListener("focusin", function (event) {
      var field = event.target;
      if (!field.getBoundingClientRect || stickyBar.contains(field)) return;
      // After the browser's own scroll to the field, which follows the focus event.
      requestAnimationFrame(function () {
        var bar = stickyBar.getBoundingClientRect();
        var box = field.getBoundingClientRect();
        if (box.bottom > bar.top - 8 && box.top < bar.bottom) {
          window.scrollBy(0, box.bottom - bar.top + 16);
        }
      });
    });
  }

  // After a failed submit, focus moves to the summary of what needs another look, so it
  // is read out first; its links lead to each field.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      var closed = field.closest("details:not([open])");
      if (closed) closed.open = true;
      field.focus();
    });
  }

  // Interview form: "Add another interviewer" clones the empty formset row.
  document.querySelectorAll("[data-formset]").forEach(function (container) {
    var prefix = container.dataset.formset;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = container.querySelector("template");
    var button = container.querySelector("[data-formset-add]");
    if (!total || !template || !button) return;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var rows = container.querySelector("[data-formset-rows]");
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      // Focus follows to the new row's first field, so keyboard and screen-reader users
      // are where the new interviewer is typed.
      var added = rows.lastElementChild;
      var first = added && added.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    });
  });
})();

// Hooks form: beside each line, the sentence it will make in that interviewer's note,
// asked of the server while the person types (the grammar lives in one place).
(function () {
  "use strict";
  document.querySelectorAll("[data-hook-sentence-url]").forEach(function (form) {
    var url = form.dataset.hookSentenceUrl;
    form.querySelectorAll("[data-hook-line]").forEach(function (line) {
      var text = line.querySelector("[data-hook-text]");
      var placement = line.querySelector("[data-hook-placement]");
      var preview = line.querySelector("[data-hook-preview]");
      var timer = null;
      var asked = 0;
      function ask() {
        var mine = ++asked;
        var query = "?contact=" + encodeURIComponent(line.dataset.contact) +
          "&text=" + encodeURIComponent(text.value) +
          "&placement=" + encodeURIComponent(placement ? placement.value : "");
        fetch(url + query, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (answer) {
            if (answer && mine === asked) preview.textContent = answer.message;
          })
          .catch(function () {});
      }
      function later() {
        clearTimeout(timer);
        timer = setTimeout(ask, 300);
      }
      text.addEventListener("input", later);
      if (placement) placement.addEventListener("change", ask);
    });
  });
})();

// Forms with a long text (data-keep-edits): leaving the page another way than through
// the form's own buttons, with changes not saved, asks first.
(function () {
  "use strict";
  var dirty = [];
  document.querySelectorAll("form[data-keep-edits]").forEach(function (form) {
    var state = { form: form, changed: false };
    dirty.push(state);
    form.addEventListener("input", function () { state.changed = true; });
    form.addEventListener("change", function () { state.changed = true; });
    form.addEventListener("submit", function () { state.changed = false; });
  });
  if (!dirty.length) return;
  window.addEventListener("beforeunload", function (event) {
    if (!dirty.some(function (state) { return state.changed; })) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
