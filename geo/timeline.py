"""Dated snapshots → measures over time, streamed, on local processes or a Dask cluster.

For a folder (or glob) of dated occupied-area snapshots, :func:`timeline` computes one row
per date:

- ``occupied_area_km2`` (and ``occupied_area_sq_mi``): geodesic area on WGS84;
- ``front_main_km``: the main front line (:func:`geo.front.derive_front`) at the data's full
  detail, and ``front_main_km_simplified`` after Douglas–Peucker simplification at
  ``tolerance_km`` (stated in the ``tolerance_km`` column: a front has no single length);
  ``front_enclaves_km``, ``front_land_km`` and ``front_river_km`` from the same derivation;
- the change since the previous usable snapshot (``previous_date``): ``gained_km2`` (area
  occupied now but not then), ``lost_km2`` (the reverse) and ``net_km2``, all geodesic
  areas of the polygon differences.

How it runs
-----------
The sorted file list is cut into chunks of consecutive dates. A task processes one chunk in
date order, reading each file itself and keeping only the previous geometry, so a worker
never holds more than two snapshots and the client holds none: only the result rows come
back. The first file of a chunk is compared with the file just before the chunk, which the
task reads too (one extra read per chunk, instead of shipping geometries around).

Tasks go to an *executor*: in-process for one worker, a
:class:`concurrent.futures.ProcessPoolExecutor` for ``workers > 1`` (the default uses every
core), or a :class:`dask.distributed.Client` when a scheduler address (or a client) is
given. Both pools expose the same ``submit``/``as_completed`` shape, so it is one code path.

Bad files never stop the run: a file that cannot be read (not GeoJSON, no polygons, empty,
no date) becomes a row with ``status="error"`` and the message in ``error``, is listed in
:attr:`Timeline.errors`, and the next date is compared with the last good snapshot before
it (``previous_date`` says which; ``days_since_previous`` shows gaps).

For the maps: :func:`frames` yields the (simplified) occupied area per date for a time
slider, and :func:`changes` returns the gained/lost areas between any two snapshots as a
GeoDataFrame (exportable with :mod:`geo.export`).

Examples
--------
>>> tl = timeline("../shared/data/deepstate-daily", workers=2)  # doctest: +SKIP
>>> tl.rows[-1]["date"], round(tl.rows[-1]["occupied_area_km2"])  # doctest: +SKIP
('2026-08-22', 116995)
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import csv
import datetime as dt
import io
import math
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.errors import GeoError, SourceError, UsageError

if TYPE_CHECKING:
    import geopandas
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "COLUMNS",
    "Frame",
    "Timeline",
    "changes",
    "default_workers",
    "frames",
    "measure_snapshot",
    "timeline",
]

#: CSV/JSON columns, in order.
COLUMNS: tuple[str, ...] = (
    "date",
    "status",
    "file",
    "kind",
    "occupied_area_km2",
    "occupied_area_sq_mi",
    "front_main_km",
    "front_main_km_simplified",
    "tolerance_km",
    "front_enclaves_km",
    "front_land_km",
    "front_river_km",
    "previous_date",
    "days_since_previous",
    "gained_km2",
    "lost_km2",
    "net_km2",
    "error",
)

_SQ_MI_PER_KM2 = 1.0 / 2.589988110336
#: Seconds to wait for a Dask scheduler before giving up with a UsageError.
SCHEDULER_TIMEOUT_S = 20.0
#: How many earlier files a chunk may fall back on when the one before it is unusable.
_LOOKBACK = 4


# --------------------------------------------------------------------------- per snapshot


@dataclass(frozen=True)
class _Params:
    """Everything a worker needs, picklable (the country travels as WKB)."""

    country_wkb: bytes
    buffer_km: float
    tolerance_km: float


def _clean_area(geom: BaseGeometry) -> float:
    """Geodesic area (km²) of the polygonal part of an overlay result; 0 for nothing."""
    from geo.geometry import polygon_parts
    from geo.measure import area

    parts = polygon_parts([geom])
    return area(parts).km2 if parts else 0.0


def measure_snapshot(
    occupied: BaseGeometry,
    country: Any,
    *,
    buffer_km: float = 4.0,
    tolerance_km: float = 1.0,
) -> dict[str, Any]:
    """Area and front measures of one occupied area (no change figures).

    Parameters
    ----------
    occupied : shapely (Multi)Polygon
        Lon/lat.
    country : str or geometry
        As :func:`geo.front.derive_front` (e.g. ``"UKR"``).
    buffer_km : float, default 4.0
        Border/coast band for :func:`geo.front.derive_front`.
    tolerance_km : float, default 1.0
        Simplification tolerance for ``front_main_km_simplified``.

    Returns
    -------
    dict
        ``occupied_area_km2``, ``occupied_area_sq_mi``, ``front_main_km``,
        ``front_main_km_simplified``, ``tolerance_km``, ``front_enclaves_km``,
        ``front_land_km``, ``front_river_km``; front values are ``None`` (and ``error`` set)
        when no front can be derived.
    """
    from geo.front import derive_front
    from geo.measure import area

    km2 = area(occupied).km2
    row: dict[str, Any] = {
        "occupied_area_km2": km2,
        "occupied_area_sq_mi": km2 * _SQ_MI_PER_KM2,
        "tolerance_km": tolerance_km,
    }
    try:
        front = derive_front(occupied, country, buffer_km)
    except GeoError as exc:
        row["error"] = f"front: {exc.message}"
        return row
    row.update(
        front_main_km=front.main_length.km,
        front_main_km_simplified=front.simplified_main_length(tolerance_km).km,
        front_enclaves_km=front.enclaves_length.km,
        front_land_km=front.land_length.km,
        front_river_km=front.river_length.km,
    )
    return row


def _read(path: str, date: dt.date | None) -> Any:
    from geo.sources import read_source

    return read_source(path, date=date)


def _process_chunk(
    items: Sequence[tuple[str, dt.date | None]],
    before: Sequence[tuple[str, dt.date | None]],
    params: _Params,
) -> list[dict[str, Any]]:
    """Rows for consecutive snapshots ``items``; ``before`` = earlier files, latest first.

    Runs in a worker. Never raises for a bad file: every exception becomes an error row, so
    one unreadable snapshot cannot lose the other dates of its chunk.
    """
    import shapely

    country = shapely.from_wkb(params.country_wkb)
    prev = None
    for path, date in before[:_LOOKBACK]:
        try:
            prev = _read(path, date)
            break
        except Exception:  # reported by the chunk that owns the file
            continue
    rows: list[dict[str, Any]] = []
    for path, date in items:
        row: dict[str, Any] = {
            "date": None if date is None else date.isoformat(),
            "file": os.path.basename(path),
        }
        try:
            snap = _read(path, date)
        except Exception as exc:
            row.update(status="error", error=_message(exc, path))
            rows.append(row)
            continue
        try:
            row.update(kind=snap.kind, status="ok")
            row.update(
                measure_snapshot(
                    snap.occupied,
                    country,
                    buffer_km=params.buffer_km,
                    tolerance_km=params.tolerance_km,
                )
            )
            if prev is not None:
                gained = _clean_area(snap.occupied.difference(prev.occupied))
                lost = _clean_area(prev.occupied.difference(snap.occupied))
                row.update(
                    previous_date=prev.date.isoformat() if prev.date else None,
                    days_since_previous=(snap.date - prev.date).days
                    if snap.date and prev.date
                    else None,
                    gained_km2=gained,
                    lost_km2=lost,
                    net_km2=gained - lost,
                )
            if row.get("error"):
                row["status"] = "partial"
        except Exception as exc:
            row = {k: row.get(k) for k in ("date", "file")}
            row.update(status="error", error=_message(exc, path))
            rows.append(row)
            continue
        prev = snap
        rows.append(row)
    return rows


def _message(exc: BaseException, path: str) -> str:
    text = str(exc)
    if isinstance(exc, GeoError) and exc.path:
        return text
    name = os.fspath(path)
    return text if name in text else f"{name}: {type(exc).__name__}: {text}"


# --------------------------------------------------------------------------- executors


class _InlineExecutor:
    """Runs each task at submission, in this process (one worker, no pickling)."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> cf.Future[Any]:
        fut: cf.Future[Any] = cf.Future()
        try:
            fut.set_result(fn(*args))
        except BaseException as exc:  # delivered through the future, like a pool would
            fut.set_exception(exc)
        return fut

    @staticmethod
    def as_completed(futures: Iterable[Any]) -> Iterator[Any]:
        return iter(list(futures))


