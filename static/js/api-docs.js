// What Swagger UI's markup lacks, added as it draws: a name for each select (its
// parameter's), keyboard access to what scrolls (examples, code), and no link nested in the
// button that opens an operation (the link is the operation's address, kept as text).
(function () {
  "use strict";
  function mend(root) {
    root.querySelectorAll("select:not([aria-label])").forEach(function (select) {
      var row = select.closest("[data-param-name]");
      var name = row ? row.getAttribute("data-param-name") : "value";
      select.setAttribute("aria-label", name);
    });
    root.querySelectorAll("pre:not([tabindex]), .example:not([tabindex]), .highlight-code:not([tabindex])")
      .forEach(function (box) { box.setAttribute("tabindex", "0"); });
    // Its href taken away, the node left in place: Swagger UI (React) still owns it.
    root.querySelectorAll(".opblock-summary-control a[href]").forEach(function (link) {
      link.removeAttribute("href");
    });
  }
  var ui = document.getElementById("swagger-ui");
  new MutationObserver(function () { mend(ui); }).observe(ui, { childList: true, subtree: true });
})();
