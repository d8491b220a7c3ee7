/*
 * cell-phase.js: the phase view of a live cell (IzhGallery.cellViews.phase): the preset
 * widget's v–u plane (phase-plot.js) for the cell's state, with the trajectory, the reset
 * jumps and the nullclines at the current of the run's end; hovering moves along the run.
 * Classic script; needs phase-plot.js and cell-trace.js (W.cellRun, W.cellSummary).
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery, W = G.widgets;
  G.cellViews = G.cellViews || {};

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
      var out = W.cellRun(preset, state);
      run = out.run;
      plot.set(preset, state, run, c);
      var fp = plot.paint(run.t.length - 1);
      var text = "Phase plane v–u of " + preset.label + " at amplitude " + W.fmt(state.amp) +
        ": " + W.cellSummary(preset, state, out.sim) + "; fixed points at the last current I = " +
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
