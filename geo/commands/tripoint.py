"""``frontline tripoint A B C [--layer ID|PATH] [--json]``.

Where three features of a layer meet (ISO A3 codes or names, e.g. ``CHN RUS PRK``), or the
best approximation with its error in metres when the layer's outlines do not quite meet.
The document comes from :func:`geo.reports.borders.tripoint_report`.
"""

from __future__ import annotations

import argparse

from geo.commands._print import print_json, print_table
from geo.reports.borders import DEFAULT_LAYER, tripoint_report
from geo.units import fmt_number

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare ``tripoint``'s arguments on ``parser``."""
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("c")
    parser.add_argument("--layer", default=DEFAULT_LAYER, metavar="ID|PATH")
    parser.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    """Print the tripoint of ``args.a``, ``args.b`` and ``args.c`` in ``args.layer``.

    Parameters
    ----------
    args : argparse.Namespace
        ``a``, ``b``, ``c`` (ISO A3 or names), ``layer`` (id or path), ``json`` (bool).

    Returns
    -------
    int
        0; unusable input raises :class:`~geo.errors.GeoError`.
    """
    doc = tripoint_report(args.a, args.b, args.c, layer=str(args.layer))
    if args.json:
        print_json(doc)
        return 0
    where = f"layer {doc['layer']}, as of {doc['as_of']}" if doc["layer"] else doc["source"]
    names = " / ".join(f["name"] or f["query"] for f in doc["features"])
    print(f"Tripoint of {names} ({where}; error is {doc['method']})")
    print_table(
        [
            {
                "lon": f"{doc['lon']:.6f}",
                "lat": f"{doc['lat']:.6f}",
                "error": f"{fmt_number(doc['error_m'], 1)} m",
            }
        ],
        ["lon", "lat", "error"],
    )
    print(f"how: {doc['how']}")
    print(f"note: {doc['position_note']}")
    if doc["others"]:
        print(f"the boundaries also meet at {len(doc['others'])} other point(s)")
    return 0
