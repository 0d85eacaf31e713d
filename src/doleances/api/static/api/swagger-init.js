/* Starts Swagger UI on the API docs page. A static file, not an inline script, so the page runs
   under the Content-Security-Policy. The schema address comes from the page itself. */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");

  /* Swagger UI's markup puts a link inside each operation's toggle button (two controls in one;
     the button's own deep link does the same job), jumps from its <h1> to <h3> and <h4> for the
     sections, and leaves its title outside any landmark. */
  function asSectionHeading(heading) {
    heading.setAttribute("role", "heading");
    heading.setAttribute("aria-level", "2");
  }

  function repairAccessibility() {
    Array.prototype.forEach.call(root.querySelectorAll(".opblock-summary-control a[href]"), function (link) {
      link.removeAttribute("href");
    });
    Array.prototype.forEach.call(root.querySelectorAll("h3.opblock-tag, section.models > h4"), asSectionHeading);
    var title = root.querySelector(".information-container");
    if (title) {
      title.setAttribute("role", "banner");
    }
  }

  new MutationObserver(repairAccessibility).observe(root, { childList: true, subtree: true });
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-schema-url"),
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    // The online validator would send our schema to a third party and load its badge from there.
    validatorUrl: null,
  });
})();
