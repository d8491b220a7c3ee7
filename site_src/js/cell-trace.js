/*
 * cell-trace.js: the trace view of a live cell (IzhGallery.cellViews.trace): the preset
 * widget's linked v, u, I panels (trace-plots.js) for the cell's state, simulated with
 * model.js. Also W.cellRun(preset, state) -> {sim, run} and W.cellSummary(preset, state, sim),
 * shared with cell-phase.js. Classic script; needs trace-plots.js and widget-parts.js.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery, W = G.widgets;
  G.cellViews = G.cellViews || {};

  function simulate(preset, state) {
    var sim = G.model.simulate(preset, {amp: state.amp, dt: state.dt, scheme: state.scheme,
      a: state.a, b: state.b, c: state.c, d: state.d, maxSteps: W.MAX_STEPS_PER_REDRAW});
    var spikeIdx = W.spikeIndices(sim);
    return {sim: sim, run: {t: sim.t, v: sim.v, u: sim.u, i: sim.i, spikeIdx: spikeIdx,
      resets: W.resets(sim, spikeIdx, state)}};
  }

  function summary(preset, state, sim) {
    var n = sim.spikes.length, tMax = sim.t[sim.t.length - 1];
    var count = n + (n === 1 ? " spike" : " spikes");
    return count + " in " + W.fmt(tMax) + " ms" + (n ? ", the first at " +
      W.fmt(sim.spikes[0]) + " ms, " + W.fmt(1000 * n / tMax, 3) + " Hz over the whole run" : "") +
      (sim.diverged !== null ? "; the state stopped being finite at " + W.fmt(sim.diverged) +
        " ms" : "");
  }

  G.cellViews.trace = function (box, payload, c) {
    var holder = W.el("div", {"class": "ig-trace", role: "img", "aria-label": "trace"});
    box.appendChild(holder);
    var plots = W.tracePlots(holder, c, function () {}), preset = payload.preset;
    function draw(state) {
      var out = simulate(preset, state), sim = out.sim;
      var width = Math.max(260, holder.clientWidth || 600);
      var t = Array.prototype.slice.call(sim.t);
      [sim.v, sim.u, sim.i].forEach(function (y, n) {
        plots[n].setSize({width: width, height: plots[n].height});
        plots[n].setData([t, W.toSeries(y)]);
      });
      var text = "Voltage v, recovery u and input I of " + preset.label + " at amplitude " +
        W.fmt(state.amp) + ": " + summary(preset, state, sim) + ".";
      holder.setAttribute("aria-label", text);
      return {text: text, spikes: sim.spikes.length};
    }
    return {draw: draw, destroy: function () {
      plots.forEach(function (p) { p.destroy(); }); holder.remove();
    }};
  };

  W.cellRun = simulate;
  W.cellSummary = summary;
})(typeof window !== "undefined" ? window : globalThis);
