/*
 * widget-parts.js: the preset widget's controls and boxes, under IzhGallery.widgets:
 *   controlRow(label, value, range, onInput)   slider + exact number, {row, set(x)}
 *   statItems(box, [[name, text], ...])        the statistics line (data-stat for tests)
 *   embedBox(onCopy)                           the embed snippet box, {box, set(text)}
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

  function controlRow(label, value, range, onInput) {
    var row = W.el("div", {"class": "ig-control"}), id = W.uid("ig-input");
    row.appendChild(W.el("label", {"for": id}, label));
    // step "any": the published value stays exact (a grid would snap it); keys move by 1/100
    var attrs = {min: String(range[0]), max: String(range[1]), step: "any"};
    var slider = W.el("input", Object.assign({type: "range", id: id}, attrs));
    var number = W.el("input", Object.assign(
      {type: "number", "aria-label": label + " (exact value)"}, attrs));
    // after min and max, so nothing is clamped
    slider.value = String(value); number.value = String(value);
    slider.addEventListener("input", function () {
      number.value = slider.value; onInput(Number(slider.value));
    });
    number.addEventListener("change", function () {
      var x = Number(number.value);
      if (number.value.trim() === "" || !isFinite(x)) { number.value = slider.value; return; }
      x = W.clamp(x, range[0], range[1]);
      number.value = String(x); slider.value = String(x); onInput(x);
    });
    row.appendChild(slider); row.appendChild(number);
    return {row: row, set: function (x) { slider.value = String(x); number.value = String(x); }};
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

  function embedBox(onCopy) {
    var box = W.el("div", {"class": "ig-embed-box"}), id = W.uid("ig-embed");
    box.appendChild(W.el("label", {"for": id}, "Embed this widget (reflects the controls above)"));
    var area = W.el("textarea", {id: id, readonly: "readonly", rows: "3", spellcheck: "false"});
    var button = W.el("button", {type: "button", "class": "ig-button"}, "Copy embed code");
    button.addEventListener("click", function () { area.select(); onCopy(area.value); });
    box.appendChild(area); box.appendChild(button);
    return {box: box, set: function (text) { area.value = text; }};
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

  W.controlRow = controlRow;
  W.statItems = statItems;
  W.embedBox = embedBox;
  W.snippetFor = snippetFor;
  W.copyText = copyText;
  W.spikeIndices = spikeIndices;
  W.resets = resets;
  W.statPairs = statPairs;
  W.runNotes = runNotes;
})(typeof window !== "undefined" ? window : globalThis);
