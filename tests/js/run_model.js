// Reads [{preset, options}] as JSON on stdin, runs site_src/js/model.js on each case and
// prints [{spikes, n, diverged}] as JSON: the Node half of tests/test_model_js.py.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const source = fs.readFileSync(path.join(__dirname, "..", "..", "site_src", "js", "model.js"), "utf8");
vm.runInThisContext(source, {filename: "model.js"});
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
const out = cases.map(({preset, options}) => {
  const run = globalThis.IzhGallery.model.simulate(preset, options);
  return {spikes: run.spikes, n: run.t.length, diverged: run.diverged, vLast: run.v[run.v.length - 1]};
});
process.stdout.write(JSON.stringify(out));
