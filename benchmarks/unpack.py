"""Benchmark: unpacking the page head in Chromium, before and after issue 15's lighter head.

Two heads of the same sources, each in a page of its own that does what ``js/boot.js``
does, timed step by step with ``performance.now()``:

- **before**: the document as written (our JS/CSS not minified), zlib level 9, base64,
  decoded with ``Uint8Array.fromBase64`` where the browser has it (Chromium does), else
  ``atob`` and a loop: boot.js as it was;
- **base64**: the same gzip stream as *after*, in base64 with *before*'s decoder: what
  base85 alone costs or saves;
- **after**: what pages carry now (:func:`geo.render.assets.packed_assets`): minified,
  zopfli, base85, decoded by boot.js's own loop (cut out of the minified boot.js).

Steps: *decode* (text to bytes), *inflate* (``DecompressionStream('gzip')``),
*fflate* (the fallback inflater on the same bytes, run once before, as the fallback page
does), *run* (each CSS text a ``<style>``, the JS one ``<script>``: parse, compile and
run Leaflet and our code). Interleaved (before, after, before, ...), a fresh browser
context each run, at least 5 rounds; medians with min-max. Bytes are the block's text.

**Data blocks** (``--maps kursk front``, the default; ``--maps`` alone skips them): a
bundled map's data blocks unpacked two ways, each page timed from its first step to every
block's text set (all on the main thread; checked equal to the JSON Python packed):

- **alone**: each large block packed alone as pages were before (a gzip stream each,
  the others plain JSON), decoded by boot.js's decoder as it was (``JSON.parse``, heap
  numbers) and inflated through ``Response.text()``, all at once;
- **one**: what pages carry now (:func:`geo.render.assets.pack_data_blocks`): every block
  in one stream (``#fl-data``), unpacked by boot.js's own code (cut out of it).

Run: ``.venv/bin/python benchmarks/unpack.py [--pairs 9] [--maps kursk front]``
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import tempfile
from functools import partial
from pathlib import Path

from _harness import MIN_PAIRS, Report, Sample, interleave

from geo.render import assets

CHROMIUM = os.environ.get("FRONTLINE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

#: boot.js's decoder before this change (base64).
_B64_DECODER = """
function bytes(b64) {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(b64);
  var bin = atob(b64);
  var out = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
"""

_STEPS = """
(async function () {
  function insert(tag, text) {
    var el = document.createElement(tag);
    el.textContent = text;
    document.head.appendChild(el);
  }
  var t0 = performance.now();
  var gz = bytes(JSON.parse(document.getElementById("fl-code").textContent));
  var t1 = performance.now();
  var stream = new Response(gz).body.pipeThrough(new DecompressionStream("gzip"));
  var text = await new Response(stream).text();
  var t2 = performance.now();
  insert("script", document.getElementById("fl-inflate").textContent);
  var t3 = performance.now();
  var again = new TextDecoder().decode(window.flInflate.gunzipSync(gz));
  var t4 = performance.now();
  var doc = JSON.parse(text);
  for (var i = 0; i < doc.css.length; i++) insert("style", doc.css[i]);
  insert("script", doc.js);
  var t5 = performance.now();
  window.__result = {decode: t1 - t0, inflate: t2 - t1, fflate: t4 - t3, run: t5 - t4,
                     same: again === text};
})();
"""


def _before() -> str:
    """The head as packed before: unminified sources, zlib level 9, base64."""
    icons = assets.script_json(assets.marker_icons())
    js = "\n".join([assets.leaflet_js(), assets.our_js(), f"frontline.useInlineIcons({icons});"])
    doc = {"css": [assets.leaflet_css(), assets.our_css()], "js": js}
    raw = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(assets.gzip_bytes(raw, 9)).decode("ascii")


def _after_decoder() -> str:
    code = assets.boot_js()
    return code[code.index("var DIGITS=") : code.index("function insert(")]


def _page(packed: str, decoder: str) -> str:
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        f'<script type="application/json" id="fl-code">"{packed}"</script>'
        f'<script type="text/plain" id="fl-inflate">{assets.inflate_js()}</script>'
        f"<script>{decoder}{_STEPS}</script></head><body></body></html>"
    )


#: boot.js's data unpacking before one stream: a block at a time (as it was).
_ALONE_JS = r"""
var DIGITS = "!#$%()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_" +
  "abcdefghijklmnopqrstuvwxyz|~";
var VALUE = new Uint8Array(256).fill(255);
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
    var word = (((a * 85 + b) * 85 + c) * 85 + e) * 85 + f;
    if (word > 0xffffffff) throw new Error("base85: bad group");
    out[o] = word >>> 24; out[o + 1] = word >>> 16; out[o + 2] = word >>> 8; out[o + 3] = word;
  }
  return out.subarray(0, out.length - pad);
}
function inflate(gz) {
  var stream = new Response(gz).body.pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text();
}
function unpackData() {
  var blocks = document.querySelectorAll('script[type="application/json"]');
  return Promise.all(Array.prototype.map.call(blocks, function (el) {
    if (el.id === "fl-code" || el.textContent.charCodeAt(0) !== 34) return;
    return Promise.resolve(el.textContent).then(function (t) {
      return inflate(bytes(JSON.parse(t)));
    }).then(function (text) { el.textContent = text; });
  }));
}
"""

#: Around either: time from the first step to every block filled; the blocks' texts.
_DATA_TIMER = """
var t0 = performance.now();
unpackData().then(function () {
  var t1 = performance.now();
  var ids = JSON.parse(document.getElementById("fl-ids").textContent);
  var texts = ids.map(function (id) { return document.getElementById(id).textContent; });
  window.__result = {unpack: t1 - t0, texts: texts};
}, function (e) { window.__result = {error: String(e)}; });
"""


def _one_js() -> str:
    """boot.js's own data unpacking (decoder, inflate, unpackData), cut out of it."""
    code = assets.boot_js()
    return (
        "var here = document.currentScript;"
        + code[code.index("var DIGITS=") : code.index("function runMap(")]
    )


