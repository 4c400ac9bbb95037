"""Benchmark: a timeline over the daily DeepStateMap snapshots, 1 worker vs 2 vs Dask.

Runs :func:`geo.timeline.timeline` over the same snapshot files three ways, in one run:

1. one worker (in this process: the serial baseline, no pickling);
2. two local worker processes (``concurrent.futures.ProcessPoolExecutor``);
3. a Dask ``LocalCluster`` with two single-threaded worker processes, through the same
   code path (``client=``).

and prints snapshots per second side by side with the speed-ups over one worker. Target:
≥ 1.7× with two workers on a 2-core machine. Each configuration runs ``--repeat`` times and
the best run counts (the machine may be shared; the best run is the least disturbed). Every
run must produce identical rows, which is checked.

The snapshots are third-party test data read in place from ``../shared/data`` (see
``../shared/data/README.md``); the benchmark exits with a message when they are absent.

Run: ``.venv/bin/python benchmarks/timeline.py [--limit 708] [--repeat 1]``
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
DAILY = ROOT.parent / "shared" / "data" / "deepstate-daily"


def _cpu_seconds() -> float:
    """CPU time of this process and of its reaped children (the pool's workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _run(label: str, files: list[Path], repeat: int, **kwargs: object) -> tuple[float, tuple]:
    from geo.timeline import timeline

    best = float("inf")
    cpu = float("nan")
    rows: tuple = ()
    for _ in range(repeat):
        start, cpu0 = time.perf_counter(), _cpu_seconds()
        tl = timeline(files, country="UKR", progress=False, **kwargs)
        wall = time.perf_counter() - start
        if wall < best:
            best, cpu = wall, _cpu_seconds() - cpu0
        rows = tl.rows
        if tl.errors:
            raise SystemExit(f"{label}: {len(tl.errors)} unusable files: {tl.errors[0]}")
    # CPU per snapshot does not depend on other load on the machine (Dask's worker
    # processes outlive the run, so their CPU time is not visible here: "-").
    per = "      -" if "client" in kwargs else f"{1000 * cpu / len(files):7.1f}"
    print(
        f"  {label:<34} {best:7.1f} s  {len(files) / best:7.2f} snapshots/s  {per} ms CPU/snapshot",
        flush=True,
    )
    return best, rows


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit code (0, or 1 when the target is missed)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N files only")
    parser.add_argument("--repeat", type=int, default=1, help="runs per configuration")
    args = parser.parse_args(argv)
    if not DAILY.is_dir():
        print(f"snapshots not found at {DAILY}; nothing to benchmark", file=sys.stderr)
        return 0
    from distributed import Client, LocalCluster

    from geo.sources import find_snapshots
    from geo.timeline import default_workers

    files = find_snapshots(DAILY)[: args.limit]
    print(
        f"timeline over {len(files)} daily snapshots, {default_workers()} usable cores, "
        f"load average {os.getloadavg()[0]:.1f} at start"
    )
    t1, rows1 = _run("1 worker (in process)", files, args.repeat, workers=1)
    t2, rows2 = _run("2 workers (local processes)", files, args.repeat, workers=2)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(lambda: __import__("geo.timeline"))  # warm imports, like the pool's fork
        t3, rows3 = _run("Dask LocalCluster (2 processes)", files, args.repeat, client=client)
    if not rows1 == rows2 == rows3:
        raise SystemExit("the three runs gave different rows")
    print(f"speed-up, 2 workers / 1 worker:   {t1 / t2:.2f}x (target >= 1.7x)")
    print(f"speed-up, LocalCluster / 1 worker: {t1 / t3:.2f}x")
    print(f"load average at end {os.getloadavg()[0]:.1f} (other work on the machine skews this)")
    return 0 if t1 / t2 >= 1.7 else 1


if __name__ == "__main__":
    raise SystemExit(main())
