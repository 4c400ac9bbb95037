"""Benchmark: frontline's self-contained maps against geopandas ``explore()``, side by side.

For each bundled recipe, on the same GeoDataFrames (every catalog layer the map draws, the
countries basemap included):

1. file bytes: our ``--offline`` HTML (Leaflet and data inlined) against ``explore()``'s HTML
   (which links 12 external resources; their bytes are *not* counted for explore);
2. time until every layer is drawn in headless Chromium with the network blocked; for
   explore, Leaflet's CDN URLs are served from the local ``xstatic-leaflet`` files and every
   other request is aborted (it has no basemap tiles: ``tiles=None``, like our vector map);
3. the wall time of ``frontline build --all --offline`` against
   ``python -c "import geopandas, folium"``.

Targets: ≤ 25 % of explore's bytes, ≤ 0.5× its time-to-drawn, build ≤ 2× bare import time.

Run: ``.venv/bin/python benchmarks/maps.py [--repeat 5]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def _explore(recipe_name: str, out: Path) -> tuple[Path, int]:
    """Write geopandas explore() of the recipe's layers; return (path, feature count)."""
    from geo import layers
    from geo import recipe as recipes

    r = recipes.load(recipes.find(recipe_name))
    ids = [r.basemap.layer, *dict.fromkeys(spec.id for spec in r.layers)]
    m = None
    n = 0
    for layer_id in ids:
        gdf = layers.get(layer_id).read()
        gdf = gdf[~gdf.geometry.is_empty & gdf.geometry.notna()]
        n += len(gdf)
        m = gdf.explore(m=m, tiles=None) if m is not None else gdf.explore(tiles=None)
    path = out / f"{recipe_name}.explore.html"
    m.save(str(path))
    return path, n


def _ours(out: Path) -> dict[str, int]:
    """Build every recipe offline into ``out``; return drawn feature counts per recipe."""
    from geo import recipe as recipes
    from geo.render import build, make_model

    counts = {}
    for name in recipes.bundled():
        build(name, out, offline=True)
        model = make_model(name, offline=True)
        counts[name] = sum(int((~_empty(lyr.geoms)).sum()) for lyr in model.layers)
    return counts


def _empty(geoms):
    import shapely

    return shapely.is_empty(geoms)


def _time_to_drawn(browser, path: Path, selector: str, expected: int, local: dict) -> float:
    """Milliseconds from navigation start until ``expected`` paths match ``selector``."""
    page = browser.new_page(viewport={"width": 1200, "height": 750})
    aborted: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:")):
            return r.continue_()
        for suffix, file in local.items():
            if url.endswith(suffix):
                return r.fulfill(path=str(file))
        aborted.append(url)
        return r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri(), wait_until="commit")
    page.wait_for_function(
        f"() => document.querySelectorAll({selector!r}).length >= {expected}",
        polling="raf",
        timeout=60000,
    )
    ms = page.evaluate("() => performance.now()")
    page.close()
    return float(ms)


def _wall(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (median)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from geo.render.assets import leaflet_dir

    ld = leaflet_dir()
    local = {"/leaflet.js": ld / "leaflet.js", "/leaflet.css": ld / "leaflet.css"}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        counts = _ours(out)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, n_ours in counts.items():
                ex_path, n_ex = _explore(name, out)
                ours = out / f"{name}.html"
                t_ours = statistics.median(
                    _time_to_drawn(browser, ours, "path.fl-layer", n_ours, {})
                    for _ in range(args.repeat)
                )
                t_ex = statistics.median(
                    _time_to_drawn(browser, ex_path, ".leaflet-overlay-pane path", n_ex, local)
                    for _ in range(args.repeat)
                )
                b_ours, b_ex = ours.stat().st_size, ex_path.stat().st_size
                rows.append((name, b_ours, b_ex, t_ours, t_ex))
            browser.close()

        py = sys.executable
        t_build = _wall(
            [py, "-m", "geo", "build", "--all", "--offline", "--out", str(out / "b")],
            args.repeat,
        )
        t_import = _wall([py, "-c", "import geopandas, folium"], args.repeat)

    print(
        f"{'map':10} {'ours B':>11} {'explore B':>11} {'bytes':>7} "
        f"{'ours ms':>8} {'expl ms':>8} {'time':>6}"
    )
    for name, bo, be, to, te in rows:
        print(
            f"{name:10} {bo:>11,} {be:>11,} {bo / be:>6.1%} {to:>8.0f} {te:>8.0f} {to / te:>5.2f}x"
        )
    tot_o, tot_e = sum(r[1] for r in rows), sum(r[2] for r in rows)
    print(f"{'all':10} {tot_o:>11,} {tot_e:>11,} {tot_o / tot_e:>6.1%}")
    print(f"frontline build --all --offline: {t_build:.2f} s (median of {args.repeat})")
    print(f'python -c "import geopandas, folium": {t_import:.2f} s')
    print(f"build / import: {t_build / t_import:.2f}x (target <= 2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
