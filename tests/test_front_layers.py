"""Sanity and accuracy tests for the authored front, occupied-area and Kursk-pocket layers.

The accuracy tests read third-party DeepStateMap data in ``../shared/data`` *in place* and
only measure: nothing here feeds a coordinate back into ``layers/``.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from pathlib import Path

import numpy as np
import pytest
import shapely
import shapely.ops
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
    assert len(points) >= 130
    assert [p.order for p in points] == list(range(1, len(points) + 1))
    assert all(p.source and p.place for p in points)
    land = [(p.lon, p.lat) for p in points if p.segment == "land" and not p.follow]
    steps_km = [distance(a, b).km for a, b in itertools.pairwise(land)]
    # a vertex every few km on the land front, and no long straight shortcut
    assert 2.0 <= float(np.median(steps_km)) <= 6.0
    assert max(steps_km) < 12.0
    # every stretch along water names the dataset it follows
    assert {p.follow for p in points} == {"", "oskil", "dnipro-left-bank", "dnipro", "coast"}


def test_river_stretches_follow_the_basemap_rivers() -> None:
    from geo.authoring import rivers

    geom, props = _geometry("front-line-2024-11-13")
    land, river, estuary = geom.geoms
    # the Dnipro part is the reservoir's left bank and the lower channel: vertices ~0.4 km
    # apart, every one on the GSHHG lake outline or the WDB II river line
    steps = [distance(a, b).km for a, b in itertools.pairwise(river.coords)]
    assert float(np.median(steps)) < 0.6
    bank = rivers.course("dnipro-left-bank", river.coords[0], (32.6342, 46.648))
    on_bank = [Point(c).distance(bank) < 1e-6 for c in river.coords]
    # (the rest: the discs kept on land round riverside towns, and the lower channel)
    assert sum(on_bank) / len(on_bank) > 0.75
    # left bank: Russian-held left-bank towns are within ~3 km, right-bank towns farther
    for town in ((34.6620, 47.4905), (33.3559, 46.7597)):  # Enerhodar, Nova Kakhovka
        assert _km(river, town) < 3.5
    for town in ((34.625, 47.631), (34.391, 47.568)):  # Marhanets, Nikopol (right bank)
        assert _km(river, town) > 4.0
    # the Oskil stretch at the start of the land front
    oskil = rivers.course("oskil", land.coords[0], (37.678, 49.82))
    assert Point(land.coords[1]).distance(oskil) < 1e-6
    assert props["segments"] == ["land", "river", "estuary"]
    assert estuary.coords[-1] == pytest.approx((31.5278, 46.5586), abs=0.01)  # Kinburn spit


def _km(line, lonlat) -> float:
    nearest = shapely.ops.nearest_points(line, Point(*lonlat))[0]
    return distance(lonlat, (nearest.x, nearest.y)).km


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
    assert props["segments"] == ["land", "river", "estuary"]
    assert props["as_of"] == "2024-11-13"
    land, river, estuary = geom.geoms
    assert land.coords[-1] == river.coords[0]  # continuous at the reservoir shore
    assert river.coords[-1] == estuary.coords[0]  # and at the Dnipro's mouth
    measured = length(geom)
    land_km, river_km, estuary_km = (m / 1000 for m in measured.parts)
    # land: straight lines between vertices a few km apart (the Oskil at full resolution);
    # river: the left bank at ~0.4 km spacing, longer than mid-channel
    assert 450 < land_km < 900
    assert 330 < river_km < 450
    assert 80 < estuary_km < 160


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


#: Gazetteer positions (lon, lat) of villages whose control on each date is dated in public
#: sources (see the pocket tables): True = inside the held-or-contested pocket.
KURSK_VILLAGES = {
    # Bolshoye Soldatskoye: Russian-held throughout (Bild, 2024-08-21); GeoNames
    "Bolshoye Soldatskoye": ((35.51002, 51.33614), False, False),
    # Borki: Ukrainian forces there 2024-08-16 (ISW); Russia retook it 2024-09-16 (TASS)
    "Borki": ((35.4044, 51.1039), True, False),
    # Lyubimovka: Ukrainian from 2024-08-07; retaken 2024-10-11..18 (Mash, TASS)
    "Lyubimovka": ((35.0428, 51.3119), True, False),
    # Snagost: attacks west of it 2024-08-16 (ISW); retaken from 2024-09-11
    "Snagost": ((34.8933, 51.3150), True, False),
    # Malaya Loknya, Martynovka, Zaoleshenka, Guevo: Ukrainian-held until March 2025
    "Malaya Loknya": ((35.2275, 51.3325), True, True),
    "Martynovka": ((35.3664, 51.2389), True, True),
    "Zaoleshenka": ((35.2581, 51.2028), True, True),
    "Guevo": ((35.2688, 51.0918), True, True),
    # Plekhovo: fought over in October, claimed by Russia on 2024-12-09/11
    "Plekhovo": ((35.33, 51.10), True, True),
}


def test_kursk_pockets_match_the_published_figures() -> None:
    peak, peak_props = _geometry("kursk-pocket-2024-08-20")
    nov, nov_props = _geometry("kursk-pocket-2024-11-13")
    peak_km2, nov_km2 = area(peak).km2, area(nov).km2
    # the peak: 1,294 km2 (Ukraine's commander-in-chief, 08-27) .. ~1,320 (ISW-based, 08-20/21)
    assert 1_294 * 0.99 < peak_km2 < 1_320 * 1.01
    # 13 Nov: ~800 km2 (Ukrainian General Staff source, 11-23) .. 1,376 at most; held and
    # contested together, like the published figures
    assert 800 * 0.97 < nov_km2 < 1_376
    for props in (peak_props, nov_props):
        assert props["tier"] == kursk.TIER == "held or contested"
        assert "held or contested" in props["name"]
    for pocket in (peak, nov):
        assert pocket.contains(Point(*SUDZHA))
        assert not pocket.contains(Point(*KORENEVO))
    # the November pocket is what was left of the peak's, not new ground
    rest = nov.difference(peak)
    assert rest.is_empty or area(rest).km2 < 0.05 * nov_km2
    for name, (lonlat, at_peak, in_nov) in KURSK_VILLAGES.items():
        assert peak.contains(Point(lonlat)) is at_peak, name
        assert nov.contains(Point(lonlat)) is in_nov, name


def test_kursk_tables_are_dated_and_sourced() -> None:
    from geo.authoring.basemap import country_geometry

    russia = country_geometry(LAYERS / "countries.geojson", "RUS")
    for layer_id in ("kursk-pocket-2024-08-20", "kursk-pocket-2024-11-13"):
        path = LAYERS / f"{layer_id}.csv"
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(ln for ln in fh if not ln.startswith("#")))
        words = [r["status"].split(":")[0].split()[0] for r in rows]
        assert set(words) <= set(kursk.STATUS_WORDS), layer_id
        edge = [r for r, w in zip(rows, words, strict=True) if w != "construction"]
        assert len(edge) >= 10, layer_id  # a named place every few km of the front
        for r in edge:
            assert re.search(r"\b20(24|25)\b", r["source"]), r["place"]
            assert r["coord_source"] and not r["coord_source"].startswith("construction: a "), r
            assert russia.contains(Point(float(r["lon"]), float(r["lat"]))), r["place"]
        for r, w in zip(rows, words, strict=True):
            if w == "construction":  # closing vertices lie in Ukraine and are clipped away
                assert not russia.contains(Point(float(r["lon"]), float(r["lat"]))), r["place"]


def test_pocket_ring_errors(tmp_path: Path) -> None:
    from geo.errors import SourceError

    head = "order,lat,lon,place,status,source,coord_source\n"
    bad = tmp_path / "ring.csv"
    bad.write_text(
        head + "1,51.2,35.0,a,held,s 2024,g\n2,51.3,35.3,b,held,s 2024,g\n"
        "3,51.2,35.3,c,held,s 2024,g\n4,51.3,35.0,d,held,s 2024,g\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match="not valid"):
        kursk.read_ring(bad)
    rows = ["1,51.2,35.0,a,held,s 2024,g", "2,51.3,35.3,b,edge: x,s 2024,g"]
    good = head + "\n".join([*rows, "3,51.2,35.3,c,construction,s,g"]) + "\n"
    (tmp_path / "ok.csv").write_text(good, encoding="utf-8")
    assert kursk.read_ring(tmp_path / "ok.csv").is_valid
    for row, message in (
        ("3,51.2,35.3,c,taken,s 2024,g", "status must start with"),
        ("3,51.2,35.3,c,contested: fighting,ISW,g", "must be dated"),
        ("3,51.2,35.3,c,held,s 2024,", "empty coord_source"),
    ):
        text = head + "\n".join([*rows, row]) + "\n"
        (tmp_path / "bad2.csv").write_text(text, encoding="utf-8")
        with pytest.raises(SourceError, match=message):
            kursk.read_ring(tmp_path / "bad2.csv")


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
        for name, part in zip(("land", "river", "estuary"), geom.geoms, strict=True):
            pts = shapely.points(shapely.get_coordinates(project(part).segmentize(500.0)))
            km = shapely.distance(pts, boundary) / 1000.0
            report[(day, name)] = (float(np.median(km)), float(np.percentile(km, 95)))
    print("front vs DeepState (median km, p95 km):", report)
    for day in BRACKET:
        median, p95 = report[(day, "land")]
        # measured 1.7/7.8 km (10-13) and 1.4/5.3 km (12-14): a regression past these bounds
        # means a vertex moved away from the named-place evidence
        assert median < 2.5 and p95 < 8.0
        # river: the left bank (GSHHG full-level shore), as DeepState's area stops at the
        # left bank: measured median 1.0 km (3.8 km when the line followed mid-channel)
        median, p95 = report[(day, "river")]
        assert median < 1.5 and p95 < 8.0


@pytest.mark.slow
def test_occupied_area_against_deepstate_snapshots(shared_data: Path) -> None:
    ours = area(_geometry("occupied-2024-11-13")[0]).km2
    theirs = [area(_deepstate_occupied(shared_data, day)).km2 for day in BRACKET]
    print(f"occupied: ours {ours:,.0f} km2; DeepState {theirs[0]:,.0f} / {theirs[1]:,.0f} km2")
    assert min(theirs) * 0.98 < ours < max(theirs) * 1.02


def _front_distances_km(a, b, project, border) -> np.ndarray:
    """Distances (km) from points every 200 m along ``a``'s front to ``b``'s front."""
    fa, fb = (project(g.boundary).difference(border) for g in (a, b))
    pts = shapely.points(shapely.get_coordinates(fa.segmentize(200.0)))
    return shapely.distance(pts, fb) / 1000.0


@pytest.mark.slow
def test_kursk_peak_against_deepstate_raw_map(shared_data: Path) -> None:
    path = shared_data / "deepstate-raw" / "deepstate_raw_1724184993.geojson"  # 2024-08-20
    doc = json.loads(path.read_text(encoding="utf-8"))
    russia = occupied.country_geometry(LAYERS / "countries.geojson", "RUS")
    ukraine = occupied.country_geometry(LAYERS / "countries.geojson", "UKR")
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
    # fronts only: the outline less a 3 km band along the state border (DeepState's border
    # line and Natural Earth's differ by up to a few km); theirs = the salient round Sudzha
    project = _aeqd(51.25, 35.2)
    border = project(ukraine.boundary).buffer(3000.0)
    main = max(shapely.get_parts(theirs), key=lambda g: g.area)
    to_theirs = _front_distances_km(ours, main, project, border)
    to_ours = _front_distances_km(main, ours, project, border)
    stats = {
        name: (float(np.median(d)), float(np.percentile(d, 90)), float(d.max()))
        for name, d in (("ours->theirs", to_theirs), ("theirs->ours", to_ours))
    }
    print(f"Kursk peak: ours {ours_km2:,.0f} km2, DeepState {theirs_km2:,.0f} km2, IoU {iou:.2f}")
    print("front distance km (median, p90, worst):", stats)
    assert 0.85 < ours_km2 / theirs_km2 < 1.15
    assert iou > 0.65
    # measured 2.4 / 4.8 / 5.8 km (ours->theirs) and 3.6 / 16.0 / 20.3 km (theirs->ours:
    # DeepState's front runs through the strip between Sudzha and the border west of it,
    # which the public reports used here put inside the pocket): regression guards
    median, p90, worst = stats["ours->theirs"]
    assert median < 3.0 and p90 < 6.0 and worst < 8.0
    assert stats["theirs->ours"][0] < 5.0


# --- places: dated statuses, precise coordinates, measured numbers -------------------------------


def test_every_place_status_has_a_dated_source_and_precise_coordinates() -> None:
    import re

    from geo.authoring import places

    rows = places.read_places()
    for r in rows:
        if r["held_by"]:
            assert r["status_source"] and re.search(r"\b(19|20)\d\d\b", r["status_source"]), r
        if r["country"] in ("UKR", "RUS"):
            assert r["coord_check"], r["name"]
    raw = (LAYERS / "places.csv").read_text(encoding="utf-8")
    for line in raw.splitlines():
        if line.startswith(("#", "name,")):
            continue
        lat, lon = next(csv.reader([line]))[5:7]
        for value in (lat, lon):  # at least two decimals: 0.01 degree or better
            assert "." in value and len(value.split(".")[1]) >= 2, line
    by_name = {r["name"]: r for r in rows}
    assert by_name["Robotyne"]["held_by"] == "RUS"
    assert "28 Jul 2024" in by_name["Robotyne"]["status_source"]


def test_kursk_distances_in_the_places_text_are_measured() -> None:
    from shapely.ops import nearest_points

    from geo.authoring import places

    by_name = {r["name"]: r for r in places.read_places()}
    kursk, sudzha = (by_name[n] for n in ("Kursk", "Sudzha"))
    pocket, _ = _geometry("kursk-pocket-2024-11-13")
    edge = nearest_points(pocket, Point(kursk["lon"], kursk["lat"]))[0]
    to_edge = distance((kursk["lon"], kursk["lat"]), (edge.x, edge.y)).km
    to_sudzha = distance((kursk["lon"], kursk["lat"]), (sudzha["lon"], sudzha["lat"])).km
    assert f"about {to_edge:.0f} km north-east of the pocket's edge" in kursk["status"]
    assert f"{to_sudzha:.0f} km from Sudzha" in kursk["status"]


#: Land sectors of the accuracy table in the catalog (lon/lat boxes).
SECTORS = {
    "Kupiansk–Oskil": (36.5, 49.3, 39.0, 50.5),
    "Svatove–Siversk": (36.5, 48.75, 39.0, 49.3),
    "Bakhmut–Toretsk": (36.5, 48.3, 39.0, 48.75),
    "Pokrovsk–Kurakhove": (36.5, 47.9, 39.0, 48.3),
    "Vuhledar–Velyka Novosilka": (36.6, 47.0, 39.0, 47.9),
    "Huliaipole–Robotyne": (35.3, 47.0, 36.6, 47.9),
}


@pytest.mark.slow
def test_front_accuracy_table_both_directions(shared_data: Path) -> None:
    """The catalog's per-sector table: median / p90 / worst km, ours->theirs | theirs->ours."""
    from shapely.geometry import box

    from geo.frames import local_frame

    geom, _ = _geometry("front-line-2024-11-13")
    frame = local_frame(36.0, 48.0, "aeqd")
    land = frame.to_local(geom.geoms[0])
    ukr_edge = frame.to_local(
        occupied.country_geometry(LAYERS / "countries.geojson", "UKR").boundary
    )

    def pts(line):
        return shapely.points(shapely.get_coordinates(line.segmentize(500.0)))

    def stats(km):
        return tuple(round(float(v), 1) for v in (np.median(km), np.percentile(km, 90), km.max()))

    table = {}
    for day in BRACKET:
        outline = frame.to_local(_deepstate_occupied(shared_data, day).boundary)
        # their front: the outline off Ukraine's border and coast, near our line's extent
        theirs_front = outline.difference(ukr_edge.buffer(3000)).intersection(land.buffer(20000))
        for name, bounds in SECTORS.items():
            b = frame.to_local(box(*bounds))
            ours, theirs = land.intersection(b), theirs_front.intersection(b)
            there = shapely.distance(pts(ours), outline) / 1000
            back = shapely.distance(pts(theirs), land) / 1000
            table[(day, name)] = (stats(there), stats(back))
    for key, row in table.items():
        print("accuracy", key, row)
    # regression bounds at the measured values (catalog: front-line-2024-11-13 accuracy)
    for day in BRACKET:
        assert table[(day, "Huliaipole–Robotyne")][0][0] <= 1.0
        # Bakhmut–Toretsk after the Klishchiivka/Andriivka vertices (2.8/2.6 km before)
        assert table[(day, "Bakhmut–Toretsk")][0][0] <= 2.4
        assert all(table[(day, s)][0][0] < 6.0 for s in SECTORS)


