/*
 * model.js: the browser twin of gallery/model (expr, grid, stimulus and the Euler schemes of
 * model/schemes/kernels.py). Pure math, no DOM. A classic script (file:// blocks ES modules)
 * that defines IzhGallery.model; needs constants.js; model-reference.js adds the RK4 reference.
 * Same operations in the same order as the Python kernels, so a run gives identical spike
 * times (checked by tests/test_model_js.py on every preset).
 *
 *   var run = IzhGallery.model.simulate(payload.preset, {amp: 14, dt: 0.25, a: 0.02});
 *   run.t, run.v, run.u, run.i   // Float64Array
 *   run.spikes                   // spike times [ms]
 *   run.diverged                 // null, or the time [ms] at which the state became non-finite
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var C = G.constants;

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

  function edge(bound, tEnd, missing) {
    return bound === null ? missing : evaluate(bound, {t_end: tEnd});
  }

  function current(stimulus, t, amp) {
    var tEnd = t[t.length - 1], windows = stimulus.windows;
    var i = new Float64Array(t.length);
    var edges = windows.map(function (w) {
      return [edge(w.start, tEnd, -Infinity), edge(w.end, tEnd, Infinity)];
    });
    for (var k = 0; k < t.length; k++) {
      var value = null, env = {t: t[k], t_end: tEnd, amp: amp};
      for (var j = 0; j < windows.length && value === null; j++) {
        var w = windows[j];
        var after = w.bounds[0] === "[" ? t[k] >= edges[j][0] : t[k] > edges[j][0];
        var before = w.bounds[1] === "]" ? t[k] <= edges[j][1] : t[k] < edges[j][1];
        if (after && before) { value = evaluate(w.value, env); }
      }
      i[k] = value === null ? evaluate(stimulus.baseline, env) : value;
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

  function driveV(v, u, i, p) {
    if (p.form2007) { return p.k * (v - p.vr) * (v - p.vt) - u + i; }
    return p.k2 * (v * v) + p.k1 * v + p.k0 - u + i;
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

  function resetU(u, p) { var x = u + p.d; return x < p.uMax ? x : p.uMax; }

  // After an Euler step to (v, u): a spike when v reaches the (u-dependent) cut-off.
  function spikeTest(v, u, p) {
    var peak = p.vPeak + p.vPeakU * u;
    var spiked = p.strict ? v > peak : v >= peak;
    if (spiked) { return {v: p.c + p.cU * u, u: resetU(u, p), spiked: true, shown: peak}; }
    return {v: v, u: u, spiked: false, shown: v};
  }

  // One step of each scheme: state {v, u} in, {v, u, spiked, shown} out (shown: the stored v).
  var STEPS = {
    "published-2004": function (s, i, dt, p) {
      var v = eulerV(s.v, s.u, i, dt, p);
      return spikeTest(v, s.u + dt * p.a * driveU(v, v, s.u, p), p);
    },
    "euler": function (s, i, dt, p) {
      var v = eulerV(s.v, s.u, i, dt, p);
      return spikeTest(v, s.u + dt * p.a * driveU(s.v, s.v, s.u, p), p);
    },
    "book-2007": function (s, i, dt, p) {
      var v = eulerV(s.v, s.u, i, dt, p);
      return spikeTest(v, s.u + dt * p.a * driveU(s.v, v, s.u, p), p);
    },
    "network-2003": function (s, i, dt, p) {
      var v = s.v, u = s.u, spiked = v >= p.vPeak + p.vPeakU * u, shown = v;
      if (spiked) { v = p.c + p.cU * u; u = resetU(u, p); }
      v = eulerV(v, u, i, dt * 0.5, p);
      v = eulerV(v, u, i, dt * 0.5, p);
      u = u + dt * p.a * driveU(v, v, u, p);
      return {v: v, u: u, spiked: spiked, shown: spiked ? shown : v};
    }
  };

  function checked(preset, o) {
    var scheme = o.scheme || preset.scheme;
    var dt = o.dt !== undefined ? o.dt : preset.dt_ms;
    var tMax = o.tMax !== undefined ? o.tMax : preset.t_max_ms;
    if (!STEPS[scheme]) { throw new Error("unknown scheme " + scheme); }
    if (!(dt > 0) || !isFinite(dt)) { throw new Error("dt must be a finite number > 0"); }
    if (tMax / dt > (o.maxSteps || C.MAX_STEPS)) {
      throw new Error("too many steps: " + Math.round(tMax / dt));
    }
    return {scheme: scheme, dt: dt, tMax: tMax};
  }

  /*
   * Simulate one run. options: amp, dt, tMax, scheme, maxSteps, and overrides of a, b, c, d.
   * Throws an Error with a clear message for a step count over maxSteps or a bad dt.
   */
  function simulate(preset, options) {
    var o = options || {}, run = checked(preset, o), scheme = run.scheme, dt = run.dt;
    var amp = o.amp !== undefined ? o.amp : preset.stimulus.amplitudes[0];
    var step = STEPS[scheme], p = params(preset, o), t = grid(scheme, dt, run.tMax);
    var i = current(preset.stimulus, t, amp), n = t.length;
    var v = new Float64Array(n), u = new Float64Array(n), spikes = [];
    var book = scheme === "book-2007", offset = book ? 1 : 0;
    var state = {v: preset.v0, u: preset.u0}, diverged = null;
    if (book) { v[0] = preset.v0; u[0] = preset.u0; }
    for (var k = 0; k + offset < n; k++) {
      var next = step(state, i[k], dt, p), at = t[k];
      if (next.offsets) {
        next.offsets.forEach(function (off) { spikes.push(at + off); });
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

  G.model = {
    evaluate: evaluate, grid: grid, current: current, simulate: simulate, STEPS: STEPS,
    driveV: driveV, driveU: driveU, resetU: resetU, MAX_STEPS: C.MAX_STEPS
  };
})(typeof window !== "undefined" ? window : globalThis);
