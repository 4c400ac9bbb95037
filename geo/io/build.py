"""Raw GeoJSON to shapely and geopandas: geometries built strictly, documents as frames.

Nothing is repaired on the way: an unclosed ring or a one-position line is an error here
(shapely would close the ring silently, and a perimeter would then include a segment the
author may not have meant). :func:`geo.checks.repair` exists for those who want it.

Examples
--------
>>> build_geometry({"type": "LineString", "coordinates": [[30, 50, 120], [31, 50]]},
...                "<GeoJSON>", 0).wkt
'LINESTRING (30 50, 31 50)'
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from geo.errors import GeometryError, SourceError
from geo.io.crs import crs_of_document, parse_crs, to_4326
from geo.io.positions import position_arrays, validate_document
from geo.io.raw import iter_raw_features

if TYPE_CHECKING:
    import geopandas

__all__ = ["build_geometry", "frame_from_document"]


def build_geometry(geom: Mapping[str, Any], label: str, index: int) -> shapely.Geometry:
    """Build a 2-D shapely geometry from a validated raw GeoJSON geometry.

    Parameters
    ----------
    geom : mapping
        A raw GeoJSON geometry (validated by :func:`geo.io.validate_document`).
    label : str
        The file name used in error messages.
    index : int
        The feature index used in error messages.

    Returns
    -------
    shapely.Geometry
        2-D (a third value, altitude, and any further values are dropped).

    Raises
    ------
    GeometryError
        A geometry that cannot be built (unclosed or short ring, one-position line).
    """
    kind = geom["type"]
    if kind == "GeometryCollection":
        return shapely.GeometryCollection(
            [build_geometry(g, label, index) for g in geom["geometries"]]
        )
    arrays = (_xy(a, label, index) for a in position_arrays(geom, label, index))
    try:
        return _build(kind, geom["coordinates"], arrays)
    except SourceError:
        raise
    except (ValueError, TypeError, shapely.errors.GEOSException) as exc:
        raise GeometryError(
            f"{kind} cannot be built: {' '.join(str(exc).split())}", path=label, feature=index
        ) from None


def _xy(arr: np.ndarray, label: str, index: int) -> np.ndarray:
    """Longitude and latitude; altitude and further values are dropped.

    RFC 7946 3.1.1: a third value is altitude, and "additional elements MAY be ignored by
    parsers". Every figure frontline reports is measured on the ellipsoid surface, so none of
    them changes a length or an area; :mod:`geo.checks` notes them.
    """
    return arr[:, :2]


def _build(kind: str, coords: Any, arrays: Iterator[np.ndarray]) -> shapely.Geometry:
    """The geometry of one type from its coordinates' position arrays, in order."""
    if kind == "Point":
        arr = next(arrays)
        return shapely.points(arr[0]) if len(coords) else shapely.Point()
    if kind == "MultiPoint":
        return shapely.multipoints(next(arrays)) if coords else shapely.MultiPoint()
    if kind == "LineString":
        return _line(next(arrays)) if coords else shapely.LineString()
    if kind == "MultiLineString":
        return shapely.MultiLineString([_line(next(arrays)) for _ in coords])
    if kind == "Polygon":
        return _polygon(coords, arrays)
    # MultiPolygon
    return shapely.MultiPolygon([_polygon(rings, arrays) for rings in coords])


def _line(arr: np.ndarray) -> shapely.LineString:
    """A LineString, refusing fewer than 2 positions."""
    if len(arr) < 2:
        raise ValueError(f"a line needs at least 2 positions, got {len(arr)}")
    return shapely.linestrings(arr)


def _polygon(rings: list[Any], arrays: Iterator[np.ndarray]) -> shapely.Polygon:
    """A Polygon from its rings' arrays, refusing unclosed or short rings."""
    if not rings:
        return shapely.Polygon()
    built = []
    for _ in rings:
        arr = next(arrays)
        if len(arr) and not (arr[0] == arr[-1]).all():
            # shapely would close it silently; a perimeter would then include a segment the
            # author may not have meant. RFC 7946 requires closed rings: refuse.
            raise ValueError(
                f"a ring is not closed: it ends at ({arr[-1, 0]:g}, {arr[-1, 1]:g}), not at its "
                f"first position ({arr[0, 0]:g}, {arr[0, 1]:g})"
            )
        if len(arr) < 4:
            raise ValueError(f"a ring needs at least 4 positions, got {len(arr)}")
        built.append(shapely.linearrings(arr))
    return shapely.Polygon(built[0], built[1:])


def frame_from_document(
    doc: Mapping[str, Any], label: str, crs: Any = None
) -> geopandas.GeoDataFrame:
    """A raw GeoJSON document as a GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    doc : mapping
        A parsed GeoJSON object (FeatureCollection, Feature or geometry).
    label : str
        The file name used in error messages.
    crs : Any, optional
        The CRS of the coordinates when the document has no ``crs`` member; default CRS84
        (RFC 7946). A ``crs`` member in the document wins.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per feature, properties as columns (plus ``id`` if any feature has one).

    Raises
    ------
    SourceError, GeometryError
        See :func:`geo.io.read_geodata`.
    """
    import geopandas

    validate_document(doc, label)
    named = crs_of_document(doc, label)
    source_crs = parse_crs(named, label) if named is not None else (crs or "OGC:CRS84")
    rows: list[dict[str, Any]] = []
    geoms = []
    has_id = False
    for raw in iter_raw_features(doc, label):
        geoms.append(
            None if raw.geometry is None else build_geometry(raw.geometry, label, raw.index)
        )
        row = dict(raw.properties)
        if raw.id is not None:
            has_id = True
            row.setdefault("id", raw.id)
        rows.append(row)
    if has_id:
        for row in rows:
            row.setdefault("id", None)
    gdf = geopandas.GeoDataFrame(rows, geometry=geoms, crs=source_crs)
    return to_4326(gdf, label)
