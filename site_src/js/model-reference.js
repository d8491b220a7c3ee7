/*
 * model-reference.js: the "reference" scheme of model.js, the browser twin of the converged
 * reference in gallery/model/schemes: classical RK4 at the current of the step; a crossing
 * inside the step is located by bisection, reset there, and the rest of the step integrated
 * on. Classic script; needs model.js, and adds IzhGallery.model.STEPS.reference.
 */
(function (root) {
  "use strict";
  var M = root.IzhGallery.model;
  var driveV = M.driveV, driveU = M.driveU;

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

  M.STEPS.reference = function (s, i, dt, p) {
    var v = s.v, u = s.u, remaining = dt, shown = NaN, offsets = [];
    for (var n = 0; n < 64; n++) {  // resets within one step; more means c is above the peak
      var x = rk4(v, u, i, remaining, p);
      if (!(x[0] >= p.vPeak + p.vPeakU * x[1])) { v = x[0]; u = x[1]; break; }
      var theta = timeToPeak(v, u, i, remaining, p), at = rk4(v, u, i, theta, p);
      shown = p.vPeak + p.vPeakU * at[1];
      offsets.push(dt - remaining + theta);
      v = p.c + p.cU * at[1];
      u = M.resetU(at[1], p);
      remaining = remaining - theta;
    }
    return {v: v, u: u, spiked: offsets.length > 0, offsets: offsets,
            shown: shown === shown ? shown : v};
  };
})(typeof window !== "undefined" ? window : globalThis);
