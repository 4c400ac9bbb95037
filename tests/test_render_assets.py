"""Tests for geo.render.assets and the packed page head (InlineAssets, js/boot.js).

The packed text decodes to exactly the (minified) sources; gzip output is deterministic
(fixed header, the same bytes in another process); base85 is standard base85 (RFC 1924's
arithmetic) with digits that cannot break out of a page, and rejects damage; the shipped
zopfli head is of exactly the current sources (regenerate with scripts/pack_head.py) and a
stale one is never used; the page carries the code block, the fallback inflater as inert
text and the boot script, and folium's map script waits for them. In Chromium (pytest -m
browser): boot.js's base85 decoder gives Python's bytes; the packed page (minified code)
draws exactly what the uncompressed page (the sources as written) draws, with
DecompressionStream and without it (then through the vendored fflate), with zero network
requests, and an XSS corpus in the recipe (title included) shows as text and never runs.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import rcssmin
import rjsmin
from conftest import require
from helpers.browser import watch
from helpers.maps import PAYLOADS, fake_layers, recipe_text

from geo import recipe
from geo.render import assets, make_map, packing, to_html

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "geo" / "render" / "js" / "vendor" / "fflate-inflate.min.js"
HEAD = ROOT / "geo" / "render" / "js" / assets.HEAD_FILE
B85 = re.compile("[" + re.escape(assets.B85_DIGITS) + "]*")
PACKED_JSON = re.compile('"[' + re.escape(assets.B85_DIGITS) + ']+"')
RFC1924 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~"
TEXTS = ["", "a", "Leaflet ✓ Київ 평양 \U0001f30d", "x" * 100_000, "\u2028</script>{{ }}"]


def _icons_call() -> str:
    return f"frontline.useInlineIcons({assets.script_json(assets.marker_icons())});"


@pytest.mark.parametrize("text", TEXTS)
def test_pack_round_trips_exactly(text):
    packed = assets.pack(text)
    assert B85.fullmatch(packed)
    assert assets.unpack(packed) == text
    raw = assets.decode85(packed)
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
    filtered = assets.gzip_bytes(data, level, zlib.Z_FILTERED)
    assert filtered[:10] == out[:10] and gzip.decompress(filtered) == data


def test_zopfli_gzip_has_the_same_fixed_header_and_is_smaller():
    require(_has_zopfli(), "zopfli not installed (pip install zopfli; build time only)")
    data = assets.asset_document_bytes()[:60_000]
    out = assets.zopfli_gzip(data, iterations=1)
    assert out[:10] == assets.gzip_bytes(data)[:10]  # mtime 0, XFL 2, OS 255
    assert gzip.decompress(out) == data and zlib.decompress(out, wbits=31) == data
    assert len(out) < len(assets.gzip_bytes(data))
    assert out == assets.zopfli_gzip(data, iterations=1)


def _has_zopfli() -> bool:
    try:
        import zopfli.zopfli  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.parametrize("n", [*range(13), 1000, 4097])
def test_base85_is_rfc1924_arithmetic_with_safe_digits(n):
    data = hashlib.sha256(str(n).encode()).digest() * (n // 32 + 1)
    data = data[:n]
    text = assets.encode85(data)
    assert len(text) == -(-n * 5 // 4)  # ceil(5n / 4): 25 % over the bytes
    assert assets.decode85(text) == data
    # The same digits in order of value as RFC 1924 (Python's b85encode), only renamed.
    assert text == base64.b85encode(data).decode().translate(
        str.maketrans(RFC1924, assets.B85_DIGITS)
    )


def test_base85_digits_cannot_break_out_of_a_page():
    digits = assets.B85_DIGITS
    assert len(set(digits)) == 85 and list(digits) == sorted(digits)
    assert all(0x21 <= ord(c) <= 0x7E for c in digits)
    assert not set(digits) & set("\"&'<>\\`{}")  # JSON string, HTML, Jinja
    assert json.loads(f'"{digits}"') == digits  # no escapes needed in a JSON string


def test_decode85_rejects_damage():
    good = assets.encode85(b"frontline map")
    for bad in (good[:-1] + "<", good + "é", good[:6], "~~~~~", good + "\n"):
        with pytest.raises(ValueError, match="not base85"):
            assets.decode85(bad)


def test_unpack_rejects_what_is_not_packed():
    with pytest.raises(ValueError):
        assets.unpack("not base85 <script>")
    with pytest.raises(OSError):  # gzip.BadGzipFile
        assets.unpack(assets.encode85(b"plain bytes"))


def test_packed_assets_decode_to_exactly_the_minified_sources():
    doc = json.loads(assets.unpack(assets.packed_assets()))
    assert doc == assets.asset_document()
    assert json.loads(assets.asset_document_bytes()) == doc
    ours = [
        (ROOT / "geo" / "render" / "js" / n).read_text("utf-8").strip()
        for n in ("frontline.js", "page.js")
    ]
    assert doc == {
        "css": [rcssmin.cssmin(assets.leaflet_css()), rcssmin.cssmin(assets.our_css())],
        "js": "\n".join([assets.leaflet_js(), *map(rjsmin.jsmin, ours), _icons_call()]),
    }
    assert doc["js"].startswith(assets.leaflet_js() + "\n")  # Leaflet as it comes
    # Minified: our JS and CSS lose their comments and indentation (the sources keep them).
    assert len(doc["css"][1]) < 0.85 * len(assets.our_css())
    assert len(doc["js"]) - len(assets.leaflet_js()) < 0.7 * len(assets.our_js())
    sources = len(assets.leaflet_js()) + len(assets.leaflet_css()) + len(assets.our_js())
    sources += len(assets.our_css()) + len(_icons_call())
    assert len(assets.packed_assets()) < 0.35 * sources  # about 32 %


def test_shipped_head_is_of_exactly_the_current_sources():
    # geo/render/js/packed-head.txt is made by scripts/pack_head.py: run it again after
    # editing frontline.js, page.js or frontline.css (or updating Leaflet/rjsmin/rcssmin).
    lines = HEAD.read_text("ascii").split("\n")
    document = assets.asset_document_bytes()
    assert lines[1] == "sha256 " + hashlib.sha256(document).hexdigest(), (
        "geo/render/js/packed-head.txt is stale: run python scripts/pack_head.py"
    )
    assert assets.packed_assets() == lines[2]  # the build uses it
    assert gzip.decompress(assets.decode85(lines[2])) == document
    require(_has_zopfli(), "zopfli not installed (pip install zopfli; build time only)")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import pack_head
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert pack_head.current_text() == HEAD.read_text("ascii")  # zopfli, deterministic
    assert len(lines[2]) < len(assets.encode85(assets.gzip_bytes(document)))


def test_a_stale_head_file_is_never_used(monkeypatch):
    edited = assets.asset_document_bytes() + b" "  # a source edited since the file was made
    monkeypatch.setattr(assets, "asset_document_bytes", lambda: edited)
    assets.packed_assets.cache_clear()
    try:
        packed = assets.packed_assets()
        assert gzip.decompress(assets.decode85(packed)) == edited
        assert packed == assets.encode85(assets.gzip_bytes(edited))  # zlib, not the file
        assert packed not in HEAD.read_text("ascii")
    finally:
        assets.packed_assets.cache_clear()


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
    assert f'var DIGITS="{assets.B85_DIGITS}";' in assets.boot_js()  # the same digits
    assert assets.boot_js() == rjsmin.jsmin(
        (ROOT / "geo/render/js/boot.js").read_text("utf-8").strip()
    )
    assert "/*" not in assets.boot_js()  # minified: the comments stay in the source


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
    if no_stream:  # an old browser: fflate inflates, boot.js's JavaScript loop decodes
        context.add_init_script("delete window.DecompressionStream; delete window.WebAssembly")
    page = context.new_page()
    state = watch(page)
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


#: Each way a packed block can be damaged: base85 of what is not gzip, a character that is
#: not a digit, a length no byte count gives, a group worth 2**32 or more.
DAMAGE = {
    "not gzip": lambda p: assets.encode85(b"not gzip"),
    "bad digit": lambda p: p[:100] + "\u00e9" + p[101:],
    "bad length": lambda p: p[: -(len(p) % 5) or None][:-4],
    "bad group": lambda p: "~~~~~" + p[5:],
}


@pytest.mark.browser
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_code_block_fails_loudly(browser, tmp_path, damage):
    packed = assets.packed_assets()
    page_text = _html().replace(packed, DAMAGE[damage](packed))
    page = _shows_unpack_error(browser, tmp_path / "damaged.html", page_text)
    assert page.evaluate("() => typeof window.L") == "undefined"
    page.context.close()


def _shows_unpack_error(browser, path: Path, page_text: str):
    """Open a damaged page; assert it says so (``data-fl-error``, console). Its page."""
    path.write_text(page_text, "utf-8")
    page = browser.new_page()
    errors = watch(page)["errors"]
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-fl-error='unpack']", timeout=20000)
    assert any("could not unpack" in e for e in errors)
    return page


# -- packed data blocks (assets.data_json, unpacked in place by boot.js) ------------------

_BLOCK = re.compile(
    r'(<script type="application/json" id="(?!fl-code")[^"]+">)(.*?)(</script>)', re.S
)


def _random_text(n: int) -> str:
    """Pseudo-random CJK characters: 15 bits in each, 3 bytes of UTF-8; gzip cannot make
    them fewer characters (base64 text would not do: 6 bits a character, which gzip and
    base85 bring to 0.94 of a character)."""
    raw = b"".join(hashlib.sha256(i.to_bytes(4, "little")).digest() for i in range(n // 16 + 1))
    codes = [int.from_bytes(raw[2 * i : 2 * i + 2], "little") % 20_000 for i in range(n)]
    return "".join(chr(0x4E00 + c) for c in codes)


def test_data_json_packs_large_blocks_that_shrink_and_nothing_else():
    small = {"t": "x" * 100}
    assert assets.data_json(small) == assets.script_json(small)
    big = {"polys": "M0 0l4-3 0 3Z" * 2000, "t": "</script><b>{{ x }}</b>"}
    text = assets.data_json(big)
    assert PACKED_JSON.fullmatch(text)  # a JSON string of base85 only
    assert len(text) < len(assets.script_json(big)) / 10
    inner = assets.unpack(json.loads(text))
    assert inner == assets.script_json(big) and json.loads(inner) == big
    assert assets.data_json(big) == text  # deterministic
    assert assets.data_json(big, packed=False) == assets.script_json(big)
    # Text that gzip cannot shrink stays plain (packing would only add bytes and time).
    noise = {"c": _random_text(20_000)}
    assert assets.data_json(noise) == assets.script_json(noise)


def _pack_blocks(page: str) -> str:
    """``page`` with every data block written by :func:`assets.data_json` at any size
    (each packed alone, instead of all in ``fl-data``)."""

    def one(m: re.Match[str]) -> str:
        return m.group(1) + assets.data_json(json.loads(m.group(2))) + m.group(3)

    return _BLOCK.sub(one, assets.unpack_data_blocks(page))


def test_packing_a_page_s_data_blocks_keeps_them_inert(monkeypatch):
    monkeypatch.setattr(assets, "PACK_MIN_CHARS", 0)
    page = _pack_blocks(_html(list(PAYLOADS)))
    blocks = [m.group(2) for m in _BLOCK.finditer(page)]
    packed = [b for b in blocks if b.startswith('"')]
    assert packed and all(PACKED_JSON.fullmatch(b) for b in packed)
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
    want = _drawn_alike(browser, plain, packed)
    assert want["xss"] is None and want["title"] == strings[0]
    shown = "\n".join(want["text"])
    for s in strings:
        assert s in shown, f"payload not shown literally: {s[:60]!r}"


@pytest.mark.browser
def test_a_damaged_data_block_fails_loudly(browser, tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "PACK_MIN_CHARS", 0)
    page_text = _pack_blocks(_html())
    first = next(m for m in _BLOCK.finditer(page_text) if m.group(2).startswith('"'))
    bad = '"' + assets.encode85(b"not gzip") + '"'
    page_text = page_text[: first.start(2)] + bad + page_text[first.end(2) :]
    page = _shows_unpack_error(browser, tmp_path / "damaged-data.html", page_text)
    assert page.locator("[data-fl-ready]").count() == 0  # no half-drawn map
    page.context.close()


def _boot_decoder() -> str:
    """boot.js's base85 decoder (DIGITS, VALUE and bytes), cut out of the minified source."""
    code = assets.boot_js()
    start = code.index("var DIGITS=")
    end = code.index("function insert(")
    return code[start:end]


