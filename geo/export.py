"""Write any layer or derived result to GeoJSON, GeoPackage or FlatGeobuf, atomically.

What can be exported (:func:`to_geodataframe` turns each into a GeoDataFrame in EPSG:4326):

- a catalog layer (its id, or a :class:`geo.layers.Layer`), a file path, a GeoJSON
  mapping, a shapely geometry, a GeoSeries or GeoDataFrame (through
  :func:`geo.io.read_geodata`);
- any result with a ``to_geodataframe()`` method: a derived front
  (:class:`geo.front.FrontResult`: one row per main/enclave × land/river piece), a snapshot
  (:class:`geo.sources.Snapshot`), a classified DeepStateMap document
  (:class:`geo.sources.DeepStateMap`: one row per class);
- the output of :func:`geo.timeline.changes` (gained/lost areas) — already a GeoDataFrame;
- an iterable of :class:`geo.timeline.Frame` (one row per date, for a time slider).

The format follows the suffix (``.geojson``/``.json``, ``.gpkg``, ``.fgb``) or ``driver``.
Writing goes through :func:`geo.io.write_geodata` (pyogrio) or, for FlatGeobuf rows without
a geometry, :func:`geo.files.write_atomic`: a temporary file beside the target, renamed when
complete, so a failure never leaves a partial file.

Examples
--------
>>> import shapely, tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "box.fgb"
>>> export(shapely.box(30, 48, 31, 49), out).name
'box.fgb'
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shapely

from geo.errors import SourceError
from geo.files import write_atomic
from geo.io import DRIVERS, read_geodata, write_geodata

if TYPE_CHECKING:
    import geopandas

__all__ = ["FORMATS", "export", "to_geodataframe"]

#: File suffix → OGR driver (the table :func:`geo.io.write_geodata` uses).
FORMATS: dict[str, str] = DRIVERS


def to_geodataframe(obj: Any) -> geopandas.GeoDataFrame:
    """Turn a layer, file, geometry or derived result into a GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    obj : Any
        See the module docstring for what is accepted.

    Returns
    -------
    geopandas.GeoDataFrame
        A new frame, EPSG:4326.

    Raises
    ------
    SourceError
        Something that cannot be turned into features.
    geo.errors.LayerError
        An unknown layer id.
    """
    import geopandas

    if isinstance(obj, geopandas.GeoDataFrame | geopandas.GeoSeries | shapely.Geometry):
        return read_geodata(obj)
    if isinstance(obj, str | os.PathLike | Mapping):
        return read_geodata(obj)
    to_gdf = getattr(obj, "to_geodataframe", None)
    if callable(to_gdf):
        return read_geodata(to_gdf())
    read = getattr(obj, "read", None)  # a geo.layers.Layer
    if callable(read) and hasattr(obj, "id"):
        return read_geodata(read())
    if isinstance(obj, Iterable):
        items = list(obj)
        if items and all(hasattr(i, "to_feature") for i in items):
            features = [i.to_feature() for i in items]
            return read_geodata({"type": "FeatureCollection", "features": features})
    raise SourceError(
        f"cannot export a {type(obj).__name__}: expected a layer id or path, a geometry, a "
        "GeoDataFrame, or a result with to_geodataframe()"
    )


def export(obj: Any, path: str | os.PathLike[str], *, driver: str | None = None) -> Path:
    """Write ``obj`` to ``path`` as GeoJSON, GeoPackage or FlatGeobuf, atomically.

    Parameters
    ----------
    obj : Any
        A layer id, :class:`geo.layers.Layer`, path, geometry, GeoDataFrame, or a derived
        result (see :func:`to_geodataframe`).
    path : str or os.PathLike
        The target file; the suffix chooses the format unless ``driver`` is given. The
        folder must exist.
    driver : {"GeoJSON", "GPKG", "FlatGeobuf"}, optional
        Force a format.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    SourceError
        Unknown format, nothing to export, or the file cannot be written.
    """
    target = Path(path)
    if driver is None and target.suffix.lower() not in FORMATS:
        raise SourceError(
            "cannot tell the format from the suffix; use .geojson, .gpkg or .fgb",
            path=target,
        )
    if driver is not None and driver not in set(FORMATS.values()):
        raise SourceError(
            f"unsupported driver {driver!r}; use GeoJSON, GPKG or FlatGeobuf", path=target
        )
    gdf = to_geodataframe(obj)
    empty = gdf.geometry.isna() | gdf.geometry.is_empty
    if len(gdf) == 0 or bool(empty.all()):
        raise SourceError("nothing to export: no features with a geometry", path=target)
    fmt = driver or FORMATS[target.suffix.lower()]
    if fmt == "FlatGeobuf" and bool(empty.any()):
        return _write_flatgeobuf_with_nulls(gdf, target)
    return write_geodata(gdf, target, driver=driver)


def _write_flatgeobuf_with_nulls(gdf: geopandas.GeoDataFrame, target: Path) -> Path:
    """FlatGeobuf rows without geometry (e.g. "lost: 0 km²") need the spatial index off.

    GDAL refuses NULL geometries in an indexed FlatGeobuf; rather than drop such rows, write
    without the index, to memory, then atomically to ``target``.
    """
    import pyogrio

    out = gdf.copy()
    out.loc[out.geometry.is_empty, out.geometry.name] = None
    buf = io.BytesIO()
    try:
        pyogrio.write_dataframe(
            out, buf, driver="FlatGeobuf", layer=target.stem, SPATIAL_INDEX="NO"
        )
    except Exception as exc:  # GDAL errors come in several types
        raise SourceError(f"cannot write FlatGeobuf: {exc}", path=target) from None
    return write_atomic(target, buf.getvalue())
