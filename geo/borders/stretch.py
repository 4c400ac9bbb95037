"""The stretch of a line between two points: a river border from a tripoint to the mouth.

Examples
--------
>>> from shapely import LineString
>>> river = LineString([(0, 0), (1, 0), (2, 0), (3, 0)])
>>> [(round(x, 4), round(y, 4)) for x, y in line_between(river, (1.5, 0.1), (2.5, 0)).coords]
[(1.5, 0.0), (2.0, 0.0), (2.5, 0.0)]
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import LineString, Point

from geo.borders.common import FeatureInput, as_single
from geo.errors import GeometryError
from geo.frames import LocalFrame, frame_for
from geo.geoinput import PointInput, as_lonlat

__all__ = ["line_between"]


def _one_line(line: FeatureInput) -> LineString:
    """Return the input as one connected lon/lat LineString (multi-lines merged), or refuse."""
    geom = as_single(line, "line")
    if geom.geom_type == "MultiLineString":
        geom = shapely.line_merge(geom)
    if geom.geom_type == "LinearRing":
        geom = LineString(geom.coords)
    if geom.geom_type != "LineString":
        raise GeometryError(
            f"line must be one connected LineString, got a {geom.geom_type}"
            + (" that does not merge into one line" if geom.geom_type.startswith("Multi") else "")
        )
    return geom


def _end(
    d: float, cum: np.ndarray, coords: np.ndarray, line_m: LineString, local: LocalFrame
) -> np.ndarray:
    """lon/lat at distance ``d`` (metres) along the line: a vertex exactly, else interpolated."""
    hit = np.flatnonzero(cum == d)
    if hit.size:  # exactly on a vertex: keep the original coordinates
        return coords[hit[0]]
    return shapely.get_coordinates(local.to_lonlat(line_m.interpolate(d)))[0]


def line_between(line: FeatureInput, p1: PointInput, p2: PointInput) -> LineString:
    """Cut the stretch of ``line`` between the points on it nearest to ``p1`` and ``p2``.

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
    geom = _one_line(line)
    a = Point(as_lonlat(p1, "p1"))
    b = Point(as_lonlat(p2, "p2"))
    coords = shapely.get_coordinates(geom)
    if not np.isfinite(coords).all():
        raise GeometryError("line has a non-finite coordinate")
    local = frame_for(geom, "aeqd", how="mean")
    xy = shapely.get_coordinates(local.to_local(geom))
    line_m = LineString(xy)
    d1, d2 = line_m.project(local.to_local(a)), line_m.project(local.to_local(b))
    if abs(d1 - d2) < 1e-6:  # metres
        raise GeometryError("p1 and p2 are nearest to the same point of the line")
    reverse = d1 > d2
    lo, hi = (d2, d1) if reverse else (d1, d2)
    cum = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(xy, axis=0).T))])
    inside = (cum > lo) & (cum < hi)
    out = np.vstack(
        [_end(lo, cum, coords, line_m, local), coords[inside], _end(hi, cum, coords, line_m, local)]
    )
    if reverse:
        out = out[::-1]
    return LineString(out)
