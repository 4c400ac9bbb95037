"""Benchmark: seconds per frame of ``frontline timeline --animate``, side by side.

Over the same daily DeepStateMap snapshots (``--frames`` dates ending 2026-08-22), measures:

1. **frames, ours**: :func:`geo.timeline.animate.frame_images`: the map is prepared once
   and each frame reads only its own snapshot;
2. **frames, naive**: what a user scripting the static renderer would write: a whole
   :func:`geo.render.make_model` of a one-date ``[timeline]`` recipe per frame, then
   :func:`geo.render.static.render_static` to PNG;
3. the encoders on the same frames: GIF (Pillow), MP4 (libx264) and WebM (VP9) through
   imageio-ffmpeg's bundled ffmpeg.

The two frame paths are run interleaved (ours, naive, ours, naive ...) ``--repeat`` times;
the best run of each counts (the machine is shared). The snapshots are third-party test
data read in place from ``../shared/data``; the benchmark exits with a message when they
are absent.

Run: ``.venv/bin/python benchmarks/animate.py [--frames 10] [--repeat 2]``
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
DAILY = ROOT.parent / "shared" / "data" / "deepstate-daily"
LAST = dt.date(2026, 8, 22)


def _ours(recipe: object) -> float:
    from geo.timeline.animate import frame_images

    start = time.perf_counter()
    n = sum(1 for _ in frame_images(recipe))  # type: ignore[arg-type]
    return (time.perf_counter() - start) / n


def _naive(recipe: object, dates: list[str]) -> float:
    from geo.render import make_model
    from geo.render.static import render_static

    start = time.perf_counter()
    for d in dates:
        tl = dataclasses.replace(recipe.timeline, start=d, end=d)  # type: ignore[attr-defined]
        one = dataclasses.replace(recipe, timeline=tl)
        render_static(make_model(one, offline=True), "png")
    return (time.perf_counter() - start) / len(dates)


def _encoders(recipe: object, n: int) -> dict[str, float]:
    from geo.timeline.animate import animate

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in (".gif", ".mp4", ".webm"):
            start = time.perf_counter()
            animate(recipe, Path(tmp) / f"a{suffix}")  # type: ignore[arg-type]
            out[suffix] = (time.perf_counter() - start) / n
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    if not DAILY.is_dir():
        print(f"test data not found at {DAILY}; nothing to benchmark")
        return 0
    sys.path.insert(0, str(ROOT))
    from geo.sources import DEEPSTATE_CREDIT
    from geo.timeline.animate import animation_recipe

    first = LAST - dt.timedelta(days=args.frames - 1)
    recipe = animation_recipe(
        str(DAILY), credit=DEEPSTATE_CREDIT, start=first.isoformat(), end=LAST.isoformat()
    )
    dates = [(first + dt.timedelta(days=i)).isoformat() for i in range(args.frames)]
    ours, naive = float("inf"), float("inf")
    for _ in range(args.repeat):
        ours = min(ours, _ours(recipe))
        naive = min(naive, _naive(recipe, dates))
    enc = _encoders(recipe, args.frames)
    print(f"{args.frames} frames of 800x450 px, {first} to {LAST}, best of {args.repeat}")
    print(f"{'path':<34}{'s/frame':>10}")
    print(f"{'frames, ours (prepare once)':<34}{ours:>10.3f}")
    print(f"{'frames, naive (model per frame)':<34}{naive:>10.3f}   ({naive / ours:.2f}x ours)")
    for suffix, secs in enc.items():
        print(f"{'animate ' + suffix + ' (frames + encode)':<34}{secs:>10.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
