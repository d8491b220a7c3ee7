/*
 * cell.js: IzhGallery.cell.mount(el, payload, options) mounts one live cell (an ``izhikevich``
 * block of a page, see gallery/site/cell_page.py). It binds the controls the page declares
 * inside el, builds the cell's view (IzhGallery.cellViews[view], one cell-*.js module each)
 * and redraws it on every change. Cells with the same link on a page share one state: moving
 * a control of one redraws them all and moves their controls too.
 * Returns {state(), redraw(), destroy()}; options.state: start from it (a palette re-mount).
 * The element gets data-draws (a redraw counter) and data-spikes for tests; the text
 * alternative (what the plot shows, with its key numbers) is kept up to date below it.
 * Classic script; needs widgets.js and the cell-*.js views; main.js calls it.
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var W = G.widgets;
  var groups = {};  // "<path> <link>" -> {state, members}

  function bind(box, onInput) {
    var bound = [], rows = {};
    function on(target, type, fn) {
      target.addEventListener(type, fn); bound.push([target, type, fn]);
    }
    box.querySelectorAll('input[type="range"][data-key]').forEach(function (slider) {
      var key = slider.getAttribute("data-key");
      var number = box.querySelector('input[type="number"][data-key="' + key + '"]');
      var lo = Number(slider.min), hi = Number(slider.max);
      rows[key] = [slider, number];
      on(slider, "input", function () {
        number.value = slider.value; onInput(key, Number(slider.value));
      });
      on(number, "change", function () {
        var x = Number(number.value);
        if (number.value.trim() === "" || !isFinite(x)) { number.value = slider.value; return; }
        x = W.clamp(x, lo, hi); number.value = String(x); slider.value = String(x);
        onInput(key, x);
      });
    });
    var select = box.querySelector('select[data-key="scheme"]');
    if (select) { on(select, "change", function () { onInput("scheme", select.value); }); }
    box.hidden = false;
    return {
      set: function (state) {
        Object.keys(rows).forEach(function (k) {
          rows[k][0].value = String(state[k]); rows[k][1].value = String(state[k]);
        });
        if (select) { select.value = state.scheme; }
      },
      destroy: function () {
        bound.forEach(function (b) { b[0].removeEventListener(b[1], b[2]); });
      }
    };
  }

  function groupOf(link, state) {
    if (!link) { return {state: state, members: []}; }
    var key = root.location.pathname + " " + link, group = groups[key];
    if (group) {
      group.members = group.members.filter(function (m) { return document.body.contains(m.el); });
    }
    if (!group || !group.members.length) { group = groups[key] = {state: state, members: []}; }
    return group;
  }

  function mount(el, payload, options) {
    var opts = options || {}, c = W.colours(), draws = 0;
    if (el.igCell) { el.igCell.destroy(); }
    var box = el.querySelector(".ig-controls"), live = el.querySelector(".ig-cell-live");
    var notice = W.el("p", {"class": "ig-notice", role: "status", "aria-live": "polite"});
    var alt = W.el("p", {"class": "ig-cell-alt", "aria-live": "polite"});
    live.parentNode.insertBefore(notice, live);
    live.parentNode.insertBefore(alt, live.nextSibling);
    var group = groupOf(payload.cell.link, Object.assign({}, opts.state || payload.state));
    var view = G.cellViews[payload.cell.view](live, payload, c);
    var controls = bind(box, function (key, value) {
      group.state[key] = value;
      group.members.forEach(function (m) { m.refresh(); });
    });
    el.classList.add("ig-live");

    function redraw() {
      try {
        var out = view.draw(group.state);
        notice.textContent = ""; alt.textContent = out.text;
        el.setAttribute("data-spikes", String(out.spikes));
      } catch (error) {
        notice.textContent = String(error.message) + " Move the controls back.";
      }
      draws += 1; el.setAttribute("data-draws", String(draws));
    }
    // A drag fires many input events; one redraw a frame keeps a slow view (f–I) responsive.
    var pending = 0;
    function later() {
      if (pending) { return; }
      pending = root.requestAnimationFrame(function () { pending = 0; redraw(); });
    }
    var member = {el: el, refresh: function () { controls.set(group.state); later(); }};
    group.members.push(member);
    var width = live.clientWidth;  // redraw on a change of width only (height follows it)
    var observer = root.ResizeObserver ? new root.ResizeObserver(function () {
      if (live.clientWidth === width) { return; }
      width = live.clientWidth; later();
    }) : null;
    controls.set(group.state); redraw();
    if (observer) { observer.observe(live); }
    var api = {
      state: function () { return Object.assign({}, group.state); }, redraw: redraw,
      destroy: function () {
        if (observer) { observer.disconnect(); }
        if (pending) { root.cancelAnimationFrame(pending); }
        controls.destroy(); view.destroy(); notice.remove(); alt.remove();
        group.members = group.members.filter(function (m) { return m !== member; });
        el.igCell = null;
      }
    };
    el.igCell = api;
    return api;
  }

  G.cell = {mount: mount};
})(typeof window !== "undefined" ? window : globalThis);
