"""Benchmark: geodesic length and area through geo.measure vs raw pyproj vs pure Python.

Measures, side by side in one run:

- the length of a 1,000,000-vertex line, and
- the area of a 100,000-vertex polygon,

three ways each: through our public API (:func:`geo.measure.length` /
:func:`geo.measure.area` on shapely geometries), with raw :class:`pyproj.Geod` on numpy
arrays prepared in advance (``line_length`` / ``polygon_area_perimeter``), and with a
pure-Python loop on a sphere (haversine for the length, the spherical-excess sum for the
area). It prints a table with the best time of several runs, the ratio to raw pyproj and
how far each result is from pyproj's. Target: our API within 1.2x of raw pyproj.

Run from the repository root::

    .venv/bin/python benchmarks/measure.py            # full size, ~15 s
    .venv/bin/python benchmarks/measure.py --quick    # 100,000 / 10,000 vertices
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable

import numpy as np
import shapely
from pyproj import Geod

from geo.measure import area, length

__all__ = ["main"]

TARGET = 1.2
R_MEAN = 6_371_008.8  # mean Earth radius (m) for the spherical baselines


def make_line(n: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """A random-walk line of ``n`` vertices (steps of ~100 m) starting in eastern Ukraine."""
    rng = np.random.default_rng(seed)
    lon = 37.0 + np.cumsum(rng.normal(0, 0.001, n))
    lat = 48.0 + np.cumsum(rng.normal(0, 0.0007, n))
    return lon, lat


def make_polygon(n: int) -> tuple[np.ndarray, np.ndarray]:
    """A star-shaped (hence simple) wavy polygon of ``n`` vertices, ~600 km across."""
    t = np.linspace(0.0, 2 * math.pi, n, endpoint=False)
    r = 2.5 + 0.3 * np.sin(37 * t) + 0.1 * np.sin(401 * t)
    return 33.0 + r * np.cos(t) * 1.5, 49.0 + r * np.sin(t)


def haversine_length(lon: list[float], lat: list[float]) -> float:
    """Pure-Python haversine length on a sphere (metres)."""
    total = 0.0
    rad = math.radians
    for i in range(len(lon) - 1):
        p1, p2 = rad(lat[i]), rad(lat[i + 1])
        dp, dl = p2 - p1, rad(lon[i + 1] - lon[i])
        h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        total += 2 * R_MEAN * math.asin(math.sqrt(h))
    return total


def spherical_area(lon: list[float], lat: list[float]) -> float:
    """Pure-Python polygon area on a sphere (m²), the spherical-excess edge sum."""
    total = 0.0
    rad = math.radians
    n = len(lon)
    for i in range(n):
        j = (i + 1) % n
        total += rad(lon[j] - lon[i]) * (2 + math.sin(rad(lat[i])) + math.sin(rad(lat[j])))
    return abs(total * R_MEAN * R_MEAN / 2)


def best_of(fn: Callable[[], float], repeat: int) -> tuple[float, float]:
    """(best wall time in seconds, result) over ``repeat`` runs."""
    best, value = math.inf, math.nan
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def interleaved(fns: dict[str, Callable[[], float]], repeat: int) -> dict[str, tuple[float, float]]:
    """Best time per function, running them in turn so machine noise hits all alike."""
    out = {name: (math.inf, math.nan) for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t, v = best_of(fn, 1)
            out[name] = (min(out[name][0], t), v)
    return out


def report(title: str, rows: dict[str, tuple[float, float]], unit: str, scale: float) -> float:
    raw_t, raw_v = rows["raw pyproj Geod (numpy)"]
    print(f"\n{title}")
    header = f"{'method':<34}{'time':>11}{'vs raw':>9}   {'result':>18}  {'vs pyproj':>11}"
    print(header)
    print("-" * len(header))
    for name, (t, v) in rows.items():
        rel = (v - raw_v) / raw_v
        print(
            f"{name:<34}{t * 1000:>9.1f} ms{t / raw_t:>8.2f}x   "
            f"{v / scale:>14,.3f} {unit:<3}  {rel:>+11.2e}"
        )
    return rows["geo.measure (public API)"][0] / raw_t


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the tables; returns 0 (1 with ``--check`` on a miss)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100,000 / 10,000 vertices")
    parser.add_argument("--repeat", type=int, default=5, help="runs per method (best kept)")
    parser.add_argument("--check", action="store_true", help=f"exit 1 if API > {TARGET}x raw")
    args = parser.parse_args(argv)
    n_line, n_poly = (100_000, 10_000) if args.quick else (1_000_000, 100_000)
    geod = Geod(ellps="WGS84")

    lon, lat = make_line(n_line)
    line = shapely.LineString(np.column_stack([lon, lat]))
    lon_l, lat_l = lon.tolist(), lat.tolist()
    plon, plat = make_polygon(n_poly)
    poly = shapely.Polygon(np.column_stack([plon, plat]))
    assert poly.is_valid
    plon_l, plat_l = plon.tolist(), plat.tolist()

    print(f"frontline benchmark: {n_line:,}-vertex line, {n_poly:,}-vertex polygon")
    print(f"best of {args.repeat} runs (pure Python: best of 2); spherical baselines use R = "
          f"{R_MEAN:,.1f} m")  # fmt: skip

    length_rows = interleaved(
        {
            "geo.measure (public API)": lambda: length(line).m,
            "raw pyproj Geod (numpy)": lambda: float(geod.line_length(lon, lat)),
        },
        args.repeat,
    )
    length_rows["pure-Python haversine loop"] = best_of(lambda: haversine_length(lon_l, lat_l), 2)
    r_len = report(f"Length of a {n_line:,}-vertex line", length_rows, "km", 1000.0)

    area_rows = interleaved(
        {
            "geo.measure (public API)": lambda: area(poly).m2,
            "raw pyproj Geod (numpy)": lambda: abs(geod.polygon_area_perimeter(plon, plat)[0]),
        },
        args.repeat,
    )
    area_rows["pure-Python spherical loop"] = best_of(lambda: spherical_area(plon_l, plat_l), 2)
    r_area = report(f"Area of a {n_poly:,}-vertex polygon", area_rows, "km2", 1e6)

    ok = r_len <= TARGET and r_area <= TARGET
    print(
        f"\nAPI / raw pyproj: length {r_len:.2f}x, area {r_area:.2f}x "
        f"(target <= {TARGET}x): {'met' if ok else 'MISSED'}"
    )
    return 1 if (args.check and not ok) else 0


if __name__ == "__main__":
    sys.exit(main())
