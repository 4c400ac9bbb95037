"""Benchmark: frontline's self-contained maps against geopandas ``explore()``, side by side.

For each bundled recipe, on the same GeoDataFrames (every catalog layer the map draws, the
countries basemap and the basemap's detail layers included), four pages:

- **ours**: ``frontline build --offline``'s HTML, as shipped: Leaflet, our JS/CSS packed
  (minified, gzip + base85, unpacked by ``js/boot.js``) and the data inlined;
- **ours, plain head**: the same page with Leaflet and our JS/CSS inlined uncompressed
  (``InlineAssets(packed=False)``), to show that packing does not slow the drawing;
- **explore (full detail)**: ``explore()`` of the layers as read;
- **explore (simplified)**: ``explore()`` of the same layers simplified to the same pixel
  tolerance as ours: :func:`geo.render.simplify.plan` at the recipe's maximum zoom and the
  layer's highest latitude (Douglas-Peucker in Web Mercator, then coordinates rounded to
  the plan's decimals), what :func:`geo.render.simplify.simplify_geometries` gives our
  data layers (our vector basemap is snapped to a 1/4 px grid instead; neither is clipped
  to the view here, ours is).

Measured:

1. file bytes: ours against each explore page (explore links 12 external resources;
   their bytes are *not* counted for explore);
2. time until every layer is drawn in headless Chromium with the network blocked
   (Chromium's own URL blocking, no request interception in the loop). Explore gets
   Leaflet's JS/CSS from the local ``xstatic-leaflet`` files (its two Leaflet CDN URLs are
   pointed at them in a copy used only for timing); every other external request fails.
   Explore has no basemap tiles (``tiles=None``); ours draws the vector basemap. "Drawn"
   means: for explore, an SVG path per feature of every layer; for ours, every layer's
   paths (``path.fl-layer-<id>``, as many as the page draws for that layer: merged layers
   are one path) *and* the furniture finished (``data-fl-ready``: title card, legend,
   labels, scale, inset, credits). A script injected before any of the page's own runs
   checks after every task that changes the page (a MutationObserver: no polling, so it
   adds no frames of its own); once everything is there, the clock is read after the next
   frame has been laid out and painted (a task queued from that frame's
   ``requestAnimationFrame``), measured from navigation start. The driver evaluates nothing
   in the page until its load event, so its own helper scripts never run mid-load. Each run
   gets a fresh browser context; the four pages run interleaved round by round
   (``_harness.py``: median ratio with min-max, the CPU of Chromium and the driver beside
   it, and no verdict when the machine is loaded).

Also timed, as a floor: a page of inline plain Leaflet that makes a map and draws one path
(:data:`FLOOR_PAGE`). No self-contained Leaflet page can draw sooner, so where the floor
misses 0.33x of an explore page, that target is out of reach for any such page. The bytes
rows are split into the fixed head (Leaflet and our code, packed: the same on every page)
and the rest (the map's data and markup).

Targets (issue 15): <= 15 % of explore's bytes and <= 0.33x its time-to-drawn, each
against both explore pages; issue 11's budgets (<= 25 %, <= 0.5x) are printed beside them;
packed / plain head <= 1.0x (packing must not delay the drawing), from file:// and over a
throttled link (1.6 Mbit/s, 150 ms latency, our pages served on 127.0.0.1; they make no
other request). Build time against bare
imports is in ``benchmarks/startup.py``.

Run: ``.venv/bin/python benchmarks/maps.py [--pairs 5] [--only kursk,tumen]``
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from functools import partial
from pathlib import Path

from _harness import Report, Sample, interleave

__all__ = ["main"]

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHROMIUM = os.environ.get("FRONTLINE_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
LEAFLET_CDN = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/"

#: Injected before the page's own scripts: sets ``window.__drawnAt`` to performance.now() once
#: ``ready()`` holds and the next animation frame has been rendered (the message is handled
#: in a task after that frame's style/layout/paint).
PROBE = """(() => {
  const kind = %s, want = %s;
  window.__drawnAt = null;
  function ready() {
    if (kind === "explore") {
      return document.querySelectorAll(".leaflet-overlay-pane path").length >= want;
    }
    for (const [cls, n] of Object.entries(want)) {
      if (document.querySelectorAll("path.fl-layer-" + cls).length < n) return false;
    }
    return document.querySelector("[data-fl-ready]") !== null;
  }
  // Checked after every task that changed the page (no polling, so no animation frames of
  // its own); once everything is there, wait for the next frame to be rendered.
  const seen = new MutationObserver(() => {
    if (!ready()) return;
    seen.disconnect();
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { window.__drawnAt = performance.now(); };
      ch.port2.postMessage(0);
    });
  });
  seen.observe(document, { childList: true, subtree: true, attributes: true });
})();"""


#: A page that is nothing but what every self-contained Leaflet page must do: inline plain
#: Leaflet (JS and CSS), make a map and draw one path. Its time-to-drawn is the floor that
#: no page with Leaflet inlined can go under, whatever it draws.
FLOOR_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<style>%s html, body, #m { height: 100%%; margin: 0 }</style><script>%s</script></head>
<body><div id="m"></div><script>
const m = L.map("m").setView([48, 37], 6);
L.polyline([[47, 36], [48, 37], [49, 38]], { className: "fl-layer-floor" }).addTo(m);
document.body.setAttribute("data-fl-ready", "");
</script></body></html>"""

