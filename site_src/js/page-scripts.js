/*
 * page-scripts.js: IzhGallery.pageScripts.load(then) loads the scripts a page declares as
 * <div hidden data-ig-script="URL"> (its widget bundles and its ig-data.js) once the window
 * has loaded, calling then() as each arrives; pending() is true while one is on its way.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};

  // A page's widget scripts (the bundles and its ig-data.js) are fetched after the window's
  // load event, when the text, the styles and the first figures are in: on a phone's
  // connection their 100 KB and more would otherwise arrive before the first paint they do
  // not draw (issue 19). Pages swapped in by instant navigation come later still, so theirs
  // load at once. Declared, not <script> elements: Material re-creates a swapped page's
  // scripts itself. They run in the order declared (async = false), each once per document.
  var scripts = {};  // URL -> "loading" | "done"

  function declaredScripts() {
    return Array.prototype.map.call(document.querySelectorAll("[data-ig-script]"), function (el) {
      return new URL(el.getAttribute("data-ig-script"), location.href).href;
    });
  }

  function scriptsPending() {
    return declaredScripts().some(function (src) { return scripts[src] !== "done"; });
  }

  function loadScripts(then) {
    declaredScripts().forEach(function (src) {
      if (scripts[src]) { return; }
      scripts[src] = "loading";
      var script = document.createElement("script");
      script.src = src;
      script.async = false;
      script.onload = script.onerror = function () { scripts[src] = "done"; then(); };
      document.head.appendChild(script);
    });
  }

  function whenLoaded(fn) {
    if (document.readyState === "complete") { fn(); }
    else { root.addEventListener("load", fn, {once: true}); }
  }

  G.pageScripts = {
    load: function (then) { whenLoaded(function () { loadScripts(then); }); },
    pending: scriptsPending
  };
})(window);
