"""``frontline timeline DIR|GLOB [--out FILE.csv] [--workers N | --scheduler ADDRESS]``.

Measures every dated snapshot (:func:`geo.timeline.timeline`): occupied area, main front
length at full detail and simplified at ``--tolerance-km``, and the change since the
previous snapshot. Writes CSV, JSON or a PNG chart by ``--out``'s suffix (and a chart with
``--chart``); prints one JSON document with ``--json``, else a table (or, with ``--out``, a
summary). Unusable files are reported on stderr and in the output (``status=error``); the
run carries on. Exit code 0 when every file was usable, 1 when some were not (the output is
still complete for the others), 2 when nothing could be done.

``--out`` and ``--chart`` are checked (suffix, folder, writable) before any snapshot is
read, and written together as one change (:func:`geo.files.write_set`): both new files,
or the old ones untouched.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from geo.commands import bounded_float, bounded_int, ranged
from geo.commands._print import print_json, print_table
from geo.errors import UsageError
from geo.files import write_set
from geo.front import BUFFER_KM
from geo.jsonfmt import dumps
from geo.outpaths import check_output_file
from geo.sources import DEEPSTATE_CREDIT, parse_date
from geo.timeline import timeline
from geo.timeline.animate import FORMATS as ANIMATION_FORMATS
from geo.timeline.animate import animate, animation_recipe
from geo.timeline.grid import MAX_PANELS, small_multiples
from geo.units import fmt_area, fmt_km

__all__ = ["add_arguments", "run"]

#: ``--workers``: local processes, 1 to 64.
WORKERS = bounded_int(1, 64)
#: ``--buffer-km``: the border/coast band, at most 100 km.
BUFFER = bounded_float(0, 100, "km")
#: ``--tolerance-km``: the simplification tolerance, at most 100 km.
TOLERANCE = bounded_float(0, 100, "km")
#: ``--out`` suffixes, and ``--chart``'s.
OUT_SUFFIXES = (".csv", ".json", ".png")
CHART_SUFFIXES = (".png",)

_TABLE_COLUMNS = [
    "date",
    "status",
    "occupied_area_km2",
    "front_main_km",
    "front_main_km_simplified",
    "gained_km2",
    "lost_km2",
    "net_km2",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare ``timeline``'s arguments on ``parser``."""
    parser.add_argument("source", metavar="DIR|GLOB")
    parser.add_argument(
        "--out", default=None, metavar="FILE.csv", help="write the rows (.csv, .json or .png)"
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--workers",
        type=WORKERS,
        default=None,
        metavar="N",
        help=ranged("local worker processes", WORKERS),
    )
    group.add_argument("--scheduler", default=None, metavar="ADDRESS")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parser.add_argument("--chart", default=None, metavar="FILE.png", help="area and length chart")
    parser.add_argument("--country", default="UKR", metavar="ISO_A3")
    parser.add_argument(
        "--buffer-km",
        type=BUFFER,
        default=BUFFER_KM,
        help=ranged("width of the border/coast band that is not front", BUFFER),
    )
    parser.add_argument(
        "--tolerance-km",
        type=TOLERANCE,
        default=1.0,
        help=ranged("also report the main front length simplified at this tolerance", TOLERANCE),
    )
    _add_animation_arguments(parser)


#: ``--frame-ms``, ``--panels`` and ``--step-days``.
FRAME_MS = bounded_int(20, 10_000)
PANELS = bounded_int(2, MAX_PANELS)
STEP_DAYS = bounded_int(1, 3660)


def _add_animation_arguments(parser: argparse.ArgumentParser) -> None:
    """The pictures: ``--animate`` (GIF/MP4/WebM) and ``--small-multiples`` (a PNG grid)."""
    pic = parser.add_argument_group(
        "pictures",
        "--animate draws one static map per snapshot (date stamped, progress bar) into a GIF "
        "(Pillow) or an MP4/WebM (imageio-ffmpeg's bundled ffmpeg); --small-multiples draws "
        "--panels dates spread evenly from first to last, same view and scale, each with its "
        "geodesic area and the change since the first panel, as one PNG grid. With only "
        "these options the snapshots are not measured.",
    )
    pic.add_argument("--animate", default=None, metavar="FILE.gif|.mp4|.webm")
    pic.add_argument("--small-multiples", default=None, metavar="FILE.png")
    pic.add_argument("--panels", type=PANELS, default=6, help=ranged("grid panels", PANELS))
    pic.add_argument(
        "--frame-ms", type=FRAME_MS, default=250, help=ranged("ms per frame", FRAME_MS)
    )
    pic.add_argument("--start", default=None, metavar="YYYY-MM-DD", help="first date shown")
    pic.add_argument("--end", default=None, metavar="YYYY-MM-DD", help="last date shown")
    pic.add_argument("--step-days", type=STEP_DAYS, default=1, help="one frame every N days")
    pic.add_argument(
        "--credit", default=None, help="where the snapshots come from (default DeepStateMap's)"
    )


