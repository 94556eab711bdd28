// The newsroom editor's small helpers. Every form works without this script; it only adds a
// warning before leaving with unsaved changes, Ctrl/Cmd+S to save, a live word count, and a
// notice when someone else has the same story open.
(function () {
  "use strict";
  var form = document.getElementById("story-form");
  if (!form || !window.FormData || !window.URLSearchParams) return;

  function fieldsText() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (key !== "csrf_token" && typeof value === "string") params.append(key, value);
    });
    return params.toString();
  }

  // Unsaved changes: warn before the page goes, unless it goes because the form was sent.
  var saved = fieldsText();
  var leaving = false;
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    // "Preview unsaved changes" opens a new tab and leaves this page (and its edits) in place.
    if (submitter && submitter.formTarget === "_blank") return;
    leaving = true;
  });
  window.addEventListener("beforeunload", function (event) {
    if (leaving || fieldsText() === saved) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // Ctrl+S / Cmd+S saves, as in every editor.
  document.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || (event.key !== "s" && event.key !== "S")) return;
    var button = form.querySelector("[data-save-button]");
    if (!button) return;
    event.preventDefault();
    leaving = true;
    if (form.requestSubmit) form.requestSubmit(button); else button.click();
  });

  // Autosave (drafts only): every 30 seconds, if the fields changed since the last save, they are
  // saved as an autosave revision based on the revision this page holds. When someone else saved
  // in between, nothing is written and autosave stops: Save then shows both versions.
  var autosaveURL = form.dataset.autosaveUrl;
  var autosaveStatus = document.getElementById("autosave-status");
  var baseField = form.querySelector("input[name=base_revision]");
  var autosaveStopped = false;
  var autosaving = false;
  function autosave() {
    if (!autosaveURL || !baseField || autosaveStopped || autosaving || leaving || !window.fetch) return;
    var text = fieldsText();
    if (text === saved) return;
    autosaving = true;
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, 15000) : null;
    fetch(autosaveURL, {
      method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
      signal: controller ? controller.signal : undefined
    })
      .then(function (response) {
        return response.json().then(function (answer) { return { status: response.status, answer: answer }; });
      })
      .then(function (result) {
        if (result.status === 200) {
          baseField.value = String(result.answer.revision);
          saved = text;
          if (autosaveStatus) autosaveStatus.textContent = "Autosaved at " + result.answer.saved_at;
        } else {
          if (result.status === 409 || result.status === 403) autosaveStopped = true;
          if (autosaveStatus) autosaveStatus.textContent = result.answer.message || "Not autosaved.";
        }
      })
      .catch(function () {
        if (autosaveStatus) autosaveStatus.textContent = "Not autosaved: no connection. Your text is still here; save when you are back online.";
      })
      .then(function () { autosaving = false; if (timer) clearTimeout(timer); });
  }
  if (autosaveURL) setInterval(autosave, 30000);

  // The body's length and reading time as the person types (230 words a minute).
  var body = document.getElementById("body");
  var length = document.getElementById("body-length");
  function plainWords(text) {
    var plain = text
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/<[^>]*>/g, " ")
      .replace(/[*_`#>~|]/g, " ");
    var words = plain.split(/\s+/).filter(function (word) { return /[\p{L}\p{N}]/u.test(word); });
    return words.length;
  }
  function showLength() {
    if (!body || !length) return;
    var words = plainWords(body.value);
    var minutes = Math.max(1, Math.ceil(words / 230));
    length.textContent = words === 0 ? "No words yet"
      : (words === 1 ? "1 word" : words + " words") + " · about " + minutes + " minute" + (minutes === 1 ? "" : "s") + " to read";
  }
  if (body) body.addEventListener("input", showLength);

  // Presence: a heartbeat every 20 seconds says "I have this story open" and brings back who
  // else does; closing the page says goodbye.
  var presence = document.getElementById("presence");
  var token = form.querySelector("input[name=csrf_token]");
  if (!presence || !presence.dataset.presenceUrl || !token || !window.fetch) return;
  var url = presence.dataset.presenceUrl;
  function tokenBody() {
    var params = new URLSearchParams();
    params.set("csrf_token", token.value);
    return params;
  }
  function names(list) {
    if (list.length < 2) return list.join("");
    return list.slice(0, -1).join(", ") + " and " + list[list.length - 1];
  }
  function beat() {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, 10000) : null;
    fetch(url, { method: "POST", body: tokenBody(), credentials: "same-origin", signal: controller ? controller.signal : undefined })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer || !answer.others) return;
        var people = answer.others.map(function (other) { return other.name; });
        var text = people.length === 0 ? "" : names(people) + (people.length === 1 ? " also has this story open." : " also have this story open.");
        if (presence.textContent !== text) presence.textContent = text;
      })
      .catch(function () { /* offline for a moment: the next beat tries again */ })
      .then(function () { if (timer) clearTimeout(timer); });
  }
  setInterval(beat, 20000);
  window.addEventListener("pagehide", function () {
    // Saving reloads the editor, which says hello again: only a page really left says goodbye.
    if (!leaving && navigator.sendBeacon) navigator.sendBeacon(url + "/leave", tokenBody());
  });
})();
