"""Any geometry input to one GeoDataFrame in EPSG:4326: :func:`read_geodata`.

Paths, layer ids, GeoJSON mappings, ``__geo_interface__`` objects, shapely geometries,
GeoSeries and GeoDataFrames all come out the same way: 2-D, lon/lat, checked for range.
A string that is not an existing path and looks like a layer id (letters, digits, ``-``,
``_``; no suffix, no slash) is resolved through :func:`geo.layers.resolve_path`.

Examples
--------
>>> gdf = read_geodata({"type": "LineString", "coordinates": [[30, 50], [31, 50]]})
>>> gdf.crs.to_epsg(), len(gdf)
(4326, 1)
>>> looks_like_layer_id("tumen"), looks_like_layer_id("tumen.geojson")
(True, False)
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shapely

from geo.errors import SourceError
from geo.io.build import frame_from_document
from geo.io.crs import force_2d, to_4326
from geo.io.geojson import read_geojson_text
from geo.io.limits import require_file
from geo.io.ogr import read_ogr
from geo.layers import resolve_path

if TYPE_CHECKING:
    import geopandas

__all__ = ["GEOJSON_SUFFIXES", "is_geojson_file", "looks_like_layer_id", "read_geodata"]

#: File name endings read as GeoJSON by :mod:`geo.io` (others go through pyogrio).
GEOJSON_SUFFIXES = (".geojson", ".json")

_LAYER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*")


def looks_like_layer_id(text: str) -> bool:
    """True when ``text`` could be a catalog layer id: a plain name, no suffix, no slash.

    Parameters
    ----------
    text : str

    Returns
    -------
    bool
    """
    return bool(_LAYER_ID.fullmatch(text)) and not Path(text).suffix


def is_geojson_file(path: Path, label: str) -> bool:
    """True when a file is read as GeoJSON: a GeoJSON suffix, or content starting like JSON.

    Parameters
    ----------
    path : pathlib.Path
        The file (it must exist).
    label : str
        The file name used in error messages.

    Returns
    -------
    bool

    Raises
    ------
    SourceError
        The file is missing or cannot be read.
    """
    return path.suffix.lower() in GEOJSON_SUFFIXES or _sniff_json(path, label)


def _sniff_json(path: Path, label: str) -> bool:
    """True when a file with another suffix starts like a JSON object."""
    require_file(path, label)
    try:
        with path.open("rb") as fh:
            head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", path=label) from None
    return head[:1] in (b"{", b"[")


def read_geodata(source: Any, *, crs: Any = None) -> geopandas.GeoDataFrame:
    """Read any supported source into a GeoDataFrame in EPSG:4326 (lon/lat).

    Parameters
    ----------
    source : str, os.PathLike, mapping, shapely geometry, GeoSeries or GeoDataFrame
        A file path; a layer id from the catalog (used when the string is not an existing
        path); a GeoJSON mapping (FeatureCollection, Feature or geometry); a shapely geometry
        (lon/lat unless ``crs`` says otherwise); a GeoSeries or GeoDataFrame.
    crs : pyproj.CRS, str or int, optional
        The CRS of ``source`` when the source itself carries none (a shapely geometry, a
        GeoSeries/GeoDataFrame without CRS, a file without CRS). Ignored when the source
        names its own CRS. GeoJSON without a ``crs`` member is CRS84 regardless.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per feature, properties as columns (plus ``id`` if features carry ids),
        geometries 2-D, CRS EPSG:4326. Always a new object.

    Raises
    ------
    SourceError
        Unreadable input, wrong format, missing or unusable CRS (see :mod:`geo.io`).
    GeometryError
        A geometry that cannot be built, or non-finite / out-of-range coordinates.
    geo.errors.LayerError
        An unknown layer id (the message lists close matches).

    Examples
    --------
    >>> import shapely
    >>> read_geodata(shapely.Point(30.5, 50.45)).geometry[0].wkt
    'POINT (30.5 50.45)'
    """
    import geopandas

    if isinstance(source, geopandas.GeoDataFrame):
        gdf = source.copy()
        if gdf.crs is None and crs is not None:
            gdf = gdf.set_crs(crs)
        return to_4326(force_2d(gdf), "<GeoDataFrame>")
    if isinstance(source, geopandas.GeoSeries):
        gs = source if source.crs is not None or crs is None else source.set_crs(crs)
        return to_4326(force_2d(geopandas.GeoDataFrame(geometry=gs.copy())), "<GeoSeries>")
    if isinstance(source, shapely.Geometry):
        gdf = geopandas.GeoDataFrame(geometry=[source], crs=crs if crs is not None else 4326)
        return to_4326(force_2d(gdf), "<geometry>")
    if isinstance(source, Mapping):
        return frame_from_document(source, "<GeoJSON>", crs)
    if hasattr(source, "__geo_interface__"):
        return frame_from_document(source.__geo_interface__, "<__geo_interface__>", crs)
    if isinstance(source, (str, os.PathLike)):
        return _read_path(source, crs)
    raise SourceError(
        f"cannot read a {type(source).__name__}; expected a path, a layer id, a GeoJSON "
        "mapping, a shapely geometry, a GeoSeries or a GeoDataFrame"
    )


def _read_path(source: str | os.PathLike[str], crs: Any) -> geopandas.GeoDataFrame:
    """A file, or a catalog layer id when the string names no existing path."""
    label = os.fspath(source)
    path = Path(label)
    if isinstance(source, str) and not path.exists() and looks_like_layer_id(source):
        path = Path(resolve_path(source))
        label = str(path)
    if is_geojson_file(path, label):
        return frame_from_document(read_geojson_text(label), label, crs)
    return read_ogr(path, label, crs)
