"""CRS rules, and the normal form every reader returns: 2-D, EPSG:4326, in range.

* GeoJSON without a ``crs`` member is CRS84 (RFC 7946). A ``crs`` member naming another CRS
  is honoured (coordinates transformed to EPSG:4326), and reported by :mod:`geo.checks`.
* Sources with no CRS other than GeoJSON (a GeoSeries, a Shapefile without ``.prj``) are
  refused: guessing a CRS silently is how planar metres end up measured as degrees.
* Longitudes must lie in [-180, 180] and latitudes in [-90, 90] once in EPSG:4326 (RFC 7946
  asks antimeridian-crossing features to be split); a latitude outside the range with a
  longitude inside ±90 is reported as a probable lat/lon swap.
* A third value (altitude) is dropped: every figure frontline reports is measured on the
  ellipsoid surface.

Examples
--------
>>> crs_of_document({"type": "Point", "coordinates": [0, 0]}) is None
True
>>> crs_of_document({"crs": {"type": "name", "properties": {"name": "EPSG:3857"}}})
'EPSG:3857'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from geo.errors import GeometryError, SourceError

if TYPE_CHECKING:  # geopandas and pyproj are imported where used: no cost at `import geo.io`
    import geopandas

__all__ = ["CRS84_NAMES", "crs_of_document", "force_2d", "parse_crs", "to_4326"]

#: `crs` member names that mean lon/lat on WGS84. RFC 7946 drops the member; GDAL writes the
#: OGC URN. "EPSG:4326" officially means lat/lon order, but every GeoJSON writer that names it
#: writes lon/lat, so it is read as CRS84.
CRS84_NAMES = frozenset(
    {
        "urn:ogc:def:crs:ogc:1.3:crs84",
        "urn:ogc:def:crs:ogc::crs84",
        "urn:ogc:def:crs:ogc:crs84",
        "ogc:crs84",
        "crs84",
        "epsg:4326",
        "urn:ogc:def:crs:epsg::4326",
        "urn:ogc:def:crs:epsg:4326",
        "http://www.opengis.net/def/crs/ogc/1.3/crs84",
        "http://www.opengis.net/def/crs/epsg/0/4326",
    }
)


def crs_of_document(doc: Mapping[str, Any], label: str = "<GeoJSON>") -> str | None:
    """Return the CRS named by a GeoJSON ``crs`` member, or ``None`` for CRS84.

    Parameters
    ----------
    doc : mapping
        A raw GeoJSON object.
    label : str, default "<GeoJSON>"
        The file name used in error messages.

    Returns
    -------
    str or None
        The CRS name as written (e.g. ``"urn:ogc:def:crs:EPSG::3857"``), or ``None`` when the
        member is missing, null or names CRS84/EPSG:4326.

    Raises
    ------
    SourceError
        A ``crs`` member of an unsupported form (``link``) or without a name.
    """
    crs = doc.get("crs")
    if crs is None:
        return None
    name = None
    if isinstance(crs, dict) and crs.get("type") == "name":
        props = crs.get("properties")
        if isinstance(props, dict) and isinstance(props.get("name"), str):
            name = props["name"].strip()
    if not name:
        raise SourceError(
            "unsupported 'crs' member (expected {'type': 'name', 'properties': {'name': ...}}; "
            "RFC 7946 GeoJSON has no crs member and is always lon/lat WGS84)",
            path=label,
        )
    return None if name.lower() in CRS84_NAMES else name


def parse_crs(value: Any, label: str) -> Any:
    """A horizontal :class:`pyproj.CRS` from what a user or a file wrote.

    Parameters
    ----------
    value : Any
        Anything :meth:`pyproj.CRS.from_user_input` takes (``"EPSG:3857"``, an int, a CRS).
    label : str
        The file name used in error messages.

    Returns
    -------
    pyproj.CRS
        Geographic or projected.

    Raises
    ------
    SourceError
        An unknown CRS, or a vertical or geocentric one.

    Examples
    --------
    >>> parse_crs("EPSG:3857", "<GeoJSON>").is_projected
    True
    """
    import pyproj

    try:
        crs = pyproj.CRS.from_user_input(value)
    except pyproj.exceptions.CRSError:
        raise SourceError(f"unknown CRS {value!r}", path=label) from None
    # A vertical or geocentric CRS would "transform" x/y unchanged or into nonsense.
    if crs.is_geocentric or not (crs.is_geographic or crs.is_projected):
        raise SourceError(
            f"CRS {value!r} is not a horizontal (geographic or projected) CRS", path=label
        )
    return crs


def force_2d(gdf: geopandas.GeoDataFrame) -> geopandas.GeoDataFrame:
    """Drop Z values (altitude) from a GeoDataFrame's geometries, when it has any.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame

    Returns
    -------
    geopandas.GeoDataFrame
        ``gdf`` itself when it is already 2-D, else a frame with 2-D geometries.
    """
    values = gdf.geometry.values
    if shapely.has_z(values.to_numpy() if hasattr(values, "to_numpy") else values).any():
        gdf = gdf.set_geometry(shapely.force_2d(gdf.geometry.values))
    return gdf


def to_4326(
    gdf: geopandas.GeoDataFrame, label: str, *, validate: bool = True
) -> geopandas.GeoDataFrame:
    """Transform to EPSG:4326 and (``validate``) refuse non-finite/out-of-range coordinates.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Must have a CRS.
    label : str
        The file name used in error messages.
    validate : bool, default True
        Check that every coordinate is finite and within longitude/latitude range.

    Returns
    -------
    geopandas.GeoDataFrame
        In EPSG:4326 (spelled so).

    Raises
    ------
    SourceError
        No CRS, or the transformation fails.
    GeometryError
        A non-finite or out-of-range coordinate (naming the feature).
    """
    if gdf.crs is None:
        raise SourceError(
            "no CRS; set one (e.g. gdf.set_crs('EPSG:4326') or crs='EPSG:4326'), frontline "
            "does not guess",
            path=label,
        )
    if not gdf.crs.equals("EPSG:4326"):
        try:
            gdf = gdf.to_crs("EPSG:4326")
        except Exception as exc:  # pyproj raises several types; all mean "cannot transform"
            raise SourceError(
                f"cannot transform from {gdf.crs.to_string()} to EPSG:4326: {exc}", path=label
            ) from None
    else:
        gdf = gdf.set_crs("EPSG:4326", allow_override=True)  # one spelling of the CRS
    if validate:
        _check_lonlat(gdf, label)
    return gdf


def _check_lonlat(gdf: geopandas.GeoDataFrame, label: str) -> None:
    """Refuse the first non-finite or out-of-range coordinate, naming its feature."""
    coords, idx = shapely.get_coordinates(np.asarray(gdf.geometry.values), return_index=True)
    if not len(coords):
        return
    finite = np.isfinite(coords).all(axis=1)
    if not finite.all():
        i = int(idx[np.argmin(finite)])
        raise GeometryError("coordinate is not finite (NaN or infinity)", path=label, feature=i)
    lon, lat = coords[:, 0], coords[:, 1]
    bad = (np.abs(lat) > 90) | (np.abs(lon) > 180 + 1e-9)
    if bad.any():
        j = int(np.argmax(bad))
        x, y = float(lon[j]), float(lat[j])
        hint = (
            "; latitude and longitude look swapped (GeoJSON is [longitude, latitude])"
            if abs(y) > 90 and abs(x) <= 90
            else ""
        )
        raise GeometryError(
            f"coordinate ({x:g}, {y:g}) is outside longitude -180..180 / latitude -90..90{hint}",
            path=label,
            feature=int(idx[j]),
        )
