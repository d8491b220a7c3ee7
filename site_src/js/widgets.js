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

  G.widgets = {parseState: parseState, stateQuery: stateQuery, ranges: ranges,
               fixedPoints: fixedPoints, forms: forms, colours: colours, el: el, fmt: fmt,
               published: published, clamp: clamp, niceTicks: niceTicks, uid: uid,
               MAX_STEPS_PER_REDRAW: MAX_STEPS_PER_REDRAW, SCHEMES: SCHEMES, NUMERIC: NUMERIC};
})(typeof window !== "undefined" ? window : globalThis);
