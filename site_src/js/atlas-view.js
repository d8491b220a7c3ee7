/*
 * atlas-view.js: the atlas widget's drawings on canvases: the class map (with the paper's
 * labelled points and the keyboard cursor), and the trace and phase plane of one point; its
 * words for a point, and its Web Worker. No state of its own; atlas.js calls these. Also the
 * lesson cell's view, IzhGallery.cellViews.atlas: atlas.js' widget inside a live cell.
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

  function makeWorker() {  // from the text of atlasCore, so from file:// too
    try {
      var source = "var core = (" + G.atlasCore.toString() + ")();\n" +
        "self.onmessage = function (e) { var m = e.data;\n" +
        "  var grid = core.grid(m.spec, m.res, m.amp, 0, m.res);\n" +
        "  self.postMessage({job: m.job, res: m.res, grid: grid}, [grid.buffer]); };\n";
      var url = URL.createObjectURL(new root.Blob([source], {type: "text/javascript"}));
      return new root.Worker(url);
    } catch (e) {
      return null;
    }
  }

  function html(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function fmt(x, digits) { return isFinite(x) ? Number(x.toFixed(digits)).toString() : "–"; }

  function describe(spec, cell, p) {
    var f = p.features, x = spec.x.name, y = spec.y.name;
    return x + " = " + fmt(cell[x], 4) + ", " + y + " = " + fmt(cell[y], 4) + ": " +
      spec.classes[p.cls] + ". " + f.spikes + " spikes; steady " + fmt(f.late_rate_hz, 1) +
      " Hz; first interval " + fmt(f.first_isi_ms, 2) + " ms; steady intervals " +
      fmt(f.late_min_isi_ms, 2) + "–" + fmt(f.late_max_isi_ms, 2) + " ms; first burst " +
      f.first_burst + " spike(s); rest " +
      (isFinite(f.rest_v) ? fmt(f.rest_v, 2) + " mV" : "none") +
      (isFinite(f.rest_zeta) ? ", a focus with damping ratio " + fmt(f.rest_zeta, 3) : "");
  }

  G.atlasView = {map: map, trace: trace, phase: phase, theme: theme, html: html, fmt: fmt,
                 describe: describe, makeWorker: makeWorker};

  // The lesson cell's view (a ``view = "atlas"`` cell, mounted by cell.js): atlas.js' widget
  // without its own slider; the cell's controls set the current and the plane's fixed pair.
  G.cellViews = G.cellViews || {};
  G.cellViews.atlas = function (box, payload) {
    var spec = payload.atlas, holder = box.appendChild(html("div", {"class": "ig-atlas"}));
    var widget = G.atlas.mount(holder, spec, {slider: false, start: spec.start});
    function draw(state) {
      var fixed = {};
      Object.keys(spec.fixed).forEach(function (k) { fixed[k] = state[k]; });
      widget.set(state.amp, fixed);
      var p = widget.loaded();
      var text = "Class map of the (" + spec.x.name + ", " + spec.y.name + ") plane at I = " +
        fmt(state.amp, 3) + " with " + Object.keys(fixed).map(function (k) {
          return k + " = " + fmt(fixed[k], 4);
        }).join(" and ") + (p ? "; loaded: " + p.text : "") + ".";
      return {text: text, spikes: p ? p.spikes : 0};
    }
    return {draw: draw, destroy: function () { widget.destroy(); holder.remove(); }};
  };
})(window);
