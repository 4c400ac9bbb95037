"""Tests for geo.change and ``frontline change``: figures checked against an independent
geodesic computation, the summary sentence against the report, bad input, and the map page
in a real browser (zero requests, no script from data)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np
import pytest
from conftest import require
from pyproj import Geod
from shapely.geometry import shape
from shapely.ops import unary_union

from geo.change import figure_text, parse_since, period_text, summarise
from geo.change.places import compass
from geo.change.summary import where_text
from geo.cli import main
from geo.errors import UsageError

FROM, TO = "20260724", "20260822"
FILES = [
    "report.json",
    "report.csv",
    "places.csv",
    "areas.csv",
    "change.html",
    "change.embed.html",
    "change.figures.json",
    "change.png",
    "change.svg",
]


def _snap(shared: Path, day: str) -> Path:
    path = shared / "deepstate-daily" / f"deepstatemap_data_{day}.geojson"
    require(path.is_file(), f"{path} missing")
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("change") / "out"
    a, b = _snap(shared_data, FROM), _snap(shared_data, TO)
    assert main(["change", str(a), str(b), "--out", str(out)]) == 0
    return out, json.loads((out / "report.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------ independent computation


def _independent_area_km2(geom) -> float:
    """Geodesic area with pyproj.Geod directly: each polygon's exterior minus its holes."""
    geod = Geod(ellps="WGS84")
    polys = (
        [geom]
        if geom.geom_type == "Polygon"
        else [g for g in getattr(geom, "geoms", []) if g.geom_type == "Polygon"]
    )
    total = 0.0
    for p in polys:
        ext = np.asarray(p.exterior.coords)
        a, _ = geod.polygon_area_perimeter(ext[:, 0], ext[:, 1])
        holes = 0.0
        for ring in p.interiors:
            c = np.asarray(ring.coords)
            h, _ = geod.polygon_area_perimeter(c[:, 0], c[:, 1])
            holes += abs(h)
        total += abs(a) - holes
    return total / 1e6


