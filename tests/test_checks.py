"""geo.checks: every problem has a code, a feature and a reason; nothing is fixed silently."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from types import SimpleNamespace

import geopandas as gpd
import numpy as np
import pytest
import shapely

import geo.layers
from geo.checks import Problem, check_feature, check_file, check_layer, has_errors, repair
from geo.errors import GeoError, LayerError, SourceError

BAD = Path(__file__).resolve().parent / "data" / "bad"
MANIFEST = tomllib.loads((BAD / "MANIFEST.toml").read_text(encoding="utf-8"))["files"]

SQUARE = [[36.2, 49.9], [36.4, 49.9], [36.4, 50.1], [36.2, 50.1], [36.2, 49.9]]  # ccw
HOLE_CW = [[36.25, 49.95], [36.25, 50.0], [36.3, 50.0], [36.3, 49.95], [36.25, 49.95]]


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


# --------------------------------------------------------------------------- the corpus


@pytest.mark.parametrize("name", sorted(n for n, e in MANIFEST.items() if e["check"]["exit"] == 1))
def test_corpus_readable_files_give_exactly_one_error(name: str) -> None:
    problems = check_file(BAD / name)
    assert len(problems) == 1, problems
    (p,) = problems
    assert p.severity == "error"
    assert MANIFEST[name]["check"]["message"].lower() in str(p).lower()
    assert "\n" not in p.message


@pytest.mark.parametrize("name", sorted(n for n, e in MANIFEST.items() if e["check"]["exit"] == 2))
def test_corpus_unusable_files_raise(name: str) -> None:
    with pytest.raises(GeoError) as info:
        check_file(BAD / name)
    assert str(info.value).startswith(str(BAD / name))
    assert MANIFEST[name]["check"]["message"].lower() in str(info.value).lower()


# --------------------------------------------------------------------------- per feature


def test_clean_geometries_have_no_problems() -> None:
    assert check_feature({"type": "Point", "coordinates": [30.5, 50.4]}, 0) == []
    assert check_feature({"type": "LineString", "coordinates": SQUARE[:3]}, 0) == []
    assert check_feature({"type": "Polygon", "coordinates": [SQUARE, HOLE_CW]}, 0) == []
    assert check_feature(shapely.Polygon(SQUARE, [HOLE_CW]), 0) == []


def test_feature_mapping_and_index_are_used() -> None:
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "Point",
               "coordinates": [30.5, 95.0]}}  # fmt: skip
    (p,) = check_feature(feature, "kyiv")
    assert p.feature == "kyiv"
    assert p.code == "lat-lon-swapped"
    assert str(p).startswith("feature kyiv: error: lat-lon-swapped: ")
    assert p.to_dict() == {
        "code": "lat-lon-swapped",
        "feature": "kyiv",
        "message": p.message,
        "severity": "error",
    }


def test_null_geometry_is_a_note() -> None:
    # RFC 7946 3.2: an unlocated Feature has a null geometry; legal, so only a note.
    (p,) = check_feature(None, 4)
    assert (p.code, p.severity, p.feature) == ("null-geometry", "info", 4)
    assert not has_errors([p])


def test_ring_orientation_is_an_error_for_shells_and_holes() -> None:
    # RFC 7946 3.1.6: MUST follow the right-hand rule (docs/check.md says why it fails check).
    clockwise = {"type": "Polygon", "coordinates": [SQUARE[::-1]]}
    (p,) = check_feature(clockwise, 0)
    assert (p.code, p.severity) == ("ring-orientation", "error")
    assert "RFC 7946 3.1.6" in p.message
    hole_ccw = {"type": "Polygon", "coordinates": [SQUARE, HOLE_CW[::-1]]}
    assert codes(check_feature(hole_ccw, 0)) == ["ring-orientation"]


def test_out_of_range_latitude_with_large_longitude_is_not_called_a_swap() -> None:
    (p,) = check_feature({"type": "Point", "coordinates": [120.0, 95.0]}, 0)
    assert p.code == "out-of-range"


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
def test_shapely_input() -> None:
    bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    assert codes(check_feature(bowtie, 0)) == ["self-intersection"]
    assert codes(check_feature(shapely.LineString([(30, 50, 1), (31, 50, 2)]), 0)) == ["altitude"]
    assert codes(check_feature(shapely.Polygon(), 0)) == ["empty-geometry"]
    assert codes(check_feature(shapely.LineString([(30, 50), (np.nan, 50)]), 0)) == ["non-finite"]


def test_crossing_line_is_a_warning() -> None:
    line = {"type": "LineString", "coordinates": [[0, 0], [2, 2], [2, 0], [0, 2]]}
    (p,) = check_feature(line, 0)
    assert (p.code, p.severity) == ("self-intersection", "warning")


def test_duplicates_are_counted_and_located() -> None:
    line = {"type": "LineString", "coordinates": [[0, 0], [0, 0], [1, 1], [2, 2], [2, 2]]}
    (p,) = check_feature(line, 0)
    assert (p.code, p.severity) == ("duplicate-vertex", "warning")  # legal GeoJSON
    assert "2 repeated" in p.message and "position 1" in p.message


def test_multipolygon_roles_are_tracked_per_polygon() -> None:
    # Second polygon's shell is clockwise; its hole is clockwise (fine as a hole).
    shifted = [[x + 1, y] for x, y in SQUARE]
    hole = [[x + 1, y] for x, y in HOLE_CW]
    mp = {"type": "MultiPolygon", "coordinates": [[SQUARE], [shifted[::-1], hole]]}
    assert codes(check_feature(mp, 0)) == ["ring-orientation"]
    mp_ok = {"type": "MultiPolygon", "coordinates": [[SQUARE], [shifted, hole]]}
    assert check_feature(mp_ok, 0) == []


def test_geometry_collection_is_checked_member_by_member() -> None:
    gc = {
        "type": "GeometryCollection",
        "geometries": [
            {"type": "Point", "coordinates": [30, 50]},
            {"type": "Polygon", "coordinates": [SQUARE[:-1]]},
        ],
    }
    assert codes(check_feature(gc, 0)) == ["unclosed-ring"]


def test_malformed_mapping_raises() -> None:
    with pytest.raises(SourceError, match="unknown GeoJSON type"):
        check_feature({"type": "Circle", "coordinates": [0, 0]}, 0)


def test_large_line_is_checked_vectorised() -> None:
    n = 300_000
    lon = np.round(np.linspace(22.0, 40.0, n), 6)  # 6 decimals: no precision warning
    line = {"type": "LineString", "coordinates": np.column_stack([lon, 48 + 0 * lon]).tolist()}
    assert check_feature(line, 0) == []


# --------------------------------------------------------------------------- repair


def test_repair_is_explicit_and_makes_valid() -> None:
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    fixed = repair(bowtie)
    assert fixed.is_valid and fixed.geom_type == "MultiPolygon"
    assert fixed.area == pytest.approx(0.5)
    assert check_feature(fixed, 0) == [] or codes(check_feature(fixed, 0)) == ["ring-orientation"]
    # check_file never repairs: the file still reports the bow-tie.
    assert codes(check_file(BAD / "bowtie.geojson")) == ["self-intersection"]


# --------------------------------------------------------------------------- per file


def test_foreign_crs_coordinates_are_checked_after_transforming(tmp_path: Path) -> None:
    doc = json.loads((BAD / "foreign-crs.geojson").read_text())
    # Metres would be "out of range" as degrees; transformed they are fine.
    assert codes(check_file(BAD / "foreign-crs.geojson")) == ["foreign-crs"]
    doc["features"][0]["geometry"]["coordinates"][1] = [3454282.6, 6548987.2e3]
    path = tmp_path / "far.geojson"
    path.write_text(json.dumps(doc))
    assert "foreign-crs" in codes(check_file(path))


def test_geopackage_is_checked_as_shapely(tmp_path: Path) -> None:
    gdf = gpd.GeoDataFrame(
        geometry=[shapely.Point(30, 50), shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])],
        crs=4326,
    )
    path = tmp_path / "x.gpkg"
    gdf.to_file(path)
    (p,) = check_file(path)
    assert (p.code, p.feature) == ("self-intersection", 1)


# --------------------------------------------------------------------------- per layer


def test_bundled_layers_have_no_errors() -> None:
    for layer_id in geo.layers.catalog():
        problems = check_layer(layer_id)
        assert not has_errors(problems), (layer_id, [str(p) for p in problems])


def test_unknown_layer_id() -> None:
    with pytest.raises(LayerError, match="unknown layer"):
        check_layer("no-such-layer")


WORLD = gpd.GeoDataFrame(
    {"iso_a3": ["AAA", "BBB", "CCC"], "name": ["A", "B", "C"]},
    geometry=[shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), shapely.box(0, 1, 2, 2)],
    crs=4326,
)


@pytest.fixture
def fake_layer(tmp_path: Path, monkeypatch):
    """Install a fake catalog layer over a file; return a function (features, **entry)."""
    world = SimpleNamespace(id="countries", read=lambda: WORLD)

    def make(features: list[dict], **entry):
        path = tmp_path / "fake.geojson"
        path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
        layer = SimpleNamespace(
            id="fake",
            path=path,
            checks=entry.pop("checks", {}),
            geometry_type=entry.pop("geometry_type", None),
            feature_count=entry.pop("feature_count", None),
            bbox=entry.pop("bbox", None),
        )
        monkeypatch.setattr(geo.layers, "get", lambda i: world if i == "countries" else layer)
        return check_layer("fake")

    return make


def feat(geom_type: str, coords: object, **props: object) -> dict:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": geom_type, "coordinates": coords},
    }


def test_declared_type_count_and_properties(fake_layer) -> None:
    features = [feat("Point", [0.5, 0.5], name="a"), feat("LineString", [[0, 0], [1, 1]])]
    problems = fake_layer(
        features,
        geometry_type="Point",
        feature_count=3,
        checks={"required_properties": ["name"]},
    )
    assert sorted(codes(problems)) == ["feature-count", "geometry-type", "missing-property"]
    by_code = {p.code: p for p in problems}
    assert by_code["geometry-type"].feature == 1
    assert by_code["missing-property"].feature == 1
    assert "'name'" in by_code["missing-property"].message
    assert fake_layer(features, geometry_type=["LineString", "Point"], feature_count=2) == []


def test_bbox_swap_heuristic_and_outside(fake_layer) -> None:
    # A Ukrainian point written [lat, lon]: both values in range, so only the layer's bbox
    # reveals the swap.
    bbox = [22.0, 44.0, 40.5, 52.5]
    problems = fake_layer([feat("Point", [50.45, 30.52])], bbox=bbox)
    assert codes(problems) == ["lat-lon-swapped"]
    assert codes(fake_layer([feat("Point", [10.0, 10.0])], bbox=bbox)) == ["outside-bbox"]
    assert fake_layer([feat("Point", [30.52, 50.45])], bbox=bbox) == []


def test_unknown_check_key_is_reported(fake_layer) -> None:
    problems = fake_layer([feat("Point", [0.5, 0.5])], checks={"whithin": "AAA"})
    assert codes(problems) == ["unknown-check"]
    assert "whithin" in problems[0].message


def test_within_with_tolerance(fake_layer) -> None:
    inside = feat("LineString", [[0.2, 0.2], [0.8, 0.8]])
    assert fake_layer([inside], checks={"within": "AAA"}) == []
    # 0.01 degrees (about 1.1 km) over the eastern edge.
    poking = feat("LineString", [[0.2, 0.5], [1.01, 0.5]])
    (p,) = fake_layer([poking], checks={"within": "AAA", "within_tolerance_m": 500})
    assert p.code == "not-within"
    assert "1.11" in p.message  # km, printed to the metre
    assert fake_layer([poking], checks={"within": "AAA", "within_tolerance_m": 2000}) == []


def test_ends_near_border(fake_layer) -> None:
    rules = {"ends_near_border_km": 5, "border_country": "AAA"}
    good = feat("LineString", [[0.5, 0.02], [0.5, 0.5], [0.98, 0.5]])
    assert fake_layer([good], checks=rules) == []
    bad = feat("LineString", [[0.5, 0.5], [0.98, 0.5]])
    (p,) = fake_layer([bad], checks=rules)
    assert p.code == "end-not-near-border"
    assert "(0.5, 0.5)" in p.message and "55." in p.message


def test_on_boundaries(fake_layer) -> None:
    rules = {"on_boundaries": ["AAA", "BBB", "CCC"], "tolerance_m": 50}
    assert fake_layer([feat("Point", [1.0, 1.0])], checks=rules) == []
    problems = fake_layer([feat("Point", [1.001, 1.0])], checks=rules)
    assert codes(problems) == ["not-on-boundary"]
    assert "AAA" in problems[0].message and "111 m" in problems[0].message


def test_on_boundaries_kind_selects_the_features_checked(fake_layer) -> None:
    rules = {"on_boundaries": ["AAA", "BBB", "CCC"], "on_boundaries_kind": "tripoint"}
    town = feat("Point", [0.2, 0.3], kind="town")
    assert fake_layer([feat("Point", [1.0, 1.0], kind="tripoint"), town], checks=rules) == []
    moved = fake_layer([feat("Point", [1.001, 1.0], kind="tripoint"), town], checks=rules)
    assert codes(moved) == ["not-on-boundary"] and moved[0].feature == 0
    missing = fake_layer([town], checks=rules)
    assert codes(missing) == ["not-on-boundary"] and "kind = 'tripoint'" in missing[0].message


def test_rule_naming_an_unknown_country(fake_layer) -> None:
    with pytest.raises(LayerError, match="'XXX'"):
        fake_layer([feat("Point", [0.5, 0.5])], checks={"within": "XXX"})
