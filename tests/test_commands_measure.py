"""CLI tests for ``frontline measure``, ``frontline borders`` and ``frontline tripoint``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import require
from geographiclib.geodesic import Geodesic

from geo.cli import main

WGS84 = Geodesic.WGS84


def s12(p: tuple[float, float], q: tuple[float, float]) -> float:
    return WGS84.Inverse(p[1], p[0], q[1], q[0])["s12"]


def feature(geometry: dict, **props: object) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def write(path: Path, *features: dict) -> str:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": list(features)}))
    return str(path)


def square(x0: float, y0: float, x1: float, y1: float) -> dict:
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lines_file(tmp_path: Path) -> str:
    return write(
        tmp_path / "lines.geojson",
        feature({"type": "LineString", "coordinates": [[30, 48], [31, 48], [31, 49]]}, name="L"),
        feature({"type": "LineString", "coordinates": [[179.5, 0], [-179.5, 0]]}, name="date"),
        feature({"type": "Point", "coordinates": [30, 48]}, name="a place"),
    )


@pytest.fixture
def countries_file(tmp_path: Path) -> str:
    return write(
        tmp_path / "toy countries.geojson",
        feature(square(0, 0, 1, 1), iso_a3="WST", name="Westland"),
        feature(square(1, 0, 2, 1), iso_a3="EST", name="Eastland"),
        feature(square(0, 1, 2, 2), iso_a3="NRT", name="Norðland"),
        feature(square(1.0005, -1, 2, -0.0005), iso_a3="SEA", name="Sealand"),
    )


# --------------------------------------------------------------------------- measure


def test_measure_json_lines(capsys: pytest.CaptureFixture[str], lines_file: str) -> None:
    code, out, err = run(capsys, "measure", lines_file, "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["method"] == "geodesic-wgs84"
    assert doc["layer"] is None and doc["as_of"] is None  # a plain file
    first, second, point = doc["features"]
    want = s12((30, 48), (31, 48)) + s12((31, 48), (31, 49))
    assert first["length"]["km"] == pytest.approx(want / 1000, rel=1e-9)
    assert first["length"]["mi"] == pytest.approx(want / 1609.344, rel=1e-9)
    assert first["length"]["method"] == "geodesic-wgs84"
    assert "as_of" in first["length"]
    assert second["length"]["km"] == pytest.approx(111.3195, abs=1e-3)  # across 180°
    assert point["length"] is None and point["geometry_type"] == "Point"
    assert doc["total"]["length"]["km"] == pytest.approx(
        first["length"]["km"] + second["length"]["km"], rel=1e-12
    )
    assert doc["total"]["area"] is None and doc["sweep"] is None


def test_measure_table_and_sweep(capsys: pytest.CaptureFixture[str], lines_file: str) -> None:
    code, out, _ = run(capsys, "measure", lines_file, "--tolerance-km", "0.5,1,10")
    assert code == 0
    assert "geodesic-wgs84" in out and " km (" in out and " mi)" in out
    assert "full detail" in out and "10 km" in out
    code, out, _ = run(capsys, "measure", lines_file, "--tolerance-km", "0.5,1,10", "--json")
    sweep = json.loads(out)["sweep"]
    assert [s["tolerance_km"] for s in sweep] == [None, 0.5, 1.0, 10.0]
    assert all(s["length"]["method"] == "geodesic-wgs84" for s in sweep)


def test_measure_polygons(capsys: pytest.CaptureFixture[str], countries_file: str) -> None:
    code, out, _ = run(capsys, "measure", countries_file, "--json")
    assert code == 0
    doc = json.loads(out)
    west = doc["features"][0]
    assert west["name"] == "Westland"
    poly = WGS84.Polygon()
    for lon, lat in [(0, 0), (1, 0), (1, 1), (0, 1)]:
        poly.AddPoint(lat, lon)
    _, perim, area = poly.Compute(False, True)
    assert west["area"]["km2"] == pytest.approx(abs(area) / 1e6, rel=1e-9)
    assert west["area"]["sq_mi"] == pytest.approx(abs(area) / 1609.344**2, rel=1e-9)
    assert west["perimeter"]["km"] == pytest.approx(perim / 1000, rel=1e-9)
    assert doc["total"]["length"] is None
    code, out, _ = run(capsys, "measure", countries_file)
    assert "km²" in out and "sq mi" in out and "Norðland" in out and "total" in out


def test_measure_bundled_layer_has_as_of(capsys: pytest.CaptureFixture[str]) -> None:
    from geo import layers

    require("tumen" in layers.catalog(), "the tumen layer is not in the catalog yet")
    require(layers.get("tumen").path.exists(), "the tumen layer is not built yet")
    code, out, _ = run(capsys, "measure", "tumen", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["layer"] == "tumen" and doc["as_of"] == str(layers.get("tumen").as_of)
    assert doc["total"]["length"]["as_of"] == doc["as_of"]
    # The same file given by path is recognised as the catalog layer.
    code, out, _ = run(capsys, "measure", str(layers.get("tumen").path), "--json")
    assert json.loads(out)["as_of"] == doc["as_of"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"type": "FeatureCollection", "features": []}', "no features"),
        ('{"type": "LineString", "coordinates": [[0, 0], [1, ', "JSON"),
        ("", ""),
    ],
)
def test_measure_unusable_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.geojson"
    path.write_text(content)
    code, out, err = run(capsys, "measure", str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("frontline measure: error: ") and str(path) in err
    assert message in err


def test_measure_missing_path_and_bad_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "measure", "no/such/file.geojson")
    assert code == 2 and "no/such/file.geojson" in err and err.count("\n") == 1
    with pytest.raises(SystemExit) as info:
        main(["measure", "x.geojson", "--tolerance-km", "1,-2"])
    assert info.value.code == 2


# --------------------------------------------------------------------------- borders


def test_borders_json(capsys: pytest.CaptureFixture[str], countries_file: str) -> None:
    code, out, err = run(capsys, "borders", "wst", "Eastland", "--layer", countries_file, "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["a"] == {"query": "wst", "name": "Westland", "iso_a3": "WST"}
    assert doc["b"]["iso_a3"] == "EST"
    assert doc["length"]["km"] == pytest.approx(s12((1, 0), (1, 1)) / 1000, rel=1e-9)
    assert doc["length"]["method"] == doc["method"] == "geodesic-wgs84"
    assert doc["as_of"] is None and doc["layer"] is None
    assert doc["how"].startswith("exact") and doc["snap_m"] == 0.0 and doc["length_b"] is None
    assert doc["geometry"]["type"] == "LineString"


def test_borders_table_and_snap(capsys: pytest.CaptureFixture[str], countries_file: str) -> None:
    code, out, _ = run(capsys, "borders", "EST", "NORÐLAND", "--layer", countries_file)
    assert code == 0 and "Eastland" in out and "Norðland" in out and " km (" in out
    # Sealand is 55 m short of Eastland: no exact border, a ~1 km one within 100 m.
    code, _, err = run(capsys, "borders", "EST", "SEA", "--layer", countries_file)
    assert code == 2 and "share no border" in err and "--snap-m" in err
    code, out, _ = run(
        capsys, "borders", "EST", "SEA", "--layer", countries_file, "--snap-m", "100", "--json"
    )
    doc = json.loads(out)
    assert code == 0 and doc["snap_m"] == 100.0 and doc["how"].startswith("snapped")
    assert 110 < doc["length"]["km"] < 111.6 and 110 < doc["length_b"]["km"] < 111.6


def test_borders_unknown_feature_lists_close_matches(
    capsys: pytest.CaptureFixture[str], countries_file: str
) -> None:
    code, out, err = run(capsys, "borders", "Westlnd", "EST", "--layer", countries_file)
    assert code == 2 and out == ""
    assert countries_file in err and "close matches: Westland" in err
    assert err.count("\n") == 1


def test_borders_and_tripoint_on_bundled_countries(capsys: pytest.CaptureFixture[str]) -> None:
    from geo import layers

    require("countries" in layers.catalog(), "the countries layer is not in the catalog yet")
    require(layers.get("countries").path.exists(), "the countries layer is not built yet")
    code, out, _ = run(capsys, "borders", "RUS", "north korea", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["layer"] == "countries" and doc["as_of"] == str(layers.get("countries").as_of)
    assert 10 < doc["length"]["km"] < 25  # officially 17 km along the Tumen
    code, out, _ = run(capsys, "tripoint", "CHN", "RUS", "PRK", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["as_of"] == str(layers.get("countries").as_of)
    marker = (130.639275, 42.419787)  # China–Russia marker No. 423, on the bank
    assert s12((doc["lon"], doc["lat"]), marker) < 2000


# --------------------------------------------------------------------------- tripoint


def test_tripoint(capsys: pytest.CaptureFixture[str], countries_file: str) -> None:
    code, out, _ = run(capsys, "tripoint", "WST", "EST", "NRT", "--layer", countries_file, "--json")
    doc = json.loads(out)
    assert code == 0
    assert (doc["lon"], doc["lat"], doc["error_m"]) == (1.0, 1.0, 0.0)
    assert doc["how"].startswith("exact") and doc["method"] == "geodesic-wgs84"
    assert [f["iso_a3"] for f in doc["features"]] == ["WST", "EST", "NRT"]
    code, out, _ = run(capsys, "tripoint", "WST", "EST", "SEA", "--layer", countries_file)
    assert code == 0 and "minimax" in out and " m" in out
    code, _, err = run(capsys, "tripoint", "WST", "EST", "XYZ", "--layer", countries_file)
    assert code == 2 and "no feature matches 'XYZ'" in err


def test_measure_refuses_invalid_polygons_unless_repair_is_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    path = write(tmp_path / "bowtie.geojson", feature(bowtie), feature(square(0, 0, 1, 1)))
    code, out, err = run(capsys, "measure", path, "--json")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "feature 0: not a valid polygon" in err and "--repair" in err
    code, out, err = run(capsys, "measure", path, "--json", "--repair")
    assert (code, err) == (0, "")
    first, second = json.loads(out)["features"]
    assert "repaired with make_valid" in first["note"] and second["note"] is None
    # make_valid splits the bow-tie into its two lobes: each a quarter of the unit square.
    assert first["area"]["km2"] == pytest.approx(second["area"]["km2"] / 2, rel=1e-3)


# --------------------------------------------------------------------------- hardening


def test_measure_mixed_types_and_null_geometries(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    line = {"type": "LineString", "coordinates": [[30, 48], [31, 48]]}
    path = write(
        tmp_path / "mixed.geojson",
        feature({"type": "Point", "coordinates": [30, 48]}, name="p"),
        feature(line, name="l"),
        feature(square(30, 48, 31, 49), name="a"),
        feature(None, name="nothing"),  # type: ignore[arg-type]
        feature({"type": "MultiLineString", "coordinates": [line["coordinates"]]}, name="m"),
    )
    code, out, err = run(capsys, "measure", path, "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["skipped"] == {"null_geometry": 1} and doc["feature_count"] == 5
    kinds = doc["by_type"]
    assert {k: v["count"] for k, v in kinds.items()} == {
        "Point": 1,
        "LineString": 1,
        "Polygon": 1,
        "MultiLineString": 1,
    }
    one = s12((30, 48), (31, 48)) / 1000
    assert kinds["LineString"]["length"]["km"] == pytest.approx(one, rel=1e-9)
    assert kinds["MultiLineString"]["length"]["km"] == pytest.approx(one, rel=1e-9)
    assert doc["total"]["length"]["km"] == pytest.approx(2 * one, rel=1e-9)
    assert kinds["Polygon"]["area"]["km2"] == doc["total"]["area"]["km2"]
    assert kinds["Point"]["length"] is None and kinds["Point"]["area"] is None
    assert doc["features"][3]["geometry_type"] is None and doc["features"][3]["length"] is None
    code, out, err = run(capsys, "measure", path, "--tolerance-km", "1")
    assert (code, err) == (0, "")
    assert "by geometry type:" in out and "1 feature(s) without a geometry skipped" in out
    nothing = write(tmp_path / "null.geojson", feature(None))  # type: ignore[arg-type]
    code, out, err = run(capsys, "measure", nothing)
    assert code == 2 and out == "" and "no feature has a geometry (1 null)" in err


def test_measure_prints_hostile_names_as_visible_escapes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from geo.termtext import is_unsafe

    line = {"type": "LineString", "coordinates": [[30, 48], [31, 48]]}
    path = tmp_path / "hostile.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    feature(line, name="\x1b[2J\x1b[31mred\u202e\x9b"),
                    feature(line, name="lone \ud800"),
                ],
            }
        ),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "measure", str(path))
    assert (code, err) == (0, "")
    assert "\\x1b[2J\\x1b[31mred\\u202e\\x9b" in out and "lone \\ud800" in out
    assert not [c for c in out if c != "\n" and is_unsafe(c)]
    code, out, err = run(capsys, "measure", str(path), "--json")
    assert (code, err) == (0, "")
    assert not [c for c in out if c != "\n" and is_unsafe(c)]
    names = [f["name"] for f in json.loads(out)["features"]]
    assert names == ["\x1b[2J\x1b[31mred\u202e\x9b", "lone \ud800"]  # JSON stays exact


def test_numeric_options_show_and_enforce_their_range(capsys: pytest.CaptureFixture[str]):
    for argv, text in [
        (["borders", "--help"], "range 0 to 50,000 m"),
        (["measure", "--help"], "range 0 to 1,000 km"),
        (["front", "--help"], "range 0 to 100 km"),
        (["timeline", "--help"], "range 1 to 64"),
    ]:
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 0
        assert text in " ".join(capsys.readouterr().out.split()), argv
    with pytest.raises(SystemExit) as info:  # refused while parsing: no layer is read
        main(["borders", "RUS", "PRK", "--snap-m", "1e12"])
    assert info.value.code == 2
    assert "expected a number from 0 to 50,000 m" in capsys.readouterr().err


def test_borders_refuses_a_snap_wider_than_the_feature(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(
        tmp_path / "tiny.geojson",
        feature(square(30, 50, 30.01, 50.01), iso_a3="TNY", name="Tiny"),
        feature(square(30.01, 50, 31, 51), iso_a3="BIG", name="Big"),
    )
    code, out, err = run(capsys, "borders", "TNY", "BIG", "--layer", path, "--snap-m", "5000")
    assert code == 2 and out == "" and "more than half the smaller feature's extent" in err
    code, out, err = run(capsys, "borders", "TNY", "BIG", "--layer", path, "--snap-m", "100")
    assert (code, err) == (0, "")
