"""Anything OGR reads, through pyogrio: GeoPackage, FlatGeobuf, Shapefile, GML, ...

The file's polygons are the occupied area. A file with several polygon layers (a GeoPackage
holding both "occupied" and "liberated") is ambiguous: name the layer. The file must carry
its CRS (a Shapefile needs its ``.prj``); coordinates are transformed to EPSG:4326.

Examples
--------
>>> import geopandas, shapely, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> gdf = geopandas.GeoDataFrame(geometry=[shapely.box(30, 48, 31, 49)], crs="EPSG:4326")
>>> gdf.to_file(folder / "occupied_20241113.gpkg", layer="occupied")
>>> snap = read_ogr(folder / "occupied_20241113.gpkg")
>>> snap.date.isoformat(), snap.kind, round(snap.area().km2)
('2024-11-13', 'ogr', 8218)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.errors import GeoError, SourceError
from geo.geometry import dissolve_polygons
from geo.io import read_geodata
from geo.sources.dates import DateLike, resolve_date
from geo.sources.snapshot import Snapshot

if TYPE_CHECKING:
    import geopandas

__all__ = ["check_readable", "gdal_message", "read_ogr", "read_polygon_layers"]

_POLYGONAL = ("Polygon", "MultiPolygon", "Polygon Z", "MultiPolygon Z", "Unknown", None)


def check_readable(path: Path, label: str) -> None:
    """Raise :class:`SourceError` unless ``path`` is an existing, non-empty regular file.

    Parameters
    ----------
    path : pathlib.Path
        The file.
    label : str
        The name used in the message.
    """
    if not path.exists():
        raise SourceError("no such file", path=label)
    if path.is_dir():
        raise SourceError("is a directory, expected a file", path=label)
    if not path.is_file():
        raise SourceError("is not a regular file", path=label)
    if path.stat().st_size == 0:
        raise SourceError("file is empty", path=label)


def gdal_message(exc: BaseException, path: str | os.PathLike[str]) -> str:
    """One line from a pyogrio/GDAL exception, without the (repeated) file name."""
    text = " ".join(str(exc).split()).replace(os.fspath(path), "").strip(" :'\"")
    return text or type(exc).__name__


def read_polygon_layers(
    path: str | os.PathLike[str],
    *,
    layer: str | int | None = None,
    vsi_path: str | None = None,
) -> geopandas.GeoDataFrame:
    """Read the polygon layer(s) of an OGR dataset into one GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    path : str or os.PathLike
        The dataset, named in errors.
    layer : str or int, optional
        The layer to read. By default the only layer with polygons; with several, an error
        lists them (KML folders are the exception: see :mod:`geo.sources.kml`).
    vsi_path : str, optional
        What to open instead of ``path`` (e.g. a GDAL ``/vsizip/`` path inside an archive).

    Returns
    -------
    geopandas.GeoDataFrame
        Features of the chosen layer(s), EPSG:4326, with a ``layer`` column.

    Raises
    ------
    SourceError
        Unreadable, no layers, no CRS, several polygon layers and no ``layer``, or an
        unknown ``layer``.
    """
    import pyogrio

    label = os.fspath(path)
    target = vsi_path or label
    try:
        listed = pyogrio.list_layers(target)
    except Exception as exc:  # pyogrio/GDAL raise several types; all mean "unreadable"
        raise SourceError(
            f"cannot read with GDAL/OGR: {gdal_message(exc, target)}", path=label
        ) from None
    frames = []
    for name in _chosen_layers(listed, layer, label):
        gdf = _read_layer(target, name, label)
        if gdf is not None:
            frames.append(gdf)
    return merge_layers(frames, label)


def _chosen_layers(listed: Any, layer: str | int | None, label: str) -> list[str]:
    """The layer names to read: ``layer`` if given, else the only one with polygons."""
    names = [str(row[0]) for row in listed]
    if not names:
        raise SourceError("has no layers", path=label)
    if layer is not None:
        chosen = [names[layer]] if isinstance(layer, int) and 0 <= layer < len(names) else None
        if isinstance(layer, str) and layer in names:
            chosen = [layer]
        if not chosen:
            raise SourceError(f"no layer {layer!r}; the layers are {', '.join(names)}", path=label)
        return chosen
    chosen = [str(n) for n, kind in listed if kind in _POLYGONAL]
    if len(chosen) > 1:
        raise SourceError(
            f"several layers may hold polygons ({', '.join(chosen)}); choose one with layer=",
            path=label,
        )
    if not chosen:
        raise SourceError(
            f"no polygons: no layer holds polygons (layers: {', '.join(names)})", path=label
        )
    return chosen


def _read_layer(target: str, name: str, label: str) -> geopandas.GeoDataFrame | None:
    """One layer in EPSG:4326 with a ``layer`` column; None when it has no feature."""
    import pyogrio

    try:
        gdf = pyogrio.read_dataframe(target, layer=name)
    except Exception as exc:
        raise SourceError(
            f"cannot read layer {name!r}: {gdal_message(exc, target)}", path=label
        ) from None
    if len(gdf) == 0:
        return None
    try:
        gdf = read_geodata(gdf)
    except GeoError as exc:  # names "<GeoDataFrame>": put the file name back
        raise type(exc)(exc.message, path=label, feature=exc.feature) from None
    gdf["layer"] = name
    return gdf


def merge_layers(frames: list[Any], label: str) -> geopandas.GeoDataFrame:
    """Concatenate per-layer GeoDataFrames (already lon/lat) into one, EPSG:4326.

    Raises
    ------
    SourceError
        No layer held a feature.
    """
    import geopandas
    import pandas as pd

    if not frames:
        raise SourceError("has no features", path=label)
    merged: Any = pd.concat(frames, ignore_index=True)
    return geopandas.GeoDataFrame(merged, geometry="geometry", crs="EPSG:4326")


def read_ogr(
    path: str | os.PathLike[str],
    *,
    layer: str | int | None = None,
    date: DateLike | None = None,
    require_date: bool = True,
) -> Snapshot:
    """Read the occupied area from any dataset pyogrio/GDAL can open.

    Parameters
    ----------
    path : str or os.PathLike
        A GeoPackage, FlatGeobuf, Shapefile (with ``.prj``), GML, ... file.
    layer : str or int, optional
        The layer to read (see :func:`read_polygon_layers`).
    date : datetime.date or str, optional
        The snapshot date; by default from the file name.
    require_date : bool, default True
        Raise when there is no date.

    Returns
    -------
    Snapshot
        ``kind="ogr"``.

    Raises
    ------
    SourceError
        Missing, empty or unreadable file, no CRS, no polygons, ambiguous layers, no date.
    """
    label = os.fspath(path)
    when = resolve_date(label, date, required=require_date)
    check_readable(Path(label), label)
    gdf = read_polygon_layers(label, layer=layer)
    occupied = dissolve_polygons(gdf.geometry, path=label)
    return Snapshot(path=label, date=when, occupied=occupied, kind="ogr")
