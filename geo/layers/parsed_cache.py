"""A cache of parsed layer files, by content: each version of a file is parsed once.

Parsing GeoJSON is most of what reading a layer costs (GDAL walks every coordinate as
text: 90 ms for the 1.5 MB countries file), and every ``frontline build`` and every
timeline worker reads the same files again. So the frame parsed from a file's bytes is
kept in a binary form, named by the SHA-256 of those bytes, and the next read of the same
bytes loads it instead (about a tenth of the time).

**Why it cannot serve stale data.** The key is the digest of the bytes just read, which
:meth:`geo.layers.Layer.read` computes anyway to check them against the catalog; a
modified file has another digest, so it is parsed afresh (and its checksum mismatch is
still reported). The loaded frame is then verified against the catalog exactly like a
freshly parsed one (count, geometry types, bbox).

**Format** (one ``.npz`` file per layer file, ``<stem>-<sha256[:20]>.npz``), read with
``numpy.load(allow_pickle=False)``, so loading runs no code from the file:

- ``meta``: UTF-8 JSON bytes: ``format`` (:data:`FORMAT`), ``sha256`` (all 64 hex
  digits, checked on load), ``libraries`` (the shapely, GEOS, pyogrio and pandas
  versions: a parse by other versions may differ, so their entries are not used),
  ``crs`` (as the parser gave it: "EPSG:4326", or WKT; or null), ``rows`` and
  ``columns`` (name, dtype, storage; the geometry column's place among them kept);
- ``wkb`` and ``wkb_end``: every geometry as WKB (exact float64 coordinates), concatenated,
  and where each ends (``-1`` marks a missing geometry); or, for a layer of 2-D points
  only, ``xy``: their coordinates (N×2 float64, as exact);
- ``c<i>``: column ``i``'s values, a numpy array for numbers, booleans and datetimes,
  UTF-8 JSON of a list (strings and nulls) for text, or of ``[dtype, values]`` pairs for
  a column of GeoJSON arrays (which pyogrio reads as 1-D numpy arrays).

A frame with anything else in it (nested lists, mixed objects, a non-default index) is
simply not cached. A cache entry that cannot be read, or disagrees with its name, is
ignored and replaced; a cache folder that cannot be written costs only the speed-up.

The entries live in the build cache's ``layers`` folder (:func:`geo.cache.folder`:
``$FRONTLINE_BUILD_CACHE``, ``off`` to turn it off). Older entries for the same layer file
are removed when a new one is written, so the folder holds one entry per file name.

Examples
--------
>>> import geopandas, shapely, tempfile
>>> gdf = geopandas.GeoDataFrame(
...     {"name": ["Sudzha", None], "rank": [1, 2]},
...     geometry=[shapely.Point(35.27, 51.19), None],
...     crs="EPSG:4326",
... )
>>> folder = Path(tempfile.mkdtemp())
>>> store(folder, "places.geojson", "ab" * 32, gdf)
True
>>> back = load(folder, "places.geojson", "ab" * 32)
>>> back.equals(gdf), list(back.columns), str(back.crs)
(True, ['name', 'rank', 'geometry'], 'EPSG:4326')
>>> load(folder, "places.geojson", "cd" * 32) is None  # other bytes: a miss
True
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from geo import cache

__all__ = ["FORMAT", "cache_folder", "load", "store"]

#: Version of the entry layout; entries of another version are ignored.
FORMAT = 1


def cache_folder() -> Path | None:
    """The folder of parsed layers (:func:`geo.cache.folder`), or None when it is off."""
    return cache.folder("layers")


def _entry(folder: Path, file_name: str, sha256: str) -> Path:
    return folder / f"{Path(file_name).stem}-{sha256[:20]}.npz"


def _columns(gdf: Any) -> tuple[list[dict[str, Any]], dict[str, np.ndarray]] | None:
    """The columns' descriptions and arrays, or None when one cannot be stored exactly."""
    described: list[dict[str, Any]] = []
    arrays: dict[str, np.ndarray] = {}
    geometry = gdf.geometry.name
    for i, name in enumerate(gdf.columns):
        if not isinstance(name, str):
            return None
        col = gdf[name]
        if name == geometry:
            described.append({"name": name, "storage": "geometry"})
            continue
        dtype = str(col.dtype)
        kind = col.dtype.kind
        if kind in "iufbM" and isinstance(col.dtype, np.dtype):
            described.append({"name": name, "dtype": dtype, "storage": "array"})
            arrays[f"c{i}"] = col.to_numpy()
        elif _is_text(col):
            na = col.isna().to_numpy()
            values = [None if m else v for v, m in zip(col.tolist(), na, strict=True)]
            described.append({"name": name, "dtype": dtype, "storage": "json"})
            text = json.dumps(values, ensure_ascii=False).encode("utf-8")
            arrays[f"c{i}"] = np.frombuffer(text, dtype=np.uint8)
        elif dtype == "object" and all(_is_list(v) for v in col.tolist()):
            # GeoJSON arrays (GDAL's list fields): pyogrio gives 1-D numpy arrays.
            lists = [None if v is None else [v.dtype.str, v.tolist()] for v in col.tolist()]
            described.append({"name": name, "dtype": dtype, "storage": "lists"})
            text = json.dumps(lists, ensure_ascii=False).encode("utf-8")
            arrays[f"c{i}"] = np.frombuffer(text, dtype=np.uint8)
        else:
            return None
    return described, arrays


