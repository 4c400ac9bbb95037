"""``frontline measure PATH|LAYER_ID [--json] [--tolerance-km 0.5,1,2,5,10] [--repair]``.

Prints the geodesic length of every line feature, the area and perimeter of every polygon
feature, their totals, and with ``--tolerance-km`` the line length after simplifying at
each tolerance (lines, or polygon perimeters when there are no lines). Every figure is
``geodesic-wgs84`` and, for a catalog layer, carries the layer's ``as_of`` date. A file
mixing geometry types gets a second table, one row per type; features without a geometry
are counted and skipped. The document comes from
:func:`geo.reports.measure.measure_report`.
"""

from __future__ import annotations

import argparse
from typing import Any

from geo.commands import bounded_float_list, ranged
from geo.commands._print import print_json, print_table
from geo.reports.measure import measure_report
from geo.units import fmt_area, fmt_km

__all__ = ["add_arguments", "run"]

#: ``--tolerance-km``: up to 20 tolerances, each at most 1,000 km.
TOLERANCES = bounded_float_list(0, 1000, "km", most=20)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare ``measure``'s arguments on ``parser``."""
    parser.add_argument("source", metavar="PATH|LAYER_ID")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--tolerance-km",
        type=TOLERANCES,
        default=None,
        metavar="LIST",
        help=ranged(
            "also report line length after simplifying at these tolerances, e.g. 0.5,1,2,5,10;"
            " up to 20",
            TOLERANCES,
        ),
    )
    parser.add_argument(
        "--repair",
        action="store_true",
        help="measure invalid polygons after shapely.make_valid (never done silently)",
    )


def _km(figure: dict[str, Any] | None) -> str | None:
    return fmt_km(figure["km"]) if figure else None


def _row(label: Any, name: Any, kind: Any, figures: dict[str, Any]) -> dict[str, Any]:
    return {
        "#": label,
        "name": name,
        "type": kind,
        "length": _km(figures["length"]),
        "area": fmt_area(figures["area"]["km2"]) if figures["area"] else None,
        "perimeter": _km(figures["perimeter"]),
    }


def _print_text(doc: dict[str, Any]) -> None:
    features = doc["features"]
    where = f"layer {doc['layer']}, as of {doc['as_of']}" if doc["layer"] else "file"
    print(f"{doc['source']} ({where}; {doc['method']})")
    rows = [_row(f["index"], f["name"], f["geometry_type"], f) for f in features]
    if len(features) > 1:
        rows.append(_row("total", f"{len(features)} features", None, doc["total"]))
    print_table(rows, ["#", "name", "type", "length", "area", "perimeter"])
    kinds = doc["by_type"]
    if len(kinds) > 1:
        print()
        print("by geometry type:")
        print_table(
            [_row(kind, f"{d['count']} feature(s)", None, d) for kind, d in kinds.items()],
            ["#", "name", "length", "area", "perimeter"],
            headers={"#": "type", "name": "features"},
        )
    for f in features:
        if f["note"] and f["geometry_type"] is not None:
            print(f"note: feature {f['index']}: {f['note']}")
    if doc["skipped"]["null_geometry"]:
        print(f"note: {doc['skipped']['null_geometry']} feature(s) without a geometry skipped")
    sweep, sweep_of = doc["sweep"], doc["sweep_of"]
    if sweep is not None:
        print()
        print(f"{sweep_of} after simplifying at each tolerance (local azimuthal equidistant):")
        print_table(
            [
                {
                    "tolerance": "full detail"
                    if s["tolerance_km"] is None
                    else f"{s['tolerance_km']:g} km",
                    sweep_of: fmt_km(s["length"]["km"]),
                }
                for s in sweep
            ],
            ["tolerance", sweep_of],
        )


def run(args: argparse.Namespace) -> int:
    """Measure ``args.source`` and print a table, or one JSON document with ``--json``.

    Parameters
    ----------
    args : argparse.Namespace
        ``source`` (path or layer id), ``json`` (bool), ``tolerance_km`` (list of float
        or None), ``repair`` (bool).

    Returns
    -------
    int
        0; unusable input raises :class:`~geo.errors.GeoError` (exit code 2 in the CLI).
    """
    doc = measure_report(
        str(args.source),
        tolerance_km=args.tolerance_km,
        repair=bool(getattr(args, "repair", False)),
    )
    if args.json:
        print_json(doc)
    else:
        _print_text(doc)
    return 0
