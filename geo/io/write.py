"""Writers: GeoJSON, GeoPackage and FlatGeobuf through pyogrio, always atomically.

GDAL writes to a temporary file beside the target (:func:`geo.files.temp_beside`) that is
renamed over it when complete (:func:`geo.files.commit`), so a failure never leaves a
partial output file. GeoJSON is written as RFC 7946: lon/lat WGS84, no ``crs`` member,
counter-clockwise exterior rings.

Examples
--------
>>> import geopandas, shapely, tempfile, pathlib
>>> gdf = geopandas.GeoDataFrame({"name": ["Kyiv"]}, geometry=[shapely.Point(30.5, 50.45)],
...                              crs=4326)
>>> write_geodata(gdf, pathlib.Path(tempfile.mkdtemp()) / "kyiv.fgb").name
'kyiv.fgb'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.errors import SourceError
from geo.files import commit, temp_beside
from geo.io.crs import to_4326

if TYPE_CHECKING:
    import geopandas

__all__ = ["DRIVERS", "write_geodata"]

#: File suffix → the OGR driver that writes it.
DRIVERS: dict[str, str] = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".gpkg": "GPKG",
    ".fgb": "FlatGeobuf",
}


def write_geodata(
    gdf: geopandas.GeoDataFrame, path: str | os.PathLike[str], driver: str | None = None
) -> Path:
    """Write a GeoDataFrame as GeoJSON, GeoPackage or FlatGeobuf, atomically, in EPSG:4326.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The data; transformed to EPSG:4326 first (it must have a CRS).
    path : str or os.PathLike
        The target file; its suffix picks the driver when ``driver`` is not given
        (``.geojson``/``.json``, ``.gpkg``, ``.fgb``).
    driver : {"GeoJSON", "GPKG", "FlatGeobuf"}, optional
        The OGR driver.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    SourceError
        Unknown format, no CRS, or the file cannot be written.
    """
    import pyogrio

    target = Path(path)
    if driver is None:
        driver = DRIVERS.get(target.suffix.lower())
        if driver is None:
            raise SourceError(
                "cannot tell the format from the suffix; use .geojson, .gpkg or .fgb, or pass "
                "driver=",
                path=target,
            )
    if driver not in set(DRIVERS.values()):
        raise SourceError(f"unsupported driver {driver!r}", path=target)
    out = to_4326(gdf.copy(), str(target))
    options: dict[str, Any] = {}
    if driver == "GeoJSON":
        # RFC 7946: lon/lat WGS84, no crs member, counter-clockwise exterior rings.
        options = {"RFC7946": "YES", "WRITE_NAME": "NO"}
    with temp_beside(target, suffix=target.suffix) as tmp:
        os.unlink(tmp)  # GDAL refuses to create a file that already exists
        try:
            pyogrio.write_dataframe(
                out, tmp, driver=driver, layer=target.stem, layer_options=options
            )
        except Exception as exc:  # GDAL errors come in several types
            raise SourceError(f"cannot write {driver}: {exc}", path=target) from None
        commit(tmp, target)
    return target
