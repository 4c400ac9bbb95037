"""Borders between polygons: shared boundaries, tripoints, stretches of a line, lookups.

Geometries are lon/lat (EPSG:4326) shapely objects or anything :mod:`geo.measure`
accepts (GeoJSON mappings, GeoSeries/GeoDataFrames in any CRS, a row returned by
:func:`find_feature`). Every length is geodesic on WGS84 (:mod:`geo.measure`); projected
coordinates are used only to buffer, to find nearest points and to interpolate, in an
azimuthal equidistant projection centred on the place being examined, where distances are
true to well under 0.1 % within a few hundred kilometres of the centre. An edge between two
vertices is thereby read as (nearly) a geodesic, as :mod:`geo.measure` reads it; with
vertices every few kilometres, as in real layers, that and the straight lon/lat segment
shapely draws are metres apart at most.

Why a tolerant mode: two real layers rarely share their border vertex for vertex. One
country's outline overlaps its neighbour's by a sliver here and leaves a gap there, so the
intersection of their boundaries is empty or a few scraps. :func:`shared_border` with
``snap_m`` takes, instead, the part of A's boundary lying within ``snap_m`` metres of B
(inside B, or outside it by at most ``snap_m``) — see its Notes.

Examples
--------
>>> from shapely import Polygon
>>> from geo.borders import shared_border, tripoint
>>> west = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
>>> east = Polygon([(1, 0), (2, 0), (2, 1), (1, 1)])
>>> north = Polygon([(0, 1), (2, 1), (2, 2), (0, 2)])
>>> round(shared_border(west, east).length.km, 3)
110.574
>>> t = tripoint(west, east, north)
>>> t.point.wkt, t.error_m
('POINT (1 1)', 0.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import LineString, MultiLineString, Point
from shapely.ops import nearest_points

from geo.errors import GeometryError
from geo.layers.lookup import find_feature
from geo.measure import (
    GeoInput,
    Length,
    _as_geometries,
    _as_lonlat,
    _check_present,
    _flatten,
    _local_metric_crs,
    distance,
    length,
)

__all__ = [
    "SharedBorder",
    "Tripoint",
    "find_feature",
    "line_between",
    "shared_border",
    "tripoint",
]

# Metres per degree of latitude, smallest value (at the equator): turns a distance in
# metres into a safe (never too small) margin in degrees for bounding-box clipping.
_M_PER_DEG_LAT_MIN = 110_574.0
_M_PER_DEG_LON_EQ = 111_320.0

# Buffers approximate circles by polygons inscribed in them; 32 segments per quarter
# circle keeps the radius error below 0.05 % (1 - cos(pi / 128)).
_QUAD_SEGS = 32


@dataclass(frozen=True)
class SharedBorder:
    """The border two polygons share.

    Attributes
    ----------
    geometry : LineString or MultiLineString
        The border in lon/lat, line-merged (one LineString when it is continuous).
    length : Length
        Its geodesic length (``.km``, ``.mi``, ...), one part per line.
    method : str
        How it was found (exact intersection or snapping, with the distance).
    snap_m : float
        The snapping distance in metres (0 for the exact intersection).
    length_b : Length or None
        Tolerant mode only: the length of B's side of the same border, for comparison;
        the difference says how much the two layers disagree.
    """

    geometry: LineString | MultiLineString
    length: Length
    method: str
    snap_m: float = 0.0
    length_b: Length | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: ``length`` (km, mi, ...), ``length_b``, ``method``, ``snap_m``,
        ``parts`` and ``geometry`` (GeoJSON)."""
        return {
            "length": self.length.to_dict(),
            "length_b": None if self.length_b is None else self.length_b.to_dict(),
            "method": self.method,
            "snap_m": self.snap_m,
            "parts": len(self.length.parts),
            "geometry": shapely.geometry.mapping(self.geometry),
        }


