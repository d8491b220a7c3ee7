/*
 * compare.js: IzhGallery.compare.mount(el, payloads, options) overlays one preset's voltage
 * trace under two integration settings (scheme and dt each), so a reader sees at once whether a
 * firing pattern belongs to the model or to the step. Classic script; needs model.js and
 * widgets.js. main.js mounts <div data-widget="compare" data-payloads="ID">.
 *
 * options.state: {slug, a: {scheme, dt}, b: {scheme, dt}} to restore after a palette change.
 * Returns {state(), remount()}. Sets data-spikes-a and data-spikes-b on el (for tests).
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var W = G.widgets;
  var DT_RANGE = G.constants.DT_RANGE;  // the step range in ms (gallery/site/controls.py)

  function initialState(payloads, wanted) {
    var first = payloads[0].preset;
    var slug = wanted && payloads.some(function (p) { return p.preset.slug === wanted.slug; })
      ? wanted.slug : first.slug;
    var preset = byslug(payloads, slug);
    return wanted && wanted.a ? wanted : {
      slug: slug,
      a: {scheme: preset.scheme, dt: preset.dt_ms},
      b: {scheme: preset.scheme, dt: preset.dt_ms / 10}
    };
  }

  function byslug(payloads, slug) {
    for (var k = 0; k < payloads.length; k++) {
      if (payloads[k].preset.slug === slug) { return payloads[k].preset; }
    }
    return payloads[0].preset;
  }

  function presetMenu(payloads, value, onChange) {
    var id = W.uid("ig-compare-preset");
    var box = W.el("div", {"class": "ig-control ig-control-select"});
    box.appendChild(W.el("label", {"for": id}, "preset"));
    var menu = W.el("select", {id: id}), groups = {};
    payloads.forEach(function (p) {
      var family = p.preset.family;
      if (!groups[family]) {
        groups[family] = W.el("optgroup", {label: family}); menu.appendChild(groups[family]);
      }
      groups[family].appendChild(W.el("option", {value: p.preset.slug}, p.preset.label));
    });
    menu.value = value;
    menu.addEventListener("change", function () { onChange(menu.value); });
    box.appendChild(menu);
    return box;
  }

  function sideControls(name, side, colour, onChange) {
    var box = W.el("fieldset", {"class": "ig-compare-side"});
    var legend = W.el("legend", {}, "run " + name);
    legend.style.boxShadow = "inset 0 -3px 0 " + colour;  // the run's colour as a key, not as
    // text colour (the orange on white is below 4.5:1)
    box.appendChild(legend);
    var schemeId = W.uid("ig-compare-scheme"), dtId = W.uid("ig-compare-dt");
    var row = W.el("div", {"class": "ig-control"});
    row.appendChild(W.el("label", {"for": schemeId}, "scheme"));
    var menu = W.el("select", {id: schemeId});
    W.SCHEMES.forEach(function (s) { menu.appendChild(W.el("option", {value: s}, s)); });
    menu.value = side.scheme;
    row.appendChild(menu);
    box.appendChild(row);
    var row2 = W.el("div", {"class": "ig-control"});
    row2.appendChild(W.el("label", {"for": dtId}, "dt (ms)"));
    var dt = W.el("input", {id: dtId, type: "number", min: String(DT_RANGE[0]),
                            max: String(DT_RANGE[1]), step: "any"});
    dt.value = String(side.dt);
    row2.appendChild(dt);
    box.appendChild(row2);
    menu.addEventListener("change", function () { side.scheme = menu.value; onChange(); });
    dt.addEventListener("change", function () {
      var x = Number(dt.value);
      if (dt.value.trim() === "" || !isFinite(x)) { dt.value = String(side.dt); return; }
      side.dt = W.clamp(x, DT_RANGE[0], DT_RANGE[1]);
      dt.value = String(side.dt);
      onChange();
    });
    return box;
  }

  function run(preset, side) {
    var steps = preset.t_max_ms / side.dt;
    if (steps > W.MAX_STEPS_PER_REDRAW) {
      return {error: "run " + side.scheme + " at dt = " + side.dt + " ms needs " +
              Math.round(steps) + " steps, over the " + W.MAX_STEPS_PER_REDRAW +
              " a redraw may take: choose a larger dt"};
    }
    try {
      return G.model.simulate(preset, {scheme: side.scheme, dt: side.dt});
    } catch (error) {
      return {error: String(error.message || error)};
    }
  }

  function finiteOrNull(x) { return isFinite(x) ? x : null; }  // uPlot: null is a gap

  function spikeText(sim) {
    if (sim.error) { return sim.error; }
    var n = sim.spikes.length;
    var first = sim.spikes.slice(0, 4).map(function (t) { return W.fmt(t, 5); }).join(", ");
    var times = n ? " (first at " + first + (n > 4 ? ", …" : "") + " ms)" : "";
    return n + " spike" + (n === 1 ? "" : "s") + times;
  }

  function mount(el, payloads, options) {
    var o = options || {};
    var state = initialState(payloads, o.state);
    el.textContent = "";
    el.classList.add("ig-live", "ig-compare");
    var c = W.colours(), colourB = c.u;  // the palette's second hue, as in the figures
    var controls = W.el("div", {"class": "ig-compare-controls"});
    var plotBox = W.el("div", {"class": "ig-compare-plot"});
    var stats = W.el("div", {"class": "ig-compare-stats", "aria-live": "polite"});
    var plot = null;

    function redraw() {
      var preset = byslug(payloads, state.slug);
      var simA = run(preset, state.a), simB = run(preset, state.b);
      el.setAttribute("data-spikes-a", simA.error ? "" : String(simA.spikes.length));
      el.setAttribute("data-spikes-b", simB.error ? "" : String(simB.spikes.length));
      stats.textContent = "";
      [["run A", simA, c.v], ["run B", simB, colourB]].forEach(function (row) {
        var line = W.el("p", {});
        var name = W.el("strong", {}, row[0] + ": ");
        name.style.boxShadow = "inset 0 -3px 0 " + row[2];
        line.appendChild(name);
        line.appendChild(document.createTextNode(spikeText(row[1])));
        stats.appendChild(line);
      });
      if (!simA.error && !simB.error) {
        var verdict = simA.spikes.length === simB.spikes.length
          ? "Same number of spikes: the pattern survives the change; compare the times."
          : "Different numbers of spikes: this pattern depends on the integration, " +
            "not only on the model.";
        stats.appendChild(W.el("p", {"class": "ig-compare-verdict"}, verdict));
      }
      var data = [[], [], []];
      if (!simA.error || !simB.error) {
        var sets = [simA, simB].map(function (sim) {
          if (sim.error) { return [[], []]; }
          return [Array.from(sim.t), Array.from(sim.v, finiteOrNull)];
        });
        data = root.uPlot.join(sets);
      }
      var width = Math.max(280, plotBox.clientWidth || 640);
      if (plot) { plot.destroy(); }
      var axis = {stroke: c.muted, grid: {stroke: c.grid, width: 1},
                  ticks: {stroke: c.grid, width: 1},
                  font: "11px system-ui, sans-serif", labelFont: "12px system-ui, sans-serif"};
      plot = new root.uPlot({
        width: width, height: 260, padding: [8, 10, 0, 0],
        scales: {x: {time: false}},
        cursor: {drag: {x: true, y: false}},
        legend: {show: true},
        axes: [Object.assign({label: "t (ms)", size: 44, labelSize: 16}, axis),
               Object.assign({label: "v (mV)", size: 52, labelSize: 18}, axis)],
        series: [{label: "t (ms)"},
                 {label: "A: " + state.a.scheme + ", dt " + state.a.dt, stroke: c.v, width: 1.4,
                  spanGaps: true, points: {show: false}},
                 {label: "B: " + state.b.scheme + ", dt " + state.b.dt, stroke: colourB,
                  width: 1.2, dash: [5, 3], spanGaps: true, points: {show: false}}]
      }, data, plotBox);
    }

    function build() {
      controls.textContent = "";
      controls.appendChild(presetMenu(payloads, state.slug, function (slug) {
        var preset = byslug(payloads, slug);
        state = {slug: slug, a: {scheme: preset.scheme, dt: preset.dt_ms},
                 b: {scheme: preset.scheme, dt: preset.dt_ms / 10}};
        build();
        redraw();
      }));
      controls.appendChild(sideControls("A", state.a, c.v, redraw));
      controls.appendChild(sideControls("B", state.b, colourB, redraw));
    }

    el.appendChild(controls);
    el.appendChild(plotBox);
    el.appendChild(stats);
    build();
    redraw();
    return {
      state: function () { return JSON.parse(JSON.stringify(state)); },
      remount: function () { return mount(el, payloads, {state: state}); }
    };
  }

  G.compare = {mount: mount};
})(window);
