/*
 * raster-data.js: the seeds of the network raster (raster.js), decoded and loaded on demand.
 * Classic script. IzhGallery.rasterSeeds(data, el) holds the seeds of raster.js's el:
 * entry(seed), has(seed), spikes(seed) (the decoded {t, cell}) and load(seed, then). Only
 * data.seeds[0] carries its spikes (base64 of uint16 pairs); each other seed has an id, set in
 * IzhGallery.data by a classic script that the page links (<a data-seed="N" href="…"> in the
 * element named by el's data-seeds; gallery/site/sections/network.py): load injects it (a
 * script, not a fetch, so that it loads from file:// too) and calls then(ok) once it has run.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};

  function decode(text) {
    var bytes = root.atob(text), n = bytes.length >> 2;
    var t = new Uint16Array(n), cell = new Uint16Array(n);
    for (var k = 0; k < n; k++) {
      var o = 4 * k;
      t[k] = bytes.charCodeAt(o) | (bytes.charCodeAt(o + 1) << 8);
      cell[k] = bytes.charCodeAt(o + 2) | (bytes.charCodeAt(o + 3) << 8);
    }
    return {t: t, cell: cell};
  }

  var loading = {};  // script URL -> the callbacks waiting for it (one script at a time)
  function loadScript(src, entry, then) {
    var script;
    if (!src) { then(false); return; }
    if (loading[src]) { loading[src].push(then); return; }
    loading[src] = [then];
    script = document.head.appendChild(document.createElement("script"));
    script.onload = script.onerror = function () {
      var waiting = loading[src], ok = Boolean((G.data || {})[entry.id]);
      delete loading[src];
      waiting.forEach(function (fn) { fn(ok); });
    };
    script.src = src;
  }

  function rasterSeeds(data, el) {
    var decoded = {};
    function link(seed) {
      var list = document.getElementById(el.getAttribute("data-seeds") || "");
      return list && list.querySelector('a[data-seed="' + seed + '"]');
    }
    function entry(seed) { return data.seeds.filter(function (s) { return s.seed === seed; })[0]; }
    function text(seed) {
      var e = entry(seed);
      return e && (e.spikes || (G.data || {})[e.id]);
    }
    return {
      entry: entry,
      has: function (seed) { return Boolean(text(seed)); },
      spikes: function (seed) { return decoded[seed] || (decoded[seed] = decode(text(seed))); },
      load: function (seed, then) {
        var a = link(seed);
        loadScript(a && a.href, entry(seed), then);
      }
    };
  }
  G.rasterSeeds = rasterSeeds;
})(window);