def _data_pages(name: str, tmp: Path) -> tuple[dict[str, Path], list[str], dict[str, int]]:
    """The map's page as ``alone`` and ``one`` timing pages; its block texts; bytes."""
    from geo.render import make_map, to_html

    raw = assets.unpack_data_blocks(to_html(make_map(name), name=name))
    body = raw.split("<body>", 1)[1].split("</body>", 1)[0]
    found = list(assets._DATA_BLOCK.finditer(body))
    blocks = "".join(m.group(0) for m in found)
    ids = assets.script_json([m["id"] for m in found])
    code = '<script type="application/json" id="fl-code">"0"</script>'
    alone = assets._DATA_BLOCK.sub(
        lambda m: m.group(1) + assets._block(m["text"]) + m.group(4), blocks
    )
    one = assets.pack_data_blocks(code + blocks)
    paths, sizes = {}, {}
    for kind, data, js in (("alone", alone, _ALONE_JS), ("one", one, _one_js())):
        paths[kind] = tmp / f"{name}-{kind}.html"
        sizes[kind] = len(data.encode("utf-8"))
        paths[kind].write_text(
            '<!doctype html><html><head><meta charset="utf-8"></head><body>'
            f'{data}<script type="application/json" id="fl-ids">{ids}</script>'
            f"<script>{js}{_DATA_TIMER}</script></body></html>",
            "utf-8",
        )
    return paths, [m["text"] for m in found], sizes


def _result(browser, path: Path) -> dict:
    """Open ``path`` in a fresh context and return the ``window.__result`` its timer sets."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        page.wait_for_function("window.__result", timeout=30000)
        return page.evaluate("window.__result")
    finally:
        context.close()


def _run_data(browser, path: Path, want: list[str]) -> Sample:
    got = _result(browser, path)
    if got.get("texts") != want:
        raise AssertionError(
            f"{path.name}: the blocks did not unpack to the JSON: {got.get('error')}"
        )
    return Sample(wall_s=got["unpack"] / 1000, cpu_s=got["unpack"] / 1000)


def _data_rows(report: Report, browser, tmp: Path, names: list[str], pairs: int) -> None:
    """The data-block rows: alone / one for each map, interleaved."""
    for name in names:
        paths, want, sizes = _data_pages(name, tmp)
        for kind in paths:
            report.info(f"{name} data {kind}: bytes", f"{sizes[kind]:,}")
        runs = interleave(
            {k: partial(_run_data, browser, q, want) for k, q in paths.items()}, pairs
        )
        for kind, samples in runs.items():
            ms = sorted(x.wall_s * 1000 for x in samples)
            report.info(
                f"{name} data {kind}: unpack",
                f"{statistics.median(ms):.1f} ms median ({ms[0]:.1f}-{ms[-1]:.1f})",
            )
        report.ratio(f"{name} data: one / alone", runs["one"], runs["alone"], target=1.0, on="wall")


def _run(browser, path: Path) -> Sample:
    got = _result(browser, path)
    if not got["same"]:
        raise AssertionError(f"{path.name}: fflate and DecompressionStream disagree")
    total = (got["decode"] + got["inflate"] + got["run"]) / 1000
    return Sample(wall_s=total, cpu_s=total, extra=got)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pairs", type=int, default=MIN_PAIRS, help="interleaved rounds")
    parser.add_argument(
        "--maps", nargs="*", default=["kursk", "front"], help="bundled maps for the data rows"
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    after = assets.packed_assets()
    b64 = base64.b64encode(assets.decode85(after)).decode("ascii")
    heads = {
        "before": (_before(), _B64_DECODER),
        "base64": (b64, _B64_DECODER),
        "after": (after, _after_decoder()),
    }
    report = Report("unpack: the packed page head in Chromium, before / after", args.pairs)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        paths = {}
        for name, (packed, decoder) in heads.items():
            paths[name] = Path(tmp) / f"{name}.html"
            paths[name].write_text(_page(packed, decoder), "utf-8")
            report.info(f"{name}: fl-code bytes", f"{len(packed) + 2:,}")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            runs = interleave({n: partial(_run, browser, q) for n, q in paths.items()}, args.pairs)
            _data_rows(report, browser, Path(tmp), args.maps, args.pairs)
        finally:
            browser.close()
    for name, samples in runs.items():
        for step in ("decode", "inflate", "fflate", "run"):
            ms = sorted(s.extra[step] for s in samples)
            med = statistics.median(ms)
            report.info(f"{name}: {step}", f"{med:.1f} ms median ({ms[0]:.1f}-{ms[-1]:.1f})")
    for other in ("before", "base64"):
        report.ratio(
            f"after / {other}: decode + inflate + run",
            runs["after"],
            runs[other],
            target=1.0,
            on="wall",
        )
    print(
        "  medians (ms): "
        + "; ".join(
            f"{n} {statistics.median(s.wall_s for s in v) * 1000:.1f}" for n, v in runs.items()
        )
    )
    return report.finish()


if __name__ == "__main__":
    raise SystemExit(main())
