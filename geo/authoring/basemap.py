"""The countries basemap as the other builders read it: which file, and a country in it.

The Tumen layer, the occupied area and the Kursk pockets are cut from the ``countries``
layer. A build into a fresh directory builds the basemap there first and the later steps
read that file; otherwise they read the bundled one. A country is found in it with the
shared lookup, :func:`geo.layers.find_feature` (ISO A3 code or name).

Examples
--------
>>> frame = read_countries(LAYERS_DIR / "countries.geojson")
>>> country_geometry(frame, "UKR").geom_type
'MultiPolygon'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas
from shapely.geometry.base import BaseGeometry

from geo.authoring import LAYERS_DIR
from geo.errors import LayerError, SourceError
from geo.layers import find_feature

__all__ = ["countries_path", "country_geometry", "read_countries"]


def countries_path(out_dir: str | Path) -> Path:
    """The countries layer to use: the one built into ``out_dir`` first, else the bundled one."""
    built = Path(out_dir) / "countries.geojson"
    return built if built.is_file() else LAYERS_DIR / "countries.geojson"


def read_countries(path: str | Path) -> Any:
    """Read a countries GeoJSON as a GeoDataFrame, geometries exactly as in the file.

    Parameters
    ----------
    path : str or Path
        The basemap (``countries.geojson``), lon/lat degrees.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per feature, in file order; the ``path`` is kept in ``attrs["path"]``.

    Raises
    ------
    geo.errors.SourceError
        If the file cannot be read or is not a GeoJSON FeatureCollection.
    """
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        frame = geopandas.GeoDataFrame.from_features(doc["features"], crs="EPSG:4326")
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise SourceError(f"cannot read the countries layer: {exc}", path=path) from None
    frame.attrs["path"] = str(path)
    return frame


def country_geometry(countries: str | Path | Any, iso_a3: str) -> BaseGeometry:
    """Return one country's geometry from the countries basemap.

    Parameters
    ----------
    countries : str, Path or geopandas.GeoDataFrame
        The basemap file, or the frame :func:`read_countries` made of it.
    iso_a3 : str
        ISO 3166-1 alpha-3 code, e.g. ``"UKR"`` (a name works too).

    Returns
    -------
    shapely geometry
        Lon/lat degrees.

    Raises
    ------
    geo.errors.SourceError
        If the file cannot be read or has no such country (naming the close matches).
    """
    frame = read_countries(countries) if isinstance(countries, (str, Path)) else countries
    try:
        return find_feature(frame, iso_a3)[frame.geometry.name]
    except LayerError as exc:
        raise SourceError(exc.message, path=frame.attrs.get("path")) from None
