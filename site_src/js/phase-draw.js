/*
 * phase-draw.js: the canvas strokes of the phase plane, under IzhGallery.widgets.phaseDraw:
 *   clip(ctx, v)                      save, then clip to the plot area (restore after)
 *   axes(ctx, v, c, state, preset)    grid, ticks, axis labels, the v_peak and c lines
 *   flow(ctx, v, current)             the flow field (direction only)
 *   curve(ctx, v, fn)                 u = fn(v) across the window, broken where it leaves it
 *   marker(ctx, x, y)                 the hovered instant
 * v is phase-plot.js's view (size, margins, window, X and Y). Classic script; needs widgets.js.
 */
(function (root) {
  "use strict";
  var W = root.IzhGallery.widgets;
  var fmt = W.fmt;

  function clip(ctx, v) {  // save, then clip to the plot area (restore after)
    ctx.save(); ctx.beginPath(); ctx.rect(v.L, v.T, v.w - v.L - v.R, v.h - v.T - v.B); ctx.clip();
  }

  /* The flow field at input current: direction only, every arrow the same length. */
  function drawFlow(ctx, v, current) {
    var f = v.f, pw = v.w - v.L - v.R, ph = v.h - v.T - v.B, win = v.win;
    var nx = Math.max(8, Math.round(pw / 30)), ny = Math.max(6, Math.round(ph / 30));
    ctx.beginPath();
    for (var gx = 0; gx < nx; gx++) {
      for (var gy = 0; gy < ny; gy++) {
        var v0 = win.vMin + (gx + 0.5) / nx * (win.vMax - win.vMin);
        var u0 = win.uMin + (gy + 0.5) / ny * (win.uMax - win.uMin);
        var px = (f.F(v0) - u0 + current) / f.cap / (win.vMax - win.vMin) * pw;
        var py = -v.state.a * (f.U(v0) - f.decay * u0) / (win.uMax - win.uMin) * ph;
        var len = Math.sqrt(px * px + py * py);
        if (!(len > 0) || !isFinite(len)) { continue; }
        var ex = px / len, ey = py / len, x0 = v.X(v0) - 5 * ex, y0 = v.Y(u0) - 5 * ey;
        var x1 = x0 + 10 * ex, y1 = y0 + 10 * ey;
        ctx.moveTo(x0, y0); ctx.lineTo(x1, y1);
        ctx.moveTo(x1 - 3 * ex + 2 * ey, y1 - 3 * ey - 2 * ex); ctx.lineTo(x1, y1);
        ctx.lineTo(x1 - 3 * ex - 2 * ey, y1 - 3 * ey + 2 * ex);
      }
    }
    ctx.stroke();
  }

  function drawMarker(ctx, mx, my) {  // a ring with a cross, unlike any fixed point
    ctx.beginPath(); ctx.arc(mx, my, 6, 0, 2 * Math.PI);
    ctx.moveTo(mx - 10, my); ctx.lineTo(mx + 10, my);
    ctx.moveTo(mx, my - 10); ctx.lineTo(mx, my + 10); ctx.stroke();
  }

  function drawAxes(ctx, v, c, state, preset) {
    var w = v.w, h = v.h;
    ctx.font = "11px system-ui, sans-serif"; ctx.lineWidth = 1;
    ctx.strokeStyle = c.grid; ctx.fillStyle = c.muted; ctx.textBaseline = "middle";
    v.vTicks.forEach(function (x) {
      ctx.beginPath(); ctx.moveTo(v.X(x), v.T); ctx.lineTo(v.X(x), h - v.B); ctx.stroke();
      ctx.textAlign = "center"; ctx.fillText(fmt(x, 6), v.X(x), h - v.B + 12);
    });
    v.uTicks.forEach(function (y) {
      ctx.beginPath(); ctx.moveTo(v.L, v.Y(y)); ctx.lineTo(w - v.R, v.Y(y)); ctx.stroke();
      ctx.textAlign = "right"; ctx.fillText(fmt(y, 6), v.L - 5, v.Y(y));
    });
    ctx.fillStyle = c.fg; ctx.textAlign = "center"; ctx.font = "12px system-ui, sans-serif";
    ctx.fillText("v (mV)", v.L + (w - v.L - v.R) / 2, h - 9);
    ctx.save(); ctx.translate(10, v.T + (h - v.T - v.B) / 2); ctx.rotate(-Math.PI / 2);
    ctx.fillText("u", 0, 0); ctx.restore();
    ctx.strokeStyle = c.muted; ctx.strokeRect(v.L, v.T, w - v.L - v.R, h - v.T - v.B);
    clip(ctx, v);
    ctx.setLineDash([4, 4]); ctx.strokeStyle = c.muted;
    [preset.model.v_peak, state.c].forEach(function (x) {
      ctx.beginPath(); ctx.moveTo(v.X(x), v.T); ctx.lineTo(v.X(x), h - v.B); ctx.stroke();
    });
    ctx.restore();
  }

  function curve(ctx, v, fn) {
    var span = v.win.uMax - v.win.uMin, lo = v.win.uMin - span, hi = v.win.uMax + span;
    var pen = false;
    ctx.beginPath();
    for (var s = 0; s <= 240; s++) {
      var x = v.win.vMin + s / 240 * (v.win.vMax - v.win.vMin), y = fn(x);
      if (!isFinite(y) || y < lo || y > hi) { pen = false; continue; }
      if (pen) { ctx.lineTo(v.X(x), v.Y(y)); } else { ctx.moveTo(v.X(x), v.Y(y)); pen = true; }
    }
    ctx.stroke();
  }

  W.phaseDraw = {clip: clip, axes: drawAxes, flow: drawFlow, curve: curve, marker: drawMarker};
})(typeof window !== "undefined" ? window : globalThis);
