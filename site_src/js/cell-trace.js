/*
 * cell-trace.js: the trace and phase views of a live cell (IzhGallery.cellViews.trace and
 * .phase): the preset widget's linked v, u, I panels (trace-plots.js) or its v–u plane
 * (phase-plot.js) for the cell's state, simulated with model.js. Classic script; needs
 * trace-plots.js, phase-plot.js and widget-parts.js.
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
    return n + " spikes in " + W.fmt(tMax) + " ms" + (n ? ", the first at " +
      W.fmt(sim.spikes[0]) + " ms, " + W.fmt(1000 * n / tMax, 3) + " Hz on average" : "") +
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

  G.cellViews.phase = function (box, payload, c) {
    var holder = W.el("div", {"class": "ig-phase-box"}), preset = payload.preset;
    var canvas = W.el("canvas", {"class": "ig-phase", role: "img", "aria-label": "phase plane"});
    var legend = W.el("p", {"class": "ig-legend"});
    holder.appendChild(canvas); holder.appendChild(legend); box.appendChild(holder);
    var plot = W.phasePlot(canvas, legend), run = null;
    function onMove(event) {
      if (!run) { return; }
      var rect = canvas.getBoundingClientRect();
      plot.paint(plot.nearest(event.clientX - rect.left, event.clientY - rect.top));
    }
    canvas.addEventListener("mousemove", onMove);
    function draw(state) {
      var out = simulate(preset, state);
      run = out.run;
      plot.set(preset, state, run, c);
      var fp = plot.paint(run.t.length - 1);
      var text = "Phase plane v–u of " + preset.label + " at amplitude " + W.fmt(state.amp) +
        ": " + summary(preset, state, out.sim) + "; fixed points at the last current I = " +
        W.fmt(fp.current) + ": " + (fp.points.map(function (p) {
          return p.kind + " at " + W.fmt(p.v) + " mV";
        }).join(", ") || "none") + ".";
      canvas.setAttribute("aria-label", text);
      return {text: text, spikes: out.sim.spikes.length};
    }
    return {draw: draw, destroy: function () {
      canvas.removeEventListener("mousemove", onMove); holder.remove();
    }};
  };
})(typeof window !== "undefined" ? window : globalThis);
