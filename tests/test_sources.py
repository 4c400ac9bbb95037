"""Tests for geo.sources: dates, DeepStateMap documents, snapshots, KML/KMZ, OGR formats.

Small fixtures are made at test time in ``tmp_path`` (KML text, KMZ zips, GeoPackage,
FlatGeobuf, Shapefile). The acceptance tests on the real DeepStateMap files in
``../shared/data`` compare with independent computations: classification with a regex on the
raw JSON and geodesic areas from geographiclib's ``PolygonArea`` (not pyproj).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from geographiclib.geodesic import Geodesic
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Point, Polygon, box, shape

from geo.errors import GeoError, SourceError
from geo.sources import (
    DeepStateMap,
    classify_name,
    date_from_name,
    find_snapshots,
    is_deepstate_document,
    kursk_pocket,
    parse_date,
    read_deepstate,
    read_kml,
    read_ogr,
    read_snapshot,
    read_source,
    resolve_date,
)

NBSP = "\u00a0"


# --------------------------------------------------------------------------- helpers


def _geodesic_area_km2(geom: Polygon | MultiPolygon) -> float:
    """Independent geodesic area with geographiclib (exterior minus holes), km²."""
    total = 0.0
    polys = [geom] if isinstance(geom, Polygon) else list(geom.geoms)
    for poly in polys:
        for k, ring in enumerate([poly.exterior, *poly.interiors]):
            pa = Geodesic.WGS84.Polygon()
            for x, y in list(ring.coords)[:-1]:
                pa.AddPoint(y, x)
            _, _, a = pa.Compute(False, True)
            total += abs(a) * (1 if k == 0 else -1)
    return total / 1e6


def _write(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _feature(geom: object, name: str | None = None, **props: object) -> dict:
    p = dict(props)
    if name is not None:
        p["name"] = name
    return {"type": "Feature", "properties": p, "geometry": geom}


def _poly3d(x0: float, y0: float, x1: float, y1: float) -> dict:
    ring = [[x0, y0, 0], [x1, y0, 0], [x1, y1, 0], [x0, y1, 0], [x0, y0, 0]]
    return {"type": "Polygon", "coordinates": [ring]}


def _deepstate_doc() -> dict:
    """A miniature DeepStateMap document: the quirks of the real ones, known answers."""
    occ = f"Окуповано /// Occupied{NBSP}/// geoJSON.status.occupied\n"
    lib = "Звільнено /// Liberated /// geoJSON.status.dismissed"
    lib_at = "Звільнено /// Liberated /// geoJSON.status.dismissed_at {{at:25.03}}"
    unk = f"Статус невідомий /// Unknown status{NBSP}/// geoJSON.status.unknown\n"
    crimea = f"Окупований Крим /// Occupied Crimea{NBSP}/// geoJSON.territories.crimea"
    abroad = "Придністров'я/// Transnistria /// geoJSON.territories.transnistria"
    return {
        "type": "FeatureCollection",
        "features": [
            _feature({"type": "Point", "coordinates": [36.0, 48.0, 0]}, "geoJSON.units.x"),
            _feature(_poly3d(36.0, 47.0, 37.0, 48.0), occ),
            _feature(_poly3d(36.5, 47.0, 37.5, 48.0), occ),  # overlaps the first: dissolved
            _feature(_poly3d(33.0, 45.0, 34.0, 46.0), crimea),
            _feature(_poly3d(30.0, 50.0, 30.5, 50.5), lib),
            _feature(_poly3d(31.0, 50.0, 31.5, 50.5), lib_at),
            _feature(_poly3d(35.0, 48.5, 35.2, 48.7), unk),
            _feature(_poly3d(29.0, 46.5, 29.5, 47.0), abroad),
            _feature({"type": "Point", "coordinates": [30.0, 50.0, 0]}, "plain unit label"),
        ],
    }


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("deepstatemap_data_20240708.geojson", dt.date(2024, 7, 8)),
        ("deepstate_raw_1724184993.geojson", dt.date(2024, 8, 20)),  # 20:16 UTC
        ("deepstate_raw_1736977750.geojson", dt.date(2025, 1, 15)),
        ("/some/dir/occupied_2024-11-13.gpkg", dt.date(2024, 11, 13)),
        ("front.2024.11.13.kml", dt.date(2024, 11, 13)),
        ("map_1724184993000.json", dt.date(2024, 8, 20)),  # milliseconds
    ],
)
def test_date_from_name(name: str, expected: dt.date) -> None:
    assert date_from_name(name) == expected


@pytest.mark.parametrize("name", ["notes.geojson", "x_20241350.geojson", "v2.kml", "123.json"])
def test_names_without_a_valid_date(name: str) -> None:
    assert date_from_name(name) is None
    with pytest.raises(SourceError, match="unparseable date") as info:
        resolve_date(name)
    assert name in str(info.value)


def test_two_different_dates_in_a_name_are_ambiguous() -> None:
    with pytest.raises(SourceError, match="several dates"):
        date_from_name("a_20240101_1724184993.geojson")


def test_explicit_date_wins_and_is_validated() -> None:
    assert resolve_date("deepstatemap_data_20240708.geojson", "2025-01-02") == dt.date(2025, 1, 2)
    assert parse_date("20241113") == dt.date(2024, 11, 13)
    with pytest.raises(SourceError, match="unparseable date '2024-13-01'") as info:
        parse_date("2024-13-01", path="x.geojson")
    assert str(info.value).startswith("x.geojson: ")


# --------------------------------------------------------------------------- DeepStateMap


@pytest.mark.parametrize(
    ("name", "status"),
    [
        (f"Окуповано /// Occupied{NBSP}/// geoJSON.status.occupied\n", "occupied"),
        ("Окуповано /// Occupied /// geoJSON.status.occupied", "occupied"),
        ("Звільнено /// Liberated /// geoJSON.status.dismissed\n", "liberated"),
        ("x /// y /// geoJSON.status.dismissed_at {{at:16.03 -17.03}}", "liberated"),
        (f"Статус невідомий /// Unknown status{NBSP}/// geoJSON.status.unknown", "unknown"),
        ("ОРДЛО /// CADR and CALR\u00a0/// geoJSON.territories.ordlo", "occupied"),
        ("Острів Тузла /// Occupied Tuzla Island /// geoJSON.territories.tuzla", "occupied"),
        (
            "Окупована Абхазія.\n///\nOccupied Abkhazia.\n/// geoJSON.territories.abkhazia\n",
            "other",
        ),
        ("Зміїний ///\u00a0Snake Island /// geoJSON.zmiinyi_island", "other"),
        ("geoJSON.units.brigade.38-air-assault", "other"),
        ("328th Airborne Assault Regiment", "other"),
        (None, "other"),
        (42, "other"),
    ],
)
def test_classify_name(name: object, status: str) -> None:
    assert classify_name(name) == status


def test_read_deepstate_classifies_flattens_and_dissolves(tmp_path: Path) -> None:
    path = _write(tmp_path / "deepstate_raw_1724184993.geojson", _deepstate_doc())
    ds = read_deepstate(path)
    assert isinstance(ds, DeepStateMap)
    assert ds.date == dt.date(2024, 8, 20)
    # points dropped; 7 polygons kept, each classified
    assert len(ds.areas) == 7
    assert ds.areas["status"].tolist().count("liberated") == 2
    assert not shapely.has_z(np.asarray(ds.areas.geometry.values)).any()
    occupied = ds.occupied
    assert occupied.is_valid and not occupied.has_z
    # the two overlapping occupied squares dissolve into one part, plus "Crimea"
    assert len(occupied.geoms) == 2
    expected = shapely.union_all([box(36.0, 47.0, 37.5, 48.0), box(33.0, 45.0, 34.0, 46.0)])
    assert occupied.symmetric_difference(expected).area < 1e-12
    assert len(ds.liberated.geoms) == 2 and len(ds.unknown.geoms) == 1
    snap = ds.to_snapshot()
    assert snap.kind == "deepstate" and snap.occupied.equals(occupied)
    frame = ds.to_geodataframe()
    assert frame["status"].tolist() == ["occupied", "liberated", "unknown"]
    assert frame.crs.to_epsg() == 4326


def test_deepstate_document_detection(tmp_path: Path) -> None:
    assert is_deepstate_document(_deepstate_doc())
    plain = {"type": "FeatureCollection", "features": [_feature(_poly3d(0, 0, 1, 1))]}
    assert not is_deepstate_document(plain)
    path = _write(tmp_path / "plain_20240101.geojson", plain)
    with pytest.raises(SourceError, match="not a DeepStateMap map document"):
        read_deepstate(path)


def test_kursk_pocket_selects_liberated_polygons_inside_russia() -> None:
    russia = box(34.0, 50.5, 40.0, 56.0)
    doc = {
        "type": "FeatureCollection",
        "features": [
            _feature(_poly3d(35.0, 51.0, 35.5, 51.3), "a /// b /// geoJSON.status.dismissed"),
            # straddles the border by ~1 km (0.01 deg lat): kept with the 2 km tolerance
            _feature(_poly3d(36.0, 50.49, 36.2, 50.7), "a /// b /// geoJSON.status.dismissed"),
            # in "Ukraine", touching the border: never part of the pocket
            _feature(_poly3d(35.0, 50.0, 35.5, 50.5), "a /// b /// geoJSON.status.dismissed"),
            # occupied polygons inside Russia are not the pocket
            _feature(_poly3d(37.0, 52.0, 37.5, 52.5), "a /// b /// geoJSON.status.occupied"),
        ],
    }
    ds = read_deepstate(doc, require_date=False)
    pocket = kursk_pocket(ds, russia=russia)
    expected = shapely.union_all([box(35.0, 51.0, 35.5, 51.3), box(36.0, 50.49, 36.2, 50.7)])
    assert pocket.symmetric_difference(expected).area < 1e-12
    strict = kursk_pocket(ds, russia=russia, tolerance_km=0)
    assert strict.equals(MultiPolygon([box(35.0, 51.0, 35.5, 51.3)]))
    with pytest.raises(GeoError, match="tolerance_km"):
        kursk_pocket(ds, russia=russia, tolerance_km=-1)


# --------------------------------------------------------------------------- snapshots


def test_read_snapshot_daily_format(tmp_path: Path) -> None:
    doc = {
        "type": "FeatureCollection",
        "name": "deepstatemap_data_20240708",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": [
            _feature(
                {
                    "type": "MultiPolygon",
                    "coordinates": [
                        [[[36, 47], [37, 47], [37, 48], [36, 48], [36, 47]]],
                        [[[33, 45], [34, 45], [34, 46], [33, 45]]],
                    ],
                }
            )
        ],
    }
    snap = read_snapshot(_write(tmp_path / "deepstatemap_data_20240708.geojson", doc))
    assert snap.date == dt.date(2024, 7, 8) and snap.kind == "snapshot"
    assert len(snap.occupied.geoms) == 2
    expected = _geodesic_area_km2(snap.occupied)
    assert snap.area().km2 == pytest.approx(expected, rel=1e-9)
    gdf = snap.to_geodataframe()
    assert gdf.loc[0, "date"] == "2024-07-08" and gdf.crs.to_epsg() == 4326


def test_read_snapshot_honours_a_projected_crs_member(tmp_path: Path) -> None:
    to_merc = Transformer.from_crs(4326, 3857, always_xy=True)
    ring = [list(to_merc.transform(x, y)) for x, y in [(30, 48), (31, 48), (31, 49), (30, 48)]]
    doc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
        "features": [_feature({"type": "Polygon", "coordinates": [ring]})],
    }
    snap = read_snapshot(_write(tmp_path / "merc.geojson", doc), date="2024-11-13")
    assert snap.date == dt.date(2024, 11, 13)
    minx, miny, maxx, maxy = snap.occupied.bounds
    assert (minx, miny, maxx, maxy) == pytest.approx((30, 48, 31, 49), abs=1e-9)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("deepstatemap_data_20240708.geojson", "this is not JSON {", "not valid JSON"),
        ("deepstatemap_data_20240709.geojson", "", "empty"),
        (
            "deepstatemap_data_20240710.geojson",
            json.dumps({"type": "FeatureCollection", "features": []}),
            "no features",
        ),
        (
            "deepstatemap_data_20240711.geojson",
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [_feature({"type": "Point", "coordinates": [30, 50]})],
                }
            ),
            "no polygons",
        ),
        (
            "occupied_without_a_date.geojson",
            json.dumps({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}),
            "unparseable date",
        ),
        ("deepstatemap_data_20240712.geojson", '{"type": "Polygon"', "ends early"),
    ],
)
def test_bad_snapshots_name_the_file(tmp_path: Path, name: str, content: str, match: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    for reader in (read_snapshot, read_source):
        with pytest.raises(SourceError, match=match) as info:
            reader(path)
        assert str(info.value).startswith(str(path))
        assert "\n" not in str(info.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        read_source(tmp_path / "nothing_20240101.gpkg")
    with pytest.raises(SourceError):
        read_source(tmp_path)


# --------------------------------------------------------------------------- KML / KMZ

_KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>front</name>
<Folder><name>Occupied</name>
<Placemark><name>Окуповано</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
36,47,0 37,47,0 37,48,0 36,48,0 36,47,0
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
<Placemark><name>part</name><MultiGeometry>
<Polygon><outerBoundaryIs><LinearRing><coordinates>
33,45 34,45 34,46 33,45
</coordinates></LinearRing></outerBoundaryIs></Polygon>
<Point><coordinates>33.5,45.5</coordinates></Point>
</MultiGeometry></Placemark>
</Folder>
<Folder><name>Units</name>
<Placemark><name>unit</name><Point><coordinates>36.5,47.5,0</coordinates></Point></Placemark>
</Folder>
</Document></kml>
"""


