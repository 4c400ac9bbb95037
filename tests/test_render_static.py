"""Tests for geo.render.static: PNG/SVG without a browser, deterministic, with the furniture."""

from __future__ import annotations

import dataclasses
import re
import struct
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

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
    assert text.count("CC0-1.0") == 1  # each licence once


def test_credit_uses_short_attributions_deduplicated():
    model = _model()
    same = SimpleNamespace(attribution="Natural Earth (public domain)")
    entries = {"countries": same, "places": same}
    text = credit_text(model, entries)
    assert text.count("Natural Earth (public domain)") == 1
    # Layers without an attribution fall back to their (short) title, not their sources.
    assert "Occupied" in text and "A source" not in text
    assert text.endswith("Data as of 13 November 2024.")
    # Notes in brackets in a licence stay in the HTML: "CC0 (authored)" prints as "CC0".
    model.layer_meta["countries"]["license"] = "CC0 (authored); Public domain (NE)"
    assert "Licences: CC0; Public domain; CC0-1.0; Alpha." in credit_text(model, entries)


def test_long_credit_is_two_lines_with_an_ellipsis():
    r = recipe.loads(recipe_text(), name="fake", path="fake.toml")
    model = make_model(r, offline=True, loader=fake_layers([LONG]).__getitem__)
    layout = compose(model)
    lines = [t for t in layout.footer if t.get_ha() == "left"]
    assert len(lines) == 2
    assert lines[-1].get_text().endswith("…")
    right = layout.fig.bbox.width
    assert all(b.x1 <= right for b in _boxes(layout, layout.footer))
    # The licences and the date survive; only the list of sources is shortened.
    assert lines[-1].get_text() != lines[0].get_text()


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
