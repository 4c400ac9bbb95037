"""The border two polygons share: exact intersection, or tolerant with a snapping distance.

Two real layers rarely share their border vertex for vertex. One country's outline
overlaps its neighbour's by a sliver here and leaves a gap there, so the intersection of
their boundaries is empty or a few scraps. :func:`shared_border` with ``snap_m`` takes,
instead, the part of A's boundary lying within ``snap_m`` metres of B (inside B, or outside
it by at most ``snap_m``) — see its Notes. Lengths are geodesic (:mod:`geo.measure`).

Examples
--------
>>> from shapely import Polygon
>>> west = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
>>> east = Polygon([(1, 0), (2, 0), (2, 1), (1, 1)])
>>> round(shared_border(west, east).length.km, 3)
110.574
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, TypeAlias

import shapely
from shapely.geometry import LineString, MultiLineString, Point

from geo.borders.common import (
    QUAD_SEGS,
    FeatureInput,
    as_polygonal,
    describe_gap,
    merge_lines,
    project_operand,
)
from geo.errors import GeometryError
from geo.frames import frame_for
from geo.geometry import line_parts
from geo.measure import Length, length

__all__ = ["SharedBorder", "shared_border"]

# Metres per degree of latitude, smallest value (at the equator): turns a distance in
# metres into a safe (never too small) margin in degrees for bounding-box clipping.
_M_PER_DEG_LAT_MIN = 110_574.0
_M_PER_DEG_LON_EQ = 111_320.0

#: (minx, miny, maxx, maxy) in degrees.
Bounds: TypeAlias = tuple[float, float, float, float]


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
        """Return a JSON-ready dict.

        Keys: ``length`` (km, mi, ...), ``length_b``, ``method``, ``snap_m``, ``parts``
        and ``geometry`` (GeoJSON).
        """
        return {
            "length": self.length.to_dict(),
            "length_b": None if self.length_b is None else self.length_b.to_dict(),
            "method": self.method,
            "snap_m": self.snap_m,
            "parts": len(self.length.parts),
            "geometry": shapely.geometry.mapping(self.geometry),
        }


def _margin_box(bounds: Bounds, margin_m: float) -> Bounds:
    """``bounds`` grown by at least ``margin_m`` metres on every side, in degrees."""
    minx, miny, maxx, maxy = bounds
    dlat = margin_m / _M_PER_DEG_LAT_MIN
    top = min(89.999999, max(abs(miny), abs(maxy)) + dlat)
    dlon = margin_m / (_M_PER_DEG_LON_EQ * math.cos(math.radians(top)))
    if dlon > 180:
        return (-540.0, max(-90.0, miny - dlat), 540.0, min(90.0, maxy + dlat))
    return (minx - dlon, max(-90.0, miny - dlat), maxx + dlon, min(90.0, maxy + dlat))


def _overlap(b1: Bounds, b2: Bounds) -> Bounds | None:
    box = (max(b1[0], b2[0]), max(b1[1], b2[1]), min(b1[2], b2[2]), min(b1[3], b2[3]))
    return box if box[0] <= box[2] and box[1] <= box[3] else None


def _exact(pa: shapely.Geometry, pb: shapely.Geometry) -> SharedBorder:
    """Intersect the two boundaries, keeping the line parts."""
    inter = shapely.intersection(pa.boundary, pb.boundary)
    lines = line_parts(inter)
    if not lines:
        raise GeometryError(
            f"A and B share no border line: {describe_gap(pa, pb, inter)}; if their "
            "borders should coincide, try a snapping distance (snap_m / --snap-m)"
        )
    geom = merge_lines(lines)
    return SharedBorder(geom, length(geom), "exact: intersection of the two boundaries")


def _snapped(pa: shapely.Geometry, pb: shapely.Geometry, snap_m: float) -> SharedBorder:
    """A's boundary within ``snap_m`` of B (and B's within ``snap_m`` of A, for length_b)."""
    box = _overlap(_margin_box(pa.bounds, snap_m), _margin_box(pb.bounds, snap_m))
    if box is None:
        raise GeometryError(
            f"A and B share no border within {snap_m:g} m: {describe_gap(pa, pb, Point())}"
        )
    # Only A's outline inside `box` can lie within snap_m of B (and vice versa). The
    # polygons, used only through their buffers, are clipped to a box grown by 2 * snap_m
    # so that every point of B within snap_m of a kept line survives the clip.
    poly_box = shapely.box(*_margin_box(box, 2 * snap_m))
    ca, cb = shapely.intersection(pa, poly_box), shapely.intersection(pb, poly_box)
    la = shapely.clip_by_rect(pa.boundary, *box)
    lb = shapely.clip_by_rect(pb.boundary, *box)
    local = frame_for(shapely.union(la, lb), "aeqd", how="mean")
    ma, mb = project_operand(local, ca), project_operand(local, cb)
    near_b = shapely.buffer(mb, snap_m, quad_segs=QUAD_SEGS)
    near_a = shapely.buffer(ma, snap_m, quad_segs=QUAD_SEGS)
    side_a = shapely.intersection(local.to_local(la), near_b)
    side_b = shapely.intersection(local.to_local(lb), near_a)
    lines_a = line_parts(local.to_lonlat(side_a))
    lines_b = line_parts(local.to_lonlat(side_b))
    if not lines_a:
        raise GeometryError(
            f"A and B share no border within {snap_m:g} m: {describe_gap(pa, pb, Point())}"
        )
    geom = merge_lines(lines_a)
    length_b = length(merge_lines(lines_b)) if lines_b else Length(0.0, ())
    return SharedBorder(
        geom,
        length(geom),
        f"snapped: boundary of A within {snap_m:g} m of B (azimuthal equidistant buffer); "
        "length_b is B's side",
        float(snap_m),
        length_b,
    )


def shared_border(a: FeatureInput, b: FeatureInput, *, snap_m: float = 0.0) -> SharedBorder:
    """Find the border polygons ``a`` and ``b`` share, with its geodesic length.

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
    pa, pb = as_polygonal(a, "A"), as_polygonal(b, "B")
    if snap_m == 0:
        return _exact(pa, pb)
    return _snapped(pa, pb, snap_m)