@pytest.mark.slow
def test_bracketing_snapshots_bound_what_any_line_can_reach(shared_data: Path) -> None:
    """Where the front moved between the two snapshots, no single line meets the aim on both.

    For a point of one snapshot's front s km from the other's, any line is at least s/2 km
    from one of them there. Measured: the 2024-10-13 and 2024-12-14 fronts are 7-16 km
    apart over much of Pokrovsk–Kurakhove and Vuhledar–Velyka Novosilka (half: p90 6-7 km,
    worst 7.6-8.1 km), above the 3 km / 6 km aims; elsewhere under 1.5 km at p90.
    """
    from shapely.geometry import box

    from geo.frames import local_frame

    frame = local_frame(36.0, 48.0, "aeqd")
    land = frame.to_local(_geometry("front-line-2024-11-13")[0].geoms[0])
    ukr_edge = frame.to_local(
        occupied.country_geometry(LAYERS / "countries.geojson", "UKR").boundary
    )
    outline, front = {}, {}
    for day in BRACKET:
        outline[day] = frame.to_local(_deepstate_occupied(shared_data, day).boundary)
        front[day] = outline[day].difference(ukr_edge.buffer(3000)).intersection(land.buffer(20000))

    def half_gap(name: str) -> tuple[float, float]:
        b = frame.to_local(box(*SECTORS[name]))
        gaps = []
        for a, other in (BRACKET, BRACKET[::-1]):
            pts = shapely.points(
                shapely.get_coordinates(front[a].intersection(b).segmentize(500.0))
            )
            gaps.append(shapely.distance(pts, outline[other]) / 1000)
        s = np.concatenate(gaps) / 2
        return float(np.percentile(s, 90)), float(s.max())

    for name in ("Pokrovsk–Kurakhove", "Vuhledar–Velyka Novosilka"):
        p90, worst = half_gap(name)
        assert p90 > 3.0 and worst > 6.0, name  # the aim is out of reach against both dates
    for name in ("Bakhmut–Toretsk", "Huliaipole–Robotyne"):
        assert half_gap(name)[0] < 1.0, name  # a static sector: the aim is reachable
