/*
 * spectrum-plot.js: the network's population rate and its power spectrum, drawn on a canvas
 * (IzhGallery.spectrumPlot), below the raster of raster.js. Classic script; needs widgets.js.
 * rate(ctx, box, counts, cells, x, colours) draws the rate [Hz] of counts (spikes of cells per
 * 1 ms bin; x(m) is the pixel of bin m) with its peak written at the top left.
 *
 * spectrum: {step_hz, power: [P(step_hz), P(2 step_hz), ...] in Hz² s, peak_hz}, precomputed
 * by gallery/network_page.py (the same periodogram as the static figure; peak_hz null if flat).
 * draw(ctx, box, spectrum, bands, colours) paints it inside box {left, top, width, height},
 * with the EEG bands shaded and the peak marked; at(box, spectrum, x) is the bin under pixel x.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var W = G.widgets;

  function maxHz(spectrum) { return spectrum.step_hz * spectrum.power.length; }

  function draw(ctx, box, spectrum, bands, c) {
    var top = 0, hzMax = maxHz(spectrum);
    spectrum.power.forEach(function (p) { top = Math.max(top, p); });
    var x = function (hz) { return box.left + hz / hzMax * box.width; };
    var y = function (p) { return box.top + box.height - p / (top * 1.1 || 1) * box.height; };
    ctx.font = "11px system-ui, sans-serif";
    Object.keys(bands).sort().forEach(function (name) {
      var lo = bands[name][0], hi = Math.min(bands[name][1], hzMax);
      ctx.fillStyle = c.grid; ctx.fillRect(x(lo), box.top, x(hi) - x(lo), box.height);
      ctx.fillStyle = c.muted; ctx.textAlign = "center";
      ctx.fillText(name, (x(lo) + x(hi)) / 2, box.top + 12);
    });
    ctx.strokeStyle = c.fg; ctx.lineWidth = 1; ctx.beginPath();
    spectrum.power.forEach(function (p, k) {
      var px = x((k + 1) * spectrum.step_hz), py = y(p);
      if (k === 0) { ctx.moveTo(px, py); } else { ctx.lineTo(px, py); }
    });
    ctx.stroke();
    if (typeof spectrum.peak_hz === "number") {
      ctx.strokeStyle = c.reset; ctx.setLineDash([4, 3]); ctx.beginPath();
      ctx.moveTo(x(spectrum.peak_hz), box.top);
      ctx.lineTo(x(spectrum.peak_hz), box.top + box.height);
      ctx.stroke(); ctx.setLineDash([]);
      ctx.fillStyle = c.reset; ctx.textAlign = "left";
      var peak = "peak " + W.fmt(spectrum.peak_hz, 3) + " Hz";
      ctx.fillText(peak, x(spectrum.peak_hz) + 4, box.top + 40);
    }
    ctx.strokeStyle = c.grid; ctx.strokeRect(box.left, box.top, box.width, box.height);
    ctx.fillStyle = c.muted; ctx.textAlign = "center";
    W.niceTicks(0, hzMax, 10).forEach(function (hz) {
      ctx.fillText(String(hz), x(hz), box.top + box.height + 14);
    });
    var label = "frequency (Hz): power spectrum of the population rate, whole second";
    if (ctx.measureText(label).width > box.width) { label = "frequency (Hz), whole second"; }
    ctx.fillText(label, box.left + box.width / 2, box.top + box.height + 28);
    ctx.textAlign = "right";
    ctx.fillText(W.fmt(top, 2), box.left - 4, box.top + 10);
    ctx.fillText("Hz² s", box.left - 4, box.top + 22);
  }

  function at(box, spectrum, px) {
    var k = Math.round((px - box.left) / box.width * spectrum.power.length) - 1;
    if (k < 0 || k >= spectrum.power.length) { return null; }
    return {hz: (k + 1) * spectrum.step_hz, power: spectrum.power[k]};
  }

  function rate(ctx, box, counts, cells, x, c) {
    var peak = 0;
    for (var b = 0; b < counts.length; b++) {
      counts[b] = counts[b] / cells * 1000; peak = Math.max(peak, counts[b]);
    }
    var scale = peak > 0 ? box.height / (peak * 1.1) : 1;
    ctx.strokeStyle = c.fg; ctx.lineWidth = 1; ctx.beginPath();
    for (var m = 0; m < counts.length; m++) {
      var px = x(m), py = box.top + box.height - counts[m] * scale;
      if (m === 0) { ctx.moveTo(px, py); } else { ctx.lineTo(px, py); }
    }
    ctx.stroke();
    ctx.strokeStyle = c.grid; ctx.strokeRect(box.left, box.top, box.width, box.height);
    ctx.fillStyle = c.muted; ctx.font = "11px system-ui, sans-serif"; ctx.textAlign = "right";
    ctx.fillText(W.fmt(peak, 3) + " Hz", box.left - 4, box.top + 10);
  }

  G.spectrumPlot = {draw: draw, at: at, rate: rate};
})(window);
