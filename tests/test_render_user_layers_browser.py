"""Browser acceptance for the caller's own layers (pytest -m browser): headless Chromium.

A recipe draws three files written here from hand-made coordinates: points from GeoJSON
(styled by ``kind``), lines from a GeoPackage in UTM 37N metres (a projected CRS) and
polygons from KML (styled by ``status``, the grey zone hatched). The page must draw every
feature, show the listed fields as text when a line and a polygon are hovered, list one
legend entry per ``style.by`` value under the layer's heading, credit each layer, and the
PNG and SVG must show the layers too. With the XSS corpus in property names, values and
credits, nothing runs and every string shows literally.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from helpers.maps import LONG, PAYLOADS
from helpers.user_data import CREDITS, KINDS, LINES, POINTS, POLYGONS, user_recipe, write_user_files
from test_render_browser import _open

from geo import recipe
from geo.render import build, make_model

pytestmark = pytest.mark.browser

#: A point on a path (its middle by length, or its box's centre for a polygon), in page px,
#: and whether that path is what the page has at that point.
POINT_ON = """([sel, index, polygon]) => {
  const path = document.querySelectorAll(sel)[index];
  let p;
  if (polygon) {
    const b = path.getBBox();
    p = new DOMPoint(b.x + b.width / 2, b.y + b.height / 2);
  } else {
    p = path.getPointAtLength(path.getTotalLength() / 2);
  }
  const q = p.matrixTransform(path.getScreenCTM());
  return {x: q.x, y: q.y, hit: document.elementFromPoint(q.x, q.y) === path};
}"""

TIP_ROWS = """() => Array.from(document.querySelectorAll('.leaflet-tooltip .fl-tip-row'),
  (r) => [r.querySelector('.fl-tip-key').textContent,
          r.querySelector('.fl-tip-value').textContent])"""


def _built(tmp_path: Path, strings=None, *, tooltip_all=False):
    write_user_files(tmp_path, strings)
    (tmp_path / "mine.toml").write_text(user_recipe(strings, tooltip_all=tooltip_all))
    r = recipe.load(tmp_path / "mine.toml")
    out = tmp_path / "out"
    build(r, out, offline=True, formats=("html", "png", "svg"))
    return make_model(r, offline=True), out


def _hover(page, sel: str, index: int, polygon: bool):
    where = page.evaluate(POINT_ON, [sel, index, polygon])
    assert where["hit"], f"{sel}[{index}] is covered at its middle"
    page.mouse.move(where["x"], where["y"])
    page.wait_for_timeout(150)
    return page.evaluate(TIP_ROWS)


def test_three_file_layers_drawn_hovered_legended_credited(browser, tmp_path):
    model, out = _built(tmp_path)
    page, state = _open(browser, out / "mine.html", "user_layers")
    try:
        counts = page.evaluate(
            """() => {
              const out = {};
              for (const p of document.querySelectorAll('path.fl-layer')) {
                for (const c of p.classList) if (c.startsWith('fl-layer-'))
                  out[c.slice(9)] = (out[c.slice(9)] || 0) + 1;
              }
              return out;
            }"""
        )
        # One path per feature: polygons (two classes), lines, points (three classes).
        assert counts["zones"] == len(POLYGONS) and counts["routes"] == len(LINES)
        assert counts["strikes"] == len(POINTS)
        assert counts["strikes-v0"] == 2 and counts["zones-v1"] == 1
        assert state["errors"] == [] and state["requests"] == []

        # Hover a line and a polygon: the listed fields, labelled, as text.
        rows = _hover(page, "path.fl-layer-routes", 0, polygon=False)
        name, date, _ = LINES[0]
        assert rows[:2] == [["name", name], ["date", date]]
        assert rows[2][0] == "Length" and rows[2][1].endswith(" mi)") and " km (" in rows[2][1]
        page.mouse.move(5, 740)
        page.wait_for_timeout(100)
        rows = _hover(page, "path.fl-layer-zones-v1", 0, polygon=True)
        zone, status, _ = POLYGONS[1]
        assert rows[:2] == [["Zone", zone], ["Status", status]]
        assert rows[2][0] == "Area" and "km² (" in rows[2][1]

        # Legend: each layer's heading, then one entry per style.by value.
        legend = page.evaluate(
            "() => Array.from(document.querySelectorAll('.fl-legend-item'),"
            " (li) => [li.classList.contains('fl-legend-heading'), li.textContent])"
        )
        assert legend == [
            [True, "Strikes"],
            [False, "drone"],
            [False, "Missile strike"],
            [False, "shelling"],
            [False, "Routes"],
            [True, "Zones"],
            [False, "evacuated"],
            [False, "Contested (grey zone)"],
        ]
        assert len(KINDS) == 3
        # The grey zone is hatched on the map and in its legend swatch.
        fills = page.evaluate(
            """() => [
              document.querySelector('path.fl-layer-zones-v1').getAttribute('fill'),
              document.querySelectorAll('.fl-legend-item svg rect')[1].getAttribute('fill'),
            ]"""
        )
        assert all(f.startswith("url(#fl-hatch-") for f in fills), fills
        # One switcher entry per layer (classes share theirs).
        page.hover(".leaflet-control-layers")
        switcher = page.evaluate(
            "() => Array.from(document.querySelectorAll('.leaflet-control-layers-overlays"
            " label > span > span'), (s) => s.textContent.trim())"
        )
        assert switcher[:3] == ["Zones", "Routes", "Strikes"], switcher

        page.click(".fl-credits-summary")
        credits = page.text_content(".fl-credit-line")
        for credit in CREDITS.values():
            assert credit in credits
        assert "https://example.org/strikes" in credits
        assert "5 strikes, 27 casualties" in page.text_content(".fl-dek")
    finally:
        page.close()
    _check_static(out, model)


def _check_static(out: Path, model) -> None:
    """The PNG and SVG draw every layer: each class's colour is in them, the hatch too."""
    from matplotlib.image import imread

    colours = {lyr.id: lyr.style.get("fill") or lyr.style["stroke"] for lyr in model.layers[1:]}
    svg = (out / "mine.svg").read_text()
    for lid, colour in colours.items():
        assert colour in svg, (lid, colour)
    assert "<pattern" in svg or "hatch" in svg  # matplotlib writes hatches as patterns
    png = imread(io.BytesIO((out / "mine.png").read_bytes()))[..., :3]
    for lid, colour in colours.items():
        if lid.startswith("zones"):  # translucent fills: blended with the land
            continue
        rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
        near = (np.abs(png - rgb).max(axis=2) < 0.04).sum()
        assert near > 20, (lid, colour, near)


