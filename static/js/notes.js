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

  // The CJK language a text shows, as notes/writing.py tells it for the printed card:
  // kana is Japanese, hangul Korean, other Han characters Chinese; Han characters alone
  // (a name) take the language of the text around them. The preview draws each in that
  // language's font, as the card does.
  var KANA = /[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9d]/;
  var HANGUL = /[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]/;
  var HAN = /[\u4e00-\u9fff\u3400-\u4dbf]|[\ud840-\ud884][\udc00-\udfff]/;

  function cjkLang(text, around) {
    var kana = text.search(KANA), hangul = text.search(HANGUL);
    if (kana >= 0 || hangul >= 0) {
      return hangul < 0 || (kana >= 0 && kana < hangul) ? "ja" : "ko";
    }
    if (!HAN.test(text)) return "";
    return around ? cjkLang(around) || "zh" : "zh";
  }

  function show(element, text, around) {
    element.textContent = text;
    var lang = cjkLang(text, around);
    if (lang) element.lang = lang; else element.removeAttribute("lang");
  }

  function renderPreview() {
    if (!preview) return;
    preview.className = "paper paper--" + field("card_format").value +
      " face--" + field("typeface").value;
    show(preview.querySelector("[data-preview-salutation]"), field("salutation").value, body.value);
    preview.querySelector("[data-preview-closing]").textContent = field("closing").value;
    preview.querySelector("[data-preview-signature]").textContent = field("signature").value;
    var holder = preview.querySelector("[data-preview-body]");
    holder.textContent = "";
    var note = body.value;
    note.replace(/\r\n?/g, "\n").split(/\n[ \t]*\n+/).forEach(function (text) {
      if (!text.trim()) return;
      var p = document.createElement("p");
      show(p, text.replace(/^\n+|\n+$/g, ""), note);
      // A paragraph is in the language of the whole note, as on the card.
      if (p.lang) p.lang = cjkLang(note);
      holder.appendChild(p);
    });
  }

  var switcher = document.querySelector("[data-fit-switch]");
  var panelCheck = document.querySelector("[data-panel-check]");

  function setStatus(text, state) {
    status.textContent = text;
    status.className = "fit-status fit-status--" + state;
  }

  // One click to the next card size that fits (the button also works without scripts).
  function showSwitch(result) {
    if (!switcher) return;
    var suggestion = !result.fits && result.suggestion;
    switcher.hidden = !suggestion;
    if (!suggestion) return;
    switcher.value = suggestion;
    var option = field("card_format").querySelector("option[value='" + suggestion + "']");
    switcher.querySelector("[data-fit-switch-label]").textContent = option ? option.textContent : suggestion;
  }

  // The panel check: sentences that also appear in another note of this interview.
  function showRepeats(repeats) {
    if (!panelCheck || !repeats) return;
    panelCheck.textContent = "";
    if (!repeats.length) return;
    var lead = document.createElement("p");
    lead.className = "small fw-semibold mb-1 text-danger-emphasis";
    lead.textContent = "Also in another note of this panel — hiring teams compare notes:";
    var list = document.createElement("ul");
    list.className = "small mb-0";
    repeats.forEach(function (repeat) {
      var item = document.createElement("li");
      item.textContent = "“" + repeat.sentence + "” — " + (repeat.exact ? "word for word" : "nearly") +
        " in your note to " + repeat.recipient;
      list.appendChild(item);
    });
    panelCheck.appendChild(lead);
    panelCheck.appendChild(list);
  }

  function checkFit() {
    var mine = ++sequence;
    setStatus("Checking the fit…", "busy");
    var data = new FormData(form);
    data.delete("add_part");
    data.delete("drop_part");
    data.delete("add_starter");
    data.delete("switch_format");
    fetch(form.dataset.fitUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json();
    }).then(function (result) {
      if (mine !== sequence) return;  // a newer check is on its way
      if (result.retry) {  // the renderer is starting or busy: nothing known yet
        retryFit();
        return;
      }
      retries = 0;
      setStatus(result.message, result.fits ? "ok" : "over");
      showSwitch(result);
      showRepeats(result.repeats);
    }).catch(function () {
      if (mine === sequence) setStatus("Could not check the fit just now; saving checks it too.", "busy");
    });
  }

  // A renderer that is starting (the first minutes after a deploy) or busy answers "try
  // again": the page asks again by itself, a little later each time, a few times.
  var retries = 0;
  function retryFit() {
    if (retries >= 5) {
      setStatus("The PDF renderer is not ready yet; saving the note checks the fit.", "busy");
      return;
    }
    retries += 1;
    setStatus("The PDF renderer is getting ready; the fit is checked again in a moment…", "busy");
    window.clearTimeout(timer);
    timer = window.setTimeout(checkFit, 1000 * Math.pow(2, retries - 1));
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
  renderPreview();
  if (status && status.hasAttribute("data-fit-retry")) retryFit();
  ["card_format", "typeface"].forEach(function (name) {
    field(name).addEventListener("change", changed);
  });

  // A sentence starter goes where the cursor is, with its first "…" selected to type over.
  document.querySelectorAll("[data-starter]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var starter = button.dataset.starter;
      var at = body.selectionEnd || body.value.length;
      var before = body.value.slice(0, at);
      var after = body.value.slice(at);
      var gap = !before.trim() ? "" : (/\n\s*\n\s*$/.test(before) ? "" : (/\n$/.test(before) ? "\n" : "\n\n"));
      body.value = before + gap + starter + after;
      var start = before.length + gap.length + starter.indexOf("…");
      body.focus();
      body.setSelectionRange(start, start + 1);
      changed();
    });
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
