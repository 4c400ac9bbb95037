"""Browser tests of the map page (pytest -m browser): every screen, embeds, dark mode, print, a11y.

For every bundled map at 390×844, 768×1024, 1280×800 and 2560×1440 (and the phone and tablet
turned to landscape): screenshots in light and dark mode go to ``test-artifacts/``; the
header takes at most 25 % of a phone's height; no label or callout extends past the map; the
vector basemap covers the whole visible map at the least and the greatest zoom, in the
middle and at the corners of the pan limits; the max zoom is the recipe's. axe-core (the npm
package, inlined into the page under test) reports no serious or critical violation in light
and dark mode. The embed snippet sizes its iframe to the page's height at three column
widths (and keeps its aspect ratio without its script); the wheel over an embedded map
scrolls the article until the map is clicked. With tiles chosen and no network, the vector
basemap shows. Print hides the controls and unfolds the notes. Tab order: a skip link, the
controls, then named features; nothing focusable without a name.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from conftest import require
from helpers.browser import watch

from geo import recipe
from geo.render import build

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
MAPS = ["front", "kursk", "tumen", "overview"]
VIEWPORTS = [(390, 844), (844, 390), (768, 1024), (1024, 768), (1280, 800), (2560, 1440)]
PHONE = (390, 844)
#: Where ``npm pack axe-core@4`` is unpacked once (outside the repository).
AXE_CACHE = Path(os.environ.get("FRONTLINE_TEST_CACHE", Path.home() / ".cache" / "frontline-tests"))

STATE = """() => {
  const m = window.frontline.maps[0];
  const box = m.getContainer().getBoundingClientRect();
  const header = document.querySelector('.fl-header').getBoundingClientRect();
  const out = [];
  for (const a of document.querySelectorAll('.fl-anchor')) {
    if (a.classList.contains('fl-off')) continue;
    const r = a.lastElementChild.getBoundingClientRect();
    if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5
        || r.bottom > box.bottom + 0.5) out.push(a.textContent);
  }
  const shown = Array.from(document.querySelectorAll('.fl-anchor:not(.fl-off)'),
    a => [a.textContent, a.lastElementChild.getBoundingClientRect()]);
  const overlaps = [];
  for (let i = 0; i < shown.length; i++) for (let j = i + 1; j < shown.length; j++) {
    const p = shown[i][1], q = shown[j][1];
    if (p.left < q.right - 1 && p.right > q.left + 1 && p.top < q.bottom - 1
        && p.bottom > q.top + 1) overlaps.push([shown[i][0], shown[j][0]]);
  }
  return {clipped: out, overlaps: overlaps, header: header.height, maxZoom: m.getMaxZoom(),
          minZoom: m.getMinZoom(), zoom: m.getZoom(), shown: document.querySelectorAll(
            '.fl-anchor:not(.fl-off)').length};
}"""

#: For each drawn basemap overlay: does it cover the map's box (CSS px, 0.5 px slack)?
COVERED = """() => {
  const m = window.frontline.maps[0];
  const box = m.getContainer().getBoundingClientRect();
  const bad = [];
  const all = document.querySelectorAll('.fl-pane-basemap svg.fl-basemap');
  for (const s of all) {
    const r = s.getBoundingClientRect();
    if (r.left > box.left + 0.5 || r.top > box.top + 0.5 || r.right < box.right - 0.5
        || r.bottom < box.bottom - 0.5) bad.push([r.left, r.top, r.right, r.bottom]);
  }
  return {n: all.length, bad: bad, box: [box.left, box.top, box.right, box.bottom]};
}"""

FOCUSABLE = """() => {
  const sel = 'a[href], button, input, select, textarea, summary, [tabindex]';
  const out = [];
  for (const e of document.querySelectorAll(sel)) {
    if (e.tabIndex < 0 || e.disabled) continue;
    const r = e.getBoundingClientRect();
    const s = getComputedStyle(e);
    if (s.visibility === 'hidden' || s.display === 'none') continue;
    if (!(r.width > 0 || r.height > 0) && !e.classList.contains('fl-skip')) continue;
    let name = e.getAttribute('aria-label') || e.getAttribute('title') || '';
    const by = e.getAttribute('aria-labelledby');
    if (!name && by) name = by.split(' ').map(i => document.getElementById(i)?.textContent
      || '').join(' ');
    if (!name && e.labels && e.labels.length) name = e.labels[0].textContent;
    if (!name) name = e.textContent || '';
    out.push({tag: e.tagName.toLowerCase(), cls: e.getAttribute('class') || '',
              name: name.trim(), control: !!e.closest('.leaflet-control-container')});
  }
  return out;
}"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Every bundled map built the default way (offline: the vector basemap)."""
    out = tmp_path_factory.mktemp("pages")
    for name in MAPS:
        build(name, out, offline=True, formats=("html",))
    return out


