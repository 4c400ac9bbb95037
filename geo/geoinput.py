"""What the measuring functions accept, turned into lon/lat shapely geometries.

:mod:`geo.measure`, :mod:`geo.borders` and :mod:`geo.front` take geometry in many forms
(:data:`GeoInput`); this module turns each into a 1-D numpy object array of shapely
geometries in lon/lat degrees (EPSG:4326, x = longitude), refusing what cannot be read with
a :class:`~geo.errors.GeoError` that names the problem:

- a shapely geometry, taken to be lon/lat already;
- a GeoJSON mapping (geometry, Feature or FeatureCollection) or a path or catalog layer id,
  read through :func:`geo.io.read_geodata` (RFC 7946 CRS84 unless a ``crs`` member says
  otherwise);
- a :class:`geopandas.GeoSeries` or :class:`geopandas.GeoDataFrame` in any CRS, transformed
  to EPSG:4326 (one without a CRS is refused: its units are unknown);
- a sequence or numpy array of shapely geometries (lon/lat), ``None`` allowed.

Points are taken as :data:`PointInput`: a shapely Point, a ``(lon, lat)`` pair or a
GeoJSON Point, in degrees.

Examples
--------
>>> from shapely import LineString, Point
>>> as_geometries(LineString([(30, 48), (31, 48)])).shape
(1,)
>>> [g.geom_type for g in as_geometries({"type": "Point", "coordinates": [30.5, 50.45]})]
['Point']
>>> as_lonlat(Point(30.5, 50.45), "p1"), as_lonlat((30.5, 50.45), "p2")
((30.5, 50.45), (30.5, 50.45))
>>> check_present(as_geometries([None]))
Traceback (most recent call last):
geo.errors.GeometryError: feature 0: no geometry (null)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from os import PathLike
from typing import Any, TypeAlias

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS

from geo.errors import GeometryError, SourceError
from geo.io import read_geodata

__all__ = [
    "GeoInput",
    "PointInput",
    "as_geometries",
    "as_lonlat",
    "check_present",
    "single_parts",
]

#: Anything the measuring functions accept: a shapely geometry (lon/lat), a GeoJSON
#: mapping, a GeoSeries or GeoDataFrame (any CRS), a sequence or array of shapely
#: geometries (lon/lat), or a path or catalog layer id.
GeoInput: TypeAlias = (
    shapely.Geometry
    | Mapping[str, Any]
    | gpd.GeoSeries
    | gpd.GeoDataFrame
    | Sequence[shapely.Geometry | None]
    | np.ndarray
    | str
    | PathLike[str]
)

#: A point in degrees: a shapely Point, a ``(lon, lat)`` or ``(lon, lat, z)`` sequence, or a
#: GeoJSON Point (geometry or Feature).
PointInput: TypeAlias = shapely.Point | Sequence[float] | Mapping[str, Any]

_CRS84 = CRS.from_user_input("OGC:CRS84")

# shapely type id from which geometries are multi-part (MultiPoint, ..., collections)
_MULTIPOINT = 4


def _series_to_lonlat(series: gpd.GeoSeries) -> np.ndarray:
    """Return the series' geometries in lon/lat, transformed from its CRS (refused without)."""
    if series.crs is None:
        raise SourceError(
            "no CRS; set one with .set_crs(...) (e.g. 'EPSG:4326' for lon/lat degrees) "
            "before measuring"
        )
    crs = CRS.from_user_input(series.crs)
    # geopandas keeps x = longitude whatever the CRS's declared axis order, so EPSG:4326
    # and OGC:CRS84 are the same coordinates here; anything else is transformed.
    if not crs.equals(_CRS84, ignore_axis_order=True):
        try:
            series = series.to_crs("EPSG:4326")
        except Exception as exc:  # pyproj raises several types for bad transforms
            raise SourceError(
                f"cannot transform from {crs.to_string()} to EPSG:4326: {exc}"
            ) from None
    return np.asarray(series.values, dtype=object)


def _sequence_to_array(obj: Sequence[Any] | np.ndarray) -> np.ndarray:
    """Copy a sequence of shapely geometries (or None) into an object array; refuse others."""
    arr = np.empty(len(obj), dtype=object)
    for i, item in enumerate(obj):  # per feature, not per vertex
        if item is not None and not isinstance(item, shapely.Geometry):
            raise GeometryError(
                f"expected shapely geometries, got {type(item).__name__}", feature=i
            )
        arr[i] = item
    return arr


