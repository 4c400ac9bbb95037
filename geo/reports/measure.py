"""The ``frontline measure`` document: every feature's geodesic figures, totals and a sweep.

:func:`measure_report` reads a file or catalog layer and measures the length of every line
feature and the area and perimeter of every polygon feature, adds their totals and, when
tolerances are given, the line length after simplifying at each (lines, or polygon
perimeters when there are no lines). Every figure is ``geodesic-wgs84`` and carries the
``as_of`` date of the catalog layer it comes from (``None`` for a plain file).

A file may mix geometry types: lines get a length, polygons an area and perimeter, points
are counted, and the document sums each type on its own (``by_type``). A feature without a
geometry (``"geometry": null``) is kept in the list, skipped in every figure and counted
(``skipped``); a file with no geometry at all is refused.

An invalid polygon has no meaningful area (a bow-tie's lobes cancel out), so it is refused
with a :class:`~geo.errors.GeometryError` naming the file and feature; the
:func:`shapely.make_valid` repair runs only when asked for, and is noted on the feature.

Examples
--------
>>> import json, tempfile, pathlib
>>> line = {"type": "LineString", "coordinates": [[30, 48], [31, 48]]}
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp, "line.geojson")
...     _ = path.write_text(json.dumps(line))
...     doc = measure_report(str(path))
>>> round(doc["total"]["length"]["km"], 3), doc["method"], doc["as_of"]
(74.625, 'geodesic-wgs84', None)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import shapely

from geo.checks import repair as make_valid
from geo.errors import GeometryError
from geo.io import read_geodata
from geo.measure import METHOD, Area, Length, area, length, length_sweep, perimeter
from geo.reports.provenance import feature_label, provenance, with_as_of

__all__ = ["FIGURES", "by_type", "measure_features", "measure_report"]

#: The figures measured for each feature, in the order tables print them.
FIGURES = ("length", "area", "perimeter")

_LINES = ("LineString", "MultiLineString", "LinearRing")
_POLYGONS = ("Polygon", "MultiPolygon")


def _polygonal(geom: shapely.Geometry) -> shapely.MultiPolygon:
    """The polygons of a :func:`shapely.make_valid` result (its stray lines dropped)."""
    parts = shapely.get_parts(geom)
    return shapely.multipolygons(
        [g for g in parts if g.geom_type == "Polygon"]
        + [p for g in parts if g.geom_type == "MultiPolygon" for p in shapely.get_parts(g)]
    )


def _measure_polygon(geom: shapely.Geometry, item: dict[str, Any], *, repair: bool) -> None:
    """Fill ``item``'s area and perimeter; refuse (or, if asked, repair) an invalid polygon."""
    if not shapely.is_valid(geom):
        reason = shapely.is_valid_reason(geom)
        if not repair:
            raise GeometryError(
                f"not a valid polygon ({reason}), so its area would be "
                "meaningless; fix the data, or pass --repair to measure "
                "shapely.make_valid's repair"
            )
        geom = _polygonal(make_valid(geom))
        item["note"] = f"repaired with make_valid before measuring ({reason})"
    item["area"] = area(geom)
    item["perimeter"] = perimeter(geom)


def measure_features(gdf: Any, source: str, *, repair: bool = False) -> list[dict[str, Any]]:
    """Measure each feature of ``gdf`` on its own.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The features, lon/lat (as :func:`geo.io.read_geodata` gives them).
    source : str
        The file or layer id, named in errors.
    repair : bool, default False
        Measure an invalid polygon after :func:`shapely.make_valid` instead of refusing it.

    Returns
    -------
    list of dict
        Per feature: ``index``, ``name``, ``geometry_type``, ``length``, ``area`` and
        ``perimeter`` (:class:`~geo.measure.Length` / :class:`~geo.measure.Area` or
        ``None``) and ``note`` (the repair, if any).

    Raises
    ------
    GeometryError
        An invalid polygon without ``repair``, a GeometryCollection, or a geometry the
        measurement refuses; the message names ``source`` and the feature.
    """
    rows = []
    geom_col = gdf.geometry.name
    for i, (_, row) in enumerate(gdf.iterrows()):  # per feature; each call is vectorised
        geom = row[geom_col]
        if not isinstance(geom, shapely.Geometry):  # null geometry: None, or NaN from pandas
            geom = None
        kind = None if geom is None else geom.geom_type
        item: dict[str, Any] = {
            "index": i,
            "name": feature_label(row, gdf.columns),
            "geometry_type": kind,
            "length": None,
            "area": None,
            "perimeter": None,
            "note": None if geom is not None else "no geometry: skipped",
        }
        try:
            if kind in _LINES:
                item["length"] = length(geom)
            elif kind in _POLYGONS:
                _measure_polygon(geom, item, repair=repair)
            elif kind == "GeometryCollection":
                raise GeometryError("a GeometryCollection: measure its members separately")
        except GeometryError as exc:
            raise GeometryError(exc.message, path=source, feature=i) from None
        rows.append(item)
    return rows


def _total_length(figures: list[Length]) -> Length | None:
    if not figures:
        return None
    return Length(sum(x.m for x in figures), tuple(p for x in figures for p in x.parts))


