/*
 * preset-widget.js: mount(el, payload) builds the live preset widget inside el.
 * Controls (a, b, c, d, amplitude, dt, scheme) re-simulate with model.js and redraw the
 * linked trace (uPlot: v, u, I on one time axis) and the phase plane (canvas).
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var W = G.widgets;

  function controlRow(name, label, value, range, onInput) {
    var row = W.el("div", {"class": "ig-control"});
    var id = "ig-" + name + "-" + Math.random().toString(36).slice(2, 8);
    row.appendChild(W.el("label", {"for": id}, label));
    var slider = W.el("input", {type: "range", id: id, min: String(range[0]), max: String(range[1]),
                                 step: String((range[1] - range[0]) / 1000), value: String(value)});
    var number = W.el("input", {type: "number", "aria-label": label + " value", step: "any",
                                 min: String(range[0]), max: String(range[1]), value: String(value)});
    slider.addEventListener("input", function () { number.value = slider.value; onInput(Number(slider.value)); });
    number.addEventListener("change", function () {
      var x = Number(number.value);
      if (number.value.trim() === "" || !isFinite(x)) { number.value = slider.value; return; }
      x = W.clamp(x, range[0], range[1]);
      number.value = String(x); slider.value = String(x); onInput(x);
    });
    row.appendChild(slider);
    row.appendChild(number);
    return {row: row, set: function (x) { slider.value = String(x); number.value = String(x); }};
  }

  function tracePlots(container, c, onHover) {
    var key = "ig-" + Math.random().toString(36).slice(2);
    var width = Math.max(280, container.clientWidth || 600);
    var plots = [["v", "v (mV)", c.v, 190], ["u", "u", c.u, 100], ["i", "I", c.i, 80]].map(function (spec, n) {
      var box = W.el("div", {"class": "ig-trace-" + spec[0]});
      container.appendChild(box);
      var axisStyle = {stroke: c.fg, grid: {stroke: c.grid}, ticks: {stroke: c.grid}};
      return new root.uPlot({
        width: width, height: spec[3], legend: {show: false},
        scales: {x: {time: false}},
        cursor: {sync: {key: key}, drag: {x: true, y: false}},
        axes: [Object.assign({label: n === 2 ? "t (ms)" : "", size: n === 2 ? 40 : 24}, axisStyle),
               Object.assign({label: spec[1], size: 60}, axisStyle)],
        series: [{label: "t"}, {label: spec[1], stroke: spec[2], width: 1.4}],
        hooks: {setCursor: [function (u) { if (u.cursor.idx !== null && u.cursor.idx !== undefined) { onHover(u.cursor.idx); } }]}
      }, [[], []], box);
    });
    return plots;
  }

  function drawPhase(canvas, state, run, preset, hoverIdx, c) {
    var ctx = canvas.getContext("2d");
    var ratio = root.devicePixelRatio || 1;
    var w = canvas.clientWidth || 420, h = canvas.clientHeight || 320;
    canvas.width = w * ratio; canvas.height = h * ratio;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    var m = preset.model, f = W.forms(preset, state);
    var vPeak = m.v_peak, vs = [], us = [];
    for (var k = 0; k < run.v.length; k++) { if (isFinite(run.v[k]) && isFinite(run.u[k])) { vs.push(run.v[k]); us.push(run.u[k]); } }
    var vMin = Math.min(-90, Math.min.apply(null, vs.length ? vs : [-80])) - 2;
    var vMax = vPeak + 5;
    var uLo = us.length ? Math.min.apply(null, us) : -20, uHi = us.length ? Math.max.apply(null, us) : 0;
    var pad = Math.max(2, 0.25 * (uHi - uLo));
    var uMin = uLo - pad, uMax = uHi + pad;
    var L = 56, R = 10, T = 10, B = 36;
    var X = function (v) { return L + (v - vMin) / (vMax - vMin) * (w - L - R); };
    var Y = function (u) { return h - B - (u - uMin) / (uMax - uMin) * (h - T - B); };
    ctx.font = "12px sans-serif"; ctx.fillStyle = c.fg; ctx.strokeStyle = c.grid; ctx.lineWidth = 1;
    ctx.strokeRect(L, T, w - L - R, h - T - B);
    ctx.fillText("v (mV)", w / 2, h - 6); ctx.save(); ctx.translate(14, h / 2); ctx.rotate(-Math.PI / 2); ctx.fillText("u", 0, 0); ctx.restore();
    [vMin, (vMin + vMax) / 2, vMax].forEach(function (v) { ctx.fillText(W.fmt(v, 3), X(v) - 10, h - B + 14); });
    [uMin, (uMin + uMax) / 2, uMax].forEach(function (u) { ctx.fillText(W.fmt(u, 3), 4, Y(u) + 4); });
    ctx.save(); ctx.beginPath(); ctx.rect(L, T, w - L - R, h - T - B); ctx.clip();
    var current = run.i[Math.min(hoverIdx, run.i.length - 1)];
    // flow field: direction of (v', u') on a grid, lengths normalised per arrow
    ctx.strokeStyle = c.grid; ctx.lineWidth = 1;
    for (var gx = 0; gx < 16; gx++) {
      for (var gy = 0; gy < 11; gy++) {
        var v0 = vMin + (gx + 0.5) / 16 * (vMax - vMin), u0 = uMin + (gy + 0.5) / 11 * (uMax - uMin);
        var dv = (f.F(v0) - u0 + current) / f.cap, du = state.a * (f.U(v0) - f.decay * u0);
        var px = dv / (vMax - vMin) * (w - L - R), py = -du / (uMax - uMin) * (h - T - B);
        var len = Math.sqrt(px * px + py * py) || 1;
        ctx.beginPath(); ctx.moveTo(X(v0), Y(u0)); ctx.lineTo(X(v0) + 9 * px / len, Y(u0) + 9 * py / len); ctx.stroke();
      }
    }
    // nullclines at the hovered current
    ctx.lineWidth = 2; ctx.strokeStyle = c.vnull; ctx.beginPath();
    for (var s = 0; s <= 200; s++) { var v1 = vMin + s / 200 * (vMax - vMin); var y1 = Y(f.F(v1) + current); if (s) { ctx.lineTo(X(v1), y1); } else { ctx.moveTo(X(v1), y1); } }
    ctx.stroke();
    ctx.strokeStyle = c.unull; ctx.beginPath();
    if (f.decay === 0) { ctx.moveTo(X(f.offset), T); ctx.lineTo(X(f.offset), h - B); } else {
      for (var q = 0; q <= 200; q++) { var v2 = vMin + q / 200 * (vMax - vMin); var y2 = Y(f.U(v2) / f.decay); if (q) { ctx.lineTo(X(v2), y2); } else { ctx.moveTo(X(v2), y2); } }
    }
    ctx.stroke();
    // threshold and reset lines
    ctx.setLineDash([4, 4]); ctx.lineWidth = 1; ctx.strokeStyle = c.fg;
    ctx.beginPath(); ctx.moveTo(X(vPeak), T); ctx.lineTo(X(vPeak), h - B); ctx.stroke();
    ctx.beginPath(); ctx.moveTo(X(state.c), T); ctx.lineTo(X(state.c), h - B); ctx.stroke();
    ctx.setLineDash([]);
    // trajectory coloured by time, broken at spikes; each reset drawn as a dashed jump
    var n = run.v.length, spikeAt = {};
    run.spikeIdx.forEach(function (k) { spikeAt[k] = true; });
    ctx.lineWidth = 1.5;
    for (var j = 1; j < n; j++) {
      if (!isFinite(run.v[j]) || spikeAt[j - 1]) { continue; }
      var frac = j / n;
      ctx.strokeStyle = "hsl(" + (260 - 220 * frac) + ",70%," + (c.dark ? 62 : 42) + "%)";
      ctx.beginPath(); ctx.moveTo(X(run.v[j - 1]), Y(run.u[j - 1])); ctx.lineTo(X(run.v[j]), Y(run.u[j])); ctx.stroke();
    }
    ctx.strokeStyle = c.reset; ctx.setLineDash([3, 3]);
    run.spikeIdx.forEach(function (k) {
      var after = k + 1 < n ? k + 1 : k;
      ctx.beginPath(); ctx.moveTo(X(run.v[k]), Y(run.u[k] - state.d)); ctx.lineTo(X(state.c), Y(run.u[k])); ctx.stroke();
      if (after !== k) { ctx.beginPath(); ctx.moveTo(X(state.c), Y(run.u[k])); ctx.lineTo(X(run.v[after]), Y(run.u[after])); ctx.stroke(); }
    });
    ctx.setLineDash([]);
    // fixed points: filled when stable, hollow when unstable
    var points = W.fixedPoints(f, state.a, current);
    points.forEach(function (p) {
      if (p.v < vMin || p.v > vMax) { return; }
      ctx.beginPath(); ctx.arc(X(p.v), Y(p.u), 5, 0, 2 * Math.PI);
      ctx.fillStyle = p.stable ? c.fg : c.bg; ctx.strokeStyle = c.fg; ctx.lineWidth = 1.5; ctx.fill(); ctx.stroke();
    });
    // hover marker
    var hv = run.v[hoverIdx], hu = run.u[hoverIdx];
    if (isFinite(hv) && isFinite(hu)) {
      ctx.beginPath(); ctx.arc(X(hv), Y(hu), 4, 0, 2 * Math.PI); ctx.fillStyle = c.marker; ctx.fill();
    }
    ctx.restore();
    return {X: X, Y: Y, points: points, current: current, invX: function (px) { return vMin + (px - L) / (w - L - R) * (vMax - vMin); },
            invY: function (py) { return uMin + (h - B - py) / (h - T - B) * (uMax - uMin); }};
  }

  function mount(el, payload, options) {
    var opts = options || {};
    var preset = payload.preset, c = W.colours();
    var parsed = opts.state ? {state: Object.assign({}, opts.state), notes: []}
      : W.parseState(opts.search !== undefined ? opts.search : root.location.search, payload);
    var state = parsed.state, r = W.ranges(preset), hoverIdx = 0, run = null, geometry = null;
    el.textContent = "";
    el.classList.add("ig-live");
    var notice = W.el("p", {"class": "ig-notice", role: "status", "aria-live": "polite"});
    var controls = W.el("div", {"class": "ig-controls", role: "group", "aria-label": "Model parameters"});
    var views = W.el("div", {"class": "ig-views"});
    var traceBox = W.el("div", {"class": "ig-trace", "aria-label": "Trace of v, u and I over time"});
    var phase = W.el("canvas", {"class": "ig-phase", role: "img", "aria-label": "Phase plane of v and u"});
    var stats = W.el("div", {"class": "ig-stats", "aria-live": "polite"});
    var rows = {};
    var update = function (key) { return function (x) { state[key] = x; redraw(); }; };
    [["a", "a"], ["b", "b"], ["c", "c"], ["d", "d"], ["amp", preset.stimulus.amplitude_label], ["dt", "dt (ms)"]].forEach(function (spec) {
      rows[spec[0]] = controlRow(spec[0], spec[1], state[spec[0]], r[spec[0]], update(spec[0]));
      controls.appendChild(rows[spec[0]].row);
    });
    var schemeBox = W.el("div", {"class": "ig-control"});
    var schemeId = "ig-scheme-" + Math.random().toString(36).slice(2, 8);
    schemeBox.appendChild(W.el("label", {"for": schemeId}, "scheme"));
    var select = W.el("select", {id: schemeId});
    W.SCHEMES.forEach(function (s) { var o = W.el("option", {value: s}, s); if (s === state.scheme) { o.selected = true; } select.appendChild(o); });
    select.addEventListener("change", function () { state.scheme = select.value; redraw(); });
    schemeBox.appendChild(select);
    controls.appendChild(schemeBox);
    var buttons = W.el("div", {"class": "ig-buttons"});
    var reset = W.el("button", {type: "button", "class": "md-button"}, "Reset to published");
    var copy = W.el("button", {type: "button", "class": "md-button"}, "Copy link");
    buttons.appendChild(reset); buttons.appendChild(copy);
    controls.appendChild(buttons);
    el.appendChild(controls); el.appendChild(notice);
    views.appendChild(traceBox); views.appendChild(phase);
    el.appendChild(views); el.appendChild(stats);
    var plots = tracePlots(traceBox, c, function (idx) { hoverIdx = idx; paintPhase(); });

    function paintPhase() { if (run && state.view !== "trace") { geometry = drawPhase(phase, state, run, preset, hoverIdx, c); } }

    function redraw() {
      var t0 = root.performance.now();
      traceBox.hidden = state.view === "phase"; phase.hidden = state.view === "trace";
      var tMax = preset.t_max_ms;
      if (tMax / state.dt > W.MAX_INTERACTIVE_STEPS) {
        notice.textContent = "dt = " + state.dt + " ms needs " + Math.round(tMax / state.dt) + " steps: too many to redraw interactively; choose a larger dt.";
        return;
      }
      try {
        var sim = G.model.simulate(preset, {amp: state.amp, dt: state.dt, scheme: state.scheme, a: state.a, b: state.b, c: state.c, d: state.d});
      } catch (error) { notice.textContent = String(error.message); return; }
      var t = Array.prototype.slice.call(sim.t);
      var spikeIdx = [], times = {};
      sim.spikes.forEach(function (s) { times[s] = true; });
      for (var k = 0; k < t.length; k++) { if (times[t[k]]) { spikeIdx.push(sim.scheme === "book-2007" ? k - 1 : k); } }
      run = {t: t, v: sim.v, u: sim.u, i: sim.i, spikeIdx: spikeIdx, spikes: sim.spikes};
      hoverIdx = Math.min(hoverIdx, t.length - 1);
      plots[0].setData([t, Array.prototype.slice.call(sim.v)]);
      plots[1].setData([t, Array.prototype.slice.call(sim.u)]);
      plots[2].setData([t, Array.prototype.slice.call(sim.i)]);
      var notes = parsed.notes.slice();
      if (sim.diverged !== null) { notes.push("The state ran away (not finite) at t = " + W.fmt(sim.diverged) + " ms: these parameters have no meaningful solution at this dt."); }
      else if (sim.spikes.length > t.length / 4) { notes.push("Firing at almost every step: a runaway, not a rhythm. Try a smaller |d| or dt."); }
      notice.textContent = notes.join(" ");
      var isis = []; for (var q = 1; q < sim.spikes.length; q++) { isis.push(sim.spikes[q] - sim.spikes[q - 1]); }
      stats.textContent = "";
      [["spikes", String(sim.spikes.length)], ["first spike", sim.spikes.length ? W.fmt(sim.spikes[0]) + " ms" : "–"],
       ["mean rate", W.fmt(1000 * sim.spikes.length / tMax, 3) + " Hz"],
       ["first / last ISI", isis.length ? W.fmt(isis[0]) + " / " + W.fmt(isis[isis.length - 1]) + " ms" : "–"]].forEach(function (pair) {
        var item = W.el("span", {"class": "ig-stat"}); item.appendChild(W.el("strong", {}, pair[0] + ": ")); item.appendChild(document.createTextNode(pair[1])); stats.appendChild(item);
      });
      paintPhase();
      if (geometry) {
        var fp = W.el("span", {"class": "ig-stat"});
        fp.appendChild(W.el("strong", {}, "fixed points at I = " + W.fmt(geometry.current, 3) + ": "));
        fp.appendChild(document.createTextNode(geometry.points.map(function (p) { return p.kind + " (" + W.fmt(p.v, 4) + " mV)"; }).join(", ") || "none"));
        stats.appendChild(fp);
      }
      el.setAttribute("data-spikes", String(sim.spikes.length));
      el.setAttribute("data-redraw-ms", String(root.performance.now() - t0));
      if (opts.onChange) { opts.onChange(state); }
    }

    phase.addEventListener("mousemove", function (event) {
      if (!geometry || !run) { return; }
      var rect = phase.getBoundingClientRect(), px = event.clientX - rect.left, py = event.clientY - rect.top;
      var best = 0, bestD = Infinity;
      for (var k = 0; k < run.t.length; k += 1) {
        var dx = geometry.X(run.v[k]) - px, dy = geometry.Y(run.u[k]) - py, dd = dx * dx + dy * dy;
        if (dd < bestD) { bestD = dd; best = k; }
      }
      hoverIdx = best;
      plots.forEach(function (p) { p.setCursor({left: p.valToPos(run.t[best], "x"), top: 10}); });
      paintPhase();
    });
    reset.addEventListener("click", function () {
      state = W.published(payload); parsed.notes = [];
      ["a", "b", "c", "d", "amp", "dt"].forEach(function (k) { rows[k].set(state[k]); });
      select.value = state.scheme; redraw();
    });
    copy.addEventListener("click", function () {
      var url = root.location.href.split(/[?#]/)[0] + W.stateQuery(state, payload);
      el.setAttribute("data-link", url);
      if (root.navigator.clipboard) { root.navigator.clipboard.writeText(url).catch(function () {}); }
      notice.textContent = "Link copied: " + url;
    });
    root.addEventListener("resize", function () {
      var width = Math.max(280, traceBox.clientWidth || 600);
      plots.forEach(function (p) { p.setSize({width: width, height: p.height}); });
      paintPhase();
    });
    redraw();
    return {state: function () { return state; }, redraw: redraw};
  }

  G.presetWidget = {mount: mount};
})(typeof window !== "undefined" ? window : globalThis);
