/*
 * cell-fi.js: the f–I view of a live cell (IzhGallery.cellViews.fi): rate against constant
 * current, the rising and the falling sweep drawn apart (cellMath.fiSweep carries the state
 * from one current to the next, so hysteresis shows). Classic script; needs cell-plot.js.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery, W = G.widgets;
  G.cellViews = G.cellViews || {};

  G.cellViews.fi = function (box, payload, c) {
    var plot = W.cellPlot(box, {label: "f–I curve"}), label = payload.preset.label;
    function draw(state) {
      var s = G.cellMath.fiSweep(payload.preset, state, payload.settings.fi);
      var v = plot.frame({x: W.span(s.currents, 0.03), y: [0, Math.max(10, 1.1 *
        Math.max.apply(null, s.rising.concat(s.falling)))], xLabel: "I (constant)",
        yLabel: "rate (Hz)"}, c);
      v.line(s.currents, s.rising, c.v);
      v.line(s.currents, s.falling, c.u, {dash: [6, 4]});
      s.currents.forEach(function (x, j) {
        v.dot(x, s.rising[j], c.v, true, 3); v.dot(x, s.falling[j], c.u, false, 3);
      });
      v.done();
      plot.legend([[c.v, "rising current"], [c.u, "falling current (state carried over)", true]]);
      var top = Math.max.apply(null, s.rising.concat(s.falling));
      var text = "Firing rate against constant current for " + label + ", I from " +
        W.fmt(s.currents[0]) + " to " + W.fmt(s.currents[s.currents.length - 1]) +
        " and back: " + (s.onset === null ? "no firing on the way up"
          : "firing starts at I = " + W.fmt(s.onset) + " on the way up") +
        (s.offset === null ? "" : " and continues down to I = " + W.fmt(s.offset) +
          " on the way down") + "; top rate " + W.fmt(top, 3) + " Hz" +
        (s.hysteresis ? "; the sweeps differ: hysteresis." : ".");
      plot.describe(text);
      return {text: text, spikes: top};
    }
    return {draw: draw, destroy: plot.destroy};
  };
})(typeof window !== "undefined" ? window : globalThis);