@dataclass(frozen=True)
class Tripoint:
    """Where three polygons meet, or the best approximation.

    Attributes
    ----------
    point : Point
        lon/lat.
    error_m : float
        0 when the three boundaries meet exactly; otherwise the largest geodesic distance
        in metres from ``point`` to the three boundaries.
    method : str
        ``"exact"`` or ``"minimax"`` with a short description.
    distances_m : tuple of float
        Geodesic distance in metres from ``point`` to the boundary of A, B and C.
    others : tuple of Point
        Further points where the three boundaries meet exactly, if there are several.
    """

    point: Point
    error_m: float
    method: str
    distances_m: tuple[float, float, float] = (0.0, 0.0, 0.0)
    others: tuple[Point, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: ``lon``, ``lat``, ``error_m``, ``method``, ``distances_m``,
        ``others``."""
        return {
            "lon": self.point.x,
            "lat": self.point.y,
            "error_m": self.error_m,
            "method": self.method,
            "distances_m": list(self.distances_m),
            "others": [[p.x, p.y] for p in self.others],
        }


# --------------------------------------------------------------------------- helpers


def _single(obj: Any, name: str) -> shapely.Geometry:
    """One lon/lat shapely geometry from any accepted input (features are unioned)."""
    if isinstance(obj, pd.Series) and not isinstance(obj, gpd.GeoSeries):
        # A row from find_feature / gdf.iloc[i]: its geometry cell (the layer's CRS, which
        # geo.io always makes EPSG:4326).
        geom = obj.get("geometry")
        if not isinstance(geom, shapely.Geometry):
            raise GeometryError(f"{name}: the row has no 'geometry' value")
        obj = geom
    geoms = _as_geometries(obj)
    try:
        _check_present(geoms)
    except GeometryError as exc:
        # The feature index only helps when there are several features.
        raise GeometryError(f"{name}: {exc if len(geoms) > 1 else exc.message}") from None
    if len(geoms) == 1:
        return geoms[0]
    return shapely.union_all(geoms)


def _polygonal(obj: Any, name: str) -> shapely.Geometry:
    geom = _single(obj, name)
    parts, _ = _flatten(np.array([geom], dtype=object))
    kinds = shapely.get_type_id(parts)
    if (kinds != 3).any():
        bad = parts[int(np.argmax(kinds != 3))].geom_type
        raise GeometryError(f"{name} must be a polygon or multipolygon, got a {bad}")
    coords = shapely.get_coordinates(parts)
    if not np.isfinite(coords).all():
        raise GeometryError(f"{name} has a non-finite coordinate")
    if not shapely.is_valid(geom):
        raise GeometryError(
            f"{name} is not a valid polygon ({shapely.is_valid_reason(geom)}); repair it "
            "explicitly first, e.g. with geo.checks.repair"
        )
    return geom if len(parts) == 1 else shapely.MultiPolygon(list(parts))


def _lines_only(geom: shapely.Geometry) -> list[LineString]:
    parts, _ = _flatten(np.array([geom], dtype=object))
    return [p for p in parts if p.geom_type == "LineString" and not p.is_empty]


def _merge(lines: list[LineString]) -> LineString | MultiLineString:
    merged = shapely.line_merge(MultiLineString(lines))
    if merged.geom_type == "GeometryCollection":  # only when nothing is left
        return MultiLineString()
    return merged


def _margin_box(
    bounds: tuple[float, float, float, float], margin_m: float
) -> tuple[float, float, float, float]:
    """``bounds`` grown by at least ``margin_m`` metres on every side, in degrees."""
    minx, miny, maxx, maxy = bounds
    dlat = margin_m / _M_PER_DEG_LAT_MIN
    top = min(89.999999, max(abs(miny), abs(maxy)) + dlat)
    dlon = margin_m / (_M_PER_DEG_LON_EQ * math.cos(math.radians(top)))
    if dlon > 180:
        return (-540.0, max(-90.0, miny - dlat), 540.0, min(90.0, maxy + dlat))
    return (minx - dlon, max(-90.0, miny - dlat), maxx + dlon, min(90.0, maxy + dlat))


def _overlap(b1: tuple[float, ...], b2: tuple[float, ...]) -> tuple[float, ...] | None:
    box = (max(b1[0], b2[0]), max(b1[1], b2[1]), min(b1[2], b2[2]), min(b1[3], b2[3]))
    return box if box[0] <= box[2] and box[1] <= box[3] else None


class _Local:
    """Forward/inverse transforms to an azimuthal equidistant CRS centred on some points."""

    def __init__(self, coords: np.ndarray) -> None:
        crs: CRS = _local_metric_crs(coords)
        self._fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        self._inv = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)

    def to_m(self, geom: shapely.Geometry) -> shapely.Geometry:
        return shapely.transform(geom, lambda c: np.column_stack(self._fwd.transform(*c.T)))

    def to_deg(self, geom: shapely.Geometry) -> shapely.Geometry:
        return shapely.transform(geom, lambda c: np.column_stack(self._inv.transform(*c.T)))

    def area_to_m(self, geom: shapely.Geometry) -> shapely.Geometry:
        """Project a polygon used only as a buffer operand, keeping it valid.

        A long straight edge in lon/lat (a clip-box edge, say) becomes a straight chord in
        the projection while the vertices beside it follow the curved image of the
        parallel, which can make a valid polygon self-intersect; densifying to 0.01°
        (~1 km) first prevents that. Should the projected copy still be invalid, it is made
        valid: it is an internal operand, never a result handed back.
        """
        projected = self.to_m(shapely.segmentize(geom, 0.01))
        if not shapely.is_valid(projected):
            projected = shapely.make_valid(projected)
        return projected


def _describe_gap(a: shapely.Geometry, b: shapely.Geometry, touch: shapely.Geometry) -> str:
    if not touch.is_empty:
        n = len(shapely.get_parts(touch))
        return f"their boundaries only touch at {n} point(s)"
    pa, pb = nearest_points(a, b)
    gap = distance(pa, pb)
    return f"they are {gap.km:,.3f} km apart at the closest"


# --------------------------------------------------------------------------- shared border


def shared_border(a: GeoInput, b: GeoInput, *, snap_m: float = 0.0) -> SharedBorder:
    """The border polygons ``a`` and ``b`` share, with its geodesic length.

    Parameters
    ----------
    a, b : polygon, multipolygon, GeoJSON mapping, GeoSeries, GeoDataFrame or row
        The two areas in lon/lat (several features are unioned).
    snap_m : float, default 0
        Snapping distance in metres. 0 gives the exact intersection of the two boundaries,
        right for layers that share their border vertices. Give a few hundred metres for
        layers whose borders overlap or leave gaps.

    Returns
    -------
    SharedBorder
        ``geometry`` (lon/lat, line-merged), ``length`` (geodesic), ``method``, and in
        tolerant mode ``length_b`` (B's side).

    Raises
    ------
    GeometryError
        Not polygons, invalid polygons, a negative ``snap_m``, or no shared border (the
        message says whether they touch at points or how far apart they are).

    Notes
    -----
    Exact mode: ``a.boundary ∩ b.boundary``, keeping the line parts (isolated touching
    points are dropped), merged with :func:`shapely.line_merge`.

    Tolerant mode (``snap_m > 0``): both polygons are clipped to their bounding-box overlap
    widened by ``snap_m`` (nothing farther can be within ``snap_m`` of the other), put in an
    azimuthal equidistant projection centred there, and the border is A's boundary inside
    ``B.buffer(snap_m)``, which takes in slivers (A's outline inside B) and gaps (A's
    outline up to ``snap_m`` outside B). B's boundary inside ``A.buffer(snap_m)`` is
    measured too and reported as ``length_b``: the geometry and ``length`` are A's version
    of the line, so the result depends on the order of the arguments by at most the layers'
    disagreement. Where the border ends (at a coast or a third country) A's outline keeps
    running within ``snap_m`` of B for a short way, so each loose end can add up to about
    ``snap_m`` (more where the outlines meet at a sharp angle): keep ``snap_m`` small
    against the border's length.

    Examples
    --------
    >>> from shapely import Polygon
    >>> a = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
    >>> b = Polygon([(1.001, 0.2), (2, 0.2), (2, 0.8), (1.001, 0.8)])  # a 111 m gap
    >>> shared_border(a, b, snap_m=200).length.km > 66
    True
    """
    if not (isinstance(snap_m, int | float) and math.isfinite(snap_m) and snap_m >= 0):
        raise GeometryError(f"snap_m must be a finite number of metres >= 0, got {snap_m!r}")
    pa, pb = _polygonal(a, "A"), _polygonal(b, "B")
    if snap_m == 0:
        inter = shapely.intersection(pa.boundary, pb.boundary)
        lines = _lines_only(inter)
        if not lines:
            raise GeometryError(
                f"A and B share no border line: {_describe_gap(pa, pb, inter)}; if their "
                "borders should coincide, try a snapping distance (snap_m / --snap-m)"
            )
        geom = _merge(lines)
        return SharedBorder(geom, length(geom), "exact: intersection of the two boundaries")

    box = _overlap(_margin_box(pa.bounds, snap_m), _margin_box(pb.bounds, snap_m))
    if box is None:
        raise GeometryError(
            f"A and B share no border within {snap_m:g} m: {_describe_gap(pa, pb, Point())}"
        )
    # Only A's outline inside `box` can lie within snap_m of B (and vice versa). The
    # polygons, used only through their buffers, are clipped to a box grown by 2 * snap_m
    # so that every point of B within snap_m of a kept line survives the clip.
    poly_box = shapely.box(*_margin_box(box, 2 * snap_m))
    ca, cb = shapely.intersection(pa, poly_box), shapely.intersection(pb, poly_box)
    la = shapely.clip_by_rect(pa.boundary, *box)
    lb = shapely.clip_by_rect(pb.boundary, *box)
    local = _Local(shapely.get_coordinates(shapely.union(la, lb)))
    ma, mb = local.area_to_m(ca), local.area_to_m(cb)
    side_a = shapely.intersection(local.to_m(la), shapely.buffer(mb, snap_m, quad_segs=_QUAD_SEGS))
    side_b = shapely.intersection(local.to_m(lb), shapely.buffer(ma, snap_m, quad_segs=_QUAD_SEGS))
    lines_a = _lines_only(local.to_deg(side_a))
    lines_b = _lines_only(local.to_deg(side_b))
    if not lines_a:
        raise GeometryError(
            f"A and B share no border within {snap_m:g} m: {_describe_gap(pa, pb, Point())}"
        )
    geom = _merge(lines_a)
    length_b = length(_merge(lines_b)) if lines_b else Length(0.0, ())
    return SharedBorder(
        geom,
        length(geom),
        f"snapped: boundary of A within {snap_m:g} m of B (azimuthal equidistant buffer); "
        "length_b is B's side",
        float(snap_m),
        length_b,
    )


# --------------------------------------------------------------------------- tripoint


def _minimax(bounds: list[shapely.Geometry], seed: np.ndarray, r_hi: float) -> np.ndarray:
    """Point minimising the largest distance to three lines, by bisection on the radius.

    ``bounds`` are projected (metres), ``seed`` a point whose largest distance is ``r_hi``.
    For a radius r the points within r of all three lines are the intersection of their
    r-buffers; the smallest r for which it is not empty is the minimax distance. Each
    feasible step shrinks the search window to that intersection, so the lines are clipped
    to ever smaller boxes and the buffers stay cheap.
    """
    best, best_f = seed, r_hi
    lo, hi = 0.0, r_hi
    window = shapely.box(*(seed[0] - r_hi, seed[1] - r_hi, seed[0] + r_hi, seed[1] + r_hi))
    lines = [shapely.clip_by_rect(b, *shapely.buffer(window, r_hi).bounds) for b in bounds]
    for _ in range(60):
        if hi - lo <= max(1e-3, 1e-9 * hi):  # a millimetre is plenty
            break
        r = 0.5 * (lo + hi)
        region = shapely.buffer(lines[0], r, quad_segs=_QUAD_SEGS)
        for line in lines[1:]:
            region = shapely.intersection(region, shapely.buffer(line, r, quad_segs=_QUAD_SEGS))
            if region.is_empty:
                break
        if region.is_empty:
            lo = r
            continue
        hi = r
        for cand in (shapely.centroid(region), shapely.point_on_surface(region)):
            # The clipped lines hold every boundary point within r of the region.
            f = max(shapely.distance(cand, line) for line in lines)
            if f < best_f:
                best, best_f = shapely.get_coordinates(cand)[0], f
        grown = shapely.buffer(shapely.box(*region.bounds), r).bounds
        lines = [shapely.clip_by_rect(line, *grown) for line in lines]
    return best


def _segments(line: shapely.Geometry) -> tuple[np.ndarray, np.ndarray]:
    """Vertices of a (multi)line and its segments as two-point LineStrings, vectorised."""
    coords, idx = shapely.get_coordinates(shapely.get_parts(line), return_index=True)
    same = idx[:-1] == idx[1:]
    segs = shapely.linestrings(np.stack([coords[:-1][same], coords[1:][same]], axis=1))
    return coords, segs


def _seed(rings: list[shapely.Geometry]) -> np.ndarray:
    """lon/lat of the outline vertex minimising its larger distance to the other two
    outlines (planar degrees: only a starting point, the search itself is metric).

    Nearest-segment queries are bounded by a search radius that grows tenfold until some
    vertex has both other outlines within it: an unbounded nearest search from every
    vertex of a large country would crawl, and every vertex better than the radius is
    found in the round that first finds one, so the minimum is exact.
    """
    pieces = [_segments(r) for r in rings]
    trees = [shapely.STRtree(segs) for _, segs in pieces]
    points = [shapely.points(coords) for coords, _ in pieces]
    radius = 1e-4  # degrees, ~10 m
    while radius < 1000:
        best, best_score = None, math.inf
        for k in range(3):
            # Query the second outline only from vertices the first one is near.
            cand = np.arange(len(points[k]))
            worst = np.zeros(len(cand))
            for i in (i for i in range(3) if i != k):
                (which, _), dist = trees[i].query_nearest(
                    points[k][cand], max_distance=radius, return_distance=True, all_matches=False
                )
                cand, worst = cand[which], np.maximum(worst[which], dist)
            if len(cand):
                j = int(np.argmin(worst))
                if worst[j] < best_score:
                    best, best_score = pieces[k][0][cand[j]], float(worst[j])
        if best is not None:
            return np.asarray(best, dtype=float)
        radius *= 10
    return np.asarray(pieces[0][0][0], dtype=float)  # pragma: no cover - radius covers Earth


def tripoint(a: GeoInput, b: GeoInput, c: GeoInput) -> Tripoint:
    """Where polygons ``a``, ``b`` and ``c`` meet, or the closest approximation.

    Parameters
    ----------
    a, b, c : polygon, multipolygon, GeoJSON mapping, GeoSeries, GeoDataFrame or row
        Three areas in lon/lat.

    Returns
    -------
    Tripoint
        ``point`` (lon/lat), ``error_m`` (metres; 0 when exact), ``method``,
        ``distances_m`` to each boundary, ``others`` (further exact meeting points).

    Raises
    ------
    GeometryError
        Not polygons or invalid polygons.

    Notes
    -----
    Exact: the three boundaries are intersected; if they meet, the first meeting point
    (lowest longitude, then latitude) is returned with ``error_m = 0``.

    Otherwise (real layers with slivers and gaps) the answer is the point minimising the
    largest of its distances to the three boundaries, found in an azimuthal equidistant
    projection centred on a seed point by bisection on the radius r: the points within r of
    all three boundaries are the intersection of three buffers, non-empty exactly when r is
    at least the minimax distance. The search starts from the vertex of any of the three
    outlines whose larger distance to the other two is smallest (found with spatial
    indexes on the outlines' segments, vectorised), which bounds r from above and keeps
    the buffers small. ``error_m`` is then recomputed geodesically from the point to the
    nearest point of each boundary.

    Examples
    --------
    >>> from shapely import Polygon
    >>> a = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
    >>> b = Polygon([(1.001, 0), (2, 0), (2, 1), (1.001, 1)])  # 111 m gap between a and b
    >>> c = Polygon([(0, 1), (2, 1), (2, 2), (0, 2)])
    >>> t = tripoint(a, b, c)
    >>> t.method.split(":")[0], round(t.error_m, 1), round(t.point.x, 4)
    ('minimax', 55.7, 1.0005)
    """
    polys = [_polygonal(a, "A"), _polygonal(b, "B"), _polygonal(c, "C")]
    rings = [p.boundary for p in polys]
    meet = shapely.intersection(shapely.intersection(rings[0], rings[1]), rings[2])
    if not meet.is_empty:
        pts = sorted({tuple(xy) for xy in shapely.get_coordinates(meet).tolist()})
        points = [Point(xy) for xy in pts]
        return Tripoint(
            points[0], 0.0, "exact: the three boundaries meet", (0.0, 0.0, 0.0), tuple(points[1:])
        )

    seed = _seed(rings)
    local = _Local(seed[None, :])
    projected = [local.to_m(r) for r in rings]
    seed_m = local.to_m(Point(seed))
    r_hi = max(shapely.distance(seed_m, r) for r in projected)
    best = _minimax(projected, shapely.get_coordinates(seed_m)[0], float(r_hi))
    point_m = Point(best)
    point = local.to_deg(point_m)
    dists = []
    for ring in projected:
        _, nearest = nearest_points(point_m, ring)
        dists.append(distance(point, local.to_deg(nearest)).m)
    return Tripoint(
        point,
        max(dists),
        "minimax: point minimising the largest distance to the three boundaries "
        "(buffer bisection in an azimuthal equidistant projection)",
        (dists[0], dists[1], dists[2]),
    )


# --------------------------------------------------------------------------- line_between


def line_between(line: GeoInput, p1: Any, p2: Any) -> LineString:
    """The stretch of ``line`` between the points on it nearest to ``p1`` and ``p2``.

    Parameters
    ----------
    line : LineString, MultiLineString that merges into one line, GeoJSON, GeoSeries, ...
        The line in lon/lat, e.g. a river.
    p1, p2 : shapely.Point, (lon, lat) tuple or GeoJSON Point
        Where to start and stop, e.g. a tripoint and a river mouth; they need not lie on
        the line.

    Returns
    -------
    LineString
        lon/lat, running from near ``p1`` to near ``p2``. Vertices of ``line`` between
        the two are kept exactly; the two ends are interpolated.

    Raises
    ------
    GeometryError
        Not one connected line, or both points nearest to the same place on it.

    Notes
    -----
    "Nearest" and the interpolation are computed in an azimuthal equidistant projection
    centred on the line (so a degree of longitude is not mistaken for a degree of
    latitude); measure the result with :func:`geo.measure.length`.

    Examples
    --------
    >>> from shapely import LineString
    >>> river = LineString([(0, 0), (1, 0), (2, 0), (3, 0)])
    >>> part = line_between(river, (2.5, 0.1), (0.5, -0.1))
    >>> [(round(x, 4), round(y, 4)) for x, y in part.coords]
    [(2.5, 0.0), (2.0, 0.0), (1.0, 0.0), (0.5, 0.0)]
    """
    geom = _single(line, "line")
    if geom.geom_type == "MultiLineString":
        geom = shapely.line_merge(geom)
    if geom.geom_type == "LinearRing":
        geom = LineString(geom.coords)
    if geom.geom_type != "LineString":
        raise GeometryError(
            f"line must be one connected LineString, got a {geom.geom_type}"
            + (" that does not merge into one line" if geom.geom_type.startswith("Multi") else "")
        )
    a = Point(_as_lonlat(p1, "p1"))
    b = Point(_as_lonlat(p2, "p2"))
    coords = shapely.get_coordinates(geom)
    if not np.isfinite(coords).all():
        raise GeometryError("line has a non-finite coordinate")
    local = _Local(coords)
    xy = shapely.get_coordinates(local.to_m(geom))
    line_m = LineString(xy)
    d1, d2 = line_m.project(local.to_m(a)), line_m.project(local.to_m(b))
    if abs(d1 - d2) < 1e-6:  # metres
        raise GeometryError("p1 and p2 are nearest to the same point of the line")
    reverse = d1 > d2
    lo, hi = (d2, d1) if reverse else (d1, d2)
    cum = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(xy, axis=0).T))])
    inside = (cum > lo) & (cum < hi)

    def end(d: float) -> np.ndarray:
        hit = np.flatnonzero(cum == d)
        if hit.size:  # exactly on a vertex: keep the original coordinates
            return coords[hit[0]]
        return shapely.get_coordinates(local.to_deg(line_m.interpolate(d)))[0]

    out = np.vstack([end(lo), coords[inside], end(hi)])
    if reverse:
        out = out[::-1]
    return LineString(out)
