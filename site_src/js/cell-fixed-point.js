/*
 * cell-fixed-point.js: the fixed-point view of a live cell (IzhGallery.cellViews
 * ["fixed-point"]): v over time from sPyNNaker's Izhikevich solver in float64 and in s16.15
 * fixed point (fixed-point.js), with each run's spikes as ticks below, and where the two
 * spike trains part. Classic script; needs cell-plot.js and fixed-point.js.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery, W = G.widgets;
  G.cellViews = G.cellViews || {};

  function parting(t, a, b) {
    for (var n = 0; n < Math.max(a.length, b.length); n++) {
      if (a[n] !== b[n]) {
        return {spike: n + 1, float64: a[n] === undefined ? null : t[a[n]],
          fixed: b[n] === undefined ? null : t[b[n]]};
      }
    }
    return null;
  }

  function describe(label, state, out, part) {
    var t = out.t, ms = function (x) { return x === null ? "none" : W.fmt(x) + " ms"; };
    return "Voltage v of " + label + " at amplitude " + W.fmt(state.amp) + " over " +
      W.fmt(t[t.length - 1]) + " ms, sPyNNaker's solver with h = " + W.fmt(state.dt) +
      " ms in float64 and in s16.15 fixed point: " + out.float.spikeSteps.length + " and " +
      out.fixed.spikeSteps.length + " spikes" + (part === null ? ", at the same steps."
        : "; the trains part at spike " + part.spike + " (" + ms(part.float64) +
          " in float64, " + ms(part.fixed) + " in fixed point).");
  }

  G.cellViews["fixed-point"] = function (box, payload, c) {
    var plot = W.cellPlot(box, {label: "float64 against fixed point"});
    var preset = payload.preset, peak = preset.model.v_peak;
    function draw(state) {
      var out = G.fixedPoint.compare(preset, state, W.MAX_STEPS_PER_REDRAW), t = out.t;
      var v = plot.frame({x: [0, t[t.length - 1]], y: [-105, Math.max(40, peak + 10)],
        xLabel: "t (ms)", yLabel: "v (mV)"}, c);
      v.line(t, out.float.v, c.v, {width: 1.6});
      v.line(t, out.fixed.v, c.u, {width: 1.3, dash: [6, 4]});
      [[out.float, -95, c.v], [out.fixed, -100, c.u]].forEach(function (row) {
        row[0].spikeSteps.forEach(function (k) {
          v.line([t[k], t[k]], [row[1] - 2, row[1] + 2], row[2], {width: 1.4});
        });
      });
      v.done();
      plot.legend([[c.v, "float64"], [c.u, "s16.15 fixed point", true]]);
      var text = describe(preset.label, state, out,
        parting(t, out.float.spikeSteps, out.fixed.spikeSteps));
      plot.describe(text);
      return {text: text, spikes: out.fixed.spikeSteps.length};
    }
    return {draw: draw, destroy: plot.destroy};
  };
})(typeof window !== "undefined" ? window : globalThis);
