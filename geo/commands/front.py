"""``frontline front PATH --country UKR [--buffer-km 4] [--out FILE] [--json]``.

Reads an occupied-area file (any format :func:`geo.sources.read_source` reads), derives the
front line with :func:`geo.front.derive_front`, prints its lengths (main line, enclave
fronts, land/river split; geodesic, km and mi) and optionally writes the line to GeoJSON,
GeoPackage or FlatGeobuf (:func:`geo.export.export`). The document comes from
:func:`geo.reports.front.front_report`.
"""

from __future__ import annotations

import argparse
from typing import Any

from geo.commands import bounded_float, ranged
from geo.commands._print import print_json, print_table
from geo.export import FORMATS
from geo.front import BUFFER_KM
from geo.outpaths import check_output_file
from geo.reports.front import DEFAULT_COUNTRY, front_report
from geo.units import fmt_km

__all__ = ["add_arguments", "run"]

#: ``--buffer-km``: the border/coast band, at most 100 km.
BUFFER = bounded_float(0, 100, "km")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare ``front``'s arguments on ``parser``."""
    parser.add_argument("source", metavar="PATH")
    parser.add_argument("--country", default=DEFAULT_COUNTRY, metavar="ISO_A3")
    parser.add_argument(
        "--buffer-km",
        type=BUFFER,
        default=BUFFER_KM,
        help=ranged("width of the border/coast band that is not front", BUFFER),
    )
    parser.add_argument(
        "--out",
        default=None,
        metavar="FILE",
        help="also write the line (.geojson, .json, .gpkg or .fgb); replaced atomically",
    )
    parser.add_argument("--json", action="store_true")


def _rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    main = doc["main"]
    rows = [
        {"part": "main line", "length": fmt_km(main["length"]["km"])},
        {"part": "main line: land", "length": fmt_km(main["land"]["km"])},
        {"part": "main line: river", "length": fmt_km(main["river"]["km"])},
    ]
    for enclave in doc["enclave_fronts"]:
        rows.append(
            {"part": f"enclave front {enclave['index']}", "length": fmt_km(enclave["length"]["km"])}
        )
    return [
        *rows,
        {"part": "all fronts", "length": fmt_km(doc["total"]["km"])},
        {"part": "all fronts: land", "length": fmt_km(doc["land"]["km"])},
        {"part": "all fronts: river (Dnipro)", "length": fmt_km(doc["river"]["km"])},
    ]


def _print_text(doc: dict[str, Any]) -> None:
    print(
        f"front derived from {doc['source']} (as of {doc['as_of'] or 'unknown date'}), "
        f"{doc['country']}"
    )
    print_table(_rows(doc), ["part", "length"])
    (x0, y0), (x1, y1) = doc["main"]["start"], doc["main"]["end"]
    params = doc["parameters"]
    print(
        f"main line from ({x0:.3f}, {y0:.3f}) to ({x1:.3f}, {y1:.3f}); border/coast band "
        f"{params['buffer_km']:g} km, slivers under {params['min_length_km']:g} km dropped "
        f"({doc['slivers_dropped']['count']}), river = within {params['river_km']:g} km of "
        "the Dnipro course; geodesic (WGS84)"
    )
    if doc.get("skipped_features"):
        print(f"skipped {doc['skipped_features']} feature(s) with no polygon (null, points, lines)")
    if doc.get("credit"):
        print(f"data: {doc['credit']}")
    if doc["out"]:
        print(f"wrote {doc['out']}")


def run(args: argparse.Namespace) -> int:
    """Derive the front from ``args.source`` and print its lengths, or one JSON document.

    Parameters
    ----------
    args : argparse.Namespace
        ``source`` (path), ``country`` (ISO A3), ``buffer_km`` (float), ``out`` (path or
        None), ``json`` (bool).

    Returns
    -------
    int
        0; unusable input raises :class:`~geo.errors.GeoError` (exit code 2 in the CLI).
    """
    if args.out is not None:  # checked before any work
        check_output_file(args.out, suffixes=tuple(FORMATS))
    doc = front_report(args.source, country=args.country, buffer_km=args.buffer_km, out=args.out)
    if args.json:
        print_json(doc)
    else:
        _print_text(doc)
    return 0
