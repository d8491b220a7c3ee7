/*
 * exercises.js: a number box and a Check button for each exercise block. A classic script
 * (file:// blocks ES modules) that defines IzhGallery.exercises.
 *
 *   <div class="ig-exercise" id="q1" data-answer="-70" data-tolerance="0.5" data-unit="mV">
 *     <p>the question (Markdown)</p>
 *   </div>
 *
 * The answer was computed at build time (gallery/exercises.py); this script only compares.
 * Feedback is written with textContent into a polite live region. Mounting is idempotent and
 * runs on DOMContentLoaded and on Material's document$ (instant navigation).
 */
(function (root) {
  "use strict";

  // "−70", "-70", " 4,0 " and "4.0" all read as numbers; anything else is NaN.
  function parseNumber(text) {
    var s = String(text).trim().replace(/\u2212/g, "-").replace(/\s+/g, "");
    if (/^[-+]?\d+,\d+$/.test(s)) { s = s.replace(",", "."); }
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) { return NaN; }
    return Number(s);
  }

  // "correct", "low" or "high"; a tiny slack absorbs the rounding of the printed answer.
  function judge(value, answer, tolerance) {
    var slack = tolerance + 1e-9 * Math.max(1, Math.abs(answer));
    if (Math.abs(value - answer) <= slack) { return "correct"; }
    return value < answer ? "low" : "high";
  }

  function message(text, answer, tolerance, unit) {
    var value = parseNumber(text);
    if (!isFinite(value)) {
      return {kind: "invalid", text: "Please enter a number, for example -70 or 0.25."};
    }
    var verdict = judge(value, answer, tolerance);
    var u = unit ? " " + unit : "";
    if (verdict === "correct") {
      var within = tolerance > 0
        ? " (within \u00b1" + tolerance + u + " of the computed answer)" : "";
      return {kind: "correct",
              text: "Correct" + within + ". Compare your reasoning with the worked solution."};
    }
    return {kind: verdict,
            text: "Not yet: " + value + u + " is too " + verdict +
              ". Try again, or open the hint."};
  }

  var counter = 0;

  function mount(el) {
    if (el.getAttribute("data-ig-mounted") === "1") { return; }
    var answer = Number(el.getAttribute("data-answer"));
    var tolerance = Number(el.getAttribute("data-tolerance") || "0");
    if (!isFinite(answer) || !isFinite(tolerance)) { return; }
    var unit = el.getAttribute("data-unit") || "";
    var doc = el.ownerDocument;
    var base = (el.id || "ig-exercise-" + (++counter));
    if (!el.id) { el.id = base; }
    var form = doc.createElement("form");
    form.className = "ig-exercise-form";
    form.setAttribute("novalidate", "");
    var label = doc.createElement("label");
    label.setAttribute("for", base + "-input");
    label.textContent = "Your answer" + (unit ? " (" + unit + ")" : "");
    var input = doc.createElement("input");
    input.type = "text";
    input.id = base + "-input";
    input.setAttribute("inputmode", "decimal");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    var button = doc.createElement("button");
    button.type = "submit";
    button.className = "md-button";
    button.textContent = "Check";
    var feedback = doc.createElement("p");
    feedback.id = base + "-feedback";
    feedback.className = "ig-exercise-feedback";
    feedback.setAttribute("role", "status");
    feedback.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby", feedback.id);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var result = message(input.value, answer, tolerance, unit);
      feedback.textContent = result.text;
      feedback.setAttribute("data-kind", result.kind);
      input.setAttribute("aria-invalid", result.kind === "correct" ? "false" : "true");
    });
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(button);
    el.appendChild(form);
    el.appendChild(feedback);
    el.setAttribute("data-ig-mounted", "1");
  }

  function mountAll() {
    if (!root.document) { return; }
    var blocks = root.document.querySelectorAll(".ig-exercise[data-answer]");
    for (var i = 0; i < blocks.length; i++) { mount(blocks[i]); }
  }

  root.IzhGallery = root.IzhGallery || {};
  root.IzhGallery.exercises = {parseNumber: parseNumber, judge: judge, message: message,
                               mount: mount, mountAll: mountAll};

  if (root.document) {
    if (root.document$ && root.document$.subscribe) { root.document$.subscribe(mountAll); }
    if (root.document.readyState === "loading") {
      root.document.addEventListener("DOMContentLoaded", mountAll);
    } else {
      mountAll();
    }
  }
})(typeof window !== "undefined" ? window : globalThis);
