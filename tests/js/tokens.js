/*
 * tokens.js: the token stream of each JavaScript text given on stdin (a JSON list of strings),
 * as a JSON list of lists of [type, value], by espree (eslint's parser, pinned in
 * package-lock.json). tests/test_bundles.py compares a bundle's tokens with its sources'.
 */
"use strict";
const espree = require("espree");

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const texts = JSON.parse(input);
  const out = texts.map((text) => espree.tokenize(text, {ecmaVersion: "latest"})
    .map((t) => [t.type, t.value]));
  process.stdout.write(JSON.stringify(out));
});
