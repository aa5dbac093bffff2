// The composer: word count, a live card preview, a real-layout fit check while typing,
// and a copy button. The page works without it (saving shows the fit too).
(function () {
  "use strict";
  var form = document.getElementById("note-form");
  if (!form) return;
  var body = form.querySelector("[name=body]");
  var preview = document.querySelector("[data-preview]");
  var words = document.querySelector("[data-word-count]");
  var status = document.querySelector("[data-fit-status]");
  var timer = null;
  var sequence = 0;

  function field(name) { return form.querySelector("[name=" + name + "]"); }

  function countWords() {
    var text = ["salutation", "body", "closing", "signature"].map(function (n) {
      return field(n).value;
    }).join(" ").trim();
    return text ? text.split(/\s+/).length : 0;
  }

  function renderPreview() {
    if (!preview) return;
    preview.className = "paper paper--" + field("card_format").value +
      " face--" + field("typeface").value;
    preview.querySelector("[data-preview-salutation]").textContent = field("salutation").value;
    preview.querySelector("[data-preview-closing]").textContent = field("closing").value;
    preview.querySelector("[data-preview-signature]").textContent = field("signature").value;
    var holder = preview.querySelector("[data-preview-body]");
    holder.textContent = "";
    body.value.replace(/\r\n?/g, "\n").split(/\n[ \t]*\n+/).forEach(function (text) {
      if (!text.trim()) return;
      var p = document.createElement("p");
      p.textContent = text.replace(/^\n+|\n+$/g, "");
      holder.appendChild(p);
    });
  }

  function setStatus(text, state) {
    status.textContent = text;
    status.className = "fit-status fit-status--" + state;
  }

  function checkFit() {
    var mine = ++sequence;
    setStatus("Checking the fit…", "busy");
    var data = new FormData(form);
    data.delete("add_part");
    data.delete("drop_part");
    fetch(form.dataset.fitUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json();
    }).then(function (result) {
      if (mine !== sequence) return;  // a newer check is on its way
      setStatus(result.message, result.fits ? "ok" : "over");
    }).catch(function () {
      if (mine === sequence) setStatus("Could not check the fit just now; saving checks it too.", "busy");
    });
  }

  function changed() {
    words.textContent = String(countWords());
    renderPreview();
    window.clearTimeout(timer);
    timer = window.setTimeout(checkFit, 600);
  }

  ["salutation", "body", "closing", "signature"].forEach(function (name) {
    field(name).addEventListener("input", changed);
  });
  ["card_format", "typeface"].forEach(function (name) {
    field(name).addEventListener("change", changed);
  });

  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.dataset.copyTarget);
      var done = document.querySelector("[data-copy-status]");
      function ok() { if (done) done.textContent = "Copied."; }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(ok, function () {
          source.select(); document.execCommand("copy"); ok();
        });
      } else {
        source.select(); document.execCommand("copy"); ok();
      }
    });
  });
})();
