"""``frontline tripoint A B C [--layer ID|PATH] [--json]``.

Where three features of a layer meet (ISO A3 codes or names, e.g. ``CHN RUS PRK``), or the
best approximation with its error in metres when the layer's outlines do not quite meet.
"""

from __future__ import annotations

import argparse

from geo.commands._output import fmt_number, print_json, print_table
from geo.commands.borders import describe_feature, read_features
from geo.commands.measure import provenance
from geo.errors import GeoError

__all__ = ["run"]


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
    from geo.borders import tripoint
    from geo.measure import METHOD

    layer = str(args.layer)
    queries = [args.a, args.b, args.c]
    gdf, rows = read_features(layer, queries)
    try:
        tp = tripoint(*rows)
    except GeoError as exc:
        raise type(exc)(f"{' / '.join(queries)}: {exc.message}", path=layer) from None
    layer_id, as_of = provenance(layer)
    features = [describe_feature(q, r, gdf.columns) for q, r in zip(queries, rows, strict=True)]
    doc = {
        "features": features,
        "source": layer,
        "layer": layer_id,
        "as_of": as_of,
        "lon": tp.point.x,
        "lat": tp.point.y,
        "error_m": tp.error_m,
        "distances_m": list(tp.distances_m),
        "others": [[p.x, p.y] for p in tp.others],
        "method": METHOD,
        "how": tp.method,
    }
    if args.json:
        print_json(doc)
        return 0
    where = f"layer {layer_id}, as of {as_of}" if layer_id else layer
    names = " / ".join(f["name"] or f["query"] for f in features)
    print(f"Tripoint of {names} ({where}; error is {METHOD})")
    print_table(
        [
            {
                "lon": f"{tp.point.x:.6f}",
                "lat": f"{tp.point.y:.6f}",
                "error": f"{fmt_number(tp.error_m, 1)} m",
            }
        ],
        ["lon", "lat", "error"],
    )
    print(f"how: {tp.method}")
    if tp.others:
        print(f"the boundaries also meet at {len(tp.others)} other point(s)")
    return 0