@pytest.fixture(scope="module")
def axe_js() -> str:
    """axe-core's ``axe.min.js``: ``npm pack axe-core@4`` once into a cache folder."""
    target = AXE_CACHE / "axe-core" / "package" / "axe.min.js"
    if not target.is_file():
        npm = shutil.which("npm")
        require(npm is not None, "npm is not installed (needed to fetch axe-core)")
        folder = target.parent.parent
        folder.mkdir(parents=True, exist_ok=True)
        try:
            done = subprocess.run(
                [str(npm), "pack", "axe-core@4", "--silent"],
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=180,
                check=True,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            require(False, f"npm pack axe-core@4 failed: {exc}")
        tgz = folder / done.stdout.strip().splitlines()[-1]
        with tarfile.open(tgz) as tar:
            member = tar.getmember("package/axe.min.js")
            tar.extractall(folder, members=[member], filter="data")
    return target.read_text(encoding="utf-8")


def _open(browser, url: str, size, scheme: str = "light", block: bool = True):
    """Open ``url`` at ``size``; every request that is not file/data is aborted and kept."""
    page = browser.new_page(viewport={"width": size[0], "height": size[1]}, color_scheme=scheme)
    state = watch(page, allow=("file:", "data:", "about:"), block=block, console=False)
    page.goto(url)
    return page, state


def _ready(page, frame=None) -> None:
    (frame or page).wait_for_selector("[data-fl-ready]", timeout=20000)
    page.wait_for_timeout(600)


def _zoom(page, how: str) -> None:
    """Set the zoom (``min``/``max``) or pan to a corner (``sw``/``ne``), without animation."""
    page.evaluate(
        """(how) => {
          const m = window.frontline.maps[0];
          const b = L.latLngBounds(m.options.maxBounds);
          if (how === 'min') m.setZoom(m.getMinZoom(), {animate: false});
          else if (how === 'max') m.setZoom(m.getMaxZoom(), {animate: false});
          else m.panTo(how === 'sw' ? b.getSouthWest() : b.getNorthEast(), {animate: false});
        }""",
        how,
    )
    page.wait_for_timeout(450)


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", MAPS)
def test_every_screen(browser, pages, name, size):
    r = recipe.load(recipe.find(name))
    page, state = _open(browser, (pages / f"{name}.html").as_uri(), size)
    try:
        _ready(page)
        ARTIFACTS.mkdir(exist_ok=True)
        tag = f"page_{name}_{size[0]}x{size[1]}"
        page.screenshot(path=str(ARTIFACTS / f"{tag}_light.png"))
        got = page.evaluate(STATE)
        assert got["clipped"] == [], f"labels past the edge of the map: {got['clipped']}"
        assert got["overlaps"] == [], f"labels over each other: {got['overlaps']}"
        assert got["maxZoom"] == r.view.max_zoom
        assert got["minZoom"] >= r.view.min_zoom
        narrow = page.evaluate("() => document.documentElement.classList.contains('fl-narrow')")
        assert narrow == (size[0] <= 600 or size[1] <= 500)
        if narrow:  # the phone, upright or turned: the header takes at most a quarter
            assert 0 < got["header"] <= 0.25 * size[1] + 0.5, got["header"]
        for how in ("min", "sw", "ne", "max"):
            _zoom(page, how)
            cover = page.evaluate(COVERED)
            assert cover["n"] >= 1 and cover["bad"] == [], (how, cover)
            after = page.evaluate(STATE)
            assert after["clipped"] == [] and after["overlaps"] == [], (how, after)
        page.emulate_media(color_scheme="dark")
        _zoom(page, "min")
        page.wait_for_function("() => document.documentElement.classList.contains('fl-dark')")
        assert page.evaluate("() => document.documentElement.classList.contains('fl-dark')")
        page.screenshot(path=str(ARTIFACTS / f"{tag}_dark.png"))
        assert state["requests"] == [] and state["errors"] == [], state
    finally:
        page.close()


@pytest.mark.parametrize("size", [PHONE, (1280, 800)], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", MAPS)
def test_axe_finds_no_serious_violation(browser, pages, axe_js, name, scheme, size):
    page, state = _open(browser, (pages / f"{name}.html").as_uri(), size, scheme)
    try:
        _ready(page)
        page.add_script_tag(content=axe_js)
        result = page.evaluate("async () => await axe.run(document)")
        bad = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == [], bad
        assert state["errors"] == []
    finally:
        page.close()


@pytest.mark.parametrize("name", MAPS)
def test_tab_order_and_names(browser, pages, name):
    page, _ = _open(browser, (pages / f"{name}.html").as_uri(), (1280, 800))
    try:
        _ready(page)
        items = page.evaluate(FOCUSABLE)
        assert items[0]["cls"] == "fl-skip" and items[0]["name"] == "Skip the map"
        unnamed = [i for i in items if not i["name"]]
        assert unnamed == [], unnamed
        paths = [k for k, i in enumerate(items) if i["tag"] == "path"]
        controls = [k for k, i in enumerate(items) if i["control"]]
        assert controls, items
        if paths:
            assert min(paths) > max(controls), "a map feature comes before a map control"
        # The real Tab key agrees: skip link, the map itself, then the first control.
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.className") == "fl-skip"
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.classList.contains('fl-map')")
        page.keyboard.press("Tab")
        assert page.evaluate("() => !!document.activeElement.closest('.leaflet-control')")
        assert page.evaluate("() => document.documentElement.lang") == "en"
        # The figures and the legend are text a screen reader reaches after the map.
        about = page.text_content("#fl-about")
        assert "Legend" not in about  # labels are aria-labels, the items are text
        for li in page.evaluate(
            "() => Array.from(document.querySelectorAll('.fl-figure'), e => e.textContent)"
        ):
            assert li in about
    finally:
        page.close()


def _article(folder: Path, name: str, width: int, *, script: bool = True) -> Path:
    """A mock article holding the embed snippet in a ``width`` px column, text around it."""
    snippet = (folder / f"{name}.embed.html").read_text(encoding="utf-8")
    if not script:
        snippet = snippet[: snippet.index("  <script>")] + "</figure>\n"
    para = "<p>" + "The article goes on about the front line. " * 30 + "</p>\n"
    text = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Article</title>'
        f"<style>body{{margin:0;font:16px serif}}main{{width:{width}px;margin:0 auto}}</style>"
        f"</head><body><main>{para * 2}{snippet}{para * 6}</main></body></html>"
    )
    path = folder / f"article-{name}-{width}{'' if script else '-noscript'}.html"
    path.write_text(text, encoding="utf-8")
    return path


def _frame_of(page):
    return next(f for f in page.frames if f.url.endswith(".html") and f != page.main_frame)


@pytest.mark.parametrize("width", [320, 680, 1100])
@pytest.mark.parametrize("name", ["front", "tumen"])
def test_embed_height_follows_the_page(browser, pages, name, width):
    article = _article(pages, name, width)
    page, state = _open(browser, article.as_uri(), (1280, 900))
    try:
        page.locator("iframe").scroll_into_view_if_needed()
        frame = page.wait_for_event("frameattached") if len(page.frames) < 2 else _frame_of(page)
        _ready(page, frame)
        page.wait_for_function(
            "() => document.querySelector('iframe').style.height !== ''", timeout=10000
        )
        page.wait_for_timeout(400)
        outer = page.evaluate("() => document.querySelector('iframe').getBoundingClientRect()")
        inner = frame.evaluate("() => document.body.getBoundingClientRect().height")
        assert abs(outer["height"] - inner) <= 2, (outer, inner)
        assert abs(outer["width"] - width) <= 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("figure").screenshot(path=str(ARTIFACTS / f"embed_{name}_{width}.png"))
        assert state["requests"] == []
    finally:
        page.close()


@pytest.mark.parametrize("width", [320, 1100])
def test_embed_without_its_script_keeps_an_aspect_ratio(browser, pages, width):
    article = _article(pages, "front", width, script=False)
    page, _ = _open(browser, article.as_uri(), (1280, 900))
    try:
        page.wait_for_timeout(300)
        box = page.evaluate("() => document.querySelector('iframe').getBoundingClientRect()")
        assert abs(box["height"] - max(420, width * 10 / 16)) <= 1, box
    finally:
        page.close()


def test_wheel_over_an_embed_scrolls_the_article_until_the_map_is_clicked(browser, pages):
    article = _article(pages, "front", 680)
    page, _ = _open(browser, article.as_uri(), (1280, 900))
    try:
        page.locator("iframe").scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelector('iframe').style.height !== ''")
        frame = _frame_of(page)
        _ready(page, frame)
        zoom = "() => window.frontline.maps[0].getZoom()"
        box = page.locator("iframe").bounding_box()
        x, y = box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.6
        page.mouse.move(x, y)
        before, scrolled = frame.evaluate(zoom), page.evaluate("() => window.scrollY")
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(500)
        assert frame.evaluate(zoom) == before, "the wheel zoomed a map nobody clicked"
        assert frame.evaluate("() => document.querySelector('.fl-hint-on') !== null")
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(400)
        assert page.evaluate("() => window.scrollY") != scrolled, "the article did not scroll"
        box = page.locator("iframe").bounding_box()
        x, y = box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.6
        page.mouse.click(x, y)
        page.mouse.move(x, y)
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(700)
        assert frame.evaluate(zoom) > before, "the wheel does not zoom a clicked map"
    finally:
        page.close()


def test_tiles_that_fail_show_the_vector_basemap(browser, tmp_path):
    r = recipe.load(recipe.find("front"))
    assert not r.basemap.is_vector  # the bundled front map names a tile provider
    build(r, tmp_path, offline=False)
    page, state = _open(browser, (tmp_path / "front.html").as_uri(), (1280, 800))
    try:
        _ready(page)
        page.wait_for_selector(".fl-tiles-failed", timeout=10000)
        assert state["requests"], "the tiled page asked for no tile"
        pane = page.evaluate(
            "() => getComputedStyle(document.querySelector('.fl-pane-basemap')).display"
        )
        assert pane != "none"
        assert page.evaluate(COVERED)["bad"] == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "page_front_tiles_failed.png"))
    finally:
        page.close()


