"""``timeline()``: measure every dated snapshot of a folder, glob or file list.

The run reads top to bottom: check the arguments; list and date the files
(:mod:`geo.timeline.inputs`); cut them into chunks (:mod:`geo.timeline.chunks`) and run
the chunks on an executor (:mod:`geo.timeline.executors`); sort the rows into a
:class:`~geo.timeline.result.Timeline`.

Bad files never stop the run: a file that cannot be read (not GeoJSON, no polygons, empty,
no date) becomes a row with ``status="error"`` and the message in ``error``, is listed in
:attr:`Timeline.errors`, and the next date is compared with the last good snapshot before
it (``previous_date`` says which; ``days_since_previous`` shows gaps).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from typing import Any

from geo.errors import UsageError
from geo.timeline.chunks import (
    ChunkParams,
    DatedFile,
    auto_chunk_size,
    plan_chunks,
    process_chunk,
)
from geo.timeline.executors import dask_slots, default_workers, open_executor
from geo.timeline.inputs import Source, dated_files, snapshot_paths
from geo.timeline.result import Timeline

__all__ = ["timeline"]


def _check_arguments(
    workers: int | None, scheduler: str | None, client: Any, buffer_km: Any, tolerance_km: Any
) -> None:
    """Raise a UsageError for bad ``workers``, both workers and a cluster, or bad km values."""
    if workers is not None and (
        isinstance(workers, bool) or not isinstance(workers, int) or workers < 1
    ):
        raise UsageError(f"workers must be a whole number >= 1, got {workers!r}")
    if workers is not None and (scheduler is not None or client is not None):
        raise UsageError("give either workers (local processes) or a Dask scheduler, not both")
    for name, value in (("tolerance_km", tolerance_km), ("buffer_km", buffer_km)):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not (math.isfinite(value) and value >= 0)
        ):
            raise UsageError(f"{name} must be a finite number >= 0, got {value!r}")


def _run_chunks(
    dated: Sequence[DatedFile],
    params: ChunkParams,
    *,
    size: int,
    executor: Any,
    progress: bool | None,
) -> list[dict[str, Any]]:
    """Submit every chunk to ``executor`` and gather the rows as the chunks finish."""
    rows: list[dict[str, Any]] = []
    # tqdm looks its version up in package metadata when imported: not at our import time.
    from tqdm import tqdm

    hide = None if progress is None else not progress  # None: tqdm shows it on a terminal
    with tqdm(
        total=len(dated), unit="snapshot", desc="timeline", file=sys.stderr, disable=hide
    ) as bar:
        futures = {
            executor.submit(process_chunk, chunk, before, params): len(chunk)
            for chunk, before in plan_chunks(dated, size)
        }
        for fut in executor.as_completed(futures):
            rows.extend(fut.result())
            bar.update(futures[fut])
    return rows


def _sorted_rows(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    """Rows by date, rows without a date last, ties by file name."""
    rows.sort(key=lambda r: (r.get("date") is None, r.get("date") or "", r.get("file") or ""))
    return tuple(rows)


def timeline(
    source: Source,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
    country: Any = "UKR",
    buffer_km: float = 4.0,
    tolerance_km: float = 1.0,
    chunk_size: int | None = None,
    progress: bool | None = None,
) -> Timeline:
    """Measure every snapshot of a folder, glob or file list: one row per date.

    Parameters
    ----------
    source : str, os.PathLike or sequence of paths
        A folder, a glob pattern (see :func:`geo.sources.find_snapshots`) or the files.
    workers : int, optional
        Local worker processes; default: every usable core. ``1`` runs in this process.
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://host:8786``); used instead of local
        processes. Workers must be able to import ``geo`` and read the files.
    client : dask.distributed.Client, optional
        An existing client (e.g. of a ``LocalCluster``), used as is and not closed.
    country : str or geometry, default "UKR"
        The country the fronts are derived in (see :func:`geo.front.derive_front`).
    buffer_km : float, default 4.0
        Border/coast band for the front derivation.
    tolerance_km : float, default 1.0
        Simplification tolerance for the simplified front length.
    chunk_size : int, optional
        Snapshots per task; default: about four tasks per worker, at most 32 per task.
    progress : bool, optional
        Show a tqdm progress bar on stderr; default: only when stderr is a terminal.

    Returns
    -------
    Timeline

    Raises
    ------
    SourceError
        ``source`` matches no file.
    UsageError
        Bad ``workers``/``tolerance_km``, both workers and a scheduler, no scheduler there.
    geo.errors.LayerError
        An unknown country.
    """
    _check_arguments(workers, scheduler, client, buffer_km, tolerance_km)
    paths = snapshot_paths(source, required=True)
    dated, bad_names = dated_files(paths)
    params = ChunkParams.for_country(country, buffer_km, tolerance_km)
    n_workers = workers or (None if (scheduler or client) else default_workers())
    size = chunk_size or auto_chunk_size(len(dated), n_workers or dask_slots(client) or 2)
    with open_executor(workers, scheduler, client) as ex:
        rows = _run_chunks(dated, params, size=size, executor=ex, progress=progress)
    parameters = _parameters(country, params, n_workers, scheduler, client, len(paths))
    return Timeline(rows=_sorted_rows(rows + bad_names), parameters=parameters)


def _parameters(
    country: Any,
    params: ChunkParams,
    n_workers: int | None,
    scheduler: str | None,
    client: Any,
    n_files: int,
) -> dict[str, Any]:
    """``Timeline.parameters``: what the run used, a given geometry or client named so."""
    return {
        "country": country if isinstance(country, str) else "<geometry>",
        "buffer_km": params.buffer_km,
        "tolerance_km": params.tolerance_km,
        "workers": n_workers,
        "scheduler": scheduler or ("<client>" if client is not None else None),
        "files": n_files,
    }
