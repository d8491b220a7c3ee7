/*
 * fixed-point.js: the browser twin of gallery/model/fixed_point.py and
 * gallery/analysis/arithmetic.py, under IzhGallery.fixedPoint. Pure, no DOM; a classic
 * script after model.js. sPyNNaker's Izhikevich update (rk2_kernel_midpoint) in s16.15 fixed
 * point and in float64: the same operations in the same order, so a run gives the same
 * integers and the same spike steps as Python (tests/test_fixed_point.py runs it in node).
 *
 *   toFixed(x), mul(x, y), add(x, y), sub(x, y)   s16.15 as 32-bit integers
 *   runFixed(cell, i, dt), runFloat(cell, i, dt)   {v, spikeSteps, rawV}
 *   compare(preset, state, maxSteps)               {t, float, fixed}
 * Products use BigInt: two 32-bit integers multiply to 62 bits, past a double's 53.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var K_RAW = 1311, TQ_RAW = 60620, TQ_FLOAT = 1.85, HALF_RAW = 16384;  // see fixed_point.py
  var K5 = 5 * 32768, K140 = 140 * 32768;

  function toFixed(x) { return Math.floor(x * 32768 + 0.5) | 0; }
  function add(x, y) { return (x + y) | 0; }
  function sub(x, y) { return (x - y) | 0; }
  function mul(x, y) {  // >> on a BigInt is arithmetic: it rounds towards -Infinity
    return Number(BigInt.asIntN(32, (BigInt(x) * BigInt(y)) >> BigInt(15)));
  }

  function stepFixed(v, u, i, h, a, b) {
    var pre = sub(add(K140, i), u);
    var alpha = add(pre, mul(add(K5, mul(K_RAW, v)), v));
    var eta = add(v, mul(mul(h, alpha), HALF_RAW));
    var beta = mul(mul(mul(h, sub(mul(b, v), u)), a), HALF_RAW);
    var vNew = add(v, mul(h, add(sub(pre, beta), mul(add(K5, mul(K_RAW, eta)), eta))));
    var uNew = add(u, mul(mul(a, h), add(sub(-u, beta), mul(b, eta))));
    return [vNew, uNew];
  }

  function runFixed(cell, current, dt) {
    var a = toFixed(cell.a), b = toFixed(cell.b), c = toFixed(cell.c), d = toFixed(cell.d);
    var peak = toFixed(cell.v_peak), resetH = toFixed(dt);
    var v = toFixed(cell.v0), u = toFixed(cell.u0), h = resetH;
    var raw = [], spikes = [];
    for (var k = 0; k < current.length; k++) {
      var next = stepFixed(v, u, toFixed(current[k]), h, a, b);
      v = next[0]; u = next[1]; h = resetH;
      if (v >= peak) {
        spikes.push(k); raw.push(peak);
        v = c; u = add(u, d); h = mul(resetH, TQ_RAW);
      } else {
        raw.push(v);
      }
    }
    return {v: raw.map(function (r) { return r / 32768; }), spikeSteps: spikes, rawV: raw};
  }

  function runFloat(cell, current, dt) {
    var a = cell.a, b = cell.b, v = cell.v0, u = cell.u0, h = dt, out = [], spikes = [];
    for (var k = 0; k < current.length; k++) {
      var pre = 140 + current[k] - u;
      var alpha = pre + (5 + 0.04 * v) * v;
      var eta = v + h * alpha * 0.5;
      var beta = h * (b * v - u) * a * 0.5;
      v = v + h * (pre - beta + (5 + 0.04 * eta) * eta);
      u = u + a * h * (-u - beta + b * eta);
      h = dt;
      if (v >= cell.v_peak) {
        spikes.push(k); out.push(cell.v_peak);
        v = cell.c; u = u + cell.d; h = dt * TQ_FLOAT;
      } else {
        out.push(v);
      }
    }
    return {v: out, spikeSteps: spikes, rawV: []};
  }

  /* Both runs of a cell: the preset's protocol at state.amp on the published grid 0:dt:T. */
  function compare(preset, state, maxSteps) {
    var t = G.model.grid("published-2004", state.dt, preset.t_max_ms);
    if (maxSteps && t.length > maxSteps) {
      throw new Error("too many steps: " + t.length);
    }
    var i = G.model.current(preset.stimulus, t, state.amp);
    var cell = {a: state.a, b: state.b, c: state.c, d: state.d,
      v_peak: preset.model.v_peak, v0: preset.v0, u0: preset.u0};
    return {t: t, float: runFloat(cell, i, state.dt), fixed: runFixed(cell, i, state.dt)};
  }

  G.fixedPoint = {toFixed: toFixed, add: add, sub: sub, mul: mul, runFixed: runFixed,
    runFloat: runFloat, compare: compare};
})(typeof window !== "undefined" ? window : globalThis);