def _geometries(geoms: np.ndarray) -> dict[str, np.ndarray]:
    """The arrays of a frame's geometries: ``xy`` for 2-D points only, else WKB.

    Making 6,000 points from WKB costs 8 ms; from their coordinates, a tenth of that.
    """
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    if (
        len(geoms)
        and not shapely.is_missing(geoms).any()
        and (shapely.get_type_id(geoms) == shapely.GeometryType.POINT).all()
        and not (shapely.is_empty(geoms) | shapely.has_z(geoms)).any()
    ):
        return {"xy": shapely.get_coordinates(geoms)}
    blob, ends = cache.pack_wkb(geoms)
    return {"wkb": blob, "wkb_end": ends}


def _is_text(col: Any) -> bool:
    """Every value is text or missing.

    A pandas string column (``str``, ``string``) holds nothing else, so only an
    ``object`` column is checked value by value (a 6,000-place gazetteer has 4 text
    columns: the check was most of the time of keeping it).
    """
    import pandas

    if isinstance(col.dtype, pandas.StringDtype):
        return True
    if str(col.dtype) != "object":
        return False
    na = col.isna().to_numpy()
    return all(m or isinstance(v, str) for v, m in zip(col.tolist(), na, strict=True))


def _is_list(value: Any) -> bool:
    """A missing value or a 1-D numpy array of text or numbers (a GeoJSON array)."""
    return value is None or (
        isinstance(value, np.ndarray) and value.ndim == 1 and value.dtype.kind in "Uiufb"
    )


def store(folder: Path | None, file_name: str, sha256: str, gdf: Any) -> bool:
    """Keep the frame parsed from a file's bytes, under the digest of those bytes.

    Parameters
    ----------
    folder : pathlib.Path or None
        The cache folder (:func:`cache_folder`); None does nothing.
    file_name : str
        The layer file's name (entries are named after it).
    sha256 : str
        Hex SHA-256 of the bytes ``gdf`` was parsed from.
    gdf : geopandas.GeoDataFrame
        The frame as parsed (before any change of CRS).

    Returns
    -------
    bool
        Whether an entry was written (False: turned off, a frame it cannot store exactly,
        or a folder it cannot write).
    """
    import pandas

    if folder is None or not isinstance(gdf.index, pandas.RangeIndex) or gdf.index.start:
        return False
    cols = _columns(gdf)
    if cols is None:
        return False
    described, arrays = cols
    arrays.update(_geometries(gdf.geometry.to_numpy()))
    meta = {
        "format": FORMAT,
        "sha256": sha256,
        "libraries": cache.library_versions(),
        "crs": None if gdf.crs is None else gdf.crs.srs,
        "rows": len(gdf),
        "columns": described,
    }
    target = _entry(folder, file_name, sha256)
    if not cache.write_entry(target, meta, arrays):
        return False
    stem = Path(file_name).stem
    for old in folder.glob(f"{stem}-*.npz"):
        if old != target and re.fullmatch(r"[0-9a-f]{20}", old.stem[len(stem) + 1 :]):
            old.unlink(missing_ok=True)
    return True


def load(folder: Path | None, file_name: str, sha256: str) -> Any | None:
    """The frame parsed earlier from bytes with this digest, or None (a miss).

    Parameters
    ----------
    folder : pathlib.Path or None
        The cache folder (:func:`cache_folder`); None is always a miss.
    file_name : str
        The layer file's name.
    sha256 : str
        Hex SHA-256 of the bytes just read from the file.

    Returns
    -------
    geopandas.GeoDataFrame or None
        Equal to what parsing those bytes gives (same columns, dtypes, CRS, geometries);
        None when there is no usable entry.
    """
    if folder is None:
        return None
    found = cache.read_entry(_entry(folder, file_name, sha256))
    if found is None:
        return None
    meta, arrays = found
    if (
        meta.get("format") != FORMAT
        or meta.get("sha256") != sha256
        or meta.get("libraries") != cache.library_versions()
    ):
        return None
    try:
        return _frame(meta, arrays)
    except Exception:  # an inconsistent entry: parse the file instead
        return None


def _frame(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Any:
    """Rebuild the frame an entry describes (raises on any inconsistency)."""
    import geopandas
    import pandas
    import shapely

    rows = int(meta["rows"])
    if "xy" in arrays:  # a layer of plain points (a gazetteer): made in one call
        xy = arrays["xy"]
        if xy.shape != (rows, 2) or xy.dtype != np.float64:
            raise ValueError("point coordinates")
        geoms = shapely.points(xy)
    else:
        if len(arrays["wkb_end"]) != rows:
            raise ValueError("row count")
        geoms = cache.unpack_wkb(arrays["wkb"], arrays["wkb_end"])
    data: dict[str, Any] = {}
    geometry = None
    for i, col in enumerate(meta["columns"]):
        name = col["name"]
        if col["storage"] == "geometry":
            geometry = name
            data[name] = geopandas.GeoSeries(geoms, crs=meta["crs"])
        elif col["storage"] == "array":
            values = arrays[f"c{i}"]
            if values.dtype != np.dtype(col["dtype"]) or len(values) != rows:
                raise ValueError(f"column {name}")
            data[name] = pandas.Series(values, copy=False)
        else:
            items: list[Any] = json.loads(arrays[f"c{i}"].tobytes().decode("utf-8"))
            if len(items) != rows:
                raise ValueError(f"column {name}")
            if col["storage"] == "lists":
                items = [None if v is None else np.array(v[1], dtype=v[0]) for v in items]
            data[name] = pandas.Series(items, dtype=col["dtype"])
    if geometry is None:
        raise ValueError("no geometry column")
    return geopandas.GeoDataFrame(data, geometry=geometry, crs=meta["crs"])
