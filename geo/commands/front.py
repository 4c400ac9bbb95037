"""``frontline front PATH --country UKR [--buffer-km 4] [--out FILE] [--json]``.

Reads an occupied-area file (any format :func:`geo.sources.read_source` reads), derives the
front line with :func:`geo.front.derive_front`, prints its lengths (main line, enclave
fronts, land/river split; geodesic, km and mi) and optionally writes the line to GeoJSON,
GeoPackage or FlatGeobuf (:func:`geo.export.export`).
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from geo.commands._output import fmt_km, print_json, print_table

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Run the ``front`` sub-command; return the exit code (0, or 2 via GeoError)."""
    from geo.export import export
    from geo.front import derive_front
    from geo.sources import read_source

    snap = read_source(args.source, require_date=False)
    front = derive_front(snap, args.country, args.buffer_km)
    written = None
    if args.out:
        written = str(export(front, args.out))
    as_of = snap.date.isoformat() if snap.date else None
    if args.json:
        doc: dict[str, Any] = {
            "source": os.fspath(args.source),
            "kind": snap.kind,
            "as_of": as_of,
            "country": args.country,
            **front.to_dict(),
            "enclave_fronts": [
                {"index": i, "length": length.to_dict()}
                for i, length in enumerate(_enclave_lengths(front), start=1)
            ],
            "out": written,
        }
        print_json(doc)
        return 0
    rows = [
        {"part": "main line", "length": fmt_km(front.main_length.km)},
        {"part": "main line: land", "length": fmt_km(front.main_land_length.km)},
        {"part": "main line: river", "length": fmt_km(front.main_river_length.km)},
    ]
    for i, length in enumerate(_enclave_lengths(front), start=1):
        rows.append({"part": f"enclave front {i}", "length": fmt_km(length.km)})
    rows += [
        {"part": "all fronts", "length": fmt_km(front.total_length.km)},
        {"part": "all fronts: land", "length": fmt_km(front.land_length.km)},
        {"part": "all fronts: river (Dnipro)", "length": fmt_km(front.river_length.km)},
    ]
    print(f"front derived from {args.source} (as of {as_of or 'unknown date'}), {args.country}")
    print_table(rows, ["part", "length"])
    x0, y0 = front.main_start
    x1, y1 = front.main_end
    print(
        f"main line from ({x0:.3f}, {y0:.3f}) to ({x1:.3f}, {y1:.3f}); border/coast band "
        f"{front.buffer_km:g} km, slivers under {front.min_length_km:g} km dropped "
        f"({front.slivers}), river = within {front.river_km:g} km of the Dnipro course; "
        "geodesic (WGS84)"
    )
    if written:
        print(f"wrote {written}")
    return 0


def _enclave_lengths(front: Any) -> list[Any]:
    from geo.measure import length

    return [length(line) for line in front.enclaves]
