"""``frontline measure PATH|LAYER_ID [--json] [--tolerance-km 0.5,1,2,5,10]``.

Prints the geodesic length of every line feature, the area and perimeter of every polygon
feature, their totals, and with ``--tolerance-km`` the line length after simplifying at
each tolerance (lines, or polygon perimeters when there are no lines). Every figure is
``geodesic-wgs84`` and, for a catalog layer, carries the layer's ``as_of`` date.

The small helpers :func:`provenance` and :func:`with_as_of` are shared with the
``borders`` and ``tripoint`` commands.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from geo.commands._output import fmt_area, fmt_km, print_json, print_table
from geo.errors import GeoError, GeometryError

__all__ = ["feature_label", "provenance", "run", "with_as_of"]

_NAME_COLUMNS = ("name", "name_en", "title", "label", "admin", "id")


def provenance(source: str) -> tuple[str | None, str | None]:
    """The catalog layer id and ``as_of`` date behind ``source``, or ``(None, None)``.

    Parameters
    ----------
    source : str
        A path or a layer id, as given on the command line.

    Returns
    -------
    tuple of (str or None, str or None)
        ``(layer_id, as_of)`` when ``source`` is a catalog id or the path of a catalog
        layer's file; ``(None, None)`` for any other file, or when the catalog is
        unavailable (this is never an error: plain files have no as-of date).
    """
    try:
        from geo import layers
    except ImportError:  # pragma: no cover - geo.layers ships with the package
        return None, None
    try:
        if not os.path.exists(source):
            layer = layers.get(source)
            return layer.id, str(layer.as_of)
        wanted = Path(source).resolve()
        for layer in layers.catalog().values():
            if Path(layer.path).resolve() == wanted:
                return layer.id, str(layer.as_of)
    except (GeoError, OSError):
        pass
    return None, None


def with_as_of(figure: dict[str, Any] | None, as_of: str | None) -> dict[str, Any] | None:
    """Return ``figure`` (a ``Length``/``Area`` dict) with the layer's ``as_of`` added."""
    if figure is None:
        return None
    return {**figure, "as_of": as_of}


def feature_label(row: Any, columns: Any) -> str | None:
    """A human name for a feature row: the first non-empty name-like property."""
    by_lower = {str(c).lower(): c for c in columns}
    for key in _NAME_COLUMNS:
        col = by_lower.get(key)
        if col is not None:
            value = row[col]
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None


def _measure_features(gdf: Any, source: str, *, repair: bool = False) -> list[dict[str, Any]]:
    import shapely

    from geo.measure import area, length, perimeter

    rows = []
    geom_col = gdf.geometry.name
    for i, (_, row) in enumerate(gdf.iterrows()):  # per feature; each call is vectorised
        geom = row[geom_col]
        kind = None if geom is None else geom.geom_type
        item: dict[str, Any] = {
            "index": i,
            "name": feature_label(row, gdf.columns),
            "geometry_type": kind,
            "length": None,
            "area": None,
            "perimeter": None,
            "note": None,
        }
        try:
            if kind in ("LineString", "MultiLineString", "LinearRing"):
                item["length"] = length(geom)
            elif kind in ("Polygon", "MultiPolygon"):
                # An invalid polygon has no meaningful area (a bow-tie's lobes cancel out),
                # so it is refused; the make_valid repair runs only when asked for.
                if not shapely.is_valid(geom):
                    reason = shapely.is_valid_reason(geom)
                    if not repair:
                        raise GeometryError(
                            f"not a valid polygon ({reason}), so its area would be "
                            "meaningless; fix the data, or pass --repair to measure "
                            "shapely.make_valid's repair"
                        )
                    from geo.checks import repair as make_valid

                    geom = make_valid(geom)
                    polygonal = shapely.get_parts(geom)
                    geom = shapely.multipolygons(
                        [g for g in polygonal if g.geom_type == "Polygon"]
                        + [
                            p
                            for g in polygonal
                            if g.geom_type == "MultiPolygon"
                            for p in shapely.get_parts(g)
                        ]
                    )
                    item["note"] = f"repaired with make_valid before measuring ({reason})"
                item["area"] = area(geom)
                item["perimeter"] = perimeter(geom)
            elif kind == "GeometryCollection":
                raise GeometryError("a GeometryCollection: measure its members separately")
        except GeometryError as exc:
            raise GeometryError(exc.message, path=source, feature=i) from None
        rows.append(item)
    return rows


