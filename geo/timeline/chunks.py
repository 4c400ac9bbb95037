"""Streaming in chunks: the task a worker runs over consecutive dated snapshots.

The sorted file list is cut into chunks of consecutive dates. A task processes one chunk in
date order, reading each file itself and keeping only the previous geometry, so a worker
never holds more than two snapshots and the client holds none: only the result rows come
back. The first file of a chunk is compared with the file just before the chunk, which the
task reads too (one extra read per chunk, instead of shipping geometries around).

Examples
--------
>>> items = [(f"f{i}", None) for i in range(5)]
>>> [(len(chunk), [p for p, _ in before]) for chunk, before in plan_chunks(items, 2)]
[(2, []), (2, ['f1', 'f0']), (1, ['f3', 'f2', 'f1', 'f0'])]
>>> auto_chunk_size(708, slots=2), auto_chunk_size(10, slots=4), auto_chunk_size(0, slots=2)
(32, 1, 1)
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import shapely

from geo.errors import GeoError
from geo.front import country_polygon
from geo.sources import Snapshot, read_source
from geo.timeline.measures import change_areas, measure_snapshot

__all__ = [
    "LOOKBACK",
    "ChunkParams",
    "DatedFile",
    "auto_chunk_size",
    "error_message",
    "plan_chunks",
    "process_chunk",
]

#: How many earlier files a chunk may fall back on when the one before it is unusable.
LOOKBACK = 4

#: A snapshot file and its date (``None`` when the name holds none).
DatedFile = tuple[str, dt.date | None]


@dataclass(frozen=True)
class ChunkParams:
    """Everything a worker needs, picklable (the country travels as WKB).

    Attributes
    ----------
    country_wkb : bytes
        The country polygon the fronts are derived in, as WKB.
    buffer_km : float
        Border/coast band for :func:`geo.front.derive_front`.
    tolerance_km : float
        Simplification tolerance for the simplified front length.
    """

    country_wkb: bytes
    buffer_km: float
    tolerance_km: float

    @classmethod
    def for_country(cls, country: Any, buffer_km: float, tolerance_km: float) -> ChunkParams:
        """The parameters for ``country``: an ISO A3 code, a name or a polygon.

        The country is looked up with :func:`geo.front.country_polygon`.
        """
        return cls(
            country_wkb=shapely.to_wkb(country_polygon(country)),
            buffer_km=float(buffer_km),
            tolerance_km=float(tolerance_km),
        )


def auto_chunk_size(n_files: int, slots: int) -> int:
    """Snapshots per task: about four tasks per worker slot, at most 32 per task.

    Parameters
    ----------
    n_files : int
        How many dated files there are.
    slots : int
        How many tasks can run at once.

    Returns
    -------
    int
        At least 1.
    """
    return max(1, min(32, math.ceil(n_files / (slots * 4)) if n_files else 1))


def plan_chunks(
    dated: Sequence[DatedFile], size: int
) -> list[tuple[list[DatedFile], list[DatedFile]]]:
    """Cut ``dated`` into chunks of ``size``, each with the files before it, latest first.

    Parameters
    ----------
    dated : sequence of (path, date)
        Sorted by date.
    size : int
        Files per chunk.

    Returns
    -------
    list of (chunk, before)
        ``before`` holds up to :data:`LOOKBACK` files preceding the chunk, nearest first.
    """
    plan = []
    for start in range(0, len(dated), size):
        before = list(reversed(dated[max(0, start - LOOKBACK) : start]))
        plan.append((list(dated[start : start + size]), before))
    return plan


def error_message(exc: BaseException, path: str) -> str:
    """One line for an unusable file, naming it once.

    Parameters
    ----------
    exc : BaseException
        What reading or measuring the file raised.
    path : str
        The file.

    Returns
    -------
    str
    """
    text = str(exc)
    if isinstance(exc, GeoError) and exc.path:
        return text
    name = os.fspath(path)
    return text if name in text else f"{name}: {type(exc).__name__}: {text}"


def _first_readable(before: Sequence[DatedFile]) -> Snapshot | None:
    """The latest usable snapshot among ``before`` (nearest first), or None."""
    for path, date in before[:LOOKBACK]:
        try:
            return read_source(path, date=date)
        except Exception:  # reported by the chunk that owns the file
            continue
    return None


def _change_since(snap: Snapshot, prev: Snapshot) -> dict[str, Any]:
    """Gained, lost and net areas (km²) and the gap in days since ``prev``."""
    gained, lost = change_areas(snap.occupied, prev.occupied)
    return {
        "previous_date": prev.date.isoformat() if prev.date else None,
        "days_since_previous": (snap.date - prev.date).days if snap.date and prev.date else None,
        "gained_km2": gained,
        "lost_km2": lost,
        "net_km2": gained - lost,
    }


def _measured_row(
    row: dict[str, Any], snap: Snapshot, prev: Snapshot | None, country: Any, params: ChunkParams
) -> dict[str, Any]:
    """``row`` completed with the snapshot's measures and its change since ``prev``."""
    # Features with no polygon are left out of the measures, and the row says how many.
    row.update(kind=snap.kind, status="ok", skipped_features=snap.skipped)
    row.update(
        measure_snapshot(
            snap.occupied,
            country,
            buffer_km=params.buffer_km,
            tolerance_km=params.tolerance_km,
        )
    )
    if prev is not None:
        row.update(_change_since(snap, prev))
    if row.get("error"):
        row["status"] = "partial"
    return row


def process_chunk(
    items: Sequence[DatedFile],
    before: Sequence[DatedFile],
    params: ChunkParams,
) -> list[dict[str, Any]]:
    """Rows for consecutive snapshots ``items``; ``before`` = earlier files, latest first.

    Runs in a worker. Never raises for a bad file: every exception becomes an error row, so
    one unreadable snapshot cannot lose the other dates of its chunk.

    Parameters
    ----------
    items : sequence of (path, date)
        The chunk, in date order.
    before : sequence of (path, date)
        The files before the chunk, nearest first (see :func:`plan_chunks`).
    params : ChunkParams
        Country, buffer and tolerance.

    Returns
    -------
    list of dict
        One row per item, with the keys of :data:`geo.timeline.COLUMNS` that apply.
    """
    country = shapely.from_wkb(params.country_wkb)
    prev = _first_readable(before)
    rows: list[dict[str, Any]] = []
    for path, date in items:
        row: dict[str, Any] = {
            "date": None if date is None else date.isoformat(),
            "file": os.path.basename(path),
        }
        try:
            snap = read_source(path, date=date)
            row = _measured_row(row, snap, prev, country, params)
        except Exception as exc:
            row = {k: row.get(k) for k in ("date", "file")}
            row.update(status="error", error=error_message(exc, path))
            rows.append(row)
            continue
        prev = snap
        rows.append(row)
    return rows
