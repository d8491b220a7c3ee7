/*
 * trace-plots.js: the preset widget's linked trace, IzhGallery.widgets.tracePlots(box, c,
 * onHover): three uPlot panels (v tall, u medium, I a strip) sharing the time axis, the cursor
 * and the zoom; only the last shows t. With a fourth argument, an array, the panels are not
 * built at once: one builder per panel is pushed onto it (a first mount builds them in
 * separate tasks, mount-queue.js), and the returned array fills as they run.
 * Classic script; needs uPlot and widgets.js.
 * W.toSeries(array) turns a Float64Array into uPlot data (non-finite values as gaps).
 */
(function (root) {
  "use strict";
  var W = root.IzhGallery.widgets;
  var FONT = "11px system-ui, sans-serif", LABEL_FONT = "12px system-ui, sans-serif";

  function blank(u, splits) { return splits.map(function () { return ""; }); }

  function ends(u, i, lo, hi) {  // the I strip: its two extreme ticks only
    var t = W.niceTicks(lo, hi, 2);
    return t.length > 2 ? [t[0], t[t.length - 1]] : t;
  }

  function axes(c, spec, last) {
    var grid = {stroke: c.grid, width: 1}, ticks = {stroke: c.grid, width: 1};
    var base = {stroke: c.muted, grid: grid, ticks: ticks, font: FONT, labelFont: LABEL_FONT};
    var x = last ? Object.assign({label: "t (ms)", size: 44, labelSize: 16}, base)
                 : Object.assign({size: 6, values: blank}, base);
    var y = {label: spec[1], size: 52, labelSize: 18, space: spec[4], stroke: spec[2],
             grid: grid, ticks: ticks, font: FONT, labelFont: LABEL_FONT,
             splits: last ? ends : undefined};
    return [x, y];
  }

  function tracePlots(box, c, onHover, steps) {
    var key = W.uid("ig-sync"), width = Math.max(260, box.clientWidth || 600);
    var plots = [], syncing = false;
    var specs = [["v", "v (mV)", c.v, 170, 30], ["u", "u", c.u, 90, 22], ["i", "I", c.i, 84, 14]];
    function follow(u, scale) {  // zoom one panel: zoom all on the same time range
      if (scale !== "x" || syncing) { return; }
      syncing = true;
      plots.forEach(function (p) {
        if (p !== u) { p.setScale("x", {min: u.scales.x.min, max: u.scales.x.max}); }
      });
      syncing = false;
    }
    function hover(u) {
      if (u.cursor.idx !== null && u.cursor.idx !== undefined) { onHover(u.cursor.idx); }
    }
    var builders = specs.map(function (spec, n) {
      var holder = W.el("div", {"class": "ig-trace-" + spec[0]});
      box.appendChild(holder);  // now, so the panels keep their order whenever they are built
      return function () {
        plots.push(new root.uPlot({
          width: width, height: spec[3], legend: {show: false}, padding: [6, 10, 0, 0],
          scales: {x: {time: false}},
          cursor: {sync: {key: key}, drag: {x: true, y: false}, points: {size: 6}},
          axes: axes(c, spec, n === specs.length - 1),
          series: [{label: "t"},
                   {label: spec[1], stroke: spec[2], width: 1.5, points: {show: false}}],
          hooks: {setCursor: [hover], setScale: [follow]}
        }, [[], []], holder));
      };
    });
    if (steps) { builders.forEach(function (build) { steps.push(build); }); } else {
      builders.forEach(function (build) { build(); });
    }
    return plots;
  }

  function toSeries(array) {
    var out = new Array(array.length);
    for (var k = 0; k < array.length; k++) { out[k] = isFinite(array[k]) ? array[k] : null; }
    return out;
  }

  W.tracePlots = tracePlots;
  W.toSeries = toSeries;
})(typeof window !== "undefined" ? window : globalThis);
