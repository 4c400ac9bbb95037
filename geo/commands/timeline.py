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

from geo.commands._output import fmt_area, fmt_km, print_json, print_table

__all__ = ["run"]

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


def run(args: argparse.Namespace) -> int:
    """Run the ``timeline`` sub-command; return the exit code."""
    from geo.timeline import timeline

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
    else:
        print_table(list(tl.rows), _TABLE_COLUMNS)
    for path in written:
        print(f"wrote {path}", file=sys.stderr if args.json else sys.stdout)
    return 1 if tl.errors else 0
