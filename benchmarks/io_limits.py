"""Benchmark: GeoJSON limits enforced while reading (geo.io.scan), side by side, interleaved.

1. **Refusal.** ``FRONTLINE_MAX_POSITIONS=1000`` and a 100 MB single LineString: a fresh
   process runs :func:`geo.io.read_geojson_text` and is refused. Wall time of the read and
   the process's own peak memory (``VmHWM``) per round. Target (issue 14): under 2 s and
   under 200 MB. Before issue 14 the limit was checked after ``json.loads``: about 25 s and
   1.25 GB.
2. **What the scan costs a file that passes.** A 20 MB line under the default limits:
   :func:`geo.io.scan.read_limited` + ``json.loads`` against ``Path.read_bytes`` +
   ``json.loads`` (the reader before issue 14), in this process. Target <= 1.15x CPU.

Run: ``.venv/bin/python benchmarks/io_limits.py [--pairs 5]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _harness import Report, Sample, interleave, measure_call

from geo.io.scan import read_limited

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent

_REFUSE = """
import json, sys, time
from geo.io import read_geojson_text
t0 = time.perf_counter()
try:
    read_geojson_text(sys.argv[1])
except ValueError:
    pass
wall = time.perf_counter() - t0
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0].split()[1]
print(json.dumps({"wall": wall, "cpu": time.process_time(), "hwm_kib": int(hwm)}))
"""


def huge_line(path: Path, megabytes: int) -> Path:
    """Write a single LineString of about ``megabytes`` MB."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{"type": "LineString", "coordinates": [[30.0, 50.0]')
        chunk = ",[30.0,50.0001],[30.0001,50.0]" * 5000
        while fh.tell() < megabytes * 1024 * 1024:
            fh.write(chunk)
        fh.write("]}\n")
    return path


def main(argv: list[str] | None = None) -> int:
    """Run both rows; return the harness exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5)
    args = parser.parse_args(argv)
    report = Report("geo.io limits while reading", args.pairs)
    with tempfile.TemporaryDirectory() as tmp:
        big = huge_line(Path(tmp) / "big.geojson", 100)
        mid = huge_line(Path(tmp) / "mid.geojson", 20)
        peaks: list[float] = []
        env = {**os.environ, "FRONTLINE_MAX_POSITIONS": "1000"}

        def refuse() -> Sample:
            proc = subprocess.run(
                [sys.executable, "-c", _REFUSE, str(big)],
                capture_output=True, text=True, env=env, cwd=ROOT, check=True,
            )  # fmt: skip
            out = json.loads(proc.stdout)
            peaks.append(out["hwm_kib"] / 1024)
            return Sample(out["wall"], out["cpu"])

        def scanned() -> Sample:
            return measure_call(lambda: json.loads(read_limited(mid, "mid", 0)))[0]

        def plain() -> Sample:
            return measure_call(lambda: json.loads(mid.read_bytes()))[0]

        got = interleave({"refuse": refuse, "scanned": scanned, "plain": plain}, args.pairs)
        report.value(
            "refuse a 100 MB line (1,000-position limit), s",
            [s.wall_s for s in got["refuse"]],
            "s",
            target=2.0,
        )
        report.value("  peak memory of that process (VmHWM)", peaks, "MB", target=200.0)
        report.ratio(
            "read + parse 20 MB: scan / no scan", got["scanned"], got["plain"], target=1.15
        )
    return report.finish()


if __name__ == "__main__":
    raise SystemExit(main())
