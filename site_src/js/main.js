/*
 * main.js: find the page's widgets and mount each once. Runs on Material's document$ (every
 * instant navigation) or on DOMContentLoaded, and re-mounts on a palette change so the
 * colours follow light and dark mode, keeping each widget's state.
 *
 *   <div data-widget="preset" data-payload="ID" data-static="ID2">   one preset (preset pages)
 *   <div data-widget="explorer" data-payloads="ID">                  the explorer (explorer.js)
 *   <div data-widget="compare" data-payloads="ID">                   two settings (compare.js)
 *   <div data-widget="raster" data-payload="ID" data-static="ID2">   the network raster (raster.js)
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var live = [];

  function readJson(id) {
    var source = document.getElementById(id || "");
    return source ? JSON.parse(source.textContent) : null;
  }

  function mountPreset(el) {
    var payload = readJson(el.getAttribute("data-payload"));
    if (!payload || !G.presetWidget) { return null; }
    var still = document.getElementById(el.getAttribute("data-static") || "");
    if (still) { still.classList.add("ig-replaced"); }  // static figures stay for print
    var widget = G.presetWidget.mount(el, payload);
    return function () { widget = G.presetWidget.mount(el, payload, {state: widget.state()}); };
  }

  function mountExplorer(el) {
    var payloads = readJson(el.getAttribute("data-payloads"));
    if (!payloads || !G.explorer) { return null; }
    var explorer = G.explorer.mount(el, payloads);
    return function () { explorer.remount(); };
  }

  function mountCompare(el) {
    var payloads = readJson(el.getAttribute("data-payloads"));
    if (!payloads || !G.compare) { return null; }
    var widget = G.compare.mount(el, payloads);
    return function () { widget = widget.remount(); };
  }

  function mountRaster(el) {
    var data = readJson(el.getAttribute("data-payload"));
    if (!data || !G.raster || !G.spectrumPlot) { return null; }  // the static figure stays
    var still = document.getElementById(el.getAttribute("data-static") || "");
    if (still) { still.classList.add("ig-replaced"); }
    var widget = G.raster.mount(el, data);
    return function () { widget = widget.remount(); };
  }

  function mountAll() {
    live = live.filter(function (w) { return document.body.contains(w.el); });
    if (!root.uPlot || !G.widgets) { return; }
    document.querySelectorAll("[data-widget]").forEach(function (el) {
      if (el.getAttribute("data-mounted") === "1") { return; }
      var kind = el.getAttribute("data-widget");
      var mounts = {preset: mountPreset, explorer: mountExplorer, compare: mountCompare,
                    raster: mountRaster};
      var remount = mounts[kind] ? mounts[kind](el) : null;
      if (remount) {
        el.setAttribute("data-mounted", "1");
        live.push({el: el, remount: remount});
      }
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
    if (changes.some(function (c) { return c.attributeName === "data-md-color-scheme"; })) {
      live.forEach(function (w) { w.remount(); });
    }
  }).observe(document.body, {attributes: true});
})(window);
