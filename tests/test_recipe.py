"""Tests for geo.recipe: parsing, validation and helpful errors."""

from __future__ import annotations

import pytest

from geo import recipe
from geo.errors import RecipeError

MINIMAL = """
[text]
title = "T"
[view]
center = [35.0, 48.5]
zoom = 6
[[layers]]
id = "front-line-2024-11-13"
"""


def test_bundled_recipes_parse():
    maps = recipe.bundled()
    assert set(maps) == {"front", "kursk", "tumen", "overview"}
    for name, path in maps.items():
        r = recipe.load(path)
        assert r.name == name
        assert r.text.title and r.text.alt and r.text.as_of == "2024-11-13"
        assert r.view.max_zoom >= r.view.min_zoom
        assert r.layers


def test_overview_has_distance_figure():
    r = recipe.load(recipe.find("overview"))
    kinds = {f.measure for f in r.figures}
    assert "distance" in kinds
    assert "tumen" in r.layer_ids() and "front-line-2024-11-13" in r.layer_ids()


def test_minimal_defaults():
    r = recipe.loads(MINIMAL, name="m")
    assert r.basemap.is_vector and r.inset.enabled
    assert r.view.center == (35.0, 48.5)
    assert r.layers[0].legend is True
    assert r.layer_ids() == ("countries", "front-line-2024-11-13")


def test_frozen():
    r = recipe.loads(MINIMAL, name="m")
    with pytest.raises(AttributeError):
        r.name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("extra", "key", "fragment"),
    [
        (
            '[[layers]]\nid = "tumen"\nstyle = { fil = "#ffffff" }\n',
            "layers[1].style.fil",
            "did you mean 'fill'",
        ),
        ('[[layers]]\nid = "tumen"\nlable = "x"\n', "layers[1].lable", "did you mean 'label'"),
        ("[inset]\nenabeld = true\n", "inset.enabeld", "did you mean 'enabled'"),
        ('[basemap]\nprovider = "CartoDB.Positrn"\n', "basemap.provider", "CartoDB.Positron"),
        (
            '[[layers]]\nid = "tumen"\nstyle = { stroke = "red;x" }\n',
            "layers[1].style.stroke",
            "'red;x'",
        ),
        (
            '[[layers]]\nid = "tumen"\nstyle = { hatch = "diagnal" }\n',
            "layers[1].style.hatch",
            "did you mean 'diagonal'",
        ),
        (
            '[[figures]]\nid = "f"\nlabel = "F"\nmeasure = "lenght"\nlayer = "tumen"\n',
            "figures[0].measure",
            "did you mean 'length'",
        ),
        ('[[labels]]\ntext = "A"\nat = [200, 10]\n', "labels[0].at[0]", "200"),
    ],
)
def test_errors_name_file_key_and_value(extra, key, fragment):
    with pytest.raises(RecipeError) as info:
        recipe.loads(MINIMAL + extra, name="m", path="maps/m.toml")
    msg = str(info.value)
    assert msg.startswith(f"maps/m.toml: {key}: "), msg
    assert fragment in msg
    assert info.value.key == key and "\n" not in msg


def test_unknown_section_suggests():
    with pytest.raises(RecipeError, match=r"figurs: unknown key; did you mean 'figures'"):
        recipe.loads(MINIMAL + "[figurs]\n", name="m")


def test_view_needs_bounds_or_center_zoom():
    text = MINIMAL.replace("zoom = 6\n", "")
    with pytest.raises(RecipeError, match="view: give bounds"):
        recipe.loads(text, name="m")
    bad = MINIMAL.replace("center = [35.0, 48.5]\nzoom = 6", "bounds = [[40, 50], [30, 45]]")
    with pytest.raises(RecipeError, match=r"view\.bounds: south-west"):
        recipe.loads(bad, name="m")


def test_missing_title_and_bad_date():
    with pytest.raises(RecipeError, match=r"text.title: missing"):
        recipe.loads(MINIMAL.replace('title = "T"', 'dek = "d"'), name="m")
    with pytest.raises(RecipeError, match=r"text.as_of: expected a date YYYY-MM-DD, got '13/11'"):
        recipe.loads(MINIMAL.replace('title = "T"', 'title = "T"\nas_of = "13/11"'), name="m")


def test_bad_toml_and_missing_file(tmp_path):
    with pytest.raises(RecipeError, match="not valid TOML"):
        recipe.loads("[text\n", name="m", path="x.toml")
    with pytest.raises(RecipeError, match="cannot read recipe"):
        recipe.load(tmp_path / "nope.toml")
    bad = tmp_path / "latin.toml"
    bad.write_bytes(b'[text]\ntitle = "\xe9"\n')
    with pytest.raises(RecipeError, match=str(bad)):
        recipe.load(bad)


def test_find_suggests_bundled_names():
    assert recipe.find("front").name == "front.toml"
    with pytest.raises(RecipeError, match="did you mean 'front'"):
        recipe.find("frnt")


def test_duplicate_layer_and_figure_ids():
    with pytest.raises(RecipeError, match=r"layers\[1\].id: 'front-line-2024-11-13' is listed"):
        recipe.loads(MINIMAL + '[[layers]]\nid = "front-line-2024-11-13"\n', name="m")


def test_point_refs_and_distance():
    text = MINIMAL + (
        '[[figures]]\nid = "d"\nlabel = "D"\nmeasure = "distance"\n'
        'start = "places:Kursk"\nend = [130.6, 42.4]\n'
    )
    r = recipe.loads(text, name="m")
    assert r.figures[0].start == "places:Kursk" and r.figures[0].end == (130.6, 42.4)
    assert "places" in r.layer_ids()
    with pytest.raises(RecipeError, match=r"figures\[0\]\.start: expected \[lon, lat\]"):
        recipe.loads(text.replace('"places:Kursk"', '"Kursk"'), name="m")
