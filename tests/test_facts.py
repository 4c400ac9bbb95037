"""Tests for geo.facts and ``frontline facts``."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pyproj import Geod

from geo import facts, layers
from geo.cli import main
from geo.errors import LayerError
from geo.facts.ukraine import enclave_front
from geo.measure import length

LAYERS = Path(__file__).resolve().parent.parent / "layers"
NEEDED = [
    "front-line-2024-11-13",
    "occupied-2024-11-13",
    "kursk-pocket-2024-08-20",
    "kursk-pocket-2024-11-13",
]
M_PER_MI = 1609.344


def _require_layers() -> None:
    from conftest import require

    ids = set(layers.catalog())
    missing = [i for i in NEEDED if i not in ids]
    require(not missing, f"layers not built yet: {', '.join(missing)}")


@pytest.fixture(scope="module")
def sheet() -> dict[str, Any]:
    _require_layers()
    return facts.fact_sheet()


def _figures(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every dict holding a figure (km or km2) anywhere in the sheet."""
    out = []
    if isinstance(node, dict):
        if ("km" in node or "km2" in node) and "method" in node:
            out.append((path, node))
        for k, v in node.items():
            out.extend(_figures(v, f"{path}.{k}"))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.extend(_figures(v, f"{path}[{i}]"))
    return out


def test_every_figure_states_method_and_as_of(sheet: dict[str, Any]) -> None:
    figs = _figures(sheet)
    assert len(figs) >= 10
    for where, fig in figs:
        assert fig["method"] == "geodesic-wgs84", where
        if "as_of" in fig:
            for part in str(fig["as_of"]).split(".."):
                dt.date.fromisoformat(part)
        elif not where.startswith(".verdict.conventions"):
            pytest.fail(f"{where} has no as_of")
        if "km" in fig and "mi" in fig:
            assert fig["mi"] * M_PER_MI / 1000 == pytest.approx(fig["km"]), where
        if "km2" in fig:
            assert fig["sq_mi"] * M_PER_MI**2 / 1e6 == pytest.approx(fig["km2"]), where


def test_front_is_split_and_swept(sheet: dict[str, Any]) -> None:
    f = sheet["front"]
    assert f["land"]["km"] + f["river"]["km"] == pytest.approx(f["main"]["km"])
    assert f["land"]["km"] > 0 and f["river"]["km"] > 0 and f["enclave"]["km"] > 0
    tols = [row["tolerance_km"] for row in f["sweep"]]
    assert tols == [None, 0.5, 1.0, 2.0, 5.0, 10.0]
    mains = [row["main_km"] for row in f["sweep"]]
    assert mains[0] == pytest.approx(f["main"]["km"])
    # coarser resolution never makes the line longer
    assert all(a >= b - 1e-6 for a, b in itertools.pairwise(mains))
    assert 300 < mains[0] < 2000
    # the border is reported apart, labelled, with the basemap caveat
    nb = f["northern_border"]
    assert nb["km"] > 100 and nb["label"] == "international border, not front"
    assert "generalised" in nb["caveat"]
    assert {(p["km"], p["date"]) for p in f["published"]} == {
        (1000.0, "2024-11-25"),
        (1040.0, "2024-08"),
    }


def test_enclave_front_leaves_the_border_out(sheet: dict[str, Any]) -> None:
    from shapely.geometry import shape

    pocket = layers.get("kursk-pocket-2024-11-13").read()
    outline_km = length(pocket.geometry.iloc[0].boundary).km
    enclave = sheet["front"]["enclave"]["km"]
    # the pocket's outline is its front plus its stretch of the state border
    assert 0.3 * outline_km < enclave < outline_km
    countries = layers.get("countries").read()
    front = enclave_front(pocket.geometry.iloc[0], countries)
    ukr = shape(countries[countries["iso_a3"] == "UKR"].geometry.iloc[0].__geo_interface__)
    assert front.distance(ukr) > 0


def test_areas_are_plausible(sheet: dict[str, Any]) -> None:
    occ = sheet["occupied"]
    assert 80_000 < occ["km2"] < 140_000  # about a fifth of Ukraine, Crimea included
    # the denominator is Ukraine's official area, named, Crimea included
    assert occ["ukraine_km2"] == 603_550.0 and occ["crimea_included"] is True
    assert occ["share_of_ukraine_pct"] == pytest.approx(100 * occ["km2"] / 603_550.0)
    assert "603,550" in occ["denominator"] and "Crimea included" in occ["denominator"]
    assert occ["share_of_basemap_pct"] == pytest.approx(
        100 * occ["km2"] / occ["basemap_ukraine_km2"]
    )
    assert "held or contested" in sheet["kursk"]["tier"]
    k = sheet["kursk"]
    early, late = k["2024-08-20"]["km2"], k["2024-11-13"]["km2"]
    assert 0 < late < early < 2000
    assert k["change"]["km2"] == pytest.approx(late - early)
    assert k["change"]["pct"] == pytest.approx(100 * (late - early) / early)


