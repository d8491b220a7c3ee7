/*
 * cell-nullclines.js: the nullclines view of a live cell (IzhGallery.cellViews.nullclines),
 * and the threshold it draws (IzhGallery.threshold, pure, no DOM: the browser twin of
 * gallery/analysis/manifold.py, step for step; tests/test_cell_parity.py compares them):
 *   stableManifold(preset, state, box)   {saddle, slope, branches: [{v, u}, {v, u}]} or null
 *   nullclinesBox(preset, state, points, uMedian)   {vLo, vHi, uLo, uHi}
 * The view:
 * the v–u plane at a constant current with no trajectory: the v-nullcline u = F(v) + I, the
 * u-nullcline, the fixed points with their type (phase-math.js) and, when there is a saddle,
 * its stable manifold, the true threshold, so a current slider shows a saddle-node or a Hopf
 * happen. Classic script; needs cell-plot.js and phase-math.js.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery, W = G.widgets;
  G.cellViews = G.cellViews || {};

  var START = 1e-3, STEP = 5e-3, DT_MAX = 0.5, MAX_STEPS = 3000, END = 2 * STEP;  // as manifold.py

  /* The window of the nullclines view: v from below the fixed points to the cut-off, u around
     them (or around uMedian, the middle of the nullclines, when there are none). */
  function nullclinesBox(preset, state, points, uMedian) {
    var m = preset.model;
    var vLo = Math.min.apply(null, [-90, state.c].concat(points.map(function (p) {
      return p.v - 10;
    })));
    var mid = points.length ? points.map(function (p) { return p.u; }) : [uMedian];
    var lo = Math.min.apply(null, mid), hi = Math.max.apply(null, mid);
    var pad = Math.max(5, 0.6 * (hi - lo) + 5);
    return {vLo: vLo, vHi: m.v_peak, uLo: lo - pad, uHi: hi + pad};
  }

  /* du/dv of the saddle's stable eigenvector, (lambda - J11) / J12 for the negative lambda. */
  function stableSlope(f, a, p) {
    var j11 = f.dF(p.v) / f.cap, j12 = -1 / f.cap, j21 = a * f.dU(p.v), j22 = -a * f.decay;
    var tr = j11 + j22, det = j11 * j22 - j12 * j21;
    return ((tr - Math.sqrt(tr * tr - 4 * det)) / 2 - j11) / j12;
  }

  /* Both branches traced backwards in time from the saddle (RK4 in the box scaled to the unit
     square, steps of at most STEP there and DT_MAX in time: arc length alone is stiff near
     the saddle), until they leave the box or reach another fixed point. */
  function stableManifold(preset, state, box) {
    var f = G.phaseMath.forms(preset, state), a = state.a, I = state.amp;
    var points = G.phaseMath.fixedPoints(f, a, I);
    var saddle = points.filter(function (p) { return p.kind === "saddle"; })[0];
    if (!saddle) { return null; }
    var ends = points.filter(function (p) { return p !== saddle; });
    var sv = box.vHi - box.vLo, su = box.uHi - box.uLo, slope = stableSlope(f, a, saddle);
    function back(x, y) {  // the time-reversed flow, in box units per ms
      var v = box.vLo + x * sv, u = box.uLo + y * su;
      return [-((f.F(v) + I - u) / f.cap) / sv, -(a * (f.U(v) - f.decay * u)) / su];
    }
    function branch(sign) {
      var ex = 1 / sv, ey = slope / su, norm = Math.hypot(ex, ey);
      var x = (saddle.v - box.vLo) / sv + sign * START * ex / norm;
      var y = (saddle.u - box.uLo) / su + sign * START * ey / norm;
      var vs = [saddle.v], us = [saddle.u];
      for (var k = 0; k < MAX_STEPS; k++) {
        var k1 = back(x, y), speed = Math.hypot(k1[0], k1[1]);
        if (speed === 0) { break; }
        var h = Math.min(DT_MAX, STEP / speed);  // time steps near the saddle, arc length far
        var k2 = back(x + 0.5 * h * k1[0], y + 0.5 * h * k1[1]);
        var k3 = back(x + 0.5 * h * k2[0], y + 0.5 * h * k2[1]);
        var k4 = back(x + h * k3[0], y + h * k3[1]);
        x += h * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]) / 6;
        y += h * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]) / 6;
        var v = box.vLo + x * sv, u = box.uLo + y * su;
        if (!(box.vLo <= v && v <= box.vHi && box.uLo <= u && u <= box.uHi)) { break; }
        vs.push(v); us.push(u);
        // at a repelling fixed point the flow has no direction: the branch ends there
        if (ends.some(function (p) {
          return Math.hypot((v - p.v) / sv, (u - p.u) / su) < END;
        })) { break; }
      }
      return {v: vs, u: us};
    }
    return {saddle: saddle, slope: slope, branches: [branch(1), branch(-1)]};
  }

  G.threshold = {stableManifold: stableManifold, nullclinesBox: nullclinesBox};

  G.cellViews.nullclines = function (box, payload, c) {
    var plot = W.cellPlot(box, {label: "nullclines"}), preset = payload.preset;
    function draw(state) {
      var f = W.forms(preset, state), I = state.amp, m = preset.model;
      var points = W.fixedPoints(f, state.a, I);
      var vLo = Math.min.apply(null, [-90, state.c].concat(points.map(function (p) {
        return p.v - 10;
      })));
      var xs = [], vn = [], un = [], M = G.threshold;
      for (var k = 0; k <= 300; k++) {
        var x = vLo + k / 300 * (m.v_peak - vLo);
        xs.push(x); vn.push(f.F(x) + I); un.push(f.decay === 0 ? NaN : f.U(x) / f.decay);
      }
      var median = vn.concat(un).filter(isFinite).sort(function (p, q) { return p - q; })[150];
      var win = M.nullclinesBox(preset, state, points, median);
      var v = plot.frame({x: [win.vLo, win.vHi], y: [win.uLo, win.uHi], xLabel: "v (mV)",
        yLabel: "u"}, c);
      v.line(xs, vn, c.vnull, {width: 2.2});
      if (f.decay === 0) { v.vline(f.offset, c.unull, []); } else {
        v.line(xs, un, c.unull, {width: 2.2});
      }
      // the true threshold: the states that flow into the saddle (traced backwards from it)
      var manifold = M.stableManifold(preset, state, win);
      if (manifold) {
        manifold.branches.forEach(function (br) {
          v.line(br.v, br.u, c.fg, {width: 1.6, dash: [6, 4]});
        });
      }
      points.forEach(function (p) {
        v.dot(p.v, p.u, c.fg, p.stable, 5); v.text(p.v, p.u, p.kind, c.fg);
      });
      v.done();
      plot.legend([[c.vnull, "v-nullcline at I = " + W.fmt(I)], [c.unull, "u-nullcline"]]
        .concat(manifold ? [[c.fg, "threshold: the saddle's stable manifold", true]] : []));
      var text = "Nullclines of " + preset.label + " at constant current I = " + W.fmt(I) +
        ": " + (points.length ? points.map(function (p) {
          return p.kind + " at v = " + W.fmt(p.v) + " mV";
        }).join(", ") : "no fixed point: the v-nullcline has left the u-nullcline, so the " +
          "cell cannot rest") + "." + (manifold ? " Dashed: the saddle's stable manifold" +
          (points.some(function (p) { return p.stable; })
            ? ", the threshold between returning to rest and firing" : "") + "." : "");
      plot.describe(text);
      return {text: text, spikes: points.length};
    }
    return {draw: draw, destroy: plot.destroy};
  };
})(typeof window !== "undefined" ? window : globalThis);
