"""Building a shapely geometry leniently, and :func:`repair` (``shapely.make_valid``).

Nothing in frontline repairs silently: a reader refuses what it cannot build, a check
reports it, and :func:`repair` is there for a user who looks at the result.

Examples
--------
>>> open_ring = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}
>>> shape_leniently(open_ring).wkt  # closed here, never when reading
'POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import shapely

from geo.errors import SourceError
from geo.io import GEOMETRY_TYPES, positions_to_array

__all__ = ["repair", "shape_leniently"]

_RINGED = frozenset({"Polygon", "MultiPolygon"})


def repair(geom: Any) -> shapely.Geometry:
    """Return a valid version of ``geom`` with :func:`shapely.make_valid`.

    Never applied by a reader or a check: call it yourself and look at the result (a bow-tie
    becomes a MultiPolygon of two triangles; a collapsed ring may become a line).

    Parameters
    ----------
    geom : shapely geometry or GeoJSON geometry mapping
        Coordinates in lon/lat.

    Returns
    -------
    shapely.Geometry
        A valid geometry covering the same points.

    Raises
    ------
    SourceError
        A mapping no geometry can be built from.

    Examples
    --------
    >>> import shapely
    >>> repair(shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])).geom_type
    'MultiPolygon'
    """
    if not isinstance(geom, shapely.Geometry):
        geom = shape_leniently(geom)
        if geom is None:
            raise SourceError("cannot build a geometry to repair from this mapping")
    return shapely.make_valid(geom)


def shape_leniently(geom: Mapping[str, Any], transformer: Any = None) -> shapely.Geometry | None:
    """Build a 2-D shapely geometry, closing open rings; ``None`` when impossible.

    Parameters
    ----------
    geom : mapping
        A raw GeoJSON geometry.
    transformer : pyproj.Transformer, optional
        Applied to every position (``always_xy``), e.g. from a file's CRS to EPSG:4326.

    Returns
    -------
    shapely.Geometry or None
    """
    try:
        kind = geom["type"]
        if kind == "GeometryCollection":
            members = [shape_leniently(g, transformer) for g in geom["geometries"]]
            if any(m is None for m in members):
                return None
            return shapely.GeometryCollection(members)
        coords = geom["coordinates"]
        if kind == "Point":
            fixed = _fix([coords], 0, False, kind, transformer)[0] if coords else []
        else:
            fixed = _fix(coords, GEOMETRY_TYPES[kind] - 1, kind in _RINGED, kind, transformer)
        return shapely.geometry.shape({"type": kind, "coordinates": fixed})
    except (ValueError, TypeError, KeyError, IndexError, shapely.errors.GEOSException):
        return None  # SourceError is a ValueError too


def _fix(node: Any, level: int, ring: bool, kind: str, transformer: Any) -> Any:
    """Coordinates as 2-D lists (transformed), with every ring closed."""
    if level == 0:
        xy = positions_to_array(node, str(kind), "<geometry>", None)[:, :2]
        if transformer is not None:
            xy = np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
        if ring and len(xy) and not (xy[0] == xy[-1]).all():
            xy = np.vstack([xy, xy[:1]])
        return xy.tolist()
    return [_fix(child, level - 1, ring, kind, transformer) for child in node]
