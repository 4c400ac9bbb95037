"""The build cache: work that depends only on file contents, kept between runs.

Three things are cached, each named by the digests of everything it was computed from, so
an entry can only ever be found again by the same inputs:

- a layer file parsed into a frame (:mod:`geo.layers.parsed_cache`), by the file's SHA-256;
- a map's prepared steps made only from catalog files (:mod:`geo.render.prepare.drawn_cache`):
  the drawn basemap and inset, each ``[[layers]]`` entry's drawn layer, the labels, the
  callouts and the figures, by the digests of the files and catalog entries they read,
  the recipe entries and view they depend on, and :func:`code_digest` (frontline's own
  source and the versions of the libraries that compute it);
- a large page data block's packed text (:mod:`geo.render.assets`), by the block's text
  and the packing settings; an entry is used only after it unpacks to that very text.

This module holds what they share: where the cache is, the digests, and the one entry
format, an ``.npz`` of plain arrays read with ``numpy.load(allow_pickle=False)`` (loading
an entry runs no code from it: a planted or damaged file is at worst a miss).

Where the cache is: ``$FRONTLINE_BUILD_CACHE`` if set (``off`` turns the cache off), else
the user cache folder (``platformdirs.user_cache_dir("frontline")``, sub-folder
``prepared``). Each kind of entry has a sub-folder of its own (:func:`folder`).

Examples
--------
>>> import tempfile
>>> base = Path(tempfile.mkdtemp())
>>> entry = base / "e.npz"
>>> write_entry(entry, {"answer": 42}, {"x": np.arange(3)})
True
>>> meta, arrays = read_entry(entry)
>>> meta["answer"], arrays["x"].tolist()
(42, [0, 1, 2])
>>> read_entry(base / "missing.npz") is None
True
>>> import shapely
>>> blob, ends = pack_wkb(np.array([shapely.Point(1, 2), None], dtype=object))
>>> [g if g is None else g.wkt for g in unpack_wkb(blob, ends)]
['POINT (1 2)', None]
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from geo.files import write_replaceable

__all__ = [
    "ENV",
    "code_digest",
    "file_digest",
    "folder",
    "library_versions",
    "memo_text",
    "pack_wkb",
    "prune",
    "read_entry",
    "unpack_wkb",
    "write_entry",
]

#: Environment variable naming the cache folder; ``off`` (or ``0``, ``no``) disables it.
ENV = "FRONTLINE_BUILD_CACHE"
_OFF = {"off", "0", "no", "false"}


def folder(kind: str) -> Path | None:
    """The folder of one kind of entry (``"layers"``, ``"basemap"``), or None when off.

    Parameters
    ----------
    kind : str
        The sub-folder.

    Returns
    -------
    pathlib.Path or None
        ``$FRONTLINE_BUILD_CACHE/KIND``, else ``user_cache_dir("frontline")/prepared/KIND``;
        not created here.
    """
    env = os.environ.get(ENV, "").strip()
    if env.casefold() in _OFF:
        return None
    if env:
        return Path(env).expanduser() / kind
    import platformdirs

    return Path(platformdirs.user_cache_dir("frontline")) / "prepared" / kind


# Memoised by (path as given, device, inode, size, mtime, ctime) of the file the path
# leads to: a build digests each basemap file for several maps. Any write changes the
# ctime, which no user call can set back (an edit of the same size with its mtime put
# back still changes it), and a path led to another file has another inode, so a changed
# file is re-read. (The path is not resolved: that costs a stat per path component.)
_DIGESTS: dict[tuple[str, int, int, int, int, int], str] = {}


def file_digest(path: str | os.PathLike[str]) -> str:
    """Hex SHA-256 of a file's bytes (recomputed whenever the file may have changed).

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    str

    Raises
    ------
    OSError
        The file cannot be read.
    """
    p = Path(path)
    st = p.stat()
    key = (str(p), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    if key not in _DIGESTS:
        _DIGESTS[key] = hashlib.sha256(p.read_bytes()).hexdigest()
    return _DIGESTS[key]


@lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    """The versions of the libraries that parse and compute what the cache keeps.

    An entry made by other versions may differ, so it is never used. pyogrio's version
    is read from its metadata rather than by importing it (40 ms, the cost of the very
    read the cache saves); its wheels bundle their GDAL.

    Returns
    -------
    dict of str to str
        ``shapely``, ``geos``, ``numpy``, ``pandas`` and ``pyogrio``.
    """
    from importlib.metadata import version

    import pandas
    import shapely

    return {
        "shapely": shapely.__version__,
        "geos": shapely.geos_version_string,
        "numpy": np.__version__,
        "pandas": pandas.__version__,
        "pyogrio": version("pyogrio"),
    }


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of frontline's own source and the library versions its geometry uses.

    Any edit to a Python module of ``geo`` (page scripts and styles draw nothing that is
    cached), or another shapely, GEOS, numpy or pandas, changes it, so no entry computed
    by other code is ever used.

    Returns
    -------
    str
        Hex SHA-256.
    """
    root = Path(__file__).resolve().parent
    h = hashlib.sha256(json.dumps(library_versions(), sort_keys=True).encode())
    for path in sorted(root.rglob("*.py")):
        if "__pycache__" not in path.parts:
            h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


#: Array kinds packed into the entry's one ``data`` block (any other stays a member).
_PACKED_KINDS = "biufcSUmM"
_ALIGN = 16


