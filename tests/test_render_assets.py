"""Tests for geo.render.assets and the packed page head (InlineAssets, js/boot.js).

The packed text decodes to exactly the sources; gzip output is deterministic (fixed header,
the same bytes in another process); the page carries the code block, the fallback inflater
as inert text and the boot script, and folium's map script waits for them. In Chromium
(pytest -m browser): the packed page draws exactly what the uncompressed page draws, with
DecompressionStream and without it (then through the vendored fflate), with zero network
requests, and an XSS corpus in the recipe (title included) shows as text and never runs.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from helpers.maps import PAYLOADS, fake_layers, recipe_text

from geo import recipe
from geo.render import assets, make_map, to_html

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "geo" / "render" / "js" / "vendor" / "fflate-inflate.min.js"
TEXTS = ["", "a", "Leaflet ✓ Київ 평양 \U0001f30d", "x" * 100_000, "\u2028</script>{{ }}"]


def _icons_call() -> str:
    return f"frontline.useInlineIcons({assets.script_json(assets.marker_icons())});"


@pytest.mark.parametrize("text", TEXTS)
def test_pack_round_trips_exactly(text):
    packed = assets.pack(text)
    assert re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", packed)
    assert assets.unpack(packed) == text
    raw = base64.b64decode(packed)
    # Any gzip reader (the browser's DecompressionStream is one) reads the same stream.
    assert gzip.decompress(raw).decode() == text
    assert zlib.decompress(raw, wbits=31).decode() == text


@pytest.mark.parametrize("level", [1, 6, 9])
def test_gzip_header_is_fixed(level):
    data = ("frontline " * 500).encode()
    out = assets.gzip_bytes(data, level)
    # magic, deflate, no flags (no name/comment), mtime 0, XFL, OS 255 "unknown"
    assert out[:4] == b"\x1f\x8b\x08\x00" and out[4:8] == b"\0\0\0\0" and out[9] == 255
    assert out[8] == {1: 4, 6: 0, 9: 2}[level]
    assert gzip.decompress(out) == data
    assert out == assets.gzip_bytes(data, level)
    assert len(out) < len(data) / 10


def test_unpack_rejects_what_is_not_packed():
    with pytest.raises(ValueError):  # binascii.Error is a ValueError
        assets.unpack("not base64 <script>")
    with pytest.raises(OSError):  # gzip.BadGzipFile
        assets.unpack(base64.b64encode(b"plain bytes").decode())


def test_packed_assets_decode_to_exactly_the_sources():
    doc = json.loads(assets.unpack(assets.packed_assets()))
    assert doc == {
        "css": [assets.leaflet_css(), assets.our_css()],
        "js": "\n".join([assets.leaflet_js(), assets.our_js(), _icons_call()]),
    }
    sources = sum(len(t) for t in (*doc["css"], doc["js"]))
    assert len(assets.packed_assets()) < 0.5 * sources  # about 42 % with base64's 4/3


def test_packed_assets_are_the_same_in_another_process():
    # Two fresh processes (different hash seeds) from the same sources: the same bytes.
    # (Not against this process's cached value: the JS files may be edited meanwhile.)
    code = (
        "import hashlib, json; from geo.render import assets; p = assets.packed_assets(); "
        "assert json.loads(assets.unpack(p))['js'].startswith(assets.leaflet_js()); "
        "print(hashlib.sha256(p.encode()).hexdigest())"
    )
    outs = []
    for seed in ("1", "123"):
        env = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        )
        outs.append(run.stdout.strip())
    assert len(outs[0]) == 64 and outs[0] == outs[1]


def test_inline_code_cannot_break_out_of_its_element():
    for code in (assets.boot_js(), assets.inflate_js()):
        low = code.lower()
        assert "</script" not in low and "<script" not in low and "<!--" not in code
        assert not re.search(r"\{[{%#]", code)  # branca re-renders element output with Jinja
        assert "fetch(" not in code and "eval(" not in code and "new Function" not in code


def test_vendored_fflate_names_its_version_and_licence():
    text = VENDOR.read_text("utf-8")
    assert assets.inflate_js() == text.strip()
    head = text.split("*/", 1)[0]
    assert "fflate 0.8.3" in head and "MIT License" in head and "Arjun Barrett" in head
    assert "npm pack fflate@0.8.3" in head and "sha512-" in head
    assert "Permission is hereby granted" in head  # the whole notice travels with the code
    assert "var flInflate=" in text and "gunzipSync" in text


def _map(strings=None, packed=None):
    layers = fake_layers(strings)
    r = recipe.loads(recipe_text(strings), name="fake", path="fake.toml")
    m = make_map(r, offline=True, loader=layers.__getitem__)
    m._children["fl_assets"].packed = packed
    return m, r.text.title


def _html(strings=None, packed=None) -> str:
    m, title = _map(strings, packed)
    return to_html(m, name="fake", title=title)


def test_page_head_is_packed_and_the_map_script_waits():
    page = _html()
    head, body = page.split("</head>", 1)
    code = head.index('<script type="application/json" id="fl-code">')
    inflate = head.index('<script type="text/plain" id="fl-inflate">')
    boot = head.index("<script>" + assets.boot_js() + "</script>")
    assert code < inflate < boot  # boot.js reads both blocks when it runs
    assert f'id="fl-code">"{assets.packed_assets()}"</script>' in head
    assert assets.leaflet_js() not in page and assets.our_js() not in page
    assert assets.leaflet_css() not in page and assets.our_css() not in page
    # folium's map script is a text block at the end, run by boot.js (global scope).
    tail = body.split("</body>", 1)[1]
    assert re.fullmatch(
        r'\s*<script>\s*</script>\s*<script type="text/plain" id="fl-map-script">'
        r"\s*var map_\w+ = L\.map\(.*</script>\s*</html>\s*",
        tail,
        re.S,
    )
    assert body.count("<script>") == 1 and tail.count("</script>") == 2
    assert page == _html()


def test_plain_page_when_asked_or_when_a_head_script_needs_leaflet():
    plain = _html(packed=False)
    assert assets.leaflet_js() in plain and "fl-code" not in plain
    assert "fl-map-script" not in plain
    # A folium plugin that links a script into the head needs L when that script runs.
    from folium.plugins import Fullscreen

    m, title = _map()
    Fullscreen().add_to(m)  # links Leaflet.fullscreen's JS into the head
    page = to_html(m, name="fake", title=title)
    assert assets.leaflet_js() in page and "fl-map-script" not in page
    link = re.search(r'<script src="[^"]*fullscreen[^"]*"', page, re.I)
    assert link is not None and page.index("<script>" + assets.leaflet_js()) < link.start()


def test_two_maps_in_one_figure_carry_the_assets_once():
    from branca.element import Figure

    fig = Figure()
    a, _ = _map()
    b, _ = _map()
    fig.add_child(a)
    fig.add_child(b)
    page = fig.render()
    # The second map's head script comes after the first map's assets: so they are plain.
    assert page.count("<script>" + assets.leaflet_js()) == 1 and "fl-code" not in page


# -- in the browser ---------------------------------------------------------------------


#: What the page drew: every path's layer class and geometry, every label, the title card.
DRAWN = """() => ({
  paths: Array.from(document.querySelectorAll('.leaflet-pane path, .fl-map svg path'))
    .map(p => [p.getAttribute('class'), p.getAttribute('d')]),
  text: Array.from(document.querySelectorAll(
      '.fl-title, .fl-dek, .fl-byline, .fl-note, .fl-legend-label, .fl-figure,'
      + ' .fl-credit-line, .fl-label span, .fl-callout span, .fl-visually-hidden'))
    .map(e => e.textContent),
  markup: document.querySelector('.leaflet-container').innerHTML.length,
  title: document.title,
  globals: Object.keys(window).filter(k => /^(map_|fl_layer_|fl_furniture)/.test(k)).sort(),
  inflater: typeof window.flInflate,
  xss: window.__xss === undefined ? null : window.__xss,
})"""


def _drawn(browser, path: Path, *, no_stream: bool) -> tuple[dict, dict]:
    """Open ``path`` (network refused and recorded); what it drew, and what went wrong."""
    context = browser.new_context(viewport={"width": 1200, "height": 750})
    if no_stream:
        context.add_init_script("delete window.DecompressionStream")
    page = context.new_page()
    state: dict = {"requests": [], "errors": [], "dialogs": []}

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            state["requests"].append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: state["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: state["errors"].append(str(e)))
    page.on("dialog", lambda d: (state["dialogs"].append(d.message), d.dismiss()))
    try:
        page.goto(path.as_uri())
        page.wait_for_selector("[data-fl-ready]", timeout=20000)
        page.wait_for_timeout(300)  # any late onerror or dialog
        assert page.evaluate("() => typeof window.DecompressionStream") == (
            "undefined" if no_stream else "function"
        )
        return page.evaluate(DRAWN), state
    finally:
        context.close()


def _compare(browser, tmp_path: Path, strings=None) -> dict:
    plain, packed = tmp_path / "plain.html", tmp_path / "packed.html"
    plain.write_text(_html(strings, packed=False), "utf-8")
    packed.write_text(_html(strings), "utf-8")
    assert packed.stat().st_size < plain.stat().st_size - 100_000
    want, state = _drawn(browser, plain, no_stream=False)
    assert state == {"requests": [], "errors": [], "dialogs": []}
    assert want.pop("inflater") == "undefined"
    assert want["paths"] and want["text"] and want["globals"]  # folium's vars stay global
    for no_stream in (False, True):
        got, state = _drawn(browser, packed, no_stream=no_stream)
        assert state == {"requests": [], "errors": [], "dialogs": []}, no_stream
        # The fallback inflater runs only where it is needed.
        assert got.pop("inflater") == ("object" if no_stream else "undefined")
        assert got == want, no_stream
    return want


@pytest.mark.browser
def test_packed_page_draws_as_the_plain_one_with_and_without_decompression_stream(
    browser, tmp_path
):
    want = _compare(browser, tmp_path)
    assert want["title"] == "Test map" and "Test map" in want["text"]


@pytest.mark.browser
def test_packed_page_shows_payloads_as_text(browser, tmp_path):
    strings = list(PAYLOADS)
    want = _compare(browser, tmp_path, strings)
    assert want["xss"] is None
    assert want["title"] == strings[0]  # the recipe title, literally
    shown = "\n".join(want["text"])
    for s in strings:
        assert s in shown, f"payload not shown literally: {s[:60]!r}"


@pytest.mark.browser
def test_messages_sent_before_the_code_runs_are_delivered(browser, tmp_path):
    # An embed's parent says hello when the iframe loads, which may be before the packed
    # code has run: boot.js keeps such messages and dispatches them again afterwards (the
    # embed tests in test_render_page_browser.py fail without that).
    import folium
    from folium.template import Template

    listen = "window.addEventListener('message', function (e) { window.__got.push(e.data); });"
    got = {}
    for packed in (False, True):
        m, title = _map(packed=packed)
        element = folium.MacroElement()  # a notebook user's element, run by the map script
        element._template = Template(f"{{% macro script(this, kwargs) %}}{listen}{{% endmacro %}}")
        m.add_child(element, name="listen")
        path = tmp_path / f"listen-{packed}.html"
        path.write_text(to_html(m, name="fake", title=title), "utf-8")
        context = browser.new_context()
        # Hold the unpacking back 300 ms, so the packed code surely runs after the load.
        context.add_init_script(
            "window.__got = []; window.addEventListener('load', function () {"
            " window.postMessage({hello: 1}, '*'); });"
            "var text = Response.prototype.text; Response.prototype.text = function () {"
            " var r = this; return new Promise(function (ok) { setTimeout(ok, 300); })"
            ".then(function () { return text.call(r); }); };"
        )
        page = context.new_page()
        page.goto(path.as_uri())
        page.wait_for_selector("[data-fl-ready]", timeout=20000)
        page.wait_for_timeout(200)
        got[packed] = page.evaluate("() => window.__got")
        context.close()
    assert got[True] == got[False] == [{"hello": 1}]


@pytest.mark.browser
def test_a_damaged_code_block_fails_loudly(browser, tmp_path):
    page_text = _html().replace(assets.packed_assets(), base64.b64encode(b"not gzip").decode())
    path = tmp_path / "damaged.html"
    path.write_text(page_text, "utf-8")
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(path.as_uri())
        page.wait_for_selector("html[data-fl-error='unpack']", timeout=20000)
        assert any("could not unpack" in e for e in errors)
        assert page.evaluate("() => typeof window.L") == "undefined"
    finally:
        context.close()


# -- packed data blocks (assets.data_json, unpacked in place by boot.js) ------------------

_BLOCK = re.compile(
    r'(<script type="application/json" id="(?!fl-code")[^"]+">)(.*?)(</script>)', re.S
)


def _random_text(n: int) -> str:
    """Base64 of pseudo-random bytes: about 6 bits a character, which gzip cannot shrink."""
    import hashlib

    raw = b"".join(hashlib.sha256(i.to_bytes(4, "little")).digest() for i in range(n // 40 + 1))
    return base64.b64encode(raw).decode()[:n]


def test_data_json_packs_large_blocks_that_shrink_and_nothing_else():
    small = {"t": "x" * 100}
    assert assets.data_json(small) == assets.script_json(small)
    big = {"polys": "M0 0l4-3 0 3Z" * 2000, "t": "</script><b>{{ x }}</b>"}
    text = assets.data_json(big)
    assert re.fullmatch(r'"[A-Za-z0-9+/=]+"', text)  # a JSON string of base64 only
    assert len(text) < len(assets.script_json(big)) / 10
    inner = assets.unpack(json.loads(text))
    assert inner == assets.script_json(big) and json.loads(inner) == big
    assert assets.data_json(big) == text  # deterministic
    assert assets.data_json(big, packed=False) == assets.script_json(big)
    # Text that gzip cannot shrink stays plain (packing would only add bytes and time).
    noise = {"c": _random_text(20_000)}
    assert assets.data_json(noise) == assets.script_json(noise)


def _pack_blocks(page: str) -> str:
    """``page`` with every data block written by :func:`assets.data_json` at any size."""

    def one(m: re.Match[str]) -> str:
        return m.group(1) + assets.data_json(json.loads(m.group(2))) + m.group(3)

    return _BLOCK.sub(one, page)


def test_packing_a_page_s_data_blocks_keeps_them_inert(monkeypatch):
    monkeypatch.setattr(assets, "PACK_MIN_CHARS", 0)
    page = _pack_blocks(_html(list(PAYLOADS)))
    blocks = [m.group(2) for m in _BLOCK.finditer(page)]
    packed = [b for b in blocks if b.startswith('"')]
    assert packed and all(re.fullmatch(r'"[A-Za-z0-9+/=]+"', b) for b in packed)
    assert len(packed) < len(blocks)  # tiny blocks (options, a point) do not shrink: plain


@pytest.mark.browser
def test_packed_data_blocks_draw_as_the_plain_page_and_show_payloads_as_text(
    browser, tmp_path, monkeypatch
):
    monkeypatch.setattr(assets, "PACK_MIN_CHARS", 0)
    strings = list(PAYLOADS)
    plain, packed = tmp_path / "plain.html", tmp_path / "packed-data.html"
    plain.write_text(_html(strings, packed=False), "utf-8")
    packed.write_text(_pack_blocks(_html(strings)), "utf-8")
    text = packed.read_text("utf-8")
    assert re.search(r'id="fl_furniture_\w+-data">"', text)  # furniture packed
    assert re.search(r'id="fl_layer_\w+-data">"', text)  # and a layer
    want, state = _drawn(browser, plain, no_stream=False)
    assert state == {"requests": [], "errors": [], "dialogs": []}
    want.pop("inflater")
    for no_stream in (False, True):
        got, state = _drawn(browser, packed, no_stream=no_stream)
        assert state == {"requests": [], "errors": [], "dialogs": []}, no_stream
        got.pop("inflater")
        assert got == want, no_stream
    assert want["xss"] is None and want["title"] == strings[0]
    shown = "\n".join(want["text"])
    for s in strings:
        assert s in shown, f"payload not shown literally: {s[:60]!r}"


@pytest.mark.browser
def test_a_damaged_data_block_fails_loudly(browser, tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "PACK_MIN_CHARS", 0)
    page_text = _pack_blocks(_html())
    first = next(m for m in _BLOCK.finditer(page_text) if m.group(2).startswith('"'))
    bad = '"' + base64.b64encode(b"not gzip").decode() + '"'
    page_text = page_text[: first.start(2)] + bad + page_text[first.end(2) :]
    path = tmp_path / "damaged-data.html"
    path.write_text(page_text, "utf-8")
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(path.as_uri())
        page.wait_for_selector("html[data-fl-error='unpack']", timeout=20000)
        assert any("could not unpack" in e for e in errors)
        assert page.locator("[data-fl-ready]").count() == 0  # no half-drawn map
    finally:
        context.close()
