// Reads {script, cases} as JSON on stdin: loads atlas-core.js and prints, for each case
// {spec, resolution, amp}, the class grid (a list of rows): the Node half of test_atlas_js.py.
"use strict";
const fs = require("fs");
const vm = require("vm");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
globalThis.window = globalThis;
vm.runInThisContext(fs.readFileSync(input.script, "utf8"), {filename: input.script});
const core = globalThis.IzhGallery.atlasCore();
const out = input.cases.map(({spec, resolution, amp}) => {
  const flat = core.grid(spec, resolution, amp, 0, resolution);
  const rows = [];
  for (let i = 0; i < resolution; i++) {
    rows.push(Array.from(flat.subarray(i * resolution, (i + 1) * resolution)));
  }
  return rows;
});
process.stdout.write(JSON.stringify(out));
