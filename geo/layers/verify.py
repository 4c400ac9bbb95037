"""Verify a bundled layer's file against its catalog entry (checksum, count, type, bbox).

The catalog's generated fields are computed from the file itself; a file that no longer
matches them was edited by hand or corrupted, and is refused when read.

Verified once per file content
------------------------------
Every verification reads the file and hashes its bytes (SHA-256, about 1 ms per MB), so a
modified file is always caught, whatever its size and modification time say. What is done
once per *content* is the rest: parsing the JSON and finding the feature count, geometry
types and bounding box. Those facts are cached in the process by the SHA-256 of the bytes
(:func:`file_facts`), so a build that reads a layer several times, or a timeline that
looks a country up in every chunk, parses each file once. A worker process forked after
the first read inherits the cache; a fresh process (a Dask worker) parses once.

Why not trust ``(path, size, mtime)``: a same-size edit whose modification time was put
back (``cp -p``, ``tar``, ``rsync -t``, ``touch -r``) or made within the filesystem's
timestamp granularity (2 s on FAT, 1 s on some network filesystems, a clock tick on Linux)
keeps all three, and a verification that misses it is no verification. Hashing is cheap
next to the parse it saves; the parse is vectorised too (numpy per ring of positions, not
a Python call per vertex).

Verified while read
-------------------
:meth:`geo.layers.Layer.read` reads the bytes once and checks them before anything else
(:func:`verify_bytes`: the checksum), then parses those same bytes into the GeoDataFrame
it returns and takes the count, types and bounding box from that frame, with shapely's
vectorised functions (:func:`verify_read`, :func:`frame_facts`) instead of a second parse
of the JSON. Should the frame's facts ever disagree with the catalog, the JSON facts
(:func:`file_facts`, the ones the catalog was generated from) decide, so a reader that
sees a file differently never refuses a good one.

Examples
--------
>>> import json, tempfile, pathlib
>>> doc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
...        "geometry": {"type": "LineString", "coordinates": [[30, 48], [31.5, 49.25]]}}]}
>>> path = pathlib.Path(tempfile.mkdtemp()) / "line.geojson"
>>> _ = path.write_text(json.dumps(doc))
>>> facts = file_facts(path)
>>> facts["feature_count"], facts["geometry_type"], facts["bbox"]
(1, 'LineString', [30.0, 48.0, 31.5, 49.25])
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from geo.errors import LayerError

__all__ = [
    "CatalogFacts",
    "clear_facts_cache",
    "file_facts",
    "frame_facts",
    "geometry_type_of",
    "verify_bytes",
    "verify_layer",
    "verify_read",
]

#: Shapely geometry type ids → GeoJSON type names.
_TYPE_NAMES = (
    "Point",
    "LineString",
    "LinearRing",
    "Polygon",
    "MultiPoint",
    "MultiLineString",
    "MultiPolygon",
    "GeometryCollection",
)

#: How many distinct file contents keep their parsed facts (least recently used dropped).
_CACHE_SIZE = 64
#: Parsed facts by the SHA-256 of the file's bytes: ``feature_count``, ``types``, ``bbox``.
_FACTS: OrderedDict[str, tuple[int, tuple[str, ...], tuple[float, ...]]] = OrderedDict()
#: Guards :data:`_FACTS` (a Dask worker may verify from several threads).
_LOCK = threading.Lock()


class CatalogFacts(Protocol):
    """What :func:`verify_layer` compares: a catalog entry's file and generated fields.

    :class:`geo.layers.Layer` is one; the protocol keeps this module below the registry.
    """

    @property
    def path(self) -> Path:
        """The layer file."""
        ...

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the file's bytes."""
        ...

    @property
    def feature_count(self) -> int:
        """Number of features."""
        ...

    @property
    def geometry_type(self) -> str | tuple[str, ...]:
        """The geometry type of every feature, or a sorted tuple of types."""
        ...

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """``(min_lon, min_lat, max_lon, max_lat)`` in degrees."""
        ...


def geometry_type_of(value: Any) -> str | tuple[str, ...]:
    """A catalog ``geometry_type``: one type as a string, several as a sorted tuple."""
    if isinstance(value, str):
        return value
    types = tuple(sorted(str(v) for v in value))
    return types[0] if len(types) == 1 else types


def clear_facts_cache() -> None:
    """Forget every cached parse (see the module notes); the next check parses again."""
    with _LOCK:
        _FACTS.clear()