def _expected_kml_area() -> MultiPolygon:
    return MultiPolygon([box(36, 47, 37, 48), Polygon([(33, 45), (34, 45), (34, 46)])])


def test_read_kml_all_folders(tmp_path: Path) -> None:
    path = tmp_path / "front_2024-11-13.kml"
    path.write_text(_KML, encoding="utf-8")
    snap = read_kml(path)
    assert snap.kind == "kml" and snap.date == dt.date(2024, 11, 13)
    assert snap.occupied.symmetric_difference(_expected_kml_area()).area < 1e-12
    assert read_source(path).occupied.equals(snap.occupied)


def test_read_kmz_in_memory_zip(tmp_path: Path) -> None:
    path = tmp_path / "front_20241113.kmz"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("doc.kml", _KML)
        zf.writestr("files/readme.txt", "not a map")
    snap = read_source(path)
    assert snap.kind == "kml" and snap.date == dt.date(2024, 11, 13)
    assert snap.occupied.symmetric_difference(_expected_kml_area()).area < 1e-12


def test_bad_kml_and_kmz(tmp_path: Path) -> None:
    not_zip = tmp_path / "a_20240101.kmz"
    not_zip.write_text("plain text", encoding="utf-8")
    with pytest.raises(SourceError, match="not a zip archive") as info:
        read_kml(not_zip)
    assert str(not_zip) in str(info.value)
    no_kml = tmp_path / "b_20240101.kmz"
    with zipfile.ZipFile(no_kml, "w") as zf:
        zf.writestr("readme.txt", "nothing")
    with pytest.raises(SourceError, match=r"no \.kml document"):
        read_kml(no_kml)
    points = tmp_path / "c_20240101.kml"
    points.write_text(_KML.split("<Folder><name>Occupied")[0] + "</Document></kml>")
    with pytest.raises(SourceError):
        read_kml(points)
    broken = tmp_path / "d_20240101.kml"
    broken.write_text("<kml><Document><Placemark>", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        read_kml(broken)
    assert str(broken) in str(info.value)


# --------------------------------------------------------------------------- OGR formats


def _frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": ["a", "b"]},
        geometry=[box(36, 47, 37, 48), box(36.5, 47.5, 37.5, 48.5)],
        crs="EPSG:4326",
    )


