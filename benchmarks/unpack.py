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

Run: ``.venv/bin/python benchmarks/unpack.py [--pairs 9]``
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


def _run(browser, path: Path) -> Sample:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        page.wait_for_function("window.__result", timeout=30000)
        got = page.evaluate("window.__result")
    finally:
        context.close()
    if not got["same"]:
        raise AssertionError(f"{path.name}: fflate and DecompressionStream disagree")
    total = (got["decode"] + got["inflate"] + got["run"]) / 1000
    return Sample(wall_s=total, cpu_s=total, extra=got)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pairs", type=int, default=MIN_PAIRS, help="interleaved rounds")
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
