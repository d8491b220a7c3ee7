/*
 * embed.js: boots a chrome-less embed page (embed/<slug>.html or embed/explorer.html).
 * The page holds <main class="ig-embed" data-embed="preset|explorer"> with one widget element
 * (data-payload / data-payloads naming an inline JSON block, as on the site).
 *
 * Query: the widget's own keys (a, b, c, d, amp, dt, scheme, view; preset and compare on the
 * explorer) plus theme=light|dark|auto. Anything else, or a bad value, is ignored or clamped
 * and listed in a visible note (text only).
 *
 * Height: whenever the content's height changes, the page posts to its parent
 *   {type: "izh-gallery:height", height: <CSS px, integer>, id: <slug or "explorer">}
 * and js/host.js on the host page resizes the matching iframe.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var THEMES = {light: "default", dark: "slate"};

  function theme(params, notes) {
    var wanted = params.has("theme") ? params.get("theme") : "auto";
    if (wanted !== "auto" && !THEMES[wanted]) {
      notes.push("Ignored theme: use light, dark or auto."); wanted = "auto";
    }
    var media = root.matchMedia ? root.matchMedia("(prefers-color-scheme: dark)") : null;
    var apply = function () {
      var dark = wanted === "auto" ? Boolean(media && media.matches) : wanted === "dark";
      document.body.setAttribute("data-md-color-scheme", dark ? THEMES.dark : THEMES.light);
    };
    apply();
    if (wanted === "auto" && media && media.addEventListener) {
      media.addEventListener("change", apply);
    }
  }

  function postHeight(main, id) {
    if (root.parent === root) { return; }
    var last = -1;
    var send = function () {
      var height = Math.ceil(main.getBoundingClientRect().height);
      if (height === last) { return; }
      last = height;
      root.parent.postMessage({type: "izh-gallery:height", height: height, id: id}, "*");
    };
    if (root.ResizeObserver) { new root.ResizeObserver(send).observe(main); }
    root.addEventListener("load", send);
    send();
  }

  /* The offline course pack has page files, not folder URLs: point the full-page link there. */
  function pageFileLinks(main) {
    if (root.location.protocol !== "file:") { return; }
    main.querySelectorAll('a[href$="/"]').forEach(function (a) {
      a.setAttribute("href", a.getAttribute("href").replace(/\/$/, ".html"));
    });
  }

  function boot() {
    var main = document.querySelector("main.ig-embed");
    var el = main && main.querySelector("[data-widget]");
    if (!el || el.getAttribute("data-mounted") === "1") { return; }
    var params = new URLSearchParams(root.location.search), notes = [];
    theme(params, notes);
    pageFileLinks(main);
    var dataId = el.getAttribute("data-payload") || el.getAttribute("data-payloads") || "";
    var data = JSON.parse(document.getElementById(dataId).getAttribute("data-json"));
    var id = "explorer";
    var options = {search: root.location.search, extraKeys: ["theme"], notes: notes,
                   snippet: false};
    el.setAttribute("data-mounted", "1");
    var widget;
    if (main.getAttribute("data-embed") === "explorer") {
      widget = G.explorer.mount(el, data, options);
    } else {
      id = data.preset.slug;
      if (params.has("preset") && params.get("preset") !== id) {
        var shown = "Ignored preset: this page shows " + data.preset.label + ".";
        options.notes = notes.concat([shown]);
      }
      options.extraKeys = ["theme", "preset"];
      widget = G.presetWidget.mount(el, data, options);
    }
    new MutationObserver(function () {  // theme switched (auto mode): redraw in the new colours
      if (widget.remount) { widget.remount(); return; }
      widget = G.presetWidget.mount(el, data, {state: widget.state(), snippet: false});
    }).observe(document.body, {attributes: true, attributeFilter: ["data-md-color-scheme"]});
    postHeight(main, id);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})(window);
