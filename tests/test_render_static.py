"""Tests for geo.render.static: PNG/SVG without a browser, deterministic, with the furniture."""

from __future__ import annotations

import dataclasses
import re
import struct
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from helpers.maps import LONG, fake_layers, recipe_text

from geo import recipe
from geo.render import make_model, simplify
from geo.render.static import compose, credit_text, render_static, scale_bar_lengths

TESTS = Path(__file__).resolve().parent


def _model():
    r = recipe.loads(recipe_text(), name="fake", path="fake.toml")
    return make_model(r, offline=True, loader=fake_layers().__getitem__)


def test_png_size_and_determinism():
    model = _model()
    a, b = render_static(model, "png"), render_static(model, "png")
    assert a == b
    assert a[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", a[16:24])
    assert (width, height) == (1600, 900)  # 800×450 CSS px at 2×


def test_svg_has_text_and_no_date():
    svg = render_static(_model(), "svg").decode("utf-8")
    assert "<dc:date>" not in svg and not re.search(r"20\d\d-\d\d-\d\dT", svg)
    # matplotlib draws text as paths with the string in a comment/title; check the furniture.
    for text in ("Test map", "Front", "Sources:", "Data as of 13 November 2024", " km", " mi"):
        assert text in svg, text


_SVG = """
import sys
sys.path.insert(0, {tests!r})
from helpers.maps import fake_layers, recipe_text
from geo import recipe
from geo.render import make_model
from geo.render.static import render_static
r = recipe.loads(recipe_text(), name="fake", path="fake.toml")
m = make_model(r, offline=True, loader=fake_layers().__getitem__)
sys.stdout.buffer.write(render_static(m, "svg"))
"""


def test_svg_identical_across_processes():
    code = _SVG.format(tests=str(TESTS))
    outs = [
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True).stdout
        for _ in range(2)
    ]
    assert outs[0] == outs[1] and outs[0].startswith(b"<?xml")


def test_scale_bar_lengths_are_round():
    km, mi = scale_bar_lengths(0.62, 300_000)
    assert km == 100_000 and abs(mi - 100 * 1609.344) < 1e-6
    km, mi = scale_bar_lengths(0.74, 5_000)
    assert km == 2_000 and abs(mi - 2 * 1609.344) < 1e-6


# ------------------------------------------------------------------ layout (compose)


def _crowded_model(static: str = ""):
    """The fake model plus free-text labels piled on one spot, to force collisions."""
    extra = "".join(
        f'\n[[labels]]\ntext = "Crowd {i}"\nat = [35.0, 48.3]\nposition = "center"\n'
        for i in range(6)
    )
    r = recipe.loads(recipe_text() + extra + static, name="fake", path="fake.toml")
    return make_model(r, offline=True, loader=fake_layers().__getitem__)


def _boxes(layout, artists):
    return [layout.box(a) for a in artists]


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_credits_are_in_a_footer_band_below_the_map():
    layout = compose(_model())
    renderer = layout.fig.canvas.get_renderer()
    map_box = layout.map_ax.get_window_extent(renderer)
    assert layout.footer, "no credit line"
    for box in _boxes(layout, layout.footer):
        assert box.y1 <= map_box.y0 + 0.5, (box, map_box)  # below the map, not over it
        assert box.x0 >= 0 and box.x1 <= layout.fig.bbox.width
    for box in _boxes(layout, layout.header):
        assert box.y0 >= map_box.y1 - 0.5, (box, map_box)  # the header is above it
    credit_lines = [t.get_text() for t in layout.footer if t.get_ha() == "left"]
    assert 1 <= len(credit_lines) <= 2
    text = " ".join(credit_lines)
    assert text.startswith("Sources:") and "Data as of 13 November 2024." in text
    # The reader's credit: each source by name with its short licence, no file names.
    assert "Occupied (CC0-1.0)" in text and "Licence" not in text


