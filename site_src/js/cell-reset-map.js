/*
 * cell-reset-map.js: the reset-map view of a live cell (IzhGallery.cellViews["reset-map"]):
 * u after one spike against u after the next (cellMath.resetMap), the diagonal, the cobweb of
 * one run and the map's fixed point (filled when it attracts). Classic script; needs
 * cell-plot.js and cell-math.js.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery, W = G.widgets;
  G.cellViews = G.cellViews || {};

  function cobweb(orbit) {
    var xs = orbit.length ? [orbit[0]] : [], ys = orbit.length ? [orbit[0]] : [];
    for (var k = 0; k + 1 < orbit.length; k++) {
      xs.push(orbit[k], orbit[k + 1]); ys.push(orbit[k + 1], orbit[k + 1]);
    }
    return [xs, ys];
  }

  G.cellViews["reset-map"] = function (box, payload, c) {
    var plot = W.cellPlot(box, {label: "reset map"}), label = payload.preset.label;
    function draw(state) {
      var m = G.cellMath.resetMap(payload.preset, state, payload.settings.reset_map);
      var lo = m.u[0], hi = m.u[m.u.length - 1], web = cobweb(m.orbit);
      var y = W.span(m.u.concat(m.after), 0.05);
      var v = plot.frame({x: [lo, hi], y: y, xLabel: "u after spike n",
        yLabel: "u after spike n + 1"}, c);
      v.line([lo, hi], [lo, hi], c.muted, {width: 1, dash: [2, 3]});
      v.line(m.u, m.after, c.v);
      v.line(web[0], web[1], c.reset, {width: 1.2});
      var stable = m.slope !== null && Math.abs(m.slope) < 1;
      if (m.fixed !== null) { v.dot(m.fixed, m.fixed, c.fg, stable, 5); }
      v.done();
      plot.legend([[c.v, "reset map"], [c.muted, "u_{n+1} = u_n", true],
        [c.reset, "cobweb of one run"]]);
      var text = "Reset map of " + label + " at I = " + W.fmt(state.amp) + ": u after one " +
        "spike against u after the next, for u from " + W.fmt(lo) + " to " + W.fmt(hi) +
        ", with the cobweb of " + m.orbit.length + " spikes; " + (m.fixed === null
          ? "no fixed point in this range." : "fixed point u* = " + W.fmt(m.fixed) +
          ", slope " + W.fmt(m.slope, 3) + " (" + (stable ? "attracting" : "repelling") + ").");
      plot.describe(text);
      return {text: text, spikes: m.orbit.length};
    }
    return {draw: draw, destroy: plot.destroy};
  };
})(typeof window !== "undefined" ? window : globalThis);