def test_print_hides_controls_and_unfolds_the_notes(browser, pages):
    page, _ = _open(browser, (pages / "front.html").as_uri(), (1280, 800))
    try:
        _ready(page)
        page.emulate_media(media="print")
        page.wait_for_timeout(200)
        shown = "(s) => getComputedStyle(document.querySelector(s)).display"
        for sel in (".leaflet-control-zoom", ".leaflet-control-layers", ".fl-credits"):
            assert page.evaluate(shown, sel) == "none", sel
        about = page.locator(".fl-about")
        assert about.bounding_box()["height"] > 20
        assert "Sources:" in about.inner_text()
        assert page.evaluate("() => document.querySelector('details').open")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "page_front_print.png"), full_page=True)
        page.pdf(path=str(ARTIFACTS / "page_front_print.pdf"), format="A4", landscape=True)
        page.emulate_media(media="screen")
        page.wait_for_timeout(100)
        assert not page.evaluate("() => document.querySelector('details').open")
    finally:
        page.close()


def test_recipe_forces_the_theme_and_the_language(browser, tmp_path):
    text = recipe.find("tumen").read_text(encoding="utf-8")
    r = recipe.loads(text + '\n[page]\ntheme = "dark"\nlang = "ko"\n', name="tumen-dark")
    build(r, tmp_path, offline=True)
    page, _ = _open(browser, (tmp_path / "tumen-dark.html").as_uri(), (1280, 800), "light")
    try:
        _ready(page)
        assert page.evaluate("() => document.documentElement.classList.contains('fl-dark')")
        assert page.evaluate("() => document.documentElement.lang") == "ko"
    finally:
        page.close()


