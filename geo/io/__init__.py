"""Reading and writing geodata: every input in, always EPSG:4326 (lon/lat) out.

GeoJSON is read by this package itself rather than by GDAL, so that bad input gets a precise
one-line error (file, feature index, line and column) instead of a driver message or a
traceback, and so that :mod:`geo.checks` can see the raw coordinates (GDAL closes open rings
and drops altitude silently). Other formats (GeoPackage, FlatGeobuf, Shapefile, KML, anything
OGR reads) go through pyogrio.

The rules, in order:

* A string that is not an existing path and looks like a layer id (letters, digits, ``-``,
  ``_``; no suffix, no slash) is resolved through :func:`geo.layers.resolve_path`; an unknown
  id raises :class:`~geo.errors.LayerError` listing close matches.
* GeoJSON must be UTF-8 (a BOM is tolerated) and strict JSON: ``NaN``, ``Infinity`` and
  numbers that overflow to infinity are refused, naming the feature and line.
* GeoJSON without a ``crs`` member is CRS84 (RFC 7946). A ``crs`` member naming another CRS
  is honoured (coordinates transformed to EPSG:4326) here, and reported by :mod:`geo.checks`.
* Positions need 2 or more numbers; a third value (altitude) and any further ones are
  dropped, because every figure frontline reports is measured on the ellipsoid surface
  (RFC 7946 3.1.1: extra elements "MAY be ignored by parsers"); :mod:`geo.checks` notes them.
* Longitudes must lie in [-180, 180] and latitudes in [-90, 90] once in EPSG:4326 (RFC 7946
  asks antimeridian-crossing features to be split); a latitude outside the range with a
  longitude inside ±90 is reported as a probable lat/lon swap.
* Sources with no CRS other than GeoJSON (a GeoSeries, a Shapefile without ``.prj``) are
  refused: guessing a CRS silently is how planar metres end up measured as degrees.
* Limits, so a huge or hostile file cannot hang the process or exhaust memory, all enforced
  on the bytes while they are read, before any JSON is parsed (:mod:`~geo.io.scan`): a
  GeoJSON file over :data:`MAX_INPUT_MB` MiB is refused (override with the
  ``FRONTLINE_MAX_INPUT_MB`` environment variable), and so is one with more than
  :data:`MAX_POSITIONS` positions (``FRONTLINE_MAX_POSITIONS``) or arrays and objects nested
  more than :data:`MAX_DEPTH` levels deep. Reading stops as soon as a limit is passed.

Nothing is written except through :mod:`geo.files` (a temporary file next to the target,
renamed), so a failure never leaves a partial output file.

Modules: :mod:`~geo.io.limits` (input limits), :mod:`~geo.io.scan` (reading under the
limits), :mod:`~geo.io.raw` (the raw GeoJSON object
model), :mod:`~geo.io.positions` (position arrays, document validation),
:mod:`~geo.io.geojson` (the strict reader), :mod:`~geo.io.crs` (CRS rules and the EPSG:4326
normal form), :mod:`~geo.io.build` (raw GeoJSON to shapely/geopandas), :mod:`~geo.io.ogr`
(pyogrio), :mod:`~geo.io.read` (:func:`read_geodata`), :mod:`~geo.io.write` (writers).

Examples
--------
>>> gdf = read_geodata({"type": "LineString", "coordinates": [[30, 50], [31, 50]]})
>>> gdf.crs.to_epsg(), len(gdf)
(4326, 1)
"""

from geo.files import write_atomic
from geo.io.build import build_geometry, frame_from_document
from geo.io.crs import CRS84_NAMES, crs_of_document, force_2d, parse_crs, to_4326
from geo.io.geojson import read_geojson_text
from geo.io.limits import MAX_INPUT_MB, MAX_POSITIONS
from geo.io.ogr import read_ogr
from geo.io.positions import position_arrays, positions_to_array, validate_document
from geo.io.raw import GEOMETRY_TYPES, RawFeature, iter_raw_features
from geo.io.read import GEOJSON_SUFFIXES, is_geojson_file, looks_like_layer_id, read_geodata
from geo.io.scan import MAX_DEPTH
from geo.io.write import DRIVERS, write_geodata

__all__ = [
    "CRS84_NAMES",
    "DRIVERS",
    "GEOJSON_SUFFIXES",
    "GEOMETRY_TYPES",
    "MAX_DEPTH",
    "MAX_INPUT_MB",
    "MAX_POSITIONS",
    "RawFeature",
    "build_geometry",
    "crs_of_document",
    "force_2d",
    "frame_from_document",
    "is_geojson_file",
    "iter_raw_features",
    "looks_like_layer_id",
    "parse_crs",
    "position_arrays",
    "positions_to_array",
    "read_geodata",
    "read_geojson_text",
    "read_ogr",
    "to_4326",
    "validate_document",
    "write_atomic",
    "write_geodata",
]
