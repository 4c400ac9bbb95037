"""Benchmark: a timeline over the daily DeepStateMap snapshots, and what each snapshot costs.

All in one run, interleaved round by round (see ``_harness.py``):

1. :func:`geo.timeline.timeline` over the same ``--snapshots`` files three ways: one worker
   (in this process), two local worker processes, and a Dask ``LocalCluster`` with two
   single-threaded worker processes (``--no-dask`` leaves it out). Every run must give
   the same rows (checked).

   *Warm parity:* no configuration pays a cold start the others do not. Before the first
   round this process runs a short timeline (imports, the country lookup, the cached
   border band and Dnipro corridor); the local pool is forked from this warm process for
   every run; every Dask worker runs the same short warm-up first (``client.run``).
   Starting the pool's processes is inside each 2-process run, as it is for a user.

   *CPU counted everywhere:* this process (which also hosts the Dask scheduler and
   nannies), the pool's workers (reaped by the end of each run), and the Dask workers'
   own ``getrusage`` before and after each run.

   Rows: timeline CPU per snapshot (front + area + changes, from the 1-worker runs;
   target <= 45 ms), the 2-process speed-up (wall, target >= 1.8x), Dask's speed-up.
2. :func:`geo.front.derive_front` against :func:`plain_front`, a plain shapely version of
   the same job, on the same snapshots (target <= 2x CPU).
3. ``--memory``: a fresh process runs the timeline over every snapshot (708) on two local
   workers and reports the peak resident memory of itself and of its largest worker
   (target <= 300 MB per process).

The snapshots are third-party test data read in place from ``../shared/data`` (see
``../shared/data/README.md``); the benchmark exits with a message when they are absent.

Run: ``.venv/bin/python benchmarks/timeline.py [--snapshots 200] [--pairs 5] [--memory]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from _harness import Report, Sample, interleave, measure_call
from pyproj import Geod

__all__ = ["main", "plain_front"]

ROOT = Path(__file__).resolve().parent.parent
DAILY = ROOT.parent / "shared" / "data" / "deepstate-daily"
_GEOD = Geod(ellps="WGS84")


def _own_cpu() -> float:
    """CPU seconds of the calling process (run on each Dask worker)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def _warm(files: list[str]) -> int:
    """Run a short timeline in this process: imports, country and the cached zones."""
    from geo.timeline import timeline

    return len(timeline(files, workers=1, country="UKR", progress=False).rows)


def plain_front(occupied: Any, inner: Any, frame: Any, corridor: Any) -> tuple[float, ...]:
    """The same job as :func:`geo.front.derive_front`, in plain shapely and pyproj.

    Given the same precomputed inputs :func:`~geo.front.derive_front` caches (the country
    shrunk by the border band, and the Dnipro corridor, both in the same local frame):
    densify and project the occupied area, keep its boundary inside the band, merge it,
    drop pieces shorter than 2 km, split the rest along the corridor, project back and
    measure geodesically. Returns (main, total, land, river) metres.

    What :func:`~geo.front.derive_front` does on top, and why: it accepts any input
    (Snapshot, GeoJSON, GeoDataFrame, path) and checks and repairs the occupied polygon
    (``is_valid``, ``make_valid`` when needed: DeepStateMap outlines are not always
    valid); it checks its parameters; it orders the enclave fronts and orients the main
    line upstream first (deterministic output); it keeps the slivers' count and length;
    it builds a :class:`~geo.front.FrontSegment` per piece and setting, merged land and
    river lines, and a Length with per-part breakdown for each of eight figures.
    """
    boundary = frame.to_local(shapely.segmentize(occupied, 0.05)).boundary
    lines = shapely.get_parts(shapely.line_merge(shapely.intersection(boundary, inner)))
    lines = lines[shapely.length(lines) >= 2000.0]
    land = shapely.get_parts(shapely.difference(lines, corridor))
    river = shapely.get_parts(shapely.intersection(lines, corridor))
    lonlat = frame.to_lonlat(np.concatenate([lines, land, river]))
    metres = np.array([_GEOD.geometry_length(g) for g in lonlat])
    n, k = len(lines), len(land)
    return (metres[:n].max(), metres[:n].sum(), metres[n : n + k].sum(), metres[n + k :].sum())


def _front_rounds(files: list[str], pairs: int) -> tuple[list[Sample], list[Sample]]:
    """derive_front against plain_front on the same snapshots, interleaved."""
    from geo.frames import local_frame
    from geo.front import country_polygon, derive_front
    from geo.front.river import course_line, river_corridor
    from geo.sources import read_source

    country = country_polygon("UKR")
    shapes = [read_source(f).occupied for f in files]
    centre = derive_front(shapes[0], country).centre
    frame = local_frame(*centre, "laea")
    inner = frame.to_local(shapely.segmentize(country, 0.05)).buffer(-4000.0)
    corridor = river_corridor(course_line(frame), 10_000.0)
    shapely.prepare(inner)
    shapely.prepare(corridor)
    ours = [derive_front(s, country) for s in shapes]
    plain = [plain_front(s, inner, frame, corridor) for s in shapes]
    for a, b in zip(ours, plain, strict=True):
        got = (a.main_length.m, a.total_length.m, a.land_length.m, a.river_length.m)
        if not np.allclose(got, b, rtol=1e-6):
            raise SystemExit(f"plain_front disagrees with derive_front: {got} != {b}")

    def run_ours() -> Sample:
        return measure_call(lambda: [derive_front(s, country) for s in shapes])[0]

    def run_plain() -> Sample:
        return measure_call(lambda: [plain_front(s, inner, frame, corridor) for s in shapes])[0]

    samples = interleave({"derive_front": run_ours, "plain shapely": run_plain}, pairs)
    return samples["derive_front"], samples["plain shapely"]


