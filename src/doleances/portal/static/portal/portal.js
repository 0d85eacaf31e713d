/* Public pages: focus the error summary, count characters, send a form only once.
   Everything works without this file; it only makes the pages kinder. */
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) {
      summary.focus();
    }
  }

  function formatNumber(value) {
    var lang = document.documentElement.lang || "fr";
    try {
      return new Intl.NumberFormat(lang).format(value);
    } catch (e) {
      return String(value);
    }
  }

  function setUpCounters() {
    var counters = document.querySelectorAll("[data-counter-for]");
    Array.prototype.forEach.call(counters, function (counter) {
      var field = document.getElementById(counter.getAttribute("data-counter-for"));
      var max = field && parseInt(field.getAttribute("data-max-length"), 10);
      if (!field || !max) {
        return;
      }
      var template = { count: counter.getAttribute("data-count-text"), over: counter.getAttribute("data-over-text") };
      function update() {
        var length = field.value.length;
        var over = length > max;
        var text = over ? template.over : template.count;
        counter.textContent = text
          .replace("{n}", formatNumber(length))
          .replace("{max}", formatNumber(max))
          .replace("{extra}", formatNumber(length - max));
        counter.classList.toggle("counter-over", over);
        // Announce only when it matters, not on every key stroke.
        counter.setAttribute("aria-live", over ? "polite" : "off");
      }
      counter.hidden = false;
      field.addEventListener("input", update);
      update();
    });
  }

  function setUpSubmitOnce() {
    var forms = document.querySelectorAll("form[data-submit-once]");
    Array.prototype.forEach.call(forms, function (form) {
      form.addEventListener("submit", function (event) {
        if (form.getAttribute("data-sending") === "1") {
          event.preventDefault();
          return;
        }
        form.setAttribute("data-sending", "1");
        var button = form.querySelector("button[type=submit]");
        if (button) {
          button.setAttribute("data-idle-label", button.textContent);
          button.textContent = button.getAttribute("data-sending-label") || button.textContent;
          button.disabled = true;
          button.setAttribute("aria-disabled", "true");
        }
      });
    });
    // Coming back with the browser's Back button: the form is usable again.
    window.addEventListener("pageshow", function () {
      Array.prototype.forEach.call(forms, function (form) {
        form.removeAttribute("data-sending");
        var button = form.querySelector("button[type=submit]");
        if (button && button.hasAttribute("data-idle-label")) {
          button.textContent = button.getAttribute("data-idle-label");
          button.disabled = false;
          button.removeAttribute("aria-disabled");
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    setUpCounters();
    setUpSubmitOnce();
  });
})();
