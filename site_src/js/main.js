/*
 * main.js: find the page's widgets and mount each once. Runs on Material's document$ (every
 * instant navigation) or on DOMContentLoaded, and re-mounts on a palette change so the
 * colours follow light and dark mode, keeping each widget's state.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var live = [];

  function mountAll() {
    live = live.filter(function (w) { return document.body.contains(w.el); });
    document.querySelectorAll('[data-widget="preset"]').forEach(function (el) {
      if (el.getAttribute("data-mounted") === "1") { return; }
      var source = document.getElementById(el.getAttribute("data-payload") || "");
      if (!source || !root.uPlot || !G.presetWidget) { return; }
      var payload = JSON.parse(source.textContent);
      el.setAttribute("data-mounted", "1");
      var still = document.getElementById(el.getAttribute("data-static") || "");
      if (still) { still.classList.add("ig-replaced"); }  // static figures stay for print
      live.push({el: el, payload: payload, widget: G.presetWidget.mount(el, payload)});
    });
  }

  function remountAll() {
    live.forEach(function (w) {
      var state = w.widget.state();
      w.widget = G.presetWidget.mount(w.el, w.payload, {state: state});
    });
  }

  G.mountAll = mountAll;
  // Both: document$ re-runs on instant navigation, but never fires under file:// (Material
  // 9.8 with navigation.instant), where the DOM event does the work. mountAll is idempotent.
  if (root.document$ && root.document$.subscribe) {
    root.document$.subscribe(mountAll);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
  new MutationObserver(function (changes) {
    if (changes.some(function (c) { return c.attributeName === "data-md-color-scheme"; })) { remountAll(); }
  }).observe(document.body, {attributes: true});
})(window);
