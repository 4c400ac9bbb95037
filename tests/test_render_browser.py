"""Browser acceptance tests for geo.render (pytest -m browser): headless Chromium, no network.

For every bundled recipe's ``--offline`` HTML and for an XSS-corpus map: every layer is drawn
(SVG paths counted per layer class: one per feature, or one per merged layer), every label and
callout is on the page, title, legend and credits are visible, no console errors, zero network
requests, no payload runs and each shows literally. The page's geometry decoder gives exactly
the coordinates Python encoded, and the basemap follows the map when it zooms. Screenshots go
to ``test-artifacts/`` (gitignored).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import require
from helpers.browser import watch
from helpers.maps import LONG, PAYLOADS, fake_layers, recipe_text

from geo import recipe
from geo.render import build
from geo.render.assets import unpack_data_blocks
from geo.render.furniture import css_class

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

COUNT_PATHS = """() => {
  const out = {};
  for (const p of document.querySelectorAll('path.fl-layer')) {
    for (const c of p.classList) {
      if (c.startsWith('fl-layer-')) out[c.slice(9)] = (out[c.slice(9)] || 0) + 1;
    }
  }
  return out;
}"""

VISIBLE = """(sel) => {
  const el = document.querySelector(sel);
  if (!el) return false;
  const r = el.getBoundingClientRect();
  const s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
}"""


def _open(browser, path: Path, name: str):
    """Load ``path`` from file:// with every non-file/data request aborted and recorded."""
    page = browser.new_page(viewport={"width": 1200, "height": 750})
    state = watch(page)
    page.goto(path.as_uri())
    page.wait_for_selector("[data-fl-ready]", timeout=15000)
    page.wait_for_timeout(200)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"render_{name}.png"))
    return page, state


def _check_common(page, state, model_layers):
    counts = page.evaluate(COUNT_PATHS)
    for layer_key, n_features in model_layers.items():
        assert counts.get(css_class(layer_key), 0) >= n_features, (layer_key, counts)
    for sel in (".fl-title", ".fl-legend", ".fl-credits", ".leaflet-control-scale"):
        assert page.evaluate(VISIBLE, sel), f"{sel} not visible"
    assert state["requests"] == [], state["requests"]
    assert state["errors"] == [], state["errors"]
    assert state["dialogs"] == []
    assert page.evaluate("() => window.__xss") is None


def _catalog_ready():
    try:
        from geo import layers

        needed = {i for p in recipe.bundled().values() for i in recipe.load(p).layer_ids()}
        missing = sorted(needed - set(layers.catalog()))
    except Exception as exc:  # any failure means the catalog is not ready
        missing = [f"catalog not usable: {exc}"]
    require(not missing, f"layers missing from the catalog: {missing}")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    _catalog_ready()
    out = tmp_path_factory.mktemp("maps")
    results = {}
    from geo.render import make_model

    for name in recipe.bundled():
        build(name, out, offline=True)
        model = make_model(name, offline=True)
        results[name] = (model, {lyr.id: lyr.paths() for lyr in model.layers})
    return out, results


