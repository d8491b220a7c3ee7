/*
 * cell-nullclines.js: the nullclines view of a live cell (IzhGallery.cellViews.nullclines):
 * the v–u plane at a constant current with no trajectory: the v-nullcline u = F(v) + I, the
 * u-nullcline, and the fixed points with their type (phase-math.js), so a current slider shows
 * a saddle-node or a Hopf happen. Classic script; needs cell-plot.js and phase-math.js.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery, W = G.widgets;
  G.cellViews = G.cellViews || {};

  G.cellViews.nullclines = function (box, payload, c) {
    var plot = W.cellPlot(box, {label: "nullclines"}), preset = payload.preset;
    function draw(state) {
      var f = W.forms(preset, state), I = state.amp, m = preset.model;
      var points = W.fixedPoints(f, state.a, I);
      var vLo = Math.min.apply(null, [-90, state.c].concat(points.map(function (p) {
        return p.v - 10;
      })));
      var xs = [], vn = [], un = [];
      for (var k = 0; k <= 300; k++) {
        var x = vLo + k / 300 * (m.v_peak - vLo);
        xs.push(x); vn.push(f.F(x) + I); un.push(f.decay === 0 ? NaN : f.U(x) / f.decay);
      }
      var mid = points.length ? points.map(function (p) { return p.u; })
        : [vn.concat(un).filter(isFinite).sort(function (p, q) { return p - q; })[150]];
      var lo = Math.min.apply(null, mid), hi = Math.max.apply(null, mid);
      var pad = Math.max(5, 0.6 * (hi - lo) + 5);
      var v = plot.frame({x: [vLo, m.v_peak], y: [lo - pad, hi + pad], xLabel: "v (mV)",
        yLabel: "u"}, c);
      v.line(xs, vn, c.vnull, {width: 2.2});
      if (f.decay === 0) { v.vline(f.offset, c.unull, []); } else {
        v.line(xs, un, c.unull, {width: 2.2});
      }
      points.forEach(function (p) {
        v.dot(p.v, p.u, c.fg, p.stable, 5); v.text(p.v, p.u, p.kind, c.fg);
      });
      v.done();
      plot.legend([[c.vnull, "v-nullcline at I = " + W.fmt(I)], [c.unull, "u-nullcline"]]);
      var text = "Nullclines of " + preset.label + " at constant current I = " + W.fmt(I) +
        ": " + (points.length ? points.map(function (p) {
          return p.kind + " at v = " + W.fmt(p.v) + " mV";
        }).join(", ") : "no fixed point: the v-nullcline has left the u-nullcline, so the " +
          "cell cannot rest") + ".";
      plot.describe(text);
      return {text: text, spikes: points.length};
    }
    return {draw: draw, destroy: plot.destroy};
  };
})(typeof window !== "undefined" ? window : globalThis);