@pytest.mark.parametrize(("suffix", "driver"), [(".gpkg", "GPKG"), (".fgb", "FlatGeobuf")])
def test_read_ogr_formats(tmp_path: Path, suffix: str, driver: str) -> None:
    path = tmp_path / f"occupied_2024-11-13{suffix}"
    _frame().to_crs(3857).to_file(path, driver=driver)
    snap = read_source(path)
    assert snap.kind == "ogr" and snap.date == dt.date(2024, 11, 13)
    expected = shapely.union_all([box(36, 47, 37, 48), box(36.5, 47.5, 37.5, 48.5)])
    assert snap.occupied.symmetric_difference(expected).area < 1e-9


def test_read_shapefile_needs_its_prj(tmp_path: Path) -> None:
    path = tmp_path / "occupied_20241113.shp"
    _frame().to_file(path)
    assert read_ogr(path).occupied.area > 0
    (tmp_path / "occupied_20241113.prj").unlink()
    with pytest.raises(SourceError, match="no CRS") as info:
        read_ogr(path)
    assert str(path) in str(info.value)


def test_geopackage_with_several_polygon_layers(tmp_path: Path) -> None:
    path = tmp_path / "map_20241113.gpkg"
    _frame().to_file(path, layer="occupied")
    _frame().iloc[:1].to_file(path, layer="liberated")
    with pytest.raises(SourceError, match="several layers"):
        read_ogr(path)
    one = read_ogr(path, layer="liberated")
    assert one.occupied.equals(MultiPolygon([box(36, 47, 37, 48)]).normalize())
    with pytest.raises(SourceError, match="no layer 'nope'"):
        read_ogr(path, layer="nope")


