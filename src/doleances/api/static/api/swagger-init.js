/* Starts Swagger UI on the API docs page. A static file, not an inline script, so the page runs
   under the Content-Security-Policy. The schema address comes from the page itself. */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");

  /* Swagger UI's markup puts a link inside each operation's toggle button (two controls in one;
     the button's own deep link does the same job), skips heading levels, leaves its title outside
     any landmark, gives every responses table the same unnamed region, and leaves the fields of
     the parameters without a name. */
  function each(selector, repair) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), repair);
  }

  function headingLevel(level) {
    return function (heading) {
      heading.setAttribute("role", "heading");
      heading.setAttribute("aria-level", level);
    };
  }

  function repairAccessibility() {
    each(".opblock-summary-control a[href]", function (link) {
      link.removeAttribute("href");
    });
    each("h3.opblock-tag, section.models > h4", headingLevel("2"));
    each(".opblock-section-header h4", headingLevel("3"));
    each(".information-container:not([role])", function (title) {
      title.setAttribute("role", "banner");
    });
    each("table.responses-table[role=region]", function (table) {
      table.removeAttribute("role");
    });
    each("tr[data-param-name] select:not([aria-label]), tr[data-param-name] input:not([aria-label])", function (field) {
      field.setAttribute("aria-label", field.closest("tr").getAttribute("data-param-name"));
    });
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
