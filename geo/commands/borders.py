"""``frontline borders A B [--layer ID|PATH] [--snap-m M] [--json]``.

The border two features of a layer share (ISO A3 codes or names, e.g. ``RUS PRK`` or
``china "north korea"``), with its geodesic length. ``--snap-m`` switches to the tolerant
mode of :func:`geo.borders.shared_border` for layers whose borders do not coincide.
"""

from __future__ import annotations

import argparse
from typing import Any

from geo.commands._output import fmt_km, print_json, print_table
from geo.commands.measure import feature_label, provenance, with_as_of
from geo.errors import GeoError

__all__ = ["describe_feature", "read_features", "run"]


def describe_feature(query: str, row: Any, columns: Any) -> dict[str, Any]:
    """The query, the matched feature's name and ISO A3 code (when the layer has one)."""
    by_lower = {str(c).lower(): c for c in columns}
    iso = None
    for key in ("iso_a3", "adm0_a3", "iso3"):
        col = by_lower.get(key)
        if col is not None and isinstance(row[col], str) and row[col].strip() not in ("", "-99"):
            iso = row[col].strip()
            break
    return {"query": query, "name": feature_label(row, columns), "iso_a3": iso}


def read_features(layer: str, queries: list[str]) -> tuple[Any, list[Any]]:
    """Read ``layer`` and find one row per query; errors name the layer."""
    from geo.borders import find_feature
    from geo.io import read_geodata

    gdf = read_geodata(layer)
    rows = []
    for q in queries:
        try:
            rows.append(find_feature(gdf, q))
        except GeoError as exc:
            raise type(exc)(exc.message, path=layer) from None
    return gdf, rows


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
    from geo.borders import shared_border
    from geo.measure import METHOD

    layer = str(args.layer)
    gdf, (row_a, row_b) = read_features(layer, [args.a, args.b])
    snap_m = float(args.snap_m or 0.0)
    try:
        border = shared_border(row_a, row_b, snap_m=snap_m)
    except GeoError as exc:
        raise type(exc)(f"{args.a} / {args.b}: {exc.message}", path=layer) from None
    layer_id, as_of = provenance(layer)
    a = describe_feature(args.a, row_a, gdf.columns)
    b = describe_feature(args.b, row_b, gdf.columns)
    doc = {
        "a": a,
        "b": b,
        "source": layer,
        "layer": layer_id,
        "as_of": as_of,
        "method": METHOD,
        "how": border.method,
        "snap_m": border.snap_m,
        "length": with_as_of(border.length.to_dict(), as_of),
        "length_b": with_as_of(border.length_b.to_dict(), as_of) if border.length_b else None,
        "parts": len(border.length.parts),
        "geometry": border.to_dict()["geometry"],
    }
    if args.json:
        print_json(doc)
        return 0
    where = f"layer {layer_id}, as of {as_of}" if layer_id else layer
    print(f"Shared border ({where}; {METHOD})")
    row = {
        "A": a["name"] or args.a,
        "B": b["name"] or args.b,
        "length": fmt_km(border.length.km),
        "parts": len(border.length.parts),
    }
    columns = ["A", "B", "length", "parts"]
    if border.length_b is not None:
        row["length (B's side)"] = fmt_km(border.length_b.km)
        columns.append("length (B's side)")
    print_table([row], columns)
    print(f"how: {border.method}")
    return 0
