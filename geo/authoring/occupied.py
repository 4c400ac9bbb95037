"""Build ``layers/occupied-2024-11-13.geojson``: Ukraine's polygon on Russia's side of the front.

Method (no other source than our own layers):

1. Ukraine's (Multi)Polygon from the ``countries`` basemap (Natural Earth 10m, German
   point of view, so Crimea is part of Ukraine) -- the file built into the same output
   directory if there is one, else the bundled ``layers/countries.geojson``.
2. The front line of 2024-11-13, land and river parts joined into one line, from its
   waypoint table (:mod:`geo.authoring.front_line`): on the Dnipro the left bank, so the
   reservoir bed, the islands and the floodplain fall on Ukraine's side. From the Dnipro's
   mouth the cut crosses the estuary's open water to the Ochakiv–Kinburn strait
   (:data:`ESTUARY_CUT`).
3. :func:`geo.front.split_by_line` cuts Ukraine in pieces. The pieces the line touches
   are sorted by which side's reference town they contain: Donetsk and Simferopol
   (Russian-held since 2014) versus Kyiv. Pieces the line does not touch (islands, spits
   cut off by the generalised coast) go with the side whose piece is nearest: Dzharylhach
   and the Tendra spit with the occupied left bank, islands off Odesa oblast with Ukraine.
4. The occupied pieces are written as one MultiPolygon feature, Crimea and the Kinburn
   peninsula included.

Examples
--------
>>> from shapely.geometry import LineString, box
>>> occ = occupied_part(box(0, 0, 2, 1), LineString([(1, -1), (1, 2)]),
...                     russian=[(1.5, 0.5)], ukrainian=[(0.5, 0.5)])
>>> occ.bounds
(1.0, 0.0, 2.0, 1.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geo.authoring import front_line as _front
from geo.authoring import write_feature_collection
from geo.authoring.basemap import countries_path, country_geometry
from geo.errors import GeometryError
from geo.front import split_by_line

__all__ = [
    "AS_OF",
    "ESTUARY_CUT",
    "LAYER_ID",
    "RUSSIAN_HELD",
    "UKRAINIAN_HELD",
    "build",
    "countries_path",
    "country_geometry",
    "occupied_part",
]

LAYER_ID = "occupied-2024-11-13"
AS_OF = _front.AS_OF

#: The cut through the Dnipro–Buh estuary's open water (lon, lat), from off the Dnipro's
#: mouth to the strait between Ochakiv and the Kinburn spit: water, so any path through it
#: gives the same land on either side.
ESTUARY_CUT: tuple[tuple[float, float], ...] = (
    (32.0800, 46.5350),
    (31.9000, 46.5500),
    (31.7300, 46.5650),
    (31.5900, 46.5800),
    (31.5350, 46.5870),
)

#: Reference towns (lon, lat) whose side is not in doubt: they decide which pieces are which.
RUSSIAN_HELD: tuple[tuple[float, float], ...] = ((37.8022, 48.0230), (34.1024, 44.9521))
UKRAINIAN_HELD: tuple[tuple[float, float], ...] = ((30.5234, 50.4501),)


def occupied_part(
    country: BaseGeometry,
    line: LineString,
    *,
    russian: Sequence[tuple[float, float]] = RUSSIAN_HELD,
    ukrainian: Sequence[tuple[float, float]] = UKRAINIAN_HELD,
) -> MultiPolygon:
    """Return the part of ``country`` on the side of ``line`` that holds the ``russian`` towns.

    Parameters
    ----------
    country : shapely Polygon or MultiPolygon
        Lon/lat degrees.
    line : shapely LineString
        The front line (lon/lat), ends on or beyond the border or coast.
    russian, ukrainian : sequence of (lon, lat)
        Reference points inside the pieces of each side.

    Returns
    -------
    shapely.MultiPolygon
        The occupied pieces, in :func:`geo.front.split_by_line` order.

    Raises
    ------
    geo.errors.GeometryError
        If a reference town is in no piece, or both sides' towns end up in one piece (the
        line did not cut the country through).
    """
    pieces = split_by_line(country, line)
    side: dict[int, str] = {}
    for label, towns in (("R", russian), ("U", ukrainian)):
        for lon, lat in towns:
            hits = [i for i, p in enumerate(pieces) if p.contains(Point(lon, lat))]
            if not hits:
                raise GeometryError(f"reference point ({lon}, {lat}) is in no piece")
            if side.get(hits[0], label) != label:
                raise GeometryError("the front line does not separate the two sides")
            side[hits[0]] = label
    touched = dict(side)  # the pieces holding a reference town
    for i, piece in enumerate(pieces):
        if i in side:
            continue
        # Islands and spits the line does not reach follow the nearest classified piece
        # (planar distance in degrees is enough to choose between pieces tens of km apart).
        nearest = min(touched, key=lambda j: (piece.distance(pieces[j]), j))
        side[i] = touched[nearest]
    occupied = [p for i, p in enumerate(pieces) if side[i] == "R"]
    return MultiPolygon([p for p in occupied if isinstance(p, Polygon)])


def build(out_dir: Path) -> Path:
    """Write ``occupied-2024-11-13.geojson`` into ``out_dir``.

    Parameters
    ----------
    out_dir : Path
        Output directory; a ``countries.geojson`` built there is preferred to the bundled one.

    Returns
    -------
    Path
        The written file.
    """
    ukraine = country_geometry(countries_path(Path(out_dir)), "UKR")
    lines = _front.front_lines(_front.read_waypoints())
    # The estuary's shore runs along the coast, which the basemap draws differently: the
    # cut leaves the Dnipro's mouth through open water to the Ochakiv–Kinburn strait.
    front = LineString([*lines["land"].coords, *list(lines["river"].coords)[1:], *ESTUARY_CUT])
    occupied = occupied_part(ukraine, front)
    # The bank and channel lines meet the generalised coast at a few places: repair any
    # bow-tie the cut leaves, keeping polygons only.
    repaired = shapely.make_valid(occupied)
    occupied = MultiPolygon(
        [
            poly
            for part in shapely.get_parts(repaired)
            for poly in shapely.get_parts(part)
            if isinstance(poly, Polygon)
        ]
    )
    # RFC 7946: exterior rings counter-clockwise, holes clockwise.
    occupied = MultiPolygon([orient(p, sign=1.0) for p in occupied.geoms])
    props = {
        "id": LAYER_ID,
        "name": "Russian-occupied Ukraine, Crimea included",
        "as_of": AS_OF,
        "method": (
            "Ukraine's polygon (countries layer, Natural Earth 10m) split by the "
            "front-line-2024-11-13 layer with geo.front.split_by_line; pieces on Russia's "
            "side kept"
        ),
        "source": "countries (Natural Earth 10m, public domain); front-line-2024-11-13",
    }
    return write_feature_collection([(props, occupied)], Path(out_dir) / f"{LAYER_ID}.geojson")