def test_xss_in_property_names_values_and_credits_is_inert(browser, tmp_path):
    strings = [*PAYLOADS, LONG]
    model, out = _built(tmp_path, strings, tooltip_all=True)
    page, state = _open(browser, out / "mine.html", "user_layers_xss")
    try:
        page.click(".fl-credits-summary")
        shown: list[str] = []
        for sel, polygon in (
            ("path.fl-layer-routes", False),
            ("path.fl-layer-zones-v1", True),
        ):
            n = page.locator(sel).count()
            for i in range(n):
                shown += [t for row in _hover(page, sel, i, polygon) for t in row]
                page.mouse.move(5, 740)
        # Every point: its tooltip (all properties) and its popup.
        n_points = page.locator("path.fl-layer-strikes").count()
        for i in range(n_points):
            page.locator("path.fl-layer-strikes").nth(i).hover(force=True)
            page.wait_for_timeout(80)
            shown += [t for row in page.evaluate(TIP_ROWS) for t in row]
        page.locator("path.fl-layer-strikes").nth(0).click(force=True)
        page.wait_for_timeout(150)
        popup = page.evaluate(
            "() => Array.from(document.querySelectorAll('.fl-popup .fl-tip-row span'),"
            " (s) => s.textContent)"
        )
        assert popup, "no popup opened"
        shown += popup
        shown += page.evaluate(
            "() => Array.from(document.querySelectorAll('.fl-legend-label, .fl-credit-line'),"
            " (e) => e.textContent)"
        )
        text = "\n".join(shown)
        names = strings[:3]
        for s in names:  # property names, shown as tooltip labels
            assert s in text, f"property name not shown literally: {s[:60]!r}"
        for s in strings:  # values: in tooltips, or in the credits
            assert s in text, f"value not shown literally: {s[:60]!r}"
        injected = page.evaluate(
            """() => ({
              img: document.querySelectorAll('img[src="x"]').length,
              svg: document.querySelectorAll('svg[onload]').length,
              a: Array.from(document.querySelectorAll('a'))
                .filter((a) => (a.getAttribute('href') || '').startsWith('javascript')).length,
              b: document.querySelectorAll('.fl-map b').length,
            })"""
        )
        assert injected == {"img": 0, "svg": 0, "a": 0, "b": 0}
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.__xss") is None
        assert state["dialogs"] == [] and state["requests"] == [] and state["errors"] == []
    finally:
        page.close()
    assert model.layers  # the model was built from the same files
