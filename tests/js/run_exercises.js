// Loads site_src/js/exercises.js in Node with a minimal fake DOM, answers the cases read as
// JSON on stdin ({answer, tolerance, unit, inputs}) and prints the feedback as JSON: the
// Node half of tests/test_exercises.py.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

function fakeElement(tag, doc) {
  const attrs = {};
  const listeners = {};
  return {
    tagName: tag, ownerDocument: doc, children: [], id: "", textContent: "", value: "",
    setAttribute(k, v) { attrs[k] = String(v); },
    getAttribute(k) { return k in attrs ? attrs[k] : null; },
    appendChild(child) { this.children.push(child); return child; },
    addEventListener(type, fn) { (listeners[type] = listeners[type] || []).push(fn); },
    dispatch(type) { (listeners[type] || []).forEach((fn) => fn({preventDefault() {}})); },
  };
}

const doc = {readyState: "complete", blocks: [],
  createElement(tag) { return fakeElement(tag, doc); },
  querySelectorAll() { return doc.blocks; }, addEventListener() {}};
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
cases.forEach((c, i) => {
  const el = fakeElement("div", doc);
  el.id = "q" + i;
  el.setAttribute("data-answer", String(c.answer));
  el.setAttribute("data-tolerance", String(c.tolerance));
  if (c.unit) { el.setAttribute("data-unit", c.unit); }
  doc.blocks.push(el);
});
globalThis.document = doc;
const file = path.join(__dirname, "..", "..", "site_src", "js", "exercises.js");
const source = fs.readFileSync(file, "utf8");
vm.runInThisContext(source, {filename: "exercises.js"});
globalThis.IzhGallery.exercises.mountAll();  // a second mount must change nothing
const out = cases.map((c, i) => {
  const el = doc.blocks[i];
  const [form, feedback] = el.children;
  const [label, input, button] = form.children;
  const results = c.inputs.map((text) => {
    input.value = text;
    form.dispatch("submit");
    return {kind: feedback.getAttribute("data-kind"), text: feedback.textContent};
  });
  return {children: el.children.length, label: label.textContent,
    labelFor: label.getAttribute("for"),
    inputId: input.id, describedBy: input.getAttribute("aria-describedby"), feedbackId: feedback.id,
    live: feedback.getAttribute("aria-live"), button: button.textContent,
    buttonType: button.type, results};
});
process.stdout.write(JSON.stringify(out));