def test_touch_in_an_embed_pans_with_two_fingers(browser, pages):
    article = _article(pages, "front", 390)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    try:
        page.goto(article.as_uri())
        page.locator("iframe").scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelector('iframe').style.height !== ''")
        frame = _frame_of(page)
        _ready(page, frame)
        # One finger scrolls the article (no map dragging); two fingers pinch and pan.
        assert frame.evaluate("() => matchMedia('(pointer: coarse)').matches")
        assert not frame.evaluate("() => window.frontline.maps[0].dragging.enabled()")
        assert frame.evaluate("() => window.frontline.maps[0].touchZoom.enabled()")
        touch = frame.evaluate(
            "() => getComputedStyle(window.frontline.maps[0].getContainer()).touchAction"
        )
        assert touch in ("pan-x pan-y", "pinch-zoom pan-x pan-y", "manipulation"), touch
    finally:
        context.close()


#: Each visible point marker of a data layer (a town's dot): is a shown label at its point?
MARKERS = """() => {
  const anchors = Array.from(document.querySelectorAll('.fl-anchor:not(.fl-off)'), a => {
    const r = a.getBoundingClientRect();
    return [r.left, r.top];
  });
  const out = {shown: 0, hidden: 0, unnamed: []};
  for (const p of document.querySelectorAll('path[class*="fl-layer-places"]')) {
    if (getComputedStyle(p).display === 'none') { out.hidden++; continue; }
    out.shown++;
    const r = p.getBoundingClientRect(), x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
    if (!anchors.some(([ax, ay]) => Math.hypot(ax - x, ay - y) <= 2))
      out.unnamed.push([x, y, p.getAttribute('aria-label')]);
  }
  return out;
}"""


