/*
 * plot-text.js: the text alternatives of the preset widget's canvases,
 * IzhGallery.widgets.describePlots(ui, plots, preset, sim, fp): each uPlot panel and the phase
 * plane get role="img" and a label naming what they show, for which preset, and the run's key
 * numbers (spikes, ranges, fixed points), renewed on every redraw. Classic script; needs
 * widgets.js.
 */
(function (root) {
  "use strict";
  var W = root.IzhGallery.widgets;

  function range(y) {  // loops, not Math.min.apply: runs can be 200k long
    var lo = Infinity, hi = -Infinity;
    for (var k = 0; k < y.length; k++) {
      if (isFinite(y[k])) { lo = Math.min(lo, y[k]); hi = Math.max(hi, y[k]); }
    }
    return lo <= hi ? "from " + W.fmt(lo, 4) + " to " + W.fmt(hi, 4) : "not finite";
  }

  /* Each plot's text alternative: what it shows, for which preset, and its key numbers now. */
  function describePlots(ui, plots, preset, sim, fp) {
    var span = " of " + preset.label + " over 0 to " + W.fmt(preset.t_max_ms) + " ms, ";
    var n = sim.spikes.length, first = n ? ", the first at " + W.fmt(sim.spikes[0]) + " ms" : "";
    var texts = ["Membrane potential v (mV)" + span + n + " spike" + (n === 1 ? "" : "s") + first +
                 ". Arrow keys step through the run",
                 "Recovery variable u" + span + range(sim.u),
                 "Input current I" + span + range(sim.i)];
    plots.forEach(function (p, k) {
      var canvas = p.root.querySelector("canvas");
      canvas.setAttribute("role", "img"); canvas.setAttribute("aria-label", texts[k] + ".");
      if (k === 0) { canvas.setAttribute("tabindex", "0"); }  // the trace's keyboard path
    });
    var points = fp ? "; fixed points at I = " + W.fmt(fp.current, 3) + ": " + (fp.points.map(
      function (q) { return q.kind + " at v = " + W.fmt(q.v, 4) + " mV"; }).join(", ") || "none")
      : "";
    ui.phase.setAttribute("aria-label", "Phase plane of " + preset.label + ", u against v: " +
      "nullclines, the trajectory and its " + n + " reset jump" + (n === 1 ? "" : "s") + points +
      ". Arrow keys step through the run.");
  }

  W.describePlots = describePlots;
})(typeof window !== "undefined" ? window : globalThis);
