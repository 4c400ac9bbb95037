/* frontline boot: unpack the page's code, then run the map script.
   The page carries Leaflet, our JS and CSS as one gzip stream in base64, inside the data
   block #fl-code (a JSON string, never run as script). This script, inline in the head
   right after that block, decodes it with the browser's DecompressionStream, or, where
   there is none, with the vendored fflate inflater kept as text in #fl-inflate (run only
   then). The unpacked document is {css: [text...], js: text}: each CSS text becomes a
   style element and the JS one script element, inserted here in the head, so the cascade
   and the global scope are those of the uncompressed page. folium's map script (which
   calls L.map at once) is kept as text in #fl-map-script at the end of the page; it runs
   the same way, as a script, once the code has run and the page is parsed. That may be
   after the load event, so messages that arrive before (an embed snippet says hello when
   the iframe loads) are kept and dispatched again once the map script has run and the
   page listens for them. Large data blocks may be packed the same way (a JSON string of
   base64 instead of a JSON document, geo/render/assets.py's data_json): once the page is
   parsed, each is inflated in parallel with the code and its text replaced by the unpacked
   JSON (textContent: still inert data), before the map script reads any. Nothing is fetched (no fetch of a data: URL, no blob: script),
   nothing is eval'd, and no data string becomes markup. */
(function () {
  "use strict";
  var here = document.currentScript;
  var early = [];

  function keep(e) {
    early.push(e);
  }
  window.addEventListener("message", keep);

  function replay() {
    window.removeEventListener("message", keep);
    var kept = early.splice(0);
    for (var i = 0; i < kept.length; i++) {
      var e = kept[i];
      var init = { data: e.data, origin: e.origin, lastEventId: e.lastEventId, source: e.source };
      init.ports = Array.prototype.slice.call(e.ports || []);
      window.dispatchEvent(new MessageEvent("message", init));
    }
  }

  function bytes(b64) {
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(b64);
    var bin = atob(b64);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  function insert(tag, text) {
    var el = document.createElement(tag);
    el.textContent = text;
    // A script element inserted with its text runs at once, in the global scope; an error
    // in it is reported like one in an inline script, and does not stop the caller.
    here.parentNode.insertBefore(el, here);
  }

  function inflate(gz) {
    if (typeof window.DecompressionStream === "function") {
      // A Response over the bytes, not a Blob: a Blob's stream is read through the
      // browser's blob store, about twice as slow.
      var stream = new Response(gz).body.pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).text();
    }
    return new Promise(function (resolve) {
      if (!window.flInflate) insert("script", document.getElementById("fl-inflate").textContent);
      resolve(new TextDecoder().decode(window.flInflate.gunzipSync(gz)));
    });
  }

  function fail(err) {
    document.documentElement.setAttribute("data-fl-error", "unpack");
    if (window.console) console.error("frontline: could not unpack the page's code", err);
  }

  function parsed() {
    return new Promise(function (resolve) {
      if (document.readyState !== "loading") resolve();
      else document.addEventListener("DOMContentLoaded", resolve);
    });
  }

  /* Every packed data block (its text a JSON string, the first character a quote), its
     text replaced by the unpacked JSON; all inflated at once. */
  function unpackData() {
    var blocks = document.querySelectorAll('script[type="application/json"]');
    var jobs = [];
    Array.prototype.forEach.call(blocks, function (el) {
      if (el.id === "fl-code" || el.textContent.charCodeAt(0) !== 34) return;
      jobs.push(
        inflate(bytes(JSON.parse(el.textContent))).then(function (text) {
          el.textContent = text;
        })
      );
    });
    return Promise.all(jobs);
  }

  function runMap() {
    var block = document.getElementById("fl-map-script");
    if (block) insert("script", block.textContent);
    replay();
  }

  function start(text) {
    var doc = JSON.parse(text);
    for (var i = 0; i < doc.css.length; i++) insert("style", doc.css[i]);
    insert("script", doc.js);
  }

  var packed = JSON.parse(document.getElementById("fl-code").textContent);
  var data = parsed().then(unpackData);
  Promise.all([inflate(bytes(packed)).then(start), data])
    .then(runMap)
    .catch(fail);
})();