def test_tumen_figures(sheet: dict[str, Any]) -> None:
    t = sheet["tumen"]
    river = t["russia_north_korea"]
    assert 15.0 <= river["km"] <= 20.0
    assert river["official_km"] == 17.0
    assert river["basemap_km"] == pytest.approx(river["km"], abs=0.01)
    tp = t["tripoint"]
    assert tp["distance_to_marker_midpoint_m"] <= 300
    assert set(tp["distance_to_markers_m"]) == {
        "China–Russia marker No. 423",
        "Korean bank marker",
        "Russian bank marker",
    }
    assert all(0 < m < 600 for m in tp["distance_to_markers_m"].values())
    # the position is uncertain by the bank markers' spread (~0.3 km), never "exact"
    assert 200 < tp["position_uncertainty_m"] < 400
    assert "not the position's accuracy" in tp["basemap"]["error_meaning"]
    assert tp["basemap"]["error_m"] <= 50
    assert tp["basemap"]["distance_to_layer_tripoint_m"] <= 50


def test_basemap_borders_beside_official(sheet: dict[str, Any]) -> None:
    b = sheet["borders"]
    assert b["CHN-PRK"]["official_km"] == 1352.0
    assert b["CHN-RUS"]["official_km"] == 4209.3
    assert b["UKR-POL"]["official_km"] == 535.0
    for fig in b.values():
        # generalised basemap: shorter than surveyed, but the same order of magnitude
        assert 0.5 < fig["ratio_to_official"] < 1.0
        assert "caveat" in fig


def test_pyongyang_kursk_distance(sheet: dict[str, Any]) -> None:
    # independent oracle: the same two points measured with pyproj directly
    _, _, m = Geod(ellps="WGS84").inv(125.7625, 39.0392, 36.183, 51.717)
    assert sheet["pyongyang_kursk"]["km"] == pytest.approx(m / 1000, rel=1e-9)


def test_verdict_names_no_border_convention(sheet: dict[str, Any]) -> None:
    v = sheet["verdict"]
    assert v["judgement"] in ("overstates", "consistent", "understates")
    assert v["text"].startswith('"Nearly 800 miles" (1,287 km) ')
    labels = {c["convention"] for c in v["conventions"]}
    assert labels == {label for label, _ in facts.CONVENTIONS}
    assert all(
        "border" not in c["convention"] and "border" not in c["parts"] for c in v["conventions"]
    )
    assert {c["resolution"] for c in v["conventions"]} >= {"full detail", "simplified at 10 km"}
    # the one sentence on the resolution effect, and the border only as "not counted"
    assert "A more detailed line is longer" in v["text"]
    assert "is not front and is not counted" in v["text"]
    assert v["closest"] in v["conventions"]
    mains = [c["km"] for c in v["conventions"] if c["parts"] == ["land", "river"]]
    assert v["closest"]["km"] >= min(mains)


def _front(land: float, river: float, enclave: float = 0.0, estuary: float = 0.0):
    """A hand-made front section: full detail, then 10 % shorter at 10 km."""
    rows = [
        {
            "tolerance_km": t,
            "land_km": land * s,
            "river_km": river * s,
            "enclave_km": enclave * s,
            "estuary_km": estuary * s,
        }
        for t, s in ((None, 1.0), (10.0, 0.9))
    ]
    published = [{"km": 1000.0, "source": "Reuters", "date": "2024-11-25"}]
    return {
        "sweep": rows,
        "published": published,
        "northern_border": {"km": 789.0},
        "as_of": "2024-11-13",
    }


MI = M_PER_MI / 1000  # km per mile


def test_judge_on_hand_made_lengths() -> None:
    band = (720.0, 820.0)
    assert facts.judge([650.0, 700.0], band) == "overstates"
    assert facts.judge([700.0, 790.0], band) == "consistent"  # one length in the band
    assert facts.judge([719.0, 821.0], band) == "consistent"  # straddles the band
    assert facts.judge([821.0, 900.0], band) == "understates"
    assert facts.judge([720.0], band) == facts.judge([820.0], band) == "consistent"
    with pytest.raises(ValueError):
        facts.judge([], band)


def test_verdict_holds_for_a_front_just_under_800_miles() -> None:
    v = facts.verdict(_front(500 * MI, 290 * MI))  # 790 mi main line at full detail
    assert v["judgement"] == "consistent"
    assert v["closest"]["parts"] == ["land", "river"] and v["closest"]["tolerance_km"] is None
    assert round(v["closest"]["mi"]) == 790
    assert "is consistent with the measured front" in v["text"]


