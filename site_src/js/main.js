/*
 * main.js: find the page's widgets and mount each once. Runs on Material's document$ (every
 * instant navigation) or on DOMContentLoaded, and re-mounts on a palette change so the
 * colours follow light and dark mode, keeping each widget's state.
 *
 *   <div data-widget="preset" data-payload="ID" data-static="ID2">   one preset (preset pages)
 *   <div data-widget="explorer" data-payloads="ID">                  the explorer (explorer.js)
 *   <div data-widget="compare" data-payloads="ID">                   two settings (compare.js)
 *   <div data-widget="raster" data-payload="ID" data-static="ID2">   the network raster (raster.js)
 *   <div data-widget="atlas" data-payload="ID" data-static="ID2">    one atlas plane (atlas.js)
 *   <div data-widget="cell" data-payload="ID" data-static="ID2">     a live cell (cell.js)
 *
 * ID names the element that holds the data: <div class="ig-data" id="ID" hidden data-json="…">,
 * or, for a large payload, data-external="ig-data.js" (its text is then IzhGallery.data[ID]).
 * Each kind's scripts come in the bundles the page declares (gallery/site/bundles.py), as
 * <div hidden data-ig-script="URL"> in its content: page-scripts.js loads them once the page has
 * loaded, and no widget mounts while one is on its way; a mount whose module is absent (its
 * script failed) leaves the static figure.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var live = [];

  // The data sit in the data-json attribute of <div class="ig-data" hidden id="ID">, never in
  // a <script type="application/json">: Material's instant navigation re-creates each inline
  // script of a page it swaps in with its text only (no type, no id), which ran the JSON as
  // JavaScript ("Unexpected token ':'") and left the widget without its data. A large payload
  // is kept out of the HTML (data-external: the page's ig-data.js, a deferred script that has
  // run by now, put its text in IzhGallery.data[ID]; gallery/pipeline/page_data.py).
  function readJson(id) {
    var source = document.getElementById(id || "");
    if (!source) { return null; }
    var text = source.hasAttribute("data-external") ? (G.data || {})[id] :
      source.getAttribute("data-json");
    return text ? JSON.parse(text) : null;
  }

  // Each mount returns {remount(), state()}: remount redraws in the palette's colours keeping
  // the state; state() is what a re-mount of the same page starts from (see mountAll).
  // done() marks the widget mounted: at once, unless the mount returns deferred: true and calls
  // it itself (the preset widget builds in short tasks behind its static figure, visible since
  // the first paint, widgets.css, and calls it when drawn, swapping the two in one frame).
  function mountPreset(el, saved, done) {
    var payload = readJson(el.getAttribute("data-payload"));
    if (!payload || !G.presetWidget) { return null; }
    var still = document.getElementById(el.getAttribute("data-static") || "");
    function swap() {
      if (still) { still.classList.add("ig-replaced"); }  // static figures stay for print
      done();
    }
    var widget = G.presetWidget.mount(el, payload, {state: saved, slices: G.mountQueue.slices,
                                                    onReady: swap});
    return {
      remount: function () {
        widget = G.presetWidget.mount(el, payload, {state: widget.state(), onReady: swap});
      },
      state: function () { return widget.state(); },
      deferred: true  // calls done() itself, once drawn
    };
  }

  function mountExplorer(el) {
    var payloads = readJson(el.getAttribute("data-payloads"));
    if (!payloads || !G.explorer) { return null; }
    var explorer = G.explorer.mount(el, payloads);
    return {remount: function () { explorer.remount(); }, state: function () { return null; }};
  }

  function mountCompare(el, saved) {
    var payloads = readJson(el.getAttribute("data-payloads"));
    if (!payloads || !G.compare) { return null; }
    var widget = G.compare.mount(el, payloads, saved ? {state: saved} : undefined);
    return {
      remount: function () { widget = widget.remount(); },
      state: function () { return widget.state(); }
    };
  }

  function mountRaster(el, saved) {
    var data = readJson(el.getAttribute("data-payload"));
    if (!data || !G.raster || !G.spectrumPlot) { return null; }  // the static figure stays
    var still = document.getElementById(el.getAttribute("data-static") || "");
    if (still) { still.classList.add("ig-replaced"); }
    var widget = G.raster.mount(el, data, saved ? {state: saved} : undefined);
    return {
      remount: function () { widget = widget.remount(); },
      state: function () { return widget.state(); }
    };
  }

  function mountCell(el, saved) {
    var payload = readJson(el.getAttribute("data-payload"));
    var view = payload && payload.cell && payload.cell.view;
    if (!G.cell || !(G.cellViews && G.cellViews[view])) { return null; }  // the static figure stays
    var still = document.getElementById(el.getAttribute("data-static") || "");
    if (still) { still.classList.add("ig-replaced"); }
    var widget = G.cell.mount(el, payload, saved ? {state: saved} : undefined);
    return {
      remount: function () { widget = G.cell.mount(el, payload, {state: widget.state()}); },
      state: function () { return widget.state(); }
    };
  }

  function mountAtlas(el, saved) {
    var data = readJson(el.getAttribute("data-payload"));
    if (!data || !G.atlas) { return null; }  // the static figure stays
    var still = document.getElementById(el.getAttribute("data-static") || "");
    if (still) { still.classList.add("ig-replaced"); }
    var widget = G.atlas.mount(el, data, saved ? {state: saved} : undefined);
    return {
      remount: function () { widget = widget.remount(); },
      state: function () { return widget.state(); }
    };
  }

  function widgetKey(el) {
    return [location.pathname, el.getAttribute("data-widget"),
            el.getAttribute("data-payload") || el.getAttribute("data-payloads") || ""].join(" ");
  }

  function mountAll() {
    // Material may swap in a fresh copy of the page being read (it fetches the page again on
    // the first same-page link, a heading's permalink or a footnote): the new widget then
    // starts from the state the reader had left in the old one, which is no longer in the page.
    G.pageScripts.load(mountAll);
    if (G.pageScripts.pending()) { return; }  // each calls mountAll when it has come
    var saved = {};
    live = live.filter(function (w) {
      if (document.body.contains(w.el)) { return true; }
      var state = w.state();
      if (state) { saved[w.key] = state; }
      return false;
    });
    document.querySelectorAll("[data-widget]").forEach(function (el) {
      if (el.getAttribute("data-mounted") === "1" || el.hasAttribute("data-queued")) { return; }
      el.setAttribute("data-queued", "1");
      var still = document.getElementById(el.getAttribute("data-static") || "");
      var kind = el.getAttribute("data-widget"), key = widgetKey(el), state = saved[key];
      var mounts = {preset: mountPreset, explorer: mountExplorer, compare: mountCompare,
                    raster: mountRaster, cell: mountCell, atlas: mountAtlas};
      // after the first paint, near the screen first (mount-queue.js); the static figure
      // stays out of the layout (its images unfetched) unless the widget cannot mount
      G.mountQueue.add(el, function () {
        var ready = false;
        function done() {
          if (ready) { return; }
          ready = true;
          if (still) { still.classList.remove("ig-pending"); }  // replaced if it mounted
          el.setAttribute("data-mounted", "1");
        }
        var widget = mounts[kind] ? mounts[kind](el, state, done) : null;
        if (widget) {
          if (!widget.deferred) { done(); }
          live.push({el: el, key: key, remount: widget.remount, state: widget.state});
        } else {
          if (still) { still.classList.remove("ig-pending"); }  // the static figure stays
          el.removeAttribute("data-queued");
        }
      });
    });
  }

  // A table (in Material's scroll box) or a display equation wider than the page scrolls
  // sideways: the keyboard must reach it too, as a named stop.
  function focusableScrollers() {
    var boxes = ".md-typeset__scrollwrap:not([tabindex]), div.arithmatex:not([tabindex])";
    document.querySelectorAll(boxes).forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth + 1) { return; }
      var what = box.classList.contains("arithmatex") ? "Equation" : "Table";
      box.setAttribute("tabindex", "0"); box.setAttribute("role", "region");
      box.setAttribute("aria-label", what + ", scrolls sideways");
    });
  }

  G.mountAll = mountAll;
  if (root.document$ && root.document$.subscribe) {
    root.document$.subscribe(function () { root.setTimeout(focusableScrollers, 0); });
  } else {
    root.addEventListener("load", focusableScrollers);
  }
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