def _build_wasm():
    """scripts/build_wasm.py, which assembles js/base85.wat (needs wasmtime)."""
    import importlib.util

    require(importlib.util.find_spec("wasmtime") is not None, "wasmtime is not installed")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_wasm
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return build_wasm


def test_boot_js_carries_exactly_the_module_assembled_from_base85_wat():
    build_wasm = _build_wasm()
    module = build_wasm.module_bytes()
    assert module[:8] == b"\x00asm\x01\x00\x00\x00" and b"name" not in module
    assert build_wasm.wasm_line() in (ROOT / "geo/render/js/boot.js").read_text("utf-8"), (
        "boot.js's WASM is stale: run python scripts/build_wasm.py"
    )
    assert f'var WASM="{assets.encode85(module)}";' in assets.boot_js()  # as minified


def test_base85_wat_module_decodes_as_python_does():
    """The module itself, run by wasmtime: the bytes and flags boot.js relies on."""
    import wasmtime

    store = wasmtime.Store()
    exports = wasmtime.Instance(
        store, wasmtime.Module(store.engine, _build_wasm().module_bytes()), []
    ).exports(store)
    memory, decode = exports["m"], exports["d"]
    table = bytes(packing.B85_DIGITS.find(chr(c)) % 256 for c in range(256))  # -1: 255

    def run(digits: str) -> tuple[int, bytes]:
        n = len(digits) // 5
        memory.write(store, table + digits.encode("ascii"), 0)
        return decode(store, n), memory.read(store, 256, 256 + 4 * n)

    for size in (0, 4, 8, 400, 4000):
        data = hashlib.sha256(str(size).encode()).digest() * (size // 32 + 1)
        data = data[:size]
        assert run(assets.encode85(data)) == (0, data)
    assert run("!!!!!~~~~~")[0] == 1  # "~~~~~" is worth 85^5 - 1 >= 2^32
    assert run("!!!!<")[0] == 128  # "<" is no digit
    assert run("~~~~<")[0] == 129


@pytest.mark.browser
@pytest.mark.parametrize("engine", ["wasm", "js"])
def test_boot_js_base85_decoder_gives_python_s_bytes(browser, engine):
    cases = [hashlib.sha256(str(n).encode()).digest() * (n // 32 + 1) for n in range(40)]
    cases = [c[:n] for n, c in enumerate(cases)] + [bytes(range(256)) * 40, b"\xff" * 9]
    cases.append(hashlib.sha256(b"grow").digest() * 4000 + b"\x01\x02")  # memory grows
    texts = [assets.encode85(c) for c in cases]
    bad = [texts[9][:-1] + "<", texts[9] + "\u00e9", texts[9][:6], "~~~~~", "a b  "]
    context = browser.new_context()
    page = context.new_page()
    try:
        page.set_content("<p>decoder</p>")
        # The test (not the page) evaluates the decoder's own text.
        # The test (not the page) evaluates the decoder's own text; without WebAssembly
        # (shadowed), it decodes with its JavaScript loop.
        got = page.evaluate(
            "([texts, bad]) => {"
            + ("var WebAssembly = undefined;" if engine == "js" else "")
            + _boot_decoder()
            + "return [texts.map(t => Array.from(bytes(t))),"
            " bad.map(t => { try { bytes(t); return 'decoded'; }"
            " catch (e) { return e.message; } }), wasm === null]; }",
            [texts, bad],
        )
    finally:
        context.close()
    assert got[0] == [list(c) for c in cases]
    assert got[1] == ["base85: bad character"] * 2 + ["base85: bad length"] + [
        "base85: bad group",
        "base85: bad character",
    ]
    assert got[2] == (engine == "js")  # the engine asked for is the one that ran


def test_packed_data_blocks_are_kept_but_only_used_when_they_unpack_to_the_block(
    tmp_path, monkeypatch
) -> None:
    from geo import cache

    monkeypatch.setenv(cache.ENV, str(tmp_path))
    text = assets.script_json({"c": list(range(3000))})
    first = assets._pack_data(text)
    (entry,) = (tmp_path / "packed").iterdir()

    def no_pack(*args, **kwargs):
        raise AssertionError("packed again")

    monkeypatch.setattr(assets, "pack", no_pack)
    assert assets._pack_data(text) == first  # from the cache, checked by unpacking
    monkeypatch.undo()
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    other = assets._pack_data(assets.script_json({"planted": True}))
    entry.write_text(other, "utf-8")  # an entry that unpacks to another block
    assert assets._pack_data(text) == first and entry.read_text("utf-8") == first
    entry.write_text("not base85 \u00e9", "utf-8")
    assert assets._pack_data(text) == first


# -- all of a page's data blocks in one stream (assets.pack_data_blocks, #fl-data) ---------

FL_DATA = re.compile(r'\n<script type="application/json" id="fl-data">("[^"<]*")</script>')
#: Block texts that must come back exactly: non-ASCII (several UTF-8 lengths, a 4-byte
#: one split across base85 groups somewhere), escapes, markup that must stay data.
ODD_TEXTS = ["Київ 평양 \U0001f30d " * 300, "</script><!-- {{ x }} \u2028\u2029", r'\n\t" \ ', "a"]


def _unpacked_html(monkeypatch, strings=None) -> str:
    """The packed-head page as rendered, before its data blocks are packed."""
    with monkeypatch.context() as mp:
        mp.setattr(assets, "pack_data_blocks", lambda page: page)
        return _html(strings)


def _with_odd_blocks(page: str) -> str:
    """``page`` with extra data blocks holding :data:`ODD_TEXTS` (before ``</body>``)."""
    extra = "".join(
        f'<script type="application/json" id="fl-odd-{i}">{assets.script_json({"t": t})}</script>'
        for i, t in enumerate(ODD_TEXTS)
    )
    return page.replace("</body>", extra + "</body>", 1)


def _blocks(page: str) -> dict[str, str]:
    return {m["id"]: m["text"] for m in assets._DATA_BLOCK.finditer(page)}


def test_pack_data_blocks_puts_every_block_in_one_stream_that_round_trips(monkeypatch):
    raw = _with_odd_blocks(_unpacked_html(monkeypatch, list(PAYLOADS)))
    page = assets.pack_data_blocks(raw)
    assert assets.unpack_data_blocks(page) == raw  # every block exactly, and nothing else
    assert page == assets.pack_data_blocks(raw) and len(page) < len(raw)  # deterministic
    head = page.split("</head>", 1)[0]
    (packed,) = FL_DATA.findall(page)
    assert PACKED_JSON.fullmatch(packed)  # base85 only: cannot end its element
    # In the head, right after the code block: inflated while the page is parsed.
    assert (
        f'"{assets.packed_assets()}"</script>\n<script type="application/json" id="fl-data">'
        in head
    )
    ids, *texts = assets.unpack(json.loads(packed)).split("\n")
    assert json.loads(ids) == list(_blocks(raw)) and texts == list(_blocks(raw).values())
    # Every block keeps its element, holding the placeholder until boot.js fills it.
    assert set(_blocks(page.replace(FL_DATA.search(page).group(0), ""))) <= {"fl-code"}
    assert page.count('">""</script>') == len(texts)
    for data in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S):
        assert "<" not in data and "\n" not in data  # no markup, and all of it in one piece


def test_pack_data_blocks_leaves_a_page_without_enough_data_as_it_is(monkeypatch):
    raw = _unpacked_html(monkeypatch)
    monkeypatch.setattr(assets, "PACK_MIN_CHARS", 10**9)
    assert assets.pack_data_blocks(raw) == raw and 'id="fl-data"' not in raw
    assert assets.unpack_data_blocks(raw) == raw
    plain = _html(packed=False)  # no code block: nothing to unpack the data with
    monkeypatch.undo()
    assert assets.pack_data_blocks(plain) == plain


def test_unpack_data_blocks_rejects_a_damaged_data_block(monkeypatch):
    page = assets.pack_data_blocks(_with_odd_blocks(_unpacked_html(monkeypatch)))
    (packed,) = FL_DATA.findall(page)
    ids, *texts = assets.unpack(json.loads(packed)).split("\n")
    short = page.replace(packed, '"' + assets.pack("\n".join([ids, *texts[:-1]])) + '"')
    with pytest.raises(ValueError, match="does not match"):
        assets.unpack_data_blocks(short)
    first = json.loads(ids)[0]
    lost = page.replace(f'id="{first}">""</script>', f'id="{first}">{{}}</script>')
    with pytest.raises(ValueError, match="without a placeholder"):
        assets.unpack_data_blocks(lost)


def test_one_stream_is_smaller_than_a_stream_a_block_on_a_bundled_map():
    require((ROOT / "layers" / "catalog.toml").exists(), "layers/catalog.toml")
    page = to_html(make_map("kursk"), name="kursk")
    raw = assets.unpack_data_blocks(page)
    alone = _BLOCK.sub(
        lambda m: m.group(1) + assets._block(m.group(2)) + m.group(3), raw
    )  # the page as it was packed before: each large block alone, the rest plain
    assert 'id="fl-data"' in page and len(page) < len(alone) - 1000
    assert assets.gzip_bytes(b"x", 6, part_end=b"\n") == assets.gzip_bytes(b"x", 6)


_FILLED = """(ids) => ids.map(id => document.getElementById(id).textContent)"""


@pytest.mark.browser
@pytest.mark.parametrize("no_stream", [False, True])
def test_every_data_block_unpacks_in_the_browser_to_exactly_python_s_json(
    browser, tmp_path, monkeypatch, no_stream
):
    raw = _with_odd_blocks(_unpacked_html(monkeypatch, list(PAYLOADS)))
    page = assets.pack_data_blocks(raw)
    path = tmp_path / "one-stream.html"
    path.write_text(page, "utf-8")
    context = browser.new_context()
    if no_stream:
        context.add_init_script("delete window.DecompressionStream; delete window.WebAssembly")
    try:
        tab = context.new_page()
        state = watch(tab)
        tab.goto(path.as_uri())
        tab.wait_for_selector("[data-fl-ready]", timeout=20000)
        ids = list(_blocks(raw))
        got = tab.evaluate(_FILLED, ids)
        used = tab.evaluate("() => typeof window.flInflate")
    finally:
        context.close()
    assert state == {"requests": [], "errors": [], "dialogs": []}
    assert got == [_blocks(raw)[i] for i in ids]
    assert [json.loads(g)["t"] for g in got[-len(ODD_TEXTS) :]] == ODD_TEXTS
    assert used == ("object" if no_stream else "undefined")


@pytest.mark.browser
def test_a_page_without_packed_data_draws_as_the_plain_page(browser, tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "PACK_MIN_CHARS", 10**9)
    page = _html()
    assert 'id="fl-data"' not in page and not re.search(r'id="fl_\w+-data">"', page)
    plain, packed = tmp_path / "plain.html", tmp_path / "no-data.html"
    plain.write_text(_html(packed=False), "utf-8")
    packed.write_text(page, "utf-8")
    _drawn_alike(browser, plain, packed)


def _drawn_alike(browser, plain: Path, packed: Path) -> dict:
    """``packed`` draws what ``plain`` draws, with and without DecompressionStream, cleanly.

    Returns what the plain page drew (``_drawn``'s state, less the inflater used).
    """
    want, state = _drawn(browser, plain, no_stream=False)
    assert state == {"requests": [], "errors": [], "dialogs": []}
    want.pop("inflater")
    for no_stream in (False, True):
        got, state = _drawn(browser, packed, no_stream=no_stream)
        assert state == {"requests": [], "errors": [], "dialogs": []}, no_stream
        got.pop("inflater")
        assert got == want, no_stream
    return want


def _damaged_data(page: str, how: str) -> str:
    (packed,) = FL_DATA.findall(page)
    ids, *texts = assets.unpack(json.loads(packed)).split("\n")
    first = json.loads(ids)[0]
    if how == "not gzip":
        return page.replace(packed, '"' + assets.encode85(b"not gzip") + '"')
    if how == "a line short":
        return page.replace(packed, '"' + assets.pack("\n".join([ids, *texts[:-1]])) + '"')
    if how == "no placeholder":  # the block's element holds something else
        return page.replace(f'id="{first}">""</script>', f'id="{first}">{{}}</script>')
    assert how == "no element"
    return page.replace(f'id="{first}">""</script>', 'id="elsewhere"></script>')


@pytest.mark.browser
@pytest.mark.parametrize("how", ["not gzip", "a line short", "no placeholder", "no element"])
def test_a_damaged_fl_data_block_fails_loudly(browser, tmp_path, monkeypatch, how):
    raw = _with_odd_blocks(_unpacked_html(monkeypatch))
    page_text = _damaged_data(assets.pack_data_blocks(raw), how)
    page = _shows_unpack_error(browser, tmp_path / "damaged-fl-data.html", page_text)
    assert page.locator("[data-fl-ready]").count() == 0  # no half-drawn map
    page.context.close()
