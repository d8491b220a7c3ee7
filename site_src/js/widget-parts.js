/*
 * widget-parts.js: the preset widget's controls and boxes, under IzhGallery.widgets.
 * The page declares the controls (templates/widget-controls.html.j2, from
 * gallery/site/controls.py); this script only finds and binds them (issue 14).
 *   readRanges(box)                  {a: [lo, hi], ...}: each slider's declared min and max
 *   bindControls(box, onInput)       sliders, exact values, scheme: {set(state), click, destroy}
 *   bindEmbedBox(box, onCopy)        the declared embed snippet box, {set(text), destroy}
 *   presetLayout(box)                the parts the preset widget builds after its controls
 *   statItems(box, [[name, text], ...])  the statistics line (data-stat for tests)
 *   snippetFor(preset, query)                  the iframe + host.js snippet of one state
 *   copyText(text)                             best-effort clipboard write
 *   spikeIndices, resets, statPairs, runNotes  what one simulated run shows beside the plots
 * Classic script; needs widgets.js. All text is set with textContent.
 */
(function (root) {
  "use strict";
  var W = root.IzhGallery.widgets;
  // The site root, from this script's own URL: right for folder URLs, page files and file://.
  var SCRIPT = document.currentScript ? document.currentScript.src : "";
  var RUNAWAY_NOTE = "Firing at almost every step: a runaway, not a rhythm. " +
    "Try a smaller |d| or dt.";

  /* Listen on target until the returned function runs (one list per bound widget). */
  function listener() {
    var bound = [];
    function on(target, type, fn) {
      target.addEventListener(type, fn); bound.push([target, type, fn]);
    }
    on.off = function () { bound.forEach(function (b) { b[0].removeEventListener(b[1], b[2]); }); };
    return on;
  }

  function inputsOf(box, key) {  // the slider and the exact-value field of one state key
    var slider = box.querySelector('input[type="range"][data-key="' + key + '"]');
    if (!slider) { throw new Error("The page declares no control for " + key + "."); }
    var number = box.querySelector('input[type="number"][data-key="' + key + '"]');
    return {slider: slider, number: number};
  }

  /* Each slider's range, as the page declares it (gallery/site/controls.py decides it). */
  function readRanges(box) {
    var r = {};
    W.NUMERIC.forEach(function (k) {
      var slider = inputsOf(box, k).slider;
      r[k] = [Number(slider.min), Number(slider.max)];
    });
    return r;
  }

  /* Bind the declared controls: onInput(key, value) on every change; buttons by data-action. */
  function bindControls(box, onInput) {
    var on = listener(), r = readRanges(box), rows = {};
    var select = box.querySelector('select[data-key="scheme"]');
    W.NUMERIC.forEach(function (k) {
      var io = rows[k] = inputsOf(box, k);
      on(io.slider, "input", function () {
        io.number.value = io.slider.value; onInput(k, Number(io.slider.value));
      });
      on(io.number, "change", function () {
        var x = Number(io.number.value);
        if (io.number.value.trim() === "" || !isFinite(x)) {
          io.number.value = io.slider.value; return;
        }
        x = W.clamp(x, r[k][0], r[k][1]);
        io.number.value = String(x); io.slider.value = String(x); onInput(k, x);
      });
    });
    on(select, "change", function () { onInput("scheme", select.value); });
    box.hidden = false;
    return {
      set: function (state) {
        W.NUMERIC.forEach(function (k) {
          rows[k].slider.value = String(state[k]); rows[k].number.value = String(state[k]);
        });
        select.value = state.scheme;
      },
      click: function (action, fn) {
        on(box.querySelector('[data-action="' + action + '"]'), "click", fn);
      },
      destroy: on.off
    };
  }

  function statItems(stats, pairs) {
    stats.textContent = "";
    pairs.forEach(function (pair) {
      var item = W.el("span", {"class": "ig-stat"});
      item.appendChild(W.el("strong", {}, pair[0] + ": "));
      item.appendChild(W.el("span", {"data-stat": pair[0]}, pair[1]));
      stats.appendChild(item);
    });
  }

  /* Bind the declared embed snippet box: onCopy(text) when its button is pressed. */
  function bindEmbedBox(box, onCopy) {
    var on = listener(), area = box.querySelector("textarea");
    on(box.querySelector('[data-action="copy-embed"]'), "click", function () {
      area.select(); onCopy(area.value);
    });
    box.hidden = false;
    return {set: function (text) { area.value = text; }, destroy: on.off};
  }

  function snippetFor(preset, query) {
    var base = SCRIPT ? SCRIPT.replace(/js\/widget-parts\.js([?#].*)?$/, "")
      : new URL("../../", root.location.href).href;
    var src = new URL("embed/" + preset.slug + ".html" + query, base).href;
    var host = new URL("embed/host.js", base).href;  // the build copies js/host.js there
    var title = (preset.label + " (Izhikevich model, interactive)").replace(/[&"<>]/g, "");
    return '<iframe src="' + src.replace(/&/g, "&amp;") + '" title="' + title +
      '" width="100%" height="720" style="border:0" loading="lazy"></iframe>\n' +
      '<script src="' + host + '" async></script>';
  }

  function copyText(text) {
    if (root.navigator.clipboard && root.isSecureContext) {
      root.navigator.clipboard.writeText(text).catch(function () {});
    }
  }

  function spikeIndices(sim) {  // the stored index of each spike (book-2007: the peak sample)
    var spikeIdx = [], times = {}, n = sim.t.length, book = sim.scheme === "book-2007";
    sim.spikes.forEach(function (s) { times[s] = true; });
    for (var k = 0; k < n; k++) { if (times[sim.t[k]]) { spikeIdx.push(book ? k - 1 : k); } }
    return spikeIdx;
  }

  function resets(sim, spikeIdx, state) {  // (peak, u before) -> (after, u after)
    var book = sim.scheme === "book-2007", n = sim.t.length;
    return spikeIdx.map(function (j) {
      var after = book ? Math.min(j + 1, n - 1) : j;
      return [sim.v[j], sim.u[after] - state.d, book ? sim.v[after] : state.c, sim.u[after]];
    });
  }

  function statPairs(sim, payload, fp) {
    var isis = [], spikes = sim.spikes, preset = payload.preset;
    for (var q = 1; q < spikes.length; q++) { isis.push(spikes[q] - spikes[q - 1]); }
    var published = payload.runs[payload.runs.length - 1].spike_times_ms.length;
    var pairs = [["spikes", String(spikes.length)], ["published run", published + " spikes"],
      ["first spike", spikes.length ? W.fmt(spikes[0]) + " ms" : "–"],
      ["mean rate", W.fmt(1000 * spikes.length / preset.t_max_ms, 3) + " Hz"],
      ["first / last ISI", isis.length
        ? W.fmt(isis[0]) + " / " + W.fmt(isis[isis.length - 1]) + " ms" : "–"]];
    if (fp) {
      pairs.push(["fixed points at I = " + W.fmt(fp.current, 3), fp.points.map(function (p) {
        return p.kind + " at " + W.fmt(p.v, 4) + " mV";
      }).join(", ") || "none"]);
    }
    return pairs;
  }

  function runNotes(sim, urlNotes) {
    var notes = urlNotes.slice();
    if (sim.diverged !== null) {
      notes.push("Runaway: the state stopped being a finite number at t = " +
        W.fmt(sim.diverged) + " ms, so the run is cut there. " +
        "Bring the parameters back (or press Reset).");
    } else if (sim.spikes.length > W.RUNAWAY * sim.t.length) {
      notes.push(RUNAWAY_NOTE);
    }
    return notes;
  }

  /* The parts the script builds (plots, notices, statistics), right after the declared
     controls; destroy() takes them out again. */
  function presetLayout(box) {
    var parts = {
      notice: W.el("p", {"class": "ig-notice", role: "status", "aria-live": "polite"}),
      views: W.el("div", {"class": "ig-views"}),
      traceBox: W.el("div", {"class": "ig-trace"}),
      // polite: the readout changes on a keyboard step, not on every mouse move (see onKey)
      readout: W.el("p", {"class": "ig-readout", "aria-live": "polite", "aria-atomic": "true"}),
      phaseBox: W.el("div", {"class": "ig-phase-box"}),
      phase: W.el("canvas", {"class": "ig-phase", role: "img", tabindex: "0"}),
      legend: W.el("p", {"class": "ig-legend"}),
      stats: W.el("div", {"class": "ig-stats", role: "status", "aria-live": "polite"})
    };
    parts.traceBox.appendChild(parts.readout);
    parts.phaseBox.appendChild(parts.phase); parts.phaseBox.appendChild(parts.legend);
    parts.views.appendChild(parts.traceBox); parts.views.appendChild(parts.phaseBox);
    parts.built = [parts.notice, parts.views, parts.stats];
    var anchor = box.nextSibling;
    parts.built.forEach(function (node) { box.parentNode.insertBefore(node, anchor); });
    return parts;
  }

  Object.assign(W, {readRanges: readRanges, bindControls: bindControls, statItems: statItems,
                   bindEmbedBox: bindEmbedBox, snippetFor: snippetFor, copyText: copyText,
                   spikeIndices: spikeIndices, resets: resets, statPairs: statPairs,
                   runNotes: runNotes, presetLayout: presetLayout});
})(typeof window !== "undefined" ? window : globalThis);
