/*
 * cell-plot.js: a small canvas chart for the live cells' views, IzhGallery.widgets.cellPlot.
 *   var plot = W.cellPlot(box, {label: "..."})   a canvas (role img) and a legend in box
 *   var v = plot.frame({x: [lo, hi], y: [lo, hi], xLabel, yLabel}, c)   axes, grid, ticks
 *   v.line(xs, ys, colour, {width, dash})      a polyline, broken at non-finite values
 *   v.dot(x, y, colour, filled)  v.vline(x, colour, dash)  v.text(x, y, text, colour)
 *   v.done()                                   restore the clip
 *   plot.legend([[colour, text, dashed], ...])  plot.describe(text)  plot.destroy()
 * Classic script; needs widgets.js (niceTicks, fmt, el).
 */
(function (root) {
  "use strict";
  var W = root.IzhGallery.widgets;
  var FONT = "11px system-ui, sans-serif";

  /* A tick label with the typographic minus (U+2212), not the hyphen-minus. */
  function tick(t) { return W.fmt(t, 6).replace(/^-/, "\u2212"); }

  function cellPlot(box, opts) {
    var canvas = W.el("canvas", {"class": "ig-cell-canvas", role: "img",
      "aria-label": (opts && opts.label) || "plot"});
    var legend = W.el("p", {"class": "ig-legend"});
    box.appendChild(canvas); box.appendChild(legend);

    function frame(spec, c) {
      var ratio = root.devicePixelRatio || 1;
      var w = canvas.clientWidth || 520, h = canvas.clientHeight || 340;
      canvas.width = Math.round(w * ratio); canvas.height = Math.round(h * ratio);
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0); ctx.clearRect(0, 0, w, h);
      var L = 56, R = 12, T = 10, B = 36, x = spec.x, y = spec.y;
      var X = function (t) { return L + (t - x[0]) / (x[1] - x[0]) * (w - L - R); };
      var Y = function (t) { return h - B - (t - y[0]) / (y[1] - y[0]) * (h - T - B); };
      ctx.font = FONT; ctx.lineWidth = 1; ctx.strokeStyle = c.grid; ctx.fillStyle = c.muted;
      ctx.textBaseline = "middle";
      W.niceTicks(x[0], x[1], Math.max(3, Math.round(w / 90))).forEach(function (t) {
        ctx.beginPath(); ctx.moveTo(X(t), T); ctx.lineTo(X(t), h - B); ctx.stroke();
        ctx.textAlign = "center"; ctx.fillText(tick(t), X(t), h - B + 12);
      });
      W.niceTicks(y[0], y[1], Math.max(3, Math.round(h / 55))).forEach(function (t) {
        ctx.beginPath(); ctx.moveTo(L, Y(t)); ctx.lineTo(w - R, Y(t)); ctx.stroke();
        ctx.textAlign = "right"; ctx.fillText(tick(t), L - 5, Y(t));
      });
      ctx.fillStyle = c.fg; ctx.textAlign = "center"; ctx.font = "12px system-ui, sans-serif";
      ctx.fillText(spec.xLabel, L + (w - L - R) / 2, h - 9);
      ctx.save(); ctx.translate(12, T + (h - T - B) / 2); ctx.rotate(-Math.PI / 2);
      ctx.fillText(spec.yLabel, 0, 0); ctx.restore();
      ctx.strokeStyle = c.muted; ctx.strokeRect(L, T, w - L - R, h - T - B);
      ctx.save(); ctx.beginPath(); ctx.rect(L, T, w - L - R, h - T - B); ctx.clip();
      return {
        ctx: ctx, X: X, Y: Y,
        line: function (xs, ys, colour, style) {
          var s = style || {}, pen = false;
          ctx.strokeStyle = colour; ctx.lineWidth = s.width || 1.8; ctx.setLineDash(s.dash || []);
          ctx.beginPath();
          for (var k = 0; k < xs.length; k++) {
            if (!isFinite(xs[k]) || !isFinite(ys[k])) { pen = false; continue; }
            if (pen) { ctx.lineTo(X(xs[k]), Y(ys[k])); } else {
              ctx.moveTo(X(xs[k]), Y(ys[k])); pen = true;
            }
          }
          ctx.stroke(); ctx.setLineDash([]);
        },
        dot: function (px, py, colour, filled, size) {
          if (!isFinite(px) || !isFinite(py)) { return; }
          ctx.beginPath(); ctx.arc(X(px), Y(py), size || 4.5, 0, 2 * Math.PI);
          ctx.fillStyle = filled ? colour : c.bg; ctx.strokeStyle = colour; ctx.lineWidth = 1.4;
          ctx.fill(); ctx.stroke();
        },
        vline: function (px, colour, dash) {
          if (!isFinite(px)) { return; }
          ctx.strokeStyle = colour; ctx.lineWidth = 1.2; ctx.setLineDash(dash || [4, 4]);
          ctx.beginPath(); ctx.moveTo(X(px), T); ctx.lineTo(X(px), h - B); ctx.stroke();
          ctx.setLineDash([]);
        },
        text: function (px, py, text, colour) {
          ctx.fillStyle = colour; ctx.font = FONT; ctx.textAlign = "left";
          ctx.fillText(text, X(px) + 7, Y(py) + 11);
        },
        done: function () { ctx.restore(); }
      };
    }

    function setLegend(items) {
      legend.textContent = "";
      items.forEach(function (item) {
        var key = W.el("span", {"class": "ig-key"});
        var swatch = W.el("span", {"class": "ig-swatch", "aria-hidden": "true"});
        swatch.style.borderTopColor = item[0];
        if (item[2]) { swatch.style.borderTopStyle = "dashed"; }
        key.appendChild(swatch); key.appendChild(document.createTextNode(item[1]));
        legend.appendChild(key);
      });
    }

    return {
      canvas: canvas, frame: frame, legend: setLegend,
      describe: function (text) { canvas.setAttribute("aria-label", text); },
      destroy: function () { canvas.remove(); legend.remove(); }
    };
  }

  /* [lo, hi] of the finite values, padded by a fraction of the span (1 when flat). */
  function span(values, pad) {
    var lo = Infinity, hi = -Infinity;
    values.forEach(function (x) {
      if (isFinite(x)) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
    });
    if (lo > hi) { return [0, 1]; }
    var p = hi > lo ? (pad === undefined ? 0.08 : pad) * (hi - lo) : 1;
    return [lo - p, hi + p];
  }

  W.cellPlot = cellPlot;
  W.span = span;
})(typeof window !== "undefined" ? window : globalThis);
