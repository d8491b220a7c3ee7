/*
 * model.js: the browser twin of gallery/kernels.py, gallery/grid.py and gallery/stimulus.py.
 * Pure math, no DOM. A classic script (file:// blocks ES modules) that defines one global,
 * IzhGallery.model. Same operations in the same order as the Python kernels, so a run gives
 * identical spike times (checked by tests/test_model_js.py on every preset).
 *
 *   var run = IzhGallery.model.simulate(payload.preset, {amp: 14, dt: 0.25, a: 0.02});
 *   run.t, run.v, run.u, run.i   // Float64Array
 *   run.spikes                   // spike times [ms]
 *   run.diverged                 // null, or the time [ms] at which the state became non-finite
 */
(function (root) {
  "use strict";

  var MAX_STEPS = 10000000;

  function evaluate(tree, env) {
    if (typeof tree === "number") { return tree; }
    if (typeof tree === "string") { return env[tree]; }
    if (tree[0] === "neg") { return -evaluate(tree[1], env); }
    var left = evaluate(tree[1], env);
    var right = evaluate(tree[2], env);
    switch (tree[0]) {
      case "+": return left + right;
      case "-": return left - right;
      case "*": return left * right;
      default: return left / right;
    }
  }

  function grid(scheme, dt, tMax) {
    // published: 0:dt:T with both ends (MATLAB colon); book-2007: round(T/dt) samples from 0.
    var n = scheme === "book-2007" ? Math.round(tMax / dt) : Math.floor(tMax / dt + 1e-9) + 1;
    var t = new Float64Array(n);
    for (var k = 0; k < n; k++) { t[k] = k * dt; }
    return t;
  }

  function current(stimulus, t, amp) {
    var tEnd = t[t.length - 1];
    var i = new Float64Array(t.length);
    var edges = stimulus.windows.map(function (w) {
      return [w.start === null ? -Infinity : evaluate(w.start, {t_end: tEnd}),
              w.end === null ? Infinity : evaluate(w.end, {t_end: tEnd})];
    });
    for (var k = 0; k < t.length; k++) {
      var value = null;
      for (var j = 0; j < stimulus.windows.length && value === null; j++) {
        var w = stimulus.windows[j];
        var after = w.bounds[0] === "[" ? t[k] >= edges[j][0] : t[k] > edges[j][0];
        var before = w.bounds[1] === "]" ? t[k] <= edges[j][1] : t[k] < edges[j][1];
        if (after && before) { value = evaluate(w.value, {t: t[k], t_end: tEnd, amp: amp}); }
      }
      i[k] = value === null ? evaluate(stimulus.baseline, {t: t[k], t_end: tEnd, amp: amp}) : value;
    }
    return i;
  }

  function params(preset, overrides) {
    var m = preset.model;
    var o = overrides || {};
    var pick = function (name) { return o[name] !== undefined ? o[name] : m[name]; };
    var is2007 = m.form === "2007";
    return {
      form2007: is2007, k2: m.k2, k1: m.k1, k0: m.k0, cap: is2007 ? m.C : 1.0, k: m.k,
      vr: m.vr, vt: m.vt, a: pick("a"), b: pick("b"),
      bHyper: m.b_hyper === null ? pick("b") : m.b_hyper,
      bSwitchV: m.b_switch_v === null ? -Infinity : m.b_switch_v,
      uVOffset: m.u_v_offset, uDecay: m.u_decay, vb: m.vb === null ? NaN : m.vb,
      c: pick("c"), cU: m.c_u, d: pick("d"), uMax: m.u_max === null ? Infinity : m.u_max,
      vPeak: m.v_peak, vPeakU: m.v_peak_u, strict: m.spike_test === ">"
    };
  }

  function eulerV(v, u, i, h, p) {
    if (p.form2007) { return v + h * (p.k * (v - p.vr) * (v - p.vt) - u + i) / p.cap; }
    return v + h * (p.k2 * (v * v) + p.k1 * v + p.k0 - u + i);
  }

  function driveU(v, vBranch, u, p) {
    var target;
    if (p.vb === p.vb) {
      target = vBranch < p.vb ? 0.0 : p.b * Math.pow(v - p.vb, 3.0);
    } else {
      var b = vBranch <= p.bSwitchV ? p.bHyper : p.b;
      target = b * (v - p.uVOffset);
    }
    return target - p.uDecay * u;
  }

  function crossed(v, peak, strict) { return strict ? v > peak : v >= peak; }
  function resetU(u, p) { var x = u + p.d; return x < p.uMax ? x : p.uMax; }

  // One step of each scheme: state {v, u} in, {v, u, spiked, peak} out (peak: the stored value).
  var STEPS = {
    "published-2004": function (s, i, dt, p) {
      var v = eulerV(s.v, s.u, i, dt, p);
      var u = s.u + dt * p.a * driveU(v, v, s.u, p);
      var peak = p.vPeak + p.vPeakU * u;
      if (crossed(v, peak, p.strict)) { return {v: p.c + p.cU * u, u: resetU(u, p), spiked: true, shown: peak}; }
      return {v: v, u: u, spiked: false, shown: v};
    },
    "euler": function (s, i, dt, p) {
      var v = eulerV(s.v, s.u, i, dt, p);
      var u = s.u + dt * p.a * driveU(s.v, s.v, s.u, p);
      var peak = p.vPeak + p.vPeakU * u;
      if (crossed(v, peak, p.strict)) { return {v: p.c + p.cU * u, u: resetU(u, p), spiked: true, shown: peak}; }
      return {v: v, u: u, spiked: false, shown: v};
    },
    "book-2007": function (s, i, dt, p) {
      var v = eulerV(s.v, s.u, i, dt, p);
      var u = s.u + dt * p.a * driveU(s.v, v, s.u, p);
      var peak = p.vPeak + p.vPeakU * u;
      if (crossed(v, peak, p.strict)) { return {v: p.c + p.cU * u, u: resetU(u, p), spiked: true, shown: peak}; }
      return {v: v, u: u, spiked: false, shown: v};
    },
    "network-2003": function (s, i, dt, p) {
      var v = s.v, u = s.u, spiked = false, shown = NaN;
      if (v >= p.vPeak + p.vPeakU * u) { spiked = true; shown = v; v = p.c + p.cU * u; u = resetU(u, p); }
      v = eulerV(v, u, i, dt * 0.5, p);
      v = eulerV(v, u, i, dt * 0.5, p);
      u = u + dt * p.a * driveU(v, v, u, p);
      return {v: v, u: u, spiked: spiked, shown: spiked ? shown : v};
    }
  };

  // The converged reference: classical RK4 at the current of the step; a crossing inside the
  // step is located by bisection, reset there, and the rest of the step integrated on.
  function driveV(v, u, i, p) {
    if (p.form2007) { return p.k * (v - p.vr) * (v - p.vt) - u + i; }
    return p.k2 * (v * v) + p.k1 * v + p.k0 - u + i;
  }

  function rk4(v, u, i, h, p) {
    var k1v = driveV(v, u, i, p) / p.cap, k1u = p.a * driveU(v, v, u, p);
    var v2 = v + 0.5 * h * k1v, u2 = u + 0.5 * h * k1u;
    var k2v = driveV(v2, u2, i, p) / p.cap, k2u = p.a * driveU(v2, v2, u2, p);
    var v3 = v + 0.5 * h * k2v, u3 = u + 0.5 * h * k2u;
    var k3v = driveV(v3, u3, i, p) / p.cap, k3u = p.a * driveU(v3, v3, u3, p);
    var v4 = v + h * k3v, u4 = u + h * k3u;
    var k4v = driveV(v4, u4, i, p) / p.cap, k4u = p.a * driveU(v4, v4, u4, p);
    return [v + h / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v),
            u + h / 6.0 * (k1u + 2.0 * k2u + 2.0 * k3u + k4u)];
  }

  function timeToPeak(v, u, i, h, p) {
    var lo = 0.0, hi = h;
    for (var n = 0; n < 60; n++) {
      var mid = 0.5 * (lo + hi), x = rk4(v, u, i, mid, p);
      if (x[0] >= p.vPeak + p.vPeakU * x[1]) { hi = mid; } else { lo = mid; }
    }
    return hi;
  }

  STEPS.reference = function (s, i, dt, p) {
    var v = s.v, u = s.u, remaining = dt, shown = NaN, offsets = [];
    for (var n = 0; n < 64; n++) {  // resets within one step; more means c is above the peak
      var x = rk4(v, u, i, remaining, p);
      if (!(x[0] >= p.vPeak + p.vPeakU * x[1])) { v = x[0]; u = x[1]; break; }
      var theta = timeToPeak(v, u, i, remaining, p), at = rk4(v, u, i, theta, p);
      shown = p.vPeak + p.vPeakU * at[1];
      offsets.push(dt - remaining + theta);
      v = p.c + p.cU * at[1];
      u = resetU(at[1], p);
      remaining = remaining - theta;
    }
    return {v: v, u: u, spiked: offsets.length > 0, offsets: offsets, shown: shown === shown ? shown : v};
  };

  /*
   * Simulate one run. options: amp, dt, tMax, scheme, maxSteps, and overrides of a, b, c, d.
   * Throws an Error with a clear message for a step count over maxSteps or a bad dt.
   */
  function simulate(preset, options) {
    var o = options || {};
    var scheme = o.scheme || preset.scheme;
    var dt = o.dt !== undefined ? o.dt : preset.dt_ms;
    var tMax = o.tMax !== undefined ? o.tMax : preset.t_max_ms;
    var amp = o.amp !== undefined ? o.amp : preset.stimulus.amplitudes[0];
    var step = STEPS[scheme];
    if (!step) { throw new Error("unknown scheme " + scheme); }
    if (!(dt > 0) || !isFinite(dt)) { throw new Error("dt must be a finite number > 0"); }
    if (tMax / dt > (o.maxSteps || MAX_STEPS)) { throw new Error("too many steps: " + Math.round(tMax / dt)); }
    var p = params(preset, o);
    var t = grid(scheme, dt, tMax);
    var i = current(preset.stimulus, t, amp);
    var n = t.length;
    var v = new Float64Array(n), u = new Float64Array(n), spikes = [];
    var book = scheme === "book-2007";
    var state = {v: preset.v0, u: preset.u0};
    var diverged = null;
    var offset = 0;
    if (book) { v[0] = preset.v0; u[0] = preset.u0; offset = 1; }
    for (var k = 0; k + offset < n; k++) {
      var next = step(state, i[k], dt, p);
      if (next.offsets) {
        next.offsets.forEach(function (off) { spikes.push(t[k] + off); });
      } else if (next.spiked) {
        spikes.push(t[k + offset]);
        if (book) { v[k] = next.shown; }
      }
      v[k + offset] = book ? next.v : next.shown;
      u[k + offset] = next.u;
      state = next;
      if (!isFinite(next.v) || !isFinite(next.u)) {
        diverged = t[k + offset];
        for (var r = k + offset + 1; r < n; r++) { v[r] = NaN; u[r] = NaN; }
        break;
      }
    }
    return {t: t, v: v, u: u, i: i, spikes: spikes, diverged: diverged, scheme: scheme, dt: dt};
  }

  root.IzhGallery = root.IzhGallery || {};
  root.IzhGallery.model = {
    evaluate: evaluate, grid: grid, current: current, simulate: simulate, MAX_STEPS: MAX_STEPS
  };
})(typeof window !== "undefined" ? window : globalThis);