def write_entry(path: Path, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> bool:
    """Write one entry atomically: ``meta`` (JSON) and plain numpy arrays.

    The arrays of plain dtypes are stored back to back in one ``data`` member, with an
    ``index`` member (JSON: name, dtype, shape, offset): reading one member is about 0.1 ms
    whatever its size, and a drawn basemap has dozens of arrays.

    Returns
    -------
    bool
        False when the folder cannot be written (a read-only or full cache folder costs
        only the speed-up, never the build).
    """
    blob = bytearray()
    index: dict[str, list[Any]] = {}
    members: dict[str, np.ndarray] = {}
    for name, value in arrays.items():
        arr = np.asarray(value)
        if arr.dtype.kind not in _PACKED_KINDS or arr.dtype.fields is not None:
            members[name] = arr
            continue
        blob += b"\0" * (-len(blob) % _ALIGN)
        index[name] = [arr.dtype.str, list(arr.shape), len(blob)]
        blob += arr.tobytes()
    buf = io.BytesIO()
    text = json.dumps(meta, ensure_ascii=False, allow_nan=True).encode("utf-8")
    packed = {
        "meta": np.frombuffer(text, dtype=np.uint8),
        "index": np.frombuffer(json.dumps(index).encode("utf-8"), dtype=np.uint8),
        "data": np.frombuffer(bytes(blob), dtype=np.uint8),
    }
    np.savez(buf, **packed, **members)  # type: ignore[arg-type]
    try:
        write_replaceable(path, buf.getvalue())
    except OSError:  # a read-only or full cache folder: only a lost speed-up
        return False
    return True


def read_entry(path: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]] | None:
    """Read one entry: its meta and arrays, or None when missing or unreadable.

    Nothing in the file is executed (``allow_pickle=False``, and the packed arrays are
    plain numbers or text, each checked to lie inside the data block); the caller checks
    that the meta is the one it asked for. Every array returned is writable.
    """
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        meta = json.loads(arrays.pop("meta").tobytes().decode("utf-8"))
        if "index" in arrays:
            index = json.loads(arrays.pop("index").tobytes().decode("utf-8"))
            arrays.update(_unpacked(arrays.pop("data"), index))
    except Exception:  # missing, damaged or foreign: a miss
        return None
    return (meta, arrays) if isinstance(meta, dict) else None


def _unpacked(data: np.ndarray, index: dict[str, Any]) -> dict[str, np.ndarray]:
    """The arrays of a ``data`` block (views of it); raises on any inconsistency."""
    if data.dtype != np.uint8 or data.ndim != 1:
        raise ValueError("data block")
    out = {}
    for name, (descr, shape, offset) in index.items():
        dtype = np.dtype(descr)
        if dtype.kind not in _PACKED_KINDS or dtype.fields is not None:
            raise ValueError(f"dtype of {name}")
        if not all(isinstance(n, int) and n >= 0 for n in [*shape, offset]):
            raise ValueError(f"shape of {name}")
        count = int(np.prod(shape, dtype=np.int64))
        if offset + count * dtype.itemsize > len(data):
            raise ValueError(f"{name} runs past the data block")
        out[name] = np.frombuffer(data, dtype=dtype, count=count, offset=offset).reshape(shape)
    return out


def prune(where: Path, pattern: str, keep: int) -> None:
    """Remove all but the ``keep`` newest files matching ``pattern`` in ``where``."""
    try:
        found = sorted(where.glob(pattern), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in found[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def memo_text(
    kind: str, key: str, compute: Callable[[], str], valid: Callable[[str], bool], keep: int
) -> str:
    """``compute()``, kept as text under the digest of ``key`` in the ``kind`` folder.

    Parameters
    ----------
    kind : str
        The sub-folder (:func:`folder`).
    key : str
        Everything the text depends on.
    compute : callable
        Makes the text (on a miss, or with the cache off).
    valid : callable
        Whether a stored text is the right one (an entry that fails it is replaced): the
        caller's proof, so a damaged or planted entry is never used.
    keep : int
        Entries kept in the folder (the newest).

    Returns
    -------
    str

    Examples
    --------
    >>> import os, tempfile
    >>> os.environ[ENV] = tempfile.mkdtemp()
    >>> memo_text("t", "k", lambda: "abc", lambda s: s == "abc", 4)
    'abc'
    >>> memo_text("t", "k", lambda: "never computed", lambda s: s == "abc", 4)
    'abc'
    >>> del os.environ[ENV]
    """
    where = folder(kind)
    if where is None:
        return compute()
    path = where / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:40]}.txt"
    try:
        text = path.read_text("utf-8")
        if valid(text):
            return text
    except (OSError, UnicodeDecodeError, ValueError):
        pass
    text = compute()
    try:
        write_replaceable(path, text.encode("utf-8"))
        prune(where, "*.txt", keep)
    except OSError:  # a read-only or full cache folder: only a lost speed-up
        pass
    return text


def pack_wkb(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Geometries as one WKB byte array and where each ends (``-1``: missing).

    WKB keeps every float64 coordinate exactly.
    """
    import shapely  # only a build needs it (``frontline layers`` does not)

    geoms = np.asarray(geoms, dtype=object)
    missing = shapely.is_missing(geoms)
    present = geoms.copy()
    present[missing] = None
    wkb = shapely.to_wkb(present)
    sizes = np.array([0 if m else len(b) for b, m in zip(wkb, missing, strict=True)], dtype=int)
    ends = np.where(missing, -1, np.cumsum(sizes)).astype(np.int64)
    blob = np.frombuffer(b"".join(b for b in wkb if b is not None), dtype=np.uint8)
    return blob, ends


def unpack_wkb(blob: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The geometries :func:`pack_wkb` packed (raises on inconsistent arrays)."""
    import shapely

    data = blob.tobytes()
    stops = ends.tolist()
    out: list[bytes | None] = []
    start = 0
    for end in stops:
        if end < 0:
            out.append(None)
            continue
        if end < start or end > len(data):
            raise ValueError("bad WKB offsets")
        out.append(data[start:end])
        start = end
    return shapely.from_wkb(np.array(out, dtype=object))