def test_unreadable_binary_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "junk_20240101.fgb"
    path.write_bytes(b"\x00\x01garbage" * 10)
    with pytest.raises(SourceError) as info:
        read_source(path)
    assert str(info.value).startswith(str(path))


def test_find_snapshots(tmp_path: Path) -> None:
    for name in ["b_20240102.geojson", "a_20240101.geojson", "notes.txt", ".hidden.geojson"]:
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert [p.name for p in find_snapshots(tmp_path)] == [
        "a_20240101.geojson",
        "b_20240102.geojson",
    ]
    assert [p.name for p in find_snapshots(str(tmp_path / "b_*.geojson"))] == ["b_20240102.geojson"]
    with pytest.raises(SourceError, match="no snapshot files"):
        find_snapshots(str(tmp_path / "*.kml"))


# --------------------------------------------------------------------------- real data

_DISMISSED = re.compile(r"geoJSON\.status\.dismissed")


def _russia_polygon() -> shapely.Geometry:
    from geo import layers

    gdf = layers.get("countries").read().to_crs(4326)
    column = next(c for c in gdf.columns if c.lower() in ("iso_a3", "adm0_a3"))
    return gdf.loc[gdf[column] == "RUS"].geometry.iloc[0]


def _independent_pocket_km2(
    path: Path, russia: shapely.Geometry, tolerance_km: float, pattern: re.Pattern = _DISMISSED
) -> float:
    """Kursk pocket area computed without geo.sources or geo.measure.

    Classification: a regex on the raw ``properties.name``. Selection: the polygon lies
    within Russia grown by ``tolerance_km`` in ETRS89-LAEA (EPSG:3035), not the projection
    the library uses. Area: geographiclib, summed per polygon (checked not to overlap).
    """
    doc = json.loads(path.read_text(encoding="utf-8"))
    to_laea = Transformer.from_crs(4326, 3035, always_xy=True)

    def laea(g: shapely.Geometry) -> shapely.Geometry:
        return shapely.transform(g, lambda c: np.column_stack(to_laea.transform(c[:, 0], c[:, 1])))

    zone = laea(russia.intersection(box(30, 48, 42, 54))).buffer(tolerance_km * 1000)
    chosen = []
    for feat in doc["features"]:
        geom = feat["geometry"]
        if geom["type"] != "Polygon" or not pattern.search(feat["properties"].get("name", "")):
            continue
        poly = shapely.force_2d(shape(geom))
        if laea(poly).within(zone):
            chosen.append(poly)
    assert chosen
    union = shapely.union_all(chosen)
    assert abs(sum(p.area for p in chosen) - union.area) < 1e-9 * union.area + 1e-12
    return sum(_geodesic_area_km2(p) for p in chosen)


