/*
 * preset-widget.js: IzhGallery.presetWidget.mount(el, payload, options) builds the live widget.
 * Controls (a, b, c, d, amplitude, dt, scheme) re-simulate with model.js and redraw the linked
 * trace (three uPlot panels on one time axis: v tall, u medium, I a strip), the phase plane
 * (phase-plot.js) and the statistics. Returns {state(), redraw(), destroy()}.
 *
 * options: state (start from it, e.g. on a palette re-mount), search (query string to parse;
 * default location.search), extraKeys (report unknown query keys, embeds), link(state) -> URL
 * for "copy link", notes (more notes to show, e.g. about other query parameters),
 * onChange(state).
 * The controls are the page's own (declared inside el by templates/widget-controls.html.j2,
 * ranges from gallery/site/controls.py); mount binds them and builds only the plots, the
 * notices and the statistics, and destroy() unbinds and removes what it built.
 * options.snippet false: leave a declared embed snippet box unbound (hidden).
 * options.slices (mount-queue.js): build in short tasks, el classed ig-building (laid out,
 * unseen) until drawn; then options.onReady(), in the task that shows it (swap in one frame).
 * The element gets data-spikes, data-redraw-ms and data-link (after "copy link") for tests.
 * Classic script; needs widgets.js, phase-plot.js, trace-plots.js, widget-parts.js (which
 * lays out the built parts) and plot-text.js.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var W = G.widgets;

  function declared(el) {  // the controls the page declares (templates/widget-controls.html.j2)
    var box = el.querySelector(".ig-controls");
    if (!box) { throw new Error("The page declares no controls for this widget."); }
    return box;
  }

  function mount(el, payload, options) {
    var opts = options || {}, preset = payload.preset, c = W.colours();
    if (el.igWidget) { el.igWidget.destroy(); }
    var box = declared(el), embedBox = el.querySelector(".ig-embed-box");
    var search = opts.search !== undefined ? opts.search : root.location.search;
    var parsed = opts.state ? {state: Object.assign({}, opts.state), notes: []}
      : W.parseState(search, payload, W.readRanges(box), opts.extraKeys);
    var state = parsed.state, urlNotes = (opts.notes || []).concat(parsed.notes);
    var hoverIdx = 0, run = null, frame = 0, sim = null, fp = null, cancel = null;
    var ui = null, notice = null, readout = null, controls = null, snippet = null, plot = null;
    var plots = [], observer = null, steps = [], drawnAt = "";
    el.classList.add("ig-live");
    if (opts.slices) { el.classList.add("ig-building"); }
    steps.push(function () {
      ui = W.presetLayout(box); notice = ui.notice; readout = ui.readout;
      controls = W.bindControls(box, function (key, value) { state[key] = value; redraw(); });
      controls.set(state);
    }, function () {
      snippet = opts.snippet === false || !embedBox ? null
        : W.bindEmbedBox(embedBox, function (text) {
          W.copyText(text); notice.textContent = "Embed code copied.";
        });
      plot = W.phasePlot(ui.phase, ui.legend);
      plots = W.tracePlots(ui.traceBox, c, function (idx) { hover(idx, false); }, steps);
      steps.push(listen, simulate, traceData(0), traceData(1), traceData(2), phaseSet,
                 phasePaint, function () {
                   describe(); cancel = null; el.classList.remove("ig-building");
                   if (opts.onReady) { opts.onReady(); }
                 });
    });
    function showReadout() {
      if (!run) { return; }
      var k = hoverIdx;
      readout.textContent = "t = " + W.fmt(run.t[k], 5) + " ms   v = " + W.fmt(run.v[k], 4) +
        " mV   u = " + W.fmt(run.u[k], 4) + "   I = " + W.fmt(run.i[k], 4);
    }

    function paintLater() {
      if (frame) { return; }
      frame = root.requestAnimationFrame(function () {
        frame = 0;
        if (run && state.view !== "trace") { plot.paint(hoverIdx); }
      });
    }

    function hover(idx, fromPhase) {
      hoverIdx = idx; showReadout();
      if (fromPhase && run) {
        plots.forEach(function (p) { p.setCursor({left: p.valToPos(run.t[idx], "x"), top: 20}); });
      }
      paintLater();
    }

    function fail(message) {
      notice.textContent = urlNotes.concat([message]).join(" "); el.setAttribute("data-spikes", "");
    }

    // A redraw is in stages (one task each on a sliced first mount): the run, each trace
    // panel, the phase plane's layers and its paint, then the statistics and text alternatives.
    function simulate() {
      ui.traceBox.hidden = state.view === "phase"; ui.phaseBox.hidden = state.view === "trace";
      ui.views.className = "ig-views ig-view-" + state.view;
      fp = null;
      try {
        sim = G.model.simulate(preset, {amp: state.amp, dt: state.dt, scheme: state.scheme,
          a: state.a, b: state.b, c: state.c, d: state.d, maxSteps: W.MAX_STEPS_PER_REDRAW});
      } catch (error) { sim = null; fail(String(error.message)); return; }
      var spikeIdx = W.spikeIndices(sim);
      run = {t: sim.t, v: sim.v, u: sim.u, i: sim.i, spikeIdx: spikeIdx,
             resets: W.resets(sim, spikeIdx, state), times: Array.prototype.slice.call(sim.t)};
      hoverIdx = Math.min(hoverIdx, sim.t.length - 1);
      notice.textContent = W.runNotes(sim, urlNotes).join(" ");
    }

    function traceData(n) {
      return function () {
        if (sim) { plots[n].setData([run.times, W.toSeries([sim.v, sim.u, sim.i][n])]); }
      };
    }

    function phaseSet() { if (sim && state.view !== "trace") { plot.set(preset, state, run, c); } }
    function phasePaint() { if (sim && state.view !== "trace") { fp = plot.paint(hoverIdx); } }

    function describe() {
      if (!sim) { return; }
      W.statItems(ui.stats, W.statPairs(sim, payload, fp));
      W.describePlots(ui, plots, preset, sim, fp);
      showReadout();
      if (snippet) { snippet.set(W.snippetFor(preset, W.stateQuery(state, payload))); }
      el.setAttribute("data-spikes", String(sim.spikes.length));
      if (opts.onChange) { opts.onChange(state); }
    }

    function redraw() {
      var t0 = root.performance.now();
      simulate(); [0, 1, 2].forEach(function (n) { traceData(n)(); });
      phaseSet(); phasePaint(); describe();
      if (sim) { el.setAttribute("data-redraw-ms", (root.performance.now() - t0).toFixed(2)); }
    }

    // The keyboard path through the run: arrows step the hovered instant (the readout says
    // it), Page keys take tenths, Home and End the ends; the marker follows on both plots.
    function onKey(event) {
      if (!run) { return; }
      var last = run.t.length - 1, big = Math.max(1, Math.round(last / 10));
      var small = Math.max(1, Math.round(last / 100));
      var moves = {ArrowRight: small, ArrowUp: small, ArrowLeft: -small, ArrowDown: -small,
                   PageUp: big, PageDown: -big, Home: -last, End: last};
      if (!(event.key in moves)) { return; }
      event.preventDefault();
      hover(Math.max(0, Math.min(last, hoverIdx + moves[event.key])), true);
    }
    function onMove(event) {
      if (!run) { return; }
      var rect = ui.phase.getBoundingClientRect();
      hover(plot.nearest(event.clientX - rect.left, event.clientY - rect.top), true);
    }
    // Only a new size redraws (a sliced mount grows the views: each redraw was a long task)
    function sizes() {
      return [ui.traceBox.clientWidth, ui.phase.clientWidth, ui.phase.clientHeight].join(" ");
    }
    function onResize() {
      var width = Math.max(260, ui.traceBox.clientWidth || 600), now = sizes();
      if (now === drawnAt) { return; } else { drawnAt = now; }
      plots.forEach(function (p) { p.setSize({width: width, height: p.height}); });
      if (run && state.view !== "trace") { plot.set(preset, state, run, c); plot.paint(hoverIdx); }
    }
    function listen() {
      drawnAt = sizes(); observer = root.ResizeObserver
        ? new root.ResizeObserver(function () { root.requestAnimationFrame(onResize); }) : null;
      if (observer) { observer.observe(ui.views); } else {
        root.addEventListener("resize", onResize);
      }
      ui.phase.addEventListener("mousemove", onMove);
      ui.views.addEventListener("keydown", onKey);
      controls.click("reset", function () {
        state = W.published(payload); urlNotes = []; controls.set(state); redraw();
      });
      controls.click("copy-link", function () {
        var url = opts.link ? opts.link(state)
          : root.location.href.split(/[?#]/)[0] + W.stateQuery(state, payload);
        el.setAttribute("data-link", url); W.copyText(url);
        notice.textContent = "Link to this state: " + url;
      });
    }
    if (opts.slices) { cancel = opts.slices(steps); } else {
      for (var k = 0; k < steps.length; k++) { steps[k](); }
    }
    var api = {
      state: function () { return Object.assign({}, state); }, redraw: redraw,
      destroy: function () {
        if (cancel) { cancel(); cancel = null; }
        el.classList.remove("ig-building");
        if (observer) { observer.disconnect(); } else {
          root.removeEventListener("resize", onResize);
        }
        plots.forEach(function (p) { p.destroy(); });
        if (controls) { controls.destroy(); }
        if (snippet) { snippet.destroy(); }
        if (ui) { ui.built.forEach(function (node) { node.remove(); }); }
        el.igWidget = null;
      }
    };
    el.igWidget = api;
    return api;
  }

  G.presetWidget = {mount: mount};
})(typeof window !== "undefined" ? window : globalThis);
