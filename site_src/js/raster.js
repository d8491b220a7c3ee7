/*
 * raster.js: IzhGallery.raster.mount(el, data) draws the precomputed 2003-network rasters with
 * a seed selector, drag-to-zoom on time, a hover readout (time, cell, population), the
 * population rate beneath and the rate's power spectrum below that. Classic script; needs
 * widgets.js, spectrum-plot.js and raster-data.js (rasterSeeds). main.js mounts
 * <div data-widget="raster" data-payload="ID" data-static="ID2">.
 *
 * data: {n_exc, n_inh, duration_ms, bands_hz: {name: [lo, hi]}, seeds: [{seed, spikes,
 * spectrum}]} where spikes is base64 of little-endian uint16 pairs (t [ms], cell index), sorted
 * by time, and spectrum is what spectrum-plot.js draws; only the first seed has its spikes, the
 * others are loaded when picked (rasterSeeds). The first drawing is made in short tasks, the
 * canvas hidden until whole; a redraw at once. Sets data-seed, data-spikes, data-peak-hz and
 * data-slices (the last drawing's tasks) on el, for tests. Returns {state(), remount()}.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var W = G.widgets;

  var SLICE_MS = 8;  // per task of the first drawing (Lighthouse's phone is 4x slower)

  function mount(el, data, options) {
    var o = options || {};
    var state = {seed: o.state ? o.state.seed : data.seeds[0].seed, from: 0, to: data.duration_ms};
    if (o.state) { state.from = o.state.from; state.to = o.state.to; }
    var n = data.n_exc + data.n_inh, c = W.colours();
    var exc = c.v, inh = c.u;  // as gallery/render/network.py draws them
    var seeds = G.rasterSeeds(data, el);
    if (!seeds.has(state.seed)) { state.seed = data.seeds[0].seed; }
    // read before the widget's content changes: no layout forced in the mount's task
    var firstWidth = el.clientWidth;
    el.textContent = "";
    el.classList.add("ig-live", "ig-raster");

    function add(parent, children) {
      children.forEach(function (child) { parent.appendChild(child); });
      return parent;
    }
    var pickId = W.uid("ig-seed"), pick = add(W.el("select", {id: pickId}), data.seeds.map(
      function (s) { return W.el("option", {value: String(s.seed)}, String(s.seed)); }));
    pick.value = String(state.seed);
    var reset = W.el("button", {type: "button", "class": "ig-button"}, "Whole second");
    var readout = W.el("span", {"class": "ig-raster-readout", "aria-live": "polite"},
                       "drag across the raster to zoom in time");
    var canvas = W.el("canvas", {"class": "ig-raster-canvas", role: "img",
      "aria-label": "Spike raster of the 2003 network: time against cell index"});
    var stats = W.el("p", {"class": "ig-raster-stats"});
    add(el, [add(W.el("div", {"class": "ig-buttons ig-raster-bar"}),
                 [W.el("label", {"for": pickId}, "seed"), pick, reset, readout]), canvas, stats]);

    // raster, rate (gap between), time axis (margin.bottom), then the spectrum and its axis
    var margin = {left: 48, right: 18, top: 8, bottom: 34}, rateHeight = 70, gap = 14;
    var spectrumGap = 12, spectrumHeight = 90, spectrumAxis = 34;
    function size(known) {
      var width = Math.max(320, known || el.clientWidth || 700), height = 560;
      var ratio = root.devicePixelRatio || 1;
      canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio);
      canvas.style.width = width + "px"; canvas.style.height = height + "px";
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      return {ctx: ctx, width: width, height: height};
    }

    var geometry = null, slicing = null;
    function stopSlices() {
      root.clearTimeout(slicing); slicing = null; canvas.style.visibility = "";
    }
    // sliced: the first drawing, in tasks of about SLICE_MS (the same calls in the same order)
    function draw(sliced, width) {
      stopSlices();
      var s = seeds.spikes(state.seed), view = size(width), ctx = view.ctx;
      var plotW = view.width - margin.left - margin.right;
      var rasterH = view.height - margin.top - margin.bottom - rateHeight - gap -
        spectrumGap - spectrumHeight - spectrumAxis;
      var axisY = margin.top + rasterH + gap + rateHeight;
      var spectrumBox = {left: margin.left, top: axisY + margin.bottom + spectrumGap,
                         width: plotW, height: spectrumHeight};
      var x = function (t) {
        return margin.left + (t - state.from) / (state.to - state.from) * plotW;
      };
      var y = function (cell) { return margin.top + rasterH - (cell + 0.5) / n * rasterH; };
      geometry = {plotW: plotW, rasterH: rasterH, x: x, spectrum: spectrumBox};
      var dot = Math.max(1.2, Math.min(3, plotW / (state.to - state.from) * 0.8));
      var count = 0, counts = new Float64Array(Math.max(1, Math.ceil(state.to - state.from)));
      for (var k = 0; k < s.t.length; k++) {
        if (s.t[k] < state.from || s.t[k] > state.to) { continue; }
        count += 1;
        counts[Math.min(counts.length - 1, Math.floor(s.t[k] - state.from))] += 1;
      }
      var spectrum = seeds.entry(state.seed).spectrum;
      el.setAttribute("data-seed", String(state.seed));
      el.setAttribute("data-peak-hz", String(spectrum.peak_hz));
      el.setAttribute("data-spikes", String(count));
      var seconds = (state.to - state.from) / 1000;
      stats.textContent = "Seed " + state.seed + ", " + W.fmt(state.from, 4) + "–" +
        W.fmt(state.to, 4) + " ms: " + count + " spikes, " + W.fmt(count / n / seconds, 3) +
        " Hz per cell on average.";
      ctx.fillStyle = c.bg; ctx.fillRect(0, 0, view.width, view.height);
      ctx.strokeStyle = c.grid; ctx.lineWidth = 1;
      ctx.strokeRect(margin.left, margin.top, plotW, rasterH);
      var next = 0, colour = null, slices = 0;
      function dots(end) {  // the spikes next..end-1 in the view; fillStyle set on a change only
        for (; next < end; next++) {
          var t = s.t[next];
          if (t < state.from || t > state.to) { continue; }
          var want = s.cell[next] < data.n_exc ? exc : inh;
          if (want !== colour) { ctx.fillStyle = colour = want; }
          ctx.fillRect(x(t) - dot / 2, y(s.cell[next]) - 0.75, dot, 1.5);
        }
      }
      function slice() {
        var start = root.performance.now(); slices += 1;
        while (next < s.t.length && root.performance.now() - start < SLICE_MS) {
          dots(Math.min(s.t.length, next + 256));
        }
        if (next < s.t.length) { slicing = root.setTimeout(slice, 0); } else { finish(); }
      }
      if (!sliced) { dots(s.t.length); finish(); return; }
      canvas.style.visibility = "hidden";
      slicing = root.setTimeout(slice, 0);

      function finish() {
        stopSlices(); el.setAttribute("data-slices", String(slices));
        var top = margin.top + rasterH + gap;  // the population rate, 1 ms bins
        G.spectrumPlot.rate(ctx, {left: margin.left, top: top, width: plotW, height: rateHeight},
          counts, n, function (m) { return x(state.from + m + 0.5); }, c);
        // axes
        ctx.fillStyle = c.muted; ctx.font = "11px system-ui, sans-serif"; ctx.textAlign = "center";
        W.niceTicks(state.from, state.to, 6).forEach(function (tick) {
          ctx.fillText(String(tick), x(tick), axisY + 14);
        });
        ctx.fillText("time (ms)", margin.left + plotW / 2, axisY + 28);
        ctx.textAlign = "right";
        [0, data.n_exc, n].forEach(function (cell) {
          ctx.fillText(String(cell), margin.left - 6, y(cell) + 4);
        });
        ctx.save(); ctx.translate(12, margin.top + rasterH / 2); ctx.rotate(-Math.PI / 2);
        ctx.textAlign = "center";
        ctx.fillText("cell (exc. below " + data.n_exc + ")", 0, 0); ctx.restore();
        G.spectrumPlot.draw(ctx, spectrumBox, spectrum, data.bands_hz, c);
      }
    }

    function timeAt(event) {
      var box = canvas.getBoundingClientRect(), px = event.clientX - box.left;
      var f = (px - margin.left) / geometry.plotW;
      return W.clamp(state.from + f * (state.to - state.from), state.from, state.to);
    }
    var dragFrom = null;
    function inSpectrum(e) {
      return e.clientY - canvas.getBoundingClientRect().top >= geometry.spectrum.top;
    }
    canvas.addEventListener("mousedown", function (e) {
      dragFrom = inSpectrum(e) ? null : timeAt(e);
    });
    canvas.addEventListener("mouseup", function (e) {
      if (dragFrom === null) { return; }
      var a = Math.min(dragFrom, timeAt(e)), b = Math.max(dragFrom, timeAt(e));
      dragFrom = null;
      if (b - a >= 5) { state.from = Math.floor(a); state.to = Math.ceil(b); draw(); }
    });
    canvas.addEventListener("mousemove", function (e) {
      if (!geometry) { return; }
      var box = canvas.getBoundingClientRect(), py = e.clientY - box.top;
      if (inSpectrum(e)) {
        var bin = G.spectrumPlot.at(geometry.spectrum, seeds.entry(state.seed).spectrum,
                                    e.clientX - box.left);
        readout.textContent = bin
          ? "f = " + W.fmt(bin.hz, 3) + " Hz, power " + W.fmt(bin.power, 3) + " Hz² s" : "";
        return;
      }
      var cell = Math.floor((margin.top + geometry.rasterH - py) / geometry.rasterH * n);
      var t = timeAt(e);
      readout.textContent = "t = " + W.fmt(t, 4) + " ms" + (cell >= 0 && cell < n
        ? ", cell " + cell + " (" + (cell < data.n_exc ? "excitatory" : "inhibitory") + ")" : "");
    });
    var wanted = state.seed;
    pick.addEventListener("change", function () {
      var seed = wanted = Number(pick.value);
      if (seeds.has(seed)) { state.seed = seed; draw(); return; }
      stats.textContent = "Loading seed " + seed + "…";
      seeds.load(seed, function (ok) {
        if (wanted !== seed) { return; }  // the reader has picked another since
        if (ok) { state.seed = seed; draw(); return; }
        pick.value = String(wanted = state.seed);
        stats.textContent = "Seed " + seed + " could not be loaded.";
      });
    });
    reset.addEventListener("click", function () {
      state.from = 0; state.to = data.duration_ms; draw();
    });
    draw(!o.state, firstWidth);  // a remount (the palette) redraws at once
    return {
      state: function () { return {seed: state.seed, from: state.from, to: state.to}; },
      remount: function () { stopSlices(); return mount(el, data, {state: state}); }
    };
  }

  G.raster = {mount: mount};
})(window);
