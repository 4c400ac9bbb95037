"""The Tumen correction of the basemap and the ``tumen`` layer, from ``layers/tumen-waypoints.csv``.

Natural Earth 10m puts the China–Russia–North Korea tripoint about 15 km up the Tumen from
the bank markers and gives Russia the whole left bank below it, so China has no corridor to
the river and the Russia–North Korea border measures 31.5 km instead of the official 17 km.

The correction works inside a small edit box (:data:`EDIT_BOX`, longitude 130.45–130.80 E,
latitude 42.25–42.54 N) and leaves everything outside it untouched:

1. Where Natural Earth's China–North Korea and China–Russia borders cross the box's north
   edge (exactly once each; checked) are the *joins*. The authored river line starts at the
   first, the authored China–Russia line at the second, so the new borders meet Natural
   Earth's exactly at the box edge.
2. The river line (continued from the mouth straight out to sea, to the box's south edge) and
   the China–Russia line cut the box into three faces: North Korea south-west of the river,
   China between the river and the China–Russia line, Russia beyond it.
3. The land of the three countries inside the box is re-divided between the faces; each
   country's new polygon is its part outside the box plus its face's land. Coordinates are
   rounded to 6 decimals before the union, so the box-edge vertices coincide exactly.

The ``tumen`` layer is then cut from the corrected basemap itself (its shared boundaries),
so its lines and the basemap have the same vertices.

Examples
--------
>>> EDIT_BOX
(130.45, 42.25, 130.8, 42.54)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import LineString, MultiPolygon, Point
from shapely.geometry.base import BaseGeometry

from geo.authoring import LAYERS_DIR, read_table, round_geometry, write_feature_collection
from geo.authoring.basemap import country_geometry, read_countries
from geo.errors import GeometryError, SourceError
from geo.geometry import polygon_parts

__all__ = [
    "EDIT_BOX",
    "SEA_CUT_END",
    "TumenWaypoints",
    "build_tumen",
    "correct_basemap",
    "read_waypoints",
    "tumen_features",
]

#: The edit box (min lon, min lat, max lon, max lat) inside which the basemap is redrawn.
EDIT_BOX = (130.45, 42.25, 130.80, 42.54)

#: Where the cutting line leaves the box after the river mouth: straight out to sea to the
#: box's south edge. It only separates sea from sea, so it never becomes a border.
SEA_CUT_END = (130.72, 42.25)

_COLUMNS = ("feature", "seq", "lat", "lon", "kind", "name", "source")
_TABLE = "tumen-waypoints.csv"


@dataclass(frozen=True)
class Waypoint:
    """One row of the waypoint table (lon/lat degrees)."""

    lon: float
    lat: float
    kind: str
    name: str
    source: str


@dataclass(frozen=True)
class TumenWaypoints:
    """The parsed waypoint table.

    Attributes
    ----------
    river : tuple of Waypoint
        The Tumen channel, upstream to downstream, ending at the mouth.
    china_russia : tuple of Waypoint
        The China–Russia border, north to the tripoint.
    points : tuple of Waypoint
        Labelled points for the layer.
    tripoint : Waypoint
        The river row of kind ``tripoint``.
    """

    river: tuple[Waypoint, ...]
    china_russia: tuple[Waypoint, ...]
    points: tuple[Waypoint, ...]
    tripoint: Waypoint


def read_waypoints(tables_dir: str | Path = LAYERS_DIR) -> TumenWaypoints:
    """Read and check ``tumen-waypoints.csv``.

    Parameters
    ----------
    tables_dir : str or Path
        The directory holding the table.

    Returns
    -------
    TumenWaypoints

    Raises
    ------
    SourceError
        On a missing column or cell, a bad number, a duplicate ``seq``, a China–Russia
        line that does not end at the river's tripoint, or a point outside the edit area.
    """
    path = Path(tables_dir) / _TABLE
    rows = read_table(path, _COLUMNS)
    groups: dict[str, list[tuple[int, Waypoint]]] = {"river": [], "china-russia": [], "point": []}
    for n, row in enumerate(rows, start=1):
        if row["feature"] not in groups:
            raise SourceError(f"row {n}: unknown feature {row['feature']!r}", path=path)
        try:
            seq, lat, lon = int(row["seq"]), float(row["lat"]), float(row["lon"])
        except ValueError:
            raise SourceError(f"row {n}: seq, lat and lon must be numbers", path=path) from None
        if not (129.0 < lon < 132.0 and 41.0 < lat < 44.0):
            raise SourceError(f"row {n}: {lat}, {lon} is far from the Tumen", path=path)
        groups[row["feature"]].append(
            (seq, Waypoint(lon, lat, row["kind"], row["name"], row["source"]))
        )
    ordered = {}
    for name, items in groups.items():
        seqs = [s for s, _ in items]
        if len(set(seqs)) != len(seqs):
            raise SourceError(f"{name}: duplicate seq", path=path)
        ordered[name] = tuple(w for _, w in sorted(items, key=lambda item: item[0]))
    tripoints = [w for w in ordered["river"] if w.kind == "tripoint"]
    if len(tripoints) != 1:
        raise SourceError("the river needs exactly one vertex of kind 'tripoint'", path=path)
    tri = tripoints[0]
    end = ordered["china-russia"][-1] if ordered["china-russia"] else None
    if end is None or (end.lon, end.lat) != (tri.lon, tri.lat):
        raise SourceError("the china-russia line must end at the river's tripoint", path=path)
    return TumenWaypoints(ordered["river"], ordered["china-russia"], ordered["point"], tri)


def _shared(a: BaseGeometry, b: BaseGeometry) -> BaseGeometry:
    return shapely.line_merge(shapely.intersection(a.boundary, b.boundary))


def _join(border: BaseGeometry, edge: BaseGeometry, what: str) -> tuple[float, float]:
    """The single point where ``border`` crosses the box edge, rounded to 6 decimals."""
    hit = shapely.intersection(border, edge)
    if not isinstance(hit, Point):
        raise GeometryError(f"{what} must cross the edit box's edge exactly once, got {hit.wkt}")
    x, y = round_geometry(hit).coords[0]
    return float(x), float(y)


def _as_multipolygon(geom: BaseGeometry) -> MultiPolygon:
    """The polygonal parts of ``geom``, oriented (exteriors counter-clockwise)."""
    return shapely.orient_polygons(MultiPolygon(polygon_parts([geom])))


def _lines(
    wp: TumenWaypoints, p1: tuple[float, float], p2: tuple[float, float]
) -> tuple[LineString, LineString]:
    river = LineString([p1, *((w.lon, w.lat) for w in wp.river)])
    china_russia = LineString([p2, *((w.lon, w.lat) for w in wp.china_russia)])
    return river, china_russia


def _faces(wp: TumenWaypoints, geoms: dict[str, BaseGeometry]) -> dict[str, BaseGeometry]:
    """Cut the edit box by the authored lines; each country's face, found by its named place."""
    edge = shapely.box(*EDIT_BOX).exterior
    p1 = _join(_shared(geoms["CHN"], geoms["PRK"]), edge, "the China–North Korea border")
    p2 = _join(_shared(geoms["CHN"], geoms["RUS"]), edge, "the China–Russia border")
    river, china_russia = _lines(wp, p1, p2)
    cut = LineString([*river.coords, SEA_CUT_END])
    for line, what in ((cut, "river"), (china_russia, "china-russia")):
        if not line.is_simple:
            raise GeometryError(f"the {what} line crosses itself")
    faces = list(
        shapely.get_parts(shapely.polygonize([shapely.union_all([edge, cut, china_russia])]))
    )
    if len(faces) != 3:
        raise GeometryError(f"the Tumen lines cut the edit box into {len(faces)} faces, not 3")
    named = {w.name: Point(w.lon, w.lat) for w in wp.points}
    anchors = {"CHN": named["Fangchuan"], "RUS": named["Khasan"], "PRK": named["Tumangang"]}
    face_of = {}
    for iso, anchor in anchors.items():
        hits = [f for f in faces if f.contains(anchor)]
        if len(hits) != 1:
            raise GeometryError(f"{iso}'s named place is not inside exactly one face")
        face_of[iso] = hits[0]
    if len({id(f) for f in face_of.values()}) != 3:
        raise GeometryError("two countries' named places fall in the same face")
    return face_of


