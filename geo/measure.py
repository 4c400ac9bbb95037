"""Geodesic length, perimeter, area and distance on the WGS84 ellipsoid.

Every figure this module returns is computed on the WGS84 ellipsoid with
:class:`pyproj.Geod` (Karney's algorithm, accurate to a few nanometres for lengths). No
public function returns a planar number: inputs in a projected CRS are transformed to
EPSG:4326 first, and projected coordinates are used only to *simplify* a geometry
(:func:`length_sweep`), never for the figure reported.

Results carry their units: :class:`Length` has ``m``, ``km``, ``mi`` (international
statute mile, 1609.344 m) and ``nmi`` (nautical mile, 1852 m); :class:`Area` has ``m2``,
``km2``, ``sq_mi`` and ``ha``. Both keep a per-part breakdown.

Accepted inputs (called ``obj`` below, typed :data:`GeoInput`; read by :mod:`geo.geoinput`):

- a shapely geometry in lon/lat degrees (x = longitude, y = latitude);
- a GeoJSON mapping (geometry, Feature or FeatureCollection; read through
  :func:`geo.io.read_geodata`, so RFC 7946 CRS84 unless a ``crs`` member says otherwise);
- a :class:`geopandas.GeoSeries` or :class:`geopandas.GeoDataFrame` in any CRS (transformed
  to EPSG:4326; one without a CRS is refused with :class:`~geo.errors.SourceError`);
- a sequence or numpy array of shapely geometries (lon/lat);
- a path or a catalog layer id (read through :func:`geo.io.read_geodata`).

How it is vectorised
--------------------
Lengths: all parts (lines, or polygon rings) are flattened with
:func:`shapely.get_coordinates` (``return_index=True``) into one coordinate array, every
segment length comes from a single :meth:`pyproj.Geod.inv` call on shifted arrays, and the
segments are summed per part with :func:`numpy.bincount`; segments that would join the end
of one part to the start of the next are masked out. There is no Python loop over vertices
or parts.

Areas: :meth:`pyproj.Geod.polygon_area_perimeter` takes one ring at a time, and pyproj
exposes no vectorised form of the per-edge area term (``S12``) that a fully vectorised sum
would need, so areas loop over *rings* (never vertices): coordinates are still extracted
in one call, each ring is a slice of that array, and the per-vertex work runs in C. Real
layers have few rings (tens to thousands) against up to millions of vertices.

Orientation: each ring's signed area is taken in absolute value, so a polygon measures the
same whichever way its rings turn; holes are subtracted from their exterior. A ring is
taken to enclose the smaller of the two regions it divides the Earth into (the only
reading that does not depend on orientation), so a ring enclosing more than half the
Earth cannot be measured by this module.

Examples
--------
>>> from shapely import LineString, Polygon
>>> from geo.measure import area, distance, length
>>> round(distance((0, 0), (1, 0)).km, 6)
111.319491
>>> round(length(LineString([(30, 48), (40, 48)])).km, 3)
745.73
>>> round(area(Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])).km2, 3)
12308.778
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import shapely
from pyproj import Geod

from geo.errors import GeometryError, UsageError
from geo.frames import frame_for
from geo.geoinput import (
    GeoInput,
    PointInput,
    as_geometries,
    as_lonlat,
    check_present,
    single_parts,
)
from geo.quantities import METHOD, Area, Length

__all__ = [
    "METHOD",
    "Area",
    "GeoInput",
    "Length",
    "PointInput",
    "area",
    "distance",
    "length",
    "length_sweep",
    "perimeter",
]

_GEOD = Geod(ellps="WGS84")

# shapely type ids
_POINT, _LINESTRING, _LINEARRING, _POLYGON = 0, 1, 2, 3


# --------------------------------------------------------------------------- parts


def _check_coords(coords: np.ndarray, feature_of_vertex: np.ndarray) -> None:
    if not np.isfinite(coords).all():  # fast path first; locate the culprit only on failure
        i = int(np.argmax(~np.isfinite(coords).all(axis=1)))
        raise GeometryError(
            f"non-finite coordinate ({coords[i, 0]}, {coords[i, 1]}); NaN and Infinity "
            "cannot be measured",
            feature=int(feature_of_vertex[i]),
        )
    lat = coords[:, 1]
    if lat.max() > 90.0 or lat.min() < -90.0:
        i = int(np.argmax(np.abs(lat) > 90.0))
        raise GeometryError(
            f"latitude {coords[i, 1]} is outside -90..90 (are longitude and latitude "
            "swapped, or is the data projected without a CRS?)",
            feature=int(feature_of_vertex[i]),
        )


def _linear_parts(geoms: np.ndarray, *, polygons_only: bool) -> tuple[np.ndarray, np.ndarray]:
    """Lines (and polygon rings, in order) to measure, with their feature index."""
    check_present(geoms)
    parts, feature = single_parts(geoms)
    kinds = shapely.get_type_id(parts)
    if polygons_only:
        lines = kinds != _POLYGON
        if lines.any():
            i = int(np.argmax(lines))
            raise GeometryError(
                f"perimeter needs polygons, got a {parts[i].geom_type}; use length() for lines",
                feature=int(feature[i]),
            )
    points = kinds == _POINT
    if points.any():
        i = int(np.argmax(points))
        raise GeometryError(
            "a point has no length; use distance(p1, p2) for the distance between two points",
            feature=int(feature[i]),
        )
    is_poly = kinds == _POLYGON
    if not is_poly.any():
        return parts, feature
    # Replace each polygon by its rings (exterior first, then holes) keeping input order:
    # sort key = (part number, ring number), rings of part p get key (p, 0..k).
    part_no = np.arange(len(parts))
    rings, ring_part = shapely.get_rings(parts[is_poly], return_index=True)
    ring_part = part_no[is_poly][ring_part]
    ring_rank = np.arange(len(rings)) - np.searchsorted(ring_part, ring_part)
    line_part = part_no[~is_poly]
    keys_part = np.concatenate([line_part, ring_part])
    keys_rank = np.concatenate([np.zeros(len(line_part), dtype=np.intp), ring_rank])
    order = np.lexsort((keys_rank, keys_part))
    all_lines = np.concatenate([parts[~is_poly], rings])[order]
    return all_lines, feature[keys_part[order]]


def _lengths(lines: np.ndarray, line_feature: np.ndarray) -> np.ndarray:
    """Geodesic length of each line in metres: one Geod.inv call for all segments."""
    coords, idx = shapely.get_coordinates(lines, return_index=True)
    _check_coords(coords, line_feature[idx])
    lon = np.ascontiguousarray(coords[:, 0])
    lat = np.ascontiguousarray(coords[:, 1])
    if len(lon) < 2:
        return np.zeros(len(lines))
    _, _, seg = _GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:], return_back_azimuth=False)
    seg_part = idx[:-1]
    within = seg_part == idx[1:]  # drop the joins between consecutive parts
    return np.bincount(seg_part[within], weights=seg[within], minlength=len(lines))


def _length_of(geoms: np.ndarray, *, polygons_only: bool = False) -> Length:
    lines, feature = _linear_parts(geoms, polygons_only=polygons_only)
    per_part = _lengths(lines, feature)
    return Length(float(per_part.sum()), tuple(float(v) for v in per_part))


# --------------------------------------------------------------------------- public API


def length(obj: GeoInput) -> Length:
    """Geodesic length of lines on WGS84; polygons give their perimeter (all rings).

    Parameters
    ----------
    obj : geometry, GeoJSON mapping, GeoSeries, GeoDataFrame, path or layer id
        LineString, MultiLineString, LinearRing, Polygon or MultiPolygon features (mixed
        is fine). Points are refused: use :func:`distance`.

    Returns
    -------
    Length
        Total in metres (``.m``; also ``.km``, ``.mi``, ``.nmi``) with ``.parts``: one
        entry in metres per line, or per ring for polygons (exterior then holes), in input
        order.

    Raises
    ------
    GeometryError
        Empty or null geometry, a point, a non-finite coordinate or a latitude beyond ±90°.
    SourceError
        A GeoSeries/GeoDataFrame without a CRS, or an unreadable path.

    Notes
    -----
    Each segment between consecutive vertices is a geodesic, so a segment crossing the
    antimeridian (179° → -179°) measures 2° of longitude, not 358°.

    Examples
    --------
    >>> from shapely import LineString, MultiLineString
    >>> m = length(MultiLineString([[(179, 0), (-179, 0)], [(0, 0), (0, 1)]]))
    >>> round(m.km, 3), [round(p / 1000, 3) for p in m.parts]
    (333.213, [222.639, 110.574])
    >>> round(length({"type": "LineString", "coordinates": [[0, 0], [1, 0]]}).mi, 4)
    69.1707
    """
    return _length_of(as_geometries(obj))


def perimeter(obj: GeoInput) -> Length:
    """Geodesic perimeter of polygons on WGS84: exterior and hole rings together.

    Parameters
    ----------
    obj : geometry, GeoJSON mapping, GeoSeries, GeoDataFrame, path or layer id
        Polygon or MultiPolygon features.

    Returns
    -------
    Length
        Total in metres with ``.parts`` = one length in metres per ring (each polygon's
        exterior, then its holes).

    Raises
    ------
    GeometryError
        Not a polygon (use :func:`length` for lines), empty, or bad coordinates.

    Examples
    --------
    >>> from shapely import Polygon
    >>> round(perimeter(Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])).km, 3)
    443.771
    """
    return _length_of(as_geometries(obj), polygons_only=True)


def area(obj: GeoInput) -> Area:
    """Geodesic area of polygons on WGS84, positive whatever the ring orientation.

    Parameters
    ----------
    obj : geometry, GeoJSON mapping, GeoSeries, GeoDataFrame, path or layer id
        Polygon or MultiPolygon features (GeometryCollections of polygons are fine).

    Returns
    -------
    Area
        Total in square metres (``.m2``; also ``.km2``, ``.sq_mi``, ``.ha``) with
        ``.parts``: one area in m² per polygon (exterior minus its holes), in input order.

    Raises
    ------
    GeometryError
        A line or point (no area), empty or null geometry, bad coordinates.

    Notes
    -----
    Each ring's area is ``abs`` of the signed area from
    :meth:`pyproj.Geod.polygon_area_perimeter` (one call per ring, see the module
    docstring); holes are subtracted from their polygon's exterior. Overlapping polygons
    are counted twice, as their parts are: dissolve first if that is not wanted.

    Examples
    --------
    >>> from shapely import Polygon
    >>> sq = [(0, 0), (1, 0), (1, 1), (0, 1)]
    >>> round(area(Polygon(sq)).km2, 3) == round(area(Polygon(sq[::-1])).km2, 3)
    True
    >>> holed = Polygon([(0, 0), (2, 0), (2, 2), (0, 2)], [[(0.5, 0.5), (1.5, 0.5), (1, 1)]])
    >>> round(area(holed).km2, 1)
    46154.5
    """
    geoms = as_geometries(obj)
    check_present(geoms)
    parts, feature = single_parts(geoms)
    kinds = shapely.get_type_id(parts)
    not_poly = kinds != _POLYGON
    if not_poly.any():
        i = int(np.argmax(not_poly))
        hint = "use length()" if kinds[i] in (_LINESTRING, _LINEARRING) else "use distance()"
        raise GeometryError(f"a {parts[i].geom_type} has no area; {hint}", feature=int(feature[i]))
    rings, ring_poly = shapely.get_rings(parts, return_index=True)
    ring_area = _ring_areas(rings, feature[ring_poly])
    exterior = np.ones(len(rings), dtype=bool)
    exterior[1:] = ring_poly[1:] != ring_poly[:-1]
    per_poly = np.bincount(
        ring_poly, weights=np.where(exterior, ring_area, -ring_area), minlength=len(parts)
    )
    return Area(float(per_poly.sum()), tuple(float(v) for v in per_poly))


def _ring_areas(rings: np.ndarray, ring_feature: np.ndarray) -> np.ndarray:
    """Unsigned geodesic area of each ring in m²: one C call per ring, none per vertex."""
    coords, idx = shapely.get_coordinates(rings, return_index=True)
    _check_coords(coords, ring_feature[idx])
    lon = np.ascontiguousarray(coords[:, 0])
    lat = np.ascontiguousarray(coords[:, 1])
    counts = shapely.get_num_coordinates(rings)
    ends = np.cumsum(counts)
    starts = ends - counts
    ring_area = np.empty(len(rings))
    # One C call per ring (see module docstring); the closing vertex repeats the first
    # and is dropped because the polygon is closed implicitly.
    for k, (s, e) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        signed, _ = _GEOD.polygon_area_perimeter(lon[s : e - 1], lat[s : e - 1])
        ring_area[k] = abs(signed)
    return ring_area


def distance(p1: PointInput, p2: PointInput) -> Length:
    """Geodesic distance between two points on WGS84.

    Parameters
    ----------
    p1, p2 : shapely.Point, (lon, lat) tuple or GeoJSON Point
        Longitude and latitude in degrees.

    Returns
    -------
    Length
        The shortest distance along the ellipsoid in metres (``.parts`` holds it once).

    Raises
    ------
    GeometryError
        Not a point, empty, non-finite or latitude beyond ±90°.

    Examples
    --------
    >>> round(distance((0, 0), (1, 0)).km, 6)
    111.319491
    >>> round(distance((179.5, 0), (-179.5, 0)).km, 3)  # across the antimeridian
    111.319
    """
    lon1, lat1 = as_lonlat(p1, "p1")
    lon2, lat2 = as_lonlat(p2, "p2")
    _, _, d = _GEOD.inv(lon1, lat1, lon2, lat2)
    return Length(float(d), (float(d),))


def _checked_tolerances(tolerances_km: Iterable[float]) -> list[float]:
    """Return the tolerances as a list, each a finite number of km >= 0 (else UsageError)."""
    tolerances = list(tolerances_km)
    for t in tolerances:
        if not (isinstance(t, int | float) and math.isfinite(t) and t >= 0):
            raise UsageError(f"tolerance must be a finite number of km >= 0, got {t!r}")
    return tolerances


def length_sweep(
    obj: GeoInput, tolerances_km: Iterable[float]
) -> list[tuple[float | None, Length]]:
    """Geodesic length at full detail and after simplifying at each tolerance.

    A front line or a river border has no single length: the more detail, the longer.
    This reports the length with the data's own detail and after Douglas–Peucker
    simplification at each tolerance, so the resolution of a figure can be stated.

    Parameters
    ----------
    obj : geometry, GeoJSON mapping, GeoSeries, GeoDataFrame, path or layer id
        Lines or polygons (polygons give their perimeter).
    tolerances_km : iterable of float
        Simplification tolerances in kilometres (finite, >= 0).

    Returns
    -------
    list of (float or None, Length)
        First ``(None, full_detail_length)``, then ``(tolerance_km, length)`` in the order
        given.

    Raises
    ------
    UsageError
        A tolerance that is negative or not finite.
    GeometryError
        As :func:`length`.

    Notes
    -----
    Simplification runs in an azimuthal equidistant projection centred on the geometry
    (mean direction of its vertices, rounded to 4 decimal degrees:
    :func:`geo.frames.frame_for`), where the tolerance is in metres; its scale error is
    below 0.2 % within 700 km of the centre. ``preserve_topology=True`` keeps polygons and
    lines free of new self-intersections. The simplified vertices are transformed back to
    lon/lat and measured geodesically like :func:`length`: the projection never supplies
    the figure.

    Examples
    --------
    >>> from shapely import LineString
    >>> zigzag = LineString([(30 + 0.01 * i, 48 + 0.002 * (i % 2)) for i in range(101)])
    >>> [(t, round(m.km, 2)) for t, m in length_sweep(zigzag, [0.1, 1])]
    [(None, 77.87), (0.1, 77.87), (1, 74.62)]
    """
    tolerances = _checked_tolerances(tolerances_km)
    geoms = as_geometries(obj)
    full = _length_of(geoms)
    out: list[tuple[float | None, Length]] = [(None, full)]
    if not tolerances:
        return out
    frame = frame_for(geoms, "aeqd", how="mean")
    projected = frame.to_local(geoms)
    for t in tolerances:
        simple = shapely.simplify(projected, t * 1000.0, preserve_topology=True)
        out.append((t, _length_of(frame.to_lonlat(simple))))
    return out