@pytest.mark.parametrize("name", ["front", "kursk", "tumen", "overview"])
def test_recipe_offline_page(browser, built, name):
    out, results = built
    model, layers = results[name]
    page, state = _open(browser, out / f"{name}.html", name)
    try:
        _check_common(page, state, layers)
        assert page.text_content(".fl-title") == model.recipe.text.title
        for fig in model.figures:
            assert fig["text"] in page.text_content(".fl-figures")
        credits = page.text_content(".fl-credits")
        assert "Basemap: drawn from" in credits
        # Every label is on the page; a place revealed by zoom only once its zoom has come
        # (its element is made then: thousands of villages cost the first view nothing).
        got = page.evaluate(
            """() => ({zoom: window.frontline.maps[0].getZoom(), labels: Array.from(
                 document.querySelectorAll('.fl-anchor'), a => [a.textContent,
                 a._flItem.minZoom === undefined ? null : a._flItem.minZoom])})"""
        )
        eager = [lab["text"] for lab in model.labels if "min_zoom" not in lab]
        lazy = {lab["text"] for lab in model.labels if "min_zoom" in lab}
        made = [text for text, z in got["labels"] if z is None and text in eager]
        assert sorted(made) == sorted(eager)
        places = [(text, z) for text, z in got["labels"] if z is not None]
        assert all(text in lazy and z <= got["zoom"] for text, z in places), places
        if len(lazy) > 100:
            assert len(places) < len(lazy) / 4, len(places)
        assert page.locator(".fl-callout").count() == len(model.callouts)
        # The vector basemap leaves no tile layer on an offline page.
        assert page.evaluate("() => document.querySelectorAll('.leaflet-tile').length") == 0
    finally:
        page.close()


def test_xss_corpus_is_inert_and_literal(browser, tmp_path):
    strings = [*PAYLOADS, LONG]
    layers = fake_layers(strings)
    r = recipe.loads(recipe_text(strings), name="xss", path="xss.toml")
    build(r, tmp_path, offline=True, loader=layers.__getitem__)
    from geo.render import make_model

    model = make_model(r, offline=True, loader=layers.__getitem__)
    counts = {lyr.id: lyr.paths() for lyr in model.layers}
    page, state = _open(browser, tmp_path / "xss.html", "xss")
    try:
        _check_common(page, state, counts)
        page.click(".fl-credits-summary")  # open the folded notes and sources
        # Hover every feature so its tooltip is created too.
        for sel in ("path.fl-layer-occupied-2024-11-13", "path.fl-layer-front-line-2024-11-13"):
            page.hover(sel, force=True)
        shown = page.evaluate(
            """() => Array.from(document.querySelectorAll(
                '.fl-title, .fl-dek, .fl-byline, .fl-note, .fl-legend-label, .fl-figure,'
                + ' .fl-credit-line, .fl-label span, .fl-callout span, .fl-tip,'
                + ' .fl-visually-hidden, .leaflet-control-layers-overlays span'
              )).map(e => e.textContent)"""
        )
        text = "\n".join(shown)
        for s in strings:
            assert s in text, f"payload not shown literally: {s[:60]!r}"
        assert page.title() == strings[0]
        # No element, attribute or handler came from the payloads.
        injected = page.evaluate(
            """() => ({
              img: document.querySelectorAll('img[src="x"]').length,
              svg: document.querySelectorAll('svg[onload]').length,
              a: Array.from(document.querySelectorAll('a'))
                   .filter(a => (a.getAttribute('href') || '').startsWith('javascript')).length,
              b: document.querySelectorAll('.fl-map b').length,
            })"""
        )
        assert injected == {"img": 0, "svg": 0, "a": 0, "b": 0}
        page.wait_for_timeout(300)  # give any onerror a chance to fire
        assert page.evaluate("() => window.__xss") is None
        assert state["dialogs"] == [] and state["requests"] == []
    finally:
        page.close()


DECODE = """() => Array.from(
  document.querySelectorAll('script[type="application/json"]'),
  (el) => {
    const doc = JSON.parse(el.textContent);
    return doc.fmt === "fl1" ? [el.id, Array.from(frontline.decodeCoords(doc))] : null;
  }
).filter(Boolean)"""

BASEMAP = """() => {
  const svg = document.querySelector("svg.fl-overlay.fl-basemap");
  const path = svg.querySelector("path.fl-layer");
  return {
    width: svg.getBoundingClientRect().width,
    subpaths: (path.getAttribute("d").match(/M/g) || []).length,
  };
}"""


