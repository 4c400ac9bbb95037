"""Tests for geo.layers, the catalog and the bundled layers' own facts (Tumen, places)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import tomllib
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import Point, shape

from geo import layers
from geo.cli import main
from geo.errors import LayerError

ROOT = Path(__file__).resolve().parent.parent / "layers"
CATALOG = tomllib.loads((ROOT / "catalog.toml").read_text(encoding="utf-8"))
ENTRIES = CATALOG["layer"]
GEOD = Geod(ellps="WGS84")

# Bank markers and the bridge (FACTS.md), lon/lat.
MARKER_423 = (130.639275, 42.419787)
MARKER_KOREAN = (130.635139, 42.416528)
BRIDGE = (130.641056, 42.415167)


def _geojson(name: str) -> dict:
    return json.loads((ROOT / name).read_text(encoding="utf-8"))


def _coords(c: object) -> list[tuple[float, float]]:
    if isinstance(c[0], (int, float)):  # type: ignore[index]
        return [(float(c[0]), float(c[1]))]  # type: ignore[index]
    out: list[tuple[float, float]] = []
    for part in c:  # type: ignore[attr-defined]
        out.extend(_coords(part))
    return out


def _metres(p: tuple[float, float], q: tuple[float, float]) -> float:
    return float(GEOD.inv(p[0], p[1], q[0], q[1])[2])


def _distance_to_m(p: tuple[float, float], geom: shapely.Geometry) -> float:
    """Geodesic-accurate distance (m) from p to geom, in an equidistant projection at p."""
    tr = Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={p[1]} +lon_0={p[0]} +datum=WGS84", always_xy=True
    )
    local = shapely.transform(geom, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))
    return float(shapely.distance(Point(0, 0), local))


@pytest.fixture(scope="module")
def countries() -> dict[str, shapely.Geometry]:
    doc = _geojson("countries.geojson")
    return {f["properties"]["iso_a3"]: shape(f["geometry"]) for f in doc["features"]}


@pytest.fixture(scope="module")
def tumen() -> list[dict]:
    return _geojson("tumen.geojson")["features"]


# ----------------------------------------------------------------------------- catalog


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_catalog_entry_matches_its_file(entry: dict) -> None:
    path = ROOT / entry["file"]
    assert path.is_file(), f"{entry['id']}: file {entry['file']} missing"
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"], "checksum"
    doc = json.loads(data.decode("utf-8"))
    assert doc["type"] == "FeatureCollection"
    features = doc["features"]
    assert len(features) == entry["feature_count"], "feature count"
    types = sorted({f["geometry"]["type"] for f in features})
    declared = entry["geometry_type"]
    declared = sorted([declared] if isinstance(declared, str) else declared)
    assert types == declared, "geometry type"
    xy = np.array([c for f in features for c in _coords(f["geometry"]["coordinates"])])
    bbox = [xy[:, 0].min(), xy[:, 1].min(), xy[:, 0].max(), xy[:, 1].max()]
    assert np.allclose(bbox, entry["bbox"], atol=1e-6), "bbox"
    # metadata a reader needs to trust the layer
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(entry["as_of"])), "as_of format"
    dt.date.fromisoformat(str(entry["as_of"]))
    assert entry["sources"], "sources"
    for src in entry["sources"]:
        assert src["name"].strip() and src["took"].strip(), "each source names what was taken"
    assert entry["license"].strip(), "license"
    assert entry["accuracy"]["km"] > 0 and entry["accuracy"]["how"].strip(), "accuracy"
    assert entry["title"].strip() and entry["kind"].strip()
    assert isinstance(entry.get("style", {}), dict) and entry.get("style"), "default style"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_catalog_checks_are_known_rules(entry: dict) -> None:
    from geo.checks import CHECK_KEYS

    assert set(entry.get("checks", {})) <= set(CHECK_KEYS)


def test_catalog_lists_the_contract_layers() -> None:
    ids = {e["id"] for e in ENTRIES}
    assert {"countries", "tumen", "places"} <= ids
    assert len(ids) == len(ENTRIES), "duplicate ids"


def test_geo_layers_loads_every_entry_and_files_verify() -> None:
    cat = layers.catalog()
    assert [layer.id for layer in cat.values()] == [e["id"] for e in ENTRIES]
    for layer in cat.values():
        assert layers.verify(layer) == [], layer.id
        assert layer.path.is_file()
        assert layer.as_of_date.isoformat() == layer.as_of


def test_countries_records_the_tumen_correction() -> None:
    layer = layers.get("countries")
    assert layer.corrections and "Tumen" in layer.corrections[0]["what"]
    assert layer.license.lower().startswith("public domain")


# ----------------------------------------------------------------------------- lookup


@pytest.mark.parametrize(
    "query", ["tumen", "TUMEN", " Tumen ", "Front Line 2024.11.13", "kursk_pocket_2024_08_20"]
)
def test_get_forgives_case_and_punctuation(query: str) -> None:
    from conftest import require

    ids = {e["id"] for e in ENTRIES}
    require(layers.normalise_id(query) in ids, f"layer {query!r} not in the catalog yet")
    assert layers.get(query).id == layers.normalise_id(query)


def test_get_miss_suggests_close_matches() -> None:
    with pytest.raises(LayerError, match=r"unknown layer 'tumn'; did you mean: tumen\?"):
        layers.get("tumn")
    with pytest.raises(LookupError, match="places"):
        layers.get("place")


def test_get_miss_without_close_match_lists_layers() -> None:
    with pytest.raises(LayerError, match="known layers: countries"):
        layers.get("zzzz")


def test_resolve_path_and_data_root() -> None:
    assert layers.resolve_path("Places") == ROOT.resolve() / "places.geojson"
    assert (layers.data_root() / layers.CATALOG_FILE).is_file()


def test_read_returns_geodataframe_in_4326() -> None:
    gdf = layers.get("places").read()
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == layers.get("places").feature_count


# ----------------------------------------------------------------------------- verification


@pytest.fixture()
def tmp_root(tmp_path: Path) -> Path:
    root = tmp_path / "layers"
    root.mkdir()
    for name in ("catalog.toml", "tumen.geojson", "places.geojson", "countries.geojson"):
        shutil.copy(ROOT / name, root / name)
    return root


def test_verify_detects_a_changed_file(tmp_root: Path) -> None:
    path = tmp_root / "tumen.geojson"
    path.write_bytes(path.read_bytes().replace(b"Khasan", b"Xhasan", 1))
    layer = layers.load_catalog(tmp_root)["tumen"]
    problems = layers.verify(layer)
    assert problems and "checksum" in problems[0]
    with pytest.raises(LayerError, match="checksum"):
        layer.read()


def test_verify_detects_missing_feature_and_file(tmp_root: Path) -> None:
    path = tmp_root / "places.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"] = doc["features"][:-1]
    path.write_text(json.dumps(doc), encoding="utf-8")
    problems = layers.verify(layers.load_catalog(tmp_root)["places"])
    assert any("features, catalog says" in p for p in problems)
    (tmp_root / "countries.geojson").unlink()
    problems = layers.verify(layers.load_catalog(tmp_root)["countries"])
    assert problems == [f"layer file missing: {tmp_root / 'countries.geojson'}"]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('as_of = "2024-11-13"', 'as_of = "13/11/2024"', 1), "ISO date"),
        (lambda t: t.replace('id = "tumen"', 'id = "countries"', 1), "duplicate id"),
        (lambda t: t.replace('license = "CC0 (authored); ', 'licence = "', 1), "license"),
        (lambda t: t + "\n[[layer\n", "cannot read the catalog"),
    ],
)
def test_bad_catalog_raises_layer_error(tmp_root: Path, edit: object, message: str) -> None:
    path = tmp_root / "catalog.toml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    with pytest.raises(LayerError, match=message):
        layers.load_catalog(tmp_root)


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        ("weight = 0.8", "weight = 25", "layer[0].style.weight", "25 is out of range [0, 20]"),
        (
            'color = "#9e9e9e"',
            'color = "grey"',
            "layer[0].style.color",
            "expected a colour like '#8b0000', got 'grey'",
        ),
        ("weight = 0.8", 'weight = "0.8"', "layer[0].style.weight", "expected a number, got '0.8'"),
        (
            "weight = 0.8",
            "colour = 0.8",
            "layer[0].style.colour",
            "unknown key; did you mean 'color'?",
        ),
        (
            "radius = 7",
            "radius = -1",
            "layer[1].style.by_kind.tripoint.radius",
            "-1 is out of range [0, 50]",
        ),
        (
            'dash_array = ""',
            'dash_array = "6 x"',
            "layer[3].style.dash_array",
            "expected numbers like '6 4', got '6 x'",
        ),
    ],
)
def test_bad_catalog_style_is_a_one_line_error(
    tmp_root: Path, old: str, new: str, key: str, message: str
) -> None:
    path = tmp_root / "catalog.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(LayerError) as info:
        layers.load_catalog(tmp_root)
    msg = str(info.value)
    assert msg == f"{path}: {key}: {message}"
    assert info.value.key == key and "\n" not in msg


def test_catalog_style_is_kept_as_written_and_gives_recipe_defaults() -> None:
    from geo.styles import catalog_defaults

    for entry in ENTRIES:
        layer = layers.get(entry["id"])
        assert layer.style == entry.get("style", {})  # ``layers --json`` shows it unchanged
    tumen = layers.get("tumen").style
    assert tumen["by_kind"]["tripoint"]["radius"] == 7
    assert catalog_defaults(tumen) == {
        "stroke": "#6a1b9a",
        "weight": 2.5,
        "opacity": 1.0,
        "radius": 4.0,
        "fill": "#6a1b9a",
        "fill_opacity": 0.9,
    }
    # An empty dash_array is a solid line: no dash value at all.
    assert "dash" not in catalog_defaults(layers.get("front-line-2024-11-13").style)


# ----------------------------------------------------------------------------- CLI


def test_cli_layers_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["layers", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    by_id = {d["id"]: d for d in doc["layers"]}
    assert by_id["countries"]["verified"] is True
    assert by_id["tumen"]["geometry_type"] == ["LineString", "Point"]
    assert by_id["places"]["accuracy"]["km"] == 1.0


def test_cli_layers_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["layers"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["id", "kind", "as_of"]
    assert re.search(r"^tumen\s+reference\s+2024-11-13\s+13\s+0.5 km\s+ok", out, re.M)


# ----------------------------------------------------------------------------- countries


def test_countries_cover_the_story(countries: dict[str, shapely.Geometry]) -> None:
    wanted = "UKR RUS BLR CHN PRK KOR JPN MNG POL LTU LVA EST MDA ROU FIN KAZ GEO TUR SVK HUN"
    assert set(wanted.split()) <= set(countries)


def test_countries_are_a_valid_coverage(countries: dict[str, shapely.Geometry]) -> None:
    geoms = np.array(list(countries.values()), dtype=object)
    assert shapely.is_valid(geoms).all()
    assert shapely.coverage_is_valid(geoms)


def test_tumen_correction_puts_places_in_the_right_country(
    countries: dict[str, shapely.Geometry],
) -> None:
    assert countries["CHN"].contains(Point(130.588286, 42.437006))  # Fangchuan
    assert countries["RUS"].contains(Point(130.644917, 42.430056))  # Khasan station
    assert countries["RUS"].contains(Point(130.608056, 42.448611))  # Lake Khasan
    assert countries["PRK"].contains(Point(130.60255, 42.42168))  # Tumangang
    # Natural Earth's old tripoint is now a river vertex between China and North Korea
    old = Point(130.530771, 42.53048)
    assert countries["CHN"].touches(old) and countries["PRK"].touches(old)
    assert not countries["RUS"].intersects(old.buffer(0.005))


# ----------------------------------------------------------------------------- tumen


def _tumen_feature(features: list[dict], **props: str) -> dict:
    hits = [f for f in features if all(f["properties"].get(k) == v for k, v in props.items())]
    assert len(hits) == 1, props
    return hits[0]


def test_tripoint_on_all_three_boundaries_within_50_m(
    tumen: list[dict], countries: dict[str, shapely.Geometry]
) -> None:
    tri = tuple(_tumen_feature(tumen, kind="tripoint")["geometry"]["coordinates"])
    for iso in ("CHN", "RUS", "PRK"):
        assert _distance_to_m(tri, countries[iso].boundary) <= 50.0, iso


def test_tripoint_within_300_m_of_bank_marker_midpoint(tumen: list[dict]) -> None:
    tri = tuple(_tumen_feature(tumen, kind="tripoint")["geometry"]["coordinates"])
    mid = ((MARKER_423[0] + MARKER_KOREAN[0]) / 2, (MARKER_423[1] + MARKER_KOREAN[1]) / 2)
    assert _metres(tri, mid) <= 300.0
    # ~500 m upstream of the Friendship Bridge (FACTS.md)
    assert 300.0 <= _metres(tri, BRIDGE) <= 700.0


def test_russia_north_korea_river_border_is_15_to_20_km(tumen: list[dict]) -> None:
    line = shape(_tumen_feature(tumen, kind="border", name=_RUS_PRK)["geometry"])
    km = GEOD.geometry_length(line) / 1000
    assert 15.0 <= km <= 20.0, km
    # it runs from the tripoint to the sea, ending within 1 km of the river mouth
    tri = tuple(_tumen_feature(tumen, kind="tripoint")["geometry"]["coordinates"])
    assert line.coords[0] == tri
    assert _metres(line.coords[-1], (130.69889, 42.29278)) < 1000.0


_RUS_PRK = "Russia–North Korea border (Tumen, tripoint to the sea)"


@pytest.mark.parametrize(
    ("name", "pair"),
    [
        (_RUS_PRK, ("RUS", "PRK")),
        ("China–North Korea border (Tumen, near the tripoint)", ("CHN", "PRK")),
        ("China–Russia border (near the tripoint)", ("CHN", "RUS")),
    ],
)
def test_tumen_lines_share_the_basemaps_vertices(
    tumen: list[dict], countries: dict[str, shapely.Geometry], name: str, pair: tuple[str, str]
) -> None:
    coords = _tumen_feature(tumen, name=name)["geometry"]["coordinates"]
    for iso in pair:
        vertices = {tuple(c) for c in shapely.get_coordinates(countries[iso]).tolist()}
        missing = [c for c in coords if tuple(c) not in vertices]
        assert not missing, f"{iso} lacks {missing}"


def test_tumen_points_have_kind_name_source(tumen: list[dict]) -> None:
    names = {f["properties"]["name"] for f in tumen}
    for wanted in ("Friendship Bridge", "Khasan", "Tumangang", "Fangchuan", "Tumen river mouth"):
        assert wanted in names
    for f in tumen:
        assert all(f["properties"].get(k) for k in ("kind", "name", "source"))


# ----------------------------------------------------------------------------- places


@pytest.fixture(scope="module")
def places() -> list[dict]:
    return _geojson("places.geojson")["features"]


def test_places_include_the_story_places(places: list[dict]) -> None:
    names = {f["properties"]["name"] for f in places}
    story = (
        "Kyiv Moscow Kharkiv Kursk Sudzha Kupiansk Pokrovsk Zaporizhzhia Kherson Pyongyang "
        "Vladivostok Beijing Rason Khasan"
    )
    assert set(story.split()) <= names


def test_places_lie_in_their_country(
    places: list[dict], countries: dict[str, shapely.Geometry]
) -> None:
    for f in places:
        p = tuple(f["geometry"]["coordinates"])
        iso = f["properties"]["country"]
        # 2 km: coastal towns against Natural Earth's generalised coast
        assert _distance_to_m(p, countries[iso]) <= 2000.0, f["properties"]["name"]


def test_places_sorted_by_rank(places: list[dict]) -> None:
    keys = [(f["properties"]["rank"], f["properties"]["name"]) for f in places]
    assert keys == sorted(keys)


def test_places_status_agrees_with_the_occupied_area(places: list[dict]) -> None:
    ids = {e["id"] for e in ENTRIES}
    from conftest import require

    require("occupied-2024-11-13" in ids, "occupied-2024-11-13 layer not built yet")
    occupied = shapely.union_all(layers.get("occupied-2024-11-13").read().geometry.values)
    front = shapely.union_all(layers.get("front-line-2024-11-13").read().geometry.values)
    wrong = []
    for f in places:
        props, p = f["properties"], tuple(f["geometry"]["coordinates"])
        if props["country"] != "UKR" or props["held_by"] is None:
            continue
        if props["held_by"] == "contested":
            if _distance_to_m(p, front) > 10_000:
                wrong.append((props["name"], "contested but > 10 km from the front"))
        elif props["held_by"] == "UKR" and occupied.contains(Point(p)):
            wrong.append((props["name"], "Ukrainian-held but inside the occupied area"))
        # 2 km: Sevastopol and the Kinburn spit sit on Natural Earth's generalised coast
        elif props["held_by"] == "RUS" and _distance_to_m(p, occupied) > 2000:
            wrong.append((props["name"], "Russian-held but outside the occupied area"))
    assert not wrong
