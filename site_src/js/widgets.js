/*
 * widgets.js: shared pieces of the live widgets, under the global IzhGallery.widgets.
 * Classic script (file:// blocks ES modules); needs constants.js, model.js and phase-math.js.
 * No DOM work at load time.
 *
 *   parseState(search, payload, ranges, extraKeys) -> {state, notes}   strict URL parsing,
 *                                  clamped to ranges (readRanges: the page's sliders)
 *   stateQuery(state, payload)     "?d=4&amp=12" (only what differs from the published run)
 *   niceTicks(lo, hi, n)           1-2-5 tick positions
 *
 * Nothing from the URL ever reaches the page as HTML: every value is parsed as a number,
 * checked and clamped, and all text is set with textContent.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var C = G.constants;
  var MAX_STEPS_PER_REDRAW = C.MAX_STEPS_PER_REDRAW;  // keeps a redraw within a few frames
  var NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
  var SCHEMES = C.SCHEMES;
  var NUMERIC = ["a", "b", "c", "d", "amp", "dt"];
  var VIEWS = ["trace", "phase", "both"];

  // ---- state: URL parsing (strict), URL writing ---------------------------------------------

  function published(payload) {
    var p = payload.preset, amps = p.stimulus.amplitudes;
    return {a: p.model.a, b: p.model.b, c: p.model.c, d: p.model.d,
            amp: amps[amps.length - 1], dt: p.dt_ms, scheme: p.scheme, view: "both"};
  }

  function clamp(x, lo, hi) { return x < lo ? lo : (x > hi ? hi : x); }

  function shortText(s) { return s.length > 24 ? s.slice(0, 24) + "…" : s; }

  /* Parse a query string into state; returns {state, notes}. Bad values of our keys are
     ignored and values outside ranges ({a: [lo, hi], ...}) clamped, each with a note. With
     extraKeys (an array), any other key is reported as unknown too (embeds); without it,
     other keys are left alone. */
  function parseState(search, payload, ranges, extraKeys) {
    var state = published(payload), notes = [], r = ranges;
    var params = new URLSearchParams(search || "");
    NUMERIC.forEach(function (key) {
      if (!params.has(key)) { return; }
      var text = params.getAll(key).pop().trim();
      if (!NUMBER.test(text) || !isFinite(Number(text))) {
        notes.push("Ignored " + key + ": not a number."); return;
      }
      var x = Number(text), y = clamp(x, r[key][0], r[key][1]);
      if (y !== x) {
        notes.push(key + " clamped to " + y + " (range " + r[key][0] + " to " + r[key][1] + ").");
      }
      state[key] = y;
    });
    [["scheme", SCHEMES], ["view", VIEWS]].forEach(function (spec) {
      if (!params.has(spec[0])) { return; }
      var value = params.get(spec[0]);
      if (spec[1].indexOf(value) >= 0) { state[spec[0]] = value; } else {
        notes.push("Ignored " + spec[0] + ": unknown value.");
      }
    });
    if (extraKeys) {
      var known = NUMERIC.concat(["scheme", "view"], extraKeys), seen = {};
      params.forEach(function (value, key) {
        if (known.indexOf(key) >= 0 || seen[key]) { return; }
        seen[key] = true;
        notes.push("Ignored unknown parameter \u201c" + shortText(key) + "\u201d.");
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

  /* The palette of the page's scheme: the Okabe-Ito hues of the static figures (constants.js),
     plus the widget's own translucent greys and the hover marker. */
  function colours() {
    var css = getComputedStyle(document.body);
    var fg = css.getPropertyValue("--md-default-fg-color").trim() || "#222";
    var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
    var th = C.THEMES[dark ? "dark" : "light"];
    return {fg: fg, muted: dark ? "rgba(226,228,233,0.6)" : "rgba(0,0,0,0.55)",
            grid: dark ? "rgba(255,255,255,0.10)" : "rgba(0,0,0,0.08)",
            flow: dark ? "rgba(255,255,255,0.22)" : "rgba(0,0,0,0.20)",
            v: th.v, u: th.u, i: th.i_ext, vnull: th.v, unull: th.u, reset: th.accent,
            marker: dark ? "#ff6b6b" : "#d62728", bg: th.background, dark: dark};
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

  G.widgets = {parseState: parseState, stateQuery: stateQuery,
               fixedPoints: G.phaseMath.fixedPoints, forms: G.phaseMath.forms,
               colours: colours, el: el, fmt: fmt, RUNAWAY: C.RUNAWAY_SPIKE_FRACTION,
               published: published, clamp: clamp, niceTicks: niceTicks, uid: uid,
               MAX_STEPS_PER_REDRAW: MAX_STEPS_PER_REDRAW, SCHEMES: SCHEMES, NUMERIC: NUMERIC};
})(typeof window !== "undefined" ? window : globalThis);