def test_page_decodes_exactly_what_python_encoded(browser, built):
    import json
    import re

    import numpy as np

    from geo.render import encode

    out, _ = built
    page, state = _open(browser, out / "front.html", "front-decode")
    try:
        decoded = dict(page.evaluate(DECODE))
        html = unpack_data_blocks((out / "front.html").read_text("utf-8"))
        blocks = dict(
            re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>', html)
        )
        assert decoded and set(decoded) <= set(blocks)
        for block_id, coords in decoded.items():
            doc = json.loads(blocks[block_id])
            want = np.cumsum(encode.decode_ints(doc["c"]).reshape(-1, 2), axis=0) / doc["scale"]
            assert np.array_equal(np.array(coords).reshape(-1, 2), want), block_id
        assert state["errors"] == []
    finally:
        page.close()


def test_basemap_follows_zoom(browser, built):
    out, results = built
    model, _ = results["kursk"]
    base = next(lyr for lyr in model.layers if lyr.basemap)
    rings = base.encoded()["polys"].count("M")
    assert rings == sum(1 + len(p.interiors) for g in base.geoms for p in getattr(g, "geoms", [g]))
    page, state = _open(browser, out / "kursk.html", "kursk-zoom")
    try:
        before = page.evaluate(BASEMAP)
        assert before["subpaths"] == rings
        anchor = page.evaluate(
            "() => document.querySelector('.fl-anchor').getBoundingClientRect().left"
        )
        page.evaluate(
            """() => {
              const map = window[Object.keys(window).find((k) => k.startsWith("map_"))];
              map.setZoom(map.getZoom() + 1, { animate: false });
            }"""
        )
        page.wait_for_timeout(100)
        after = page.evaluate(BASEMAP)
        assert abs(after["width"] / before["width"] - 2) < 0.01
        moved = page.evaluate(
            "() => document.querySelector('.fl-anchor').getBoundingClientRect().left"
        )
        assert moved != anchor  # labels are re-placed on zoom
        assert state["errors"] == []
    finally:
        page.close()


TIMELINE_STATE = """() => {
  const box = document.querySelector(".fl-timeline");
  const path = document.querySelector("path.fl-layer-timeline");
  return {
    frame: box.getAttribute("data-fl-frame"),
    date: box.querySelector(".fl-timeline-date").textContent,
    text: box.querySelector(".fl-timeline-text").textContent,
    value: box.querySelector("input.fl-timeline-range").value,
    d: path.getAttribute("d"),
    pressed: box.querySelector(".fl-timeline-play").getAttribute("aria-pressed"),
  };
}"""


