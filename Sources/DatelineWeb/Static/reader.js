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
