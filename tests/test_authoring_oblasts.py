"""Tests for geo.authoring.oblasts and geo.authoring.gazetteer: the bundled oblast polygons
and GeoNames gazetteer, their names, coverage and density near the front."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from geo import layers
from geo.authoring.gazetteer import RUSSIA_BOX
from geo.authoring.oblasts import OBLASTS
from geo.measure import area

LAYERS = Path(__file__).resolve().parent.parent / "layers"


def _features(name: str) -> list[dict]:
    return json.loads((LAYERS / name).read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def oblasts() -> list[dict]:
    return _features("oblasts-ukr.geojson")


@pytest.fixture(scope="module")
def gazetteer() -> list[dict]:
    return _features("gazetteer-ua.geojson")


def test_every_region_once_with_english_name_and_iso_code(oblasts):
    props = [f["properties"] for f in oblasts]
    assert len(props) == 27
    assert sorted(p["iso_3166_2"] for p in props) == sorted(v[1] for v in OBLASTS.values())
    names = {p["name"] for p in props}
    for modern in (
        "Zaporizhzhia",
        "Donetsk",
        "Luhansk",
        "Kyiv",
        "Kyiv (city)",
        "Odesa",
        "Kherson",
        "Crimea",
        "Sevastopol",
        "Khmelnytskyi",
        "Zakarpattia",
    ):
        assert modern in names
    assert {p["name_ne"] for p in props} >= {"Zaporizhzhya", "Donets'k", "Kiev City"}
    assert [p["name"] for p in props] == sorted(names)


def test_regions_tile_ukraine(oblasts):
    geoms = [shape(f["geometry"]) for f in oblasts]
    assert all(g.is_valid for g in geoms)
    total = area(geoms).km2
    assert total == pytest.approx(603_500, rel=0.01)  # Ukraine, Crimea included
    union = shapely.union_all(geoms)
    # An older Natural Earth edge than the basemap's: they differ by slivers only.
    assert area(union.symmetric_difference(layers.country("UKR"))).km2 < 0.01 * total
    # Overlaps between neighbours are slivers only.
    assert area(union).km2 == pytest.approx(total, rel=1e-3)


def test_places_land_in_their_oblast(oblasts):
    by_name = {f["properties"]["name"]: shape(f["geometry"]) for f in oblasts}
    places = layers.get("places").read()
    for town, oblast in [
        ("Pokrovsk", "Donetsk"),
        ("Kupiansk", "Kharkiv"),
        ("Robotyne", "Zaporizhzhia"),
        ("Kherson", "Kherson"),
    ]:
        geom = places.loc[places["name"] == town, "geometry"].iloc[0]
        nearest = min(by_name, key=lambda n: by_name[n].distance(geom))
        # Inside, or (Kherson, on the Dnipro bank) within the layer's 1 km accuracy.
        assert nearest == oblast and by_name[oblast].distance(geom) < 0.009, town


def test_gazetteer_covers_ukraine_and_western_russia(gazetteer):
    countries = [f["properties"]["country"] for f in gazetteer]
    assert countries.count("UKR") > 5000 and countries.count("RUS") > 500
    ids = [f["properties"]["geonames_id"] for f in gazetteer]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    w, s, e, n = RUSSIA_BOX
    for f in gazetteer:
        if f["properties"]["country"] == "RUS":
            x, y = f["geometry"]["coordinates"]
            assert w <= x <= e and s <= y <= n


def test_gazetteer_density_near_the_front(gazetteer):
    """The figures the catalog and the report state: ~249 places in the Donetsk box."""
    xy = np.array([f["geometry"]["coordinates"] for f in gazetteer])
    inside = (xy[:, 0] >= 37.0) & (xy[:, 0] <= 38.5) & (xy[:, 1] >= 47.6) & (xy[:, 1] <= 48.8)
    assert 230 <= int(inside.sum()) <= 270
    names = {f["properties"]["name"] for f in gazetteer}
    assert {"Pokrovsk", "Bilohorivka", "Vuhledar", "Sudzha"} <= names


def test_catalog_entries_state_licence_and_source():
    for lid, licence in (("oblasts-ukr", "Public domain"), ("gazetteer-ua", "CC BY 4.0")):
        layer = layers.get(lid)
        assert licence in layer.license
        assert layer.attribution
    assert "GeoNames" in layers.get("gazetteer-ua").attribution


def test_russian_regions_near_ukraine_and_the_tumen():
    from geo.authoring.oblasts import RUSSIAN_REGIONS

    feats = _features("oblasts-rus.geojson")
    props = [f["properties"] for f in feats]
    assert sorted(p["iso_3166_2"] for p in props) == sorted(v[1] for v in RUSSIAN_REGIONS.values())
    names = {p["name"] for p in props}
    assert names >= {"Belgorod", "Kursk", "Bryansk", "Voronezh", "Rostov", "Primorsky"}
    assert {p["name_ne"] for p in props} >= {"Orel", "Primor'ye"}
    geoms = {p["name"]: shape(f["geometry"]) for p, f in zip(props, feats, strict=True)}
    assert all(g.is_valid for g in geoms.values())
    # Recognised borders: nothing of Ukraine (Crimea included) is in a Russian region.
    ukraine = layers.country("UKR")
    cut = [g.intersection(ukraine) for g in geoms.values()]
    cut = [g for g in cut if not g.is_empty and g.area > 0]
    inside = area(cut).km2 if cut else 0.0
    assert inside < 0.001 * area(list(geoms.values())).km2
    # Each region is where it should be: Kursk holds Kursk and Sudzha, Primorsky the Tumen.
    places = layers.get("places").read().set_index("name").geometry
    for town, region in [
        ("Kursk", "Kursk"),
        ("Sudzha", "Kursk"),
        ("Belgorod", "Belgorod"),
        ("Vladivostok", "Primorsky"),
        ("Khasan", "Primorsky"),
    ]:
        assert geoms[region].buffer(0.02).contains(places[town]), (town, region)
    # Neighbours share edges (the lines the basemap draws between them).
    assert geoms["Kursk"].buffer(0.01).intersection(geoms["Belgorod"]).length > 0
    assert area([geoms["Kursk"]]).km2 == pytest.approx(30_000, rel=0.05)
