"""KML and KMZ (zipped KML), as exported by Google My Maps or Google Earth.

KML is always WGS84 lon/lat. Folders become separate OGR layers; in a KML they organise
one map rather than offer alternatives, so the polygons of *all* folders are read (give
``layer=`` to read one). A KMZ is a zip archive holding a ``.kml`` document (``doc.kml`` by
convention); GDAL reads it in place through ``/vsizip/``, nothing is extracted to disk.

GDAL's LIBKML driver is used when available (it reads KMZ natively and understands
``MultiGeometry``); the plain KML driver is the fallback.

Examples
--------
>>> import tempfile, pathlib
>>> kml = '''<?xml version="1.0" encoding="UTF-8"?>
... <kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Occupied</name>
... <Polygon><outerBoundaryIs><LinearRing><coordinates>
... 30,48,0 31,48,0 31,49,0 30,48,0
... </coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>'''
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "front_2024-11-13.kml").write_text(kml)
>>> snap = read_kml(folder / "front_2024-11-13.kml")
>>> snap.date.isoformat(), snap.kind, round(snap.area().km2)
('2024-11-13', 'kml', 4149)
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from geo.errors import SourceError
from geo.geometry import count_non_polygonal, dissolve_polygons
from geo.sources.dates import DateLike, resolve_date
from geo.sources.ogr import check_readable, gdal_message, merge_layers
from geo.sources.snapshot import Snapshot

if TYPE_CHECKING:
    import geopandas

__all__ = ["kml_dataset_path", "read_kml", "read_kml_frame"]


def _driver() -> str:
    import pyogrio

    return "LIBKML" if "LIBKML" in pyogrio.list_drivers() else "KML"


def kml_dataset_path(path: str | os.PathLike[str]) -> str:
    """The path GDAL should open for a KML or KMZ file.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.kml`` file, or a ``.kmz`` (zip) archive.

    Returns
    -------
    str
        The path itself for KML; for a KMZ, a ``/vsizip/`` path to the archive's main KML
        document (``doc.kml`` if present, else the first ``.kml`` member).

    Raises
    ------
    SourceError
        A KMZ that is not a zip archive or holds no ``.kml`` document.
    """
    label = os.fspath(path)
    if not zipfile.is_zipfile(label):
        if Path(label).suffix.lower() == ".kmz":
            raise SourceError("not a KMZ: the file is not a zip archive", path=label)
        return label
    try:
        with zipfile.ZipFile(label) as zf:
            members = [n for n in zf.namelist() if n.lower().endswith(".kml")]
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(f"cannot open the KMZ archive: {exc}", path=label) from None
    if not members:
        raise SourceError("not a KMZ: the archive holds no .kml document", path=label)
    main = "doc.kml" if "doc.kml" in members else sorted(members)[0]
    return f"/vsizip/{os.path.abspath(label)}/{main}"


def read_kml_frame(
    path: str | os.PathLike[str], *, layer: str | int | None = None
) -> geopandas.GeoDataFrame:
    """Read every feature of a KML/KMZ file (all folders) into one GeoDataFrame, EPSG:4326.

    Parameters
    ----------
    path : str or os.PathLike
        The ``.kml`` or ``.kmz`` file.
    layer : str or int, optional
        One folder (OGR layer) only.

    Returns
    -------
    geopandas.GeoDataFrame
        With a ``layer`` column naming the folder.

    Raises
    ------
    SourceError
        Missing, empty or unreadable file, a bad KMZ, no features.
    """
    import pyogrio

    label = os.fspath(path)
    check_readable(Path(label), label)
    target = kml_dataset_path(label)
    driver = _driver()
    try:
        names = [str(row[0]) for row in pyogrio.list_layers(target)]
    except Exception as exc:  # GDAL: not KML, broken XML, ...
        raise SourceError(f"cannot read as KML: {gdal_message(exc, target)}", path=label) from None
    if layer is not None:
        if isinstance(layer, int) and 0 <= layer < len(names):
            names = [names[layer]]
        elif isinstance(layer, str) and layer in names:
            names = [layer]
        else:
            folders = ", ".join(names)
            raise SourceError(f"no folder {layer!r}; the folders are {folders}", path=label)
    frames = []
    for name in names:
        try:
            gdf = pyogrio.read_dataframe(target, layer=name)
        except Exception as exc:
            raise SourceError(
                f"cannot read KML folder {name!r} with {driver}: {gdal_message(exc, target)}",
                path=label,
            ) from None
        if len(gdf):
            gdf["layer"] = name
            frames.append(gdf)
    # KML is WGS84 lon/lat by definition (OGC KML 2.2, section 6.2).
    return merge_layers(frames, label)


def read_kml(
    path: str | os.PathLike[str],
    *,
    layer: str | int | None = None,
    date: DateLike | None = None,
    require_date: bool = True,
) -> Snapshot:
    """Read the occupied area from a KML or KMZ file: the union of its polygons.

    Parameters
    ----------
    path : str or os.PathLike
        The ``.kml`` or ``.kmz`` file.
    layer : str or int, optional
        One folder only (default: all folders).
    date : datetime.date or str, optional
        The snapshot date; by default from the file name.
    require_date : bool, default True
        Raise when there is no date.

    Returns
    -------
    Snapshot
        ``kind="kml"``.

    Raises
    ------
    SourceError
        Missing, empty or unreadable file, bad KMZ, no polygons, no date.
    """
    import shapely

    label = os.fspath(path)
    when = resolve_date(label, date, required=require_date)
    gdf = read_kml_frame(label, layer=layer)
    geoms = shapely.force_2d(gdf.geometry.values)
    occupied = dissolve_polygons(geoms, path=label)
    return Snapshot(
        path=label, date=when, occupied=occupied, kind="kml", skipped=count_non_polygonal(geoms)
    )
