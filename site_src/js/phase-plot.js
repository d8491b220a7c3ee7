/*
 * phase-plot.js: the canvas v-u phase plane of the preset widget (IzhGallery.widgets.phasePlot)
 * Classic script; needs widgets.js (loaded before it) for the closed-form nullclines and fixed
 * points, ticks, number formatting and elements, and phase-draw.js for the strokes.
 */
(function (root) {
  "use strict";
  var W = root.IzhGallery.widgets, D = W.phaseDraw;
  var el = W.el, fmt = W.fmt, niceTicks = W.niceTicks, forms = W.forms,
    fixedPoints = W.fixedPoints;

  var KEYS = [
    ["ig-key-unull", "u-nullcline"],
    ["ig-key-traj", "trajectory, early \u2192 late"],
    ["ig-key-reset", "reset jump (v_peak, u) \u2192 (c, u + d)"],
    ["ig-key-lines", "v_peak and c"],
    ["ig-key-fp", "fixed points: filled stable, hollow unstable"],
    ["ig-key-marker", "hovered instant"]
  ];

  function addKey(legend, name, part) {
    var item = el("span", {"class": "ig-key " + name});
    item.appendChild(el("span", {"class": "ig-swatch", "aria-hidden": "true"}));
    item.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    legend.appendChild(item);
  }

  /* phasePlot(canvas, legend): set(preset, state, run, colours) draws the parts that do not
     depend on the hovered time into two cached layers (axes; trajectory and resets);
     paint(idx) composes them with what does: flow field, nullclines and fixed points for the
     current I(t_idx), and the marker. nearest(x, y) is the run index closest to a pixel. */
  function phasePlot(canvas, legend) {
    var axesLayer = document.createElement("canvas"), trajLayer = document.createElement("canvas");
    var view = null, legendCurrent = el("span", {}), legendPoints = el("span", {});
    addKey(legend, "ig-key-vnull", legendCurrent);
    KEYS.forEach(function (spec) { addKey(legend, spec[0], spec[1]); });
    legend.appendChild(legendPoints);

    function setup(layer, w, h, ratio) {
      layer.width = Math.round(w * ratio); layer.height = Math.round(h * ratio);
      var ctx = layer.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0); ctx.clearRect(0, 0, w, h);
      return ctx;
    }

    function window_(preset, state, run) {  // loops, not Math.min.apply: runs can be 200k long
      var vLo = Infinity, uLo = Infinity, uHi = -Infinity;
      for (var k = 0; k < run.v.length; k++) {
        var v = run.v[k], u = run.u[k];
        if (!isFinite(v) || !isFinite(u)) { continue; }
        if (v < vLo) { vLo = v; }
        if (u < uLo) { uLo = u; }
        if (u > uHi) { uHi = u; }
      }
      if (uLo > uHi) { uLo = -20; uHi = 0; vLo = -80; }
      vLo = Math.max(Math.min(-85, state.c, vLo), -300);  // a runaway must not flatten the view
      var pad = Math.max(2, 0.2 * (uHi - uLo));
      return {vMin: vLo - 3, vMax: preset.model.v_peak + 5, uMin: uLo - pad, uMax: uHi + pad};
    }

    function drawTrajectory(ctx, v, c, state, run) {
      var n = run.v.length, bands = 48, spikeAt = {};
      run.spikeIdx.forEach(function (k) { spikeAt[k] = true; });
      D.clip(ctx, v);
      ctx.lineWidth = 1.6; ctx.lineJoin = "round";
      for (var b = 0; b < bands; b++) {
        var from = Math.max(1, Math.floor(b * n / bands)), to = Math.floor((b + 1) * n / bands);
        var pen = false;
        ctx.strokeStyle = "hsl(" + (260 - 220 * b / bands) + ",70%," + (c.dark ? 64 : 42) + "%)";
        ctx.beginPath();
        for (var j = from; j < to; j++) {
          if (!isFinite(run.v[j]) || !isFinite(run.v[j - 1]) || spikeAt[j - 1]) {
            pen = false; continue;
          }
          if (!pen) { ctx.moveTo(v.X(run.v[j - 1]), v.Y(run.u[j - 1])); pen = true; }
          ctx.lineTo(v.X(run.v[j]), v.Y(run.u[j]));
        }
        ctx.stroke();
      }
      ctx.strokeStyle = c.reset; ctx.lineWidth = 1.2; ctx.setLineDash([3, 3]); ctx.beginPath();
      run.resets.forEach(function (r) {
        if (!r.every(isFinite)) { return; }
        ctx.moveTo(v.X(r[0]), v.Y(r[1])); ctx.lineTo(v.X(r[2]), v.Y(r[3]));
      });
      ctx.stroke(); ctx.restore();
    }

    function set(preset, state, run, c) {
      var ratio = root.devicePixelRatio || 1;
      var w = canvas.clientWidth || 420, h = canvas.clientHeight || 320;
      var win = window_(preset, state, run);
      var vTicks = niceTicks(win.vMin, win.vMax, Math.max(3, Math.round(w / 80)));
      var uTicks = niceTicks(win.uMin, win.uMax, Math.max(3, Math.round(h / 55)));
      var probe = axesLayer.getContext("2d"); probe.font = "11px system-ui, sans-serif";
      var widest = Math.max.apply(null, uTicks.map(function (y) {
        return probe.measureText(fmt(y, 6)).width;
      }));
      var L = Math.ceil(widest) + 26, R = 10, T = 8, B = 34;
      view = {w: w, h: h, ratio: ratio, L: L, R: R, T: T, B: B, vTicks: vTicks, uTicks: uTicks,
              win: win, preset: preset, state: state, run: run, c: c, f: forms(preset, state),
              X: function (x) { return L + (x - win.vMin) / (win.vMax - win.vMin) * (w - L - R); },
              Y: function (y) {
                return h - B - (y - win.uMin) / (win.uMax - win.uMin) * (h - T - B);
              }};
      [["vnull", c.vnull], ["unull", c.unull], ["reset", c.reset]].forEach(function (key) {
        legend.querySelector(".ig-key-" + key[0] + " .ig-swatch").style.borderColor = key[1];
      });
      D.axes(setup(axesLayer, w, h, ratio), view, c, state, preset);
      drawTrajectory(setup(trajLayer, w, h, ratio), view, c, state, run);
    }

    function paint(idx) {
      if (!view) { return null; }
      var v = view, c = v.c, f = v.f, run = v.run, ctx = canvas.getContext("2d");
      canvas.width = Math.round(v.w * v.ratio); canvas.height = Math.round(v.h * v.ratio);
      ctx.drawImage(axesLayer, 0, 0);
      ctx.setTransform(v.ratio, 0, 0, v.ratio, 0, 0);
      var k = Math.max(0, Math.min(idx || 0, run.i.length - 1)), current = run.i[k];
      D.clip(ctx, v);
      ctx.strokeStyle = c.flow; ctx.lineWidth = 1;
      D.flow(ctx, v, current);
      ctx.restore();
      ctx.drawImage(trajLayer, 0, 0, v.w, v.h);
      D.clip(ctx, v);
      ctx.lineWidth = 2.2; ctx.strokeStyle = c.vnull;
      D.curve(ctx, v, function (x) { return f.F(x) + current; });
      ctx.strokeStyle = c.unull;
      if (f.decay === 0) {
        ctx.beginPath(); ctx.moveTo(v.X(f.offset), v.T); ctx.lineTo(v.X(f.offset), v.h - v.B);
        ctx.stroke();
      } else { D.curve(ctx, v, function (x) { return f.U(x) / f.decay; }); }
      var points = fixedPoints(f, v.state.a, current);
      points.forEach(function (p) {
        ctx.beginPath(); ctx.arc(v.X(p.v), v.Y(p.u), 5, 0, 2 * Math.PI);
        ctx.fillStyle = p.stable ? c.fg : c.bg; ctx.strokeStyle = c.fg; ctx.lineWidth = 1.5;
        ctx.fill(); ctx.stroke();
      });
      var hv = run.v[k], hu = run.u[k];
      if (isFinite(hv) && isFinite(hu)) {  // the hovered instant
        ctx.strokeStyle = c.marker; ctx.lineWidth = 2; D.marker(ctx, v.X(hv), v.Y(hu));
      }
      ctx.restore();
      legendCurrent.textContent = "v-nullcline at I = " + fmt(current, 4) +
        " (t = " + fmt(run.t[k], 5) + " ms)";
      legendPoints.textContent = points.length ? "" : "no fixed point at this I";
      return {points: points, current: current};
    }

    function nearest(px, py) {
      if (!view) { return 0; }
      var best = 0, bestD = Infinity, run = view.run;
      for (var k = 0; k < run.t.length; k++) {
        var dx = view.X(run.v[k]) - px, dy = view.Y(run.u[k]) - py, dd = dx * dx + dy * dy;
        if (dd < bestD) { bestD = dd; best = k; }
      }
      return best;
    }

    return {set: set, paint: paint, nearest: nearest};
  }

  W.phasePlot = phasePlot;
})(typeof window !== "undefined" ? window : globalThis);