def test_credit_uses_short_attributions_deduplicated():
    model = _model()
    same = SimpleNamespace(attribution="Natural Earth (public domain)")
    entries = {"countries": same, "places": same}
    text = credit_text(model, entries)
    # Reader-facing: the source by name once; the bracketed licence note is for the notes.
    assert text.count("Natural Earth") == 1 and "(public domain)" not in text
    # Layers without an attribution fall back to their (short) title, not their sources.
    assert "Occupied" in text and "A source" not in text
    assert text.endswith("Data as of 13 November 2024.")
    # Notes in brackets in a licence stay in the HTML: "CC0 (authored)" prints as "CC0".
    model.layer_meta["occupied-2024-11-13"]["license"] = "CC0 (authored); Public domain (NE)"
    assert "Occupied (CC0)" in credit_text(model, entries)


def test_long_credit_is_two_lines_with_an_ellipsis():
    r = recipe.loads(recipe_text(), name="fake", path="fake.toml")
    model = make_model(r, offline=True, loader=fake_layers([LONG]).__getitem__)
    layout = compose(model)
    lines = [t for t in layout.footer if t.get_ha() == "left"]
    assert 1 <= len(lines) <= 2
    text = " ".join(t.get_text() for t in lines)
    right = layout.fig.bbox.width
    assert all(b.x1 <= right for b in _boxes(layout, layout.footer))
    # The date survives; only the list of sources is shortened, with an ellipsis.
    assert "…" in text and text.endswith("Data as of 13 November 2024.")


def test_placed_labels_never_overlap_each_other_or_furniture():
    layout = compose(_crowded_model())
    renderer = layout.fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in layout.labels]
    assert len(boxes) >= 5
    assert any(s.startswith("Crowd") for s in layout.skipped)  # the pile could not all fit
    assert any(t.get_text().startswith("Crowd") for t in layout.labels)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not _overlap(a, b), (a, b)
        for name, f in layout.furniture.items():
            assert not _overlap(a, f), name
    map_box = layout.map_ax.get_window_extent(renderer)
    for b in boxes:
        assert map_box.x0 <= b.x0 and b.x1 <= map_box.x1
        assert map_box.y0 <= b.y0 and b.y1 <= map_box.y1


def test_labels_are_placed_in_rank_order():
    model = _model()
    spot = {"lon": 36.0, "lat": 49.0, "position": "right", "kind": "place", "dot": True}
    labels = [{**spot, "text": f"Minor {i}", "rank": 3} for i in range(8)] + [
        {**spot, "text": "Major", "rank": 1}
    ]
    layout = compose(dataclasses.replace(model, labels=labels, callouts=[]))
    assert layout.labels[0].get_text() == "Major"
    assert layout.labels[0].get_ha() == "left"  # it got its preferred side
    assert layout.skipped and all(s.startswith("Minor") for s in layout.skipped)


def test_callout_box_keeps_clear_of_its_anchor():
    model = _model()
    assert model.callouts
    layout = compose(model)
    for i, c in enumerate(model.callouts):
        at = simplify.to_mercator(np.array([c["at"]]))[0]
        x, y = layout.map_ax.transData.transform(tuple(at))
        box = layout.furniture[f"callout-{i}"]
        assert not (box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1)


@pytest.mark.parametrize(
    "static", ["", "\n[static]\nwidth = 400\nheight = 800\n", "\n[static]\nwidth = 1200\n"]
)
def test_view_bounds_fit_inside_the_map_axes(static):
    model = _crowded_model(static)
    layout = compose(model)
    ax = layout.map_ax
    box = ax.get_window_extent(layout.fig.canvas.get_renderer())
    corners = simplify.to_mercator(np.asarray(model.bounds, dtype=float))
    for x, y in ax.transData.transform(corners):
        assert box.x0 - 1e-6 <= x <= box.x1 + 1e-6 and box.y0 - 1e-6 <= y <= box.y1 + 1e-6
    # One Mercator metre is as long across as up: the map is not stretched.
    x0, x1, y0, y1 = layout.extent
    assert (x1 - x0) / (y1 - y0) == pytest.approx(box.width / box.height, rel=1e-9)
    # The map fills the band between header and footer, edge to edge.
    assert box.width == pytest.approx(layout.fig.bbox.width)
    header_bottom = min(b.y0 for b in _boxes(layout, layout.header))
    assert header_bottom >= box.y1 - 0.5 and box.height > 0.55 * layout.fig.bbox.height


