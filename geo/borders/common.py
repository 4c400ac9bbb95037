"""What the border functions share: their inputs as polygons, merging lines, buffer operands.

:func:`as_single` and :func:`as_polygonal` turn anything :mod:`geo.geoinput` reads (plus a
row from :func:`geo.layers.find_feature`) into one lon/lat shapely geometry, with errors
that name the argument (``A``, ``B``, ``line``). The other helpers are the geometric steps
:mod:`geo.borders.shared` and :mod:`geo.borders.tripoints` both take.

Examples
--------
>>> from shapely import LineString, Polygon
>>> as_polygonal(Polygon([(0, 0), (1, 0), (1, 1)]), "A").geom_type
'Polygon'
>>> merge_lines([LineString([(0, 0), (1, 0)]), LineString([(1, 0), (2, 0)])]).wkt
'LINESTRING (0 0, 1 0, 2 0)'
"""

from __future__ import annotations

from typing import TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, MultiLineString
from shapely.ops import nearest_points

from geo.errors import GeometryError
from geo.frames import LocalFrame
from geo.geoinput import GeoInput, as_geometries, check_present, single_parts
from geo.measure import distance

__all__ = [
    "QUAD_SEGS",
    "FeatureInput",
    "as_polygonal",
    "as_single",
    "describe_gap",
    "merge_lines",
    "project_operand",
]

#: What the border functions accept: any :data:`geo.geoinput.GeoInput`, or a row (a
#: :class:`pandas.Series` with a ``geometry`` value) as :func:`geo.layers.find_feature`
#: returns it.
FeatureInput: TypeAlias = GeoInput | pd.Series

#: Segments per quarter circle of a buffer. Buffers approximate circles by polygons
#: inscribed in them; 32 keeps the radius error below 0.05 % (1 - cos(pi / 128)).
QUAD_SEGS = 32


def as_single(obj: FeatureInput, name: str) -> shapely.Geometry:
    """Return one lon/lat shapely geometry from any accepted input (features are unioned).

    Parameters
    ----------
    obj : FeatureInput
        Geometry, mapping, GeoSeries/GeoDataFrame, path, layer id or row.
    name : str
        The argument's name for error messages (``"A"``).

    Returns
    -------
    shapely.Geometry
        The only geometry, or the union of several.

    Raises
    ------
    GeometryError
        A row without geometry, or an empty or null geometry.
    """
    if isinstance(obj, pd.Series) and not isinstance(obj, gpd.GeoSeries):
        # A row from find_feature / gdf.iloc[i]: its geometry cell (the layer's CRS, which
        # geo.io always makes EPSG:4326).
        geom = obj.get("geometry")
        if not isinstance(geom, shapely.Geometry):
            raise GeometryError(f"{name}: the row has no 'geometry' value")
        obj = geom
    geoms = as_geometries(obj)
    try:
        check_present(geoms)
    except GeometryError as exc:
        # The feature index only helps when there are several features.
        raise GeometryError(f"{name}: {exc if len(geoms) > 1 else exc.message}") from None
    if len(geoms) == 1:
        return geoms[0]
    return shapely.union_all(geoms)


def as_polygonal(obj: FeatureInput, name: str) -> shapely.Geometry:
    """Return one valid lon/lat Polygon or MultiPolygon from any accepted input.

    Parameters
    ----------
    obj : FeatureInput
        As :func:`as_single`.
    name : str
        The argument's name for error messages.

    Returns
    -------
    shapely.Polygon or shapely.MultiPolygon
        A MultiPolygon when there are several parts.

    Raises
    ------
    GeometryError
        Not polygonal, a non-finite coordinate, or an invalid polygon (with the reason).
    """
    geom = as_single(obj, name)
    parts, _ = single_parts(np.array([geom], dtype=object))
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


def merge_lines(lines: list[LineString]) -> LineString | MultiLineString:
    """Return ``lines`` line-merged: one LineString where they connect, else a MultiLineString.

    Parameters
    ----------
    lines : list of shapely.LineString
        Lon/lat.

    Returns
    -------
    shapely.LineString or shapely.MultiLineString
        An empty MultiLineString when nothing is left.
    """
    merged = shapely.line_merge(MultiLineString(lines))
    if merged.geom_type == "GeometryCollection":  # only when nothing is left
        return MultiLineString()
    return merged


def project_operand(frame: LocalFrame, geom: shapely.Geometry) -> shapely.Geometry:
    """Project a lon/lat polygon used only as a buffer operand to ``frame``, keeping it valid.

    A long straight edge in lon/lat (a clip-box edge, say) becomes a straight chord in the
    projection while the vertices beside it follow the curved image of the parallel, which
    can make a valid polygon self-intersect; densifying to 0.01° (~1 km) first prevents
    that. Should the projected copy still be invalid, it is made valid: it is an internal
    operand, never a result handed back.

    Parameters
    ----------
    frame : geo.frames.LocalFrame
        The local metric frame.
    geom : shapely.Geometry
        Lon/lat polygon.

    Returns
    -------
    shapely.Geometry
        In the frame's metres.
    """
    projected = frame.to_local(shapely.segmentize(geom, 0.01))
    if not shapely.is_valid(projected):
        projected = shapely.make_valid(projected)
    return projected


def describe_gap(a: shapely.Geometry, b: shapely.Geometry, touch: shapely.Geometry) -> str:
    """Say why ``a`` and ``b`` share no line: they touch at points, or how far apart they are.

    Parameters
    ----------
    a, b : shapely.Geometry
        Lon/lat polygons.
    touch : shapely.Geometry
        What their boundaries have in common (possibly empty).

    Returns
    -------
    str
        E.g. ``"they are 12.345 km apart at the closest"`` (geodesic).
    """
    if not touch.is_empty:
        n = len(shapely.get_parts(touch))
        return f"their boundaries only touch at {n} point(s)"
    pa, pb = nearest_points(a, b)
    gap = distance(pa, pb)
    return f"they are {gap.km:,.3f} km apart at the closest"