def _positions_extent(c: Any, lo: list[float], hi: list[float]) -> None:
    """Widen ``lo``/``hi`` (min and max lon, lat) by a GeoJSON coordinates array.

    A list of positions (a ring, a line) becomes one numpy array; nesting above that is
    walked in Python (rings and parts, never vertices).
    """
    if not c:
        return
    first = c[0]
    if isinstance(first, (int, float)):  # one position (a Point): no array for two numbers
        x, y = float(c[0]), float(c[1])
        lo[0], lo[1], hi[0], hi[1] = min(lo[0], x), min(lo[1], y), max(hi[0], x), max(hi[1], y)
        return
    if isinstance(first, list) and first and isinstance(first[0], (int, float)):
        try:
            xy = np.asarray(c, dtype=float)
        except ValueError:  # positions of mixed dimension (2-D and 3-D): one by one
            xy = np.array([[float(p[0]), float(p[1])] for p in c])
        if xy.ndim != 2 or xy.shape[1] < 2:
            raise ValueError("a position needs at least two numbers")
    else:
        for part in c:
            _positions_extent(part, lo, hi)
        return
    lo[0], lo[1] = min(lo[0], float(xy[:, 0].min())), min(lo[1], float(xy[:, 1].min()))
    hi[0], hi[1] = max(hi[0], float(xy[:, 0].max())), max(hi[1], float(xy[:, 1].max()))


def _geometry_extent(geometry: dict[str, Any], lo: list[float], hi: list[float]) -> None:
    """Widen ``lo``/``hi`` by a GeoJSON geometry (collections opened)."""
    if geometry.get("type") == "GeometryCollection":
        for member in geometry.get("geometries") or []:
            if member:
                _geometry_extent(member, lo, hi)
    else:
        _positions_extent(geometry["coordinates"], lo, hi)


def _parse_facts(data: bytes) -> tuple[int, tuple[str, ...], tuple[float, ...]]:
    """Feature count, sorted geometry types and rounded bbox of a FeatureCollection."""
    features = json.loads(data.decode("utf-8"))["features"]
    geometries = [f["geometry"] for f in features if f.get("geometry")]
    types = tuple(sorted({g["type"] for g in geometries}))
    inf = float("inf")
    lo, hi = [inf, inf], [-inf, -inf]
    for geometry in geometries:
        _geometry_extent(geometry, lo, hi)
    bbox = (lo[0], lo[1], hi[0], hi[1]) if lo[0] != inf else ()
    return len(features), types, tuple(round(v, 6) for v in bbox)


def file_facts(path: str | Path) -> dict[str, Any]:
    """Compute the catalog's generated fields from a GeoJSON file.

    The bytes are read and hashed on every call; the parse (count, types, bbox) is cached
    by that hash (see the module notes), so a changed file is never missed.

    Parameters
    ----------
    path : str or Path
        A GeoJSON FeatureCollection.

    Returns
    -------
    dict
        ``sha256``, ``feature_count``, ``geometry_type`` (a string, or a sorted list
        when the file mixes types) and
        ``bbox`` (``[min_lon, min_lat, max_lon, max_lat]`` in degrees, rounded to 6
        decimals; empty when no feature has a geometry). A fresh dict on every call.

    Raises
    ------
    LayerError
        If the file is missing or not a GeoJSON FeatureCollection.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LayerError(f"cannot read layer file: {exc}", path=path) from None
    return _facts_of(data, hashlib.sha256(data).hexdigest(), path)


def _facts_of(data: bytes, sha: str, path: Path) -> dict[str, Any]:
    """:func:`file_facts` of ``data`` (SHA-256 ``sha``), parsed once per content."""
    with _LOCK:
        facts = _FACTS.get(sha)
        if facts is not None:
            _FACTS.move_to_end(sha)
    if facts is None:
        try:
            facts = _parse_facts(data)
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, IndexError) as exc:
            raise LayerError(f"cannot read layer file: {exc}", path=path) from None
        with _LOCK:
            _FACTS[sha] = facts
            while len(_FACTS) > _CACHE_SIZE:
                _FACTS.popitem(last=False)
    count, types, bbox = facts
    return {
        "sha256": sha,
        "feature_count": count,
        "geometry_type": types[0] if len(types) == 1 else list(types),
        "bbox": list(bbox),
    }


def _compare(layer: CatalogFacts, facts: dict[str, Any]) -> list[str]:
    """One message per generated field of ``facts`` that differs from the catalog's."""
    problems = []
    if facts["sha256"] != layer.sha256:
        problems.append(
            f"checksum {facts['sha256'][:12]}... does not match the catalog's "
            f"{layer.sha256[:12]}... (rebuild with scripts/build_layers.py)"
        )
    if facts["feature_count"] != layer.feature_count:
        problems.append(f"{facts['feature_count']} features, catalog says {layer.feature_count}")
    if geometry_type_of(facts["geometry_type"]) != layer.geometry_type:
        problems.append(
            f"geometry type {facts['geometry_type']}, catalog says {layer.geometry_type}"
        )
    if facts["bbox"] and any(
        abs(a - b) > 1e-6 for a, b in zip(facts["bbox"], layer.bbox, strict=True)
    ):
        problems.append(f"bbox {facts['bbox']}, catalog says {list(layer.bbox)}")
    return problems


