/*
 * atlas-core.js: the browser twin of the atlas (gallery/analysis/atlas.py on the population
 * kernel of gallery/model/schemes/population.py). Pure math, no DOM, and self-contained: the
 * widget hands the source of atlasCore to a Web Worker, so it may use nothing from outside.
 * Same operations in the same order as Python, so a grid gives the same classes (checked on
 * 32 x 32 grids of both planes by tests/test_atlas_js.py).
 *
 *   var core = IzhGallery.atlasCore();
 *   core.point(spec, {a: 0.1, b: 0.2, c: -65, d: 2}, 10)  // {cls, features, trace?}
 *   core.grid(spec, 64, 10, 0, 64)                          // Uint8Array of class indices
 *
 * spec is the page's payload of one plane (axes, fixed parameters, protocol, rules, model).
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};

  function atlasCore() {
    var CLASSES = ["RS", "IB", "CH", "FS", "LTS", "RZ", "silent", "tonic-other", "runaway"];

    function steps(spec) {
      var p = spec.protocol_ms, dt = p.dt;
      return {dt: dt, n: Math.round(p.duration / dt), onset: Math.round(p.onset / dt),
              late: Math.round(p.late / dt), gap: Math.round(p.gap / dt)};
    }

    function rest(spec, a, b) {
      // atlas.rest_facts: the lower root of k2 v^2 + (k1 - b) v + k0, and its Jacobian
      var m = spec.model, kb = m.k1 - b;
      var disc = kb * kb - 4.0 * m.k2 * m.k0;
      var v = disc >= 0 ? (-kb - Math.sqrt(disc)) / (2.0 * m.k2) : NaN;
      var slope = 2.0 * m.k2 * v + m.k1;
      var trace = slope - a, det = a * (b - slope);
      var focus = trace * trace < 4.0 * det;
      var zeta = focus ? -0.5 * trace / Math.sqrt(det) : NaN;
      return {v: v, zeta: zeta, resonant: focus && trace < 0 && zeta < spec.rules.resonant_zeta};
    }

    function logSpike(f, k, s) {
      // population.log_spike, field by field
      var n = f.count, isi = k - f.last;
      if (n === 0) {
        f.first = k; f.first_burst = 1;
      } else if (f.first_burst === n && f.break_isi < 0) {
        if (isi < s.gap) {
          f.first_burst = n + 1; f.burst_max_isi = Math.max(f.burst_max_isi, isi);
        } else { f.break_isi = isi; }
      }
      if (n === 1) { f.second = k; }
      if (k < s.onset) { f.pre_count += 1; }
      if (k >= s.late) {
        if (f.late_count === 0) { f.late_first = k; }
        f.late_count += 1;
        if (n === 0 || isi >= s.gap) { f.late_bursts += 1; }
        if (n > 0) {
          f.late_min_isi = f.late_min_isi < 0 ? isi : Math.min(f.late_min_isi, isi);
          f.late_max_isi = Math.max(f.late_max_isi, isi);
        }
      }
      f.last = k; f.count = n + 1;
    }

    function simulate(spec, cell, amp, keepTrace) {
      // the published-2004 rule: v from the old (v, u), u from the new v; test, reset
      var s = steps(spec), m = spec.model, dt = s.dt, a = cell.a, b = cell.b;
      var r = rest(spec, a, b);
      var v = isFinite(r.v) ? r.v : -65.0, u = b * v;
      var f = {count: 0, first: -1, second: -1, last: -1, pre_count: 0, late_count: 0,
               late_first: -1, late_bursts: 0, late_min_isi: -1, late_max_isi: -1,
               first_burst: 0, burst_max_isi: 0, break_isi: -1};
      var tv = keepTrace ? new Float64Array(s.n) : null;
      var tu = keepTrace ? new Float64Array(s.n) : null;
      for (var k = 0; k < s.n; k++) {
        var i = k >= s.onset ? amp : 0.0;
        v = v + dt * (m.k2 * (v * v) + m.k1 * v + m.k0 - u + i);
        u = u + dt * a * (b * v - u);
        var peak = m.v_peak + 0.0 * u;
        if (v > peak) {
          if (tv) { tv[k] = peak; tu[k] = u; }
          v = cell.c + 0.0 * u;
          u = u + cell.d;
          logSpike(f, k, s);
        } else if (tv) { tv[k] = v; tu[k] = u; }
      }
      return {f: f, rest: r, finite: isFinite(v) && isFinite(u), s: s, v: tv, u: tu};
    }

    function ms(x, dt) { return x >= 0 ? x * dt : NaN; }

    function features(run, spec) {
      // atlas.point_features
      var f = run.f, s = run.s, dt = s.dt, n = f.late_count;
      return {
        spikes: f.count,
        late_rate_hz: 1000.0 * n / ((s.n - s.late) * dt),
        first_isi_ms: ms(f.second >= 0 ? f.second - f.first : -1, dt),
        late_mean_isi_ms: n >= 2 ? (f.last - f.late_first) * dt / (n - 1) : NaN,
        late_min_isi_ms: ms(f.late_min_isi, dt), late_max_isi_ms: ms(f.late_max_isi, dt),
        first_burst: f.first_burst, burst_max_isi_ms: ms(f.burst_max_isi, dt),
        break_isi_ms: ms(f.break_isi, dt), rest_v: run.rest.v, rest_zeta: run.rest.zeta,
        runaway: !run.finite || f.count > spec.rules.runaway_fraction * s.n
      };
    }

    function classify(x, resonant, spec) {
      // atlas.classify: the first rule that holds
      var R = spec.rules, gap = spec.protocol_ms.gap;
      var adaptation = x.late_mean_isi_ms / x.first_isi_ms;
      if (x.runaway) { return 8; }
      if (resonant) { return 5; }
      if (x.late_rate_hz === 0) { return 6; }
      if (x.late_max_isi_ms >= R.break_factor * x.late_min_isi_ms && x.late_min_isi_ms < gap) {
        return 2;
      }
      if (x.first_burst >= 2 && x.break_isi_ms >= R.break_factor * x.burst_max_isi_ms) {
        return 1;
      }
      if (adaptation >= R.lts_adaptation) { return 4; }
      if (x.late_rate_hz >= R.fs_min_rate_hz) { return 3; }
      if (adaptation >= R.rs_adaptation) { return 0; }
      return 7;
    }

    function point(spec, cell, amp, keepTrace) {
      var run = simulate(spec, cell, amp, keepTrace);
      var x = features(run, spec);
      return {cls: classify(x, run.rest.resonant, spec), features: x, v: run.v, u: run.u,
              dt: run.s.dt};
    }

    function axis(lo, hi, n, i) {
      // numpy.linspace: i * step + lo, the last point exactly hi
      return i === n - 1 ? hi : i * ((hi - lo) / (n - 1)) + lo;
    }

    function cellAt(spec, res, ix, iy) {
      var cell = {a: spec.fixed.a, b: spec.fixed.b, c: spec.fixed.c, d: spec.fixed.d};
      cell[spec.x.name] = axis(spec.x.lo, spec.x.hi, res, ix);
      cell[spec.y.name] = axis(spec.y.lo, spec.y.hi, res, iy);
      return cell;
    }

    function grid(spec, res, amp, rowStart, rowEnd) {
      var out = new Uint8Array((rowEnd - rowStart) * res);
      for (var iy = rowStart; iy < rowEnd; iy++) {
        for (var ix = 0; ix < res; ix++) {
          out[(iy - rowStart) * res + ix] = point(spec, cellAt(spec, res, ix, iy), amp).cls;
        }
      }
      return out;
    }

    return {CLASSES: CLASSES, point: point, grid: grid, cellAt: cellAt, rest: rest};
  }

  G.atlasCore = atlasCore;
})(window);
