/*
 * atlas.js: the parameter-atlas widget. mount(el, payload) draws one plane's class map (the
 * build's grid first), reads out a point's class and features on hover, loads a clicked point
 * into the trace and phase views beside the map, and recomputes the map for a new current in
 * a Web Worker, coarse to fine (64 x 64 first). The worker is made from the text of
 * atlasCore (a Blob URL), which works from file:// too; where no worker can be made the rows
 * are computed on the main thread in slices of at most 50 ms. Needs atlas-core.js and
 * atlas-view.js. State for the tests: data-ready, data-resolution, data-amp, data-status.
 * mount(el, spec, {slider: false, start: [x, y]}): no slider, (x, y) loaded first; its set(amp,
 * fixed) recomputes the map (for IzhGallery.cellViews.atlas, the lesson cell, atlas-view.js).
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var SLICE_MS = 50, LEVELS = [64, 128, 256];

  var V = G.atlasView, html = V.html, describe = V.describe;

  function levels(res) {  // coarse to fine, ending at the map's own resolution
    return LEVELS.filter(function (r) { return r < res; }).concat([res]);
  }

  function mount(el, spec, options) {
    var opts = options || {}, core = G.atlasCore();
    var state = opts.state || {amp: spec.amp, res: spec.resolution, cursor: null,
                               loaded: null, fixed: spec.fixed};
    spec = Object.assign({}, spec, {fixed: state.fixed || spec.fixed});
    var grid = state.grid || Uint8Array.from(spec.grid, function (ch) { return +ch; });
    var job = 0, worker = null, busy = false, last = null;
    el.textContent = "";
    var controls = el.appendChild(html("div", {"class": "ig-atlas-controls"}));
    var slider = null, shown = null;
    if (opts.slider !== false) {  // a lesson cell brings its own controls
      var label = controls.appendChild(html("label", {}, "Current I "));
      slider = label.appendChild(html("input", {type: "range", min: "-5", max: "25",
        step: "0.5", value: String(state.amp), "aria-label": "step current I"}));
      shown = controls.appendChild(html("output", {}, String(state.amp)));
    }
    var status = controls.appendChild(html("span", {"class": "ig-atlas-status",
                                                    "aria-live": "polite"}));
    var row = el.appendChild(html("div", {"class": "ig-atlas-row"}));
    var canvas = row.appendChild(html("canvas", {width: "512", height: "512", tabindex: "0",
      role: "img", "class": "ig-atlas-map", "aria-label": "class map of the (" + spec.x.name +
      ", " + spec.y.name + ") plane; arrows move, Enter loads the point"}));
    var views = row.appendChild(html("div", {"class": "ig-atlas-views"}));
    var traceCanvas = views.appendChild(html("canvas", {width: "420", height: "200",
      "class": "ig-atlas-trace", role: "img", "aria-label": "v(t) of the loaded point"}));
    var phaseCanvas = views.appendChild(html("canvas", {width: "420", height: "240",
      "class": "ig-atlas-phase", role: "img", "aria-label": "v-u plane of the loaded point"}));
    var readout = el.appendChild(html("p", {"class": "ig-atlas-readout", "aria-live": "polite"},
      "Hover over the map, or focus it and use the arrow keys."));
    var legend = el.appendChild(html("ul", {"class": "ig-atlas-legend"}));
    var colours = spec.colours[V.theme(el).dark ? "dark" : "light"];
    spec.classes.forEach(function (name) {
      var item = legend.appendChild(html("li", {}, " " + name));
      item.insertBefore(html("span", {"class": "ig-swatch",
        style: "background:" + colours[name]}), item.firstChild);
    });

    function draw() {
      V.map(canvas, spec, grid, state.res, colours, state.cursor);
      el.setAttribute("data-resolution", String(state.res));
      el.setAttribute("data-amp", String(state.amp));
      var counts = {};
      grid.forEach(function (c) { counts[c] = (counts[c] || 0) + 1; });
      el.setAttribute("data-signature", JSON.stringify(counts));
    }

    function at(event) {
      var box = canvas.getBoundingClientRect();
      var fx = (event.clientX - box.left) / box.width;
      var fy = 1 - (event.clientY - box.top) / box.height;
      var ix = Math.min(state.res - 1, Math.max(0, Math.floor(fx * state.res)));
      var iy = Math.min(state.res - 1, Math.max(0, Math.floor(fy * state.res)));
      return {ix: ix, iy: iy, res: state.res};
    }

    function inspect(c) {
      var cell = core.cellAt(spec, c.res, c.ix, c.iy);
      var p = core.point(spec, cell, state.amp);
      readout.textContent = describe(spec, cell, p);
      el.setAttribute("data-hover-class", spec.classes[p.cls]);
      return cell;
    }

    function load(c) {
      var cell = core.cellAt(spec, c.res, c.ix, c.iy);
      var p = core.point(spec, cell, state.amp, true);
      state.loaded = c;
      V.trace(traceCanvas, p);
      V.phase(phaseCanvas, p, cell, state.amp, spec);
      el.setAttribute("data-point", JSON.stringify(cell));
      readout.textContent = "Loaded: " + describe(spec, cell, p);
      last = {text: describe(spec, cell, p), spikes: p.features.spikes};
    }

    function finished(res, result) {
      busy = false;
      grid = result; state.res = res; state.grid = grid;
      draw();
      var next = levels(spec.resolution).filter(function (r) { return r > res; })[0];
      if (next) { compute(next); } else {
        status.textContent = "map recomputed for I = " + state.amp;
        if (state.loaded) { load(state.loaded); }  // the loaded point, at the new current
        el.setAttribute("data-status", "done");
      }
    }

    function onMainThread(res, mine) {
      var out = new Uint8Array(res * res), rowAt = 0;
      function slice() {
        if (mine !== job) { return; }
        var start = performance.now();
        while (rowAt < res && performance.now() - start < SLICE_MS) {
          out.set(core.grid(spec, res, state.amp, rowAt, rowAt + 1), rowAt * res);
          rowAt += 1;
        }
        if (rowAt < res) { root.setTimeout(slice, 0); } else { finished(res, out); }
      }
      slice();
    }

    function compute(res) {
      var mine = job;
      status.textContent = "computing " + res + " × " + res + "…";
      el.setAttribute("data-status", "computing");
      if (busy && worker) { worker.terminate(); worker = null; }  // a newer map is wanted
      if (worker === null) { worker = V.makeWorker() || false; }
      if (!worker) { onMainThread(res, mine); return; }
      busy = true;
      worker.onmessage = function (e) {
        if (e.data.job === job) { finished(e.data.res, e.data.grid); }
      };
      worker.onerror = function (e) {
        e.preventDefault(); worker = false; onMainThread(res, mine);
      };
      worker.postMessage({job: mine, spec: spec, res: res, amp: state.amp});
    }

    function recompute() { job += 1; compute(levels(spec.resolution)[0]); }

    if (slider) {
      slider.addEventListener("input", function () { shown.textContent = slider.value; });
      slider.addEventListener("change", function () {
        state.amp = Number(slider.value); shown.textContent = slider.value;
        recompute();
      });
    }
    canvas.addEventListener("mousemove", function (e) { inspect(at(e)); });
    canvas.addEventListener("click", function (e) {
      state.cursor = at(e); load(state.cursor); draw();
    });
    canvas.addEventListener("keydown", function (e) {
      var c = state.cursor || {ix: state.res >> 1, iy: state.res >> 1, res: state.res};
      var step = {ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1]};
      if (step[e.key]) {
        var k = step[e.key], n = state.res, d = Math.max(1, Math.round(n / 64));
        c = {ix: Math.min(n - 1, Math.max(0, c.ix + k[0] * d)),
             iy: Math.min(n - 1, Math.max(0, c.iy + k[1] * d)), res: n};
        state.cursor = c; inspect(c); draw(); e.preventDefault();
      } else if (e.key === "Enter") { state.cursor = c; load(c); draw(); e.preventDefault(); }
    });
    if (!state.loaded) {  // start from the given point or the paper's first labelled one
      var first = opts.start || spec.labelled[Object.keys(spec.labelled)[0]], n = state.res;
      var index = function (value, range) {
        var i = Math.round((value - range.lo) / (range.hi - range.lo) * (n - 1));
        return Math.min(n - 1, Math.max(0, i));
      };
      state.loaded = {ix: index(first[0], spec.x), iy: index(first[1], spec.y), res: n};
    }
    load(state.loaded);
    draw();
    el.setAttribute("data-ready", "1");
    function stop() {
      job += 1;
      if (worker) { worker.terminate(); worker = null; }
    }

    return {
      state: function () { return state; },
      remount: function () { stop(); return mount(el, spec, {state: state}); },
      // A new current or new fixed parameters: recompute the map (nothing if unchanged).
      set: function (amp, fixed) {
        var changed = amp !== state.amp || Object.keys(fixed).some(function (k) {
          return fixed[k] !== spec.fixed[k];
        });
        if (!changed) { return false; }
        state.amp = amp; state.fixed = Object.assign({}, spec.fixed, fixed);
        spec = Object.assign({}, spec, {fixed: state.fixed});
        recompute();
        return true;
      },
      loaded: function () { return last; },
      destroy: stop
    };
  }

  G.atlas = {mount: mount};

})(window);