@pytest.mark.parametrize("size", [PHONE, (768, 1024), (1280, 800)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_town_dot_is_drawn_only_with_its_name(browser, pages, size):
    page, state = _open(browser, (pages / "front.html").as_uri(), size)
    try:
        _ready(page)
        for how in (None, "min", "max"):
            if how:
                _zoom(page, how)
            got = page.evaluate(MARKERS)
            assert got["unnamed"] == [], (how, got)
        _zoom(page, "min")
        got = page.evaluate(MARKERS)
        assert got["shown"] + got["hidden"] == 11, got  # the front's eleven towns
        if size == PHONE:  # no room for every name on a phone: those dots go with them
            assert got["hidden"] >= 1, got
        assert state["errors"] == []
    finally:
        page.close()


#: Shown labels inside a lon/lat box, and any shown before its least zoom.
IN_BOX = """([w, s, e, n]) => {
  const m = window.frontline.maps[0], z = m.getZoom();
  let inside = 0, early = [];
  for (const a of document.querySelectorAll('.fl-anchor:not(.fl-off)')) {
    const it = a._flItem;
    if (it.minZoom !== undefined && z < it.minZoom) early.push(it.text);
    if (it.lon >= w && it.lon <= e && it.lat >= s && it.lat <= n) inside++;
  }
  return {inside: inside, early: early, zoom: z};
}"""


def test_more_places_appear_as_you_zoom_in(browser, pages):
    page, state = _open(browser, (pages / "front.html").as_uri(), (1280, 800))
    try:
        _ready(page)
        # The area round Pokrovsk, Kurakhove and Donetsk, at the least zoom and closer.
        area = [37.0, 47.8, 38.0, 48.4]
        counts = {}
        for zoom in ("min", 8.5, 10.5, "max"):
            if zoom == "min":
                _zoom(page, "min")
            else:
                page.evaluate(
                    "(z) => window.frontline.maps[0].setView([48.1, 37.5], z, {animate: false})",
                    zoom,
                )
                page.wait_for_timeout(450)
            got = page.evaluate(IN_BOX, area)
            assert got["early"] == [], got
            state_now = page.evaluate(STATE)
            assert state_now["clipped"] == [] and state_now["overlaps"] == [], state_now
            counts[zoom] = got["inside"]
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"page_front_places_z{zoom}.png"))
        assert counts[8.5] > counts["min"] and counts[10.5] > counts[8.5], counts
        # At the max zoom the villages (GeoNames, 2,000 people and up) show too.
        page.evaluate(
            "() => window.frontline.maps[0].setView([48.28, 37.18], 12, {animate: false})"
        )
        page.wait_for_timeout(450)
        minor = page.evaluate(
            "() => Array.from(document.querySelectorAll('.fl-anchor:not(.fl-off)'))"
            ".filter(a => a._flItem.minZoom === 12).length"
        )
        assert minor >= 1
        assert state["errors"] == [] and state["requests"] == []
    finally:
        page.close()


#: The places revealed by zoom that have an element, and the label elements' item order.
MADE = """() => {
  const m = window.frontline.maps[0], z = m.getZoom();
  const all = Array.from(document.querySelectorAll('.fl-anchor'));
  const places = all.filter(a => a._flItem.minZoom !== undefined);
  const order = all.map(a => a._flItem._flIndex);
  return {zoom: z, made: places.length,
          early: places.filter(a => z < a._flItem.minZoom && !a.classList.contains('fl-off'))
            .map(a => a._flItem.text),
          sorted: order.every((v, i) => i === 0 || order[i - 1] < v),
          shown: places.filter(a => !a.classList.contains('fl-off')).length};
}"""


def test_a_place_gets_its_element_only_when_its_zoom_comes(browser, pages, built_front_places):
    total = built_front_places
    page, state = _open(browser, (pages / "front.html").as_uri(), (1280, 800))
    try:
        _ready(page)
        first = page.evaluate(MADE)
        # The first view makes only the places whose zoom has come (a few dozen of 2,208).
        assert first["early"] == [] and first["sorted"], first
        assert 0 < first["made"] < total / 10, (first, total)
        page.evaluate(
            "() => window.frontline.maps[0].setView([48.28, 37.18], 12, {animate: false})"
        )
        page.wait_for_timeout(450)
        close = page.evaluate(MADE)
        # Closer in, more places are made and shown, in the items' order in the pane, and
        # the new ones obey the same rules: inside the view, clear of each other and of
        # the furniture.
        assert close["made"] > first["made"] and close["shown"] > 0, close
        assert close["sorted"] and close["early"] == [], close
        now = page.evaluate(STATE)
        assert now["clipped"] == [] and now["overlaps"] == [], now
        got = page.evaluate(UNDER)
        assert got["under"] == [], got
        # Back out: the villages made on the way hide again (their elements stay, hidden).
        _zoom(page, "min")
        back = page.evaluate(MADE)
        assert back["made"] >= close["made"] and back["early"] == [], back
        assert state["errors"] == []
    finally:
        page.close()