def run(args: argparse.Namespace) -> int:
    """Measure ``args.source`` and print a table, or one JSON document with ``--json``.

    Parameters
    ----------
    args : argparse.Namespace
        ``source`` (path or layer id), ``json`` (bool), ``tolerance_km`` (list of float
        or None).

    Returns
    -------
    int
        0; unusable input raises :class:`~geo.errors.GeoError` (exit code 2 in the CLI).
    """
    from geo.io import read_geodata
    from geo.measure import METHOD, Area, Length, length_sweep

    source = str(args.source)
    gdf = read_geodata(source)
    if len(gdf) == 0:
        raise GeometryError("no features to measure", path=source)
    layer_id, as_of = provenance(source)
    features = _measure_features(gdf, source, repair=bool(getattr(args, "repair", False)))

    lengths = [f["length"] for f in features if f["length"] is not None]
    areas = [f["area"] for f in features if f["area"] is not None]
    perimeters = [f["perimeter"] for f in features if f["perimeter"] is not None]
    total_length = (
        Length(sum(x.m for x in lengths), tuple(p for x in lengths for p in x.parts))
        if lengths
        else None
    )
    total_area = (
        Area(sum(x.m2 for x in areas), tuple(p for x in areas for p in x.parts)) if areas else None
    )
    total_perimeter = (
        Length(sum(x.m for x in perimeters), tuple(p for x in perimeters for p in x.parts))
        if perimeters
        else None
    )

    sweep: list[dict[str, Any]] | None = None
    sweep_of = None
    if args.tolerance_km:
        geom_col = gdf.geometry.name
        kinds = gdf.geometry.geom_type
        lines = gdf[kinds.isin(["LineString", "MultiLineString"])]
        polys = gdf[kinds.isin(["Polygon", "MultiPolygon"])]
        target, sweep_of = (lines, "length") if len(lines) else (polys, "perimeter")
        if len(target) == 0:
            raise GeometryError("--tolerance-km needs line or polygon features", path=source)
        try:
            result = length_sweep(target[geom_col], args.tolerance_km)
        except GeometryError as exc:
            raise GeometryError(exc.message, path=source) from None
        sweep = [{"tolerance_km": t, "length": with_as_of(m.to_dict(), as_of)} for t, m in result]

    doc = {
        "source": source,
        "layer": layer_id,
        "as_of": as_of,
        "method": METHOD,
        "feature_count": len(features),
        "features": [
            {
                **f,
                **{
                    k: with_as_of(f[k].to_dict(), as_of) if f[k] is not None else None
                    for k in ("length", "area", "perimeter")
                },
            }
            for f in features
        ],
        "total": {
            "length": with_as_of(total_length.to_dict(), as_of) if total_length else None,
            "area": with_as_of(total_area.to_dict(), as_of) if total_area else None,
            "perimeter": with_as_of(total_perimeter.to_dict(), as_of) if total_perimeter else None,
        },
        "sweep": sweep,
        "sweep_of": sweep_of,
    }
    if args.json:
        print_json(doc)
        return 0

    where = f"layer {layer_id}, as of {as_of}" if layer_id else "file"
    print(f"{source} ({where}; {METHOD})")
    rows = [
        {
            "#": f["index"],
            "name": f["name"],
            "type": f["geometry_type"],
            "length": fmt_km(f["length"].km) if f["length"] else None,
            "area": fmt_area(f["area"].km2) if f["area"] else None,
            "perimeter": fmt_km(f["perimeter"].km) if f["perimeter"] else None,
        }
        for f in features
    ]
    if len(features) > 1:
        rows.append(
            {
                "#": "total",
                "name": f"{len(features)} features",
                "length": fmt_km(total_length.km) if total_length else None,
                "area": fmt_area(total_area.km2) if total_area else None,
                "perimeter": fmt_km(total_perimeter.km) if total_perimeter else None,
            }
        )
    print_table(rows, ["#", "name", "type", "length", "area", "perimeter"])
    for f in features:
        if f["note"]:
            print(f"note: feature {f['index']}: {f['note']}")
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
    return 0
