"""The worked example in ``examples/`` builds, and its data is what the README says.

``examples/bridges/bridges.toml`` (two of our own files in two formats, one in a projected
CRS, over two bundled layers) is built to a temporary folder in HTML, PNG and SVG: every
feature reaches the page, the figures are measured (a count, a geodesic distance between
two ``"LAYER:NAME"`` points), the legend has one entry per ``style.by`` value, and each
layer's credit is on the map. The data files are checked against what the README promises:
six points, each naming its sources, and a GeoPackage in UTM zone 36N.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.recipe import load
from geo.render import build
from geo.render.assets import unpack_data_blocks

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bridges"
README = ROOT / "examples" / "README.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("bridges")
    result = build(
        load(EXAMPLE / "bridges.toml"), out, offline=True, formats=("html", "png", "svg")
    )
    return out, result


def test_the_example_builds_in_every_format(built):
    out, result = built
    names = sorted(p.name for p in result.files)
    for name in ("bridges.html", "bridges.png", "bridges.svg", "bridges.figures.json"):
        assert name in names and (out / name).stat().st_size > 0


def test_every_crossing_and_both_areas_reach_the_page(built):
    out, _ = built
    html = unpack_data_blocks((out / "bridges.html").read_text(encoding="utf-8"))
    doc = json.loads((EXAMPLE / "bridges.geojson").read_text(encoding="utf-8"))
    for feature in doc["features"]:
        name = feature["properties"]["name"]
        assert name in html or json.dumps(name)[1:-1] in html, name
    for area in ("Lower Dnipro", "Siverskyi Donets"):
        assert area in html
    for legend in ("Road bridge", "Rail bridge", "Dam (road and rail on top)"):
        assert legend in html
        assert legend in (out / "bridges.svg").read_text(encoding="utf-8")
    for credit in load(EXAMPLE / "bridges.toml").layers:
        if credit.source is not None:
            assert credit.source.credit in html


def test_the_figures_are_measured(built):
    _, result = built
    figures = {f["id"]: f for f in result.figures}
    assert figures["crossings_cut"]["count"] == 6
    assert figures["dam_to_kherson_bridge"]["method"] == "geodesic-wgs84"
    assert 45 < figures["dam_to_kherson_bridge"]["km"] < 60


def test_the_data_names_its_sources_row_by_row():
    doc = json.loads((EXAMPLE / "bridges.geojson").read_text(encoding="utf-8"))
    assert len(doc["features"]) == 6
    for feature in doc["features"]:
        props = feature["properties"]
        assert props["reported_by"] and props["coordinates"], props["name"]
        assert props["kind"] in {"road bridge", "rail bridge", "dam"}
        lon, lat = feature["geometry"]["coordinates"]
        assert 22 < lon < 41 and 44 < lat < 53, props["name"]


def test_the_second_layer_is_a_geopackage_in_a_projected_crs():
    import pyogrio

    info = pyogrio.read_info(EXAMPLE / "sectors.gpkg", layer="sectors")
    assert info["crs"] == "EPSG:32636" and info["features"] == 2


def test_the_readme_walks_through_new_edit_build_open():
    text = README.read_text(encoding="utf-8")
    for step in (
        "make maps",
        ".venv/bin/frontline new",
        ".venv/bin/frontline build",
        "docs/recipes.md",
    ):
        assert step in text, step
