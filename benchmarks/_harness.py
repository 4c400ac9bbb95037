"""What every benchmark shares, so that none of them can flatter us.

- **Interleaved.** :func:`interleave` runs the contestants in turn, A B A B …, at least
  :data:`MIN_PAIRS` rounds, so a change of load on the machine hits all of them alike.
- **Ratios per round.** A ratio row divides A by B *within* each round and reports the
  median with the minimum and maximum, never a best-of-N that can pick a lucky run.
- **CPU beside wall.** Every :class:`Sample` has both: CPU time (this process, plus the
  child processes it waited for, plus whatever a benchmark adds for processes it does
  not wait for, e.g. Dask workers) is what a loaded machine disturbs least; wall time is
  what a user waits.
- **Load guard.** The 1-minute load average is printed at the start and at the end. The
  end figure includes this benchmark's own processes (a browser benchmark alone keeps two
  cores busy), so the guard also measures what *other* processes did during the run: the
  machine's busy CPU time (``/proc/stat``) less our own process tree's (this process,
  its reaped children, and its live descendants with the children they reaped). No row
  gets a verdict (``load too high: no verdict``) when the load at the start was above the
  number of usable cores, when our own average use plus the others' exceeded it (the
  contestants were competing for the CPU), or when there were fewer than
  :data:`MIN_PAIRS` rounds.

Run a benchmark with ``--pairs 5`` or more on a quiet machine before quoting it.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "MIN_PAIRS",
    "Report",
    "Sample",
    "cores",
    "interleave",
    "load_average",
    "measure_call",
    "measure_command",
]

#: Fewest rounds (A B pairs) for a verdict.
MIN_PAIRS = 5


@dataclass(frozen=True)
class Sample:
    """One timed run: wall-clock seconds and CPU seconds (user + system, all processes)."""

    wall_s: float
    cpu_s: float
    extra: Mapping[str, Any] = field(default_factory=dict)


def cores() -> int:
    """CPU cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def load_average() -> float:
    """The 1-minute load average."""
    return os.getloadavg()[0]


def _system_busy_s() -> float | None:
    """CPU seconds the whole machine has been busy (all cores; None off Linux)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    ticks = [int(x) for x in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle + iowait
    busy = sum(ticks[:8]) - idle  # user nice system idle iowait irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK")


def _descendants_cpu() -> float:
    """CPU seconds of this process's live descendants, with the children they reaped."""
    hz = os.sysconf("SC_CLK_TCK")
    parent: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        rest = stat[stat.rindex(")") + 2 :].split()
        parent[int(entry.name)] = int(rest[1])
        cpu[int(entry.name)] = sum(int(x) for x in rest[11:15]) / hz  # utime stime cutime cstime
    me, total = os.getpid(), 0.0
    for pid in cpu:
        p, seen = parent.get(pid), 0
        while p is not None and p != me and p > 1 and seen < 64:
            p, seen = parent.get(p), seen + 1
        if p == me:
            total += cpu[pid]
    return total


