"""The ``frontline borders`` and ``frontline tripoint`` documents.

:func:`border_report` gives the border two features of a layer share (ISO A3 codes or names,
e.g. ``RUS PRK`` or ``china "north korea"``) with its geodesic length;
:func:`tripoint_report` gives where three features meet, or the best approximation with its
error in metres when the layer's outlines do not quite meet. Features are found with
:func:`geo.layers.find_feature`; every error names the layer.

Examples
--------
>>> import geopandas as gpd
>>> from shapely import box
>>> gdf = gpd.GeoDataFrame({"iso_a3": ["WST"], "name": ["Westland"]},
...                        geometry=[box(0, 0, 1, 1)], crs="EPSG:4326")
>>> describe_feature("wst", gdf.iloc[0], gdf.columns)
{'query': 'wst', 'name': 'Westland', 'iso_a3': 'WST'}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import shapely
from pyproj import Geod

from geo.borders import shared_border, tripoint
from geo.errors import GeoError, GeometryError, UsageError
from geo.facts.official import border_note
from geo.io import read_geodata
from geo.layers import find_feature
from geo.measure import METHOD
from geo.reports.provenance import feature_label, provenance, with_as_of

__all__ = [
    "DEFAULT_LAYER",
    "MAX_SNAP_FRACTION",
    "border_report",
    "check_snap",
    "describe_feature",
    "read_features",
    "tripoint_report",
]

#: The layer searched when none is given: the bundled countries basemap.
DEFAULT_LAYER = "countries"

_GEOD = Geod(ellps="WGS84")
_ISO_COLUMNS = ("iso_a3", "adm0_a3", "iso3")
# Natural Earth's "no code" placeholder in its ISO columns.
_NO_CODE = ("", "-99")


def describe_feature(query: str, row: Mapping[str, Any], columns: Iterable[Any]) -> dict[str, Any]:
    """The query, the matched feature's name and ISO A3 code (when the layer has one).

    Parameters
    ----------
    query : str
        What the user asked for.
    row : mapping
        The matched feature's properties.
    columns : iterable
        The layer's column names.

    Returns
    -------
    dict
        ``query``, ``name`` and ``iso_a3`` (``None`` when unknown).
    """
    columns = list(columns)
    by_lower = {str(c).lower(): c for c in columns}
    iso = None
    for key in _ISO_COLUMNS:
        col = by_lower.get(key)
        if col is not None and isinstance(row[col], str) and row[col].strip() not in _NO_CODE:
            iso = row[col].strip()
            break
    return {"query": query, "name": feature_label(row, columns), "iso_a3": iso}


def read_features(layer: str, queries: Sequence[str]) -> tuple[Any, list[Any]]:
    """Read ``layer`` and find one row per query; errors name the layer.

    Parameters
    ----------
    layer : str
        A catalog layer id or a path.
    queries : sequence of str
        ISO A3 codes or names.

    Returns
    -------
    tuple
        The layer's GeoDataFrame and the matched rows, in query order.

    Raises
    ------
    GeoError
        An unreadable layer, or a query no feature matches (with close matches).
    """
    gdf = read_geodata(layer)
    rows = []
    for q in queries:
        try:
            row = find_feature(gdf, q)
        except GeoError as exc:
            raise type(exc)(exc.message, path=layer) from None
        geom = row[gdf.geometry.name]
        if not isinstance(geom, shapely.Geometry) or geom.is_empty:
            raise GeometryError(f"{q}: the feature has no geometry", path=layer)
        rows.append(row)
    return gdf, rows


#: The largest snapping distance, as a fraction of the smaller feature's extent (the
#: geodesic diagonal of its bounding box). A wider band than the feature itself measures
#: nothing about a border, and its buffer costs time and memory that grow with it.
MAX_SNAP_FRACTION = 0.5


def check_snap(geom_a: Any, geom_b: Any, snap_m: float) -> None:
    """Refuse a snapping distance too large for the two features (see :data:`MAX_SNAP_FRACTION`).

    Parameters
    ----------
    geom_a, geom_b : shapely.Geometry
        The two features, lon/lat.
    snap_m : float
        The snapping distance, metres.

    Raises
    ------
    UsageError
        ``snap_m`` is over half the smaller feature's extent; the message gives the limit.

    Examples
    --------
    >>> from shapely import box
    >>> check_snap(box(30, 50, 31, 51), box(31, 50, 32, 51), 1000.0)
    >>> check_snap(box(30, 50, 30.01, 50.01), box(30.01, 50, 31, 51), 5000.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.UsageError: --snap-m 5,000 m is more than half the smaller feature's extent ...
    """
    extents = []
    for geom in (geom_a, geom_b):
        x0, y0, x1, y1 = geom.bounds
        extents.append(_GEOD.inv(x0, y0, x1, y1)[2])
    limit = MAX_SNAP_FRACTION * min(extents)
    if snap_m > limit:
        raise UsageError(
            f"--snap-m {snap_m:,.0f} m is more than half the smaller feature's extent "
            f"({min(extents) / 1000:,.1f} km): the band would swallow the feature; "
            f"use at most {limit:,.0f} m"
        )


def border_report(
    a: str, b: str, *, layer: str = DEFAULT_LAYER, snap_m: float | None = None
) -> dict[str, Any]:
    """The shared border of ``a`` and ``b``: the document ``frontline borders --json`` prints.

    Parameters
    ----------
    a, b : str
        ISO A3 codes or names of two features of ``layer``.
    layer : str, default "countries"
        A catalog layer id or a path.
    snap_m : float, optional
        Snapping distance in metres for layers whose borders do not coincide (the tolerant
        mode of :func:`geo.borders.shared_border`); ``None`` or 0 for exact borders only.

    Returns
    -------
    dict
        ``a``, ``b`` (see :func:`describe_feature`), ``source``, ``layer``, ``as_of``,
        ``method``, ``how``, ``snap_m``, ``length`` (km, mi, method, as_of), ``length_b``
        (B's side, when snapped), ``parts`` and ``geometry`` (GeoJSON).

    Raises
    ------
    GeoError
        Unusable layer, unknown feature, or no shared border (the message says so).
    """
    layer = str(layer)
    gdf, (row_a, row_b) = read_features(layer, [a, b])
    if snap_m:
        check_snap(row_a[gdf.geometry.name], row_b[gdf.geometry.name], float(snap_m))
    try:
        border = shared_border(row_a, row_b, snap_m=float(snap_m or 0.0))
    except GeoError as exc:
        raise type(exc)(f"{a} / {b}: {exc.message}", path=layer) from None
    layer_id, as_of = provenance(layer)
    desc_a, desc_b = (describe_feature(q, r, gdf.columns) for q, r in ((a, row_a), (b, row_b)))
    return {
        "a": desc_a,
        "b": desc_b,
        # the generalised-basemap caveat and the official length when known (issue 12)
        "basemap_note": (
            border_note(desc_a["iso_a3"], desc_b["iso_a3"], border.length.km)
            if layer_id == DEFAULT_LAYER
            else None
        ),
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


def tripoint_report(a: str, b: str, c: str, *, layer: str = DEFAULT_LAYER) -> dict[str, Any]:
    """Where ``a``, ``b`` and ``c`` meet: the document ``frontline tripoint --json`` prints.

    Parameters
    ----------
    a, b, c : str
        ISO A3 codes or names of three features of ``layer``.
    layer : str, default "countries"
        A catalog layer id or a path.

    Returns
    -------
    dict
        ``features`` (see :func:`describe_feature`), ``source``, ``layer``, ``as_of``,
        ``lon``, ``lat``, ``error_m`` (geodesic metres to the farthest outline),
        ``distances_m``, ``others`` (other meeting points, lon/lat), ``method`` and ``how``.

    Raises
    ------
    GeoError
        Unusable layer, unknown feature, or features that do not meet.
    """
    layer = str(layer)
    queries = [a, b, c]
    gdf, rows = read_features(layer, queries)
    try:
        tp = tripoint(*rows)
    except GeoError as exc:
        raise type(exc)(f"{' / '.join(queries)}: {exc.message}", path=layer) from None
    layer_id, as_of = provenance(layer)
    return {
        "features": [
            describe_feature(q, r, gdf.columns) for q, r in zip(queries, rows, strict=True)
        ],
        "source": layer,
        "layer": layer_id,
        "as_of": as_of,
        "lon": tp.point.x,
        "lat": tp.point.y,
        "error_m": tp.error_m,
        # error_m is topology (how far the outlines are from meeting), not accuracy.
        "position_note": (
            "error_m is how far the three outlines are from meeting, not how accurate the "
            "point is: the position is only as good as the layer"
            + (
                " (the generalised basemap, corrected at the Tumen: there the tripoint is "
                "known to about 0.3 km, the bank markers' spread; see `frontline facts`)"
                if layer_id == DEFAULT_LAYER
                else ""
            )
        ),
        "distances_m": list(tp.distances_m),
        "others": [[p.x, p.y] for p in tp.others],
        "method": METHOD,
        "how": tp.method,
    }
