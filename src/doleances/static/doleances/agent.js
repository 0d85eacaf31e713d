/* Staff UI: after an htmx swap, move keyboard focus to the notice or error it brought, so
   keyboard and screen-reader users know what happened. Everything works without this file. */
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  var root = target && target.isConnected ? target : document;
  var focusable = root.querySelector("[data-focus-on-swap]") || document.querySelector("#case [data-focus-on-swap]");
  if (focusable) {
    focusable.focus({ preventScroll: false });
  }
});