def as_geometries(obj: GeoInput) -> np.ndarray:
    """Return the geometries of ``obj`` as a 1-D object array, lon/lat (may hold None).

    Parameters
    ----------
    obj : GeoInput
        See the module docstring for every accepted form.

    Returns
    -------
    numpy.ndarray
        Object array of shapely geometries (or None), one per feature, in input order.

    Raises
    ------
    SourceError
        A GeoSeries/GeoDataFrame without a CRS or one that cannot be transformed, a frame
        without an active geometry column, or an unreadable path or mapping.
    GeometryError
        A type that is not geometry.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import Point
    >>> s = gpd.GeoSeries([Point(0, 0)], crs="EPSG:3857")
    >>> [(round(g.x, 6), round(g.y, 6)) for g in as_geometries(s)]
    [(0.0, 0.0)]
    """
    if isinstance(obj, shapely.Geometry):
        out = np.empty(1, dtype=object)
        out[0] = obj
        return out
    if isinstance(obj, gpd.GeoDataFrame):
        try:
            series = obj.geometry
        except AttributeError:
            raise SourceError("the GeoDataFrame has no active geometry column") from None
        return _series_to_lonlat(series)
    if isinstance(obj, gpd.GeoSeries):
        return _series_to_lonlat(obj)
    if isinstance(obj, Mapping | str | PathLike):
        return _series_to_lonlat(read_geodata(obj).geometry)
    if isinstance(obj, np.ndarray | Sequence) and not isinstance(obj, bytes | bytearray):
        return _sequence_to_array(obj)
    raise GeometryError(
        f"cannot measure a {type(obj).__name__}; pass a shapely geometry (lon/lat), a GeoJSON "
        "mapping, a GeoSeries/GeoDataFrame, or a path or layer id"
    )


def check_present(geoms: np.ndarray) -> None:
    """Refuse an empty array, a missing (null) geometry or an empty one.

    Parameters
    ----------
    geoms : numpy.ndarray
        Object array from :func:`as_geometries`.

    Raises
    ------
    GeometryError
        Naming the first offending feature (0-based).
    """
    if len(geoms) == 0:
        raise GeometryError("nothing to measure: no features")
    missing = shapely.is_missing(geoms)
    if missing.any():
        raise GeometryError("no geometry (null)", feature=int(np.argmax(missing)))
    empty = shapely.is_empty(geoms)
    if empty.any():
        i = int(np.argmax(empty))
        raise GeometryError(
            f"empty {geoms[i].geom_type}: it has no coordinates to measure", feature=i
        )


def single_parts(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Explode multi-geometries and (nested) collections into single parts.

    Parameters
    ----------
    geoms : numpy.ndarray
        Object array of present shapely geometries.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The non-empty single parts (points, lines, rings, polygons) in input order, and
        for each part the index of the feature it came from.

    Examples
    --------
    >>> from shapely import MultiPoint, Point
    >>> parts, feature = single_parts(np.array([Point(0, 0), MultiPoint([(1, 1), (2, 2)])]))
    >>> [p.wkt for p in parts], feature.tolist()
    (['POINT (0 0)', 'POINT (1 1)', 'POINT (2 2)'], [0, 1, 1])
    """
    kinds = shapely.get_type_id(geoms)
    if not (kinds >= _MULTIPOINT).any():
        # Already single parts: skip get_parts, which would copy every coordinate.
        return geoms, np.arange(len(geoms))
    parts, idx = shapely.get_parts(geoms, return_index=True)
    while True:
        kinds = shapely.get_type_id(parts)
        nested = kinds >= _MULTIPOINT
        if not nested.any():
            break
        # A collection inside a collection: explode again, keeping the feature index.
        sub, sub_idx = shapely.get_parts(parts, return_index=True)
        parts, idx = sub, idx[sub_idx]
    keep = ~shapely.is_empty(parts)  # empty members of a non-empty collection
    return parts[keep], idx[keep]


def _point_xy(p: Any, name: str) -> tuple[Any, Any]:
    """Return the raw (x, y) of a Point, GeoJSON Point or pair (type checked, not values)."""
    if isinstance(p, shapely.Point):
        if p.is_empty:
            raise GeometryError(f"{name} is an empty Point")
        return p.x, p.y
    if isinstance(p, Mapping):
        if p.get("type") == "Feature":
            p = p.get("geometry") or {}
        if p.get("type") != "Point":
            raise GeometryError(f"{name} must be a GeoJSON Point, got type {p.get('type')!r}")
        coords = p.get("coordinates")
        if not isinstance(coords, Sequence) or len(coords) < 2:
            raise GeometryError(f"{name} has no [lon, lat] coordinates")
        return coords[0], coords[1]
    if isinstance(p, Sequence) and not isinstance(p, str) and len(p) in (2, 3):
        return p[0], p[1]
    raise GeometryError(
        f"{name} must be a shapely Point or a (lon, lat) pair, got {type(p).__name__}"
    )


def as_lonlat(p: PointInput, name: str) -> tuple[float, float]:
    """Return the longitude and latitude in degrees of one point, checked.

    Parameters
    ----------
    p : PointInput
        A shapely Point, a ``(lon, lat)`` pair (a third value is ignored) or a GeoJSON
        Point (geometry or Feature).
    name : str
        What the point is, for error messages (``"p1"``).

    Returns
    -------
    (float, float)
        ``(lon, lat)`` in degrees.

    Raises
    ------
    GeometryError
        Not a point, empty, non-numeric, non-finite, or a latitude beyond ±90°.

    Examples
    --------
    >>> as_lonlat({"type": "Point", "coordinates": [130.7, 42.3]}, "mouth")
    (130.7, 42.3)
    """
    x, y = _point_xy(p, name)
    try:
        x, y = float(x), float(y)
    except (TypeError, ValueError):
        raise GeometryError(f"{name} has non-numeric coordinates ({x!r}, {y!r})") from None
    if not (math.isfinite(x) and math.isfinite(y)):
        raise GeometryError(f"{name} has a non-finite coordinate ({x}, {y})")
    if abs(y) > 90.0:
        raise GeometryError(f"{name} latitude {y} is outside -90..90 (lon, lat order?)")
    return x, y
