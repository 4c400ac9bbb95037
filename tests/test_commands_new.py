"""``frontline new`` (:mod:`geo.commands.new`, :mod:`geo.recipe.template`).

Run through the installed console script (``frontline``, or ``python -m geo`` when the venv
has none) in a fresh temporary folder, as a reporter would: ``frontline new demo --data
x.geojson`` then ``frontline build demo.toml`` must work with no edits. Bad input (an
existing recipe, a missing, empty, folder or unreadable data file, a name clash in
``data/``) is one line, exit 2, and nothing written.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from geo import cli
from geo.recipe import bundled, load, loads
from geo.recipe.template import PLACEHOLDER_CREDIT, new_recipe, plan
from geo.render.assets import unpack_data_blocks

BIN = Path(sys.executable).parent / "frontline"
POINTS = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "Antonivskyi Bridge", "kind": "road bridge", "year": 2022},
            "geometry": {"type": "Point", "coordinates": [32.7206, 46.6692]},
        },
        {
            "type": "Feature",
            "properties": {"name": "Kakhovka Dam", "kind": "dam", "year": 2023},
            "geometry": {"type": "Point", "coordinates": [33.3715, 46.7761]},
        },
        {
            "type": "Feature",
            "properties": {"name": "Another dam", "kind": "dam", "year": 2022},
            "geometry": {"type": "Point", "coordinates": [32.797, 46.6754]},
        },
    ],
}
KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Sector</name>
<Polygon><outerBoundaryIs><LinearRing><coordinates>
32.6,46.6,0 33.5,46.6,0 33.5,46.9,0 32.6,46.9,0 32.6,46.6,0
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>
"""


