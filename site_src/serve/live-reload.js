// Injected by `python build.py --serve` into the pages it serves (never into the built site):
// waits on the server for the next build; reloads the page when the site changed, shows a
// failed build's error over the page (and takes it away once a good build replaces it).
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script.getAttribute("data-build");
  var version = "";
  var overlay = null;

  function makeOverlay() {
    var box = document.createElement("div");
    box.id = "ig-build-error";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;left:0;right:0;top:0;z-index:10000;max-height:70vh;" +
      "overflow:auto;padding:1em 1.5em;background:#7f0000;color:#fff;" +
      "font:14px/1.5 monospace;box-shadow:0 2px 8px rgba(0,0,0,.4)";
    var title = document.createElement("strong");
    title.textContent = "The last rebuild failed; this page is the last good build. " +
      "Fix the source and save: the page reloads.";
    var text = document.createElement("pre");
    text.style.cssText = "white-space:pre-wrap;margin:.5em 0;color:#fff;background:none";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.style.cssText = "color:#7f0000;background:#fff;border:0;padding:.2em 1em;" +
      "font:inherit;cursor:pointer";
    close.addEventListener("click", function () {
      box.hidden = true;
    });
    box.appendChild(title);
    box.appendChild(text);
    box.appendChild(close);
    return box;
  }

  function show(message) {
    if (overlay === null) {
      overlay = makeOverlay();
      document.body.appendChild(overlay);
    }
    overlay.hidden = false;
    overlay.querySelector("pre").textContent = message;
  }

  function hide() {
    if (overlay !== null) {
      overlay.remove();
      overlay = null;
    }
  }

  function poll() {
    fetch("/__build_state?version=" + encodeURIComponent(version), {cache: "no-store"})
      .then(function (response) {
        return response.json();
      })
      .then(function (state) {
        version = String(state.version);
        if (state.error) {
          show(state.error);
        } else if (state.build !== build) {
          location.reload();
          return;
        } else {
          hide();
        }
        poll();
      })
      .catch(function () {
        setTimeout(poll, 1000); // the server restarts or stopped: try again
      });
  }

  poll();
})();
