"""Which snapshot files a timeline reads, and their dates, in date order.

Files whose name holds no date, or the same date as an earlier file, cannot take part in a
timeline: they become error rows straight away (the run carries on without them).

Examples
--------
>>> dated, bad = dated_files(["b_20240102.geojson", "a_20240101.geojson", "notes.json"])
>>> [(name, when.isoformat()) for name, when in dated]
[('a_20240101.geojson', '2024-01-01'), ('b_20240102.geojson', '2024-01-02')]
>>> [(row["file"], row["status"]) for row in bad]
[('notes.json', 'error')]
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import Any

from geo.errors import SourceError
from geo.sources import find_snapshots, is_snapshot_ref, resolve_date

__all__ = ["Source", "dated_files", "snapshot_paths"]

#: What a timeline reads: a folder, a glob pattern, or the files themselves.
Source = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]


def snapshot_paths(source: Source, *, required: bool = False) -> list[Any]:
    """The files of a folder or glob (:func:`geo.sources.find_snapshots`), or ``source`` listed.

    Parameters
    ----------
    source : str, os.PathLike or sequence of paths
        A folder, a glob pattern or the files; ``deepstate:`` references (a date, ``latest``
        or ``FROM..TO``) anywhere, resolved through the cache (:mod:`geo.sources.refs`).
    required : bool, default False
        Raise for an empty sequence too (a folder or glob that matches nothing always
        raises).

    Returns
    -------
    list of paths
        Possibly empty when ``source`` is an empty sequence and ``required`` is false.

    Raises
    ------
    SourceError
        A folder or glob that matches no file, or an empty sequence when ``required``.
    """
    if isinstance(source, str | os.PathLike):
        return list(find_snapshots(source))
    # a deepstate: reference in a list names the cached files (fetched when missing)
    paths = [q for p in source for q in (find_snapshots(p) if is_snapshot_ref(p) else [p])]
    if required and not paths:
        raise SourceError("no snapshot files given")
    return paths


def _error_row(date: dt.date | None, name: str, error: str) -> dict[str, Any]:
    """The row of a file that cannot take part."""
    return {
        "date": None if date is None else date.isoformat(),
        "file": os.path.basename(name),
        "status": "error",
        "error": error,
    }


def dated_files(
    paths: Sequence[str | os.PathLike[str]],
) -> tuple[list[tuple[str, Any]], list[dict[str, Any]]]:
    """(path, date) sorted by date; unusable names become error rows straight away.

    Parameters
    ----------
    paths : sequence of str or os.PathLike
        The candidate files.

    Returns
    -------
    (list of (str, datetime.date), list of dict)
        The dated files, sorted by date then path, and one error row (``date``, ``file``,
        ``status="error"``, ``error``) per file without a date or with a repeated date.
    """
    dated: list[tuple[str, Any]] = []
    bad: list[dict[str, Any]] = []
    seen: dict[dt.date | None, str] = {}
    for p in paths:
        name = os.fspath(p)
        try:
            when = resolve_date(name)
        except SourceError as exc:
            bad.append(_error_row(None, name, str(exc)))
            continue
        if when in seen:
            bad.append(_error_row(when, name, f"{name}: same date as {seen[when]}; skipped"))
            continue
        seen[when] = os.path.basename(name)
        dated.append((name, when))
    dated.sort(key=lambda item: (item[1], item[0]))
    return dated, bad