def correct_basemap(
    features: list[tuple[dict[str, Any], BaseGeometry]],
    *,
    tables_dir: str | Path = LAYERS_DIR,
) -> list[tuple[dict[str, Any], BaseGeometry]]:
    """Redraw China, Russia and North Korea inside :data:`EDIT_BOX` from the waypoint table.

    Parameters
    ----------
    features : list of (properties, geometry)
        The simplified, rounded basemap with ``iso_a3`` properties CHN, RUS and PRK.
    tables_dir : str or Path
        Where ``tumen-waypoints.csv`` is read from.

    Returns
    -------
    list of (properties, geometry)
        The same list with the three countries replaced (MultiPolygons).

    Raises
    ------
    GeometryError
        If a join is ambiguous, the cut does not make exactly three faces, or a face holds
        the wrong named place.
    """
    wp = read_waypoints(tables_dir)
    index = {p["iso_a3"]: i for i, (p, _) in enumerate(features)}
    geoms = {k: features[index[k]][1] for k in ("CHN", "RUS", "PRK")}
    face_of = _faces(wp, geoms)
    box = shapely.box(*EDIT_BOX)
    land = shapely.union_all([shapely.intersection(g, box) for g in geoms.values()])
    out = list(features)
    for iso, geom in geoms.items():
        outside = round_geometry(shapely.difference(geom, box))
        inside = round_geometry(shapely.intersection(land, face_of[iso]))
        new = _as_multipolygon(shapely.union(outside, inside))
        if not new.is_valid:
            raise GeometryError(f"{iso}: corrected polygon invalid: {shapely.is_valid_reason(new)}")
        out[index[iso]] = (features[index[iso]][0], new)
    return out


