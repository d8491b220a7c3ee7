// Reads {scripts, cases} as JSON on stdin: loads the scripts (constants.js, model.js,
// model-reference.js, phase-math.js) in order, runs each case and prints the answers as JSON:
// the Node half of tests/test_model_js.py. A case is {preset, options} (a simulation) or
// {preset, state, current} (the phase plane's fixed points).
"use strict";
const fs = require("fs");
const vm = require("vm");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
input.scripts.forEach((file) => {
  vm.runInThisContext(fs.readFileSync(file, "utf8"), {filename: file});
});
const G = globalThis.IzhGallery;

function simulate({preset, options}) {
  const run = G.model.simulate(preset, options);
  const vLast = run.v[run.v.length - 1];
  return {spikes: run.spikes, n: run.t.length, diverged: run.diverged, vLast};
}

function fixedPoints({preset, state, current}) {
  const f = G.phaseMath.forms(preset, state);
  return G.phaseMath.fixedPoints(f, state.a, current).map((p) => ({v: p.v, u: p.u, kind: p.kind}));
}

const out = input.cases.map((c) => (c.current === undefined ? simulate(c) : fixedPoints(c)));
process.stdout.write(JSON.stringify(out));
