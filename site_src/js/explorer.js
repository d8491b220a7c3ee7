/*
 * explorer.js: IzhGallery.explorer.mount(el, payloads, options) shows two presets side by side,
 * each chosen with a family selector and a name selector, each a full preset widget.
 * Classic script; needs widgets.js and preset-widget.js. main.js (site) and embed.js (embed)
 * call it for <div data-widget="explorer" data-payloads="ID">.
 *
 * URL: preset=<slug> picks the left preset (and a, b, c, d, amp, dt, scheme, view apply to it),
 * compare=<slug> the right one, whose own changes carry the prefix "compare." (compare.d=4).
 * Unknown names and bad values are ignored with a visible note in the pane they concern.
 * options: search (default location.search), extraKeys, notes (as in presetWidget.mount).
 * Returns {remount()} (keeps both states; used on a palette change).
 */
(function (root) {
  "use strict";
  var G = root.IzhGallery = root.IzhGallery || {};
  var W = G.widgets;
  var PREFIX = "compare.";

  function families(payloads) {
    var order = [];
    payloads.forEach(function (p) { if (order.indexOf(p.preset.family) < 0) { order.push(p.preset.family); } });
    return order;
  }

  function select(label, onChange) {
    var box = W.el("div", {"class": "ig-control ig-control-select"}), id = W.uid("ig-pick");
    box.appendChild(W.el("label", {"for": id}, label));
    var menu = W.el("select", {id: id});
    menu.addEventListener("change", function () { onChange(menu.value); });
    box.appendChild(menu);
    return {box: box, menu: menu};
  }

  function fill(menu, items, value) {
    menu.textContent = "";
    items.forEach(function (item) { menu.appendChild(W.el("option", {value: item[0]}, item[1])); });
    menu.value = value;
  }

  function mount(el, payloads, options) {
    var opts = options || {}, bySlug = {}, groups = families(payloads);
    payloads.forEach(function (p) { bySlug[p.preset.slug] = p; });
    var params = new URLSearchParams(opts.search !== undefined ? opts.search : root.location.search);
    var notes = (opts.notes || []).slice(), picked = [null, null];
    ["preset", "compare"].forEach(function (key, n) {
      if (!params.has(key)) { return; }
      if (bySlug[params.get(key)]) { picked[n] = params.get(key); } else { notes.push("Ignored " + key + ": no preset of that name."); }
    });
    var secondKeys = [], second = new URLSearchParams();  // "compare.d=4" -> d=4 for the right pane
    params.forEach(function (value, key) {
      if (key.indexOf(PREFIX) === 0) { secondKeys.push(key); second.append(key.slice(PREFIX.length), value); }
    });
    var left = picked[0] || (bySlug["tonic-spiking"] ? "tonic-spiking" : payloads[0].preset.slug);
    var right = picked[1] || (payloads.filter(function (p) { return p.preset.family !== bySlug[left].preset.family; })[0] || payloads[payloads.length - 1]).preset.slug;
    el.textContent = "";
    el.classList.add("ig-live", "ig-explorer");
    var panes = [left, right].map(function (slug, n) {
      var pane = W.el("section", {"class": "ig-pane", "aria-label": n === 0 ? "First preset" : "Second preset"});
      var pickers = W.el("div", {"class": "ig-pickers"});
      var host = W.el("div", {"class": "ig-widget"});
      var state = {slug: slug, widget: null};
      var family = select("family", function (value) {
        var first = payloads.filter(function (p) { return p.preset.family === value; })[0];
        show(first.preset.slug);
      });
      var name = select("preset", function (value) { show(value); });
      pickers.appendChild(family.box); pickers.appendChild(name.box);
      pane.appendChild(pickers); pane.appendChild(host);
      el.appendChild(pane);

      function show(chosen, search, keep) {  // search: the query of the first mount only
        state.slug = chosen;
        var payload = bySlug[chosen];
        fill(family.menu, groups.map(function (g) { return [g, g]; }), payload.preset.family);
        fill(name.menu, payloads.filter(function (p) { return p.preset.family === payload.preset.family; })
          .map(function (p) { return [p.preset.slug, p.preset.label]; }), chosen);
        var mountOpts = {snippet: false, link: link, search: search || "", state: keep};
        if (search !== undefined && n === 0) {
          mountOpts.extraKeys = (opts.extraKeys || []).concat(["preset", "compare"], secondKeys);
          mountOpts.notes = notes;
        }
        if (search !== undefined && n === 1) { mountOpts.extraKeys = []; }
        state.widget = G.presetWidget.mount(host, payload, mountOpts);
        if (search === undefined && !keep) { remember(); }
      }
      state.show = show;
      return state;
    });

    function changes(pane, prefix) {  // "&a=0.03&d=4" for what differs from the published preset
      var query = pane.widget ? W.stateQuery(pane.widget.state(), bySlug[pane.slug]) : "";
      return query ? query.slice(1).split("&").map(function (part) { return "&" + prefix + part; }).join("") : "";
    }

    function link() {  // the pair, with the changes made in either pane
      return root.location.href.split(/[?#]/)[0] + "?preset=" + panes[0].slug + "&compare=" + panes[1].slug +
        changes(panes[0], "") + changes(panes[1], PREFIX);
    }

    function remember() {  // keep the choice in the address bar (best effort: not under every file:// setup)
      try { root.history.replaceState(root.history.state, "", "?preset=" + panes[0].slug + "&compare=" + panes[1].slug + root.location.hash); } catch (error) { /* ignore */ }
    }

    panes[0].show(left, "?" + params.toString());
    panes[1].show(right, second.toString() ? "?" + second.toString() : "");
    return {
      remount: function () { panes.forEach(function (p) { p.show(p.slug, undefined, p.widget.state()); }); }
    };
  }

  G.explorer = {mount: mount};
})(typeof window !== "undefined" ? window : globalThis);
