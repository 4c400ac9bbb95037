"""Every other format through pyogrio: GeoPackage, FlatGeobuf, Shapefile, KML, anything OGR reads.

A file without a CRS (a Shapefile without ``.prj``) is refused unless the caller names one:
frontline does not guess.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.errors import SourceError
from geo.io.crs import force_2d, to_4326
from geo.io.limits import require_file

if TYPE_CHECKING:
    import geopandas

__all__ = ["read_ogr"]


def read_ogr(
    path: Path,
    label: str,
    crs: Any,
    *,
    validate: bool = True,
    layer: str | None = None,
    crs_hint: str = "a .prj file next to a Shapefile, or crs='EPSG:4326'",
) -> geopandas.GeoDataFrame:
    """Read a file with pyogrio into a 2-D GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    path : pathlib.Path
        The file.
    label : str
        The file name used in error messages.
    crs : Any
        The CRS to assume when the file has none; ``None`` refuses such a file.
    validate : bool, default True
        Refuse non-finite or out-of-range coordinates (:mod:`geo.checks` reads with
        ``False`` to report them instead).
    layer : str, optional
        The layer to read in a multi-layer file (default: OGR's first layer).
    crs_hint : str
        How the caller can name a CRS, quoted in the "no CRS" error (an argument, a
        recipe key, ...).

    Returns
    -------
    geopandas.GeoDataFrame

    Raises
    ------
    SourceError
        Missing or unreadable file, a format OGR does not know, no features, no CRS.
    GeometryError
        Non-finite or out-of-range coordinates (with ``validate``).
    """
    import pyogrio

    require_file(path, label)
    try:
        gdf = pyogrio.read_dataframe(path, layer=layer)
    except Exception as exc:  # pyogrio/GDAL raise many types; all mean "unreadable"
        msg = " ".join(str(exc).split())
        if "not recognized as being in a supported file format" in msg:
            raise SourceError(
                "not GeoJSON and not a format GDAL/OGR recognises (GeoPackage, FlatGeobuf, "
                "Shapefile, KML, ...)",
                path=label,
            ) from None
        msg = msg.replace(str(path), "").strip(" :'") or type(exc).__name__
        raise SourceError(f"cannot read with GDAL/OGR: {msg}", path=label) from None
    if len(gdf) == 0:
        raise SourceError("has no features", path=label)
    if gdf.crs is None:
        if crs is None:
            raise SourceError(
                f"no CRS; set one ({crs_hint}), frontline does not guess",
                path=label,
            )
        gdf = gdf.set_crs(crs)
    return to_4326(force_2d(gdf), label, validate=validate)
