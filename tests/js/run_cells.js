// Reads {scripts, cases} as JSON on stdin, loads the scripts in order (constants.js, model.js,
// phase-math.js, cell-math.js) and answers each case with IzhGallery.cellMath: the Node half
// of tests/test_cell_parity.py. A case is {fn, preset, state, settings, currents?}.
"use strict";
const fs = require("fs");
const vm = require("vm");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
input.scripts.forEach((file) => {
  vm.runInThisContext(fs.readFileSync(file, "utf8"), {filename: file});
});
const G = globalThis.IzhGallery;

function answer(c) {
  if (c.fn === "simulate") {
    const run = G.model.simulate(c.preset, Object.assign({maxSteps: 1e7}, c.state));
    return {spikes: run.spikes};
  }
  if (c.fn === "nullclines") {
    const f = G.phaseMath.forms(c.preset, c.state);
    return G.phaseMath.fixedPoints(f, c.state.a, c.state.amp);
  }
  if (c.fn === "stableManifold") {
    return G.threshold.stableManifold(c.preset, c.state, c.box);
  }
  if (c.fn === "bifurcation") {
    return G.cellMath.bifurcation(c.preset, c.state, c.settings, c.currents);
  }
  return G.cellMath[c.fn](c.preset, c.state, c.settings);
}

// NaN and Infinity do not survive JSON: write them as strings
const text = JSON.stringify(input.cases.map(answer), (key, value) =>
  (typeof value === "number" && !isFinite(value) ? String(value) : value));
process.stdout.write(text);
