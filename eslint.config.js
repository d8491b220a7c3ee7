// eslint.config.js: the JS linter's rules (run by tests/test_js_lint.py, `npm run lint`).
// site_src/js: classic browser scripts (file:// blocks ES modules), each one strict IIFE that
// adds to the single global IzhGallery and creates no other global. tests/js: Node scripts.
"use strict";
const js = require("@eslint/js");

const readonly = (names) => Object.fromEntries(names.map((name) => [name, "readonly"]));

const BROWSER = readonly([
  "window", "document", "globalThis", "navigator", "location", "history", "console",
  "getComputedStyle", "requestAnimationFrame", "performance", "URL", "URLSearchParams",
  "MutationObserver", "ResizeObserver", "renderMathInElement", "katex", "uPlot", "document$"
]);
const NODE = readonly(["require", "module", "process", "__dirname", "globalThis", "console"]);

const SHARED_RULES = {
  "max-len": ["error", {code: 100, ignoreUrls: true}],
  "max-lines": ["error", {max: 200, skipBlankLines: false, skipComments: false}],
  eqeqeq: ["error", "always"],
  curly: ["error", "all"],
  "no-shadow": "error",
  "no-unused-vars": ["error", {args: "after-used", caughtErrors: "none"}]
};

module.exports = [
  js.configs.recommended,
  {
    files: ["site_src/js/**/*.js", "site_src/serve/**/*.js"],
    languageOptions: {ecmaVersion: 2020, sourceType: "script", globals: BROWSER},
    rules: {
      ...SHARED_RULES,
      strict: ["error", "function"],
      "no-implicit-globals": ["error", {lexicalBindings: true}]
    }
  },
  {
    // the --serve script only: it talks to the local server (the site itself never fetches)
    files: ["site_src/serve/**/*.js"],
    languageOptions: {globals: readonly(["fetch", "setTimeout"])}
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.js"],
    languageOptions: {ecmaVersion: 2022, sourceType: "commonjs", globals: NODE},
    rules: {...SHARED_RULES, strict: ["error", "global"]}
  }
];
