/*
 * widgets.js: shared pieces of the live widgets, under the global IzhGallery.widgets.
 * Classic script (file:// blocks ES modules); needs model.js. No DOM work at load time.
 *
 *   ranges(preset)                 documented range of every control: {a: [lo, hi], ...}
 *   parseState(search, payload, extraKeys) -> {state, notes}   strict URL parsing, clamped
 *   stateQuery(state, payload)     "?d=4&amp=12" (only what differs from the published run)
 *   forms / fixedPoints            phase-plane math (nullclines, fixed points, stability)
 *   niceTicks(lo, hi, n)           1-2-5 tick positions
 *
 * Nothing from the URL ever reaches the page as HTML: every value is parsed as a number,
 * checked and clamped, and all text is set with textContent.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var MAX_STEPS_PER_REDRAW = 200000;  // keeps one redraw well under a frame budget * 10
  var NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
  var SCHEMES = ["published-2004", "book-2007", "euler", "network-2003", "reference"];
  var NUMERIC = ["a", "b", "c", "d", "amp", "dt"];
  var VIEWS = ["trace", "phase", "both"];

  // ---- state: ranges, URL parsing (strict), URL writing -----------------------------------

  /* The range of every control. The published value is always inside; dt never asks for more
     than MAX_STEPS_PER_REDRAW steps, so no URL can freeze the tab. */
  function ranges(preset) {
    var m = preset.model, amps = preset.stimulus.amplitudes;
    var big = Math.max.apply(null, amps.map(Math.abs));
    var is2007 = m.form === "2007";
    var r = {
      a: is2007 ? [0, 0.5] : [-0.1, 1.2],
      b: is2007 ? [-5, 20] : [-1.2, 1.2],
      c: is2007 ? [-80, -20] : [-80, -30],
      d: is2007 ? [-50, 300] : [-25, 25],
      amp: big > 0 ? [Math.min(0, 2 * Math.min.apply(null, amps)), 2 * big] : [-10, 10],
      dt: [Math.max(0.001, Math.ceil(preset.t_max_ms / MAX_STEPS_PER_REDRAW * 1000) / 1000), 1]
    };
    ["a", "b", "c", "d"].forEach(function (k) {
      r[k] = [Math.min(r[k][0], m[k]), Math.max(r[k][1], m[k])];
    });
    r.amp = [Math.min(r.amp[0], Math.min.apply(null, amps)), Math.max(r.amp[1], big)];
    r.dt = [Math.min(r.dt[0], preset.dt_ms), Math.max(r.dt[1], preset.dt_ms)];
    return r;
  }

  function published(payload) {
    var p = payload.preset, amps = p.stimulus.amplitudes;
    return {a: p.model.a, b: p.model.b, c: p.model.c, d: p.model.d,
            amp: amps[amps.length - 1], dt: p.dt_ms, scheme: p.scheme, view: "both"};
  }

  function clamp(x, lo, hi) { return x < lo ? lo : (x > hi ? hi : x); }

  function shortText(s) { return s.length > 24 ? s.slice(0, 24) + "…" : s; }

  /* Parse a query string into state; returns {state, notes}. Bad values of our keys are
     ignored and clamped values kept, each with a note. With extraKeys (an array), any other
     key is reported as unknown too (embeds); without it, other keys are left alone. */
  function parseState(search, payload, extraKeys) {
    var state = published(payload), notes = [], r = ranges(payload.preset);
    var params = new URLSearchParams(search || "");
    NUMERIC.forEach(function (key) {
      if (!params.has(key)) { return; }
      var text = params.getAll(key).pop().trim();
      if (!NUMBER.test(text) || !isFinite(Number(text))) {
        notes.push("Ignored " + key + ": not a number."); return;
      }
      var x = Number(text), y = clamp(x, r[key][0], r[key][1]);
      if (y !== x) { notes.push(key + " clamped to " + y + " (range " + r[key][0] + " to " + r[key][1] + ")."); }
      state[key] = y;
    });
    [["scheme", SCHEMES], ["view", VIEWS]].forEach(function (spec) {
      if (!params.has(spec[0])) { return; }
      var value = params.get(spec[0]);
      if (spec[1].indexOf(value) >= 0) { state[spec[0]] = value; } else { notes.push("Ignored " + spec[0] + ": unknown value."); }
    });
    if (extraKeys) {
      var known = NUMERIC.concat(["scheme", "view"], extraKeys), seen = {};
      params.forEach(function (value, key) {
        if (known.indexOf(key) < 0 && !seen[key]) { seen[key] = true; notes.push("Ignored unknown parameter \u201c" + shortText(key) + "\u201d."); }
      });
    }
    return {state: state, notes: notes};
  }

  function stateQuery(state, payload) {
    var base = published(payload), parts = [];
    NUMERIC.concat(["scheme", "view"]).forEach(function (k) {
      if (state[k] !== base[k]) { parts.push(k + "=" + encodeURIComponent(String(state[k]))); }
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  // ---- phase-plane math (closed forms, evaluated numerically for the piecewise cases) ------

  function forms(preset, state) {
    var m = preset.model;
    var is2007 = m.form === "2007";
    var cap = is2007 ? m.C : 1;
    var F = is2007 ? function (v) { return m.k * (v - m.vr) * (v - m.vt); }
                   : function (v) { return m.k2 * v * v + m.k1 * v + m.k0; };
    var dF = is2007 ? function (v) { return m.k * (2 * v - m.vr - m.vt); }
                    : function (v) { return 2 * m.k2 * v + m.k1; };
    var bOf = function (v) { return m.b_hyper !== null && v <= m.b_switch_v ? m.b_hyper : state.b; };
    var U = m.vb !== null
      ? function (v) { return v < m.vb ? 0 : state.b * Math.pow(v - m.vb, 3); }
      : function (v) { return bOf(v) * (v - m.u_v_offset); };
    var dU = m.vb !== null
      ? function (v) { return v < m.vb ? 0 : 3 * state.b * Math.pow(v - m.vb, 2); }
      : function (v) { return bOf(v); };
    return {cap: cap, F: F, dF: dF, U: U, dU: dU, decay: m.u_decay, offset: m.u_v_offset};
  }

  /* Fixed points at a constant current: roots of F(v) + I - U(v)/decay, bracketed on a grid
     and bisected; stability from the Jacobian's trace and determinant. */
  function fixedPoints(f, a, current) {
    var points = [];
    if (f.decay === 0) {  // u' = a b (v - offset): the u-nullcline is the line v = offset
      points.push({v: f.offset, u: f.F(f.offset) + current});
    } else {
      var g = function (v) { return f.F(v) + current - f.U(v) / f.decay; };
      var lo = -150, n = 1000, step = 250 / n, prev = g(lo);
      for (var k = 1; k <= n; k++) {
        var x = lo + k * step, gx = g(x);
        if (prev === 0 || prev * gx < 0) {
          var l = x - step, h = x;
          for (var it = 0; it < 50; it++) {
            var mid = 0.5 * (l + h);
            if (g(l) * g(mid) <= 0) { h = mid; } else { l = mid; }
          }
          var v = 0.5 * (l + h);
          points.push({v: v, u: f.F(v) + current});
        }
        prev = gx;
      }
    }
    return points.map(function (p) {
      var j11 = f.dF(p.v) / f.cap, j12 = -1 / f.cap, j21 = a * f.dU(p.v), j22 = -a * f.decay;
      var tr = j11 + j22, det = j11 * j22 - j12 * j21, disc = tr * tr - 4 * det;
      var kind = det < 0 ? "saddle" : (disc < 0 ? "focus" : "node");
      p.stable = det > 0 && tr < 0;
      p.kind = (kind === "saddle" ? "" : (p.stable ? "stable " : "unstable ")) + kind;
      return p;
    });
  }

  // ---- small helpers -------------------------------------------------------------------------

  /* Tick positions with a 1-2-5 step, about n of them, inside [lo, hi]. */
  function niceTicks(lo, hi, n) {
    var raw = (hi - lo) / Math.max(1, n), mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (s) { return s * mag; }).reduce(function (best, s) {
      return Math.abs((hi - lo) / s - n) < Math.abs((hi - lo) / best - n) ? s : best;
    });
    var ticks = [];
    for (var x = Math.ceil(lo / step) * step; x <= hi + 1e-9 * step; x += step) {
      ticks.push(Number(x.toPrecision(12)));
    }
    return ticks;
  }

  function colours() {
    var css = getComputedStyle(document.body);
    var fg = css.getPropertyValue("--md-default-fg-color").trim() || "#222";
    var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
    return {fg: fg, muted: dark ? "rgba(226,228,233,0.6)" : "rgba(0,0,0,0.55)",
            grid: dark ? "rgba(255,255,255,0.10)" : "rgba(0,0,0,0.08)",
            flow: dark ? "rgba(255,255,255,0.22)" : "rgba(0,0,0,0.20)",
            v: dark ? "#56b4e9" : "#0072b2", u: dark ? "#f0a35e" : "#d55e00",
            i: dark ? "#4fd1a5" : "#009e73", vnull: dark ? "#56b4e9" : "#0072b2",
            unull: dark ? "#f0a35e" : "#d55e00", reset: dark ? "#e08cc0" : "#a03a7a",
            marker: dark ? "#ff6b6b" : "#d62728", bg: dark ? "#1e2129" : "#ffffff", dark: dark};
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function fmt(x, digits) {
    if (x === null || x === undefined || !isFinite(x)) { return "–"; }
    return Number(x.toPrecision(digits || 4)).toString();
  }

  var counter = 0;
  function uid(prefix) { counter += 1; return prefix + "-" + counter; }

  // ---- the phase plane (canvas) -------------------------------------------------------------
  /* phasePlot(canvas, legend): set(preset, state, run, colours) draws the parts that do not
     depend on the hovered time into two cached layers (axes; trajectory and resets);
     paint(idx) composes them with what does: flow field, nullclines and fixed points for the
     current I(t_idx), and the marker. nearest(x, y) is the run index closest to a pixel. */
  function phasePlot(canvas, legend) {
    var axesLayer = document.createElement("canvas"), trajLayer = document.createElement("canvas");
    var view = null, legendCurrent = el("span", {}), legendPoints = el("span", {});
    [["ig-key-vnull", [legendCurrent]], ["ig-key-unull", ["u-nullcline"]], ["ig-key-traj", ["trajectory, early \u2192 late"]],
     ["ig-key-reset", ["reset jump (v_peak, u) \u2192 (c, u + d)"]], ["ig-key-lines", ["v_peak and c"]],
     ["ig-key-fp", ["fixed points: filled stable, hollow unstable"]], ["ig-key-marker", ["hovered instant"]]].forEach(function (spec) {
      var item = el("span", {"class": "ig-key " + spec[0]});
      item.appendChild(el("span", {"class": "ig-swatch", "aria-hidden": "true"}));
      spec[1].forEach(function (part) { item.appendChild(typeof part === "string" ? document.createTextNode(part) : part); });
      legend.appendChild(item);
    });
    legend.appendChild(legendPoints);

    function setup(layer, w, h, ratio) {
      layer.width = Math.round(w * ratio); layer.height = Math.round(h * ratio);
      var ctx = layer.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0); ctx.clearRect(0, 0, w, h);
      return ctx;
    }

    function window_(preset, state, run) {  // loops, not Math.min.apply: runs can be 200k long
      var vLo = Infinity, uLo = Infinity, uHi = -Infinity;
      for (var k = 0; k < run.v.length; k++) {
        var v = run.v[k], u = run.u[k];
        if (!isFinite(v) || !isFinite(u)) { continue; }
        if (v < vLo) { vLo = v; }
        if (u < uLo) { uLo = u; }
        if (u > uHi) { uHi = u; }
      }
      if (uLo > uHi) { uLo = -20; uHi = 0; vLo = -80; }
      vLo = Math.max(Math.min(-85, state.c, vLo), -300);  // a runaway must not flatten the view
      var pad = Math.max(2, 0.2 * (uHi - uLo));
      return {vMin: vLo - 3, vMax: preset.model.v_peak + 5, uMin: uLo - pad, uMax: uHi + pad};
    }

    function drawAxes(ctx, v, c, state, preset) {
      var w = v.w, h = v.h;
      ctx.font = "11px system-ui, sans-serif"; ctx.lineWidth = 1;
      ctx.strokeStyle = c.grid; ctx.fillStyle = c.muted; ctx.textBaseline = "middle";
      v.vTicks.forEach(function (x) {
        ctx.beginPath(); ctx.moveTo(v.X(x), v.T); ctx.lineTo(v.X(x), h - v.B); ctx.stroke();
        ctx.textAlign = "center"; ctx.fillText(fmt(x, 6), v.X(x), h - v.B + 12);
      });
      v.uTicks.forEach(function (y) {
        ctx.beginPath(); ctx.moveTo(v.L, v.Y(y)); ctx.lineTo(w - v.R, v.Y(y)); ctx.stroke();
        ctx.textAlign = "right"; ctx.fillText(fmt(y, 6), v.L - 5, v.Y(y));
      });
      ctx.fillStyle = c.fg; ctx.textAlign = "center"; ctx.font = "12px system-ui, sans-serif";
      ctx.fillText("v (mV)", v.L + (w - v.L - v.R) / 2, h - 9);
      ctx.save(); ctx.translate(10, v.T + (h - v.T - v.B) / 2); ctx.rotate(-Math.PI / 2); ctx.fillText("u", 0, 0); ctx.restore();
      ctx.strokeStyle = c.muted; ctx.strokeRect(v.L, v.T, w - v.L - v.R, h - v.T - v.B);
      ctx.save(); ctx.beginPath(); ctx.rect(v.L, v.T, w - v.L - v.R, h - v.T - v.B); ctx.clip();
      ctx.setLineDash([4, 4]); ctx.strokeStyle = c.muted;
      [preset.model.v_peak, state.c].forEach(function (x) { ctx.beginPath(); ctx.moveTo(v.X(x), v.T); ctx.lineTo(v.X(x), h - v.B); ctx.stroke(); });
      ctx.restore();
    }

    function drawTrajectory(ctx, v, c, state, run) {
      var n = run.v.length, bands = 48, spikeAt = {};
      run.spikeIdx.forEach(function (k) { spikeAt[k] = true; });
      ctx.save(); ctx.beginPath(); ctx.rect(v.L, v.T, v.w - v.L - v.R, v.h - v.T - v.B); ctx.clip();
      ctx.lineWidth = 1.6; ctx.lineJoin = "round";
      for (var b = 0; b < bands; b++) {
        var from = Math.max(1, Math.floor(b * n / bands)), to = Math.floor((b + 1) * n / bands), pen = false;
        ctx.strokeStyle = "hsl(" + (260 - 220 * b / bands) + ",70%," + (c.dark ? 64 : 42) + "%)";
        ctx.beginPath();
        for (var j = from; j < to; j++) {
          if (!isFinite(run.v[j]) || !isFinite(run.v[j - 1]) || spikeAt[j - 1]) { pen = false; continue; }
          if (!pen) { ctx.moveTo(v.X(run.v[j - 1]), v.Y(run.u[j - 1])); pen = true; }
          ctx.lineTo(v.X(run.v[j]), v.Y(run.u[j]));
        }
        ctx.stroke();
      }
      ctx.strokeStyle = c.reset; ctx.lineWidth = 1.2; ctx.setLineDash([3, 3]); ctx.beginPath();
      run.resets.forEach(function (r) {
        if (r.every(isFinite)) { ctx.moveTo(v.X(r[0]), v.Y(r[1])); ctx.lineTo(v.X(r[2]), v.Y(r[3])); }
      });
      ctx.stroke(); ctx.restore();
    }

    function set(preset, state, run, c) {
      var ratio = root.devicePixelRatio || 1;
      var w = canvas.clientWidth || 420, h = canvas.clientHeight || 320;
      var win = window_(preset, state, run);
      var vTicks = niceTicks(win.vMin, win.vMax, Math.max(3, Math.round(w / 80)));
      var uTicks = niceTicks(win.uMin, win.uMax, Math.max(3, Math.round(h / 55)));
      var probe = axesLayer.getContext("2d"); probe.font = "11px system-ui, sans-serif";
      var widest = Math.max.apply(null, uTicks.map(function (y) { return probe.measureText(fmt(y, 6)).width; }));
      var L = Math.ceil(widest) + 26, R = 10, T = 8, B = 34;
      view = {w: w, h: h, ratio: ratio, L: L, R: R, T: T, B: B, vTicks: vTicks, uTicks: uTicks, win: win,
              preset: preset, state: state, run: run, c: c, f: forms(preset, state),
              X: function (x) { return L + (x - win.vMin) / (win.vMax - win.vMin) * (w - L - R); },
              Y: function (y) { return h - B - (y - win.uMin) / (win.uMax - win.uMin) * (h - T - B); }};
      drawAxes(setup(axesLayer, w, h, ratio), view, c, state, preset);
      drawTrajectory(setup(trajLayer, w, h, ratio), view, c, state, run);
    }

    function curve(ctx, v, fn) {
      var pen = false, lo = v.win.uMin - (v.win.uMax - v.win.uMin), hi = v.win.uMax + (v.win.uMax - v.win.uMin);
      ctx.beginPath();
      for (var s = 0; s <= 240; s++) {
        var x = v.win.vMin + s / 240 * (v.win.vMax - v.win.vMin), y = fn(x);
        if (!isFinite(y) || y < lo || y > hi) { pen = false; continue; }
        if (pen) { ctx.lineTo(v.X(x), v.Y(y)); } else { ctx.moveTo(v.X(x), v.Y(y)); pen = true; }
      }
      ctx.stroke();
    }

    function paint(idx) {
      if (!view) { return null; }
      var v = view, c = v.c, f = v.f, run = v.run, ctx = canvas.getContext("2d");
      canvas.width = Math.round(v.w * v.ratio); canvas.height = Math.round(v.h * v.ratio);
      ctx.drawImage(axesLayer, 0, 0);
      ctx.setTransform(v.ratio, 0, 0, v.ratio, 0, 0);
      var k = Math.max(0, Math.min(idx || 0, run.i.length - 1)), current = run.i[k];
      ctx.save(); ctx.beginPath(); ctx.rect(v.L, v.T, v.w - v.L - v.R, v.h - v.T - v.B); ctx.clip();
      ctx.strokeStyle = c.flow; ctx.lineWidth = 1;  // flow field: direction only, fixed length
      var nx = Math.max(8, Math.round((v.w - v.L - v.R) / 30)), ny = Math.max(6, Math.round((v.h - v.T - v.B) / 30));
      ctx.beginPath();
      for (var gx = 0; gx < nx; gx++) {
        for (var gy = 0; gy < ny; gy++) {
          var v0 = v.win.vMin + (gx + 0.5) / nx * (v.win.vMax - v.win.vMin), u0 = v.win.uMin + (gy + 0.5) / ny * (v.win.uMax - v.win.uMin);
          var px = (f.F(v0) - u0 + current) / f.cap / (v.win.vMax - v.win.vMin) * (v.w - v.L - v.R);
          var py = -v.state.a * (f.U(v0) - f.decay * u0) / (v.win.uMax - v.win.uMin) * (v.h - v.T - v.B);
          var len = Math.sqrt(px * px + py * py);
          if (!(len > 0) || !isFinite(len)) { continue; }
          var ex = px / len, ey = py / len, x0 = v.X(v0) - 5 * ex, y0 = v.Y(u0) - 5 * ey, x1 = x0 + 10 * ex, y1 = y0 + 10 * ey;
          ctx.moveTo(x0, y0); ctx.lineTo(x1, y1);
          ctx.moveTo(x1 - 3 * ex + 2 * ey, y1 - 3 * ey - 2 * ex); ctx.lineTo(x1, y1); ctx.lineTo(x1 - 3 * ex - 2 * ey, y1 - 3 * ey + 2 * ex);
        }
      }
      ctx.stroke();
      ctx.restore();
      ctx.drawImage(trajLayer, 0, 0, v.w, v.h);
      ctx.save(); ctx.beginPath(); ctx.rect(v.L, v.T, v.w - v.L - v.R, v.h - v.T - v.B); ctx.clip();
      ctx.lineWidth = 2.2; ctx.strokeStyle = c.vnull;
      curve(ctx, v, function (x) { return f.F(x) + current; });
      ctx.strokeStyle = c.unull;
      if (f.decay === 0) { ctx.beginPath(); ctx.moveTo(v.X(f.offset), v.T); ctx.lineTo(v.X(f.offset), v.h - v.B); ctx.stroke(); }
      else { curve(ctx, v, function (x) { return f.U(x) / f.decay; }); }
      var points = fixedPoints(f, v.state.a, current);
      points.forEach(function (p) {
        ctx.beginPath(); ctx.arc(v.X(p.v), v.Y(p.u), 5, 0, 2 * Math.PI);
        ctx.fillStyle = p.stable ? c.fg : c.bg; ctx.strokeStyle = c.fg; ctx.lineWidth = 1.5; ctx.fill(); ctx.stroke();
      });
      var hv = run.v[k], hu = run.u[k];
      if (isFinite(hv) && isFinite(hu)) {  // the hovered instant: a ring with a cross, unlike any fixed point
        var mx = v.X(hv), my = v.Y(hu);
        ctx.strokeStyle = c.marker; ctx.lineWidth = 2;
        ctx.beginPath(); ctx.arc(mx, my, 6, 0, 2 * Math.PI); ctx.moveTo(mx - 10, my); ctx.lineTo(mx + 10, my); ctx.moveTo(mx, my - 10); ctx.lineTo(mx, my + 10); ctx.stroke();
      }
      ctx.restore();
      legendCurrent.textContent = "v-nullcline at I = " + fmt(current, 4) + " (t = " + fmt(run.t[k], 5) + " ms)";
      legendPoints.textContent = points.length ? "" : "no fixed point at this I";
      return {points: points, current: current};
    }

    function nearest(px, py) {
      if (!view) { return 0; }
      var best = 0, bestD = Infinity, run = view.run;
      for (var k = 0; k < run.t.length; k++) {
        var dx = view.X(run.v[k]) - px, dy = view.Y(run.u[k]) - py, dd = dx * dx + dy * dy;
        if (dd < bestD) { bestD = dd; best = k; }
      }
      return best;
    }

    return {set: set, paint: paint, nearest: nearest};
  }

  G.widgets = {parseState: parseState, stateQuery: stateQuery, ranges: ranges,
               fixedPoints: fixedPoints, forms: forms, colours: colours, el: el, fmt: fmt,
               published: published, clamp: clamp, niceTicks: niceTicks, uid: uid, phasePlot: phasePlot,
               MAX_STEPS_PER_REDRAW: MAX_STEPS_PER_REDRAW, SCHEMES: SCHEMES, NUMERIC: NUMERIC};
})(typeof window !== "undefined" ? window : globalThis);