#: The page's fixed head: the blocks every page carries whatever it draws.
HEAD_BLOCKS = ("fl-code", "fl-inflate")


def _floor_page(out: Path) -> Path:
    """Write :data:`FLOOR_PAGE` with the local Leaflet files inlined."""
    from geo.render.assets import leaflet_dir

    lib = leaflet_dir()
    js, css = (lib / "leaflet.js").read_text("utf-8"), (lib / "leaflet.css").read_text("utf-8")
    path = out / "floor.html"
    path.write_text(FLOOR_PAGE % (css, js), "utf-8")
    return path


def _explore_layers(recipe_name: str) -> tuple[list, int]:
    """The GeoDataFrames our page draws for a recipe (catalog ids, in drawing order)."""
    from geo import layers
    from geo import recipe as recipes
    from geo.render import make_model
    from geo.render.prepare.basemap_detail import drawn_sources

    r = recipes.load(recipes.find(recipe_name))
    # The same layers as our page: the basemap, the detail layers our basemap draws
    # (coast, oblast lines, lakes, rivers) and the recipe's own layers.
    detail = drawn_sources(make_model(recipe_name, offline=True).layers)
    ids = list(dict.fromkeys([r.basemap.layer, *detail, *(spec.id for spec in r.layers)]))
    gdfs = []
    for layer_id in ids:
        gdf = layers.get(layer_id).read()
        gdfs.append(gdf[~gdf.geometry.is_empty & gdf.geometry.notna()])
    return gdfs, r.view.max_zoom


def _simplified(gdf, max_zoom: int):
    """``gdf`` simplified as our data layers are: the same pixel tolerance and decimals."""
    import shapely

    from geo.render import simplify

    b = gdf.total_bounds
    plan = simplify.plan(max_zoom, max(abs(float(b[1])), abs(float(b[3]))))
    geoms, _, _ = simplify.simplify_geometries(gdf.geometry.values, plan)
    out = gdf.copy()
    out.geometry = geoms
    return out[~shapely.is_empty(geoms)]


def _explore(recipe_name: str, out: Path, simplified: bool) -> tuple[Path, Path, int]:
    """Write explore() of the recipe's layers and a timing copy with Leaflet served locally.

    Returns (file, timing copy, number of features = paths explore draws).
    """
    from geo.render.assets import leaflet_dir

    gdfs, max_zoom = _explore_layers(recipe_name)
    m = None
    n = 0
    for gdf in gdfs:
        if simplified:
            gdf = _simplified(gdf, max_zoom)
        n += len(gdf)
        m = gdf.explore(m=m, tiles=None) if m is not None else gdf.explore(tiles=None)
    tag = "simplified" if simplified else "full"
    path = out / f"{recipe_name}.explore-{tag}.html"
    assert m is not None, f"{recipe_name} draws no layers"
    m.save(str(path))
    page = path.read_text("utf-8")
    local = leaflet_dir().as_uri() + "/"
    assert page.count(LEAFLET_CDN) == 2, "explore's Leaflet URLs changed"
    timing = out / f"{recipe_name}.explore-{tag}.local.html"
    timing.write_text(page.replace(LEAFLET_CDN, local), "utf-8")
    return path, timing, n


def _ours(out: Path, names: list[str]) -> dict[str, dict[str, int]]:
    """Build each recipe offline into ``out`` (and a plain-head copy); the paths per layer."""
    from geo.render import build, make_model
    from geo.render.export import render_html
    from geo.render.folium_map import to_folium
    from geo.render.furniture import css_class

    want = {}
    for name in names:
        build(name, out, offline=True)
        model = make_model(name, offline=True)
        m = to_folium(model)
        m._children["fl_assets"].packed = False  # type: ignore[attr-defined]
        plain = render_html(m, name=name, title=model.recipe.text.title)
        (out / f"{name}.plain.html").write_text(plain, "utf-8")
        counts: dict[str, int] = {}
        for lyr in model.layers:
            counts[css_class(lyr.id)] = counts.get(css_class(lyr.id), 0) + lyr.paths()
        want[name] = counts
    return want


