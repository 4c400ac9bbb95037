"""Generic geometry helpers: the parts of a geometry, dissolving, and its lines.

Every importer ends the same way: keep the polygonal parts (points and lines are markers,
arrows or labels, not territory), drop altitude, repair invalid rings with
:func:`shapely.make_valid` (keeping only areal pieces of the result, so a bow-tie does not
turn into a stray line) and dissolve everything into one geometry, so that overlapping
polygons are not counted twice by an area. The line helpers open any geometry, collections
included, into its LineString parts.

Examples
--------
>>> from shapely import LineString, Point, GeometryCollection, box
>>> [p.geom_type for p in polygon_parts([GeometryCollection([box(0, 0, 1, 1), Point(5, 5)])])]
['Polygon']
>>> dissolve_polygons([box(0, 0, 2, 1), box(1, 0, 3, 1)]).area
3.0
>>> from shapely import MultiLineString
>>> nested = GeometryCollection([MultiLineString([[(0, 0), (1, 0)], [(0, 1), (0, 3)]]),
...                              Point(2, 2)])
>>> [p.length for p in line_parts(nested)]
[1.0, 2.0]
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import numpy as np
import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon

from geo.errors import SourceError

__all__ = ["count_non_polygonal", "dissolve_polygons", "line_parts", "polygon_parts"]


def polygon_parts(geoms: Iterable[shapely.Geometry | None]) -> list[Polygon]:
    """The non-empty 2-D Polygon parts of ``geoms``, repaired where invalid.

    Parameters
    ----------
    geoms : iterable of shapely geometries or None
        Any geometry types; collections are opened, points and lines dropped.

    Returns
    -------
    list of shapely.Polygon
        Valid polygons with positive area, in input order.
    """
    arr = np.asarray([g for g in geoms if g is not None], dtype=object)
    if arr.size == 0:
        return []
    parts = shapely.get_parts(shapely.force_2d(arr))
    # Collections nest: open them until only simple geometries are left.
    while True:
        is_coll = shapely.get_type_id(parts) == 7
        if not is_coll.any():
            break
        parts = np.concatenate([parts[~is_coll], shapely.get_parts(parts[is_coll])])
        parts = shapely.get_parts(parts)
    polys = parts[shapely.get_type_id(parts) == 3]
    invalid = ~shapely.is_valid(polys)
    if invalid.any():
        repaired = shapely.get_parts(shapely.make_valid(polys[invalid]))
        while (shapely.get_type_id(repaired) == 7).any():
            repaired = shapely.get_parts(repaired)
        repaired = repaired[shapely.get_type_id(repaired) == 3]
        polys = np.concatenate([polys[~invalid], repaired])
    polys = polys[~shapely.is_empty(polys) & (shapely.area(polys) > 0)]
    return list(polys)


def dissolve_polygons(
    geoms: Iterable[shapely.Geometry | None],
    *,
    path: str | os.PathLike[str] | None = None,
    what: str = "polygons",
) -> MultiPolygon:
    """Dissolve the polygonal parts of ``geoms`` into one valid 2-D MultiPolygon.

    Parameters
    ----------
    geoms : iterable of shapely geometries or None
        The importer's geometries, lon/lat.
    path : str or os.PathLike, optional
        The source file, named in the error.
    what : str, default "polygons"
        What the polygons are, for the error message (e.g. "occupied polygons").

    Returns
    -------
    shapely.MultiPolygon
        The union, always a MultiPolygon (one part or more), with ``shapely.normalize``
        applied so equal inputs give identical coordinates.

    Raises
    ------
    SourceError
        When there is no polygon with a positive area.
    """
    geoms = [g for g in geoms if g is not None]
    if (
        len(geoms) == 1
        and isinstance(geoms[0], (Polygon, MultiPolygon))
        and not geoms[0].has_z
        and geoms[0].is_valid
        and not geoms[0].is_empty
    ):
        # One valid (Multi)Polygon (the daily snapshots): its parts cannot overlap, so
        # there is nothing to dissolve; skip the union, the costliest step of a read.
        only = geoms[0]
        parts = polygon_parts([only])
        if parts:
            return shapely.normalize(MultiPolygon(parts))
    parts = polygon_parts(geoms)
    if not parts:
        raise SourceError(
            f"no {what}: the file holds no polygon with an area",
            path=None if path is None else os.fspath(path),
        )
    if len(parts) == 1:
        return shapely.normalize(MultiPolygon(parts))
    merged = shapely.union_all(np.asarray(parts, dtype=object))
    if not merged.is_valid:  # union of valid parts is valid; keep a guard for GEOS corner cases
        merged = shapely.make_valid(merged)
    polys = polygon_parts([merged])
    return shapely.normalize(MultiPolygon(polys))


def line_parts(geom: shapely.Geometry) -> list[LineString]:
    """The non-empty LineString parts of any geometry, collections opened, points dropped.

    Parameters
    ----------
    geom : shapely geometry
        Any type; MultiLineStrings and (nested) GeometryCollections are opened.

    Returns
    -------
    list of shapely.LineString
        In the order the parts appear.
    """
    parts = shapely.get_parts(geom)
    # Collections can hold multi-part geometries and other collections: open until flat.
    while (shapely.get_type_id(parts) >= 4).any():
        parts = shapely.get_parts(parts)
    return [p for p in parts if isinstance(p, LineString) and not p.is_empty]


def count_non_polygonal(geoms: Iterable[shapely.Geometry | None]) -> int:
    """How many of ``geoms`` are null, empty or have no polygonal part (points, lines).

    Readers of territory keep only polygons; this is the count they state as skipped.

    Parameters
    ----------
    geoms : iterable of shapely geometries or None

    Returns
    -------
    int

    Examples
    --------
    >>> from shapely import Point, box
    >>> count_non_polygonal([box(0, 0, 1, 1), Point(0, 0), None])
    2
    """
    return sum(1 for g in geoms if g is None or not polygon_parts([g]))
