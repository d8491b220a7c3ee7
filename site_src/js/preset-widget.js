/*
 * preset-widget.js: IzhGallery.presetWidget.mount(el, payload, options) builds the live widget.
 * Controls (a, b, c, d, amplitude, dt, scheme) re-simulate with model.js and redraw the linked
 * trace (three uPlot panels on one time axis: v tall, u medium, I a strip), the phase plane
 * (phase-plot.js) and the statistics. Returns {state(), redraw(), destroy()}.
 *
 * options: state (start from it, e.g. on a palette re-mount), search (query string to parse;
 * default location.search), extraKeys (report unknown query keys, embeds), link(state) -> URL
 * for "copy link", snippet (show the embed snippet box; default true), notes (more notes to
 * show, e.g. about other query parameters), onChange(state).
 * The element gets data-spikes, data-redraw-ms and data-link (after "copy link") for tests.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var W = G.widgets;
  // The site root, from this script's own URL: right for folder URLs, page files and file://.
  var SCRIPT = document.currentScript ? document.currentScript.src : "";

  function controlRow(label, value, range, onInput) {
    var row = W.el("div", {"class": "ig-control"}), id = W.uid("ig-input");
    row.appendChild(W.el("label", {"for": id}, label));
    // step "any": the published value stays exact (a grid would snap it); keys move by 1/100 of the range
    var attrs = {min: String(range[0]), max: String(range[1]), step: "any"};
    var slider = W.el("input", Object.assign({type: "range", id: id}, attrs));
    var number = W.el("input", Object.assign({type: "number", "aria-label": label + " (exact value)"}, attrs));
    slider.value = String(value); number.value = String(value);  // after min and max, so nothing is clamped
    slider.addEventListener("input", function () { number.value = slider.value; onInput(Number(slider.value)); });
    number.addEventListener("change", function () {
      var x = Number(number.value);
      if (number.value.trim() === "" || !isFinite(x)) { number.value = slider.value; return; }
      x = W.clamp(x, range[0], range[1]);
      number.value = String(x); slider.value = String(x); onInput(x);
    });
    row.appendChild(slider); row.appendChild(number);
    return {row: row, set: function (x) { slider.value = String(x); number.value = String(x); }};
  }

  /* Three uPlot panels sharing the x scale and the cursor; only the last shows t. */
  function tracePlots(box, c, onHover) {
    var key = W.uid("ig-sync"), width = Math.max(260, box.clientWidth || 600), plots = [], syncing = false;
    var specs = [["v", "v (mV)", c.v, 170, 30], ["u", "u", c.u, 90, 22], ["i", "I", c.i, 84, 14]];
    specs.forEach(function (spec, n) {
      var last = n === specs.length - 1, axis = {stroke: c.muted, grid: {stroke: c.grid, width: 1}, ticks: {stroke: c.grid, width: 1}, font: "11px system-ui, sans-serif", labelFont: "12px system-ui, sans-serif"};
      var xAxis = last ? Object.assign({label: "t (ms)", size: 44, labelSize: 16}, axis)
                       : Object.assign({size: 6, values: function (u, splits) { return splits.map(function () { return ""; }); }}, axis);
      var holder = W.el("div", {"class": "ig-trace-" + spec[0]});
      box.appendChild(holder);
      plots.push(new root.uPlot({
        width: width, height: spec[3], legend: {show: false}, padding: [6, 10, 0, 0],
        scales: {x: {time: false}},
        cursor: {sync: {key: key}, drag: {x: true, y: false}, points: {size: 6}},
        axes: [xAxis, {label: spec[1], size: 52, labelSize: 18, space: spec[4], stroke: spec[2], grid: axis.grid, ticks: axis.ticks, font: axis.font, labelFont: axis.labelFont,
                                 splits: last ? function (u, i, lo, hi) { var t = W.niceTicks(lo, hi, 2); return t.length > 2 ? [t[0], t[t.length - 1]] : t; } : undefined}],
        series: [{label: "t"}, {label: spec[1], stroke: spec[2], width: 1.5, points: {show: false}}],
        hooks: {
          setCursor: [function (u) { if (u.cursor.idx !== null && u.cursor.idx !== undefined) { onHover(u.cursor.idx); } }],
          setScale: [function (u, scale) {  // zoom one panel: zoom all on the same time range
            if (scale !== "x" || syncing) { return; }
            syncing = true;
            plots.forEach(function (p) { if (p !== u) { p.setScale("x", {min: u.scales.x.min, max: u.scales.x.max}); } });
            syncing = false;
          }]
        }
      }, [[], []], holder));
    });
    return plots;
  }

  function toSeries(array) {
    var out = new Array(array.length);
    for (var k = 0; k < array.length; k++) { out[k] = isFinite(array[k]) ? array[k] : null; }
    return out;
  }

  function statItems(stats, pairs) {
    stats.textContent = "";
    pairs.forEach(function (pair) {
      var item = W.el("span", {"class": "ig-stat"});
      item.appendChild(W.el("strong", {}, pair[0] + ": "));
      item.appendChild(W.el("span", {"data-stat": pair[0]}, pair[1]));
      stats.appendChild(item);
    });
  }

  function embedBox(onCopy) {
    var box = W.el("div", {"class": "ig-embed-box"}), id = W.uid("ig-embed");
    box.appendChild(W.el("label", {"for": id}, "Embed this widget (reflects the controls above)"));
    var area = W.el("textarea", {id: id, readonly: "readonly", rows: "3", spellcheck: "false"});
    var button = W.el("button", {type: "button", "class": "ig-button"}, "Copy embed code");
    button.addEventListener("click", function () { area.select(); onCopy(area.value); });
    box.appendChild(area); box.appendChild(button);
    return {box: box, set: function (text) { area.value = text; }};
  }

  function snippetFor(preset, query) {
    var base = SCRIPT ? SCRIPT.replace(/js\/preset-widget\.js([?#].*)?$/, "") : new URL("../../", root.location.href).href;
    var src = new URL("embed/" + preset.slug + ".html" + query, base).href;
    var host = new URL("embed/host.js", base).href;  // the build copies js/host.js there
    var title = (preset.label + " (Izhikevich model, interactive)").replace(/[&"<>]/g, "");
    return '<iframe src="' + src.replace(/&/g, "&amp;") + '" title="' + title +
      '" width="100%" height="720" style="border:0" loading="lazy"></iframe>\n<script src="' + host + '" async></script>';
  }

  function copyText(text) {
    if (root.navigator.clipboard && root.isSecureContext) { root.navigator.clipboard.writeText(text).catch(function () {}); }
  }

  function mount(el, payload, options) {
    var opts = options || {}, preset = payload.preset, c = W.colours();
    if (el.igWidget) { el.igWidget.destroy(); }
    var parsed = opts.state ? {state: Object.assign({}, opts.state), notes: []}
      : W.parseState(opts.search !== undefined ? opts.search : root.location.search, payload, opts.extraKeys);
    var state = parsed.state, urlNotes = (opts.notes || []).concat(parsed.notes), r = W.ranges(preset), hoverIdx = 0, run = null, frame = 0;
    el.textContent = "";
    el.classList.add("ig-live");
    var controls = W.el("div", {"class": "ig-controls", role: "group", "aria-label": "Parameters of " + preset.label});
    var notice = W.el("p", {"class": "ig-notice", role: "status", "aria-live": "polite"});
    var views = W.el("div", {"class": "ig-views"});
    var traceBox = W.el("div", {"class": "ig-trace"});
    var readout = W.el("p", {"class": "ig-readout", "aria-live": "off"});
    var phaseBox = W.el("div", {"class": "ig-phase-box"});
    var phase = W.el("canvas", {"class": "ig-phase", role: "img", "aria-label": "Phase plane of v and u: nullclines, fixed points, flow and the trajectory"});
    var legend = W.el("p", {"class": "ig-legend"});
    var stats = W.el("div", {"class": "ig-stats", role: "status", "aria-live": "polite"});
    var rows = {};
    [["a", "a"], ["b", "b"], ["c", "c (mV)"], ["d", "d"], ["amp", preset.stimulus.amplitude_label || "I"], ["dt", "dt (ms)"]].forEach(function (spec) {
      rows[spec[0]] = controlRow(spec[1], state[spec[0]], r[spec[0]], function (x) { state[spec[0]] = x; redraw(); });
      controls.appendChild(rows[spec[0]].row);
    });
    var schemeRow = W.el("div", {"class": "ig-control ig-control-select"}), schemeId = W.uid("ig-scheme");
    schemeRow.appendChild(W.el("label", {"for": schemeId}, "scheme"));
    var select = W.el("select", {id: schemeId});
    W.SCHEMES.forEach(function (s) { select.appendChild(W.el("option", {value: s}, s + (s === preset.scheme ? " (published)" : ""))); });
    select.value = state.scheme;
    select.addEventListener("change", function () { state.scheme = select.value; redraw(); });
    schemeRow.appendChild(select);
    controls.appendChild(schemeRow);
    var buttons = W.el("div", {"class": "ig-buttons"});
    var reset = W.el("button", {type: "button", "class": "ig-button"}, "Reset to published");
    var copy = W.el("button", {type: "button", "class": "ig-button"}, "Copy link");
    buttons.appendChild(reset); buttons.appendChild(copy); controls.appendChild(buttons);
    el.appendChild(controls); el.appendChild(notice);
    traceBox.appendChild(readout);
    phaseBox.appendChild(phase); phaseBox.appendChild(legend);
    views.appendChild(traceBox); views.appendChild(phaseBox);
    el.appendChild(views); el.appendChild(stats);
    var snippet = opts.snippet === false ? null : embedBox(function (text) { copyText(text); notice.textContent = "Embed code copied."; });
    if (snippet) { el.appendChild(snippet.box); }
    var plot = W.phasePlot(phase, legend);
    var plots = tracePlots(traceBox, c, function (idx) { hover(idx, false); });

    function showReadout() {
      if (!run) { return; }
      var k = hoverIdx;
      readout.textContent = "t = " + W.fmt(run.t[k], 5) + " ms   v = " + W.fmt(run.v[k], 4) + " mV   u = " + W.fmt(run.u[k], 4) + "   I = " + W.fmt(run.i[k], 4);
    }

    function hover(idx, fromPhase) {
      hoverIdx = idx; showReadout();
      if (fromPhase && run) { plots.forEach(function (p) { p.setCursor({left: p.valToPos(run.t[idx], "x"), top: 20}); }); }
      if (!frame) { frame = root.requestAnimationFrame(function () { frame = 0; if (run && state.view !== "trace") { plot.paint(hoverIdx); } }); }
    }

    function fail(message) { notice.textContent = urlNotes.concat([message]).join(" "); el.setAttribute("data-spikes", ""); }

    function redraw() {
      var t0 = root.performance.now(), sim;
      traceBox.hidden = state.view === "phase"; phaseBox.hidden = state.view === "trace";
      views.className = "ig-views ig-view-" + state.view;
      try {
        sim = G.model.simulate(preset, {amp: state.amp, dt: state.dt, scheme: state.scheme, a: state.a, b: state.b,
                                        c: state.c, d: state.d, maxSteps: W.MAX_STEPS_PER_REDRAW});
      } catch (error) { fail(String(error.message)); return; }
      var spikeIdx = [], times = {}, n = sim.t.length;
      sim.spikes.forEach(function (s) { times[s] = true; });
      for (var k = 0; k < n; k++) { if (times[sim.t[k]]) { spikeIdx.push(sim.scheme === "book-2007" ? k - 1 : k); } }
      var book = sim.scheme === "book-2007", resets = spikeIdx.map(function (j) {  // (peak, u before) -> (after, u after)
        var after = book ? Math.min(j + 1, n - 1) : j;
        return [sim.v[j], sim.u[after] - state.d, book ? sim.v[after] : state.c, sim.u[after]];
      });
      run = {t: sim.t, v: sim.v, u: sim.u, i: sim.i, spikeIdx: spikeIdx, resets: resets};
      hoverIdx = Math.min(hoverIdx, n - 1);
      var t = Array.prototype.slice.call(sim.t);
      plots[0].setData([t, toSeries(sim.v)]); plots[1].setData([t, toSeries(sim.u)]); plots[2].setData([t, toSeries(sim.i)]);
      var notes = urlNotes.slice();
      if (sim.diverged !== null) { notes.push("Runaway: the state stopped being a finite number at t = " + W.fmt(sim.diverged) + " ms, so the run is cut there. Bring the parameters back (or press Reset)."); }
      else if (sim.spikes.length > n / 4) { notes.push("Firing at almost every step: a runaway, not a rhythm. Try a smaller |d| or dt."); }
      notice.textContent = notes.join(" ");
      var fp = null;
      if (state.view !== "trace") { plot.set(preset, state, run, c); fp = plot.paint(hoverIdx); }
      var isis = [];
      for (var q = 1; q < sim.spikes.length; q++) { isis.push(sim.spikes[q] - sim.spikes[q - 1]); }
      var published = payload.runs[payload.runs.length - 1].spike_times_ms.length;
      statItems(stats, [["spikes", String(sim.spikes.length)], ["published run", published + " spikes"],
        ["first spike", sim.spikes.length ? W.fmt(sim.spikes[0]) + " ms" : "–"],
        ["mean rate", W.fmt(1000 * sim.spikes.length / preset.t_max_ms, 3) + " Hz"],
        ["first / last ISI", isis.length ? W.fmt(isis[0]) + " / " + W.fmt(isis[isis.length - 1]) + " ms" : "–"]].concat(fp ? [
        ["fixed points at I = " + W.fmt(fp.current, 3), fp.points.map(function (p) { return p.kind + " at " + W.fmt(p.v, 4) + " mV"; }).join(", ") || "none"]] : []));
      showReadout();
      if (snippet) { snippet.set(snippetFor(preset, W.stateQuery(state, payload))); }
      el.setAttribute("data-spikes", String(sim.spikes.length));
      el.setAttribute("data-redraw-ms", (root.performance.now() - t0).toFixed(2));
      if (opts.onChange) { opts.onChange(state); }
    }

    function onMove(event) {
      if (!run) { return; }
      var rect = phase.getBoundingClientRect();
      hover(plot.nearest(event.clientX - rect.left, event.clientY - rect.top), true);
    }
    function onResize() {
      var width = Math.max(260, traceBox.clientWidth || 600);
      plots.forEach(function (p) { p.setSize({width: width, height: p.height}); });
      if (run && state.view !== "trace") { plot.set(preset, state, run, c); plot.paint(hoverIdx); }
    }
    var observer = root.ResizeObserver ? new root.ResizeObserver(function () { root.requestAnimationFrame(onResize); }) : null;
    if (observer) { observer.observe(views); } else { root.addEventListener("resize", onResize); }
    phase.addEventListener("mousemove", onMove);
    reset.addEventListener("click", function () {
      state = W.published(payload); urlNotes = [];
      W.NUMERIC.forEach(function (k) { rows[k].set(state[k]); });
      select.value = state.scheme; redraw();
    });
    copy.addEventListener("click", function () {
      var url = opts.link ? opts.link(state) : root.location.href.split(/[?#]/)[0] + W.stateQuery(state, payload);
      el.setAttribute("data-link", url); copyText(url);
      notice.textContent = "Link to this state: " + url;
    });
    redraw();
    var api = {
      state: function () { return Object.assign({}, state); }, redraw: redraw,
      destroy: function () {
        if (observer) { observer.disconnect(); } else { root.removeEventListener("resize", onResize); }
        plots.forEach(function (p) { p.destroy(); }); el.igWidget = null;
      }
    };
    el.igWidget = api;
    return api;
  }

  G.presetWidget = {mount: mount};
})(typeof window !== "undefined" ? window : globalThis);
