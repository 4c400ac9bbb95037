"""Benchmark: frontline's self-contained maps against geopandas ``explore()``, side by side.

For each bundled recipe, on the same GeoDataFrames (every catalog layer the map draws, the
countries basemap included):

1. file bytes: our ``--offline`` HTML (Leaflet, our JS/CSS and the data inlined) against
   ``explore()``'s HTML (which links 12 external resources; their bytes are *not* counted
   for explore);
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
   gets a fresh browser context; ours and explore's runs are interleaved round by round
   (``_harness.py``: median ratio with min–max, the CPU of Chromium and the driver beside
   it, and no verdict when the machine is loaded).

Both are compared at full detail: explore() gets the layers as read, ours are simplified
to under a pixel. (explore() of the same layers simplified to the same pixel tolerance is
for the render part of issue 15.) Build time against bare imports is in
``benchmarks/startup.py``.

Targets: <= 15 % of explore's bytes, <= 0.33x its time-to-drawn.

Run: ``.venv/bin/python benchmarks/maps.py [--pairs 5]``
"""

from __future__ import annotations

import argparse
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
CHROMIUM = "/usr/bin/chromium"
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


def _explore(recipe_name: str, out: Path) -> tuple[Path, Path, int]:
    """Write explore() of the recipe's layers and a timing copy with Leaflet served locally.

    Returns (file, timing copy, number of features = paths explore draws).
    """
    from geo import layers
    from geo import recipe as recipes
    from geo.render import make_model
    from geo.render.assets import leaflet_dir
    from geo.render.prepare.basemap_detail import drawn_sources

    r = recipes.load(recipes.find(recipe_name))
    # The same layers as our page: the basemap, the detail layers our basemap draws
    # (coast, oblast lines, lakes, rivers) and the recipe's own layers.
    detail = drawn_sources(make_model(recipe_name, offline=True).layers)
    ids = list(dict.fromkeys([r.basemap.layer, *detail, *(spec.id for spec in r.layers)]))
    m = None
    n = 0
    for layer_id in ids:
        gdf = layers.get(layer_id).read()
        gdf = gdf[~gdf.geometry.is_empty & gdf.geometry.notna()]
        n += len(gdf)
        m = gdf.explore(m=m, tiles=None) if m is not None else gdf.explore(tiles=None)
    path = out / f"{recipe_name}.explore.html"
    assert m is not None, f"{recipe_name} draws no layers"
    m.save(str(path))
    page = path.read_text("utf-8")
    local = leaflet_dir().as_uri() + "/"
    assert page.count(LEAFLET_CDN) == 2, "explore's Leaflet URLs changed"
    timing = out / f"{recipe_name}.explore.local.html"
    timing.write_text(page.replace(LEAFLET_CDN, local), "utf-8")
    return path, timing, n


def _ours(out: Path) -> dict[str, dict[str, int]]:
    """Build every recipe offline into ``out``; return the paths each layer draws."""
    from geo import recipe as recipes
    from geo.render import build, make_model
    from geo.render.furniture import css_class

    want = {}
    for name in recipes.bundled():
        build(name, out, offline=True)
        model = make_model(name, offline=True)
        counts: dict[str, int] = {}
        for lyr in model.layers:
            counts[css_class(lyr.id)] = counts.get(css_class(lyr.id), 0) + lyr.paths()
        want[name] = counts
    return want


def _time_to_drawn(browser, path: Path, kind: str, want) -> tuple[float, float]:
    """Milliseconds from navigation start to the first rendered frame with all layers.

    Also the CPU seconds Chromium and the driver spent, read before the context closes
    (its renderer process exits with it).
    """
    import json

    cpu0 = _tree_cpu()
    context = browser.new_context(viewport={"width": 1200, "height": 750})
    context.add_init_script(PROBE % (json.dumps(kind), json.dumps(want)))
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setBlockedURLs", {"urls": ["http://*", "https://*", "ws://*", "wss://*"]})
    # Wait for the load event without evaluating anything in the page: the driver's own
    # helper scripts would otherwise be compiled on the page's main thread mid-load.
    page.goto(path.as_uri(), wait_until="load", timeout=60000)
    deadline = time.monotonic() + 60
    ms = None
    while ms is None:
        time.sleep(0.25)
        ms = page.evaluate("window.__drawnAt")
        if ms is None and time.monotonic() > deadline:
            raise TimeoutError(f"{path.name}: not drawn within 60 s")
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
    ms, cpu = _time_to_drawn(browser, path, kind, want)
    return Sample(ms / 1000.0, cpu)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the rows; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=5, help="interleaved rounds (>= 5)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    report = Report("maps: frontline's offline HTML against geopandas explore()", args.pairs)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        wants = _ours(out)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, want in wants.items():
                ex_path, ex_timing, n_ex = _explore(name, out)
                ours = out / f"{name}.html"
                b_ours, b_ex = ours.stat().st_size, ex_path.stat().st_size
                report.value(
                    f"{name}: HTML bytes / explore() at full detail",
                    [100.0 * b_ours / b_ex],
                    "%",
                    target=15,
                    note=f"({b_ours:,} / {b_ex:,} bytes; explore's 12 CDN files not counted)",
                )
                samples = interleave(
                    {
                        "ours": partial(_drawn_sample, browser, ours, "ours", want),
                        "explore": partial(_drawn_sample, browser, ex_timing, "explore", n_ex),
                    },
                    args.pairs,
                )
                report.ratio(
                    f"{name}: time-to-all-drawn / explore() at full detail",
                    samples["ours"],
                    samples["explore"],
                    target=0.33,
                    on="wall",
                )
            browser.close()
    report.info(
        "explore() simplified to our pixel tolerance",
        "not measured yet: the render part of issue 15 adds it",
    )
    report.info("frontline build --all / bare import", "see benchmarks/startup.py")
    return report.finish()


if __name__ == "__main__":
    raise SystemExit(main())
