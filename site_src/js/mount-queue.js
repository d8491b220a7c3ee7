/*
 * mount-queue.js: IzhGallery.mountQueue.add(el, run) runs a widget's first mount (its first
 * simulation and drawing) later: never before the page's first paint, one widget per task
 * (so no mount holds the page for more than its own time), and the widgets on or near the
 * screen first (an IntersectionObserver, a screen's height around the view). The others
 * mount in idle time (requestIdleCallback, else a timer), so that a reader who scrolls finds
 * them ready. run() is called once, and only while el is still in the document.
 *
 * IzhGallery.mountQueue.slices(steps) runs the functions of steps (an array that may grow
 * while it runs) one per task, so that a widget's first mount is several short tasks rather
 * than one long one (Lighthouse's total blocking time counts each task's time over 50 ms);
 * it returns cancel(), which drops the steps not yet run.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var near = [], far = [], timer = null, idle = null;

  function take(list, el) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].el === el) { return list.splice(i, 1)[0]; }
    }
    return null;
  }

  var observer = root.IntersectionObserver ? new root.IntersectionObserver(function (seen) {
    seen.forEach(function (entry) {
      if (!entry.isIntersecting) { return; }
      observer.unobserve(entry.target);
      var item = take(far, entry.target);
      if (item) { near.push(item); schedule(); }
    });
  }, {rootMargin: "100% 0px"}) : null;

  function runOne(list) {
    var item = list.shift();
    if (item && document.body.contains(item.el)) { item.run(); }
    schedule();
  }

  // after the next frame is painted: a timer set from requestAnimationFrame
  function afterPaint(fn) {
    if (root.requestAnimationFrame) {
      root.requestAnimationFrame(function () { root.setTimeout(fn, 0); });
    } else {
      root.setTimeout(fn, 0);
    }
  }

  function schedule() {
    if (near.length && timer === null) {
      timer = true;
      afterPaint(function () { timer = null; runOne(near); });
    } else if (!near.length && far.length && idle === null && timer === null) {
      idle = true;
      var next = function () {
        idle = null;
        if (near.length) { schedule(); } else { runOne(far); }
      };
      afterPaint(function () {
        if (root.requestIdleCallback) { root.requestIdleCallback(next, {timeout: 2000}); }
        else { root.setTimeout(next, 50); }
      });
    }
  }

  function add(el, run) {
    far.push({el: el, run: run});
    if (observer) { observer.observe(el); }
    schedule();
  }

  function slices(steps) {
    var cancelled = false, next = 0;
    function one() {
      if (cancelled || next >= steps.length) { return; }
      steps[next++]();
      if (next < steps.length) { root.setTimeout(one, 0); }
    }
    one();
    return function cancel() { cancelled = true; };
  }

  G.mountQueue = {add: add, slices: slices};
})(window);
