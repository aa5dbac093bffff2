// The inbox: a copy button for the forwarding address, and a page that looks again while a
// message is being read. The page works without it.
(function () {
  "use strict";

  document.querySelectorAll("[data-inbox-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.dataset.inboxCopy);
      var status = document.getElementById(button.dataset.inboxCopy + "-status");
      var text = source.value !== undefined ? source.value : source.textContent;
      function done() { if (status) status.textContent = "Copied."; }
      function fallback() {
        if (source.select) { source.select(); } else {
          var range = document.createRange();
          range.selectNodeContents(source);
          window.getSelection().removeAllRanges();
          window.getSelection().addRange(range);
        }
        document.execCommand("copy");
        done();
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, fallback);
      } else {
        fallback();
      }
    });
  });

  // While a message is being read, look again in a few seconds (at most a minute).
  var reading = document.querySelector("[data-inbox-reading]");
  if (reading) {
    var tries = Number(sessionStorage.getItem("inbox-reload") || "0");
    if (tries < 20) {
      sessionStorage.setItem("inbox-reload", String(tries + 1));
      setTimeout(function () { window.location.reload(); }, 3000);
    }
  } else {
    sessionStorage.removeItem("inbox-reload");
  }
})();
