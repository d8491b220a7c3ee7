/*
 * explorer.js: IzhGallery.explorer.mount(el, payloads, options) shows two presets side by side,
 * each chosen with a family selector and a name selector, each a full preset widget.
 * Classic script; needs widgets.js and preset-widget.js. main.js (site) and embed.js (embed)
 * call it for <div data-widget="explorer" data-payloads="ID">.
 *
 * Controls: el holds one <template data-controls="<slug>"> a preset, declared by the page
 * (templates/widget-controls.html.j2); a pane that shows a preset gets a fresh copy of its
 * template, its ids suffixed with the pane ("-p1", "-p2") so they stay unique.
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
    payloads.forEach(function (p) {
      if (order.indexOf(p.preset.family) < 0) { order.push(p.preset.family); }
    });
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
    items.forEach(function (item) {
      menu.appendChild(W.el("option", {value: item[0]}, item[1]));
    });
    menu.value = value;
  }

  /* The declared controls of each preset, by slug; everything else in el goes. The site's
     explorer page keeps them out of its HTML (gallery/pipeline/page_data.py): an empty
     <template data-external="ID"> stands for the markup the page's ig-data.js put in
     IzhGallery.markup[ID]. */
  function takeTemplates(el) {
    var templates = {};
    function isControls(node) {
      return node.nodeName === "TEMPLATE" && node.hasAttribute("data-controls");
    }
    Array.prototype.slice.call(el.childNodes).forEach(function (node) {
      if (isControls(node)) {
        templates[node.getAttribute("data-controls")] = node;
        return;
      }
      var external = node.nodeName === "TEMPLATE" ? node.getAttribute("data-external") : null;
      if (external && G.markup && G.markup[external]) {
        var holder = document.createElement("template");
        holder.innerHTML = G.markup[external];
        Array.prototype.slice.call(holder.content.childNodes).forEach(function (t) {
          if (isControls(t)) { templates[t.getAttribute("data-controls")] = t; }
        });
      }
      el.removeChild(node);
    });
    return templates;
  }

  function controlsCopy(template, suffix) {
    var copy = template.content.cloneNode(true);
    copy.querySelectorAll("[id]").forEach(function (e) { e.id += suffix; });
    copy.querySelectorAll("label[for]").forEach(function (e) { e.htmlFor += suffix; });
    return copy;
  }

  /* {picked: [left, right] or null, notes, second: the right pane's query, secondKeys}. */
  function readQuery(params, bySlug, notes) {
    var picked = [null, null], second = new URLSearchParams(), secondKeys = [];
    ["preset", "compare"].forEach(function (key, n) {
      if (!params.has(key)) { return; }
      if (bySlug[params.get(key)]) { picked[n] = params.get(key); } else {
        notes.push("Ignored " + key + ": no preset of that name.");
      }
    });
    params.forEach(function (value, key) {  // "compare.d=4" -> d=4 for the right pane
      if (key.indexOf(PREFIX) === 0) {
        secondKeys.push(key); second.append(key.slice(PREFIX.length), value);
      }
    });
    return {picked: picked, second: second, secondKeys: secondKeys};
  }

  function startPair(payloads, bySlug, picked) {
    var left = picked[0] || (bySlug["tonic-spiking"] ? "tonic-spiking" : payloads[0].preset.slug);
    var other = payloads.filter(function (p) {
      return p.preset.family !== bySlug[left].preset.family;
    })[0] || payloads[payloads.length - 1];
    return [left, picked[1] || other.preset.slug];
  }

  function mount(el, payloads, options) {
    var opts = options || {}, bySlug = {}, groups = families(payloads);
    payloads.forEach(function (p) { bySlug[p.preset.slug] = p; });
    var start = opts.search !== undefined ? opts.search : root.location.search;
    var params = new URLSearchParams(start), notes = (opts.notes || []).slice();
    var query = readQuery(params, bySlug, notes), templates = takeTemplates(el);
    el.classList.add("ig-live", "ig-explorer");
    var panes = startPair(payloads, bySlug, query.picked).map(function (slug, n) {
      var pane = W.el("section", {"class": "ig-pane",
                                  "aria-label": n === 0 ? "First preset" : "Second preset"});
      var pickers = W.el("div", {"class": "ig-pickers"});
      var host = W.el("div", {"class": "ig-widget"});
      var state = {slug: slug, widget: null};
      var family = select("family", function (value) {
        show(payloads.filter(function (p) { return p.preset.family === value; })[0].preset.slug);
      });
      var name = select("preset", function (value) { show(value); });
      pickers.appendChild(family.box); pickers.appendChild(name.box);
      pane.appendChild(pickers); pane.appendChild(host);
      el.appendChild(pane);

      function show(chosen, search, keep) {  // search: the query of the first mount only
        var payload = bySlug[chosen], kin = payload.preset.family;
        state.slug = chosen;
        fill(family.menu, groups.map(function (g) { return [g, g]; }), kin);
        fill(name.menu, payloads.filter(function (p) { return p.preset.family === kin; })
          .map(function (p) { return [p.preset.slug, p.preset.label]; }), chosen);
        var mountOpts = {snippet: false, link: link, search: search || "", state: keep};
        if (search !== undefined && n === 0) {
          mountOpts.extraKeys = (opts.extraKeys || []).concat(["preset", "compare"],
                                                               query.secondKeys);
          mountOpts.notes = notes;
        }
        if (search !== undefined && n === 1) { mountOpts.extraKeys = []; }
        if (state.widget) { state.widget.destroy(); }
        host.textContent = "";
        host.appendChild(controlsCopy(templates[chosen], "-p" + (n + 1)));
        state.widget = G.presetWidget.mount(host, payload, mountOpts);
        if (search === undefined && !keep) { remember(); }
      }
      state.show = show;
      return state;
    });

    function changes(pane, prefix) {  // "&a=0.03&d=4": what differs from the published preset
      var own = pane.widget ? W.stateQuery(pane.widget.state(), bySlug[pane.slug]) : "";
      if (!own) { return ""; }
      return own.slice(1).split("&").map(function (part) { return "&" + prefix + part; })
        .join("");
    }

    function pairQuery() { return "?preset=" + panes[0].slug + "&compare=" + panes[1].slug; }

    function link() {  // the pair, with the changes made in either pane
      return root.location.href.split(/[?#]/)[0] + pairQuery() +
        changes(panes[0], "") + changes(panes[1], PREFIX);
    }

    function remember() {  // the choice in the address bar (best effort under file://)
      try {
        root.history.replaceState(root.history.state, "", pairQuery() + root.location.hash);
      } catch (error) { /* ignore */ }
    }

    var second = query.second.toString();
    panes[0].show(panes[0].slug, "?" + params.toString());
    panes[1].show(panes[1].slug, second ? "?" + second : "");
    return {
      remount: function () {
        panes.forEach(function (p) { p.show(p.slug, undefined, p.widget.state()); });
      }
    };
  }

  G.explorer = {mount: mount};
})(typeof window !== "undefined" ? window : globalThis);
