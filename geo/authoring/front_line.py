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
    Kakhovka reservoir shore at Kamianske) or ``river`` for the river front (the drained
    reservoir bed, the Dnipro past Kherson, the Dnipro–Buh estuary to the strait between
    Ochakiv and the Kinburn spit). All ``land`` rows come before all ``river`` rows.
``place``, ``status``, ``source``
    What the vertex is, who held what there, and the kind of public source.

The build writes one Feature whose geometry is a MultiLineString of two parts, ``land``
then ``river`` (property ``segments`` names them in that order, ``part_names`` and
``part_vertices`` describe each part). The river part starts at the land part's last
vertex, so the front is continuous and its two ends are the ends of the whole front.
Output is deterministic.

Examples
--------
>>> rows = read_waypoints()
>>> rows[0].segment, rows[-1].segment
('land', 'river')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from shapely.geometry import LineString, MultiLineString

from geo.authoring import LAYERS_DIR, read_table, write_feature_collection
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
    "river": "Dnipro river front, Kakhovka reservoir bed to the Ochakiv–Kinburn strait",
}
_SOURCES = {
    "land": (
        "Authored waypoints: gazetteer coordinates of named places on the line (Wikipedia, "
        "GeoNames), placed between the last Ukrainian-held and first Russian-held places "
        "as assessed by ISW around 2024-11-13 and by dated news reports of captures"
    ),
    "river": (
        "Authored waypoints along the drained Kakhovka reservoir bed and the Dnipro's main "
        "channel (gazetteer coordinates of the towns on either bank); Krynky foothold not drawn"
    ),
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
            raise SourceError(f"row {n}: segment must be land or river, got {segment!r}", path=path)
        if segment == "land" and points and points[-1].segment == "river":
            raise SourceError(f"row {n}: a land vertex after the river front began", path=path)
        points.append(
            Waypoint(order, lat, lon, segment, row["place"], row.get("status", ""), row["source"])
        )
    for segment in _NAMES:
        if sum(p.segment == segment for p in points) < 2:
            raise SourceError(f"the {segment} front needs at least two vertices", path=path)
    return points


def front_lines(points: list[Waypoint]) -> dict[str, LineString]:
    """Turn waypoints into one LineString per segment (lon/lat order).

    Parameters
    ----------
    points : list of Waypoint
        As returned by :func:`read_waypoints`.

    Returns
    -------
    dict
        ``{"land": LineString, "river": LineString}``; the river line starts at the land
        line's last vertex.
    """
    land = [(p.lon, p.lat) for p in points if p.segment == "land"]
    river = [(p.lon, p.lat) for p in points if p.segment == "river"]
    return {"land": LineString(land), "river": LineString([land[-1], *river])}


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
    counts = {seg: sum(p.segment == seg for p in points) for seg in lines}
    props = {
        "id": LAYER_ID,
        "name": "Front line in Ukraine, 2024-11-13",
        "as_of": AS_OF,
        # One MultiLineString, parts in this order, so the whole front is one geometry whose
        # two ends (the Russian border, the Ochakiv–Kinburn strait) are the front's ends.
        "segments": list(lines),
        "part_names": [_NAMES[seg] for seg in lines],
        "part_vertices": [counts[seg] for seg in lines],
        "source": " | ".join(f"{seg}: {_SOURCES[seg]}" for seg in lines),
    }
    geom = MultiLineString(list(lines.values()))
    return write_feature_collection([(props, geom)], Path(out_dir) / f"{LAYER_ID}.geojson")
