"""Benchmark: a 100-frame timeline page, delta-encoded frames against every frame in full.

Over the last ``--frames`` daily DeepStateMap snapshots (third-party test data read in
place from ``../shared/data``; the benchmark exits with a message when they are absent),
the map is prepared once and its page rendered twice:

- **new**: the page as ``frontline build`` writes it, a keyframe every
  :data:`geo.render.frame_delta.KEYFRAME_EVERY` frames and the others as deltas;
- **old**: the same frames re-encoded with a keyframe every frame
  (:meth:`geo.render.model.TimelineModel.reencoded` with ``every=1``), which is the page
  format before deltas, drawn by the same page script.

Rows:

1. **HTML bytes**, new / old (deterministic: both pages are byte-identical run to run);
   the frames' share of each page is shown beside it. Also new against the page as the
   issue found it (**issue**: every frame in full, and Leaflet, our code and the data
   inlined as plain text, unpacked), the issue's "today's encoding". Old is packed as
   pages are today, in one gzip stream for all data blocks, which matches each frame
   against the frames before it: that alone gets most of what deltas get in bytes.
2. **Time to the slider's first frame drawn** in headless Chromium (offline, file://):
   from navigation start to the moment the timeline path gets its ``d`` (a
   ``MutationObserver`` installed before any page script), new and old interleaved
   (new old new old ...) ``--pairs`` rounds; the ratio is taken within each round.
3. **A jump on the slider** to a frame not yet shown, the worst case for deltas: the frame
   just before the newest keyframe, i.e. one keyframe and ``KEYFRAME_EVERY - 1`` deltas to
   decode; measured inside the page with ``performance.now()``, interleaved likewise.

4. **Build cost**: CPU per frame of :func:`~geo.render.frame_delta.encode_frames` with
   deltas, beside the same frames kept in full (interleaved likewise).

Browser rows are wall time only (the browser's CPU is not attributed to one page);
Chromium is Debian's (``FRONTLINE_CHROMIUM``, default ``/usr/bin/chromium``).

Run: ``.venv/bin/python benchmarks/timeline_page.py [--frames 100] [--pairs 5]``
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geo.recipe import Recipe

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Report, Sample, load_average

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
RECIPE = ROOT / "tests" / "data" / "recipes" / "timeline.toml"
DAILY = ROOT.parent / "shared" / "data" / "deepstate-daily"
CHROMIUM = Path(os.environ.get("FRONTLINE_CHROMIUM", "/usr/bin/chromium"))

#: Installed before any page script: note when the timeline path first gets a real ``d``.
_OBSERVE = """
(() => {
  const seen = () => {
    const p = document.querySelector("path.fl-layer-timeline");
    if (p && p.getAttribute("d") && p.getAttribute("d").trim()) {
      window.__flDrawn = performance.now();
      return true;
    }
    return false;
  };
  new MutationObserver((_, obs) => { if (seen()) obs.disconnect(); })
    .observe(document, { subtree: true, childList: true, attributes: true,
                         attributeFilter: ["d"] });
})();
"""

_JUMP = """(i) => {
  const range = document.querySelector("input.fl-timeline-range");
  const path = document.querySelector("path.fl-layer-timeline");
  const t0 = performance.now();
  range.value = String(i);
  range.dispatchEvent(new Event("input"));
  const t1 = performance.now();
  return { ms: t1 - t0, d: path.getAttribute("d").length };
}"""


def _recipe(frames: int) -> Recipe:
    """The example timeline recipe over the last ``frames`` daily files."""
    from geo import recipe
    from geo.sources import resolve_date

    files = sorted(DAILY.glob("deepstatemap_data_2026*.geojson"))
    if len(files) < frames:
        raise SystemExit(f"only {len(files)} snapshot files in {DAILY}; need {frames}")
    first = resolve_date(str(files[-frames]))
    r = recipe.load(RECIPE)
    assert r.timeline is not None and first is not None
    tl = dataclasses.replace(r.timeline, start=first.isoformat(), end="2026-08-22")
    return dataclasses.replace(r, timeline=tl)


def _pages(frames: int, out: Path) -> tuple[Path, Path, int, int, int, list[dict]]:
    """Write the new and the old page; their paths, frame count, frame bytes, full frames."""
    from geo.render import make_model
    from geo.render.export import render_html
    from geo.render.folium_map import to_folium

    r = _recipe(frames)
    model = make_model(r, offline=True)
    tl = model.timeline
    assert tl is not None
    old_tl = tl.reencoded(1)
    new = render_html(to_folium(model), name="timeline", title="t")
    old = render_html(
        to_folium(dataclasses.replace(model, timeline=old_tl)), name="timeline", title="t"
    )
    # The page as the issue found it: every frame in full, Leaflet, our code and the data
    # inlined as plain text (no packing: the plain head leaves the data blocks unpacked).
    m = to_folium(dataclasses.replace(model, timeline=old_tl))
    m._children["fl_assets"].packed = False  # type: ignore[attr-defined]
    (out / "issue.html").write_text(render_html(m, name="timeline", title="t"), "utf-8")
    again = render_html(to_folium(make_model(r, offline=True)), name="timeline", title="t")
    if again != new:
        raise SystemExit("two builds of the delta page differ: not deterministic")
    (out / "new.html").write_text(new, "utf-8")
    (out / "old.html").write_text(old, "utf-8")
    return (
        out / "new.html",
        out / "old.html",
        len(tl.frames),
        sum(len(b.encode()) for b in tl.blocks),
        sum(len(b.encode()) for b in old_tl.blocks),
        tl.frame_docs(),
    )


def _encode_rows(report: Report, docs: list[dict], pairs: int) -> None:
    """Build-time cost of the encoding: the frames encoded with deltas vs in full."""
    from _harness import interleave, measure_call

    from geo.render import frame_delta

    def run(every: int) -> Callable[[], Sample]:
        return lambda: measure_call(lambda: frame_delta.encode_frames(docs, every))[0]

    got = interleave({"deltas": run(frame_delta.KEYFRAME_EVERY), "full": run(1)}, pairs)
    per = [s.cpu_s / len(docs) * 1000 for s in got["deltas"]]
    report.value("build: delta-encode one frame (CPU)", per, "ms", target=5)
    report.info(
        "build: same, every frame a keyframe (CPU)",
        f"{sorted(s.cpu_s for s in got['full'])[pairs // 2] / len(docs) * 1000:.2f} ms (median)",
    )


def _browser_rows(report: Report, new: Path, old: Path, n: int, pairs: int) -> None:
    """Interleaved time-to-first-frame and worst-case jump, new against old."""
    from playwright.sync_api import sync_playwright

    from geo.render import frame_delta

    every = frame_delta.KEYFRAME_EVERY
    last_key = (n - 1) // every * every
    target = last_key - 1 if last_key > 0 else 0  # one keyframe + every-1 deltas to decode
    drawn: dict[str, list[float]] = {"new": [], "old": []}
    jump: dict[str, list[float]] = {"new": [], "old": []}
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=args)
        for i in range(pairs):
            for name, path in (("new", new), ("old", old)):
                page = browser.new_page(viewport={"width": 1200, "height": 750})
                page.route(
                    "**/*",
                    lambda r: (
                        r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort()
                    ),
                )
                page.add_init_script(_OBSERVE)
                page.goto(path.as_uri())
                page.wait_for_function("() => window.__flDrawn !== undefined", timeout=60000)
                drawn[name].append(page.evaluate("() => window.__flDrawn"))
                page.wait_for_selector("[data-fl-ready]", timeout=60000)
                jump[name].append(page.evaluate(_JUMP, target)["ms"])
                page.close()
            print(f"  browser round {i + 1}/{pairs} (load {load_average():.1f})", file=sys.stderr)
        browser.close()
    for name in ("new", "old"):
        report.value(f"first frame drawn, {name} (wall)", drawn[name], "ms", target=10_000)
    ratios = [a / b * 100 for a, b in zip(drawn["new"], drawn["old"], strict=True)]
    report.value("first frame drawn, new / old (wall)", ratios, "%", target=105)
    for name in ("new", "old"):
        report.value(
            f"jump to frame {target} unseen, {name} (wall)",
            jump[name],
            "ms",
            target=100,
            note=(
                f"(1 keyframe + {target - last_key + every} deltas)"
                if name == "new"
                else "(1 full frame)"
            ),
        )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=100)
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--no-browser", action="store_true", help="bytes only")
    args = ap.parse_args(argv)
    if not DAILY.is_dir():
        print(f"third-party snapshots not found at {DAILY}: nothing to measure")
        return 0
    from geo.render import frame_delta

    report = Report(f"timeline page: {args.frames} daily frames, delta vs full", args.pairs)
    with tempfile.TemporaryDirectory() as tmp:
        new, old, n, new_frames, old_frames, docs = _pages(args.frames, Path(tmp))
        _encode_rows(report, docs, args.pairs)
        nb, ob = new.stat().st_size, old.stat().st_size
        report.info("frames on the page", f"{n} (keyframe every {frame_delta.KEYFRAME_EVERY})")
        report.info("HTML bytes, new", f"{nb:,} B (frames {new_frames:,} B)")
        report.info("HTML bytes, old (every frame in full)", f"{ob:,} B (frames {old_frames:,} B)")
        ib = (Path(tmp) / "issue.html").stat().st_size
        report.info("HTML bytes, as the issue found it (full, unpacked)", f"{ib:,} B")
        report.value(
            "HTML bytes, new / as the issue found it",
            [nb / ib * 100],
            "%",
            target=35,
            note="deterministic",
        )
        # Against frames in full packed as today: one gzip stream for all data blocks
        # matches each frame against the previous ones, so it gets most of the way alone.
        report.info("HTML bytes, new / old (context)", f"{nb / ob * 100:.1f} % (deterministic)")
        report.value("frame bytes, new / old", [new_frames / old_frames * 100], "%", target=35)
        for page in (new, old):
            if re.search(r"<script[^>]+src=", page.read_text("utf-8")):
                raise SystemExit(f"{page.name} loads an external script")
        if not args.no_browser:
            if not CHROMIUM.exists():
                report.info("browser rows", f"skipped: Chromium not found at {CHROMIUM}")
            else:
                _browser_rows(report, new, old, n, args.pairs)
    return report.finish()


if __name__ == "__main__":
    raise SystemExit(main())
