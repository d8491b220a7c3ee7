/*
 * render_math.js: typeset TeX with the pinned KaTeX (npm) at build time, so that no page loads
 * KaTeX's JavaScript (gallery/pipeline/typeset.py runs it once per build). Reads JSON
 * [[tex, display], ...] on stdin; writes JSON [{html} or {error}, ...] in the same order.
 */
"use strict";
const katex = require("katex");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const out = JSON.parse(input).map(([tex, display]) => {
    try {
      return {html: katex.renderToString(tex, {displayMode: display, throwOnError: true})};
    } catch (error) {
      return {error: String(error.message)};
    }
  });
  process.stdout.write(JSON.stringify(out));
});
