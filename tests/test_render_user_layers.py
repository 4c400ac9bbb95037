"""The caller's own layers (geo.render.prepare.own_data, classes, tooltips; geo.render.builder).

Files in every format the project reads, in any CRS; GeoDataFrames from Python (``data=``,
:class:`geo.render.Map`, :func:`geo.render.quick`); styling by a property (categories and
graduated colours, hatch per value, in the page's data, the legend and the static image);
tooltips and popups on every geometry type; ``count`` and ``sum`` figures; ``{figure:NAME}``
placeholders; and the bad-input list: one line, exit code 2, nothing written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
from helpers.user_data import CREDITS, POINTS, user_recipe, write_user_files
from shapely.geometry import LineString, Point, box

from geo import recipe
from geo.cli import main
from geo.errors import RecipeError
from geo.render import Map, build, make_map, make_model, quick
from geo.render.prepare.classes import ramp_colours

MINIMAL = """
[text]
title = "T"
[view]
bounds = [[36.0, 49.7], [37.1, 50.4]]
"""


@pytest.fixture
def files(tmp_path: Path) -> Path:
    write_user_files(tmp_path)
    return tmp_path


def _recipe(folder: Path, text: str, name: str = "mine") -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _layer(body: str) -> str:
    return MINIMAL + "[[layers]]\n" + body + "\n"


# --- parsing ------------------------------------------------------------------------------


def test_file_layer_keys_parse_into_a_source():
    r = recipe.loads(
        _layer(
            'path = "data/Strikes 2024.gpkg"\nlayer = "strikes"\ncredit = "Our reporting"\n'
            'as_of = 2024-05-12\nlicense = "CC BY 4.0"\nurl = "https://example.org/x"\n'
            'tooltip = true\npopup = ["name"]\ngeometry = "point"'
        )
    )
    spec = r.layers[0]
    assert spec.id == "Strikes-2024" and spec.key == "Strikes-2024-point"
    assert spec.source.layer == "strikes" and spec.source.as_of == "2024-05-12"
    assert spec.tooltip.all and spec.popup.fields == ("name",)
    assert r.sources() == {"Strikes-2024": spec.source}
    assert "Strikes-2024" in r.layer_ids()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('path = "a.geojson"', r"layers\[0\].credit: missing; a layer that is not from"),
        ('path = "a.geojson"\ncredit = "  "', r"layers\[0\].credit: must not be empty"),
        ('id = "tumen"\ncredit = "x"', r"layers\[0\].credit: only for a layer that is not"),
        ('label = "x"', r"layers\[0\].id: missing; give id"),
        ('path = "a.geojson"\ncredit = "c"\nurl = "javascript:x"', r"url: expected an http"),
        ('path = "a.geojson"\ncredit = "c"\ntooltip = false', r"tooltip: leave the key out"),
        (
            'path = "a.geojson"\ncredit = "c"\ntooltip = { fields = ["a", "b"], aliases = ["A"] }',
            r"tooltip.aliases: 1 aliases for 2 fields",
        ),
        ('path = "a.geojson"\ncredit = "c"\ntooltip = ["a", "a"]', r"tooltip\[1\]: 'a' is listed"),
        ('path = "a.geojson"\ncredit = "c"\nstyle = { scheme = "quantiles" }', r"needs by ="),
        (
            'path = "a.geojson"\ncredit = "c"\nstyle = { by = "n", scheme = "jenks" }',
            r"style.scheme: 'jenks' is not one of quantiles, equal_interval, fisher_jenks",
        ),
        (
            'path = "a.geojson"\ncredit = "c"\nstyle = { by = "n", scheme = "quantiles", ramp = "Rds" }',  # noqa: E501
            r"style.ramp: 'Rds' is not a ramp",
        ),
        ('path = "a.geojson"\ncredit = "c"\nstyle = { by = "n", k = 3 }', r"style.k: only with"),
        (
            'path = "a.geojson"\ncredit = "c"\nstyle = { by = "n", values = { a = { fil = "#fff" } } }',  # noqa: E501
            r"style.values.a.fil: unknown key; did you mean 'fill'",
        ),
        ('path = "a.geojson"\ncredit = "c"\ngeometry = "polygons"', r"did you mean 'polygon'"),
    ],
)
def test_file_layer_errors_are_one_line(body, message):
    with pytest.raises(RecipeError, match=message) as info:
        recipe.loads(_layer(body), path="m.toml")
    assert "\n" not in str(info.value) and str(info.value).startswith("m.toml: ")


def test_one_name_for_two_sources_and_figure_rules():
    twice = _layer('path = "a.geojson"\nname = "x"\ncredit = "c"') + (
        '[[layers]]\npath = "b.geojson"\nname = "x"\ncredit = "c"\ngeometry = "point"\n'
    )
    with pytest.raises(RecipeError, match=r"layers\[1\].name: 'x' already names another"):
        recipe.loads(twice)
    base = _layer('path = "a.geojson"\nname = "x"\ncredit = "c"')
    with pytest.raises(RecipeError, match=r"figures\[0\].field: missing; a sum adds up"):
        recipe.loads(base + '[[figures]]\nid = "s"\nlabel = "S"\nmeasure = "sum"\nlayer = "x"\n')
    with pytest.raises(RecipeError, match=r"figures\[0\].field: only for measure = 'sum'"):
        recipe.loads(
            base
            + '[[figures]]\nid = "s"\nlabel = "S"\nmeasure = "count"\nlayer = "x"\nfield = "n"\n'
        )


def test_placeholders_name_figures_or_fail_with_close_names():
    text = MINIMAL.replace('title = "T"', 'title = "T"\ndek = "{figure:n_strike} strikes"')
    text += '[[layers]]\npath = "a.geojson"\nname = "x"\ncredit = "c"\n'
    text += '[[figures]]\nid = "n_strikes"\nlabel = "S"\nmeasure = "count"\nlayer = "x"\n'
    with pytest.raises(
        RecipeError,
        match=r"text.dek: \{figure:n_strike\} names no figure; did you mean 'n_strikes'",
    ):
        recipe.loads(text, path="m.toml")
    ok = recipe.loads(text.replace("{figure:n_strike}", "{figure:n_strikes}"))
    assert ok.text.dek == "{figure:n_strikes} strikes"  # filled when built
    # Other braces are text.
    assert recipe.loads(_layer('id = "tumen"\nlabel = "{{7*7}} {figure}"')).layers[0].label


# --- building -----------------------------------------------------------------------------


def test_three_formats_three_crs_one_recipe(files: Path):
    r = recipe.load(_recipe(files, user_recipe()))
    model = make_model(r, offline=True)
    ids = [lyr.id for lyr in model.layers if not lyr.basemap]
    assert ids == ["zones-v0", "zones-v1", "routes", "strikes-v0", "strikes-v1", "strikes-v2"]
    routes = next(lyr for lyr in model.layers if lyr.id == "routes")
    # The GeoPackage is in UTM metres: drawn in lon/lat near Kharkiv after transforming.
    (w, s, e, n) = gpd.GeoSeries(list(routes.geoms)).total_bounds
    assert 36.0 < w < e < 37.1 and 49.7 < s < n < 50.2
    assert routes.tooltip == (("name", "name"), ("date", "date"), ("=length", "Length"))
    assert routes.props[0]["name"] == "Ring road north" and "km (" in routes.props[0]["=length"]
    assert model.recipe.text.dek == "5 strikes, 27 casualties"
    assert model.callouts[0]["text"] == "Worst: 27 casualties in all"
    assert model.callouts[0]["at"] == [36.19, 49.99]  # "strikes:Kholodna Hora"
    figures = {f["id"]: f for f in model.figures}
    assert (
        figures["n_strikes"]["count"] == len(POINTS)
        and figures["n_strikes"]["text"] == "Strikes: 5"
    )
    assert figures["casualties"]["sum"] == sum(p[2] for p in POINTS) == 27
    assert figures["route_length"]["method"] == "geodesic-wgs84"
    for credit in CREDITS.values():
        assert any(credit in line for line in model.credits)
    meta = model.figures_document()["layers"]
    assert meta["routes"]["license"] == "CC BY 4.0" and meta["strikes"]["url"].startswith("https")
    assert model.catalog.get("strikes") is None  # an own layer never borrows a catalog credit


def test_hatch_per_value_in_every_output(files: Path, tmp_path: Path):
    r = recipe.load(_recipe(files, user_recipe()))
    res = build(r, tmp_path / "out", offline=True, formats=("html", "png", "svg"))
    model = make_model(r, offline=True)
    grey = next(lyr for lyr in model.layers if lyr.id == "zones-v1")
    assert grey.style["hatch"] == "diagonal" and grey.label == "Contested (grey zone)"
    legend = model.legend()
    assert {"label": "Contested (grey zone)", "kind": "fill", "style": grey.style} in legend
    page = (tmp_path / "out" / "mine.html").read_text()
    assert '"hatch":"diagonal"' in page and '"group":"zones"' in page
    from geo.render.static import compose

    layout = compose(model)
    handles = layout.map_ax.get_legend().legend_handles
    texts = [t.get_text() for t in layout.map_ax.get_legend().get_texts()]
    hatched = handles[texts.index("Contested (grey zone)")]
    assert hatched.get_hatch() == "////"
    assert (
        texts[0] == "Strikes"
        and layout.map_ax.get_legend().get_texts()[0].get_fontweight() == "bold"
    )
    assert {p.name for p in res.files} >= {"mine.html", "mine.png", "mine.svg"}


def test_deepstate_document_styled_by_status_hatches_the_grey_zone(tmp_path: Path):
    def feature(name, ring):
        return {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }

    doc = {
        "type": "FeatureCollection",
        "features": [
            feature(
                "Окуповано /// Occupied /// geoJSON.status.occupied",
                [[37, 48], [38, 48], [38, 49], [37, 49], [37, 48]],
            ),
            feature(
                "Статус невідомий /// Unknown status /// geoJSON.status.unknown",
                [[36.5, 48], [37, 48], [37, 49], [36.5, 49], [36.5, 48]],
            ),
        ],
    }
    (tmp_path / "deepstate_20240820.geojson").write_text(json.dumps(doc))
    text = MINIMAL.replace("[[36.0, 49.7], [37.1, 50.4]]", "[[36, 47.5], [38.5, 49.5]]") + (
        '[[layers]]\npath = "deepstate_20240820.geojson"\nname = "ds"\nlabel = "DeepState"\n'
        'credit = "DeepStateMap (GPL-3.0)"\ntooltip = ["status", "date", "=area"]\n'
        'style = { by = "status", values = { occupied = { fill = "#a52714" }, '
        'unknown = { fill = "#9e9e9e", hatch = "diagonal", label = "Grey zone" } } }\n'
    )
    model = make_model(recipe.load(_recipe(tmp_path, text)), offline=True)
    drawn = {lyr.label: lyr for lyr in model.layers if lyr.group == "ds"}
    assert set(drawn) == {"occupied", "Grey zone"}  # no liberated area: no class, no entry
    assert drawn["Grey zone"].style["hatch"] == "diagonal"
    assert drawn["Grey zone"].props[0]["date"] == "2024-08-20"
    labels = [e["label"] for e in model.legend()]
    assert labels == ["DeepState", "occupied", "Grey zone"]


def test_graduated_colours_by_quantiles(tmp_path: Path):
    gdf = gpd.GeoDataFrame(
        {"n": [1, 2, 3, 4, 5, 10, 20, 50, None]},
        geometry=[Point(36 + i / 10, 50) for i in range(9)],
        crs=4326,
    )
    m = Map("Graduated").add_layer(
        gdf,
        label="Casualties",
        credit="Test",
        style={"by": "n", "scheme": "quantiles", "k": 4, "ramp": ["#ffffff", "#000000"]},
    )
    model = make_model(m.recipe(), offline=True, data=m.data)
    classes = [lyr for lyr in model.layers if lyr.group]
    assert [c.label for c in classes] == [
        "1 – 2.8",
        "2.8 – 4.5",
        "4.5 – 12.5",
        "12.5 – 50",
        "No data",
    ]
    assert [c.style["fill"] for c in classes[:4]] == ramp_colours(("#ffffff", "#000000"), 4)
    assert sum(len(c.geoms) for c in classes) == 9
    text = gpd.GeoDataFrame({"n": ["a"]}, geometry=[Point(36, 50)], crs=4326)
    bad = Map("G").add_layer(text, credit="T", style={"by": "n", "scheme": "quantiles"})
    with pytest.raises(
        RecipeError, match=r"graduated colours need numbers, but feature 0 has n = 'a'"
    ):
        make_model(bad.recipe(), offline=True, data=bad.data)


def test_categories_without_values_get_palette_colours():
    gdf = gpd.GeoDataFrame(
        {"kind": ["b", "a", "b", None]},
        geometry=[Point(36, 50 + i / 10) for i in range(4)],
        crs=4326,
    )
    m = Map("Auto").add_layer(gdf, label="Kinds", credit="T", style={"by": "kind"})
    model = make_model(m.recipe(), offline=True, data=m.data)
    assert [lyr.label for lyr in model.layers if lyr.group] == ["a", "b", "No data"]
    many = gpd.GeoDataFrame(
        {"kind": [str(i) for i in range(12)]}, geometry=[Point(36, 50)] * 12, crs=4326
    )
    m = Map("Many").add_layer(many, credit="T", style={"by": "kind"})
    with pytest.raises(RecipeError, match=r"has 12 different values, too many to colour"):
        make_model(m.recipe(), offline=True, data=m.data)


# --- Python API ---------------------------------------------------------------------------


def test_make_map_with_data_and_the_builder_give_the_same_model(tmp_path: Path):
    strikes = gpd.GeoDataFrame(
        {"name": ["A", "B"], "casualties": [2, 3]},
        geometry=[Point(36.2, 49.99), Point(36.3, 50.02)],
        crs=4326,
    ).to_crs(3857)  # any CRS
    text = MINIMAL + (
        '[[layers]]\nname = "strikes"\nlabel = "Strikes"\ncredit = "Our reporting"\n'
        'tooltip = ["name", "casualties"]\n'
        '[[figures]]\nid = "c"\nlabel = "Casualties"\nmeasure = "sum"\nlayer = "strikes"\n'
        'field = "casualties"\n'
    )
    r = recipe.loads(text, name="notebook")
    fmap = make_map(r, offline=True, data={"strikes": strikes})
    assert type(fmap).__name__ == "FrontlineMap"
    res = build(r, tmp_path, offline=True, formats=("html", "svg"), data={"strikes": strikes})
    assert res.figures[0]["sum"] == 5
    svg = (tmp_path / "notebook.svg").read_text()
    assert "Strikes" in svg and "Our reporting" in svg
    m = Map("T").add_layer(strikes, label="Strikes", credit="Our reporting", tooltip=["name"])
    assert m.recipe().layers[0].id == "strikes"
    fitted = m.recipe().view.bounds
    assert fitted[0][0] < 36.2 and fitted[1][0] > 36.3
    with pytest.raises(
        RecipeError,
        match=r"data\['strike'\] is not used by any \[\[layers\]\] entry; did you mean 'strikes'",
    ):
        make_model(r, offline=True, data={"strike": strikes})
    with pytest.raises(RecipeError, match=r"layers\[0\]: no data for 'strikes'"):
        make_model(r, offline=True)


def test_quick_is_a_one_liner_and_refuses_data_without_crs():
    gdf = gpd.GeoDataFrame({"name": ["A"]}, geometry=[box(36, 50, 36.1, 50.1)], crs=4326)
    fmap = quick(gdf, title="Quick", credit="Test data")
    html = fmap.get_root().render()
    assert "Test data" in html and '"tooltip":[["name","name"]]' in html
    no_crs = gpd.GeoDataFrame({"name": ["A"]}, geometry=[Point(36, 50)])
    with pytest.raises(RecipeError) as info:
        quick(no_crs, title="Quick", credit="Test")
    assert str(info.value) == (
        "layers[0]: data['data']: has no CRS; set one first, e.g. gdf.set_crs('EPSG:4326') "
        "for lon/lat degrees"
    )


# --- bad input: one line, exit code 2, nothing written ---------------------------------------


def _bad(folder: Path, body: str) -> tuple[int, str, list[str]]:
    path = _recipe(folder, _layer(body), name="bad")
    out = folder / "out"
    code, err = _run(
        ["build", str(path), "--out", str(out), "--offline", "--format", "html,png,svg"]
    )
    return code, err, sorted(p.name for p in out.glob("*")) if out.exists() else []


def _run(argv: list[str]) -> tuple[int, str]:
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stderr(buf), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    return code, buf.getvalue()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('path = "nope.geojson"\ncredit = "c"', r"layers\[0\].path: .*nope.geojson: no such file"),
        ('path = "."\nname = "d"\ncredit = "c"', r"layers\[0\].path: .*: is a directory"),
        (
            'path = "/dev/null"\nname = "n"\ncredit = "c"',
            r"layers\[0\].path: /dev/null: is not a regular file",
        ),
        (
            'path = "empty.geojson"\ncredit = "c"',
            r"layers\[0\].path: .*empty.geojson: .*has no features",
        ),
        (
            'path = "strikes.geojson"\ncredit = "c"\ntooltip = ["name", "casualtes"]',
            r"layers\[0\].tooltip\[1\]: layer 'strikes' has no property 'casualtes'; did you mean 'casualties'",  # noqa: E501
        ),
        (
            'path = "strikes.geojson"\ncredit = "c"\nstyle = { by = "knd" }',
            r"layers\[0\].style.by: layer 'strikes' has no property 'knd'; did you mean 'kind'",
        ),
        (
            'path = "strikes.geojson"\ncredit = "c"\nstyle = { by = "kind", values = { drones = { fill = "#000" } } }',  # noqa: E501
            r"style.values.drones: no feature has kind = 'drones'; did you mean 'drone'",
        ),
        ('path = "strikes.geojson"', r"layers\[0\].credit: missing"),
        (
            'path = "mixed.geojson"\ncredit = "c"',
            r"layers\[0\]: layer 'mixed' mixes polygons \(1 features\) and points \(1 features\); one style cannot draw them all",  # noqa: E501
        ),
        (
            'path = "routes.gpkg"\nlayer = "route"\ncredit = "c"',
            r"no layer 'route'; did you mean 'routes'",
        ),
        ('path = "two.gpkg"\ncredit = "c"', r"has 2 layers \(a, b\); choose one with layer"),
        (
            'path = "nocrs.shp"\ncredit = "c"',
            r"no CRS; set one \(add crs = 'EPSG:\.\.\.' to the layer entry",
        ),
    ],
)
def test_bad_input_is_one_line_exit_2_nothing_written(files: Path, body, message):
    (files / "empty.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    mixed = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Point", "coordinates": [36, 50]},
            },
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[36, 50], [36.1, 50], [36.1, 50.1], [36, 50]]],
                },
            },
        ],
    }
    (files / "mixed.geojson").write_text(json.dumps(mixed))
    one = gpd.GeoDataFrame(geometry=[Point(36, 50)], crs=4326)
    one.to_file(files / "two.gpkg", layer="a")
    one.to_file(files / "two.gpkg", layer="b")
    gpd.GeoDataFrame(geometry=[Point(36, 50)]).to_file(files / "nocrs.shp")
    code, err, written = _bad(files, body)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    import re

    assert re.search(message, lines[0]), lines[0]
    assert written == []


def test_mixed_file_splits_with_geometry_and_crs_key_reads_a_prj_less_file(tmp_path: Path):
    gdf = gpd.GeoDataFrame(
        {"name": ["pt", "area", "road"]},
        geometry=[Point(36, 50), box(36.1, 50, 36.2, 50.1), LineString([(36, 50.2), (36.3, 50.2)])],
        crs=4326,
    )
    gdf.to_file(tmp_path / "mixed.gpkg", layer="m")
    gdf.iloc[:1].to_crs(32637).set_crs(None, allow_override=True).to_file(tmp_path / "utm.shp")
    text = MINIMAL
    for kind in ("polygon", "line", "point"):
        text += f'[[layers]]\npath = "mixed.gpkg"\nname = "m"\ncredit = "c"\ngeometry = "{kind}"\n'
    text += '[[layers]]\npath = "utm.shp"\ncredit = "c"\ncrs = "EPSG:32637"\ntooltip = "name"\n'
    model = make_model(recipe.load(_recipe(tmp_path, text)), offline=True)
    kinds = {lyr.id: lyr.kind for lyr in model.layers if not lyr.basemap}
    assert kinds == {"m-polygon": "fill", "m-line": "line", "m-point": "point", "utm": "point"}
    utm = next(lyr for lyr in model.layers if lyr.id == "utm")
    assert round(utm.geoms[0].x, 3) == 36.0  # transformed from UTM metres


def test_user_layer_maps_are_byte_identical_across_processes(files: Path, tmp_path: Path):
    path = _recipe(files, user_recipe())
    outs = [tmp_path / "a", tmp_path / "b"]
    code = (
        "import sys; from geo.render import build; "
        "build(sys.argv[1], sys.argv[2], offline=True, formats=('html', 'svg'))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "random"}
    for out in outs:
        subprocess.run([sys.executable, "-c", code, str(path), str(out)], check=True, env=env)
    for name in ("mine.html", "mine.svg", "mine.figures.json"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
