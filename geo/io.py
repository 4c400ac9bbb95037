"""Reading and writing geodata: every input in, always EPSG:4326 (lon/lat) out.

GeoJSON is read by this module itself rather than by GDAL, so that bad input gets a precise
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
* Positions need 2 or 3 numbers; a third value (altitude) is dropped, because every figure
  frontline reports is measured on the ellipsoid surface. Four or more values are refused:
  RFC 7946 leaves their meaning undefined.
* Longitudes must lie in [-180, 180] and latitudes in [-90, 90] once in EPSG:4326 (RFC 7946
  asks antimeridian-crossing features to be split); a latitude outside the range with a
  longitude inside ±90 is reported as a probable lat/lon swap.
* Sources with no CRS other than GeoJSON (a GeoSeries, a Shapefile without ``.prj``) are
  refused: guessing a CRS silently is how planar metres end up measured as degrees.
* Limits, so a huge or hostile file cannot hang the process or exhaust memory: a GeoJSON file
  over :data:`MAX_INPUT_MB` MiB is refused before it is read (override with the
  ``FRONTLINE_MAX_INPUT_MB`` environment variable); a document with more than
  :data:`MAX_POSITIONS` positions is refused after parsing (``FRONTLINE_MAX_POSITIONS``);
  arrays nested deeper than Python's recursion limit are refused.

Nothing is written except through :func:`write_atomic`, which writes a temporary file next to
the target and renames it, so a failure never leaves a partial output file.

Examples
--------
>>> gdf = read_geodata({"type": "LineString", "coordinates": [[30, 50], [31, 50]]})
>>> gdf.crs.to_epsg(), len(gdf)
(4326, 1)
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.errors import GeoError, GeometryError, SourceError

if TYPE_CHECKING:  # heavy imports stay inside functions: no cost at `import geo.io`
    import geopandas
    import numpy as np
    import shapely

__all__ = [
    "GEOJSON_SUFFIXES",
    "GEOMETRY_TYPES",
    "MAX_INPUT_MB",
    "MAX_POSITIONS",
    "RawFeature",
    "crs_of_document",
    "iter_raw_features",
    "read_geodata",
    "read_geojson_text",
    "validate_document",
    "write_atomic",
    "write_geodata",
]

#: Default size limit for a GeoJSON file, in MiB (env ``FRONTLINE_MAX_INPUT_MB``). Parsing
#: JSON into Python lists costs 10-20x the file size in memory; 128 MiB stays under ~2.5 GB.
MAX_INPUT_MB = 128
#: Default limit on the number of positions in one GeoJSON document
#: (env ``FRONTLINE_MAX_POSITIONS``). The bundled layers hold a few thousand.
MAX_POSITIONS = 10_000_000

#: File name endings read as GeoJSON by this module (others go through pyogrio).
GEOJSON_SUFFIXES = (".geojson", ".json")

#: GeoJSON geometry types and how many array levels sit above their positions.
GEOMETRY_TYPES: dict[str, int] = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
    "GeometryCollection": -1,
}
_TOP_TYPES = ("FeatureCollection", "Feature", *GEOMETRY_TYPES)

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

_LAYER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*")
_BAD_CONSTANT = re.compile(r"-?Infinity|NaN")


def _env_limit(name: str, default: float) -> float:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        limit = float(value)
    except ValueError:
        raise SourceError(f"environment variable {name}={value!r} is not a number") from None
    if not limit > 0:
        raise SourceError(f"environment variable {name}={value!r} must be positive")
    return limit


# --------------------------------------------------------------------------- raw GeoJSON


class _NonFiniteError(ValueError):
    """Raised by the JSON parser on NaN/Infinity tokens (caught and reworded)."""


def _reject_constant(token: str) -> float:
    raise _NonFiniteError(token)


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, col


def _check_file(path: Path, label: str) -> int:
    """Refuse a missing path, a directory or an unreadable file; return its size in bytes."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise SourceError("no such file", path=label) from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", path=label) from None
    if path.is_dir():
        raise SourceError("is a directory, expected a file", path=label)
    if not path.is_file():
        raise SourceError("is not a regular file", path=label)
    return st.st_size


