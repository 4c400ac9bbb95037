"""Sanity and accuracy tests for the authored front, occupied-area and Kursk-pocket layers.

The accuracy tests read third-party DeepStateMap data in ``../shared/data`` *in place* and
only measure: nothing here feeds a coordinate back into ``layers/``.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import Point, shape

from geo.authoring import front_line, kursk, occupied
from geo.measure import area, distance, length

LAYERS = Path(__file__).resolve().parent.parent / "layers"
MY_LAYERS = [
    "front-line-2024-11-13",
    "occupied-2024-11-13",
    "kursk-pocket-2024-08-20",
    "kursk-pocket-2024-11-13",
]
SUDZHA = (35.2706, 51.1914)
KORENEVO = (34.908, 51.4119)


def _geometry(layer_id: str):
    doc = json.loads((LAYERS / f"{layer_id}.geojson").read_text(encoding="utf-8"))
    assert len(doc["features"]) == 1
    return shape(doc["features"][0]["geometry"]), doc["features"][0]["properties"]


def _aeqd(lat0: float, lon0: float):
    tr = Transformer.from_crs(4326, f"+proj=aeqd +lat_0={lat0} +lon_0={lon0}", always_xy=True)

    def project(geom):
        return shapely.transform(geom, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))

    return project


# --- the waypoint table -----------------------------------------------------------------------


def test_front_table_is_detailed_and_sourced() -> None:
    points = front_line.read_waypoints()
    assert len(points) >= 150
    assert [p.order for p in points] == list(range(1, len(points) + 1))
    assert all(p.source and p.place for p in points)
    land = [(p.lon, p.lat) for p in points if p.segment == "land"]
    steps_km = [distance(a, b).km for a, b in itertools.pairwise(land)]
    # a vertex every few km on the land front, and no long straight shortcut
    assert 2.0 <= float(np.median(steps_km)) <= 6.0
    assert max(steps_km) < 12.0


def test_front_table_errors_name_the_row(tmp_path: Path) -> None:
    from geo.errors import SourceError

    bad = tmp_path / "front.csv"
    text = front_line.TABLE.read_text(encoding="utf-8").splitlines()
    text[3] = text[3].replace(",land,", ",lnad,", 1)
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match="row 3: segment"):
        front_line.read_waypoints(bad)


def test_front_layer_parts_and_lengths() -> None:
    geom, props = _geometry("front-line-2024-11-13")
    assert geom.geom_type == "MultiLineString"
    assert props["segments"] == ["land", "river"]
    assert props["as_of"] == "2024-11-13"
    land, river = geom.geoms
    assert land.coords[-1] == river.coords[0]  # continuous at the reservoir shore
    measured = length(geom)
    land_km, river_km = (m / 1000 for m in measured.parts)
    # straight lines between vertices a few km apart: shorter than the ~1,000 km quoted for
    # the whole front at full detail, but of that order
    assert 400 < land_km < 900
    assert 250 < river_km < 400


# --- the built files ----------------------------------------------------------------------------


@pytest.mark.parametrize("layer_id", MY_LAYERS)
def test_layer_passes_its_catalog_checks(layer_id: str) -> None:
    from geo.checks import check_layer

    assert check_layer(layer_id) == []


def test_builds_are_byte_identical(tmp_path: Path) -> None:
    # occupied/kursk read countries from out_dir when present, else the bundled file
    built = [front_line.build(tmp_path), occupied.build(tmp_path), *kursk.build(tmp_path)]
    for path in built:
        assert path.read_bytes() == (LAYERS / path.name).read_bytes(), path.name


def test_occupied_area_is_about_a_fifth_of_ukraine() -> None:
    geom, _ = _geometry("occupied-2024-11-13")
    ukraine = occupied.country_geometry(LAYERS / "countries.geojson", "UKR")
    km2 = area(geom).km2
    # public reference: ~18% of Ukraine, ~110,000+ km2 with Crimea, late 2024
    assert 105_000 < km2 < 118_000
    assert 0.16 < km2 / area(ukraine).km2 < 0.20
    assert geom.contains(Point(34.1024, 44.9521))  # Simferopol: Crimea included


def test_kursk_pockets_match_the_published_figures() -> None:
    peak, _ = _geometry("kursk-pocket-2024-08-20")
    nov, _ = _geometry("kursk-pocket-2024-11-13")
    peak_km2, nov_km2 = area(peak).km2, area(nov).km2
    assert 1_250 < peak_km2 < 1_400  # ~1,320 (ISW-based), 1,294 (Ukraine, 08-27)
    assert 780 < nov_km2 < 1_000  # between the peak and ~800 on 11-23, near the latter
    for pocket in (peak, nov):
        assert pocket.contains(Point(*SUDZHA))
        assert not pocket.contains(Point(*KORENEVO))
    # the November pocket is what was left of the peak's, not new ground
    assert area(nov.difference(peak)).km2 < 0.05 * nov_km2


def test_pocket_ring_errors(tmp_path: Path) -> None:
    from geo.errors import SourceError

    bad = tmp_path / "ring.csv"
    bad.write_text(
        "order,lat,lon,place,source\n1,51.2,35.0,a,s\n2,51.3,35.3,b,s\n"
        "3,51.2,35.3,c,s\n4,51.3,35.0,d,s\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match="not valid"):
        kursk.read_ring(bad)


# --- accuracy against DeepStateMap (measurement only) --------------------------------------------

BRACKET = ("20241013", "20241214")  # the nearest snapshots on either side of 2024-11-13


def _deepstate_occupied(shared_data: Path, day: str):
    path = shared_data / "deepstate-daily" / f"deepstatemap_data_{day}.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    return shapely.union_all([shape(f["geometry"]) for f in doc["features"]])


@pytest.mark.slow
def test_front_distance_to_deepstate_snapshots(shared_data: Path) -> None:
    geom, _ = _geometry("front-line-2024-11-13")
    project = _aeqd(48.0, 36.0)
    report = {}
    for day in BRACKET:
        boundary = project(_deepstate_occupied(shared_data, day).boundary)
        for name, part in zip(("land", "river"), geom.geoms, strict=True):
            pts = shapely.points(shapely.get_coordinates(project(part).segmentize(500.0)))
            km = shapely.distance(pts, boundary) / 1000.0
            report[(day, name)] = (float(np.median(km)), float(np.percentile(km, 95)))
    print("front vs DeepState (median km, p95 km):", report)
    for day in BRACKET:
        median, p95 = report[(day, "land")]
        # measured 1.9/7.8 km (10-13) and 1.5/5.3 km (12-14): a regression past these bounds
        # means a vertex moved away from the named-place evidence
        assert median < 2.5 and p95 < 8.0
        # river: we follow the channel, DeepState's area stops at the left bank
        median, p95 = report[(day, "river")]
        assert median < 6.0 and p95 < 10.0


@pytest.mark.slow
def test_occupied_area_against_deepstate_snapshots(shared_data: Path) -> None:
    ours = area(_geometry("occupied-2024-11-13")[0]).km2
    theirs = [area(_deepstate_occupied(shared_data, day)).km2 for day in BRACKET]
    print(f"occupied: ours {ours:,.0f} km2; DeepState {theirs[0]:,.0f} / {theirs[1]:,.0f} km2")
    assert min(theirs) * 0.98 < ours < max(theirs) * 1.02


@pytest.mark.slow
def test_kursk_peak_against_deepstate_raw_map(shared_data: Path) -> None:
    path = shared_data / "deepstate-raw" / "deepstate_raw_1724184993.geojson"  # 2024-08-20
    doc = json.loads(path.read_text(encoding="utf-8"))
    russia = occupied.country_geometry(LAYERS / "countries.geojson", "RUS")
    polygons = []
    for feature in doc["features"]:
        status = str(feature["properties"].get("name", "")).rsplit(".", 1)[-1].strip()
        geom = feature["geometry"]
        # liberated ("dismissed") and grey-zone ("unknown") polygons inside Russia: the
        # area the ~1,300 km2 figures count
        if geom["type"] in ("Polygon", "MultiPolygon") and status in ("dismissed", "unknown"):
            poly = shapely.make_valid(shapely.force_2d(shape(geom)))
            if russia.contains(poly.representative_point()):
                polygons.append(poly)
    theirs = shapely.union_all(polygons).intersection(russia)
    ours = _geometry("kursk-pocket-2024-08-20")[0]
    iou = area(ours.intersection(theirs)).km2 / area(ours.union(theirs)).km2
    ours_km2, theirs_km2 = area(ours).km2, area(theirs).km2
    print(f"Kursk peak: ours {ours_km2:,.0f} km2, DeepState {theirs_km2:,.0f} km2, IoU {iou:.2f}")
    assert 0.85 < area(ours).km2 / area(theirs).km2 < 1.15
    assert iou > 0.6
