/* frontline boot: unpack the page's code, then run the map script.
   The page carries Leaflet, our JS and CSS as one gzip stream in base85, inside the data
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
   base85 instead of a JSON document, geo/render/assets.py's data_json): once the page is
   parsed, each is inflated in parallel with the code and its text replaced by the unpacked
   JSON (textContent: still inert data), before the map script reads any. Nothing is
   fetched (no fetch of a data: URL, no blob: script), nothing is eval'd, and no data
   string becomes markup. Any damage (a bad character, a bad gzip stream) rejects the
   promise chain: the page gets data-fl-error="unpack" and draws nothing. */
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

  /* Base85, not base64: 4 bytes in 5 characters (25 % over the bytes, base64 33 %), so
     the page is 6 % smaller. The digits (assets.py's B85_DIGITS, in order of value) are
     the printable ASCII characters but " & ' < > \ ` { }, so the text needs no escape in
     its JSON string and cannot end its element. Each 5 digits are a big-endian 32-bit
     word; a last group of k digits (2 to 4) is k - 1 bytes, read as if padded with the
     highest digit "~" (Ascii85's rule). TextEncoder gives the digits as bytes natively (a
     character that is not ASCII becomes more bytes: caught by the length check), then one
     loop over whole groups; every non-digit, a group worth 2^32 or more and a length of
     5n + 1 throw, so a damaged block fails loudly. */
  var DIGITS = "!#$%()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_abcdefghijklmnopqrstuvwxyz|~";
  var VALUE = new Uint8Array(256).fill(255); // 255: not a digit
  for (var d = 0; d < 85; d++) VALUE[DIGITS.charCodeAt(d)] = d;

  function bytes(text) {
    var pad = (5 - (text.length % 5)) % 5;
    if (pad === 4) throw new Error("base85: bad length");
    var s = new TextEncoder().encode(text + "~~~".slice(0, pad));
    if (s.length !== text.length + pad) throw new Error("base85: bad character");
    var out = new Uint8Array((s.length / 5) * 4);
    for (var i = 0, o = 0; i < s.length; i += 5, o += 4) {
      var a = VALUE[s[i]], b = VALUE[s[i + 1]], c = VALUE[s[i + 2]];
      var e = VALUE[s[i + 3]], f = VALUE[s[i + 4]];
      if ((a | b | c | e | f) & 128) throw new Error("base85: bad character");
      var word = (((a * 85 + b) * 85 + c) * 85 + e) * 85 + f; // < 85^5 < 2^53: exact
      if (word > 0xffffffff) throw new Error("base85: bad group");
      out[o] = word >>> 24; // a Uint8Array keeps the low 8 bits of each
      out[o + 1] = word >>> 16;
      out[o + 2] = word >>> 8;
      out[o + 3] = word;
    }
    return out.subarray(0, out.length - pad);
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
        Promise.resolve(el.textContent)
          .then(function (t) {
            return inflate(bytes(JSON.parse(t)));
          })
          .then(function (text) {
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

  var code = Promise.resolve(document.getElementById("fl-code").textContent)
    .then(function (t) {
      return inflate(bytes(JSON.parse(t)));
    })
    .then(start);
  var data = parsed().then(unpackData);
  Promise.all([code, data])
    .then(runMap)
    .catch(fail);
})();
