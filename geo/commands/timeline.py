"""``frontline timeline DIR|GLOB [--out FILE.csv] [--workers N | --scheduler ADDRESS]``.

Measures every dated snapshot (:func:`geo.timeline.timeline`): occupied area, main front
length at full detail and simplified at ``--tolerance-km``, and the change since the
previous snapshot. Writes CSV, JSON or a PNG chart by ``--out``'s suffix (and a chart with
``--chart``); prints one JSON document with ``--json``, else a table (or, with ``--out``, a
summary). Unusable files are reported on stderr and in the output (``status=error``); the
run carries on. Exit code 0 when every file was usable, 1 when some were not (the output is
still complete for the others), 2 when nothing could be done.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from geo.commands import non_negative_float, positive_int
from geo.commands._print import print_json, print_table
from geo.front import BUFFER_KM
from geo.timeline import timeline
from geo.units import fmt_area, fmt_km

__all__ = ["add_arguments", "run"]

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
    group.add_argument("--workers", type=positive_int, default=None, metavar="N")
    group.add_argument("--scheduler", default=None, metavar="ADDRESS")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parser.add_argument("--chart", default=None, metavar="FILE.png", help="area and length chart")
    parser.add_argument("--country", default="UKR", metavar="ISO_A3")
    parser.add_argument("--buffer-km", type=non_negative_float, default=BUFFER_KM)
    parser.add_argument(
        "--tolerance-km",
        type=non_negative_float,
        default=1.0,
        help="also report the main front length simplified at this tolerance (default 1)",
    )


def _print_summary(tl: Any) -> None:
    good = [r for r in tl.rows if r.get("status") != "error"]
    print(
        f"{len(good)} snapshot(s) measured, {len(tl.errors)} unusable"
        + (f" (missing dates: {', '.join(tl.missing_dates)})" if tl.missing_dates else "")
    )
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
    written = []
    if args.out:
        written.append(str(tl.write(args.out)))
    if args.chart:
        written.append(str(tl.write(args.chart)))
    if args.json:
        print_json(tl.to_dict())
    elif args.out:
        _print_summary(tl)
    else:
        print_table(list(tl.rows), _TABLE_COLUMNS)
    for path in written:
        print(f"wrote {path}", file=sys.stderr if args.json else sys.stdout)
    return 1 if tl.errors else 0
