/*
 * phase-math.js: the widget's phase-plane maths, under IzhGallery.phaseMath. Pure, no DOM;
 * a classic script with no dependencies.
 *
 *   forms(preset, state)           F(v), U(v) and their slopes for state's b (the nullclines)
 *   fixedPoints(f, a, current)     [{v, u, stable, kind}] at a constant current
 *
 * The fixed points are found by bracketing on a grid and bisecting, not by the closed forms
 * of gallery/analysis/phase_plane.py; tests/test_model_js.py checks that both agree.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var V_LO = -150, V_SPAN = 250, CELLS = 1000, HALVINGS = 50;  // search window (mV) and grid

  function forms(preset, state) {
    var m = preset.model;
    var is2007 = m.form === "2007";
    var cap = is2007 ? m.C : 1;
    var F = is2007 ? function (v) { return m.k * (v - m.vr) * (v - m.vt); }
                   : function (v) { return m.k2 * v * v + m.k1 * v + m.k0; };
    var dF = is2007 ? function (v) { return m.k * (2 * v - m.vr - m.vt); }
                    : function (v) { return 2 * m.k2 * v + m.k1; };
    var bOf = function (v) {
      return m.b_hyper !== null && v <= m.b_switch_v ? m.b_hyper : state.b;
    };
    var U = m.vb !== null
      ? function (v) { return v < m.vb ? 0 : state.b * Math.pow(v - m.vb, 3); }
      : function (v) { return bOf(v) * (v - m.u_v_offset); };
    var dU = m.vb !== null
      ? function (v) { return v < m.vb ? 0 : 3 * state.b * Math.pow(v - m.vb, 2); }
      : function (v) { return bOf(v); };
    return {cap: cap, F: F, dF: dF, U: U, dU: dU, decay: m.u_decay, offset: m.u_v_offset};
  }

  function bisect(g, l, h) {
    for (var it = 0; it < HALVINGS; it++) {
      var mid = 0.5 * (l + h);
      if (g(l) * g(mid) <= 0) { h = mid; } else { l = mid; }
    }
    return 0.5 * (l + h);
  }

  function roots(g) {
    var found = [], step = V_SPAN / CELLS, prev = g(V_LO);
    for (var k = 1; k <= CELLS; k++) {
      var x = V_LO + k * step, gx = g(x);
      if (prev === 0 || prev * gx < 0) { found.push(bisect(g, x - step, x)); }
      prev = gx;
    }
    return found;
  }

  function classify(f, a, p) {
    var j11 = f.dF(p.v) / f.cap, j12 = -1 / f.cap, j21 = a * f.dU(p.v), j22 = -a * f.decay;
    var tr = j11 + j22, det = j11 * j22 - j12 * j21, disc = tr * tr - 4 * det;
    var kind = det < 0 ? "saddle" : (disc < 0 ? "focus" : "node");
    p.stable = det > 0 && tr < 0;
    p.kind = (kind === "saddle" ? "" : (p.stable ? "stable " : "unstable ")) + kind;
    return p;
  }

  /* Fixed points at a constant current: roots of F(v) + I - U(v)/decay, bracketed on a grid
     and bisected; stability from the Jacobian's trace and determinant. */
  function fixedPoints(f, a, current) {
    var points;
    if (f.decay === 0) {  // u' = a b (v - offset): the u-nullcline is the line v = offset
      points = [{v: f.offset, u: f.F(f.offset) + current}];
    } else {
      points = roots(function (v) { return f.F(v) + current - f.U(v) / f.decay; })
        .map(function (v) { return {v: v, u: f.F(v) + current}; });
    }
    return points.map(function (p) { return classify(f, a, p); });
  }

  G.phaseMath = {forms: forms, fixedPoints: fixedPoints};
})(typeof window !== "undefined" ? window : globalThis);