# --- An SVG a desk can edit (issue 11) --------------------------------------------------


def test_svg_has_live_text_and_named_groups():
    model = _model()
    svg = render_static(model, "svg").decode("utf-8")
    assert svg.count("<text") >= 3  # title, dek, credits at least: text, not outlines
    assert "font-family" in svg or "font:" in svg
    for gid in ("header", "credits", "legend", "labels"):
        assert f'id="{gid}"' in svg, gid
    assert re.search(r'id="layer-[a-z0-9-]+"', svg)
    # Group ids are unique (a second run of one group is numbered).
    ids = re.findall(r' id="([^"]+)"', svg)
    assert len(ids) == len(set(ids))
    # The PNG is unaffected by the SVG's font setting: still a valid, deterministic PNG.
    assert render_static(model, "png") == render_static(model, "png")


@pytest.mark.parametrize("name", ["kursk", "tumen"])
def test_bundled_svg_is_small_and_editable(name):
    model = make_model(name, offline=True)
    svg = render_static(model, "svg")
    assert len(svg) < 600_000
    text = svg.decode("utf-8")
    assert text.count("<text") >= 10
    assert 'id="credits"' in text and 'id="labels"' in text and 'id="legend"' in text
    assert render_static(model, "svg") == svg  # deterministic


def test_a_dot_whose_label_found_no_room_is_removed():
    from geo.render.static.labels import drop_unnamed_dots

    model = _model()
    layout = compose(model)
    ax = layout.map_ax
    town = next(lab for lab in model.labels if lab.get("dot"))
    at = ax.transData.transform(simplify.to_mercator(np.array([[town["lon"], town["lat"]]])))[0]

    def markers_near() -> int:
        n = 0
        for coll in ax.collections:
            offs = np.asarray(coll.get_offsets())
            if offs.ndim == 2 and len(offs) and str(coll.get_gid() or "").startswith("layer-"):
                n += int((np.hypot(*(ax.transData.transform(offs) - at).T) <= 2).sum())
        for line in ax.lines:
            if str(line.get_gid() or "").startswith("labels"):
                xy = np.column_stack([line.get_xdata(), line.get_ydata()]).astype(float)
                n += int((np.hypot(*(ax.transData.transform(xy) - at).T) <= 2).sum())
        return n

    assert markers_near() >= 1  # the town is marked while it is named
    layout.skipped.append(str(town["text"]))  # as if its label had found no room
    band: Any = SimpleNamespace(ax=ax)
    assert drop_unnamed_dots(layout, model, band) == [town["text"]]
    assert markers_near() == 0


# --- A dark static image ([static] theme = "dark") ----------------------------------------


def _dark(name: str | None = None):
    if name is None:
        text = recipe_text() + '\n[static]\ntheme = "dark"\n'
        r = recipe.loads(text, name="fake-dark", path="fake.toml")
        return make_model(r, offline=True, loader=fake_layers().__getitem__)
    light = recipe.load(recipe.find(name))
    dark = dataclasses.replace(light, static=dataclasses.replace(light.static, theme="dark"))
    return make_model(dark, offline=True)


def _texts(layout) -> list[Any]:
    from matplotlib.text import Text

    return [t for t in layout.fig.findobj(Text) if t.get_text().strip() and t.get_visible()]


