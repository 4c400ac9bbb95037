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


VIEW_ONLY = """
[text]
title = "T"
[view]
center = [35.0, 48.5]
zoom = 6
"""
TIMELINE = """
[timeline]
source = "snaps/*.geojson"
credit = "Someone (CC0)"
"""
CHANGES = """
[changes]
from = "a_20240101.geojson"
to = "/data/b_20240201.geojson"
credit = "Someone (CC0)"
"""


def test_timeline_and_changes_parse(tmp_path):
    text = VIEW_ONLY + TIMELINE + 'start = 2024-07-08\nend = "2024-08-01"\nstep_days = 7\n'
    text += 'label = "Held"\ntolerance_km = 0.01\nstyle = { fill = "#AA0000" }\n' + CHANGES
    text += 'lost = { label = "Regained", style = { fill = "#0000ff" }, legend = false }\n'
    r = recipe.loads(text, name="t", path=str(tmp_path / "maps" / "t.toml"))
    tl = r.timeline
    assert tl is not None and r.layers == ()
    assert (tl.source, tl.credit, tl.label) == ("snaps/*.geojson", "Someone (CC0)", "Held")
    assert (tl.start, tl.end, tl.step_days, tl.tolerance_km) == (
        "2024-07-08",
        "2024-08-01",
        7,
        0.01,
    )
    assert tl.interval_ms == 700 and tl.style.fill == "#aa0000"
    assert tl.keyframe_every == 20
    again = recipe.loads(VIEW_ONLY + TIMELINE + "keyframe_every = 1\n", name="t")
    assert again.timeline is not None and again.timeline.keyframe_every == 1
    ch = r.changes
    assert ch is not None and ch.gained.label == "Gained by Russia" and ch.gained.legend
    assert ch.lost.label == "Regained" and not ch.lost.legend and ch.lost.style.fill == "#0000ff"
    # Relative data paths are relative to the recipe file; absolute ones stay.
    assert r.data_path(tl.source) == str(tmp_path / "maps" / "snaps" / "*.geojson")
    assert r.data_path(ch.to_path) == "/data/b_20240201.geojson"
    assert recipe.loads(VIEW_ONLY + TIMELINE, name="t").data_path("x") == "x"
    # Only the catalog layers count as layers (the basemap here).
    assert r.layer_ids() == ("countries",)


@pytest.mark.parametrize(
    ("extra", "key", "fragment"),
    [
        (TIMELINE.replace("source", "sorce"), "timeline.sorce", "did you mean 'source'"),
        (TIMELINE.replace('credit = "Someone (CC0)"', ""), "timeline.credit", "missing; say"),
        (TIMELINE + 'start = "8 July"\n', "timeline.start", "expected a date YYYY-MM-DD"),
        (
            TIMELINE + "start = 2024-08-02\nend = 2024-08-01\n",
            "timeline.start",
            "2024-08-02 is after end 2024-08-01",
        ),
        (TIMELINE + "step_days = 0\n", "timeline.step_days", "out of range"),
        (TIMELINE + "tolerance_km = -1\n", "timeline.tolerance_km", "out of range"),
        (TIMELINE + "keyframe_every = 0\n", "timeline.keyframe_every", "out of range"),
        (TIMELINE + 'source = ""\n', "timeline", "not valid TOML"),
        (TIMELINE.replace('"snaps/*.geojson"', '""'), "timeline.source", "must not be empty"),
        (TIMELINE + "style = { fill = 'red' }\n", "timeline.style.fill", "'red'"),
        ("[timeline]\ncredit = 'x'\n", "timeline.source", "missing; name a folder"),
        (CHANGES.replace("to =", "too ="), "changes.too", "did you mean 'to'"),
        (CHANGES.replace('to = "/data/b_20240201.geojson"', ""), "changes.to", "missing"),
        (CHANGES + 'gained = { lable = "x" }\n', "changes.gained.lable", "did you mean 'label'"),
        (CHANGES + "lost = { legend = 1 }\n", "changes.lost.legend", "true or false"),
        ("", "layers", "at least one [[layers]] entry (or a [timeline] or [changes])"),
    ],
)
def test_timeline_and_changes_errors(extra, key, fragment):
    with pytest.raises(RecipeError) as info:
        recipe.loads(VIEW_ONLY + extra, name="m", path="maps/m.toml")
    msg = str(info.value)
    if fragment == "not valid TOML":  # a repeated key is a TOML error, not ours
        assert msg.startswith("maps/m.toml: not valid TOML"), msg
        return
    assert msg.startswith(f"maps/m.toml: {key}: "), msg
    assert fragment in msg and "\n" not in msg


def test_style_keys_are_the_style_fields_and_sections_parse_in_order():
    from geo import styles
    from geo.recipe import keys, parse

    assert tuple(recipe.Style.__dataclass_fields__) == styles.STYLE_KEYS
    assert tuple(parse._PARSERS) == keys.SECTIONS


@pytest.mark.parametrize(
    ("style", "message"),
    [
        ("{ weight = 25 }", "layers[1].style.weight: 25 is out of range [0, 20]"),
        ("{ fill_opacity = 1.5 }", "layers[1].style.fill_opacity: 1.5 is out of range [0, 1]"),
        ("{ radius = true }", "layers[1].style.radius: expected a number, got True"),
        ("{ dash = '' }", "layers[1].style.dash: expected numbers like '6 4', got ''"),
        ("{ dash = 6 }", "layers[1].style.dash: expected a string, got 6"),
        ("'red'", "layers[1].style: expected a table, got 'red'"),
        (
            "{ hatch = 'dots' }",
            "layers[1].style.hatch: 'dots' is not one of none, diagonal, cross, horizontal, "
            "vertical",
        ),
        (
            "{ colour = '#fff' }",
            "layers[1].style.colour: unknown key; known keys: stroke, weight, fill, "
            "fill_opacity, opacity, dash, hatch, radius",
        ),
    ],
)
def test_style_errors_keep_their_wording(style, message):
    text = MINIMAL + f'[[layers]]\nid = "tumen"\nstyle = {style}\n'
    with pytest.raises(RecipeError) as info:
        recipe.loads(text, name="m", path="maps/m.toml")
    assert str(info.value) == f"maps/m.toml: {message}"


def test_style_values_are_clean():
    text = MINIMAL + (
        '[[layers]]\nid = "tumen"\n'
        'style = { stroke = "#AbC", weight = 2, dash = "6 4", hatch = "cross", radius = 3 }\n'
    )
    style = recipe.loads(text, name="m").layers[1].style
    assert style == recipe.Style(stroke="#abc", weight=2.0, dash="6 4", hatch="cross", radius=3.0)
    assert isinstance(style.weight, float)