@pytest.mark.parametrize(
    ("name", "date", "low", "high"),
    [
        ("deepstate_raw_1724184993.geojson", dt.date(2024, 8, 20), 500.0, 1400.0),
        ("deepstate_raw_1736977750.geojson", dt.date(2025, 1, 15), 300.0, 900.0),
    ],
)
def test_kursk_pocket_from_raw_maps_matches_independent_area(
    shared_data: Path, name: str, date: dt.date, low: float, high: float
) -> None:
    path = shared_data / "deepstate-raw" / name
    ds = read_deepstate(path)
    assert ds.date == date
    pocket = kursk_pocket(ds)
    from geo.measure import area

    ours = area(pocket).km2
    independent = _independent_pocket_km2(path, _russia_polygon(), tolerance_km=2.0)
    assert ours == pytest.approx(independent, rel=0.005)
    assert low < ours < high
    # the pocket is round Sudzha (51.19 N, 35.27 E), inside Kursk oblast
    assert pocket.distance(Point(35.2706, 51.1914)) < 0.3


def test_raw_map_occupied_matches_next_daily_snapshot(shared_data: Path) -> None:
    """occupied + pre-2022 territories of the 2024-08-20 map = the 2024-08-21 daily file."""
    ds = read_deepstate(shared_data / "deepstate-raw" / "deepstate_raw_1724184993.geojson")
    daily = read_source(shared_data / "deepstate-daily" / "deepstatemap_data_20240821.geojson")
    diff = _geodesic_area_km2(ds.occupied.symmetric_difference(daily.occupied))
    assert diff < 0.0005 * daily.area().km2


