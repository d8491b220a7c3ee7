/*
 * katex-init.js: typeset the math that pymdownx.arithmatex (generic mode) leaves in the page,
 * <span class="arithmatex">\(...\)</span> and <div class="arithmatex">\[...\]</div>, with the
 * vendored KaTeX auto-render. A classic script (no modules) so pages also work from file://.
 * Runs on Material's document$ (every instant navigation) and also once the DOM is ready: with
 * navigation.instant on, document$ never fires under file:// (Material 9.8), so the DOM event is
 * what typesets pages opened from disk. Idempotent: each element is typeset once, then marked.
 */
(function (root) {
  "use strict";

  var OPTIONS = {
    delimiters: [
      {left: "\\(", right: "\\)", display: false},
      {left: "\\[", right: "\\]", display: true}
    ],
    throwOnError: false
  };

  function renderMath() {
    if (typeof root.renderMathInElement !== "function") { return; }  // KaTeX failed to load
    document.querySelectorAll(".arithmatex:not([data-katex])").forEach(function (el) {
      root.renderMathInElement(el, OPTIONS);
      el.setAttribute("data-katex", "1");
      // A display wider than its box scrolls (Material's overflow: auto): let the keyboard
      // reach it too, with a name for the stop.
      if (el.tagName === "DIV" && el.scrollWidth > el.clientWidth) {
        el.setAttribute("tabindex", "0"); el.setAttribute("role", "region");
        el.setAttribute("aria-label", "Equation, scrolls sideways");
      }
    });
  }

  if (root.document$ && typeof root.document$.subscribe === "function") {
    root.document$.subscribe(renderMath);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderMath);
  } else {
    renderMath();
  }
})(window);
