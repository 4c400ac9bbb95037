"""``frontline change FROM TO [--country UKR] [--out DIR] [--json] [--since 7d]``.

What changed between two dated occupied-area snapshots (:mod:`geo.change`): gained, lost
and net km² (geodesic), the main front's length at both dates, a per-oblast table, the
places that changed hands, the largest gained areas with their nearest places, and one
summary sentence. Writes ``report.json``, ``report.csv`` (per oblast), ``places.csv``,
``areas.csv`` and the map (``change.html``, ``.png``, ``.svg``, ``.figures.json``,
``.embed.html``) into ``--out`` as one set; prints the sentence and tables, or the JSON
document with ``--json``.

FROM and TO are snapshot files or ``deepstate:YYYY-MM-DD`` / ``deepstate:latest``.
``--since 7d`` compares the newest DeepStateMap snapshot (or TO) with the one 7 days before.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from geo.change import (
    FILES,
    compute_change,
    default_credit,
    parse_since,
    reference_for,
    report_document,
    resolve_input,
    write_report,
)
from geo.commands import bounded_float, ranged
from geo.commands._print import print_json, print_table
from geo.errors import UsageError
from geo.front import BUFFER_KM
from geo.outpaths import check_output_dir
from geo.sources import date_from_name
from geo.units import fmt_area, fmt_km

__all__ = ["add_arguments", "run"]


#: ``--buffer-km``: the border/coast band, at most 100 km (as ``frontline front``).
BUFFER = bounded_float(0, 100, "km")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare ``change``'s arguments on ``parser``."""
    parser.add_argument("start", nargs="?", metavar="FROM", help="earlier snapshot or reference")
    parser.add_argument("end", nargs="?", metavar="TO", help="later snapshot or reference")
    parser.add_argument(
        "--since",
        default=None,
        metavar="SPAN",
        help="compare TO (default deepstate:latest) with the snapshot SPAN earlier (7d, 2w)",
    )
    parser.add_argument("--country", default="UKR", metavar="ISO_A3")
    parser.add_argument(
        "--buffer-km",
        type=BUFFER,
        default=BUFFER_KM,
        help=ranged("border/coast band left out of the front", BUFFER),
    )
    parser.add_argument(
        "--out", default=None, metavar="DIR", help="output folder (default change-FROM-TO)"
    )
    parser.add_argument(
        "--credit",
        default=None,
        metavar="TEXT",
        help="where the snapshots come from (required unless they are DeepStateMap files)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")


def _ends(args: argparse.Namespace) -> tuple[Path, Path]:
    """Resolve FROM and TO (with ``--since``: TO, and the date SPAN before it)."""
    if args.since is None:
        if not args.start or not args.end:
            raise UsageError("give FROM and TO (paths or deepstate:YYYY-MM-DD), or --since 7d")
        return resolve_input(args.start), resolve_input(args.end)
    days = parse_since(args.since)
    if args.end:
        raise UsageError("--since takes at most one snapshot (TO), not FROM and TO")
    end = resolve_input(args.start or "deepstate:latest")
    when = date_from_name(end)
    if when is None:
        raise UsageError(f"{end}: --since needs a date in TO's file name")
    return resolve_input(reference_for(when - dt.timedelta(days=days))), end


def _print_text(doc: dict, written: list[Path]) -> None:
    print(doc["summary"])
    print()
    rows = [
        {"figure": "gained by Russia", "value": fmt_area(doc["gained"]["km2"])},
        {"figure": "regained by Ukraine", "value": fmt_area(doc["lost"]["km2"])},
        {"figure": "net for Russia", "value": fmt_area(doc["net"]["km2"])},
    ]
    for key in ("from", "to"):
        side = doc[key]
        length = fmt_km(side["front_main"]["km"]) if side["front_main"] else "-"
        rows.append({"figure": f"main front on {side['date']}", "value": length})
    print_table(rows, ["figure", "value"])
    print()
    regions = [r for r in doc["regions"] if r["gained_km2"] or r["lost_km2"]]
    print_table(regions, ["name", "gained_km2", "lost_km2", "net_km2", "held_to_km2"])
    if doc["places_changed_hands"]:
        print()
        print_table(doc["places_changed_hands"], ["change", "name", "admin1", "population"])
    print()
    for path in written:
        print(f"wrote {path}")


def run(args: argparse.Namespace) -> int:
    """Compute the change report, write its files and print it.

    Parameters
    ----------
    args : argparse.Namespace
        ``start``, ``end``, ``since``, ``country``, ``buffer_km``, ``out``, ``credit``,
        ``json``.

    Returns
    -------
    int
        0; bad input raises :class:`~geo.errors.GeoError` (exit code 2, nothing written).
    """
    start, end = _ends(args)
    a, b = date_from_name(start), date_from_name(end)
    if a is not None and b is not None and a > b:
        raise UsageError(f"FROM ({a.isoformat()}) is later than TO ({b.isoformat()}); swap them")
    credit = args.credit or default_credit(start, end)
    if not credit:
        raise UsageError(
            "--credit is required: say where the snapshots come from and their licence"
        )
    default_out = f"change-{a.isoformat() if a else 'from'}-{b.isoformat() if b else 'to'}"
    out = check_output_dir(args.out or default_out)
    report = compute_change(
        start, end, country=args.country, buffer_km=args.buffer_km, credit=credit
    )
    written = write_report(report, out)
    assert [p.name for p in written] == list(FILES)
    doc = report_document(report)
    if args.json:
        print_json(doc)
        for path in written:
            print(f"wrote {path}", file=sys.stderr)
    else:
        _print_text(doc, written)
    return 0
