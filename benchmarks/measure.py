"""Benchmark: geodesic length and area through geo.measure vs raw pyproj vs pure Python.

Measures, side by side in one run:

- the length of a 1,000,000-vertex line, and
- the area of a 100,000-vertex polygon,

three ways each: through our public API (:func:`geo.measure.length` /
:func:`geo.measure.area` on shapely geometries), with raw :class:`pyproj.Geod` on numpy
arrays prepared in advance (``line_length`` / ``polygon_area_perimeter``), and with a
pure-Python loop on a sphere (haversine for the length, the spherical-excess sum for the
area). The three run interleaved, round by round (``_harness.py``); it prints each one's
median CPU and wall time and how far its result is from pyproj's, then the CPU ratio of
our API to raw pyproj per round (median, min–max). Target: within 1.2x of raw pyproj.

Run from the repository root::

    .venv/bin/python benchmarks/measure.py            # full size, 5 rounds, ~1 min
    .venv/bin/python benchmarks/measure.py --quick    # 100,000 / 10,000 vertices
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from collections.abc import Callable

import numpy as np
import shapely
from _harness import Report, Sample, interleave, measure_call
from pyproj import Geod

from geo.measure import area, length

__all__ = ["main"]

TARGET = 1.2
API = "geo.measure (public API)"
RAW = "raw pyproj Geod (numpy)"
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


def _sampled(fn: Callable[[], float], values: dict[str, float], name: str) -> Callable[[], Sample]:
    """A contestant for the harness that also keeps its result in ``values[name]``."""

    def run() -> Sample:
        sample, values[name] = measure_call(fn)
        return sample

    return run


def compare(
    title: str,
    fns: dict[str, Callable[[], float]],
    pairs: int,
    unit: str,
    scale: float,
) -> dict[str, list[Sample]]:
    """Run ``fns`` interleaved and print each one's median CPU and result against pyproj's."""
    values: dict[str, float] = {}
    samples = interleave({n: _sampled(fn, values, n) for n, fn in fns.items()}, pairs)
    raw = values[RAW]
    print(f"\n{title}")
    header = (
        f"{'method':<34}{'CPU median':>12}{'wall median':>13}   {'result':>18}  {'vs pyproj':>11}"
    )
    print(header)
    print("-" * len(header))
    for name, runs in samples.items():
        cpu = statistics.median(s.cpu_s for s in runs)
        wall = statistics.median(s.wall_s for s in runs)
        rel = (values[name] - raw) / raw
        print(
            f"{name:<34}{cpu * 1000:>9.1f} ms{wall * 1000:>10.1f} ms   "
            f"{values[name] / scale:>14,.3f} {unit:<3}  {rel:>+11.2e}"
        )
    return samples


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the tables; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100,000 / 10,000 vertices")
    parser.add_argument("--pairs", type=int, default=5, help="interleaved rounds (>= 5)")
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

    report = Report(
        f"geodesic measurement: {n_line:,}-vertex line, {n_poly:,}-vertex polygon "
        f"(spherical baselines use R = {R_MEAN:,.1f} m)",
        args.pairs,
    )
    lengths = compare(
        f"Length of a {n_line:,}-vertex line",
        {
            API: lambda: length(line).m,
            RAW: lambda: float(geod.line_length(lon, lat)),
            "pure-Python haversine loop": lambda: haversine_length(lon_l, lat_l),
        },
        args.pairs,
        "km",
        1000.0,
    )
    areas = compare(
        f"Area of a {n_poly:,}-vertex polygon",
        {
            API: lambda: area(poly).m2,
            RAW: lambda: abs(geod.polygon_area_perimeter(plon, plat)[0]),
            "pure-Python spherical loop": lambda: spherical_area(plon_l, plat_l),
        },
        args.pairs,
        "km2",
        1e6,
    )
    print()
    report.ratio(
        f"length: geo.measure / raw pyproj, {n_line:,} vertices",
        lengths[API],
        lengths[RAW],
        target=TARGET,
    )
    report.ratio(
        f"area: geo.measure / raw pyproj, {n_poly:,} vertices",
        areas[API],
        areas[RAW],
        target=TARGET,
    )
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