def _timeline_rounds(files: list[str], pairs: int, dask: bool) -> dict[str, list[Sample]]:
    """The three configurations, warm, interleaved; every run's rows must agree."""
    from geo.timeline import timeline

    _warm(files[:4])
    rows: list[Any] = []

    def run(**kwargs: Any) -> Any:
        tl = timeline(files, country="UKR", progress=False, **kwargs)
        if tl.errors:
            raise SystemExit(f"{len(tl.errors)} unusable files: {tl.errors[0]}")
        rows.append(tl.rows)
        return tl

    contestants = {
        "1 worker": lambda: measure_call(lambda: run(workers=1))[0],
        "2 processes": lambda: measure_call(lambda: run(workers=2))[0],
    }
    if not dask:
        samples = interleave(contestants, pairs)
    else:
        from distributed import Client, LocalCluster

        with (
            LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            client.run(_warm, files[:4])  # every worker, like the pool's warm fork

            def workers_cpu() -> float:
                return float(sum(client.run(_own_cpu).values()))

            contestants["Dask, 2 processes"] = lambda: measure_call(
                lambda: run(client=client), extra_cpu=workers_cpu
            )[0]
            samples = interleave(contestants, pairs)
    if any(r != rows[0] for r in rows):
        raise SystemExit("the configurations gave different rows")
    return samples


def _memory_child(limit: int | None, workers: int) -> int:
    """Run the timeline over the snapshots; print peak RSS (MB) of this process and workers."""
    from geo.sources import find_snapshots
    from geo.timeline import timeline

    files = find_snapshots(DAILY)[:limit]
    tl = timeline(files, workers=workers, country="UKR", progress=False)
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest
    print(json.dumps({"files": len(files), "rows": len(tl.rows), "main_mb": me, "worker_mb": kids}))
    return 0


def _memory_row(report: Report, limit: int | None) -> None:
    """Peak memory per process of a fresh 2-worker timeline over every snapshot."""
    out = subprocess.run(
        [sys.executable, __file__, "--memory-child", "--snapshots", str(limit or 0)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    doc = json.loads(out.stdout.strip().splitlines()[-1])
    peak = max(doc["main_mb"], doc["worker_mb"])
    report.value(
        f"timeline over all {doc['files']} snapshots: peak memory per process",
        [peak],
        "MB",
        target=300,
        note=f"(main {doc['main_mb']:.0f} MB, largest worker {doc['worker_mb']:.0f} MB)",
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the rows; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshots", type=int, default=200, help="first N files (0: all)")
    parser.add_argument("--pairs", type=int, default=5, help="interleaved rounds (>= 5)")
    parser.add_argument("--no-dask", action="store_true", help="leave the Dask cluster out")
    parser.add_argument("--memory", action="store_true", help="also the 708-snapshot memory row")
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not DAILY.is_dir():
        print(f"snapshots not found at {DAILY}; nothing to benchmark", file=sys.stderr)
        return 0
    limit = args.snapshots or None
    if args.memory_child:
        return _memory_child(limit, workers=2)
    from geo.sources import find_snapshots

    files = [os.fspath(f) for f in find_snapshots(DAILY)[:limit]]
    n = len(files)
    report = Report(f"timeline over {n} daily snapshots", args.pairs)
    fronts = _front_rounds(files, args.pairs)
    runs = _timeline_rounds(files, args.pairs, dask=not args.no_dask)
    one = runs["1 worker"]
    report.value(
        f"timeline CPU per snapshot (front + area + changes), {n} snapshots",
        [1000 * s.cpu_s / n for s in one],
        "ms",
        target=45,
    )
    report.ratio("derive_front / plain shapely version", *fronts, target=2.0)
    report.ratio(
        f"2-process timeline speed-up, {n} snapshots, warm parity",
        one,
        runs["2 processes"],
        target=1.8,
        on="wall",
        higher_is_better=True,
    )
    if "Dask, 2 processes" in runs:
        report.ratio(
            f"Dask LocalCluster (2 processes) speed-up, {n} snapshots, warm parity",
            one,
            runs["Dask, 2 processes"],
            target=1.8,
            on="wall",
            higher_is_better=True,
        )
    for name, samples in runs.items():
        cpu = statistics.median(1000 * s.cpu_s / n for s in samples)
        report.info(f"  CPU per snapshot, {name} (all processes)", f"{cpu:.1f} ms median")
    if args.memory:
        _memory_row(report, None)
    return report.finish()


if __name__ == "__main__":
    raise SystemExit(main())
