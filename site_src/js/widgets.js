/*
 * widgets.js: the reactive preset widget (controls, linked trace and phase plane, statistics).
 * Classic script under the global IzhGallery; needs model.js and uPlot (vendored, no CDN).
 *
 * The page declares <div data-widget="preset" data-payload="ID"> around the static figures and
 * an inline <script type="application/json" id="ID">. mountAll() binds every such element once
 * (idempotent); it runs on Material's document$ (instant navigation), on DOMContentLoaded, and
 * again when the colour palette changes. Nothing from the URL ever reaches the page as HTML:
 * every value is parsed as a number, checked and clamped, and text is set with textContent.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var MAX_INTERACTIVE_STEPS = 2000000;
  var NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
  var SCHEMES = ["published-2004", "book-2007", "euler", "network-2003"];

  // ---- state: ranges, URL parsing (strict), URL writing -----------------------------------

  function ranges(preset) {
    var m = preset.model, amps = preset.stimulus.amplitudes;
    var big = Math.max.apply(null, amps.map(Math.abs));
    var is2007 = m.form === "2007";
    var r = {
      a: is2007 ? [0, 0.5] : [-0.1, 1.2],
      b: is2007 ? [-5, 20] : [-1.2, 1.2],
      c: is2007 ? [-80, -20] : [-80, -30],
      d: is2007 ? [-50, 300] : [-25, 25],
      amp: big > 0 ? [Math.min(0, -2 * big, 2 * Math.min.apply(null, amps)), 2 * big] : [-10, 10],
      dt: [0.001, 1]
    };
    ["a", "b", "c", "d"].forEach(function (k) {  // the published value is always reachable
      r[k] = [Math.min(r[k][0], m[k]), Math.max(r[k][1], m[k])];
    });
    r.amp = [Math.min(r.amp[0], Math.min.apply(null, amps)), Math.max(r.amp[1], big)];
    return r;
  }

  function published(payload) {
    var p = payload.preset, amps = p.stimulus.amplitudes;
    return {a: p.model.a, b: p.model.b, c: p.model.c, d: p.model.d,
            amp: amps[amps.length - 1], dt: p.dt_ms, scheme: p.scheme, view: "both"};
  }

  function clamp(x, lo, hi) { return x < lo ? lo : (x > hi ? hi : x); }

  /* Parse a query string into state; returns {state, notes}. Unknown keys are ignored silently
     only if they are not ours; bad values of our keys are ignored with a note. */
  function parseState(search, payload, keys) {
    var state = published(payload), notes = [], r = ranges(payload.preset);
    var params = new URLSearchParams(search || "");
    ["a", "b", "c", "d", "amp", "dt"].forEach(function (key) {
      if (!params.has(key)) { return; }
      var text = params.get(key).trim();
      if (!NUMBER.test(text) || !isFinite(Number(text))) {
        notes.push("ignored " + key + ": not a number"); return;
      }
      var x = Number(text), y = clamp(x, r[key][0], r[key][1]);
      if (y !== x) { notes.push(key + " clamped to " + y); }
      state[key] = y;
    });
    if (params.has("scheme")) {
      var s = params.get("scheme");
      if (SCHEMES.indexOf(s) >= 0) { state.scheme = s; } else { notes.push("ignored scheme: unknown"); }
    }
    if (params.has("view")) {
      var v = params.get("view");
      if (["trace", "phase", "both"].indexOf(v) >= 0) { state.view = v; } else { notes.push("ignored view: unknown"); }
    }
    (keys || []).forEach(function () {});
    return {state: state, notes: notes};
  }

  function stateQuery(state, payload) {
    var base = published(payload), parts = [];
    ["a", "b", "c", "d", "amp", "dt", "scheme", "view"].forEach(function (k) {
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
    var bOf = function (v) {
      return m.b_hyper !== null && v <= m.b_switch_v ? (state.b === m.b ? m.b_hyper : m.b_hyper) : state.b;
    };
    var U = m.vb !== null
      ? function (v) { return v < m.vb ? 0 : state.b * Math.pow(v - m.vb, 3); }
      : function (v) { return bOf(v) * (v - m.u_v_offset); };
    var dU = m.vb !== null
      ? function (v) { return v < m.vb ? 0 : 3 * state.b * Math.pow(v - m.vb, 2); }
      : function (v) { return bOf(v); };
    return {cap: cap, F: F, dF: dF, U: U, dU: dU, decay: m.u_decay, offset: m.u_v_offset};
  }

  function fixedPoints(f, a, current) {
    var points = [];
    if (f.decay === 0) {  // u' = a b (v - offset): the u-nullcline is the line v = offset
      var v0 = f.offset;
      points.push({v: v0, u: f.F(v0) + current});
    } else {
      var g = function (v) { return f.F(v) + current - f.U(v) / f.decay; };
      var lo = -150, n = 3000, step = 250 / n, prev = g(lo);
      for (var k = 1; k <= n; k++) {
        var x = lo + k * step, gx = g(x);
        if (prev === 0 || prev * gx < 0) {
          var l = x - step, h = x;
          for (var it = 0; it < 60; it++) {
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

  // ---- drawing helpers -----------------------------------------------------------------------

  function colours() {
    var css = getComputedStyle(document.body);
    var fg = css.getPropertyValue("--md-default-fg-color").trim() || "#222";
    var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
    return {fg: fg, grid: dark ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.10)",
            v: dark ? "#56b4e9" : "#0072b2", u: dark ? "#f0a35e" : "#d55e00",
            i: dark ? "#4fd1a5" : "#009e73", vnull: dark ? "#56b4e9" : "#0072b2",
            unull: dark ? "#f0a35e" : "#d55e00", reset: dark ? "#cc79a7" : "#a03a7a",
            marker: dark ? "#ffffff" : "#000000", bg: dark ? "#1e2129" : "#ffffff", dark: dark};
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

  G.widgets = {parseState: parseState, stateQuery: stateQuery, ranges: ranges,
               fixedPoints: fixedPoints, forms: forms, colours: colours, el: el, fmt: fmt,
               published: published, clamp: clamp, MAX_INTERACTIVE_STEPS: MAX_INTERACTIVE_STEPS,
               SCHEMES: SCHEMES};
})(typeof window !== "undefined" ? window : globalThis);