def test_labels_turned_off_stay_off_as_you_zoom_in(browser, pages):
    page, state = _open(browser, (pages / "front.html").as_uri(), (1280, 800))
    try:
        _ready(page)
        toggle = page.locator(".leaflet-control-layers-overlays label", has_text="Labels")
        page.hover(".leaflet-control-layers")
        toggle.click()
        assert page.locator(".fl-anchor").count() == 0
        page.evaluate(
            "() => window.frontline.maps[0].setView([48.28, 37.18], 12, {animate: false})"
        )
        page.wait_for_timeout(450)
        # No place is made (or shown) while the reader has the labels off.
        assert page.locator(".fl-anchor").count() == 0
        page.hover(".leaflet-control-layers")
        toggle.click()
        page.evaluate("() => window.frontline.maps[0].panBy([40, 0], {animate: false})")
        page.wait_for_timeout(450)
        assert page.evaluate(MADE)["shown"] > 0
        now = page.evaluate(STATE)
        assert now["clipped"] == [] and now["overlaps"] == [], now
        assert state["errors"] == []
    finally:
        page.close()


@pytest.fixture(scope="module")
def built_front_places():
    """How many places revealed by zoom the front map carries."""
    from geo.render import make_model

    return sum(1 for lab in make_model("front", offline=True).labels if "min_zoom" in lab)


@pytest.mark.parametrize("size", [PHONE, (844, 390), (768, 1024), (1280, 800)], ids=str)
def test_the_overview_first_view_shows_kursk_and_the_tumen(browser, pages, size):
    page, _ = _open(browser, (pages / "overview.html").as_uri(), size)
    try:
        _ready(page)
        inside = page.evaluate(
            """() => { const b = window.frontline.maps[0].getBounds();
                 return [b.contains([51.73, 36.19]), b.contains([42.42, 130.64])]; }"""
        )
        assert inside == [True, True], (size, inside)
        assert page.evaluate(COVERED)["bad"] == []
    finally:
        page.close()


def test_a_long_phone_header_says_there_is_more(browser, pages):
    page, _ = _open(browser, (pages / "front.html").as_uri(), PHONE)
    try:
        _ready(page)
        cue = page.locator(".fl-more")
        assert cue.is_visible()
        assert cue.get_attribute("aria-label") == "Show more of the title and key"
        card = ".fl-header .fl-title-card"
        before = page.evaluate(f"() => document.querySelector('{card}').scrollTop")
        cue.click()
        page.wait_for_timeout(200)
        assert page.evaluate(f"() => document.querySelector('{card}').scrollTop") > before
        page.evaluate(
            f"() => {{ const c = document.querySelector('{card}'); c.scrollTop = c.scrollHeight; }}"
        )
        page.wait_for_timeout(200)
        assert not cue.is_visible()  # at the end: no cue, and out of the tab order
        page.click(".fl-card-toggle")  # folded: no cue either
        assert not cue.is_visible()
    finally:
        page.close()
    page, _ = _open(browser, (pages / "front.html").as_uri(), (1280, 800))
    try:
        _ready(page)
        assert not page.locator(".fl-more").is_visible()  # the desktop card has room
        short = page.text_content(".fl-credits .fl-credit-short")
        assert (
            short.startswith("Natural Earth;")
            and page.locator(".fl-credits .fl-credit-short").is_visible()
        )
        seen = page.evaluate("() => document.body.innerText") + page.text_content("#fl-about")
        for jargon in ("ne_10m", ".csv", "FACTS.md", "(basemap)", " layer (no tiles)"):
            assert jargon not in seen, jargon
    finally:
        page.close()


#: Shown labels and callouts (and town dots) that lie under a box over the map (title
#: card, credits, inset, controls), and callouts shown whose point is out of view.
UNDER = """() => {
  const m = window.frontline.maps[0];
  const boxes = Array.from(m.getContainer().querySelectorAll('.leaflet-control'),
    c => c.getBoundingClientRect());
  const hit = (r) => boxes.some(o => r.right > o.left + 0.5 && r.left < o.right - 0.5
    && r.bottom > o.top + 0.5 && r.top < o.bottom - 0.5);
  const out = {under: [], pointless: [], callouts: 0};
  for (const a of document.querySelectorAll('.fl-anchor:not(.fl-off)')) {
    const it = a._flItem, r = a.lastElementChild.getBoundingClientRect();
    if (hit(r)) out.under.push(it.text);
    if (it.leader) {
      out.callouts++;
      if (!m.getBounds().contains(it.at)) out.pointless.push(it.text);
    } else if (it.dot) {
      const p = a.getBoundingClientRect();
      if (hit({left: p.left - 3, right: p.left + 3, top: p.top - 3, bottom: p.top + 3}))
        out.under.push('dot of ' + it.text);
    }
  }
  return out;
}"""