def _orient(line: BaseGeometry, start: tuple[float, float]) -> LineString:
    """``line`` as one LineString starting at ``start`` (reversed if needed)."""
    if not isinstance(line, LineString):
        raise GeometryError(f"expected one continuous border line, got {line.geom_type}")
    coords = list(line.coords)
    if coords[-1] == start:
        coords.reverse()
    if coords[0] != start:
        raise GeometryError("border line does not start at the expected point")
    return LineString(coords)


def _borders(countries: dict[str, BaseGeometry], wp: TumenWaypoints) -> dict[str, LineString]:
    """The three borders at the tripoint, cut from the basemap and checked against the table.

    Russia–North Korea runs from the tripoint to the sea; China–North Korea and
    China–Russia run from the edit box's edge to the tripoint, like the table.
    """
    tri = (wp.tripoint.lon, wp.tripoint.lat)
    box = shapely.box(*EDIT_BOX)
    chn, rus, prk = countries["CHN"], countries["RUS"], countries["PRK"]
    rus_prk = _orient(_shared(rus, prk), tri)
    chn_prk = _orient(shapely.line_merge(shapely.intersection(_shared(chn, prk), box)), tri)
    chn_rus = _orient(shapely.line_merge(shapely.intersection(_shared(chn, rus), box)), tri)
    chn_prk = LineString(chn_prk.coords[::-1])  # upstream -> tripoint, like the table
    chn_rus = LineString(chn_rus.coords[::-1])  # north -> tripoint

    # The basemap must follow the table exactly (same vertices, same order).
    river = [(w.lon, w.lat) for w in wp.river]
    i_tri = river.index(tri)
    expected = {
        "Russia–North Korea": (list(rus_prk.coords)[:-1], river[i_tri:-1]),
        "China–North Korea": (list(chn_prk.coords)[1:], river[: i_tri + 1]),
        "China–Russia": (list(chn_rus.coords)[1:], [(w.lon, w.lat) for w in wp.china_russia]),
    }
    for what, (got, want) in expected.items():
        if [tuple(map(float, c)) for c in got] != want:
            raise GeometryError(f"the basemap's {what} border does not follow the waypoint table")
    return {"rus_prk": rus_prk, "chn_prk": chn_prk, "chn_rus": chn_rus}


