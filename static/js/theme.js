// Colour mode: follows the system setting unless the person picked light or dark here.
// Loaded in <head> without defer so the page is painted in the right mode (no flash);
// a file, not an inline script, so the Content Security Policy stays "self" only.
(function () {
  "use strict";
  var KEY = "afterview-theme";
  var CHOICES = ["auto", "dark", "light"];
  var LABELS = { auto: "System", dark: "Dark", light: "Light" };
  var root = document.documentElement;
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function stored() {
    var value = null;
    try { value = window.localStorage.getItem(KEY); } catch (e) { /* private mode */ }
    return CHOICES.indexOf(value) >= 0 ? value : "auto";
  }

  function apply(choice) {
    var dark = choice === "dark" || (choice === "auto" && !!media && media.matches);
    root.setAttribute("data-bs-theme", dark ? "dark" : "light");
    root.setAttribute("data-theme-choice", choice);
  }

  function label(button, choice) {
    var text = button.querySelector("[data-theme-label]");
    if (text) text.textContent = LABELS[choice];
  }

  var current = stored();
  apply(current);
  if (media && media.addEventListener) {
    media.addEventListener("change", function () { if (current === "auto") apply("auto"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-theme-switch]").forEach(function (button) {
      label(button, current);
      button.hidden = false;
      button.addEventListener("click", function () {
        current = CHOICES[(CHOICES.indexOf(current) + 1) % CHOICES.length];
        try { window.localStorage.setItem(KEY, current); } catch (e) { /* not remembered */ }
        apply(current);
        label(button, current);
      });
    });
  });
})();
