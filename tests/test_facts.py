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
    assert f["land"]["km"] + f["river"]["km"] == pytest.approx(f["total"]["km"])
    assert f["land"]["km"] > 0 and f["river"]["km"] > 0
    tols = [row["tolerance_km"] for row in f["sweep"]]
    assert tols == [None, 0.5, 1.0, 2.0, 5.0, 10.0]
    totals = [row["total_km"] for row in f["sweep"]]
    assert totals[0] == pytest.approx(f["total"]["km"])
    # coarser resolution never makes the line longer
    assert all(a >= b - 1e-6 for a, b in itertools.pairwise(totals))
    assert 300 < totals[0] < 2000
    assert f["northern_border"]["km"] > 100


def test_areas_are_plausible(sheet: dict[str, Any]) -> None:
    occ = sheet["occupied"]
    assert 80_000 < occ["km2"] < 140_000  # about a fifth of Ukraine, Crimea included
    assert occ["share_of_ukraine_pct"] == pytest.approx(100 * occ["km2"] / occ["ukraine_km2"])
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
    assert tp["basemap"]["error_m"] <= 50
    assert tp["basemap"]["distance_to_layer_tripoint_m"] <= 50


def test_basemap_borders_beside_official(sheet: dict[str, Any]) -> None:
    b = sheet["borders"]
    assert b["CHN-PRK"]["official_km"] == 1352.0
    assert b["CHN-RUS"]["official_km"] == 4209.3
    for fig in b.values():
        # generalised basemap: shorter than surveyed, but the same order of magnitude
        assert 0.5 < fig["ratio_to_official"] < 1.0
        assert "caveat" in fig


def test_pyongyang_kursk_distance(sheet: dict[str, Any]) -> None:
    # independent oracle: the same two points measured with pyproj directly
    _, _, m = Geod(ellps="WGS84").inv(125.7625, 39.0392, 36.183, 51.717)
    assert sheet["pyongyang_kursk"]["km"] == pytest.approx(m / 1000, rel=1e-9)


def test_verdict_names_a_convention(sheet: dict[str, Any]) -> None:
    v = sheet["verdict"]
    assert "nearly 800 miles" in v["text"]
    assert "does not hold under any measured convention" in v["text"] or "counted as" in v["text"]
    assert v["holds"] == any(c["holds"] for c in v["conventions"])
    conventions = {c["convention"] for c in v["conventions"]}
    assert "land + Dnipro river front, full detail" in conventions
    assert "land front only, simplified at 10 km" in conventions


def _front(total_km: float, land_km: float, border_km: float = 100.0) -> dict[str, Any]:
    rows = [
        {"tolerance_km": t, "total_km": total_km * s, "land_km": land_km * s}
        for t, s in ((None, 1.0), (10.0, 0.9))
    ]
    return {"sweep": rows, "northern_border": {"km": border_km}, "as_of": "2024-11-13"}


def test_verdict_holds_for_a_length_just_under_800_miles() -> None:
    v = facts.verdict(_front(790 * M_PER_MI / 1000, 300))
    assert v["holds"]
    assert (
        "holds only if the front is counted as the land + Dnipro river front, full detail"
        in (v["text"])
    )


def test_verdict_fails_when_every_convention_is_short() -> None:
    v = facts.verdict(_front(500.0, 300.0, border_km=10.0))
    assert not v["holds"]
    assert "does not hold under any measured convention" in v["text"]
    assert "mi short of 800" in v["text"]


def test_verdict_over_800_miles_does_not_hold() -> None:
    v = facts.verdict(_front(1400.0, 1390.0, border_km=400.0))  # 870 mi at full detail
    assert v["conventions"][0]["mi"] > 820
    assert not v["conventions"][0]["holds"]


def test_verdict_allows_rounding_just_over_800_miles() -> None:
    lo, hi = facts.NEARLY_BAND_MI
    assert (lo, hi) == pytest.approx((720.0, 820.0))
    v = facts.verdict(_front(805 * M_PER_MI / 1000, 300))
    assert v["holds"] and v["conventions"][0]["holds"]


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
    assert doc["front"]["total"]["km"] == pytest.approx(sheet["front"]["total"]["km"])


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
