"""Tests for geo.render.static: PNG/SVG without a browser, deterministic, with the furniture."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
from pathlib import Path

from maps_fakes import fake_layers, recipe_text

from geo import recipe
from geo.render import make_model
from geo.render.static import render_static, scale_bar_lengths

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
    for text in ("Test map", "Front", "Sources:", " km", " mi"):
        assert text in svg, text


_SVG = """
import sys
sys.path.insert(0, {tests!r})
from maps_fakes import fake_layers, recipe_text
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