def test_timeline_slider_and_changes(browser, tmp_path):
    """The slider switches the drawn frame and its date/area text; play advances; the
    gained and lost layers are drawn with legend entries and figures."""
    from helpers.maps import snapshots_recipe_text, write_snapshots

    from geo.render import encode, make_model

    snaps = write_snapshots(tmp_path / "snaps", days=6)
    r = recipe.loads(
        snapshots_recipe_text(changes=(f"snaps/{snaps[0].name}", f"snaps/{snaps[-1].name}")),
        name="slider",
        path=str(tmp_path / "slider.toml"),
    )
    loader = fake_layers().__getitem__
    build(r, tmp_path, offline=True, loader=loader)
    model = make_model(r, offline=True, loader=loader)
    tl = model.timeline
    # The path the page must draw for each frame: svg_path of the decoded grid geometry.
    want = [encode.svg_path(encode.decode_layer(doc)) for doc in tl.frame_docs()]
    assert len(set(want)) == len(want)  # every day differs
    counts = {lyr.id: lyr.paths() for lyr in model.layers}
    page, state = _open(browser, tmp_path / "slider.html", "timeline")
    try:
        _check_common(page, state, counts)
        last = len(tl.frames) - 1
        s = page.evaluate(TIMELINE_STATE)
        assert s["frame"] == str(last) and s["value"] == str(last)
        assert s["date"] == "2024-07-06" and s["text"] == tl.frames[-1]["text"]
        assert s["d"] == want[-1]
        range_input = page.locator("input.fl-timeline-range")
        range_input.focus()
        page.keyboard.press("Home")
        s = page.evaluate(TIMELINE_STATE)
        assert s["frame"] == "0" and s["date"] == "2024-07-01"
        assert s["text"] == tl.frames[0]["text"] and s["d"] == want[0]
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        s = page.evaluate(TIMELINE_STATE)
        assert s["frame"] == "2" and s["date"] == "2024-07-03" and s["d"] == want[2]
        # Play from here: the frame advances on its own to the last one, then stops.
        page.click(".fl-timeline-play")
        assert page.evaluate(TIMELINE_STATE)["pressed"] == "true"
        page.wait_for_function(
            f"() => document.querySelector('.fl-timeline').dataset.flFrame === '{last}'"
            " && document.querySelector('.fl-timeline-play').ariaPressed === 'false'",
            timeout=10000,
        )
        s = page.evaluate(TIMELINE_STATE)
        assert s["date"] == "2024-07-06" and s["d"] == want[-1]
        # Gained and lost layers: drawn, in the legend, with their figures.
        paths = page.evaluate(COUNT_PATHS)
        assert paths.get("changes-gained", 0) == 1 and paths.get("changes-lost", 0) == 1
        assert paths.get("timeline", 0) == 1
        legend = page.text_content(".fl-legend")
        for label in ("Gained by Russia", "Lost by Russia (regained by Ukraine)", "Held"):
            assert label in legend
        figures = page.text_content(".fl-figures")
        for fig in model.figures:
            assert fig["text"] in figures
        assert "Net change for Russia" in figures
        page.click(".fl-credits-summary")
        credits = page.text_content(".fl-credits")
        assert "Generated test snapshots (CC0)" in credits and snaps[0].name in credits
        assert state["errors"] == [] and state["requests"] == []
    finally:
        page.close()


#: Injected before the page's scripts: how often each Leaflet path is drawn (put in the
#: page, then each new path text) and each fixed overlay put in the page, until the
#: furniture says it is ready. Keyed by the layer classes (a layer's paths add up).
DRAWS = """(() => {
  window.__draws = {overlays: {}, frozen: false};
  const key = (el) => Array.from(el.classList).filter((c) => c.startsWith('fl-layer-')).join(' ');
  new MutationObserver((records) => {
    const w = window.__draws;
    for (const r of records) {
      if (w.frozen) return;
      if (r.type === 'attributes' && r.attributeName === 'data-fl-ready') {
        w.frozen = true;
        return;
      }
      if (r.type === 'attributes' && r.attributeName === 'd' && r.target.matches('path.fl-layer')
          && !r.target.closest('svg.fl-overlay')) {
        r.target.__draws = (r.target.__draws || 0) + 1;
      }
      if (r.type === 'childList') {
        for (const n of r.addedNodes) {
          if (n.nodeType === 1 && n.matches('svg.fl-overlay')) {
            const k = key(n.querySelector('path'));
            w.overlays[k] = (w.overlays[k] || 0) + 1;
          }
          // Leaflet sets a path's text before it puts the path in the page.
          if (n.nodeType === 1 && n.matches('path.fl-layer')) n.__draws = (n.__draws || 0) + 1;
        }
      }
    }
  }).observe(document, {subtree: true, childList: true, attributes: true,
                        attributeFilter: ['d', 'data-fl-ready']});
})();"""