def _read_union(path: Path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    geoms = [shape(f["geometry"]) for f in doc["features"]]
    return unary_union([g.buffer(0) if not g.is_valid else g for g in geoms])


def test_gained_and_lost_match_an_independent_geodesic_computation(report, shared_data):
    _, doc = report
    a = _read_union(_snap(shared_data, FROM))
    b = _read_union(_snap(shared_data, TO))
    gained = _independent_area_km2(b.difference(a))
    lost = _independent_area_km2(a.difference(b))
    assert gained > 10 and lost > 10  # the period has real change both ways
    assert doc["gained"]["km2"] == pytest.approx(gained, rel=0.005)
    assert doc["lost"]["km2"] == pytest.approx(lost, rel=0.005)
    assert doc["net"]["km2"] == pytest.approx(gained - lost, abs=0.01 * (gained + lost))
    assert doc["method"] == "geodesic-wgs84" and doc["as_of"] == "2026-08-22"


def test_summary_sentence_numbers_equal_the_report(report):
    _, doc = report
    sentence = doc["summary"]
    assert sentence.startswith("Between 24 July and 22 August 2026 Russian forces gained ")
    numbers = re.findall(r"(\d[\d,]*(?:\.\d)?) km(?:²)?", sentence)
    gained, lost = round(doc["gained"]["km2"]), round(doc["lost"]["km2"])
    assert numbers[0].replace(",", "") == str(gained)
    assert numbers[1].replace(",", "") == str(lost)
    change = doc["front"]["change"]["km"]
    expected = f"{abs(change):.1f}" if abs(change) < 9.95 else str(round(abs(change)))
    assert numbers[2] == expected
    verb = "grew" if change > 0 else "shrank"
    assert f"The front {verb} by {numbers[2]} km." in sentence
    where = doc["summary_figures"]["where"]
    assert where["town"] in sentence and where["direction"] in sentence


def test_front_lengths_use_the_same_conventions(report):
    _, doc = report
    a, b = doc["from"]["front_main"]["km"], doc["to"]["front_main"]["km"]
    assert 900 < a < 1300 and 900 < b < 1300
    assert doc["front"]["change"]["km"] == pytest.approx(b - a, abs=1e-3)
    assert "4 km" in doc["front"]["convention"]


def test_region_table_adds_up_and_names_oblasts(report):
    out, doc = report
    rows = doc["regions"]
    assert sum(r["gained_km2"] for r in rows) == pytest.approx(doc["gained"]["km2"], abs=0.02)
    assert sum(r["lost_km2"] for r in rows) == pytest.approx(doc["lost"]["km2"], abs=0.02)
    names = {r["name"] for r in rows}
    assert "Donetsk" in names and rows[-1]["name"] == "Outside the oblast layer"
    donetsk = next(r for r in rows if r["name"] == "Donetsk")
    assert donetsk["iso_3166_2"] == "UA-14" and 0.5 < donetsk["held_share"] < 1.0
    with open(out / "report.csv", encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert table[-1]["name"] == "Total"
    assert float(table[-1]["gained_km2"]) == pytest.approx(doc["gained"]["km2"], abs=1e-3)


def test_gained_areas_and_places_that_changed_hands(report):
    _, doc = report
    areas = doc["gained_areas"]
    assert areas and areas[0]["rank"] == 1
    assert [a["area"]["km2"] for a in areas] == sorted(
        (a["area"]["km2"] for a in areas), reverse=True
    )
    assert sum(a["area"]["km2"] for a in areas) == pytest.approx(doc["gained"]["km2"], rel=1e-3)
    for a in areas:
        assert a["nearest_place"]["km"] < 30 and a["nearest_town"]["km"] >= a["nearest_place"]["km"]
    for p in doc["places_changed_hands"]:
        assert p["change"] in ("taken by Russia", "retaken by Ukraine")
        assert p["source"] in ("places", "gazetteer-ua")
    credits = " ".join(s["credit"] for s in doc["sources"])
    assert "GeoNames (CC BY 4.0)" in credits and "DeepStateMap" in doc["credit"]


def test_the_whole_set_is_written(report):
    out, _ = report
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    assert (out / "change.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in (out / "change.svg").read_bytes()[:2000]


def test_json_output_is_the_report(shared_data, tmp_path, capsys):
    a, b = _snap(shared_data, "20260820"), _snap(shared_data, TO)
    assert main(["change", str(a), str(b), "--out", str(tmp_path / "o"), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc == json.loads((tmp_path / "o" / "report.json").read_text(encoding="utf-8"))
    assert doc["summary"].startswith("Between 20 and 22 August 2026")


# ---------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "args, needle",
    [
        (["{b}", "{a}"], "later than TO"),
        (["deepstate:2026-13-40", "{b}"], "malformed"),
        (["{a}", "nowhere/missing.geojson"], "no such snapshot file"),
        (["{a}"], "give FROM and TO"),
        (["--since", "7x"], "--since"),
        (["--since", "7d", "{a}", "{b}"], "at most one"),
    ],
)
def test_bad_input_is_one_line_exit_2_nothing_written(shared_data, tmp_path, capsys, args, needle):
    a, b = _snap(shared_data, FROM), _snap(shared_data, TO)
    out = tmp_path / "out"
    argv = ["change", *(s.format(a=a, b=b) for s in args), "--out", str(out)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert needle in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_credit_is_required_for_other_files(tmp_path, shared_data, capsys):
    src = _snap(shared_data, FROM).read_text(encoding="utf-8")
    for day in ("2026-07-24", "2026-08-22"):
        (tmp_path / f"mine_{day}.geojson").write_text(src, encoding="utf-8")
    argv = [
        "change",
        str(tmp_path / "mine_2026-07-24.geojson"),
        str(tmp_path / "mine_2026-08-22.geojson"),
        "--out",
        str(tmp_path / "o"),
    ]
    assert main(argv) == 2
    assert "--credit is required" in capsys.readouterr().err
    assert main([*argv, "--credit", "My own data (CC0)"]) == 0
    doc = json.loads((tmp_path / "o" / "report.json").read_text(encoding="utf-8"))
    assert doc["gained"]["km2"] == 0 and "gained no ground" in doc["summary"]


# ------------------------------------------------------------------------ wording


def test_wording_helpers():
    assert figure_text(0.04) == "0.0" and figure_text(9.96) == "10" and figure_text(-3.25) == "3.2"
    assert period_text("2026-08-22", "2026-08-22") == "On 22 August 2026"
    assert [compass(a) for a in (22.4, 22.6, 180, 270, 337.6)] == [
        "north",
        "north-east",
        "south",
        "west",
        "north",
    ]
    assert parse_since("3w") == 21
    with pytest.raises(UsageError):
        parse_since("0d")


def test_where_text_names_the_town_with_the_largest_share():
    town = {"name": "Pokrovsk", "lon": 37.18, "lat": 48.28}
    other = {"name": "Kupiansk", "lon": 37.61, "lat": 49.71}
    areas = [
        {"km2": 60.0, "lon": 37.10, "lat": 48.35, "town": town},
        {"km2": 40.0, "lon": 37.70, "lat": 49.80, "town": other},
    ]
    text, fig = where_text(areas)
    assert text == "mostly north-west of Pokrovsk" and fig["share"] == pytest.approx(0.6)
    sentence, figures = summarise("2026-08-01", "2026-08-08", 142.4, 9.2, areas, 6.2)
    assert sentence == (
        "Between 1 and 8 August 2026 Russian forces gained 142 km², mostly north-west of "
        "Pokrovsk; Ukraine regained 9.2 km². The front grew by 6.2 km."
    )
    assert figures["gained_km2"] == "142"


# ------------------------------------------------------------------------ browser


@pytest.mark.browser
def test_map_page_is_safe_and_makes_no_request(report, chromium_path):
    from conftest import CHROMIUM_ARGS as ARGS
    from test_render_browser import _open

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright is not installed")
    out, doc = report
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium_path), args=ARGS)
        try:
            page, state = _open(browser, out / "change.html", "change")
            assert state["requests"] == [] and state["errors"] == [] and state["dialogs"] == []
            assert page.evaluate("() => window.__xss") is None
            assert doc["summary"] in page.text_content("body")
            paths = page.evaluate(
                "() => document.querySelectorAll('path.fl-layer-changes-gained').length"
            )
            assert paths >= 1
            page.close()
        finally:
            browser.close()


# ------------------------------------------------------------ deepstate: references


def test_deepstate_references_and_since_through_a_loopback_server(
    shared_data, tmp_path, monkeypatch, capsys
):
    """FROM/TO as ``deepstate:`` dates and ``--since``, fetched from 127.0.0.1 only."""
    from helpers.http_server import SnapshotServer

    monkeypatch.setattr("geo.sources.fetch.BACKOFF_S", 0.0)
    with SnapshotServer(shared_data / "deepstate-daily") as server:
        monkeypatch.setenv("FRONTLINE_CACHE", str(tmp_path / "cache"))
        monkeypatch.setenv("FRONTLINE_DEEPSTATE_URL", server.url)
        out = tmp_path / "refs"
        argv = ["change", "deepstate:2026-08-20", "deepstate:2026-08-22", "--out", str(out)]
        assert main([*argv, "--json"]) == 0
        by_ref = json.loads(capsys.readouterr().out)
        assert (
            main(
                [
                    "change",
                    "--since",
                    "2d",
                    "deepstate:2026-08-22",
                    "--out",
                    str(tmp_path / "since"),
                    "--json",
                ]
            )
            == 0
        )
        by_since = json.loads(capsys.readouterr().out)
    assert by_ref["from"]["date"] == "2026-08-20" and by_ref["to"]["date"] == "2026-08-22"
    assert by_since["gained"] == by_ref["gained"] and by_since["lost"] == by_ref["lost"]
    assert "DeepStateMap" in by_ref["credit"]
    a, b = _snap(shared_data, "20260820"), _snap(shared_data, TO)
    assert main(["change", str(a), str(b), "--out", str(tmp_path / "paths"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["gained"] == by_ref["gained"]