#: Where each bundled map's reader zooms in to the max: its story's place.
CLOSE_UP = {
    "front": (48.28, 37.18),  # Pokrovsk
    "kursk": (51.19, 35.27),  # Sudzha
    "tumen": (42.43, 130.64),  # the tripoint
    "overview": (51.73, 36.19),  # Kursk
}


@pytest.mark.parametrize("size", [PHONE, (844, 390), (1280, 800), (2560, 1440)], ids=str)
@pytest.mark.parametrize("name", MAPS)
def test_no_label_or_callout_hides_under_the_furniture_at_any_zoom(browser, pages, name, size):
    page, state = _open(browser, (pages / f"{name}.html").as_uri(), size)
    try:
        _ready(page)
        got = page.evaluate(UNDER)
        assert got["under"] == [] and got["pointless"] == [], ("first view", got)
        for dy, dx in ((0, 0), (0.02, 0.03), (-0.02, -0.03)):  # the place, and beside it
            lat, lon = CLOSE_UP[name]
            page.evaluate(
                "([lat, lon]) => { const m = window.frontline.maps[0];"
                " m.setView([lat, lon], m.getMaxZoom(), {animate: false}); }",
                [lat + dy, lon + dx],
            )
            page.wait_for_timeout(450)
            got = page.evaluate(UNDER)
            assert got["under"] == [] and got["pointless"] == [], ((dy, dx), got)
            now = page.evaluate(STATE)
            assert now["clipped"] == [] and now["overlaps"] == [], ((dy, dx), now)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"page_{name}_{size[0]}x{size[1]}_max.png"))
        assert state["errors"] == []
    finally:
        page.close()


def test_a_callout_whose_point_is_out_of_view_hides_with_its_dot(browser, pages):
    page, _ = _open(browser, (pages / "front.html").as_uri(), (1280, 800))
    try:
        _ready(page)
        shown = "() => document.querySelectorAll('.fl-anchor:not(.fl-off) .fl-callout').length"
        dot = "() => getComputedStyle(document.querySelector('path.fl-callout-dot')).display"
        assert page.evaluate(shown) == 1 and page.evaluate(dot) != "none"
        page.evaluate(
            "() => window.frontline.maps[0].setView([48.28, 37.18], 12, {animate: false})"
        )
        page.wait_for_timeout(450)
        assert page.evaluate(shown) == 0  # Pokrovsk: the Dnipro callout points far away
        assert page.evaluate(dot) == "none"
        _zoom(page, "min")
        assert page.evaluate(shown) == 1 and page.evaluate(dot) != "none"
    finally:
        page.close()


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800), (2560, 1440)], ids=str)
def test_the_first_view_keeps_the_recipe_bounds_clear_of_the_title_card(browser, pages, size):
    page, _ = _open(browser, (pages / "overview.html").as_uri(), size)
    try:
        _ready(page)
        got = page.evaluate(
            """() => {
              const m = window.frontline.maps[0];
              const c = document.querySelector('.fl-title-card').getBoundingClientRect();
              const box = m.getContainer().getBoundingClientRect();
              const kursk = m.latLngToContainerPoint([51.73, 36.19]);
              const x = kursk.x + box.left, y = kursk.y + box.top;
              const label = Array.from(document.querySelectorAll('.fl-anchor:not(.fl-off)'))
                .find(a => a.textContent === 'Kursk');
              return {under: x >= c.left && x <= c.right && y >= c.top && y <= c.bottom,
                      label: !!label};
            }"""
        )
        assert got == {"under": False, "label": True}, got
    finally:
        page.close()


