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
      container.querySelector("[data-formset-rows]").insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
    });
  });
})();