def tumen_features(
    countries: dict[str, BaseGeometry],
    *,
    tables_dir: str | Path = LAYERS_DIR,
) -> list[tuple[dict[str, Any], BaseGeometry]]:
    """Return the ``tumen`` layer's features, cut from the corrected basemap.

    Parameters
    ----------
    countries : dict
        ``iso_a3`` -> geometry of the corrected basemap (at least CHN, RUS, PRK).
    tables_dir : str or Path
        Where ``tumen-waypoints.csv`` is read from.

    Returns
    -------
    list of (properties, geometry)
        The tripoint, the three border lines (river border tripoint -> sea; China–North
        Korea and China–Russia from the edit box edge to the tripoint), then the points in
        table order. Properties: ``kind``, ``name``, ``source``.

    Raises
    ------
    GeometryError
        If a basemap border does not follow the waypoint table vertex for vertex.
    """
    wp = read_waypoints(tables_dir)
    lines = _borders(countries, wp)
    tri = wp.tripoint
    base = "AUTHOR/NE: tumen-waypoints.csv; identical to the corrected countries layer"
    at_edge = base + "; starts at Natural Earth's border on the edit box edge"
    features: list[tuple[dict[str, Any], BaseGeometry]] = [
        ({"kind": "tripoint", "name": tri.name, "source": tri.source}, Point(tri.lon, tri.lat)),
        (
            {
                "kind": "border",
                "name": "Russia–North Korea border (Tumen, tripoint to the sea)",
                "source": base + "; ends where the river meets the Natural Earth coast",
            },
            lines["rus_prk"],
        ),
        (
            {
                "kind": "border",
                "name": "China–North Korea border (Tumen, near the tripoint)",
                "source": at_edge,
            },
            lines["chn_prk"],
        ),
        (
            {
                "kind": "border",
                "name": "China–Russia border (near the tripoint)",
                "source": at_edge,
            },
            lines["chn_rus"],
        ),
    ]
    for w in wp.points:
        if w.kind == "tripoint":
            continue  # already the first feature
        features.append(({"kind": w.kind, "name": w.name, "source": w.source}, Point(w.lon, w.lat)))
    return features


def build_tumen(
    out_dir: str | Path,
    *,
    countries_path: str | Path | None = None,
    tables_dir: str | Path = LAYERS_DIR,
) -> Path:
    """Build ``tumen.geojson`` into ``out_dir`` from the corrected basemap and the table.

    Parameters
    ----------
    out_dir : str or Path
        Output directory.
    countries_path : str or Path, optional
        The corrected ``countries.geojson``; default ``out_dir / "countries.geojson"``.
    tables_dir : str or Path
        Where ``tumen-waypoints.csv`` is read from.

    Returns
    -------
    Path
        The written file.
    """
    src = Path(countries_path) if countries_path else Path(out_dir) / "countries.geojson"
    frame = read_countries(src)
    countries = {iso: country_geometry(frame, iso) for iso in ("CHN", "RUS", "PRK")}
    features = tumen_features(countries, tables_dir=tables_dir)
    return write_feature_collection(features, Path(out_dir) / "tumen.geojson")
