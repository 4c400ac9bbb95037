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
   page listens for them. The page's data blocks are packed too (geo/render/assets.py's
   pack_data_blocks): all of them in one gzip stream in #fl-data, right after #fl-code,
   whose text is the blocks' ids (a JSON array) and then each block's JSON, one a line
   (compact JSON never holds a raw line break); each block keeps its element, holding the
   empty JSON string "" until then. The stream is inflated at once, in parallel with the
   code; once the page is parsed each block's text is set to its line (textContent:
   still inert data), before the map script reads any. A block may also be packed alone
   (a JSON string of base85, assets.py's data_json): it is inflated the same way. Nothing
   is fetched (no fetch of a data: URL, no blob: script), nothing is eval'd (the one
   WebAssembly module, the base85 decoder, is compiled from bytes this script carries),
   and no data string becomes markup. Any damage (a bad character, a bad gzip stream, a block that is
   missing or not a placeholder) rejects the promise chain: the page gets
   data-fl-error="unpack" and draws nothing. */
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
     loop over whole groups. The loop runs mostly before the JIT has optimised it, so its
     arithmetic stays in small integers (below 2^30: no heap numbers): the word is built
     as a high and a low 16-bit half. Every non-digit, a group worth 2^32 or more and a
     length of 5n + 1 throw, so a damaged block fails loudly. */
  var DIGITS = "!#$%()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_abcdefghijklmnopqrstuvwxyz|~";
  var VALUE = new Uint8Array(256).fill(255); // 255: not a digit
  for (var d = 0; d < 85; d++) VALUE[DIGITS.charCodeAt(d)] = d;

  /* The same loop in WebAssembly (its source, which documents it, is js/base85.wat;
     scripts/build_wasm.py assembles it and writes it here in base85, decoded by the loop
     below): it runs at full speed from its first call, where the JavaScript loop is still
     unoptimised for most of a page's blocks.
     Where WebAssembly cannot run (none, or a page policy against it), the loop below.
     Either gives the bytes, or a number: 128 a character that is not a digit, 1 a group
     worth 2^32 or more. */
  var WASM = "!.Gxj!AA-#!AyW7!Nr0#!z2P*#Yuj-!B)v7!LxsA!K~34%Rhd*w)U:!Nm_!!NtOXk.vyon.=7c5HkJWVH-Aac8Vh:v!DfOD(3:WU2MCj)!!#5O.=ae1#AbyT.Z3(p2MCm*!!#5O.=ae1#Abu;lL|(E$MgEz#zAw~!!7fU!%[^q#JL^n.=r3f!1M%x^hI;y.=B(v##hPV.wY7uJarV1$#%pDNSXs|Mt)c?!F.=X2MCiw$=^1p.Yyus9Nj*i.?$$y.Z3(t.=r1YQv8;?#^!qo$!z2f7=/E+!b(c9)@]KP!DfKk$!yYT7=/K-!b(c9!2Sg@#!E[4#fv4d.=Ko6H-A]l!#32]#E:UBJDLJS!+[)@";
  var wasm = null;

  function viaWasm(digits) {
    var n = digits.length, mem = wasm.m, grow = 256 + n - mem.buffer.byteLength;
    if (grow > 0) mem.grow(Math.ceil(grow / 65536));
    var got = new TextEncoder().encodeInto(digits, new Uint8Array(mem.buffer, 256, n));
    if (got.read !== n || got.written !== n) return 128; // not ASCII
    return wasm.d(n / 5) || new Uint8Array(mem.buffer, 256, (n / 5) * 4).slice();
  }

  function viaJs(digits) {
    var s = new TextEncoder().encode(digits);
    if (s.length !== digits.length) return 128; // not ASCII
    var out = new Uint8Array((s.length / 5) * 4);
    var V = VALUE, bad = 0, big = 0;
    for (var i = 0, o = 0; i < s.length; i += 5, o += 4) {
      var a = V[s[i]], b = V[s[i + 1]], c = V[s[i + 2]], e = V[s[i + 3]], f = V[s[i + 4]];
      bad |= a | b | c | e | f;
      var x = ((a * 85 + b) * 85 + c) * 85 + e; // < 85^4 < 2^26
      var lo = (x & 65535) * 85 + f; // the word, x * 85 + f, is hi * 2^16 + lo % 2^16
      var hi = (x >>> 16) * 85 + (lo >>> 16);
      big |= hi;
      out[o] = hi >>> 8; // a Uint8Array keeps the low 8 bits of each
      out[o + 1] = hi;
      out[o + 2] = lo >>> 8;
      out[o + 3] = lo;
    }
    return (bad & 128) | (big > 65535 ? 1 : 0) || out;
  }

  function bytes(text) {
    var rest = text.length % 5;
    if (rest === 1) throw new Error("base85: bad length");
    var pad = rest ? "~~~~".slice(rest - 1) : "";
    var out = (wasm ? viaWasm : viaJs)(text + pad);
    if (typeof out === "number") {
      throw new Error(out & 128 ? "base85: bad character" : "base85: bad group");
    }
    return out.subarray(0, out.length - pad.length);
  }

  try {
    wasm = new WebAssembly.Instance(new WebAssembly.Module(bytes(WASM))).exports;
    new Uint8Array(wasm.m.buffer).set(VALUE);
  } catch (err) {
    wasm = null;
  }

  /* A packed block: its text a JSON string of base85 digits only (no escapes: bytes()
     rejects a backslash), so its content is the text between the quotes; inflated. */
  function unpack(el) {
    var t = el.textContent;
    if (t[0] !== '"' || t[t.length - 1] !== '"') throw new Error(el.id + ": not packed");
    return inflate(bytes(t.slice(1, -1)));
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
      // browser's blob store, about twice as slow. (Writing and reading the stream by
      // hand, the chunks joined and decoded once, measured no faster: benchmarks/unpack.py.)
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

  /* The page's packed data: #fl-data (in the head, before this script) inflated at
     once; when the page is parsed, the first line of its text is the blocks' ids and
     each next line one block's JSON, for a block that must still hold its placeholder
     "". Then each block packed alone (a non-empty JSON string) is inflated in place. */
  function unpackData() {
    var packed = document.getElementById("fl-data");
    var text = Promise.resolve(packed).then(function (el) {
      return el && unpack(el);
    });
    return Promise.all([text, parsed()]).then(function (got) {
      var lines = got[0] ? got[0].split("\n") : ["[]"];
      var ids = JSON.parse(lines[0]);
      if (lines.length !== ids.length + 1) throw new Error("fl-data: bad ids");
      for (var i = 0; i < ids.length; i++) {
        var el = document.getElementById(ids[i]);
        if (!el || el.type !== "application/json" || el.textContent !== '""') {
          throw new Error(ids[i] + ": no placeholder");
        }
        el.textContent = lines[i + 1];
      }
      var blocks = document.querySelectorAll('script[type="application/json"]');
      return Promise.all(
        Array.prototype.map.call(blocks, function (el) {
          var t = el.textContent;
          if (el === packed || el.id === "fl-code" || t[0] !== '"' || t === '""') return;
          return unpack(el).then(function (text) {
            el.textContent = text;
          });
        })
      );
    });
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

  var code = Promise.resolve(document.getElementById("fl-code")).then(unpack).then(start);
  var data = unpackData();
  Promise.all([code, data])
    .then(runMap)
    .catch(fail);
})();
