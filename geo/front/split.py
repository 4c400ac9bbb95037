"""Split a country's polygon along a front line into the pieces the line cuts it into.

This is how the occupied area of a date is made from the country polygon and that date's
front line (:mod:`geo.authoring.occupied`). Coordinates are longitude/latitude degrees on
WGS84 (EPSG:4326, lon first); ``extend_km`` is geodesic kilometres on the WGS84 ellipsoid.

Examples
--------
>>> from shapely.geometry import LineString, box
>>> parts = split_by_line(box(0, 0, 2, 1), LineString([(1, 0.05), (1, 0.95)]))
>>> [round(p.area, 3) for p in parts]
[1.0, 1.0]
"""

from __future__ import annotations

import math

import shapely
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import split

from geo.errors import GeometryError
from geo.geometry import line_parts

__all__ = ["split_by_line"]

_GEOD = Geod(ellps="WGS84")


def _as_lines(line: BaseGeometry) -> list[LineString]:
    """Return the non-empty LineString parts of ``line`` (LineString or MultiLineString)."""
    if not isinstance(line, (LineString, MultiLineString)):
        raise GeometryError(
            f"the splitting line must be a LineString or MultiLineString, got {line.geom_type}"
        )
    parts = [p for p in line_parts(line) if p.length > 0]
    if not parts:
        raise GeometryError("the splitting line is empty")
    return parts


def _as_polygons(polygon: BaseGeometry) -> list[Polygon]:
    """Return the non-empty Polygon parts of ``polygon``, made valid if needed."""
    if not isinstance(polygon, (Polygon, MultiPolygon)):
        raise GeometryError(
            f"the geometry to split must be a Polygon or MultiPolygon, got {polygon.geom_type}"
        )
    if polygon.is_empty:
        raise GeometryError("the geometry to split is empty")
    if not polygon.is_valid:
        # A self-touching ring (common in simplified country outlines) makes split() raise
        # or drop pieces; repairing keeps the same area. Keep only the areal parts.
        polygon = shapely.make_valid(polygon)
    if isinstance(polygon, Polygon):
        return [polygon]
    return [g for g in getattr(polygon, "geoms", []) if isinstance(g, Polygon) and not g.is_empty]


def _extend_end(
    coords: list[tuple[float, float]], at_start: bool, km: float
) -> tuple[float, float]:
    """Return a point ``km`` beyond the line's start or end, along its end segment's azimuth."""
    if at_start:
        tip, prev = coords[0], next(c for c in coords[1:] if c != coords[0])
    else:
        tip, prev = coords[-1], next(c for c in reversed(coords[:-1]) if c != coords[-1])
    azimuth, _, _ = _GEOD.inv(prev[0], prev[1], tip[0], tip[1])
    lon, lat, _ = _GEOD.fwd(tip[0], tip[1], azimuth, km * 1000.0)
    return (lon, lat)


def _extended(line: LineString, km: float) -> LineString:
    """Return ``line`` with both ends prolonged straight by ``km`` geodesic kilometres."""
    coords = [tuple(c[:2]) for c in line.coords]
    if km <= 0 or len(set(coords)) < 2:
        return LineString(coords)
    return LineString([_extend_end(coords, True, km), *coords, _extend_end(coords, False, km)])


def _cut(part: Polygon, cutters: list[LineString]) -> list[Polygon]:
    """Cut one polygon by every cutter in turn; pieces a cutter misses stay whole."""
    current = [part]
    for cutter in cutters:
        nxt: list[Polygon] = []
        for piece in current:
            if not piece.intersects(cutter):
                nxt.append(piece)
                continue
            result = split(piece, cutter)
            nxt.extend(g for g in result.geoms if isinstance(g, Polygon) and g.area > 0)
        current = nxt
    return current


def _order(p: Polygon) -> tuple[float, float, float]:
    """Sort key: largest first, ties broken by the representative point."""
    rp = p.representative_point()
    return (-round(p.area, 12), rp.x, rp.y)


def split_by_line(
    polygon: Polygon | MultiPolygon,
    line: LineString | MultiLineString,
    *,
    extend_km: float = 10.0,
) -> list[Polygon]:
    """Split a (multi)polygon into the pieces a line cuts it into.

    Each part of ``line`` is first prolonged straight beyond both ends by ``extend_km``
    (geodesic km, along the azimuth of its end segment), so a front line that stops just
    short of a border or coast still cuts the polygon right through; then every polygon
    part is split with :func:`shapely.ops.split`. Polygon parts the line does not cross
    (islands, exclaves) are returned whole. A line that enters a polygon and stops inside
    it (after the prolongation) does not cut it: the part is returned whole, never torn.

    Parameters
    ----------
    polygon : shapely.Polygon or shapely.MultiPolygon
        The area to split, lon/lat degrees. An invalid geometry is repaired with
        :func:`shapely.make_valid` first (areal parts kept).
    line : shapely.LineString or shapely.MultiLineString
        The dividing line, lon/lat degrees. Each part is prolonged independently.
    extend_km : float, default 10.0
        How far each end is prolonged, in geodesic kilometres. Keep it shorter than the
        distance at which the prolonged line would re-enter the polygon elsewhere.

    Returns
    -------
    list of shapely.Polygon
        The pieces, largest first (planar area in square degrees, used only for ordering;
        ties broken by the representative point), so the output is deterministic.
        Their union equals the input polygon.

    Raises
    ------
    geo.errors.GeometryError
        If the inputs are empty, of the wrong geometry type, or ``extend_km`` is negative
        or not finite.

    Examples
    --------
    >>> from shapely.geometry import LineString, MultiPolygon, box
    >>> land = MultiPolygon([box(0, 0, 2, 1), box(5, 0, 6, 1)])
    >>> pieces = split_by_line(land, LineString([(1.0, 0.05), (1.0, 0.95)]))
    >>> len(pieces)  # the first box cut in two (ends prolonged), the island kept whole
    3
    """
    if not isinstance(extend_km, (int, float)) or not math.isfinite(extend_km) or extend_km < 0:
        raise GeometryError(f"extend_km must be a finite non-negative number, got {extend_km!r}")
    polygons = _as_polygons(polygon)
    cutters = [_extended(part, float(extend_km)) for part in _as_lines(line)]
    pieces: list[Polygon] = []
    for part in polygons:
        pieces.extend(_cut(part, cutters))
    return sorted(pieces, key=_order)