def test_daily_snapshot_areas_match_geographiclib(shared_data: Path) -> None:
    files = sorted((shared_data / "deepstate-daily").glob("deepstatemap_data_*.geojson"))
    assert len(files) == 708
    for path in files[:: len(files) // 12]:  # 13 dates spread over the two years
        snap = read_source(path)
        assert snap.kind == "snapshot" and snap.date == date_from_name(path)
        raw = json.loads(path.read_text(encoding="utf-8"))
        independent = sum(
            _geodesic_area_km2(shape(f["geometry"])) for f in raw["features"] if f["geometry"]
        )
        assert snap.area().km2 == pytest.approx(independent, rel=0.001)
        assert 100_000 < independent < 125_000


_UNKNOWN = re.compile(r"geoJSON\.status\.unknown")


def _pyproj_area_km2(poly: shapely.Geometry) -> float:
    """Geodesic area with pyproj.Geod on the raw rings (exterior minus holes), km²."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    total = 0.0
    for k, ring in enumerate([poly.exterior, *poly.interiors]):
        lons, lats = zip(*[(x, y) for x, y, *_ in ring.coords], strict=True)
        a, _ = geod.polygon_area_perimeter(lons, lats)
        total += abs(a) * (1 if k == 0 else -1)
    return total / 1e6


@pytest.mark.parametrize(
    ("name", "grey_low", "grey_high"),
    [
        ("deepstate_raw_1724184993.geojson", 550.0, 650.0),
        ("deepstate_raw_1736977750.geojson", 150.0, 230.0),
    ],
)
def test_kursk_grey_zone_and_held_tiers_match_independent_areas(
    shared_data: Path, name: str, grey_low: float, grey_high: float
) -> None:
    from geo.sources import kursk_tiers

    path = shared_data / "deepstate-raw" / name
    tiers = kursk_tiers(read_deepstate(path))
    assert list(tiers["status"]) == ["liberated", "unknown"]
    assert all("Kursk" in label for label in tiers["label"])
    by = dict(zip(tiers["status"], tiers["area_km2"], strict=True))
    russia = _russia_polygon()
    grey = _independent_pocket_km2(path, russia, 2.0, pattern=_UNKNOWN)
    held = _independent_pocket_km2(path, russia, 2.0)
    assert by["unknown"] == pytest.approx(grey, rel=0.005)
    assert by["liberated"] == pytest.approx(held, rel=0.005)
    assert grey_low < by["unknown"] < grey_high
    # the grey zone and the held area are apart: they do not overlap
    geoms = dict(zip(tiers["status"], tiers.geometry, strict=True))
    assert geoms["unknown"].intersection(geoms["liberated"]).area < 1e-9


def test_whole_map_tiers_are_kept_apart_and_measured(shared_data: Path) -> None:
    path = shared_data / "deepstate-raw" / "deepstate_raw_1724184993.geojson"
    tiers = read_deepstate(path).tiers
    assert list(tiers["status"]) == ["occupied", "liberated", "unknown"]
    assert set(tiers.columns) >= {"status", "label", "fill", "area_km2", "method", "geometry"}
    assert tiers.crs.to_epsg() == 4326 and (tiers["method"] == "geodesic-wgs84").all()
    doc = json.loads(path.read_text(encoding="utf-8"))
    raw = [
        shape(f["geometry"])
        for f in doc["features"]
        if f["geometry"]["type"] == "Polygon" and _UNKNOWN.search(f["properties"].get("name", ""))
    ]
    union = shapely.union_all([shapely.force_2d(p) for p in raw])
    assert abs(sum(shapely.force_2d(p).area for p in raw) - union.area) < 1e-6 * union.area
    independent = sum(_pyproj_area_km2(p) for p in raw)  # pyproj.Geod on the raw 3-D rings
    grey = tiers.loc[tiers["status"] == "unknown", "area_km2"].item()
    assert grey == pytest.approx(independent, rel=0.005)
    assert tiers.loc[tiers["status"] == "unknown", "features"].item() == len(raw) == 17
