"""Pick the right importer for a file, and list the snapshot files of a folder or glob.

``read_source`` looks at the file: GeoJSON (by suffix, or a file starting with ``{``) is a
DeepStateMap map document when its features carry DeepStateMap i18n names, else a polygon
snapshot; ``.kml``/``.kmz`` go to the KML reader; anything else to pyogrio.

Examples
--------
>>> import json, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> square = {"type": "Polygon", "coordinates": [[[30, 48], [31, 48], [31, 49], [30, 48]]]}
>>> for name in ("b_20240102.geojson", "a_20240101.geojson", "notes.txt"):
...     _ = (folder / name).write_text(json.dumps(square))
>>> [p.name for p in find_snapshots(folder)]
['a_20240101.geojson', 'b_20240102.geojson']
>>> snap = read_source(folder / "b_20240102.geojson")
>>> snap.kind, snap.date.isoformat(), round(snap.area().km2)
('snapshot', '2024-01-02', 4149)
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

from geo.errors import SourceError
from geo.io import GEOJSON_SUFFIXES, read_geojson_text
from geo.sources.dates import DateLike, resolve_date
from geo.sources.deepstate import is_deepstate_document, read_deepstate
from geo.sources.kml import read_kml
from geo.sources.ogr import check_readable, read_ogr
from geo.sources.refs import is_snapshot_ref, resolve_snapshot_ref, resolve_snapshot_refs
from geo.sources.snapshot import Snapshot, snapshot_from_document

__all__ = ["SNAPSHOT_SUFFIXES", "find_snapshots", "read_source"]

#: File suffixes a folder scan picks up (lower case).
SNAPSHOT_SUFFIXES = (".geojson", ".json", ".kml", ".kmz", ".gpkg", ".fgb", ".shp")


def _looks_like_json(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return False
    return head[:1] in (b"{", b"[")


def read_source(
    path: str | os.PathLike[str],
    *,
    date: DateLike | None = None,
    require_date: bool = True,
    layer: str | int | None = None,
) -> Snapshot:
    """Read the occupied area of one dated file, whatever its format.

    Parameters
    ----------
    path : str or os.PathLike
        A DeepStateMap map document, a polygon snapshot GeoJSON, a KML/KMZ file, or any
        dataset pyogrio reads (GeoPackage, FlatGeobuf, Shapefile); or a reference
        ``deepstate:YYYY-MM-DD`` / ``deepstate:latest``, resolved through the cache and
        fetched when missing (:func:`geo.sources.refs.resolve_snapshot_ref`).
    date : datetime.date or str, optional
        The snapshot date; by default from the file name (see :mod:`geo.sources.dates`).
    require_date : bool, default True
        Raise when there is no date (a timeline needs one; a single front does not).
    layer : str or int, optional
        For multi-layer formats (GeoPackage, KML folders): the layer to read.

    Returns
    -------
    Snapshot

    Raises
    ------
    SourceError
        Missing or empty file, not GeoJSON / unreadable, no polygons, no usable date.
        The message names the file.

    Examples
    --------
    >>> snap = read_source("../shared/data/deepstate-daily/deepstatemap_data_20260822.geojson")
    ... # doctest: +SKIP
    >>> snap.kind, snap.date  # doctest: +SKIP
    ('snapshot', datetime.date(2026, 8, 22))
    """
    if is_snapshot_ref(path):
        path = resolve_snapshot_ref(os.fspath(path))
    label = os.fspath(path)
    p = Path(label)
    suffix = p.suffix.lower()
    if suffix in (".kml", ".kmz"):
        return read_kml(label, layer=layer, date=date, require_date=require_date)
    is_json = suffix in GEOJSON_SUFFIXES
    if not is_json:
        check_readable(p, label)
        is_json = _looks_like_json(p)
    if is_json:
        return _read_json(label, date, require_date)
    return read_ogr(label, layer=layer, date=date, require_date=require_date)


def _read_json(label: str, date: DateLike | None, require_date: bool) -> Snapshot:
    """A GeoJSON file: a DeepStateMap map document or a polygon snapshot."""
    when = resolve_date(label, date, required=require_date)
    doc = read_geojson_text(label)
    if is_deepstate_document(doc):
        # read_deepstate re-reads nothing: it accepts the parsed document.
        ds = read_deepstate(doc, date=when, require_date=False)
        snap = ds.to_snapshot()
        return Snapshot(
            path=label, date=when, occupied=snap.occupied, kind="deepstate", credit=snap.credit
        )
    return snapshot_from_document(doc, label, when)


def find_snapshots(source: str | os.PathLike[str]) -> list[Path]:
    """The snapshot files named by a folder or a glob pattern, sorted by name.

    Parameters
    ----------
    source : str or os.PathLike
        A folder (its files with a :data:`SNAPSHOT_SUFFIXES` suffix, not recursive), a glob
        pattern (``data/*.geojson``, ``**`` allowed), a single file, or a reference
        ``deepstate:YYYY-MM-DD``, ``deepstate:latest`` or ``deepstate:FROM..TO`` (the cached
        files, fetched when missing; see :mod:`geo.sources.refs`).

    Returns
    -------
    list of pathlib.Path
        Sorted by file name, then path, so the order does not depend on the file system.

    Raises
    ------
    SourceError
        When nothing matches.
    """
    text = os.fspath(source)
    if is_snapshot_ref(text):
        return sorted(resolve_snapshot_refs(text), key=lambda f: (f.name, str(f)))
    p = Path(text)
    if p.is_dir():
        found = [f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SNAPSHOT_SUFFIXES]
        # a Shapefile's sidecars (.dbf, .prj) are not listed; hidden files are skipped
        found = [f for f in found if not f.name.startswith(".")]
    elif p.is_file():
        found = [p]
    else:
        found = [Path(f) for f in glob.glob(text, recursive=True) if Path(f).is_file()]
    if not found:
        raise SourceError("no snapshot files found (expected a folder or a glob)", path=text)
    return sorted(found, key=lambda f: (f.name, str(f)))
