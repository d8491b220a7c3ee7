/*
 * atlas-view.js: the atlas widget's drawings on canvases: the class map (with the paper's
 * labelled points and the keyboard cursor), and the trace and phase plane of one point.
 * No state of its own; atlas.js calls these.
 *
 *   IzhGallery.atlasView.map(canvas, spec, grid, res, colours, cursor)
 *   IzhGallery.atlasView.trace(canvas, point, theme)   // v(t) of a point run with its trace
 *   IzhGallery.atlasView.phase(canvas, point, cell, amp, spec, theme)
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};

  function theme(el) {
    var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
    var style = getComputedStyle(el), th = G.constants.THEMES[dark ? "dark" : "light"];
    return {dark: dark, fg: style.color || (dark ? "#e3e6eb" : "#1f2328"),
            bg: th.background, v: th.v, u: th.u, muted: dark ? "#a4acb9" : "#57606a"};
  }

  function rgb(hex) {
    var n = parseInt(hex.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }

  function frac(value, range) { return (value - range.lo) / (range.hi - range.lo); }

  function map(canvas, spec, grid, res, colours, cursor) {
    var ctx = canvas.getContext("2d"), size = canvas.width;
    var image = document.createElement("canvas");
    image.width = res; image.height = res;
    var ictx = image.getContext("2d"), data = ictx.createImageData(res, res);
    var palette = spec.classes.map(function (name) { return rgb(colours[name]); });
    for (var iy = 0; iy < res; iy++) {
      for (var ix = 0; ix < res; ix++) {
        var c = palette[grid[iy * res + ix]], o = ((res - 1 - iy) * res + ix) * 4;  // b up
        data.data[o] = c[0]; data.data[o + 1] = c[1]; data.data[o + 2] = c[2];
        data.data[o + 3] = 255;
      }
    }
    ictx.putImageData(data, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(image, 0, 0, size, size);
    var t = theme(canvas);
    ctx.font = "bold " + Math.round(size / 26) + "px sans-serif";
    Object.keys(spec.labelled).forEach(function (name) {
      var xy = spec.labelled[name];
      var px = frac(xy[0], spec.x) * size, py = (1 - frac(xy[1], spec.y)) * size;
      ctx.lineWidth = 4; ctx.strokeStyle = t.bg;
      ctx.beginPath(); ctx.arc(px, py, size / 60, 0, 2 * Math.PI); ctx.stroke();
      ctx.lineWidth = 2; ctx.strokeStyle = t.fg; ctx.stroke();
      ctx.fillStyle = t.bg; ctx.fillText(name, px + size / 50 + 1, py - size / 50 + 1);
      ctx.fillStyle = t.fg; ctx.fillText(name, px + size / 50, py - size / 50);
    });
    if (cursor) {
      var cell = size / cursor.res;
      ctx.lineWidth = 2; ctx.strokeStyle = t.fg;
      ctx.strokeRect(cursor.ix * cell - 3, (cursor.res - 1 - cursor.iy) * cell - 3, cell + 6,
                     cell + 6);
    }
  }

  function frame(canvas, t, xLabel, yLabel) {
    var ctx = canvas.getContext("2d"), w = canvas.width, h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = t.fg; ctx.strokeStyle = t.muted; ctx.lineWidth = 1;
    ctx.font = "12px sans-serif";
    ctx.strokeRect(40, 8, w - 48, h - 36);
    ctx.fillText(xLabel, w / 2 - 20, h - 8);
    ctx.save(); ctx.translate(12, h / 2 + 20); ctx.rotate(-Math.PI / 2);
    ctx.fillText(yLabel, 0, 0); ctx.restore();
    return {ctx: ctx, x0: 40, y0: 8, w: w - 48, h: h - 36};
  }

  function line(box, xs, ys, xr, yr, colour) {
    var ctx = box.ctx;
    ctx.strokeStyle = colour; ctx.lineWidth = 1.2; ctx.beginPath();
    for (var k = 0; k < xs.length; k++) {
      var px = box.x0 + (xs[k] - xr[0]) / (xr[1] - xr[0]) * box.w;
      var py = box.y0 + (1 - (ys[k] - yr[0]) / (yr[1] - yr[0])) * box.h;
      py = Math.max(box.y0, Math.min(box.y0 + box.h, py));
      if (k === 0) { ctx.moveTo(px, py); } else { ctx.lineTo(px, py); }
    }
    ctx.stroke();
  }

  function trace(canvas, point) {
    var t = theme(canvas), box = frame(canvas, t, "t [ms]", "v [mV]");
    var n = point.v.length, ts = new Float64Array(n);
    for (var k = 0; k < n; k++) { ts[k] = k * point.dt; }
    line(box, ts, point.v, [0, n * point.dt], [-90, 35], t.v);
  }

  function phase(canvas, point, cell, amp, spec) {
    var t = theme(canvas), box = frame(canvas, t, "v [mV]", "u");
    var m = spec.model, vs = [], nv = [], nu = [];
    for (var v = -90; v <= 30; v += 1) {
      vs.push(v); nv.push(m.k2 * v * v + m.k1 * v + m.k0 + amp); nu.push(cell.b * v);
    }
    var lo = Infinity, hi = -Infinity;
    point.u.forEach(function (u) {
      if (isFinite(u)) { lo = Math.min(lo, u); hi = Math.max(hi, u); }
    });
    var pad = Math.max(1, (hi - lo) * 0.3), yr = [lo - pad, hi + pad];
    line(box, vs, nv, [-90, 35], yr, t.muted);
    line(box, vs, nu, [-90, 35], yr, t.muted);
    line(box, point.v, point.u, [-90, 35], yr, t.u);
  }

  G.atlasView = {map: map, trace: trace, phase: phase, theme: theme};
})(window);
