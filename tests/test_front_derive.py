"""Tests for geo.front.derive_front and the ``frontline front`` command.

Synthetic cases have answers computed independently (pyproj.Geod lengths of the expected
straight sides); the acceptance test derives the front of 2026-08-22 from the real daily
DeepStateMap snapshot in ``../shared/data``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely
from pyproj import Geod
from shapely.geometry import LineString, MultiPolygon, Point, box

from geo.cli import main
from geo.errors import GeometryError
from geo.front import DNIPRO_COURSE, FrontResult, derive_front

GEOD = Geod(ellps="WGS84")
COUNTRY = box(30.0, 45.0, 40.0, 52.0)


def _km(*points: tuple[float, float]) -> float:
    """Geodesic length of the line through ``points``, its edges followed in lon/lat."""
    return GEOD.geometry_length(shapely.segmentize(LineString(points), 0.01)) / 1000.0


def test_corner_front_is_the_two_inner_sides() -> None:
    # occupied corner at the country's south-east: its west and north sides are the front
    front = derive_front(box(36.0, 45.0, 40.0, 48.0), COUNTRY, buffer_km=0.0)
    assert isinstance(front, FrontResult)
    assert front.enclaves == () and front.slivers == 0
    expected = _km((36.0, 45.0), (36.0, 48.0)) + _km((36.0, 48.0), (40.0, 48.0))
    assert front.main_length.km == pytest.approx(expected, rel=1e-4)
    assert front.total_length.km == pytest.approx(front.main_length.km)
    assert front.main_length.to_dict()["method"] == "geodesic-wgs84"


def test_buffer_trims_the_ends_along_border_and_coast() -> None:
    wide = derive_front(box(36.0, 45.0, 40.0, 48.0), COUNTRY, buffer_km=10.0)
    narrow = derive_front(box(36.0, 45.0, 40.0, 48.0), COUNTRY, buffer_km=0.0)
    # ~10 km less at each end of the line (measured along the projection's straight lines)
    assert narrow.main_length.km - wide.main_length.km == pytest.approx(20.0, abs=0.5)


def test_enclaves_slivers_and_holes() -> None:
    main = box(36.0, 45.0, 40.0, 48.0)
    pocket = box(32.0, 50.0, 32.2, 50.1)  # an occupied pocket inside the country: a ring
    tiny = box(31.0, 49.0, 31.002, 49.002)  # perimeter ~0.9 km: a sliver
    occupied = MultiPolygon([main, pocket, tiny])
    front = derive_front(occupied, COUNTRY, buffer_km=4.0, min_length_km=2.0)
    assert len(front.enclaves) == 1 and front.enclaves[0].is_ring
    assert front.slivers == 1 and 0.5 < front.slivers_length.km < 1.5
    ring_km = GEOD.geometry_length(pocket.exterior) / 1000.0
    assert front.enclaves_length.km == pytest.approx(ring_km, rel=1e-6)
    keep_all = derive_front(occupied, COUNTRY, buffer_km=4.0, min_length_km=0.0)
    assert len(keep_all.enclaves) == 2
    # a Ukrainian-held hole in the occupied area has a front too
    holed = box(36.0, 45.0, 40.0, 48.0).difference(box(38.0, 46.0, 38.5, 46.5))
    assert len(derive_front(holed, COUNTRY).enclaves) == 1


def test_land_and_river_split_along_the_dnipro_course() -> None:
    # an occupied area whose north-western edge *is* the reference course, plus a land edge
    course = [(p.lon, p.lat) for p in DNIPRO_COURSE]
    occupied = shapely.Polygon([*course, (31.95, 45.0), (36.5, 45.0), (36.5, 47.443)])
    front = derive_front(occupied, COUNTRY, buffer_km=0.0)
    # the course, plus the first 10 km (river_km) of the land edges leaving its two ends
    assert front.river_length.km == pytest.approx(_km(*course) + 2 * 10.0, rel=0.005)
    assert front.river_length.km + front.land_length.km == pytest.approx(
        front.total_length.km, rel=1e-9
    )
    assert front.main_river_length.km == pytest.approx(front.river_length.km)
    # the main line is oriented so that it ends on the Dnipro estuary's side
    assert front.main_end[0] == pytest.approx(31.95) and front.main_start[0] == pytest.approx(36.5)
    gdf = front.to_geodataframe()
    assert set(gdf["setting"]) == {"land", "river"} and gdf.crs.to_epsg() == 4326
    assert gdf["length_km"].sum() == pytest.approx(front.total_length.km, rel=1e-9)


def test_simplified_main_length_is_shorter() -> None:
    zigzag = [(36.0 + 0.02 * i, 48.0 + (0.01 if i % 2 else 0.0)) for i in range(101)]
    occupied = shapely.Polygon([*zigzag, (40.0, 45.0), (36.0, 45.0)])
    front = derive_front(occupied, COUNTRY, buffer_km=0.0)
    assert front.simplified_main_length(0).km == front.main_length.km
    # the zigzag (100 teeth of ~1.1 km) is ~37 km longer than its straight line
    assert front.main_length.km - front.simplified_main_length(2.0).km > 25.0


@pytest.mark.parametrize(
    ("occupied", "country", "kwargs", "match"),
    [
        (shapely.Polygon(), COUNTRY, {}, "empty"),
        (LineString([(31, 46), (32, 47)]), COUNTRY, {}, "no polygons"),
        (box(36, 45, 40, 48), COUNTRY, {"buffer_km": -1}, "buffer_km"),
        (box(36, 45, 40, 48), COUNTRY, {"river_km": float("nan")}, "river_km"),
        (box(30, 45, 40, 52), COUNTRY, {}, "no front line left"),  # occupies everything
        (box(50, 45, 51, 46), COUNTRY, {}, "no front line left"),  # outside the country
    ],
)
def test_bad_input(occupied: object, country: object, kwargs: dict, match: str) -> None:
    with pytest.raises(GeometryError, match=match):
        derive_front(occupied, country, **kwargs)


# --------------------------------------------------------------------------- real data


def _russia() -> shapely.Geometry:
    from geo.borders import find_feature
    from geo.layers import get

    gdf = get("countries").read()
    return find_feature(gdf, "RUS")[gdf.geometry.name]


@pytest.fixture(scope="module")
def front_2026_08_22(shared_data: Path) -> FrontResult:
    from geo.sources import read_source

    snap = read_source(shared_data / "deepstate-daily" / "deepstatemap_data_20260822.geojson")
    return derive_front(snap, "UKR")


def test_front_2026_08_22_is_one_main_line_plus_enclaves(front_2026_08_22: FrontResult) -> None:
    front = front_2026_08_22
    # the main line starts at the Russian border (within the 4 km band, plus a margin for
    # the band's inner edge being measured across the border) ...
    start = Point(front.main_start)
    russia = _russia()
    border_gap_km = (
        GEOD.geometry_length(LineString(shapely.ops.nearest_points(start, russia.boundary)))
        / 1000.0
    )
    assert border_gap_km < front.buffer_km + 2.0
    # ... and ends at the Dnipro mouth: within 15 km of Hola Prystan, in the delta
    hola_prystan = next(p for p in DNIPRO_COURSE if p.name == "Hola Prystan")
    assert _km(front.main_end, (hola_prystan.lon, hola_prystan.lat)) < 15.0
    # one long main line, much longer than every enclave front
    assert 900.0 < front.main_length.km < 1300.0
    assert front.enclaves, "the salients along the Russian border give enclave fronts"
    assert all(GEOD.geometry_length(e) / 1000.0 < 100.0 for e in front.enclaves)
    # the river front is the Dnipro stretch: a few hundred km, all on the main line
    assert 200.0 < front.river_length.km < 400.0
    assert front.main_river_length.km == pytest.approx(front.river_length.km, rel=1e-6)
    total = front.main_length.km + front.enclaves_length.km
    assert front.total_length.km == pytest.approx(total, rel=1e-9)
    assert front.land_length.km + front.river_length.km == pytest.approx(total, rel=1e-6)


def test_cli_front_json_and_out(shared_data: Path, tmp_path: Path, capsys) -> None:
    path = shared_data / "deepstate-daily" / "deepstatemap_data_20260822.geojson"
    out = tmp_path / "front.geojson"
    assert main(["front", str(path), "--country", "UKR", "--json", "--out", str(out)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["as_of"] == "2026-08-22"
    assert doc["main"]["length"]["method"] == "geodesic-wgs84"
    assert {"km", "mi"} <= set(doc["main"]["length"])
    assert doc["enclaves"]["count"] == len(doc["enclave_fronts"]) >= 1
    written = json.loads(out.read_text(encoding="utf-8"))
    assert {f["properties"]["part"] for f in written["features"]} == {"main", "enclave"}


def test_cli_front_table_and_bad_file(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "occupied.geojson"
    bad.write_text("not json", encoding="utf-8")
    assert main(["front", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("frontline front: error: ") and str(bad) in err
    good = tmp_path / "occupied_20240101.geojson"
    good.write_text(
        json.dumps(shapely.geometry.mapping(box(36.0, 47.0, 40.5, 48.5))), encoding="utf-8"
    )
    assert main(["front", str(good), "--buffer-km", "2"]) == 0
    out = capsys.readouterr().out
    assert "main line" in out and "km (" in out and "mi)" in out


# ------------------------------------------------------------------ vectorised measuring


def _river_case() -> shapely.Geometry:
    """An occupied area along the Dnipro course, with a pocket far from the river."""
    course = [(p.lon, p.lat) for p in DNIPRO_COURSE]
    main = shapely.Polygon([*course, (31.95, 45.0), (36.5, 45.0), (36.5, 47.443)])
    return MultiPolygon([main, box(38.0, 49.0, 38.3, 49.2)])


def test_every_length_is_the_per_line_geodesic_length() -> None:
    """One vectorised Geod call gives each line exactly what measuring it alone gives."""
    from geo.front.common import measure_lines

    front = derive_front(_river_case(), COUNTRY, buffer_km=0.0)
    assert len(front.enclaves) == 1 and front.river_length.km > 100
    assert front.main_length == measure_lines(front.main)
    assert front.enclaves_length == measure_lines(list(front.enclaves))
    assert front.total_length == measure_lines([front.main, *front.enclaves])
    for seg in front.segments:
        assert seg.length == measure_lines(list(seg.geometry.geoms))
    river = [line for s in front.segments if s.setting == "river" for line in s.geometry.geoms]
    land = [line for s in front.segments if s.setting == "land" for line in s.geometry.geoms]
    assert front.river_length == measure_lines(river)
    assert front.land_length == measure_lines(land)
    # the pocket never reaches the corridor: land as it is, without an overlay
    pocket = [s for s in front.segments if s.index == 1]
    assert [s.setting for s in pocket] == ["land"]
    assert pocket[0].length.m == pytest.approx(front.enclaves_length.m, rel=1e-12)


def test_lonlat_and_projected_split_agree() -> None:
    from geo.frames import local_frame
    from geo.front.river import course_line, river_corridor, split_projected, split_settings

    frame = local_frame(33.0, 47.0)
    corridor = river_corridor(course_line(frame), 10_000.0)
    pieces = [LineString([(32.625, 46.9), (32.625, 46.4)]), LineString([(36, 49), (37, 49.5)])]
    by_lonlat = split_settings(pieces, frame, corridor)
    by_metres = split_projected(list(frame.to_local(pieces)), frame, corridor)
    assert [(s.part, s.index, s.setting) for s in by_lonlat.segments] == [
        ("main", 0, "land"),
        ("main", 0, "river"),
        ("enclave", 1, "land"),
    ]
    for a, b in zip(by_lonlat.segments, by_metres.segments, strict=True):
        assert a.length.m == pytest.approx(b.length.m, rel=1e-9)


def test_cached_zones_give_the_same_front_every_time() -> None:
    from geo.front import derive

    first = derive_front(_river_case(), COUNTRY, buffer_km=2.0)
    hits = derive._river_zone.cache_info().hits
    again = derive_front(_river_case(), shapely.from_wkb(shapely.to_wkb(COUNTRY)), buffer_km=2.0)
    assert derive._river_zone.cache_info().hits == hits + 1
    assert again.to_dict() == first.to_dict()
    assert [s.length for s in again.segments] == [s.length for s in first.segments]
