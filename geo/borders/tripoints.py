"""Where three polygons meet, exactly or as the point nearest to all three boundaries.

Examples
--------
>>> from shapely import Polygon
>>> west = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
>>> east = Polygon([(1, 0), (2, 0), (2, 1), (1, 1)])
>>> north = Polygon([(0, 1), (2, 1), (2, 2), (0, 2)])
>>> t = tripoint(west, east, north)
>>> t.point.wkt, t.error_m
('POINT (1 1)', 0.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point
from shapely.ops import nearest_points

from geo.borders.common import QUAD_SEGS, FeatureInput, as_polygonal
from geo.frames import local_frame
from geo.measure import distance

__all__ = ["Tripoint", "tripoint"]


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
        """Return a JSON-ready dict.

        Keys: ``lon``, ``lat``, ``error_m``, ``method``, ``distances_m``, ``others``.
        """
        return {
            "lon": self.point.x,
            "lat": self.point.y,
            "error_m": self.error_m,
            "method": self.method,
            "distances_m": list(self.distances_m),
            "others": [[p.x, p.y] for p in self.others],
        }


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
        region = shapely.buffer(lines[0], r, quad_segs=QUAD_SEGS)
        for line in lines[1:]:
            region = shapely.intersection(region, shapely.buffer(line, r, quad_segs=QUAD_SEGS))
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
    """Find the outline vertex (lon/lat) whose larger distance to the other two is least.

    Distances here are planar degrees: the vertex is only a starting point, the search
    itself is metric.

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


def _approximate(rings: list[shapely.Geometry]) -> Tripoint:
    """Find the minimax point of three boundaries that do not meet, with geodesic distances."""
    seed = _seed(rings)
    local = local_frame(float(seed[0]), float(seed[1]), "aeqd")
    projected = [local.to_local(r) for r in rings]
    seed_m = local.to_local(Point(seed))
    r_hi = max(shapely.distance(seed_m, r) for r in projected)
    best = _minimax(projected, shapely.get_coordinates(seed_m)[0], float(r_hi))
    point_m = Point(best)
    point = local.to_lonlat(point_m)
    dists = []
    for ring in projected:
        _, nearest = nearest_points(point_m, ring)
        dists.append(distance(point, local.to_lonlat(nearest)).m)
    return Tripoint(
        point,
        max(dists),
        "minimax: point minimising the largest distance to the three boundaries "
        "(buffer bisection in an azimuthal equidistant projection)",
        (dists[0], dists[1], dists[2]),
    )


def tripoint(a: FeatureInput, b: FeatureInput, c: FeatureInput) -> Tripoint:
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
    polys = [as_polygonal(a, "A"), as_polygonal(b, "B"), as_polygonal(c, "C")]
    rings = [p.boundary for p in polys]
    meet = shapely.intersection(shapely.intersection(rings[0], rings[1]), rings[2])
    if meet.is_empty:
        return _approximate(rings)
    pts = sorted({tuple(xy) for xy in shapely.get_coordinates(meet).tolist()})
    points = [Point(xy) for xy in pts]
    return Tripoint(
        points[0], 0.0, "exact: the three boundaries meet", (0.0, 0.0, 0.0), tuple(points[1:])
    )