def frontline(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The real console script (``python -m geo`` if the venv has none), run in ``cwd``."""
    cmd = [str(BIN)] if BIN.is_file() else [sys.executable, "-m", "geo"]
    return subprocess.run(
        [*cmd, *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=dict(os.environ)
    )


def write_points(path: Path, doc: dict | None = None) -> Path:
    path.write_text(json.dumps(doc or POINTS), encoding="utf-8")
    return path


def write_lines_gpkg(path: Path, layers: tuple[str, ...] = ("roads",)) -> Path:
    """A GeoPackage of lines in a projected CRS (UTM 36N), one layer per name."""
    import geopandas
    import shapely

    for i, layer in enumerate(layers):
        line = shapely.LineString([(32.70, 46.60 + i * 0.1), (33.40, 46.80 + i * 0.1)])
        gdf = geopandas.GeoDataFrame({"name": [f"Route {i}"]}, geometry=[line], crs=4326).to_crs(
            32636
        )
        gdf.to_file(path, layer=layer, driver="GPKG")
    return path


def assert_refused(proc: subprocess.CompletedProcess, text: str) -> None:
    where = f"stdout={proc.stdout!r} stderr={proc.stderr!r}"
    assert proc.returncode == 2, where
    assert proc.stdout == "" and "Traceback" not in proc.stderr, where
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("frontline new: error: "), where
    assert text in lines[0], where


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


# --- the acceptance test ----------------------------------------------------------------------


def test_new_then_build_works_with_no_edits(tmp_path):
    write_points(tmp_path / "x.geojson")
    made = frontline("new", "demo", "--data", "x.geojson", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "wrote demo.toml" in made.stdout
    assert "frontline build demo.toml" in made.stdout
    built = frontline("build", "demo.toml", "--format", "html,png,svg", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    out = tmp_path / "build" / "maps"
    for suffix in ("html", "png", "svg", "figures.json"):
        assert (out / f"demo.{suffix}").stat().st_size > 0
    # The page's data blocks are packed into one stream: read them as boot.js does.
    html = unpack_data_blocks((out / "demo.html").read_text(encoding="utf-8"))
    assert "Antonivskyi Bridge" in html and "Kakhovka Dam" in html
    assert PLACEHOLDER_CREDIT in html  # the credit the user must replace is on the map
    figures = json.loads((out / "demo.figures.json").read_text(encoding="utf-8"))
    assert "x_count" in json.dumps(figures)


def test_the_recipe_is_commented_and_names_where_the_data_is(tmp_path):
    write_points(tmp_path / "x.geojson")
    made = new_recipe(tmp_path / "demo", data=[tmp_path / "x.geojson"])
    text = made.path.read_text(encoding="utf-8")
    assert text.startswith("# demo.toml: a map recipe, written by `frontline new demo")
    assert "# Data:       x.geojson is used where it is" in text
    assert "docs/recipes.md" in text
    for heading in ("[text]", "[view]", "[basemap]", "[[layers]]", "[[figures]]"):
        before = text.split(f"\n{heading}\n", 1)[0]
        assert before.rstrip().splitlines()[-1].startswith("#"), f"no comment above {heading}"
    layer = tomllib.loads(text)["layers"][0]
    assert layer["path"] == "x.geojson" and layer["credit"].startswith(PLACEHOLDER_CREDIT)
    assert layer["tooltip"] == ["name", "kind", "year"]
    assert layer["style"]["radius"] > 0  # points are drawn as markers
    assert '# style = { by = "kind" }' in text  # a property worth styling by, suggested
    view = tomllib.loads(text)["view"]["bounds"]
    assert view[0][0] < 32.7206 < 33.3715 < view[1][0] and view[0][1] < 46.6692 < view[1][1]


def test_three_formats_from_elsewhere_are_copied_and_build(tmp_path):
    src = tmp_path / "downloads"
    src.mkdir()
    write_points(src / "bridges.geojson")
    write_lines_gpkg(src / "routes.gpkg")
    (src / "sector.kml").write_text(KML, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    args = ["--data", "../downloads/bridges.geojson", "../downloads/routes.gpkg"]
    made = frontline("new", "three", *args, "--data", "../downloads/sector.kml", cwd=work)
    assert made.returncode == 0, made.stderr
    assert files_in(work / "data") == ["bridges.geojson", "routes.gpkg", "sector.kml"]
    doc = tomllib.loads((work / "three.toml").read_text(encoding="utf-8"))
    kinds = {layer["path"]: layer["style"] for layer in doc["layers"]}
    assert "radius" in kinds["data/bridges.geojson"]
    assert set(kinds["data/routes.gpkg"]) == {"stroke", "weight"}  # lines: no fill
    assert "fill_opacity" in kinds["data/sector.kml"]
    measures = [f["measure"] for f in doc["figures"]]
    assert measures == ["area", "length", "count"]  # drawn polygons, lines, points
    built = frontline("build", "three.toml", "--offline", cwd=work)
    assert built.returncode == 0, built.stderr
    html = (work / "build" / "maps" / "three.html").read_text(encoding="utf-8")
    assert "Route 0" in html or "routes" in html


def test_a_multi_layer_geopackage_gives_one_entry_per_layer(tmp_path):
    write_lines_gpkg(tmp_path / "two.gpkg", layers=("north", "south"))
    made = new_recipe(tmp_path / "m", data=[tmp_path / "two.gpkg"])
    assert [(d.layer, d.name) for d in made.layers] == [
        ("north", "two-north"),
        ("south", "two-south"),
    ]
    doc = tomllib.loads(made.text)
    assert [layer["layer"] for layer in doc["layers"]] == ["north", "south"]


def test_a_shapefile_travels_with_its_sidecars(tmp_path):
    import geopandas
    import shapely

    src = tmp_path / "in"
    src.mkdir()
    gdf = geopandas.GeoDataFrame({"name": ["a"]}, geometry=[shapely.Point(30, 50)], crs=4326)
    gdf.to_file(src / "pts.shp")
    (tmp_path / "out").mkdir()
    made = new_recipe(tmp_path / "out" / "s", data=[src / "pts.shp"])
    copied = files_in(tmp_path / "out" / "data")
    assert {"pts.shp", "pts.shx", "pts.dbf", "pts.prj"} <= set(copied)
    assert made.layers[0].path == "data/pts.shp"
    load(made.path)


@pytest.mark.parametrize("start", sorted(bundled()))
def test_from_a_bundled_map_keeps_it_and_adds_the_data(tmp_path, start):
    write_points(tmp_path / "x.geojson")
    made = new_recipe(tmp_path / "b", start=start, data=[tmp_path / "x.geojson"])
    original = load(bundled()[start])
    recipe = load(made.path)
    assert recipe.text == original.text
    assert [s.id for s in recipe.layers] == [s.id for s in original.layers] + ["x"]
    assert f"--from {start}" in made.text.splitlines()[0]
    assert made.text.count("\n[text]") == 1 and "# Words on the map" in made.text


def test_from_kursk_builds(tmp_path):
    write_points(tmp_path / "x.geojson")
    assert (
        frontline("new", "k", "--from", "kursk", "--data", "x.geojson", cwd=tmp_path).returncode
        == 0
    )
    built = frontline("build", "k.toml", "--offline", cwd=tmp_path)
    assert built.returncode == 0, built.stderr


def test_blank_without_data_builds(tmp_path):
    assert frontline("new", "empty", cwd=tmp_path).returncode == 0
    built = frontline("build", "empty.toml", "--offline", cwd=tmp_path)
    assert built.returncode == 0, built.stderr


# --- what it refuses --------------------------------------------------------------------------


def test_refuses_to_overwrite_and_writes_nothing(tmp_path):
    write_points(tmp_path / "x.geojson")
    (tmp_path / "demo.toml").write_text("# mine\n", encoding="utf-8")
    before = files_in(tmp_path)
    proc = frontline("new", "demo", "--data", "x.geojson", cwd=tmp_path)
    assert_refused(proc, "demo.toml: already exists")
    assert (tmp_path / "demo.toml").read_text(encoding="utf-8") == "# mine\n"
    assert files_in(tmp_path) == before


@pytest.mark.parametrize(
    ("make", "text"),
    [
        (lambda d: d / "missing.geojson", "missing.geojson: no such file"),
        (lambda d: (d / "folder").mkdir() or d / "folder", "folder: is a folder"),
        (
            lambda d: write_points(
                d / "empty.geojson", {"type": "FeatureCollection", "features": []}
            ),
            "empty.geojson",
        ),
        (
            lambda d: (d / "junk.gpkg").write_bytes(b"\x00not a geopackage") and d / "junk.gpkg",
            "junk.gpkg",
        ),
        (
            lambda d: (d / "bad.geojson").write_text("{ not json") and d / "bad.geojson",
            "bad.geojson",
        ),
    ],
    ids=["missing", "folder", "no-features", "not-ogr", "bad-json"],
)
def test_bad_data_is_one_line_and_nothing_is_written(tmp_path, make, text):
    src = tmp_path / "in"
    src.mkdir()
    bad = make(src)
    write_points(src / "good.geojson")
    work = tmp_path / "work"
    work.mkdir()
    proc = frontline("new", "demo", "--data", str(src / "good.geojson"), str(bad), cwd=work)
    assert_refused(proc, text)
    assert files_in(work) == []  # not the recipe, not the good file's copy


def test_a_clash_in_data_is_refused_before_anything_is_written(tmp_path):
    write_points(tmp_path / "in" / "x.geojson") if (tmp_path / "in").mkdir() is None else None
    (tmp_path / "work" / "data").mkdir(parents=True)
    (tmp_path / "work" / "data" / "x.geojson").write_text("{}", encoding="utf-8")
    proc = frontline(
        "new", "demo", "--data", str(tmp_path / "in" / "x.geojson"), cwd=tmp_path / "work"
    )
    assert_refused(proc, "x.geojson: already exists")
    assert not (tmp_path / "work" / "demo.toml").exists()
    # the same file already there is reused, not refused
    shutil.copyfile(tmp_path / "in" / "x.geojson", tmp_path / "work" / "data" / "x.geojson")
    proc = frontline(
        "new", "demo", "--data", str(tmp_path / "in" / "x.geojson"), cwd=tmp_path / "work"
    )
    assert proc.returncode == 0, proc.stderr


def test_bad_name_and_bad_start(tmp_path, capsys):
    assert cli.main(["new", str(tmp_path / "bad name")]) == 2
    assert "must be letters, digits" in capsys.readouterr().err
    assert cli.main(["new", str(tmp_path / "ok"), "--from", "frnt"]) == 2
    assert "did you mean 'front'?" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# --- hostile strings stay data ----------------------------------------------------------------


def test_hostile_property_and_file_names_cannot_change_the_recipe(tmp_path):
    evil = '"]\n[static]\nwidth = 1 # <script>alert(1)</script>\x7f'
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {evil: "<img src=x onerror=alert(1)>", "name": "${alert(1)}"},
                "geometry": {"type": "Point", "coordinates": [30.5, 50.45]},
            }
        ],
    }
    path = write_points(tmp_path / 'we"ird ]name.geojson', doc)
    made = plan(tmp_path / "h", data=[path])
    parsed = tomllib.loads(made.text)
    assert "static" not in parsed
    assert parsed["layers"][0]["tooltip"] == ["name", evil]
    assert parsed["layers"][0]["path"] == 'we"ird ]name.geojson'
    loads(made.text, name="h")


def test_a_file_name_with_a_line_break_stays_in_its_comment(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    path = write_points(src / "a\n[static]\nwidth = 1\x7f.geojson")
    (tmp_path / "out").mkdir()
    made = plan(tmp_path / "out" / "n", data=[path])
    assert "static" not in tomllib.loads(made.text)
