/*
 * host.js: include once on a page that embeds Izhikevich Gallery iframes
 *   <iframe src=".../embed/tonic-spiking.html" ...></iframe>
 *   <script src=".../js/host.js" async></script>
 * Each embed posts {type: "izh-gallery:height", height, id}; this script sets the height of
 * the iframe that sent it (matched by event.source, never by the id), only for iframes whose
 * src is one of our embed pages, and clamps the height to 80..6000 px. Nothing else is read.
 */
(function () {
  "use strict";
  if (window.izhGalleryHost) { return; }
  window.izhGalleryHost = true;
  var MIN = 80, MAX = 6000;

  function isEmbed(frame) {
    try {
      var url = new URL(frame.src, document.baseURI);
      return /\/embed\/[a-z0-9-]+\.html$/.test(url.pathname);
    } catch (error) { return false; }
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== "izh-gallery:height") { return; }
    if (typeof data.height !== "number" || !isFinite(data.height)) { return; }
    var frames = document.getElementsByTagName("iframe");
    for (var k = 0; k < frames.length; k++) {
      if (frames[k].contentWindow === event.source && isEmbed(frames[k])) {
        var height = Math.round(Math.min(MAX, Math.max(MIN, data.height)));
        frames[k].style.height = height + "px";
        frames[k].setAttribute("data-izh-height", String(height));
        return;
      }
    }
  });
})();