def test_verdict_overstates_a_short_front_and_never_adds_the_border() -> None:
    # main line 500 mi; the 789 km border would lift it into the band, but is never added
    v = facts.verdict(_front(300 * MI, 200 * MI, enclave=20 * MI, estuary=10 * MI))
    assert v["judgement"] == "overstates"
    assert v["closest"]["parts"] == ["land", "river", "enclave", "estuary"]
    assert round(v["closest"]["mi"]) == 530
    assert v["range_mi"] == pytest.approx([450.0, 530.0])
    assert v["published_judgement"] == "overstates"  # 1,000 km = 621 mi
    assert v["border_km"] == 789.0
    assert all(c["km"] < 530 * MI + 1e-6 for c in v["conventions"])


def test_verdict_understates_a_long_front() -> None:
    v = facts.verdict(_front(700 * MI, 300 * MI))  # 1,000 mi; 900 mi at 10 km
    assert v["judgement"] == "understates"
    assert round(v["closest"]["mi"]) == 900 and v["closest"]["tolerance_km"] == 10.0
    assert "understates the measured front" in v["text"]


def test_verdict_band() -> None:
    lo, hi = facts.NEARLY_BAND_MI
    assert (lo, hi) == pytest.approx((720.0, 820.0))
    v = facts.verdict(_front(505 * MI, 300 * MI))  # 805 mi: rounding still says "nearly"
    assert v["conventions"][0]["in_band"] and v["judgement"] == "consistent"


def test_missing_layer_raises_layer_error(monkeypatch: pytest.MonkeyPatch) -> None:
    cat = layers.catalog()
    cat.pop("occupied-2024-11-13", None)
    # `layers.get` looks the id up through the registry module's `catalog`.
    monkeypatch.setattr(layers.registry, "catalog", lambda: dict(cat))
    with pytest.raises(LayerError, match="fact sheet needs layer 'occupied-2024-11-13'"):
        facts.fact_sheet()


def test_mismatched_layer_raises_layer_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _require_layers()
    root = tmp_path / "layers"
    shutil.copytree(LAYERS, root)
    path = root / "places.geojson"
    path.write_bytes(path.read_bytes().replace(b"Pyongyang", b"Pjongjang"))
    monkeypatch.setattr(layers.registry, "data_root", lambda: root)
    with pytest.raises(LayerError, match=r"places.*checksum"):
        facts.fact_sheet()


def test_cli_facts_json(sheet: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["verdict"]["text"] == sheet["verdict"]["text"]
    assert doc["front"]["main"]["km"] == pytest.approx(sheet["front"]["main"]["km"])


def test_cli_facts_text(sheet: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Fact sheet, as of 2024-11-13")
    assert "Verdict: " in out and "Pyongyang–Kursk" in out and "resolution sweep" in out


def test_cli_facts_missing_layer_is_one_line_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cat = layers.catalog()
    cat.pop("front-line-2024-11-13", None)
    monkeypatch.setattr(layers.registry, "catalog", lambda: dict(cat))
    assert main(["facts"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("frontline facts: error: ") and err.count("\n") == 1


# --- numbers in recipe text: measured ({figure:NAME}) or published ---------------------------

MAPS = Path(__file__).resolve().parent.parent / "maps"


def _unlisted_numbers(recipe_obj: Any) -> list[tuple[str, float]]:
    from geo.facts.published import numbers_in_text, published_values
    from geo.recipe.placeholders import texts

    listed = published_values()
    return [
        (key, n)
        for key, text in texts(recipe_obj)
        for n in numbers_in_text(text)
        if n not in listed
    ]


@pytest.mark.parametrize("path", sorted(MAPS.glob("*.toml")), ids=lambda p: p.stem)
def test_recipe_text_quotes_only_measured_or_published_figures(path: Path) -> None:
    from geo import recipe

    bad = _unlisted_numbers(recipe.load(path))
    assert not bad, (
        f"{path.name}: numbers that are neither a {{figure:NAME}} placeholder nor on "
        f"geo.facts.published.PUBLISHED (with source and date): {bad}"
    )


def test_recipe_number_check_fails_on_an_invented_number() -> None:
    from geo import recipe

    text = (MAPS / "kursk.toml").read_text(encoding="utf-8")
    invented = text.replace('title = "', 'title = "About 1,234 km² and ', 1)
    assert invented != text
    bad = _unlisted_numbers(recipe.loads(invented, name="kursk"))
    assert bad == [("text.title", 1234.0)]
    # a placeholder, a date and a published figure are not flagged
    ok = text.replace(
        'title = "',
        'title = "{figure:pocket_area_2024_11_13} by 13 Nov 2024, down from ~1,320 km²: ',
        1,
    )
    assert _unlisted_numbers(recipe.loads(ok, name="kursk")) == []


def test_published_figures_carry_source_and_date() -> None:
    from geo.facts.published import PUBLISHED

    for p in PUBLISHED:
        assert p.what and p.source, p
        if p.unit:  # everything but the datum's name is dated
            assert p.date[:4].isdigit(), p