def _own_cpu_s() -> float:
    """CPU seconds of this benchmark's whole process tree so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime + _children_cpu() + _descendants_cpu()


def _children_cpu() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def measure_call(
    fn: Callable[[], Any], extra_cpu: Callable[[], float] | None = None
) -> tuple[Sample, Any]:
    """Run ``fn()`` once; its Sample and result.

    CPU is this process's (all threads) plus the children it reaped meanwhile (a process
    pool shut down inside ``fn``), plus ``extra_cpu()`` read before and after, for
    processes that outlive the call (Dask workers).
    """
    extra0 = extra_cpu() if extra_cpu else 0.0
    kids0, cpu0, t0 = _children_cpu(), time.process_time(), time.perf_counter()
    result = fn()
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0 + _children_cpu() - kids0
    if extra_cpu:
        cpu += extra_cpu() - extra0
    return Sample(wall, cpu), result


def measure_command(
    cmd: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> Sample:
    """Run a command to completion; wall time and the CPU time of it and its children.

    The CPU comes from ``wait4`` on that very process (its own and its reaped children's),
    so other processes on the machine do not leak into it.
    """
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd),
            cwd=cwd,
            env=None if env is None else dict(env),
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {' / '.join(tail)}")
    return Sample(wall, usage.ru_utime + usage.ru_stime)


def interleave(
    contestants: Mapping[str, Callable[[], Sample]], pairs: int
) -> dict[str, list[Sample]]:
    """Run the contestants in turn (A B A B …) ``pairs`` times; their samples by name."""
    out: dict[str, list[Sample]] = {name: [] for name in contestants}
    for i in range(pairs):
        for name, run in contestants.items():
            out[name].append(run())
        names = " / ".join(contestants)
        print(f"  {names}: round {i + 1}/{pairs} (load {load_average():.1f})", file=sys.stderr)
    return out


def _spread(values: Sequence[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


@dataclass
class Report:
    """The rows of one benchmark run and the load guard around them.

    Create it before the first measurement (it prints the header and the load at start),
    add rows, then call :meth:`finish`.
    """

    title: str
    pairs: int
    rows: list[tuple[str, str, str, bool | None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.load_start = load_average()
        self._t0, self._busy0, self._own0 = time.perf_counter(), _system_busy_s(), _own_cpu_s()
        print(f"{self.title}")
        print(
            f"  {cores()} usable cores, load average {self.load_start:.2f} at start, "
            f"{self.pairs} interleaved rounds, Python {sys.version.split()[0]}"
        )

    def ratio(
        self,
        figure: str,
        a: Sequence[Sample],
        b: Sequence[Sample],
        *,
        target: float,
        on: str = "cpu",
        higher_is_better: bool = False,
    ) -> float:
        """A row for A / B per round (``on`` = ``"cpu"`` or ``"wall"``); the median."""
        if on == "cpu":
            ratios = [x.cpu_s / y.cpu_s for x, y in zip(a, b, strict=True)]
            other = [x.wall_s / y.wall_s for x, y in zip(a, b, strict=True)]
        else:
            ratios = [x.wall_s / y.wall_s for x, y in zip(a, b, strict=True)]
            other = [x.cpu_s / y.cpu_s for x, y in zip(a, b, strict=True)]
        med, lo, hi = _spread(ratios)
        omed, olo, ohi = _spread(other)
        alt = "wall" if on == "cpu" else "CPU"
        text = f"{med:.2f}x ({lo:.2f}-{hi:.2f}) {on}; {alt} {omed:.2f}x ({olo:.2f}-{ohi:.2f})"
        sign = ">=" if higher_is_better else "<="
        met = med >= target if higher_is_better else med <= target
        self.rows.append((figure, text, f"{sign} {target:g}x", met))
        return med

    def value(
        self, figure: str, values: Sequence[float], unit: str, *, target: float, note: str = ""
    ) -> float:
        """A row for an absolute figure (lower is better), median with min–max."""
        med, lo, hi = _spread(values)
        text = f"{med:.1f} {unit} ({lo:.1f}-{hi:.1f}){' ' + note if note else ''}"
        self.rows.append((figure, text, f"<= {target:g} {unit}", med <= target))
        return med

    def info(self, figure: str, text: str) -> None:
        """A row without a target (context, or a figure measured elsewhere)."""
        self.rows.append((figure, text, "-", None))

    def finish(self) -> int:
        """Print the table and the load at the end, with verdicts only when they are fair."""
        load_end = load_average()
        n = cores()
        wall = max(time.perf_counter() - self._t0, 1e-9)
        own = (_own_cpu_s() - self._own0) / wall
        busy = _system_busy_s()
        others = None if busy is None or self._busy0 is None else (busy - self._busy0) / wall
        others = None if others is None else max(0.0, others - own)
        if self.load_start > n or (others is not None and own + others > n):
            why = "load too high: no verdict"
        elif self.pairs < MIN_PAIRS:
            why = f"fewer than {MIN_PAIRS} rounds: no verdict"
        else:
            why = ""
        width = max(len(r[0]) for r in self.rows) if self.rows else 10
        print(f"\n{'figure':<{width}}  {'median (min-max)':<52} {'target':<11} verdict")
        for figure, text, target, met in self.rows:
            verdict = "-" if met is None else (why or ("met" if met else "MISSED"))
            print(f"{figure:<{width}}  {text:<52} {target:<11} {verdict}")
        during = (
            "; other processes used an unknown share"
            if others is None
            else f"; during the run this benchmark used {own:.2f} cores and other "
            f"processes {others:.2f} on average"
        )
        print(
            f"load average {self.load_start:.2f} at start, {load_end:.2f} at end (the end "
            f"figure includes this benchmark's own processes; {n} cores){during}"
            f"{'; ' + why if why else ''}"
        )
        return 0