#: A slow phone link for the "over 3G" rows (Chrome DevTools' "Fast 3G"-like preset).
SLOW_3G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8}


def _time_to_drawn(browser, url: str, kind: str, want, slow: bool = False):
    """Milliseconds from navigation start to the first rendered frame with all layers.

    Also the CPU seconds Chromium and the driver spent, read before the context closes
    (its renderer process exits with it). ``slow``: ``url`` is on the loopback server and
    the link is throttled to :data:`SLOW_3G`.
    """
    import json

    cpu0 = _tree_cpu()
    context = browser.new_context(viewport={"width": 1200, "height": 750})
    context.add_init_script(PROBE % (json.dumps(kind), json.dumps(want)))
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    blocked = ["https://*", "ws://*", "wss://*"] + ([] if slow else ["http://*"])
    cdp.send("Network.setBlockedURLs", {"urls": blocked})
    if slow:
        cdp.send("Network.emulateNetworkConditions", {**SLOW_3G, "uploadThroughput": 93750})
    # Wait for the load event without evaluating anything in the page: the driver's own
    # helper scripts would otherwise be compiled on the page's main thread mid-load.
    page.goto(url, wait_until="load", timeout=60000)
    deadline = time.monotonic() + 60
    ms = None
    while ms is None:
        time.sleep(0.25)
        ms = page.evaluate("window.__drawnAt")
        if ms is None and time.monotonic() > deadline:
            raise TimeoutError(f"{url}: not drawn within 60 s")
    cpu = _tree_cpu()
    context.close()
    return float(ms), sum(t - cpu0.get(pid, 0.0) for pid, t in cpu.items())


def _tree_cpu() -> dict[int, float]:
    """CPU seconds of each child process (Playwright's driver and Chromium's), now."""
    import psutil

    out = {}
    for proc in psutil.Process().children(recursive=True):
        try:
            t = proc.cpu_times()
        except psutil.Error:  # a helper that just exited
            continue
        out[proc.pid] = t.user + t.system
    return out


def _drawn_sample(browser, path: Path, kind: str, want) -> Sample:
    """Time-to-drawn (as wall) and the CPU the browser and driver spent meanwhile."""
    ms, cpu = _time_to_drawn(browser, path.as_uri(), kind, want)
    return Sample(ms / 1000.0, cpu)


def _slow_sample(browser, url: str, want) -> Sample:
    """Time-to-drawn of one of our pages served on loopback over a throttled link."""
    ms, cpu = _time_to_drawn(browser, url, "ours", want, slow=True)
    return Sample(ms / 1000.0, cpu)


def _serve(folder: Path):
    """A quiet HTTP server for ``folder`` on 127.0.0.1 (a thread); the server."""
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


#: explore's two pages: (key, how the row names it).
EXPLORE = (("full", "explore() at full detail"), ("simplified", "explore() simplified"))


def _over_3g(report: Report, browser, base: str, name: str, want, pairs: int) -> None:
    """Packed / plain head when the page comes over a slow link (what packing is for)."""
    runs = {
        "ours": partial(_slow_sample, browser, f"{base}/{name}.html", want),
        "plain": partial(_slow_sample, browser, f"{base}/{name}.plain.html", want),
    }
    samples = interleave(runs, pairs)
    report.ratio(
        f"{name}: time-to-all-drawn over 3G, packed / plain head",
        samples["ours"],
        samples["plain"],
        target=1.0,
        on="wall",
    )


