"""The polygons a front is derived from: the occupied area and the country it runs across.

Examples
--------
>>> from shapely.geometry import box
>>> country_polygon(box(30, 45, 40, 52)).bounds
(30.0, 45.0, 40.0, 52.0)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from geo import layers
from geo.errors import GeometryError
from geo.geometry import polygon_parts
from geo.io import read_geodata

__all__ = ["country_polygon", "polygonal_input"]


def polygonal_input(obj: Any, what: str) -> Polygon | MultiPolygon:
    """Return one valid 2-D lon/lat (Multi)Polygon from a geometry, mapping, path or Snapshot.

    Parameters
    ----------
    obj : shapely geometry, geo.sources.Snapshot, GeoJSON mapping, GeoDataFrame or path
        The area; a Snapshot gives its ``occupied`` geometry, anything else but a shapely
        geometry is read with :func:`geo.io.read_geodata` and its features unioned.
    what : str
        What the area is (``"occupied"``, ``"country"``), for error messages.

    Returns
    -------
    shapely.Polygon or shapely.MultiPolygon
        Collections opened, invalid rings repaired, only areal parts kept.

    Raises
    ------
    geo.errors.GeometryError
        An empty area, or one without polygons.
    """
    geom = getattr(obj, "occupied", None)  # a geo.sources Snapshot
    if geom is None:
        if isinstance(obj, BaseGeometry):
            geom = obj
        else:
            geom = shapely.union_all(read_geodata(obj).geometry.values)
    if geom is None or geom.is_empty:
        raise GeometryError(f"the {what} area is empty")
    geom = shapely.force_2d(geom)
    if not isinstance(geom, (Polygon, MultiPolygon)) or not geom.is_valid:
        parts = polygon_parts([geom])  # opens collections, repairs, keeps areal parts
        if not parts:
            raise GeometryError(f"the {what} area has no polygons (got {geom.geom_type})")
        geom = MultiPolygon(parts) if len(parts) > 1 else parts[0]
    return geom


def country_polygon(country: Any) -> BaseGeometry:
    """Return a country's (Multi)Polygon: from the ``countries`` layer by ISO A3 code or name.

    Parameters
    ----------
    country : str or geometry-like
        An ISO 3166 alpha-3 code or name (looked up with :func:`geo.layers.country`), or a
        polygon in any form :func:`geo.io.read_geodata` accepts.

    Returns
    -------
    shapely.Polygon or shapely.MultiPolygon
        Lon/lat, valid.

    Raises
    ------
    geo.errors.LayerError
        An unknown country code or name.
    """
    if isinstance(country, str) and not Path(country).exists():
        return polygonal_input(layers.country(country), "country")
    return polygonal_input(country, "country")