class _PoolExecutor:
    """``concurrent.futures.ProcessPoolExecutor`` behind the common interface."""

    def __init__(self, workers: int) -> None:
        self.pool = cf.ProcessPoolExecutor(max_workers=workers)

    def submit(self, fn: Callable[..., Any], *args: Any) -> cf.Future[Any]:
        return self.pool.submit(fn, *args)

    @staticmethod
    def as_completed(futures: Iterable[Any]) -> Iterator[Any]:
        return cf.as_completed(list(futures))

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _DaskExecutor:
    """A ``dask.distributed.Client``: ``submit``/``as_completed`` mirror concurrent.futures."""

    def __init__(self, client: Any, owned: bool) -> None:
        self.client = client
        self.owned = owned

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        # pure=False: two chunks with equal arguments must still both run.
        return self.client.submit(fn, *args, pure=False)

    @staticmethod
    def as_completed(futures: Iterable[Any]) -> Iterator[Any]:
        from distributed import as_completed

        return iter(as_completed(list(futures)))

    def close(self) -> None:
        if self.owned:
            self.client.close()


def default_workers() -> int:
    """The number of CPU cores this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@contextlib.contextmanager
def _executor(workers: int | None, scheduler: str | None, client: Any) -> Iterator[Any]:
    if client is not None or scheduler is not None:
        if client is None:
            try:
                from distributed import Client
            except ImportError:  # pragma: no cover - a declared dependency
                raise UsageError(
                    "--scheduler needs dask.distributed (pip install dask[distributed])"
                ) from None
            try:
                client = Client(scheduler, timeout=f"{SCHEDULER_TIMEOUT_S}s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise UsageError(
                    f"cannot connect to the Dask scheduler {scheduler!r}: {exc}"
                ) from None
            ex: Any = _DaskExecutor(client, owned=True)
        else:
            ex = _DaskExecutor(client, owned=False)
    elif (workers or default_workers()) == 1:
        ex = _InlineExecutor()
    else:
        ex = _PoolExecutor(workers or default_workers())
    try:
        yield ex
    finally:
        close = getattr(ex, "close", None)
        if close is not None:
            close()


# --------------------------------------------------------------------------- the timeline


@dataclass(frozen=True)
class Timeline:
    """The result of :func:`timeline`.

    Attributes
    ----------
    rows : tuple of dict
        One per file, sorted by date (files without a date last), with the keys of
        :data:`COLUMNS`. ``status`` is ``"ok"``, ``"partial"`` (area measured, no front) or
        ``"error"`` (the file was unusable: only ``date``, ``file`` and ``error`` are set).
    parameters : dict
        ``country``, ``buffer_km``, ``tolerance_km``, ``workers`` / ``scheduler``, ``files``.
    """

    rows: tuple[dict[str, Any], ...]
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[dict[str, Any]]:
        """``{"file", "date", "error"}`` for every unusable file."""
        return [
            {"file": r["file"], "date": r.get("date"), "error": r.get("error")}
            for r in self.rows
            if r.get("status") == "error"
        ]

    @property
    def missing_dates(self) -> list[str]:
        """ISO dates whose file was unusable (so the date has no measures)."""
        return [r["date"] for r in self.rows if r.get("status") == "error" and r.get("date")]

    def to_dataframe(self) -> Any:
        """The rows as a :class:`pandas.DataFrame` with :data:`COLUMNS`."""
        import pandas as pd

        return pd.DataFrame([{c: r.get(c) for c in COLUMNS} for r in self.rows], columns=COLUMNS)

    def to_csv(self) -> str:
        """CSV text: a header of :data:`COLUMNS`, one row per file; empty cells for missing.

        Floats are written with 3 decimals (metres and hundredths of km² are beyond the
        data's accuracy), so the file is byte-identical across runs and platforms.
        """
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in self.rows:
            writer.writerow([_csv_cell(r.get(c)) for c in COLUMNS])
        return buf.getvalue()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready document: ``rows``, ``errors``, ``missing_dates``, ``parameters``."""
        rows = [{c: _json_value(r.get(c)) for c in COLUMNS} for r in self.rows]
        return {
            "rows": rows,
            "errors": self.errors,
            "missing_dates": self.missing_dates,
            "parameters": self.parameters,
            "method": "geodesic-wgs84",
            "units": {"area": "km2", "length": "km"},
        }

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write CSV (``.csv``), JSON (``.json``) or the chart (``.png``), atomically.

        Parameters
        ----------
        path : str or os.PathLike
            The target; its suffix picks the format.

        Returns
        -------
        pathlib.Path

        Raises
        ------
        UsageError
            An unsupported suffix.
        """
        from geo.io import write_atomic

        target = Path(path)
        suffix = target.suffix.lower()
        if suffix == ".csv":
            return write_atomic(target, self.to_csv())
        if suffix == ".json":
            from geo.commands._output import dumps_json

            return write_atomic(target, dumps_json(self.to_dict()) + "\n")
        if suffix == ".png":
            return write_atomic(target, self.chart_png())
        raise UsageError(
            f"cannot write a timeline as {suffix or 'a file without suffix'}; "
            "use .csv, .json or .png"
        )

    def chart_png(self) -> bytes:
        """A PNG chart of occupied area and main front length over time (matplotlib, Agg)."""
        import matplotlib

        matplotlib.use("Agg", force=False)
        from matplotlib.figure import Figure

        rows = [r for r in self.rows if r.get("status") in ("ok", "partial") and r.get("date")]
        # A gap of more than a week in the data is drawn as a gap, not a straight line.
        good: list[dict[str, Any]] = []
        for r in rows:
            if good and (r.get("days_since_previous") or 0) > 7:
                good.append({"date": good[-1]["date"], "gap": True})
            good.append(r)
        dates = [dt.date.fromisoformat(r["date"]) for r in good]
        fig = Figure(figsize=(10, 6), dpi=100)
        ax1, ax2 = fig.subplots(2, 1, sharex=True)
        area = [math.nan if r.get("gap") else r["occupied_area_km2"] for r in good]
        ax1.plot(dates, area, color="#a52714", lw=1.2)
        ax1.set_ylabel("occupied area (km²)")
        ax1.grid(alpha=0.3)
        tol = self.parameters.get("tolerance_km")
        full = [r.get("front_main_km") for r in good]
        simple = [r.get("front_main_km_simplified") for r in good]
        ax2.plot(
            dates,
            [math.nan if v is None else v for v in full],
            lw=1.0,
            label="main front, full detail",
        )
        ax2.plot(
            dates,
            [math.nan if v is None else v for v in simple],
            lw=1.0,
            label=f"main front, simplified at {tol:g} km" if tol is not None else "simplified",
        )
        ax2.set_ylabel("length (km)")
        ax2.grid(alpha=0.3)
        ax2.legend(loc="best", fontsize=8)
        bad = [dt.date.fromisoformat(d) for d in self.missing_dates]
        for d in bad:
            for ax in (ax1, ax2):
                ax.axvline(d, color="grey", lw=0.6, ls=":")
        fig.suptitle(
            "Occupied area and front length (geodesic, WGS84)"
            + (f" — {len(bad)} unusable file(s) marked" if bad else "")
        )
        fig.autofmt_xdate()
        buf = io.BytesIO()
        # No timestamp or software version in the metadata: same data, same bytes.
        fig.savefig(buf, format="png", metadata={"Software": None})
        return buf.getvalue()


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if not math.isfinite(value) else f"{value:.3f}"
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _dated_files(
    paths: Sequence[str | os.PathLike[str]],
) -> tuple[list[tuple[str, Any]], list[dict[str, Any]]]:
    """(path, date) sorted by date; unusable names become error rows straight away."""
    from geo.sources import resolve_date

    dated: list[tuple[str, Any]] = []
    bad: list[dict[str, Any]] = []
    seen: dict[dt.date, str] = {}
    for p in paths:
        name = os.fspath(p)
        try:
            when = resolve_date(name)
        except SourceError as exc:
            bad.append(
                {"date": None, "file": os.path.basename(name), "status": "error", "error": str(exc)}
            )
            continue
        if when in seen:
            bad.append(
                {
                    "date": when.isoformat(),
                    "file": os.path.basename(name),
                    "status": "error",
                    "error": f"{name}: same date as {seen[when]}; skipped",
                }
            )
            continue
        seen[when] = os.path.basename(name)
        dated.append((name, when))
    dated.sort(key=lambda item: (item[1], item[0]))
    return dated, bad


def timeline(
    source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
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
        Bad ``workers``/``tolerance_km``, or both ``workers`` and a scheduler, or a
        scheduler that cannot be reached.
    geo.errors.LayerError
        An unknown country.
    """
    import shapely
    from tqdm import tqdm

    from geo.front import country_polygon
    from geo.sources import find_snapshots

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
    if isinstance(source, str | os.PathLike):
        paths: list[Any] = find_snapshots(source)
    else:
        paths = list(source)
        if not paths:
            raise SourceError("no snapshot files given")
    dated, bad_names = _dated_files(paths)
    params = _Params(
        country_wkb=shapely.to_wkb(country_polygon(country)),
        buffer_km=float(buffer_km),
        tolerance_km=float(tolerance_km),
    )
    n_workers = workers or (None if (scheduler or client) else default_workers())
    slots = n_workers or _dask_slots(client) or 2
    size = chunk_size or max(1, min(32, math.ceil(len(dated) / (slots * 4)) if dated else 1))
    chunks = [dated[i : i + size] for i in range(0, len(dated), size)]
    rows: list[dict[str, Any]] = []
    show = None if progress is None else not progress
    with (
        _executor(workers, scheduler, client) as ex,
        tqdm(
            total=len(dated), unit="snapshot", desc="timeline", file=sys.stderr, disable=show
        ) as bar,
    ):
        futures = {}
        for k, chunk in enumerate(chunks):
            start = k * size
            before = list(reversed(dated[max(0, start - _LOOKBACK) : start]))
            futures[ex.submit(_process_chunk, chunk, before, params)] = len(chunk)
        for fut in ex.as_completed(futures):
            rows.extend(fut.result())
            bar.update(futures[fut])
    rows.extend(bad_names)
    rows.sort(key=lambda r: (r.get("date") is None, r.get("date") or "", r.get("file") or ""))
    parameters = {
        "country": country if isinstance(country, str) else "<geometry>",
        "buffer_km": float(buffer_km),
        "tolerance_km": float(tolerance_km),
        "workers": n_workers,
        "scheduler": scheduler if scheduler else ("<client>" if client is not None else None),
        "files": len(paths),
    }
    return Timeline(rows=tuple(rows), parameters=parameters)


def _dask_slots(client: Any) -> int | None:
    if client is None:
        return None
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # an unreachable cluster fails later with a clear message
        return None


# --------------------------------------------------------------------------- maps API


@dataclass(frozen=True)
class Frame:
    """One step of a time slider: the occupied area on one date.

    Attributes
    ----------
    date : datetime.date
    occupied : shapely.MultiPolygon
        Lon/lat, simplified at the requested tolerance (for drawing only).
    area_km2 : float
        Geodesic area of the *unsimplified* occupied area.
    file : str
        The snapshot file name.
    """

    date: dt.date
    occupied: Any
    area_km2: float
    file: str

    def to_feature(self) -> dict[str, Any]:
        """A GeoJSON Feature with ``date``, ``area_km2`` and ``file`` properties."""
        import shapely

        return {
            "type": "Feature",
            "properties": {
                "date": self.date.isoformat(),
                "area_km2": self.area_km2,
                "file": self.file,
            },
            "geometry": shapely.geometry.mapping(self.occupied),
        }


def _simplify(geom: Any, tolerance_km: float) -> Any:
    """Simplify lon/lat polygons at ``tolerance_km`` in a local LAEA projection."""
    import numpy as np
    import shapely
    from pyproj import CRS, Transformer

    if tolerance_km <= 0:
        return geom
    minx, miny, maxx, maxy = geom.bounds
    crs = CRS.from_proj4(
        f"+proj=laea +lat_0={(miny + maxy) / 2:.4f} +lon_0={(minx + maxx) / 2:.4f} +datum=WGS84"
    )
    fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    inv = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    projected = shapely.transform(geom, lambda c: np.column_stack(fwd.transform(c[:, 0], c[:, 1])))
    simple = shapely.simplify(projected, tolerance_km * 1000.0, preserve_topology=True)
    return shapely.transform(simple, lambda c: np.column_stack(inv.transform(c[:, 0], c[:, 1])))


def frames(
    source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    tolerance_km: float = 1.0,
    *,
    on_error: str = "skip",
) -> Iterator[Frame]:
    """Yield the occupied area per date, oldest first, for a time slider.

    Files are read one at a time (a generator: nothing is held beyond the current frame).

    Parameters
    ----------
    source : str, os.PathLike or sequence of paths
        A folder, glob or file list.
    tolerance_km : float, default 1.0
        Simplification for drawing (0 keeps full detail). Areas are not simplified.
    on_error : {"skip", "raise"}, default "skip"
        Skip unusable files (with a warning on stderr) or raise their SourceError.

    Yields
    ------
    Frame
    """
    from geo.measure import area
    from geo.sources import find_snapshots, read_source

    if on_error not in ("skip", "raise"):
        raise UsageError(f"on_error must be 'skip' or 'raise', got {on_error!r}")
    paths = find_snapshots(source) if isinstance(source, str | os.PathLike) else list(source)
    dated, bad = _dated_files(paths)
    for row in bad:
        if on_error == "raise":
            raise SourceError(row["error"])
        sys.stderr.write(f"frontline: warning: {row['error']}\n")
    for path, when in dated:
        try:
            snap = read_source(path, date=when)
        except GeoError as exc:
            if on_error == "raise":
                raise
            sys.stderr.write(f"frontline: warning: {exc}\n")
            continue
        yield Frame(
            date=when,
            occupied=_simplify(snap.occupied, float(tolerance_km)),
            area_km2=area(snap.occupied).km2,
            file=os.path.basename(path),
        )


def changes(
    path_a: str | os.PathLike[str], path_b: str | os.PathLike[str]
) -> geopandas.GeoDataFrame:
    """Territory gained and lost between two snapshots, as a GeoDataFrame.

    Parameters
    ----------
    path_a, path_b : str or os.PathLike
        The earlier and the later snapshot (any format :func:`geo.sources.read_source`
        reads). They are used in the order given; dates come from the names.

    Returns
    -------
    geopandas.GeoDataFrame
        Two rows, EPSG:4326: ``change`` = ``"gained"`` (occupied in ``path_b`` but not in
        ``path_a``) and ``"lost"`` (the reverse), with ``date_from``, ``date_to``,
        ``area_km2`` (geodesic) and a MultiPolygon (possibly empty).

    Raises
    ------
    SourceError
        Either file is unusable.
    """
    import geopandas
    from shapely.geometry import MultiPolygon

    from geo.geometry import polygon_parts
    from geo.sources import read_source

    a = read_source(path_a, require_date=False)
    b = read_source(path_b, require_date=False)
    rows = []
    for change, geom in (
        ("gained", b.occupied.difference(a.occupied)),
        ("lost", a.occupied.difference(b.occupied)),
    ):
        parts = polygon_parts([geom])
        rows.append(
            {
                "change": change,
                "date_from": a.date.isoformat() if a.date else None,
                "date_to": b.date.isoformat() if b.date else None,
                "area_km2": _clean_area(geom),
                "geometry": MultiPolygon(parts),
            }
        )
    return geopandas.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