def read_geojson_text(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a GeoJSON file into its raw parsed document, validating its structure.

    The document is returned as parsed (coordinates are nested lists, nothing is closed,
    reoriented or dropped), for :mod:`geo.checks`. Its structure has been validated: the
    top-level ``type`` is ``FeatureCollection``, ``Feature`` or a geometry type; every
    geometry has the right nesting of arrays; every position holds 2 or more finite numbers.

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    dict
        The parsed JSON object.

    Raises
    ------
    SourceError
        Missing path, a directory, an empty or too large file, bytes that are not UTF-8,
        invalid or truncated JSON (with line and column), ``NaN``/``Infinity``, wrong
        GeoJSON types or nesting, an empty FeatureCollection, too many positions.
    """
    label = str(path)
    p = Path(path)
    size = _check_file(p, label)
    limit_mb = _env_limit("FRONTLINE_MAX_INPUT_MB", MAX_INPUT_MB)
    if size > limit_mb * 1024 * 1024:
        raise SourceError(
            f"file is {size / 1024 / 1024:,.1f} MiB, over the {limit_mb:g} MiB limit for GeoJSON "
            "(simplify it, or raise FRONTLINE_MAX_INPUT_MB)",
            path=label,
        )
    if size == 0:
        raise SourceError("file is empty, expected a GeoJSON object", path=label)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", path=label) from None
    try:
        text = data.decode("utf-8-sig")  # RFC 7946 forbids a BOM but allows ignoring one
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} (line {line}); "
            "GeoJSON must be UTF-8 (RFC 7946), re-save the file as UTF-8",
            path=label,
        ) from None
    doc = _parse_json(text, label)
    validate_document(doc, label)
    return doc


def _parse_json(text: str, label: str) -> Any:
    if not text.strip():
        raise SourceError("file holds only whitespace, expected a GeoJSON object", path=label)
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except _NonFiniteError as exc:
        raise _non_finite_error(text, str(exc), label) from None
    except json.JSONDecodeError as exc:
        line, col = exc.lineno, exc.colno
        if exc.pos >= len(text.rstrip()):
            raise SourceError(
                f"not valid JSON: the file ends early at line {line}, column {col} (truncated?)",
                path=label,
            ) from None
        raise SourceError(
            f"not valid JSON: {exc.msg} at line {line}, column {col}", path=label
        ) from None
    except RecursionError:
        raise SourceError(
            "not usable JSON: arrays or objects are nested too deeply", path=label
        ) from None


def _non_finite_error(text: str, token: str, label: str) -> SourceError:
    """Say where a NaN/Infinity token is: which feature, which line and column."""
    match = _BAD_CONSTANT.search(text)
    where = ""
    if match is not None:
        line, col = _line_col(text, match.start())
        where = f" at line {line}, column {col}"
    feature: int | None = None
    try:  # Re-parse leniently only to find which feature holds the value.
        lenient = json.loads(text)
        for raw in iter_raw_features(lenient, label):
            arrays = list(_position_arrays(raw.geometry, label, raw.index)) if raw.geometry else []
            if any(not _all_finite(a) for a in arrays):
                feature = raw.index
                break
    except (ValueError, RecursionError, GeoError):
        pass
    what = "coordinate" if feature is not None else "value"
    return SourceError(
        f"{what} is {token}{where}; JSON has no NaN or Infinity (use null, or drop the feature)",
        path=label,
        feature=feature,
    )


def _all_finite(arr: np.ndarray) -> bool:
    import numpy as np

    return bool(np.isfinite(arr).all())


@dataclass(frozen=True)
class RawFeature:
    """One feature of a raw GeoJSON document, as :func:`iter_raw_features` yields it.

    Attributes
    ----------
    index : int or None
        Position in the FeatureCollection (0-based); ``0`` for a lone Feature or geometry.
    id : str, int or None
        The Feature's ``id`` member, if any.
    geometry : dict or None
        The raw geometry object (``None`` for an unlocated feature).
    properties : dict
        The properties (``{}`` when missing or null).
    """

    index: int
    id: str | int | None
    geometry: dict[str, Any] | None
    properties: dict[str, Any]


def _type_error(got: object, expected: tuple[str, ...], where: str) -> str:
    if not isinstance(got, str):
        return f"{where}has no valid 'type' member (got {got!r}); expected one of " + ", ".join(
            expected
        )
    close = difflib.get_close_matches(got, expected, n=1, cutoff=0.6)
    if not close:
        close = [e for e in expected if e.lower() == got.lower()]
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"{where}unknown GeoJSON type {got!r}, expected one of {', '.join(expected)}{hint}"


def iter_raw_features(doc: Any, label: str = "<GeoJSON>") -> Iterator[RawFeature]:
    """Yield the features of a raw GeoJSON document, checking the object types.

    Parameters
    ----------
    doc : Any
        A parsed GeoJSON object (FeatureCollection, Feature or geometry).
    label : str, default "<GeoJSON>"
        The file name used in error messages.

    Yields
    ------
    RawFeature

    Raises
    ------
    SourceError
        Wrong object types, a FeatureCollection without a ``features`` array or with no
        features, properties that are not an object.
    """
    if not isinstance(doc, dict):
        kind = type(doc).__name__ if not isinstance(doc, list) else "an array"
        raise SourceError(
            f"top level is {kind}, expected a GeoJSON object "
            "(FeatureCollection, Feature or geometry)",
            path=label,
        )
    kind = doc.get("type")
    if kind not in _TOP_TYPES:
        raise SourceError(_type_error(kind, _TOP_TYPES, ""), path=label)
    if kind == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            raise SourceError("FeatureCollection has no 'features' array", path=label)
        if not features:
            raise SourceError("FeatureCollection has no features", path=label)
        for i, feat in enumerate(features):
            yield _raw_feature(feat, i, label)
    elif kind == "Feature":
        yield _raw_feature(doc, 0, label)
    else:
        yield RawFeature(0, None, doc, {})


def _raw_feature(feat: Any, index: int, label: str) -> RawFeature:
    if not isinstance(feat, dict) or feat.get("type") != "Feature":
        got = repr(feat.get("type")) if isinstance(feat, dict) else _describe(feat)
        raise SourceError(
            f"a member of 'features' has type {got}, expected 'Feature'",
            path=label,
            feature=index,
        )
    if "geometry" not in feat:
        raise SourceError(
            "Feature has no 'geometry' member (null is allowed)", path=label, feature=index
        )
    geom = feat["geometry"]
    if geom is not None and not isinstance(geom, dict):
        raise SourceError("'geometry' must be an object or null", path=label, feature=index)
    props = feat.get("properties")
    if props is None:
        props = {}
    if not isinstance(props, dict):
        raise SourceError("'properties' must be an object or null", path=label, feature=index)
    fid = feat.get("id")
    if fid is not None and (isinstance(fid, bool) or not isinstance(fid, (str, int, float))):
        raise SourceError("'id' must be a string or a number", path=label, feature=index)
    if geom is not None and geom.get("type") not in GEOMETRY_TYPES:
        raise SourceError(
            _type_error(geom.get("type"), tuple(GEOMETRY_TYPES), "geometry: "),
            path=label,
            feature=index,
        )
    return RawFeature(index, fid, geom, props)


def _position_arrays(
    geom: Mapping[str, Any], label: str, index: int | None, _depth: int = 0
) -> Iterator[np.ndarray]:
    """Yield one float array (n, k) per innermost list of positions (a ring, a line, ...).

    A Point yields a (1, k) array. Validates nesting, numbers and position length.
    """
    kind = geom.get("type")
    if kind not in GEOMETRY_TYPES:
        raise SourceError(
            _type_error(kind, tuple(GEOMETRY_TYPES), "geometry: "), path=label, feature=index
        )
    if kind == "GeometryCollection":
        members = geom.get("geometries")
        if not isinstance(members, list):
            raise SourceError(
                "GeometryCollection has no 'geometries' array", path=label, feature=index
            )
        if _depth > 8:
            raise SourceError("GeometryCollections nested too deeply", path=label, feature=index)
        for member in members:
            if not isinstance(member, dict):
                raise SourceError(
                    "GeometryCollection member is not an object", path=label, feature=index
                )
            yield from _position_arrays(member, label, index, _depth + 1)
        return
    if "coordinates" not in geom:
        raise SourceError(f"{kind} has no 'coordinates' member", path=label, feature=index)
    coords = geom["coordinates"]
    levels = GEOMETRY_TYPES[kind]
    if levels == 0:
        yield _to_array([coords], kind, label, index)
        return
    stack: list[tuple[Any, int]] = [(coords, levels)]
    while stack:
        node, level = stack.pop()
        if not isinstance(node, (list, tuple)):
            raise SourceError(
                f"{kind} coordinates are nested wrongly: expected an array, got {_describe(node)}",
                path=label,
                feature=index,
            )
        if level == 1:
            yield _to_array(node, kind, label, index)
        else:
            stack.extend((child, level - 1) for child in reversed(node))


def _describe(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value[:20]!r}"
    return "an object" if isinstance(value, dict) else type(value).__name__


def _to_array(seq: list[Any], kind: str, label: str, index: int | None) -> np.ndarray:
    import numpy as np

    # Fast path, C speed: every item has a length and every element is a plain int/float
    # (bool is its own type, so JSON true/false fail here; strings iterate into str).
    try:
        lengths = set(map(len, seq))
        types = set(map(type, chain.from_iterable(seq)))
    except TypeError:
        lengths, types = {0}, {object}
    if lengths and min(lengths) >= 2 and types <= {int, float}:
        try:
            if len(lengths) == 1:
                return np.asarray(seq, dtype=float)
            width = max(lengths)  # mixed 2-D/3-D: pad with NaN, checks report the mix
            out = np.full((len(seq), width), np.nan)
            for i, pos in enumerate(seq):
                out[i, : len(pos)] = pos
            return out
        except OverflowError:
            pass
    # Slow path: find the first offending value and say exactly what it is.
    for i, pos in enumerate(seq):
        if isinstance(pos, (int, float)) and not isinstance(pos, bool):
            raise SourceError(
                f"{kind} coordinates are nested too shallowly: found the number {pos!r} where "
                "a position [longitude, latitude] belongs",
                path=label,
                feature=index,
            )
        if not isinstance(pos, (list, tuple)):
            raise SourceError(
                f"{kind} position {i} is {_describe(pos)}, expected an array of numbers",
                path=label,
                feature=index,
            )
        if len(pos) < 2:
            raise SourceError(
                f"{kind} position {i} has {len(pos)} value(s), expected [longitude, latitude]",
                path=label,
                feature=index,
            )
        for v in pos:
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise SourceError(
                    f"{kind} position {i} holds {_describe(v)}, expected numbers",
                    path=label,
                    feature=index,
                )
            if isinstance(v, int) and not -1e308 < v < 1e308:
                raise SourceError(
                    f"{kind} position {i} holds a number too large for a float",
                    path=label,
                    feature=index,
                )
    if not seq:
        return np.empty((0, 2))
    raise SourceError(f"{kind} coordinates are malformed", path=label, feature=index)


def validate_document(doc: Any, label: str = "<GeoJSON>") -> int:
    """Validate a raw GeoJSON document's structure and return its number of positions.

    Parameters
    ----------
    doc : Any
        Parsed GeoJSON.
    label : str, default "<GeoJSON>"
        The file name used in error messages.

    Returns
    -------
    int
        The number of positions in all geometries.

    Raises
    ------
    SourceError
        See :func:`read_geojson_text`; also non-finite numbers (``1e400``) and too many
        positions.
    """
    limit = _env_limit("FRONTLINE_MAX_POSITIONS", MAX_POSITIONS)
    total = 0
    for raw in iter_raw_features(doc, label):
        if raw.geometry is None:
            continue
        for arr in _position_arrays(raw.geometry, label, raw.index):
            total += len(arr)
            if total > limit:
                raise SourceError(
                    f"more than {limit:,.0f} positions; refusing to load a geometry this large "
                    "(simplify it, or raise FRONTLINE_MAX_POSITIONS)",
                    path=label,
                )
            import numpy as np

            # NaN padding marks mixed 2-D/3-D positions, not bad values: test xy only.
            if not np.isfinite(arr[:, :2]).all() or (
                arr.shape[1] > 2 and np.isinf(arr[:, 2:]).any()
            ):
                raise SourceError(
                    "coordinate is not finite (a number too large for a float?)",
                    path=label,
                    feature=raw.index,
                )
    return total


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


# --------------------------------------------------------------------------- building


def _build_geometry(geom: Mapping[str, Any], label: str, index: int) -> shapely.Geometry:
    """Build a 2-D shapely geometry from a validated raw GeoJSON geometry."""
    import shapely

    kind = geom["type"]
    if kind == "GeometryCollection":
        return shapely.GeometryCollection(
            [_build_geometry(g, label, index) for g in geom["geometries"]]
        )
    arrays = iter(_position_arrays(geom, label, index))
    coords = geom["coordinates"]

    def xy(arr: np.ndarray) -> np.ndarray:
        if arr.shape[1] > 3:
            raise SourceError(
                f"positions have {arr.shape[1]} values; GeoJSON allows 2 or 3 "
                "(longitude, latitude, altitude)",
                path=label,
                feature=index,
            )
        return arr[:, :2]

    try:
        if kind == "Point":
            arr = xy(next(arrays))
            return shapely.points(arr[0]) if len(coords) else shapely.Point()
        if kind == "MultiPoint":
            return shapely.multipoints(xy(next(arrays))) if coords else shapely.MultiPoint()
        if kind == "LineString":
            return _line(xy(next(arrays))) if coords else shapely.LineString()
        if kind == "MultiLineString":
            return shapely.MultiLineString([_line(xy(next(arrays))) for _ in coords])
        if kind == "Polygon":
            return _polygon(coords, arrays, xy)
        # MultiPolygon
        return shapely.MultiPolygon([_polygon(rings, arrays, xy) for rings in coords])
    except SourceError:
        raise
    except (ValueError, TypeError, shapely.errors.GEOSException) as exc:
        raise GeometryError(
            f"{kind} cannot be built: {' '.join(str(exc).split())}", path=label, feature=index
        ) from None


def _line(arr: np.ndarray) -> shapely.LineString:
    import shapely

    if len(arr) < 2:
        raise ValueError(f"a line needs at least 2 positions, got {len(arr)}")
    return shapely.linestrings(arr)


def _polygon(rings: list[Any], arrays: Iterator[np.ndarray], xy: Any) -> shapely.Polygon:
    import shapely

    if not rings:
        return shapely.Polygon()
    built = []
    for _ in rings:
        arr = xy(next(arrays))
        if len(arr) and not (arr[0] == arr[-1]).all():
            # shapely would close it silently; a perimeter would then include a segment the
            # author may not have meant. RFC 7946 requires closed rings: refuse.
            raise ValueError(
                f"a ring is not closed: it ends at ({arr[-1, 0]:g}, {arr[-1, 1]:g}), not at its "
                f"first position ({arr[0, 0]:g}, {arr[0, 1]:g})"
            )
        if len(arr) < 4:
            raise ValueError(f"a ring needs at least 4 positions, got {len(arr)}")
        built.append(shapely.linearrings(arr))
    return shapely.Polygon(built[0], built[1:])


def _frame_from_document(
    doc: Mapping[str, Any], label: str, crs: Any = None
) -> geopandas.GeoDataFrame:
    import geopandas

    validate_document(doc, label)
    named = crs_of_document(doc, label)
    source_crs = _parse_crs(named, label) if named is not None else (crs or "OGC:CRS84")
    rows: list[dict[str, Any]] = []
    geoms = []
    has_id = False
    for raw in iter_raw_features(doc, label):
        geoms.append(
            None if raw.geometry is None else _build_geometry(raw.geometry, label, raw.index)
        )
        row = dict(raw.properties)
        if raw.id is not None:
            has_id = True
            row.setdefault("id", raw.id)
        rows.append(row)
    if has_id:
        for row in rows:
            row.setdefault("id", None)
    gdf = geopandas.GeoDataFrame(rows, geometry=geoms, crs=source_crs)
    return _to_4326(gdf, label)


def _parse_crs(value: Any, label: str) -> Any:
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


def _to_4326(
    gdf: geopandas.GeoDataFrame, label: str, *, validate: bool = True
) -> geopandas.GeoDataFrame:
    """Transform to EPSG:4326 and (``validate``) refuse non-finite/out-of-range coordinates."""
    import numpy as np
    import shapely

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
    if not validate:
        return gdf
    geoms = gdf.geometry.values
    coords, idx = shapely.get_coordinates(np.asarray(geoms), return_index=True)
    if len(coords):
        finite = np.isfinite(coords).all(axis=1)
        if not finite.all():
            i = int(idx[np.argmin(finite)])
            raise GeometryError(
                "coordinate is not finite (NaN or infinity)",
                path=label,
                feature=i,
            )
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
                f"coordinate ({x:g}, {y:g}) is outside longitude -180..180 / latitude "
                f"-90..90{hint}",
                path=label,
                feature=int(idx[j]),
            )
    return gdf


# --------------------------------------------------------------------------- reading


def _looks_like_layer_id(text: str) -> bool:
    return bool(_LAYER_ID.fullmatch(text)) and not Path(text).suffix


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
        Unreadable input, wrong format, missing or unusable CRS (see module docs).
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
    import shapely

    if isinstance(source, geopandas.GeoDataFrame):
        gdf = source.copy()
        if gdf.crs is None and crs is not None:
            gdf = gdf.set_crs(crs)
        return _to_4326(_force_2d(gdf), "<GeoDataFrame>")
    if isinstance(source, geopandas.GeoSeries):
        gs = source if source.crs is not None or crs is None else source.set_crs(crs)
        return _to_4326(_force_2d(geopandas.GeoDataFrame(geometry=gs.copy())), "<GeoSeries>")
    if isinstance(source, shapely.Geometry):
        gdf = geopandas.GeoDataFrame(geometry=[source], crs=crs if crs is not None else 4326)
        return _to_4326(_force_2d(gdf), "<geometry>")
    if isinstance(source, Mapping):
        return _frame_from_document(source, "<GeoJSON>", crs)
    if hasattr(source, "__geo_interface__"):
        return _frame_from_document(source.__geo_interface__, "<__geo_interface__>", crs)
    if isinstance(source, (str, os.PathLike)):
        return _read_path(source, crs)
    raise SourceError(
        f"cannot read a {type(source).__name__}; expected a path, a layer id, a GeoJSON "
        "mapping, a shapely geometry, a GeoSeries or a GeoDataFrame"
    )


def _force_2d(gdf: geopandas.GeoDataFrame) -> geopandas.GeoDataFrame:
    import shapely

    values = gdf.geometry.values
    if shapely.has_z(values.to_numpy() if hasattr(values, "to_numpy") else values).any():
        gdf = gdf.set_geometry(shapely.force_2d(gdf.geometry.values))
    return gdf


def _read_path(source: str | os.PathLike[str], crs: Any) -> geopandas.GeoDataFrame:
    label = os.fspath(source)
    path = Path(label)
    if isinstance(source, str) and not path.exists() and _looks_like_layer_id(source):
        from geo import layers  # lazy: the catalog is read only when an id is used

        path = Path(layers.resolve_path(source))
        label = str(path)
    if path.suffix.lower() in GEOJSON_SUFFIXES or _sniff_json(path, label):
        return _frame_from_document(read_geojson_text(label), label, crs)
    return _read_ogr(path, label, crs)


def _sniff_json(path: Path, label: str) -> bool:
    """True when a file with another suffix starts like a JSON object."""
    _check_file(path, label)
    try:
        with path.open("rb") as fh:
            head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", path=label) from None
    return head[:1] in (b"{", b"[")


def _read_ogr(path: Path, label: str, crs: Any, *, validate: bool = True) -> geopandas.GeoDataFrame:
    import pyogrio

    _check_file(path, label)
    try:
        gdf = pyogrio.read_dataframe(path)
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
                "no CRS; set one (a .prj file next to a Shapefile, or crs='EPSG:4326'), "
                "frontline does not guess",
                path=label,
            )
        gdf = gdf.set_crs(crs)
    return _to_4326(_force_2d(gdf), label, validate=validate)


# --------------------------------------------------------------------------- writing


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` to ``path`` atomically: a temporary file in the same folder, renamed.

    A reader never sees a half-written file, and a failure leaves any previous file intact.

    Parameters
    ----------
    path : str or os.PathLike
        The target file. Its folder must exist.
    data : bytes or str
        The content; ``str`` is written as UTF-8.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    SourceError
        The folder does not exist or cannot be written.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    with _temp_beside(target) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        _commit(tmp, target)
    return target


class _temp_beside:  # noqa: N801 - used like a function in `with`
    """A temporary file name next to ``target``, removed again unless committed."""

    def __init__(self, target: Path, suffix: str = "") -> None:
        self.target = target
        self.suffix = suffix
        self.name = ""

    def __enter__(self) -> str:
        folder = self.target.parent
        if not folder.is_dir():
            raise SourceError("cannot write: the folder does not exist", path=self.target)
        try:
            fd, self.name = tempfile.mkstemp(
                prefix=f".{self.target.name}.", suffix=".tmp" + self.suffix, dir=folder
            )
        except OSError as exc:
            raise SourceError(f"cannot write: {exc.strerror or exc}", path=self.target) from None
        os.close(fd)
        return self.name

    def __exit__(self, *exc: object) -> None:
        if self.name and os.path.exists(self.name):
            os.unlink(self.name)


def _commit(tmp: str, target: Path) -> None:
    try:
        # mkstemp creates 0600; give the file the mode a plain open() would have.
        umask = os.umask(0)
        os.umask(umask)
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        raise SourceError(f"cannot write: {exc.strerror or exc}", path=target) from None


_DRIVERS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG", ".fgb": "FlatGeobuf"}


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
        driver = _DRIVERS.get(target.suffix.lower())
        if driver is None:
            raise SourceError(
                "cannot tell the format from the suffix; use .geojson, .gpkg or .fgb, or pass "
                "driver=",
                path=target,
            )
    if driver not in set(_DRIVERS.values()):
        raise SourceError(f"unsupported driver {driver!r}", path=target)
    out = _to_4326(gdf.copy(), str(target))
    options: dict[str, Any] = {}
    if driver == "GeoJSON":
        # RFC 7946: lon/lat WGS84, no crs member, counter-clockwise exterior rings.
        options = {"RFC7946": "YES", "WRITE_NAME": "NO"}
    with _temp_beside(target, suffix=target.suffix) as tmp:
        os.unlink(tmp)  # GDAL refuses to create a file that already exists
        try:
            pyogrio.write_dataframe(
                out, tmp, driver=driver, layer=target.stem, layer_options=options
            )
        except Exception as exc:  # GDAL errors come in several types
            raise SourceError(f"cannot write {driver}: {exc}", path=target) from None
        _commit(tmp, target)
    return target
