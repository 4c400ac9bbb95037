"""The local cache of DeepStateMap daily snapshots: where it is, what is in it, what is valid.

The cache is a plain folder of upstream-named files, ``deepstatemap_data_YYYYMMDD.geojson``,
so ``frontline timeline CACHE`` works on it directly. Beside each downloaded file a hidden
sidecar ``.deepstatemap_data_YYYYMMDD.geojson.http.json`` keeps the URL, ``ETag``,
``Last-Modified``, size and SHA-256 of the body, for conditional requests and to detect a
file that changed on disk. Hidden files are skipped by :func:`geo.sources.find_snapshots`.

Where the cache is, first match wins:

1. an explicit folder (``--cache DIR``);
2. the environment variable ``FRONTLINE_CACHE``;
3. the user cache folder (``platformdirs.user_cache_dir("frontline")``), sub-folder
   ``deepstate``.

A folder of daily files made any other way (a clone of the repository, whose files sit in
``data/``, or a copy of the files) is a valid cache too: files are looked up in the folder and
in its ``data/`` sub-folder; new downloads go to the folder itself.

A cached file is *valid* when its bytes match its sidecar's SHA-256, or (no sidecar, or a
mismatch) when the snapshot reader accepts it. An invalid ("corrupt") file is never used: it
is fetched again. New files are validated before they are moved into place, atomically
(:mod:`geo.files`), so a bad download never replaces a good file.

Examples
--------
>>> snapshot_name(dt.date(2024, 7, 8))
'deepstatemap_data_20240708.geojson'
>>> import tempfile
>>> cache = SnapshotCache(tempfile.mkdtemp())
>>> cache.dates(), cache.valid(dt.date(2024, 7, 8)) is None
([], True)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from geo.errors import SourceError
from geo.files import commit, temp_beside, write_atomic
from geo.sources.dates import date_from_name
from geo.sources.snapshot import read_snapshot

__all__ = [
    "ENV_CACHE",
    "SnapshotCache",
    "cache_dir",
    "check_snapshot_bytes",
    "snapshot_name",
]

#: Environment variable naming the cache folder (overridden by an explicit folder).
ENV_CACHE = "FRONTLINE_CACHE"

_MARKER = ".frontline-notice-shown"


def snapshot_name(day: dt.date) -> str:
    """The upstream file name of the snapshot of ``day``.

    Parameters
    ----------
    day : datetime.date

    Returns
    -------
    str
        ``deepstatemap_data_YYYYMMDD.geojson``.
    """
    return f"deepstatemap_data_{day:%Y%m%d}.geojson"


def cache_dir(cache: str | os.PathLike[str] | None = None) -> Path:
    """The cache folder: ``cache`` if given, else ``$FRONTLINE_CACHE``, else the user cache.

    Parameters
    ----------
    cache : str or os.PathLike, optional
        An explicit folder (``--cache DIR``).

    Returns
    -------
    pathlib.Path
        Not created here; nothing is written.
    """
    if cache is not None and os.fspath(cache) != "":
        return Path(cache).expanduser()
    env = os.environ.get(ENV_CACHE)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("frontline")) / "deepstate"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_snapshot_bytes(body: bytes, folder: Path, day: dt.date, *, url: str) -> None:
    """Raise unless ``body`` is a snapshot the reader accepts (read from a temporary file).

    Parameters
    ----------
    body : bytes
        The downloaded file.
    folder : pathlib.Path
        Where to put the temporary file (the cache folder).
    day : datetime.date
        The snapshot's date.
    url : str
        Where it came from, named in the error.

    Raises
    ------
    SourceError
        HTML instead of GeoJSON, an empty or truncated body, or anything the snapshot reader
        refuses; the message names the URL.
    """
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:64].lower()
    if not head:
        raise SourceError("the server sent an empty body, not GeoJSON", path=url)
    if head.startswith((b"<!doctype", b"<html", b"<")):
        raise SourceError("the server sent HTML, not GeoJSON (a login or error page?)", path=url)
    with temp_beside(folder / snapshot_name(day), suffix=".geojson") as tmp:
        Path(tmp).write_bytes(body)
        try:
            read_snapshot(tmp, date=day)
        except SourceError as exc:
            raise SourceError(f"not a valid snapshot: {exc.message}", path=url) from None


class SnapshotCache:
    """One cache folder of daily snapshots.

    Parameters
    ----------
    root : str or os.PathLike
        The folder (see :func:`cache_dir`). It need not exist until something is stored.

    Attributes
    ----------
    root : pathlib.Path
    corrupt : set of datetime.date
        Dates whose cached file was found invalid (and so not used) by :meth:`valid`.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.corrupt: set[dt.date] = set()

    def __repr__(self) -> str:
        return f"SnapshotCache({str(self.root)!r})"

    def target(self, day: dt.date) -> Path:
        """Where a new download of ``day`` is stored."""
        return self.root / snapshot_name(day)

    def _sidecar(self, path: Path) -> Path:
        return path.parent / f".{path.name}.http.json"

    def find(self, day: dt.date) -> Path | None:
        """The cached file of ``day`` (in the folder or its ``data/``), valid or not."""
        for path in (self.target(day), self.root / "data" / snapshot_name(day)):
            if path.is_file():
                return path
        return None

    def meta(self, day: dt.date) -> dict[str, Any]:
        """The sidecar of ``day``'s cached file (``{}`` when there is none or it is unreadable)."""
        path = self.find(day)
        if path is None:
            return {}
        try:
            doc = json.loads(self._sidecar(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return doc if isinstance(doc, dict) else {}

    def valid(self, day: dt.date) -> Path | None:
        """The cached file of ``day`` if it is valid, else ``None`` (corrupt ones recorded).

        Parameters
        ----------
        day : datetime.date

        Returns
        -------
        pathlib.Path or None
        """
        path = self.find(day)
        if path is None:
            return None
        try:
            body = path.read_bytes()
        except OSError:
            self.corrupt.add(day)
            return None
        if self.meta(day).get("sha256") == _sha256(body):
            return path
        try:
            read_snapshot(path, date=day)
        except SourceError:
            self.corrupt.add(day)
            return None
        return path

    def dates(self) -> list[dt.date]:
        """The dates of the daily files in the cache (valid or not), sorted."""
        found: set[dt.date] = set()
        for folder in (self.root, self.root / "data"):
            if not folder.is_dir():
                continue
            for path in folder.glob("deepstatemap_data_*.geojson"):
                try:
                    when = date_from_name(path)
                except SourceError:
                    continue
                if when is not None:
                    found.add(when)
        return sorted(found)

    def ensure_writable(self) -> None:
        """Create the folder if needed and check a file can be made in it.

        Raises
        ------
        SourceError
            The folder cannot be created or written; the message says how to choose another.
        """
        hint = "choose a writable folder with --cache DIR or FRONTLINE_CACHE"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SourceError(
                f"cache folder not writable ({exc.strerror or exc}); {hint}", path=self.root
            ) from None
        try:
            with temp_beside(self.root / _MARKER):
                pass
        except SourceError as exc:
            raise SourceError(f"cache folder not writable ({exc.message}); {hint}") from None

    def store(
        self,
        day: dt.date,
        body: bytes,
        *,
        url: str,
        headers: Mapping[str, str],
        checked: bool = False,
    ) -> Path:
        """Validate ``body`` and move it into the cache atomically, with its sidecar.

        Parameters
        ----------
        day : datetime.date
        body : bytes
            The downloaded file.
        url : str
            Where it came from.
        headers : mapping
            The response headers (``ETag`` and ``Last-Modified`` are kept).
        checked : bool, default False
            ``body`` already passed :func:`check_snapshot_bytes` (it is not read again).

        Returns
        -------
        pathlib.Path
            The cached file.

        Raises
        ------
        SourceError
            The body is not a valid snapshot (the cached file, if any, is left as it was), or
            the folder cannot be written.
        """
        self.ensure_writable()
        if not checked:
            check_snapshot_bytes(body, self.root, day, url=url)
        target = self.target(day)
        with temp_beside(target) as tmp:
            with open(tmp, "wb") as fh:
                fh.write(body)
                fh.flush()
                os.fsync(fh.fileno())
            commit(tmp, target)
        lower = {k.lower(): v for k, v in headers.items()}
        sidecar = {
            "url": url,
            "etag": lower.get("etag"),
            "last_modified": lower.get("last-modified"),
            "bytes": len(body),
            "sha256": _sha256(body),
        }
        write_atomic(self._sidecar(target), json.dumps(sidecar, indent=1, sort_keys=True) + "\n")
        self.corrupt.discard(day)
        return target

    def first_use(self) -> bool:
        """True until :meth:`mark_used` has been called on this folder (the notice is shown)."""
        return not (self.root / _MARKER).exists()

    def mark_used(self) -> None:
        """Record that the licence notice was shown for this folder (best effort)."""
        with contextlib.suppress(SourceError):
            write_atomic(self.root / _MARKER, "DeepStateMap licence notice shown\n")