def test_static_theme_is_light_by_default_and_dark_on_request():
    from matplotlib.colors import to_hex

    from geo.render.static.theme import DARK, LIGHT

    assert recipe.loads(recipe_text(), name="fake").static.theme == "light"
    light, dark = compose(_model()), compose(_dark())
    assert to_hex(light.fig.get_facecolor()) == LIGHT.paper
    assert to_hex(dark.fig.get_facecolor()) == DARK.paper
    # The PNG's top-left pixel is the paper's colour, and the dark one is deterministic.
    png = render_static(_dark(), "png")
    assert png == render_static(_dark(), "png")
    from io import BytesIO

    from PIL import Image

    pixel = Image.open(BytesIO(png)).convert("RGB").getpixel((2, 2))
    assert "#{:02x}{:02x}{:02x}".format(*pixel) == DARK.paper
    assert render_static(_model(), "png") != png


def test_dark_static_text_is_legible_on_its_background():
    from matplotlib.colors import to_hex

    from geo.render.static.theme import DARK, contrast

    layout = compose(_dark())
    map_text = set(map(id, layout.labels))
    haloed = 0
    for t in _texts(layout):
        colour = to_hex(t.get_color())
        halo = [e._gc.get("foreground") for e in t.get_path_effects() if hasattr(e, "_gc")]
        # Header and footer text sit on the paper; map text on its halo (or the legend).
        behind = DARK.paper
        if halo and halo[0] is not None:
            behind = to_hex(halo[0])
            assert behind == DARK.halo
            haloed += 1
        elif id(t) in map_text:
            pytest.fail(f"map label {t.get_text()!r} has no halo")
        assert contrast(colour, behind) >= 4.5, (t.get_text(), colour, behind)
    assert haloed >= len(layout.labels) >= 1


def test_dark_basemap_is_the_pages_filter_and_recipe_layers_keep_their_colours():
    from geo.render.static.theme import CASING_COLOUR, filter_colour, themed_layer

    # The page's CSS filter, checked against Chromium: the light sea becomes #252c31.
    assert filter_colour("#dbe6ee") == "#252c31"
    model = make_model("tumen", offline=True)
    for lyr in model.drawn_layers():
        dark = themed_layer(lyr, "dark")
        assert themed_layer(lyr, "light") is lyr
        if lyr.basemap:
            for key in ("stroke", "fill"):
                if str(lyr.style.get(key, "none")).startswith("#"):
                    assert dark.style[key] == filter_colour(lyr.style[key]), (lyr.id, key)
        else:
            same = {k: v for k, v in dark.style.items() if k != "casing"}
            assert same == lyr.style, lyr.id
    # The border (#6a1b9a, too dark on dark land) gets a light casing; the dots do not.
    border = next(lyr for lyr in model.drawn_layers() if lyr.kind == "line" and not lyr.basemap)
    assert themed_layer(border, "dark").style.get("casing") == CASING_COLOUR


def test_dark_svg_halo_is_dark_and_text_stays_text():
    from geo.render.static.theme import DARK

    svg = render_static(_dark("tumen"), "svg").decode("utf-8")
    assert svg.count("<text") >= 10 and len(svg) < 600_000
    labels = svg[svg.index('id="labels"') :]
    assert f'stroke="{DARK.halo}"' in labels and 'stroke="#ffffff"' not in labels[:2000]
    assert DARK.paper in svg


def test_a_bad_static_theme_is_one_clear_error():
    from geo.errors import RecipeError

    with pytest.raises(RecipeError, match=r"static\.theme.*'drak'.*did you mean 'dark'"):
        recipe.loads(recipe_text() + '\n[static]\ntheme = "drak"\n', name="x", path="x.toml")
    with pytest.raises(RecipeError, match=r"static\.theme"):
        recipe.loads(recipe_text() + '\n[static]\ntheme = "auto"\n', name="x", path="x.toml")
