"""``frontline borders A B [--layer ID|PATH] [--snap-m M] [--json]``.

The border two features of a layer share (ISO A3 codes or names, e.g. ``RUS PRK`` or
``china "north korea"``), with its geodesic length. ``--snap-m`` switches to the tolerant
mode of :func:`geo.borders.shared_border` for layers whose borders do not coincide. The
document comes from :func:`geo.reports.borders.border_report`.
"""

from __future__ import annotations

import argparse

from geo.commands import bounded_float, ranged
from geo.commands._print import print_json, print_table
from geo.reports.borders import DEFAULT_LAYER, border_report
from geo.units import fmt_km

__all__ = ["add_arguments", "run"]

#: ``--snap-m``: at most 50 km (and at most half the smaller feature's extent, checked
#: once the features are read: :func:`geo.reports.borders.check_snap`).
SNAP_M = bounded_float(0, 50_000, "m")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare ``borders``' arguments on ``parser``."""
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--layer", default=DEFAULT_LAYER, metavar="ID|PATH")
    parser.add_argument(
        "--snap-m",
        type=SNAP_M,
        default=None,
        metavar="METRES",
        help=ranged(
            "snapping distance for layers whose borders do not coincide; at most half the "
            "smaller feature's extent",
            SNAP_M,
        ),
    )
    parser.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    """Print the shared border of ``args.a`` and ``args.b`` in ``args.layer``.

    Parameters
    ----------
    args : argparse.Namespace
        ``a``, ``b`` (ISO A3 or names), ``layer`` (id or path), ``snap_m`` (metres or
        None), ``json`` (bool).

    Returns
    -------
    int
        0; no shared border or unusable input raises :class:`~geo.errors.GeoError`.
    """
    doc = border_report(args.a, args.b, layer=str(args.layer), snap_m=args.snap_m)
    if args.json:
        print_json(doc)
        return 0
    where = f"layer {doc['layer']}, as of {doc['as_of']}" if doc["layer"] else doc["source"]
    print(f"Shared border ({where}; {doc['method']})")
    row = {
        "A": doc["a"]["name"] or args.a,
        "B": doc["b"]["name"] or args.b,
        "length": fmt_km(doc["length"]["km"]),
        "parts": doc["parts"],
    }
    columns = ["A", "B", "length", "parts"]
    if doc["length_b"] is not None:
        row["length (B's side)"] = fmt_km(doc["length_b"]["km"])
        columns.append("length (B's side)")
    print_table([row], columns)
    print(f"how: {doc['how']}")
    note = doc.get("basemap_note")
    if note:
        line = f"note: {note['caveat']}"
        if note["official_km"]:
            line += (
                f"; official length {fmt_km(note['official_km'], 1)} ({note['official_source']}),"
                f" measured {note['ratio_to_official']:.0%} of it"
            )
        print(line)
    return 0