def _total_area(figures: list[Area]) -> Area | None:
    if not figures:
        return None
    return Area(sum(x.m2 for x in figures), tuple(p for x in figures for p in x.parts))


def _sweep(
    gdf: Any, source: str, tolerance_km: Sequence[float], as_of: str | None
) -> tuple[list[dict[str, Any]], str]:
    """The line length (or, without lines, polygon perimeter) at each tolerance."""
    kinds = gdf.geometry.geom_type
    lines = gdf[kinds.isin(["LineString", "MultiLineString"])]
    polys = gdf[kinds.isin(list(_POLYGONS))]
    target, sweep_of = (lines, "length") if len(lines) else (polys, "perimeter")
    if len(target) == 0:
        raise GeometryError("--tolerance-km needs line or polygon features", path=source)
    try:
        result = length_sweep(target[gdf.geometry.name], list(tolerance_km))
    except GeometryError as exc:
        raise GeometryError(exc.message, path=source) from None
    sweep = [{"tolerance_km": t, "length": with_as_of(m.to_dict(), as_of)} for t, m in result]
    return sweep, sweep_of


def _totals(features: Sequence[dict[str, Any]]) -> dict[str, Length | Area | None]:
    """The sums of ``length``, ``area`` and ``perimeter`` over ``features`` (None if none)."""
    return {
        "length": _total_length([f["length"] for f in features if f["length"] is not None]),
        "area": _total_area([f["area"] for f in features if f["area"] is not None]),
        "perimeter": _total_length(
            [f["perimeter"] for f in features if f["perimeter"] is not None]
        ),
    }


def by_type(features: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Count and sum the measured features per geometry type (null geometries left out).

    Parameters
    ----------
    features : sequence of dict
        As :func:`measure_features` gives them.

    Returns
    -------
    dict
        Geometry type -> ``count`` and the totals ``length``, ``area``, ``perimeter``
        (:class:`~geo.measure.Length` / :class:`~geo.measure.Area` or ``None``), in the
        order the types first appear.

    Examples
    --------
    >>> rows = [{"geometry_type": "Point", "length": None, "area": None, "perimeter": None}]
    >>> by_type(rows + [{**rows[0], "geometry_type": None}])["Point"]["count"]
    1
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for f in features:
        if f["geometry_type"] is not None:
            groups.setdefault(f["geometry_type"], []).append(f)
    return {kind: {"count": len(rows), **_totals(rows)} for kind, rows in groups.items()}


def _figure(value: Length | Area | None, as_of: str | None) -> dict[str, Any] | None:
    return None if value is None else with_as_of(value.to_dict(), as_of)


def measure_report(
    source: str, *, tolerance_km: Sequence[float] | None = None, repair: bool = False
) -> dict[str, Any]:
    """Measure a file or catalog layer: the document ``frontline measure --json`` prints.

    Parameters
    ----------
    source : str
        A path, or a catalog layer id when the string is not an existing path.
    tolerance_km : sequence of float, optional
        Also give the line length after simplifying at each tolerance (km), with the full
        detail first (``tolerance_km`` ``None``).
    repair : bool, default False
        Measure invalid polygons after :func:`shapely.make_valid` (never done silently).

    Returns
    -------
    dict
        ``source``, ``layer``, ``as_of``, ``method``, ``feature_count``, ``features`` (one
        dict per feature, see :func:`measure_features`, with figures as dicts carrying
        ``km``/``mi`` or ``km2``/``sq_mi``, ``method`` and ``as_of``), ``total`` (the sums
        of ``length``, ``area`` and ``perimeter``, ``None`` where there is nothing to sum),
        ``by_type`` (geometry type -> ``count`` and the same three sums, see
        :func:`by_type`), ``skipped`` (``null_geometry``: features without a geometry, in
        ``features`` with ``geometry_type`` ``None`` but in no figure), ``sweep``
        (``None`` without tolerances) and ``sweep_of`` (``"length"`` or ``"perimeter"``).

    Raises
    ------
    GeoError
        Unusable input: unreadable file, unknown layer, no features (or none with a
        geometry), a feature that cannot be measured (the message names the file and the feature).
    """
    gdf = read_geodata(source)
    if len(gdf) == 0:
        raise GeometryError("no features to measure", path=source)
    layer_id, as_of = provenance(source)
    features = measure_features(gdf, source, repair=repair)
    nulls = sum(f["geometry_type"] is None for f in features)
    if nulls == len(features):
        raise GeometryError(
            f"no feature has a geometry ({nulls} null); nothing to measure", path=source
        )
    totals = _totals(features)
    kinds = by_type(features)
    sweep, sweep_of = _sweep(gdf, source, tolerance_km, as_of) if tolerance_km else (None, None)
    return {
        "source": source,
        "layer": layer_id,
        "as_of": as_of,
        "method": METHOD,
        "feature_count": len(features),
        "features": [{**f, **{k: _figure(f[k], as_of) for k in FIGURES}} for f in features],
        "total": {k: _figure(totals[k], as_of) for k in FIGURES},
        "by_type": {
            kind: {"count": d["count"], **{k: _figure(d[k], as_of) for k in FIGURES}}
            for kind, d in kinds.items()
        },
        "skipped": {"null_geometry": nulls},
        "sweep": sweep,
        "sweep_of": sweep_of,
    }
