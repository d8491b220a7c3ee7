/*
 * cell-math.js: the computations of the live cells' f–I, reset-map and bifurcation views,
 * under IzhGallery.cellMath. Pure, no DOM; a classic script after model.js and phase-math.js.
 * The browser twins of gallery/analysis/fi_sweep.py, reset_map.py and bifurcation.py: the
 * same protocols, grids and comparisons, so tests/test_cell_parity.py can compare them.
 *
 *   fiSweep(preset, state, s)        {currents, rising, falling, onset, offset, hysteresis}
 *   resetMap(preset, state, s)       {u, after, orbit, fixed, slope}
 *   bifurcation(preset, state, s, currents?)   {currents, points, loss}
 *   restLoss(preset, state)          {kind, current, v, u}
 * state: {a, b, c, d, amp, dt, scheme}; s: the payload's settings for the view.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};

  function linspace(lo, hi, n) {  // numpy's rule: k * step + lo, the last point exactly hi
    var out = [], step = (hi - lo) / (n - 1);
    for (var k = 0; k < n; k++) { out.push(k * step + lo); }
    if (n > 1) { out[n - 1] = hi; }
    return out;
  }

  function options(state, extra) {
    return Object.assign({amp: state.amp, dt: state.dt, scheme: state.scheme, a: state.a,
      b: state.b, c: state.c, d: state.d}, extra);
  }

  function withStimulus(preset, stimulus, tMax, start) {
    return Object.assign({}, preset, start || {}, {stimulus: stimulus, t_max_ms: tMax});
  }

  function constant(amp) {
    return {amplitudes: [amp], amplitude_label: "I", baseline: "amp", windows: []};
  }

  // ---- f–I, rising then falling, one run ---------------------------------------------------

  function sweepCurrents(amp, n) { return linspace(Math.min(0, amp), Math.max(0, amp), n); }

  function fiSweep(preset, state, s) {
    var currents = sweepCurrents(state.amp, s.points);
    var levels = currents.concat(currents.slice().reverse()), hold = s.hold_ms;
    var windows = levels.map(function (level, k) {
      return {start: k * hold, end: (k + 1) * hold, bounds: "[)", value: level};
    });
    var stimulus = {amplitudes: [0], amplitude_label: "I", baseline: 0, windows: windows};
    var cell = withStimulus(preset, stimulus, levels.length * hold);
    var sim = G.model.simulate(cell, options(state, {amp: 0, maxSteps: s.max_steps}));
    var inWindow = levels.map(function (level, k) {
      return sim.spikes.filter(function (t) {
        return k * hold + s.settle_ms <= t && t < (k + 1) * hold;
      });
    });
    // by the intervals when two spikes or more (a count moves in steps of 1000 / window)
    var rate = function (times) {
      return times.length >= 2 ? 1000 * (times.length - 1) / (times[times.length - 1] - times[0])
        : 1000 * times.length / (hold - s.settle_ms);
    };
    var n = s.points, counts = inWindow.map(function (times) { return times.length; });
    var rising = inWindow.slice(0, n).map(rate);
    var falling = inWindow.slice(n).reverse().map(rate);
    var upCounts = counts.slice(0, n), downCounts = counts.slice(n).reverse();
    var firstFiring = function (rates) {
      for (var j = 0; j < n; j++) { if (rates[j] > 0) { return currents[j]; } }
      return null;
    };
    return {currents: currents, rising: rising, falling: falling, onset: firstFiring(rising),
      offset: firstFiring(falling), diverged: sim.diverged,
      // repetitive on the way down where silent on the way up (one late spike is no loop)
      hysteresis: upCounts.some(function (r, j) { return downCounts[j] >= s.repetitive && !r; })};
  }

  // ---- the reset map ------------------------------------------------------------------------

  /* u right after each spike's reset. The grid schemes store it at the spike's sample, except
     network-2003, which tests and resets at the start of a step (from the sample before). */
  function resetUs(sim, preset, state, u0) {
    var out = [], k = 0, t = sim.t, m = preset.model;
    var p = {d: state.d, uMax: m.u_max === null ? Infinity : m.u_max};
    sim.spikes.forEach(function (time) {
      while (k < t.length && t[k] !== time) { k++; }
      if (k >= t.length) { return; }
      out.push(sim.scheme === "network-2003"
        ? G.model.resetU(k > 0 ? sim.u[k - 1] : u0, p) : sim.u[k]);
    });
    return out;
  }

  function nextU(preset, state, uN, s) {
    var vStart = state.c + preset.model.c_u * (uN - state.d);
    var cell = withStimulus(preset, constant(state.amp), s.horizon_ms, {v0: vStart, u0: uN});
    var sim = G.model.simulate(cell, options(state, {maxSteps: s.max_steps}));
    var after = sim.spikes.length ? resetUs(sim, cell, state, uN) : [];
    return after.length ? after[0] : NaN;
  }

  function orbit(preset, state, s) {
    var cell = withStimulus(preset, constant(state.amp), s.horizon_ms * s.cobweb / 4);
    var sim = G.model.simulate(cell, options(state, {maxSteps: s.max_steps}));
    return resetUs(sim, cell, state, preset.u0).slice(0, s.cobweb);
  }

  function uGrid(path, d, n) {
    var pad = Math.max(Math.abs(d), 1e-3);
    if (!path.length) { return linspace(-pad, 2 * pad, n); }
    return linspace(Math.min.apply(null, path) - pad, Math.max.apply(null, path) + pad, n);
  }

  function crossing(u, after) {
    for (var j = 0; j + 1 < u.length; j++) {
      var g0 = after[j] - u[j], g1 = after[j + 1] - u[j + 1];
      if (isFinite(g0) && isFinite(g1) && g0 * g1 <= 0 && g0 !== g1) {
        var s = g0 / (g0 - g1);
        return {fixed: u[j] + s * (u[j + 1] - u[j]),
                slope: (after[j + 1] - after[j]) / (u[j + 1] - u[j])};
      }
    }
    return {fixed: null, slope: null};
  }

  function resetMap(preset, state, s) {
    var path = orbit(preset, state, s), grid = uGrid(path, state.d, s.points);
    var after = grid.map(function (u) { return nextU(preset, state, u, s); });
    var cross = crossing(grid, after);
    return {u: grid, after: after, orbit: path, fixed: cross.fixed, slope: cross.slope};
  }

  // ---- fixed points against I ---------------------------------------------------------------

  function stableRest(f, a, current) {
    return G.phaseMath.fixedPoints(f, a, current).filter(function (p) { return p.stable; })[0];
  }

  /* Rest loss on a branch whose u-nullcline is the line of slope b (closed form, as
     phase_plane._linear_branch_loss): the fold where F'(v) = b/decay, or the Hopf where the
     trace vanishes, whichever comes first on the rest branch. */
  function branchLoss(f, a, b) {
    var A = (f.dF(1) - f.dF(0)) / 2, B = f.dF(0), beta = b / f.decay;
    var vFold = (beta - B) / (2 * A), vHopf = (a * f.cap * f.decay - B) / (2 * A);
    var hopf = vHopf < vFold, v = hopf ? vHopf : vFold;
    var u = b * (v - f.offset) / f.decay;
    return {kind: hopf ? "Andronov-Hopf" : "saddle-node", current: u - f.F(v), v: v, u: u};
  }

  function linearLoss(preset, state, f) {
    var m = preset.model, low = -Infinity, high = Infinity, sw = m.b_switch_v;
    var branches = m.b_hyper !== null && sw !== null
      ? [[m.b_hyper, low, sw], [state.b, sw, high]] : [[state.b, low, high]];
    var inside = branches.map(function (br) {
      var loss = branchLoss(f, state.a, br[0]);
      return br[1] < loss.v && loss.v <= br[2] ? loss : null;
    }).filter(function (loss) { return loss; });
    inside.sort(function (x, y) { return x.current - y.current; });
    return inside[0] || null;
  }

  /* Where rest is lost as I rises: in closed form for linear u-nullclines, else by bisection
     between a current with a stable rest and one without (as phase_plane.rest_loss). */
  function restLoss(preset, state) {
    var f = G.phaseMath.forms(preset, state), a = state.a, none = {kind: "none", current: Infinity};
    if (f.decay === 0) { return none; }
    var closed = preset.model.vb === null ? linearLoss(preset, state, f) : null;
    if (closed) { return closed; }
    var lo = 0, hi = 1, tries = 0;
    while (!stableRest(f, a, lo) && tries++ < 40) { lo = lo === 0 ? -1 : 2 * lo; }
    if (!stableRest(f, a, lo)) { return none; }
    hi = Math.max(hi, lo + 1);
    while (stableRest(f, a, hi)) { hi = 2 * Math.abs(hi); if (hi > 1e9) { return none; } }
    for (var it = 0; it < 200 && hi - lo > 1e-10 * Math.max(1, Math.abs(lo)); it++) {
      var mid = 0.5 * (lo + hi);
      if (stableRest(f, a, mid)) { lo = mid; } else { hi = mid; }
    }
    var rest = stableRest(f, a, lo);
    var fewer = G.phaseMath.fixedPoints(f, a, hi).length < G.phaseMath.fixedPoints(f, a, lo).length;
    return {kind: fewer ? "saddle-node" : "Andronov-Hopf", current: lo, v: rest.v, u: rest.u};
  }

  function currentRange(amp, loss) {
    var marks = [0, amp].concat(isFinite(loss) ? [loss] : []);
    var lo = Math.min.apply(null, marks), hi = Math.max.apply(null, marks);
    var pad = hi > lo ? 0.25 * (hi - lo) : 1;
    return [lo - pad, hi + pad];
  }

  function bifurcation(preset, state, s, currents) {
    var loss = restLoss(preset, state), f = G.phaseMath.forms(preset, state);
    var range = currentRange(state.amp, loss.current);
    var grid = currents || linspace(range[0], range[1], s.points), points = [];
    grid.forEach(function (current) {
      G.phaseMath.fixedPoints(f, state.a, current).forEach(function (p) {
        points.push({current: current, v: p.v, kind: p.kind, stable: p.stable});
      });
    });
    return {currents: grid, points: points, loss: loss};
  }

  G.cellMath = {linspace: linspace, fiSweep: fiSweep, resetMap: resetMap, nextU: nextU,
    bifurcation: bifurcation, restLoss: restLoss, resetUs: resetUs};
})(typeof window !== "undefined" ? window : globalThis);
