// Progressive enhancement for the reader site. Every control works without this file: the
// font buttons are forms that set a cookie on the server. With it, text size changes at once,
// without a page load, and the same cookie is written here so the next page agrees.
(function () {
  "use strict";

  var SMALLEST = -2;
  var LARGEST = 4;
  var COOKIE = "dateline_font";
  var YEAR = 365 * 24 * 60 * 60;
  var root = document.documentElement;

  function className(step) {
    return step < 0 ? "font-step-minus-" + -step : "font-step-" + step;
  }

  function currentStep() {
    var step = parseInt(root.getAttribute("data-font-step"), 10);
    return isNaN(step) ? 0 : Math.min(LARGEST, Math.max(SMALLEST, step));
  }

  function updateButtons(step) {
    var forms = document.querySelectorAll("form.font-form");
    for (var i = 0; i < forms.length; i++) {
      var change = forms[i].querySelector("input[name='change']");
      var button = forms[i].querySelector("button");
      if (!change || !button) continue;
      button.disabled = change.value === "enlarge" ? step >= LARGEST : step <= SMALLEST;
    }
  }

  function announce(step) {
    var status = document.querySelector("[data-font-status]");
    if (status) status.textContent = "Text size " + (step - SMALLEST + 1) + " of " + (LARGEST - SMALLEST + 1);
  }

  function apply(step, focusForm) {
    var classes = root.className.split(/\s+/).filter(function (name) {
      return name && name.indexOf("font-step-") !== 0;
    });
    classes.push(className(step));
    root.className = classes.join(" ");
    root.setAttribute("data-font-step", String(step));
    var secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = COOKIE + "=" + step + "; Path=/; Max-Age=" + YEAR + "; SameSite=Lax" + secure;
    updateButtons(step);
    announce(step);
    // A button that just became disabled loses focus; keep keyboard users in the controls.
    if (focusForm) {
      var button = focusForm.querySelector("button");
      if (button && button.disabled) {
        var other = document.querySelector("form.font-form button:not([disabled])");
        if (other) other.focus();
      }
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.classList || !form.classList.contains("font-form")) return;
    var change = form.querySelector("input[name='change']");
    if (!change) return;
    event.preventDefault();
    var step = currentStep() + (change.value === "enlarge" ? 1 : -1);
    apply(Math.min(LARGEST, Math.max(SMALLEST, step)), form);
  });

  function enablePrintButtons() {
    var buttons = document.querySelectorAll("[data-print]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () {
        window.print();
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enablePrintButtons);
  } else {
    enablePrintButtons();
  }
})();

// Click-to-play video embeds (written by Embed.swift). Without this script a video is a link to
// it, drawn as a poster by site.css. With it, clicking the poster puts the provider's
// privacy-enhanced player in its place: nothing is requested from the video site before the
// reader asks for it, and no page ever carries an iframe in its HTML. The id is checked again
// here with the same pattern the server uses.
(function () {
  "use strict";

  var PLAYERS = {
    youtube: {
      pattern: /^[A-Za-z0-9_-]{11}$/,
      name: "YouTube",
      src: function (id) {
        return "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1";
      },
    },
    vimeo: {
      pattern: /^[0-9]{1,20}$/,
      name: "Vimeo",
      src: function (id) {
        return "https://player.vimeo.com/video/" + id + "?dnt=1&autoplay=1";
      },
    },
  };

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target && event.target.closest ? event.target.closest("figure.embed-video > a") : null;
    if (!link) return;
    var figure = link.parentNode;
    var player = PLAYERS[figure.getAttribute("data-embed")];
    var id = figure.getAttribute("data-video-id") || "";
    if (!player || !player.pattern.test(id)) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.setAttribute("title", player.name + " video player");
    frame.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-presentation allow-popups");
    frame.setAttribute("src", player.src(id));
    figure.replaceChild(frame, link);
    frame.focus();
  });

  // Search boxes suggest words the site uses as the reader types: a <datalist> filled from
  // /search/suggestions. Without this the boxes are plain search fields.
  var suggestTimer = null;
  var suggestAsked = "";
  function suggestionList() {
    var list = document.getElementById("search-suggestions");
    if (!list) {
      list = document.createElement("datalist");
      list.id = "search-suggestions";
      document.body.appendChild(list);
    }
    return list;
  }
  function suggest(input) {
    var text = input.value;
    if (text.replace(/\s+/g, "").length < 2 || text === suggestAsked) return;
    suggestAsked = text;
    fetch("/search/suggestions?q=" + encodeURIComponent(text), { credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer || answer.q !== input.value) return;
        var list = suggestionList();
        while (list.firstChild) list.removeChild(list.firstChild);
        answer.suggestions.forEach(function (words) {
          var option = document.createElement("option");
          option.value = words;
          list.appendChild(option);
        });
      })
      .catch(function () {});
  }
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input || input.type !== "search" || input.name !== "q") return;
    input.setAttribute("list", "search-suggestions");
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(function () { suggest(input); }, 150);
  });

  // Saved stories for reading offline: a service worker keeps each saved story's page. It is told
  // the number of saved stories on every page, and re-reads the list when that changes; the saved
  // page also says which stories this device can show without a connection.
  if ("serviceWorker" in navigator && window.caches) {
    var onSavedPage = location.pathname === "/saved";
    navigator.serviceWorker.register("/sw.js").then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var count = document.querySelector(".saved-count");
      var saved = count ? parseInt(count.textContent.replace(/\D/g, ""), 10) || 0 : 0;
      if (registration.active) {
        registration.active.postMessage({ type: "saved", count: saved, force: onSavedPage });
      }
    }).catch(function () {});
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type !== "saved-offline" || !onSavedPage) return;
      var links = document.querySelectorAll(".saved-list .summary-headline a");
      for (var i = 0; i < links.length; i++) {
        var item = links[i].closest("article");
        var path = new URL(links[i].href).pathname;
        if (!item || data.urls.indexOf(path) < 0) continue;
        // The words are on the page already, invisible and taking their space, so the list does
        // not move when they show.
        var mark = item.querySelector(".offline-mark");
        if (mark) mark.classList.add("is-offline");
      }
    });
  }
})();
