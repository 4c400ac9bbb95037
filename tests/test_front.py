"""Tests for geo.front: splitting a polygon by a line, and the sides of the 2024-11-13 front."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely
import shapely.ops
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box, shape

from geo.errors import GeometryError
from geo.front import split_by_line

_GEOD = Geod(ellps="WGS84")
LAYERS = Path(__file__).resolve().parent.parent / "layers"


# --- split_by_line ---------------------------------------------------------------------------


def test_split_square_in_two_halves() -> None:
    pieces = split_by_line(box(0, 0, 2, 1), LineString([(1, -1), (1, 2)]))
    assert len(pieces) == 2
    assert all(isinstance(p, Polygon) for p in pieces)
    assert sorted(round(p.area, 9) for p in pieces) == [1.0, 1.0]
    assert shapely.union_all(pieces).symmetric_difference(box(0, 0, 2, 1)).area < 1e-12


def test_line_stopping_short_of_the_boundary_is_prolonged() -> None:
    # ends 0.05 deg (~5.5 km) inside the boundary: the default 10 km prolongation reaches it
    pieces = split_by_line(box(0, 0, 2, 1), LineString([(1, 0.05), (1, 0.95)]))
    assert len(pieces) == 2
    # with no prolongation the line does not cut: the polygon comes back whole, not torn
    whole = split_by_line(box(0, 0, 2, 1), LineString([(1, 0.05), (1, 0.95)]), extend_km=0)
    assert len(whole) == 1 and whole[0].equals(box(0, 0, 2, 1))


def test_bent_line_follows_its_end_azimuth() -> None:
    # an L-shaped line: the prolongation continues the last segment (eastwards), not the chord
    line = LineString([(0.5, -0.5), (0.5, 0.5), (1.95, 0.5)])
    pieces = split_by_line(box(0, 0, 2, 1), line)
    assert len(pieces) == 2
    small = min(pieces, key=lambda p: p.area)
    assert small.bounds == pytest.approx((0.5, 0.0, 2.0, 0.5), abs=1e-4)


def test_multipolygon_islands_are_kept_whole() -> None:
    land = MultiPolygon([box(0, 0, 2, 1), box(5, 0, 6, 1)])
    pieces = split_by_line(land, LineString([(1, -1), (1, 2)]))
    assert len(pieces) == 3
    assert any(p.equals(box(5, 0, 6, 1)) for p in pieces)
    assert sum(p.area for p in pieces) == pytest.approx(3.0)


def test_multilinestring_cuts_with_every_part() -> None:
    line = MultiLineString([[(0.5, -1), (0.5, 2)], [(1.5, -1), (1.5, 2)]])
    pieces = split_by_line(box(0, 0, 2, 1), line)
    assert len(pieces) == 3
    assert sum(p.area for p in pieces) == pytest.approx(2.0)


def test_polygon_with_hole_and_zigzag_line() -> None:
    poly = box(0, 0, 4, 4).difference(box(1.5, 1.5, 2.5, 2.5))
    line = LineString([(2, -1), (2, 1), (0.5, 2), (2, 3), (2, 5)])
    pieces = split_by_line(poly, line)
    assert len(pieces) == 2
    assert sum(p.area for p in pieces) == pytest.approx(poly.area)


def test_invalid_bowtie_is_repaired_before_splitting() -> None:
    bowtie = Polygon([(0, 0), (2, 2), (2, 0), (0, 2), (0, 0)])
    assert not bowtie.is_valid
    pieces = split_by_line(bowtie, LineString([(-1, 1.0), (3, 1.0)]))
    assert sum(p.area for p in pieces) == pytest.approx(2.0)
    assert all(p.is_valid for p in pieces)


def test_output_order_is_deterministic() -> None:
    line = LineString([(0.3, -1), (0.3, 2)])
    a = split_by_line(box(0, 0, 2, 1), line)
    b = split_by_line(box(0, 0, 2, 1), LineString(list(line.coords)[::-1]))
    assert [p.wkb for p in a] == [p.wkb for p in b]
    assert a[0].area > a[1].area


@pytest.mark.parametrize(
    ("poly", "line", "match"),
    [
        (Point(0, 0), LineString([(0, 0), (1, 1)]), "Polygon"),
        (box(0, 0, 1, 1), Point(0, 0), "LineString"),
        (Polygon(), LineString([(0, 0), (1, 1)]), "empty"),
        (box(0, 0, 1, 1), LineString(), "empty"),
    ],
)
def test_bad_inputs_raise_geometry_error(poly, line, match) -> None:
    with pytest.raises(GeometryError, match=match):
        split_by_line(poly, line)


@pytest.mark.parametrize("km", [-1.0, float("nan"), float("inf")])
def test_bad_extension_raises(km: float) -> None:
    with pytest.raises(GeometryError, match="extend_km"):
        split_by_line(box(0, 0, 1, 1), LineString([(0.5, -1), (0.5, 2)]), extend_km=km)


# --- sides of the 2024-11-13 front ---------------------------------------------------------
# Each town's side comes from public reporting (FACTS.md and dated news reports), never from
# the layers; the test checks that the authored front puts it on that side.

UKRAINIAN_HELD = {
    "Kupiansk": (37.583, 49.717),
    "Pokrovsk": (37.1833, 48.2833),
    "Kherson": (32.625, 46.6425),
    "Myrnohrad": (37.2651, 48.3099),
    "Kramatorsk": (37.556, 48.723),
    "Sloviansk": (37.617, 48.867),
    "Kostiantynivka": (37.7069, 48.5277),
    "Siversk": (38.0978, 48.8659),
    "Velyka Novosilka": (36.8353, 47.8453),
    "Huliaipole": (36.2558, 47.6668),
    "Orikhiv": (35.7833, 47.5761),
    "Stepnohirsk": (35.364, 47.5902),
    "Zaporizhzhia": (35.139, 47.838),
    "Nikopol": (34.3913, 47.5683),
    "Marhanets": (34.6245, 47.6309),
    "Beryslav": (33.42, 46.84),
    "Mykolaiv": (31.995, 46.975),
    "Ochakiv": (31.548, 46.612),
    "Kharkiv": (36.2304, 49.9935),
}
RUSSIAN_HELD = {
    "Vuhledar": (37.2483, 47.7792),
    "Selydove": (37.3003, 48.1471),
    "Avdiivka": (37.7426, 48.1399),
    "Bakhmut": (37.9998, 48.5944),
    "Horlivka": (38.0532, 48.3358),
    "Donetsk": (37.8022, 48.023),
    "Mariupol": (37.5495, 47.0971),
    "Svatove": (38.1536, 49.4072),
    "Kreminna": (38.2189, 49.0495),
    "Lysychansk": (38.4409, 48.9042),
    "Tokmak": (35.7054, 47.2551),
    "Vasylivka": (35.2821, 47.4422),
    "Enerhodar": (34.662, 47.4905),
    "Kamianka-Dniprovska": (34.4103, 47.4963),
    "Melitopol": (35.3653, 46.8489),
    "Nova Kakhovka": (33.35, 46.755),
    "Oleshky": (32.72, 46.615),
    "Hola Prystan": (32.52, 46.525),
    "Simferopol": (34.1024, 44.9521),
    "Kinburn spit tip": (31.5278, 46.5586),
}
ON_THE_LINE_KM = {
    "Robotyne": ((35.8261, 47.4431), 2.0),  # contested since 2023
    "Kurakhove": ((37.267, 47.983), 4.0),  # contested: Russian forces in its east
    "Toretsk": ((37.8478, 48.3948), 4.0),  # contested
    "Chasiv Yar": ((37.8572, 48.5935), 4.0),  # canal line through the town
}


def _layer_geometry(layer_id: str):
    path = LAYERS / f"{layer_id}.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    return shapely.union_all([shape(f["geometry"]) for f in doc["features"]])


@pytest.fixture(scope="module")
def sides():
    """(occupied, free Ukraine, front line) from the bundled layers, lon/lat."""
    from geo.authoring.occupied import country_geometry

    occupied = _layer_geometry("occupied-2024-11-13")
    ukraine = country_geometry(LAYERS / "countries.geojson", "UKR")
    return occupied, ukraine.difference(occupied), _layer_geometry("front-line-2024-11-13")


def _km_to(geom, lon: float, lat: float) -> float:
    nearest = shapely.ops.nearest_points(geom, Point(lon, lat))[0]
    return _GEOD.inv(lon, lat, nearest.x, nearest.y)[2] / 1000.0


def _side(sides, lon: float, lat: float) -> str:
    # A coastal point the generalised coast leaves in the sea goes with the nearer side.
    occupied, free, _ = sides
    return "R" if _km_to(occupied, lon, lat) < _km_to(free, lon, lat) else "U"


@pytest.mark.parametrize("town", sorted(UKRAINIAN_HELD))
def test_ukrainian_held_towns_are_on_ukraines_side(sides, town: str) -> None:
    assert _side(sides, *UKRAINIAN_HELD[town]) == "U"


@pytest.mark.parametrize("town", sorted(RUSSIAN_HELD))
def test_russian_held_towns_are_on_russias_side(sides, town: str) -> None:
    assert _side(sides, *RUSSIAN_HELD[town]) == "R"


@pytest.mark.parametrize("town", sorted(ON_THE_LINE_KM))
def test_contested_towns_are_on_the_line(sides, town: str) -> None:
    (lon, lat), km = ON_THE_LINE_KM[town]
    assert _km_to(sides[2], lon, lat) <= km


def test_kinburn_spit_is_occupied_and_ochakiv_is_not(sides) -> None:
    occupied, free, _ = sides
    assert _km_to(occupied, 31.5278, 46.5586) < 1.0
    assert _km_to(free, 31.548, 46.612) < 1.0
    assert _km_to(occupied, 31.548, 46.612) > 2.0


def test_places_layer_statuses_agree_with_the_front(sides) -> None:
    # The places layer records who held each town on 2024-11-13 from its own sources.
    doc = json.loads((LAYERS / "places.geojson").read_text(encoding="utf-8"))
    checked = 0
    for feature in doc["features"]:
        props = feature["properties"]
        if props.get("country") != "UKR" or props.get("held_by") not in {"UKR", "RUS"}:
            continue
        lon, lat = feature["geometry"]["coordinates"][:2]
        expected = "R" if props["held_by"] == "RUS" else "U"
        assert _side(sides, lon, lat) == expected, props["name"]
        checked += 1
    assert checked >= 10