def _check_outputs(args: argparse.Namespace) -> list[Path]:
    """``--out`` and ``--chart``, checked (suffix, folder, writable) before any work."""
    targets = []
    if args.out:
        targets.append(check_output_file(args.out, suffixes=OUT_SUFFIXES))
    if args.chart:
        targets.append(check_output_file(args.chart, suffixes=CHART_SUFFIXES, option="--chart"))
    if len(targets) == 2 and os.path.abspath(targets[0]) == os.path.abspath(targets[1]):
        raise UsageError("--out and --chart name the same file; give two names")
    return targets


def _encode(tl: Any, target: Path) -> bytes | str:
    """The bytes of ``target``, by suffix (as :meth:`geo.timeline.Timeline.write` writes)."""
    suffix = target.suffix.lower()
    if suffix == ".csv":
        return str(tl.to_csv())
    if suffix == ".json":
        return dumps(tl.to_dict(), newline=True)
    return bytes(tl.chart_png())


def _pictures(args: argparse.Namespace) -> list[str]:
    """Render ``--animate`` and ``--small-multiples``; return the files written."""
    if not (args.animate or args.small_multiples):
        return []
    for value in (args.start, args.end):
        if value is not None:
            parse_date(value)
    anim = (
        check_output_file(args.animate, suffixes=ANIMATION_FORMATS, option="--animate")
        if args.animate
        else None
    )
    grid = (
        check_output_file(args.small_multiples, suffixes=(".png",), option="--small-multiples")
        if args.small_multiples
        else None
    )
    recipe = animation_recipe(
        args.source,
        credit=args.credit or DEEPSTATE_CREDIT,
        start=args.start,
        end=args.end,
        step_days=args.step_days,
    )
    written = []
    if anim is not None:
        bar = _progress_bar("frames")
        result = animate(recipe, anim, frame_ms=args.frame_ms, progress=bar)
        written.append(
            f"{result.path} ({result.frames} frames, {result.first_date} to {result.last_date})"
        )
    if grid is not None:
        written.append(str(small_multiples(recipe, grid, args.panels)))
    return written


def _progress_bar(what: str) -> Any:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        filled = round(30 * done / total)
        sys.stderr.write(f"\r{what} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        if done == total:
            sys.stderr.write("\n")

    return show


def _print_skipped(tl: Any) -> None:
    skipped = sum(int(r.get("skipped_features") or 0) for r in tl.rows)
    if skipped:
        print(f"skipped {skipped} feature(s) with no polygon (null, points, lines)")


def _print_summary(tl: Any) -> None:
    good = [r for r in tl.rows if r.get("status") != "error"]
    print(
        f"{len(good)} snapshot(s) measured, {len(tl.errors)} unusable"
        + (f" (missing dates: {', '.join(tl.missing_dates)})" if tl.missing_dates else "")
    )
    _print_skipped(tl)
    if good:
        first, last = good[0], good[-1]
        for r in (first, last):
            print(
                f"  {r['date']}: occupied {fmt_area(r.get('occupied_area_km2'))}, "
                f"main front {fmt_km(r.get('front_main_km'))}"
            )


def run(args: argparse.Namespace) -> int:
    """Measure the snapshots in ``args.source``, write what was asked and print the rows.

    Parameters
    ----------
    args : argparse.Namespace
        ``source`` (directory or glob), ``out`` and ``chart`` (paths or None), ``workers``
        or ``scheduler``, ``json`` (bool), ``country``, ``buffer_km``, ``tolerance_km``.

    Returns
    -------
    int
        0 when every file was usable, 1 when some were not; nothing usable raises
        :class:`~geo.errors.GeoError` (exit code 2 in the CLI).
    """
    targets = _check_outputs(args)  # before any snapshot is read
    pictures = _pictures(args)
    if pictures and not (targets or args.json):
        for line in pictures:
            print(f"wrote {line}")
        return 0
    tl = timeline(
        args.source,
        workers=args.workers,
        scheduler=args.scheduler,
        country=args.country,
        buffer_km=args.buffer_km,
        tolerance_km=args.tolerance_km,
    )
    for err in tl.errors:
        sys.stderr.write(f"frontline timeline: warning: {err['error']} (date missing)\n")
    # --out and --chart are one change: both new files in place, or neither.
    written = [str(p) for p in write_set({t: _encode(tl, t) for t in targets})]
    if args.json:
        print_json(tl.to_dict())
    elif args.out:
        _print_summary(tl)
    else:
        print_table(list(tl.rows), _TABLE_COLUMNS)
        _print_skipped(tl)
    for path in [*pictures, *written]:
        print(f"wrote {path}", file=sys.stderr if args.json else sys.stdout)
    return 1 if tl.errors else 0