@pytest.mark.parametrize("name", ["kursk", "front"])
def test_every_layer_is_drawn_once_before_the_first_frame(browser, built, name):
    """The layers wait for the furniture's fit: no path is drawn at a view the reader never sees.

    Leaflet's paths get their path text once, at the fitted view (not once at the start
    view and again after the fit), and each fixed overlay enters the page once.
    """
    out, results = built
    _, layers = results[name]
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(DRAWS)
    page = context.new_page()
    state = watch(page)
    try:
        page.goto((out / f"{name}.html").as_uri())
        page.wait_for_selector("[data-fl-ready]", timeout=15000)
        draws = page.evaluate(
            """() => Object.assign(window.__draws, {paths: Array.from(
                 document.querySelectorAll('path.fl-layer'), (p) => p.closest('svg.fl-overlay')
                 ? null : [p.getAttribute('class'), p.__draws || 0]).filter(Boolean)})"""
        )
        assert draws["frozen"]
        assert draws["paths"], draws  # the recipe's own layers are Leaflet paths
        assert all(n == 1 for _, n in draws["paths"]), draws["paths"]
        assert draws["overlays"], draws
        assert all(n == 1 for n in draws["overlays"].values()), draws["overlays"]
        _check_common(page, state, layers)
    finally:
        context.close()