#: Every label put at each side it can take and measured there, against frontline.flipRect
#: (what page.js computes instead of laying a label out at its other side): the largest
#: difference in px, per label and side.
FLIPS = """() => {
  const OTHER = {right: 'left', left: 'right', top: 'bottom', bottom: 'top', center: 'center',
                 along: 'along-below', 'along-below': 'along'};
  const out = [];
  for (const a of document.querySelectorAll('.fl-anchor')) {
    const box = a.lastElementChild, it = a._flItem, was = box.className;
    const off = a.classList.contains('fl-off');
    if (it.leader) continue;
    a.classList.remove('fl-off');
    const sides = a._flWhere === 'along' ? ['along', 'along-below']
      : ['right', 'left', 'top', 'bottom', 'center'];
    for (const where of sides) {
      box.className = it.cls + ' fl-at-' + where;
      const em = parseFloat(getComputedStyle(box).fontSize);
      const got = window.frontline.flipRect(box.getBoundingClientRect(), where, em, +it.angle || 0);
      box.className = it.cls + ' fl-at-' + OTHER[where];
      const q = box.getBoundingClientRect();
      const d = Math.max(Math.abs(got.left - q.left), Math.abs(got.right - q.right),
                         Math.abs(got.top - q.top), Math.abs(got.bottom - q.bottom));
      out.push([it.text, where, d]);
    }
    box.className = was;
    if (off) a.classList.add('fl-off');
  }
  return out;
}"""


@pytest.mark.parametrize("name", ["front", "tumen"])
def test_a_label_flipped_by_arithmetic_lands_where_the_browser_puts_it(browser, pages, name):
    # page.js chooses a label's side on rectangles measured once: the other side is worked
    # out from the fl-at-* transforms, not laid out again. Rivers (turned text) included.
    page, state = _open(browser, (pages / f"{name}.html").as_uri(), (1280, 800))
    try:
        _ready(page)
        got = page.evaluate(FLIPS)
        assert len(got) >= 10 and any(w.startswith("along") for _, w, _ in got), got
        off = [g for g in got if g[2] > 0.01]
        assert off == [], off
        assert state["errors"] == []
    finally:
        page.close()


#: Records every attribute written on the labels' boxes and on the town dots paired with
#: them, then makes the page fit its labels again (at the same view).
WRITES = """() => {
  window.__writes = [];
  const seen = new MutationObserver((records) => {
    for (const r of records) {
      window.__writes.push([r.target.textContent || r.target.getAttribute('class'),
                            r.attributeName, r.oldValue, r.target.getAttribute(r.attributeName)]);
    }
  });
  // Leaflet redraws its markers' path text on a move: only classes and styles are ours.
  const watch = (node) => seen.observe(node, {attributes: true, attributeOldValue: true,
                                              attributeFilter: ['class', 'style']});
  document.querySelectorAll('.fl-anchor').forEach((a) => watch(a.lastElementChild));
  document.querySelectorAll('path[class*="fl-layer-places"]').forEach(watch);
  window.frontline.maps[0].fire('moveend');
}"""


@pytest.mark.parametrize("size", [PHONE, (1280, 800)], ids=["phone", "desktop"])
def test_a_fit_that_changes_nothing_writes_nothing(browser, pages, size):
    # A fit reads the page once and writes only what changes, so the frame after it has
    # nothing to lay out again: a label is never turned to its other side to be measured,
    # nor a town's dot shown and hidden again (a label that does not fit is shown only for
    # the measuring, so its anchor's fl-off is not watched here).
    page, state = _open(browser, (pages / "front.html").as_uri(), size)
    try:
        _ready(page)
        before = page.evaluate(STATE)
        page.evaluate(WRITES)
        page.wait_for_timeout(500)  # the fit in the next frame and the one once settled
        assert page.evaluate("() => window.__writes") == []
        assert page.evaluate(STATE) == before
        assert state["errors"] == []
    finally:
        page.close()


#: The view when the page says it is ready, and whether Leaflet is still moving it.
VIEW = """() => {
  const m = window.frontline.maps[0], c = m.getCenter();
  return [c.lat, c.lng, m.getZoom(), !!(m._panAnim && m._panAnim._inProgress)];
}"""


@pytest.mark.parametrize("size", [PHONE, (844, 390), (1280, 800)], ids=str)
@pytest.mark.parametrize("name", ["kursk", "overview"])
def test_the_first_view_is_set_once_and_stays(browser, pages, name, size):
    # The fit and the pan limits are applied without animation: no pan back inside the
    # limits is still running when the page is ready (it used to race the fit on phones
    # and leave a view that depended on the timing), and every load gets the same view.
    views = []
    for _ in range(2):
        page, state = _open(browser, (pages / f"{name}.html").as_uri(), size)
        try:
            page.wait_for_selector("[data-fl-ready]", timeout=20000)
            ready = page.evaluate(VIEW)
            page.wait_for_timeout(600)
            later = page.evaluate(VIEW)
            assert not ready[3] and ready == later, (ready, later)
            views.append(later)
            assert state["errors"] == []
        finally:
            page.close()
    assert views[0] == views[1], views
