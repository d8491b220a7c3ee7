// Reads {scripts, cases} as JSON on stdin, loads the scripts in order (constants.js, model.js,
// fixed-point.js) and answers each case {preset, state} with IzhGallery.fixedPoint.compare:
// the Node half of tests/test_fixed_point.py. A case {fn: "mul", x, y} checks one product.
"use strict";
const fs = require("fs");
const vm = require("vm");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
input.scripts.forEach((file) => {
  vm.runInThisContext(fs.readFileSync(file, "utf8"), {filename: file});
});
const F = globalThis.IzhGallery.fixedPoint;

function answer(c) {
  if (c.fn === "mul") { return F.mul(c.x, c.y); }
  if (c.fn === "toFixed") { return F.toFixed(c.x); }
  const out = F.compare(c.preset, c.state);
  return {
    float: {v: out.float.v, spikeSteps: out.float.spikeSteps},
    fixed: {rawV: out.fixed.rawV, spikeSteps: out.fixed.spikeSteps}
  };
}

process.stdout.write(JSON.stringify(input.cases.map(answer)));