def frame_facts(sha256: str, gdf: Any) -> dict[str, Any]:
    """The catalog's generated fields of a GeoDataFrame read from a file (vectorised).

    Parameters
    ----------
    sha256 : str
        Hex SHA-256 of the bytes ``gdf`` was read from.
    gdf : geopandas.GeoDataFrame
        Every feature of the file, in lon/lat degrees.

    Returns
    -------
    dict
        As :func:`file_facts`: ``sha256``, ``feature_count``, ``geometry_type`` and
        ``bbox`` (degrees, rounded to 6 decimals; empty when no geometry has a position).

    Examples
    --------
    >>> import geopandas, shapely
    >>> gdf = geopandas.GeoDataFrame(geometry=[shapely.Point(30, 48), None])
    >>> frame_facts("0" * 64, gdf)["bbox"], frame_facts("0" * 64, gdf)["geometry_type"]
    ([30.0, 48.0, 30.0, 48.0], 'Point')
    """
    import shapely  # only a read needs it (``frontline layers`` does not)

    geoms = np.asarray(gdf.geometry.to_numpy(), dtype=object)
    geoms = geoms[~shapely.is_missing(geoms)]
    types = sorted({_TYPE_NAMES[i] for i in shapely.get_type_id(geoms).tolist()})
    present = geoms[~shapely.is_empty(geoms)]
    bbox = shapely.total_bounds(present).tolist() if len(present) else []
    return {
        "sha256": sha256,
        "feature_count": len(gdf),
        "geometry_type": types[0] if len(types) == 1 else types,
        "bbox": [round(float(v), 6) for v in bbox],
    }


def verify_bytes(layer: CatalogFacts, data: bytes) -> tuple[str, list[str]]:
    """Check the bytes just read from ``layer.path`` against the catalog's checksum.

    Parameters
    ----------
    layer : CatalogFacts
        The catalog entry.
    data : bytes
        The file's content.

    Returns
    -------
    sha256 : str
        Hex SHA-256 of ``data``.
    problems : list of str
        The checksum message when it does not match the catalog (empty when it does).
    """
    sha = hashlib.sha256(data).hexdigest()
    if sha == layer.sha256:
        return sha, []
    facts = {
        "sha256": sha,
        "feature_count": layer.feature_count,
        "geometry_type": layer.geometry_type,
        "bbox": [],
    }
    return sha, _compare(layer, facts)


def verify_read(layer: CatalogFacts, data: bytes, sha256: str, gdf: Any) -> list[str]:
    """Compare a frame read from a layer's file (checksum already checked) with the catalog.

    Parameters
    ----------
    layer : CatalogFacts
        The catalog entry.
    data : bytes
        The file's content, that ``gdf`` was read from.
    sha256 : str
        Hex SHA-256 of ``data`` (:func:`verify_bytes`).
    gdf : geopandas.GeoDataFrame
        The whole file as read, lon/lat degrees.

    Returns
    -------
    list of str
        As :func:`verify_layer`; the frame's facts are taken first (no second parse), and
        the JSON facts of :func:`file_facts` confirm any mismatch before it is reported.
    """
    with _LOCK:
        parsed = sha256 in _FACTS
    if not parsed:
        problems = _compare(layer, frame_facts(sha256, gdf))
        if not problems:
            return problems
    # Parsed before, or the frame disagrees: the JSON facts decide (the catalog's own).
    try:
        return _compare(layer, _facts_of(data, sha256, layer.path))
    except LayerError as exc:
        return [str(exc)]


def verify_layer(layer: CatalogFacts) -> list[str]:
    """Compare a layer's file with its catalog entry.

    Parameters
    ----------
    layer : CatalogFacts
        The layer (a :class:`geo.layers.Layer`).

    Returns
    -------
    list of str
        One message per mismatch (checksum, feature count, geometry type, bbox); empty
        when the file matches.
    """
    if not layer.path.is_file():
        return [f"layer file missing: {layer.path}"]
    try:
        facts = file_facts(layer.path)
    except LayerError as exc:
        return [str(exc)]
    return _compare(layer, facts)
