/*
 * cell-bifurcation.js: the bifurcation view of a live cell (IzhGallery.cellViews.bifurcation):
 * the fixed points v* against constant current (cellMath.bifurcation), stable filled and
 * unstable hollow, the current where rest is lost and the cell's own current.
 * Classic script; needs cell-plot.js and cell-math.js.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery, W = G.widgets;
  G.cellViews = G.cellViews || {};

  G.cellViews.bifurcation = function (box, payload, c) {
    var plot = W.cellPlot(box, {label: "bifurcation diagram"}), label = payload.preset.label;
    var vPeak = payload.preset.model.v_peak;
    function draw(state) {
      var b = G.cellMath.bifurcation(payload.preset, state, payload.settings.bifurcation);
      var vs = b.points.map(function (p) { return p.v; });
      var v = plot.frame({x: [b.currents[0], b.currents[b.currents.length - 1]],
        y: [Math.max(-150, Math.min.apply(null, vs.concat([-90])) - 5), vPeak],
        xLabel: "I (constant)", yLabel: "v* (mV)"}, c);
      b.points.forEach(function (p) {
        v.dot(p.current, p.v, p.stable ? c.v : c.u, p.stable, 2.4);
      });
      v.vline(b.loss.current, c.reset); v.vline(state.amp, c.muted, [2, 3]);
      v.done();
      var lost = isFinite(b.loss.current);
      plot.legend([[c.v, "stable"], [c.u, "unstable"], [c.reset, lost ? "rest lost (" +
        b.loss.kind + "), I = " + W.fmt(b.loss.current, 5) : "rest never lost", true],
        [c.muted, "I = " + W.fmt(state.amp), true]]);
      var near = b.currents.reduce(function (best, x) {
        return Math.abs(x - state.amp) < Math.abs(best - state.amp) ? x : best;
      });
      var here = b.points.filter(function (p) { return p.current === near; });
      var text = "Fixed points v* of " + label + " against constant current I from " +
        W.fmt(b.currents[0]) + " to " + W.fmt(b.currents[b.currents.length - 1]) + ": " +
        (lost ? "rest is lost at I = " + W.fmt(b.loss.current, 5) + " (v = " +
          W.fmt(b.loss.v) + " mV) by a " + b.loss.kind + " bifurcation" : "rest is never lost") +
        "; at I = " + W.fmt(state.amp) + ": " + (here.length ? here.map(function (p) {
          return p.kind + " at " + W.fmt(p.v) + " mV";
        }).join(", ") : "no fixed point") + ".";
      plot.describe(text);
      return {text: text, spikes: here.length};
    }
    return {draw: draw, destroy: plot.destroy};
  };
})(typeof window !== "undefined" ? window : globalThis);