def _one_map(report: Report, browser, out: Path, name: str, want, pairs: int) -> None:
    """Every row for one bundled map: bytes and time-to-drawn against both explore pages."""
    ours, plain = out / f"{name}.html", out / f"{name}.plain.html"
    b_ours, b_plain = ours.stat().st_size, plain.stat().st_size
    report.info(
        f"{name}: HTML bytes, packed / plain head",
        f"{b_ours:,} / {b_plain:,} bytes ({100.0 * b_ours / b_plain:.1f} %)",
    )
    head = sum(n for block, n, _ in breakdown(ours.read_text("utf-8")) if block in HEAD_BLOCKS)
    runs = {
        "ours": partial(_drawn_sample, browser, ours, "ours", want),
        "plain": partial(_drawn_sample, browser, plain, "ours", want),
        "floor": partial(_drawn_sample, browser, _floor_page(out), "ours", {"floor": 1}),
    }
    for key, label in EXPLORE:
        page, timing, n = _explore(name, out, simplified=key == "simplified")
        b_ex = page.stat().st_size
        pct = 100.0 * b_ours / b_ex
        note = f"({b_ours:,} / {b_ex:,} bytes; explore's 12 CDN files not counted)"
        report.value(f"{name}: HTML bytes / {label}", [pct], "%", target=15, note=note)
        report.value(f"{name}: HTML bytes / {label}, issue 11", [pct], "%", target=25)
        # Where the bytes go: the fixed head (Leaflet and our code, packed) is the same
        # on every page; the rest is this map's data and markup.
        report.info(
            f"{name}: HTML bytes / {label}, split",
            f"head {100.0 * head / b_ex:.1f} % ({head:,} B), "
            f"data and markup {100.0 * (b_ours - head) / b_ex:.1f} % ({b_ours - head:,} B)",
        )
        runs[key] = partial(_drawn_sample, browser, timing, "explore", n)
    samples = interleave(runs, pairs)
    for key, label in EXPLORE:
        figure = f"{name}: time-to-all-drawn / {label}"
        report.ratio(figure, samples["ours"], samples[key], target=0.33, on="wall")
        report.ratio(figure + ", issue 11", samples["ours"], samples[key], target=0.5, on="wall")
        # The floor: inline Leaflet, one map, one path. When it misses the target, no
        # self-contained Leaflet page can meet it against this explore page.
        floor = f"{name}: floor (inline Leaflet, one path) / {label}"
        report.ratio(floor, samples["floor"], samples[key], target=0.33, on="wall")
    report.ratio(
        f"{name}: time-to-all-drawn, packed / plain head",
        samples["ours"],
        samples["plain"],
        target=1.0,
        on="wall",
    )


def breakdown(html: str) -> list[tuple[str, int, int]]:
    """Bytes of a page by block: (block, bytes as written, bytes gzip-compressed).

    Each ``<script>`` element is one block, named by its id without the hash folium's
    names carry (``fl_layer_rivers``, ``fl_furniture-data``, ``fl-code``...); an id-less
    inline script is ``inline script``; everything else (markup, style) is ``other``.
    Largest first.
    """
    import re
    import zlib

    rows: dict[str, list[int]] = {}
    rest = len(html.encode("utf-8"))
    for m in re.finditer(r"<script([^>]*)>(.*?)</script>", html, re.S):
        found = re.search(r'id="([^"]+)"', m.group(1))
        name = re.sub(r"_[0-9a-f]{16}", "", found.group(1)) if found else "inline script"
        raw = m.group(0).encode("utf-8")
        row = rows.setdefault(name, [0, 0])
        row[0] += len(raw)
        row[1] += len(zlib.compress(raw, 9))
        rest -= len(raw)
    out = [(k, v[0], v[1]) for k, v in rows.items()] + [("other", rest, 0)]
    return sorted(out, key=lambda r: -r[1])


def _print_breakdown(out: Path, names: list[str]) -> None:
    """Print each page's bytes by block (see :func:`breakdown`)."""
    for name in names:
        html = (out / f"{name}.html").read_text("utf-8")
        print(f"{name}.html: {len(html.encode('utf-8')):,} bytes by block (bytes, gzip -9)")
        for block, n, gz in breakdown(html):
            print(f"  {n:>9,}  {gz:>9,}  {block}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the rows; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=5, help="interleaved rounds (>= 5)")
    parser.add_argument("--only", default="", help="comma-separated recipe names (default all)")
    parser.add_argument(
        "--breakdown", action="store_true", help="only print each page's bytes by block"
    )
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from geo import recipe as recipes

    names = [n for n in recipes.bundled() if not args.only or n in args.only.split(",")]
    report = Report("maps: frontline's offline HTML against geopandas explore()", args.pairs)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        wants = _ours(out, names)
        if args.breakdown:
            _print_breakdown(out, names)
            return 0
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, want in wants.items():
                _one_map(report, browser, out, name, want, args.pairs)
            server = _serve(out)
            base = f"http://127.0.0.1:{server.server_address[1]}"
            for name, want in wants.items():
                _over_3g(report, browser, base, name, want, args.pairs)
            server.shutdown()
            browser.close()
    report.info("frontline build --all / bare import", "see benchmarks/startup.py")
    return report.finish()


if __name__ == "__main__":
    raise SystemExit(main())