def test_layers_are_drawn_on_a_map_without_furniture(browser, tmp_path):
    """A map with our layers and no furniture still draws them (held layers are released)."""
    _catalog_ready()
    from geo.render import make_model
    from geo.render.export import render_html
    from geo.render.folium_map import to_folium

    model = make_model("kursk", offline=True)
    m = to_folium(model)
    del m._children["fl_furniture"]
    path = tmp_path / "bare.html"
    path.write_text(render_html(m, name="bare", title="bare"), "utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 750})
    state = watch(page)
    try:
        page.goto(path.as_uri())
        want = {css_class(lyr.id): lyr.paths() for lyr in model.layers}
        page.wait_for_function(
            """(want) => Object.entries(want).every(([c, n]) =>
                 document.querySelectorAll('path.fl-layer-' + c).length >= n)""",
            arg=want,
            timeout=15000,
        )
        assert state["errors"] == [], state["errors"]
        assert state["requests"] == [], state["requests"]
    finally:
        page.close()


#: A point on a fixed overlay's feature path (the middle of a line by length, or of a
#: polygon's box), in page px, and whether that path is what the page has there.
ON_PATH = """(sel) => {
  const path = document.querySelector(sel);
  const closed = /Z/.test(path.getAttribute('d'));
  let p;
  if (closed) {
    const b = path.getBBox();
    p = new DOMPoint(b.x + b.width / 2, b.y + b.height / 2);
  } else {
    p = path.getPointAtLength(path.getTotalLength() / 2);
  }
  const q = p.matrixTransform(path.getScreenCTM());
  return {x: q.x, y: q.y, hit: document.elementFromPoint(q.x, q.y) === path,
          overlay: !!path.closest('svg.fl-overlay'), cls: path.getAttribute('class')};
}"""

#: The open tooltips (not one fading out, closed): their text, and any element inside them
#: that is not one of ours.
TIPS = """() => Array.from(document.querySelectorAll('.leaflet-tooltip'))
  .filter((t) => t.style.opacity !== '0').map((t) => ({
  id: t.id,
  text: t.textContent,
  foreign: Array.from(t.querySelectorAll('*')).filter(
    (e) => !/^(DIV|SPAN)$/.test(e.tagName) || e.attributes.length > 1
      || (e.attributes.length === 1 && !e.hasAttribute('class'))).length,
}))"""


@pytest.mark.parametrize("layer", ["front-line-2024-11-13", "occupied-2024-11-13"])
def test_fixed_overlay_tooltip_hover_focus_and_text_only(browser, tmp_path, layer):
    """A line or area with a tooltip is a fixed overlay, as reachable as a Leaflet path.

    Hover shows its tooltip (payload text literally, no element from it), leaving closes
    it; Tab reaches it, named "label: tooltip text", and focus opens the tooltip.
    """
    strings = [*PAYLOADS, LONG]
    layers = fake_layers(strings)
    r = recipe.loads(recipe_text(strings), name="xss", path="xss.toml")
    spec = next(s for s in r.layers if s.id == layer)
    name = layers[layer].gdf["name"].iloc[0]
    build(r, tmp_path, offline=True, loader=layers.__getitem__)
    page, state = _open(browser, tmp_path / "xss.html", f"overlay-tip-{layer}")
    sel = f"path.fl-layer-{css_class(layer)}"
    try:
        assert page.locator(sel).count() == 1
        where = page.evaluate(ON_PATH, sel)
        assert where["overlay"] and "leaflet-interactive" in where["cls"], where
        assert where["hit"], where  # its hit area is its painted stroke/fill
        assert page.evaluate(TIPS) == []
        page.mouse.move(where["x"], where["y"])
        page.wait_for_timeout(150)
        tips = page.evaluate(TIPS)
        assert [t["text"] for t in tips] == [name] and tips[0]["foreign"] == 0, tips
        assert page.evaluate(f"() => getComputedStyle(document.querySelector('{sel}')).cursor")
        # Sticky: the tooltip follows the pointer along the feature.
        before = page.evaluate("() => document.querySelector('.leaflet-tooltip').style.transform")
        page.mouse.move(where["x"] + 1, where["y"] + 1)
        page.wait_for_timeout(50)
        after = page.evaluate("() => document.querySelector('.leaflet-tooltip').style.transform")
        assert after != before
        page.mouse.move(where["x"] + 400, where["y"] + 300)  # off the feature, on the map
        page.wait_for_timeout(400)  # Leaflet fades a closed tooltip out for 200 ms
        assert page.evaluate(TIPS) == []

        # Keyboard: one tab stop, named by its layer label and its tooltip text.
        page.mouse.move(1, 1)
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        for _ in range(80):
            page.keyboard.press("Tab")
            if page.evaluate(f"() => document.activeElement.matches('{sel}')"):
                break
        else:
            raise AssertionError(f"{sel} is not reachable with Tab")
        attrs = page.evaluate(
            f"""() => {{ const p = document.querySelector('{sel}');
              return [p.getAttribute('tabindex'), p.getAttribute('role'),
                      p.getAttribute('aria-label'), p.getAttribute('aria-describedby')]; }}"""
        )
        assert attrs[:3] == ["0", "img", f"{spec.label}: {name}"], attrs
        tips = page.evaluate(TIPS)
        assert [t["text"] for t in tips] == [name] and tips[0]["foreign"] == 0, tips
        assert attrs[3] == tips[0]["id"]
        page.keyboard.press("Tab")
        page.wait_for_timeout(400)
        assert tips[0]["id"] not in [t["id"] for t in page.evaluate(TIPS)]  # blur closes it

        # The layer switcher hides the overlay with its features, and shows them again.
        page.evaluate("() => document.activeElement.blur()")
        page.wait_for_timeout(400)
        toggle = """(label) => {
          const rows = document.querySelectorAll('.leaflet-control-layers-overlays label');
          const box = Array.from(rows).find((l) => l.textContent.trim() === label)
            .querySelector('input');
          box.click();
          return box.checked;
        }"""
        assert page.evaluate(toggle, spec.label) is False
        assert page.locator(sel).count() == 0
        assert page.evaluate(toggle, spec.label) is True
        assert page.locator(sel).count() == 1
        page.mouse.move(5, 5)
        where = page.evaluate(ON_PATH, sel)
        assert where["hit"], where
        page.mouse.move(where["x"], where["y"])
        page.wait_for_timeout(150)
        assert [t["text"] for t in page.evaluate(TIPS)] == [name]
        assert page.locator(sel).get_attribute("aria-label") == f"{spec.label}: {name}"

        injected = page.evaluate(
            "() => document.querySelectorAll('img[src=\"x\"], svg[onload], .fl-map b').length"
        )
        assert injected == 0
        page.wait_for_timeout(200)  # give any onerror a chance to fire
        assert page.evaluate("() => window.__xss") is None
        assert state["errors"] == [] and state["dialogs"] == [] and state["requests"] == []
    finally:
        page.close()
