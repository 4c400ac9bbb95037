r"""Inline assets: Leaflet from the ``xstatic-leaflet`` package, our JS/CSS, safe JSON.

Nothing is fetched: Leaflet's JS/CSS are read from the installed PyPI package, its images
(``images/layers.png`` and friends) become ``data:`` URIs inside the CSS, and the source-map
comments are dropped so not even developer tools ask for a file.

A page carries them packed (:func:`packed_assets`): Leaflet's JS and CSS, ours and the
marker icons as one gzip stream in base85 (:func:`encode85`; about 37 % of the bytes),
which ``js/boot.js`` unpacks in the browser with ``DecompressionStream('gzip')``, or, in a
browser without it, with the vendored fflate inflater (:func:`inflate_js`).

- **Minified at pack time** (:func:`asset_document`): our JS with ``rjsmin``, our CSS and
  Leaflet's with ``rcssmin`` (Leaflet's JS comes minified). The files in ``js/`` and
  ``css/`` stay what we edit and read; a plain page (``packed=False``) carries them as
  they are.
- **Deflated with zopfli, once, ahead of time**: the head is the same for every page, so
  ``scripts/pack_head.py`` packs it with zopfli (about 5 % smaller than zlib level 9, but
  0.5 s of CPU) into ``js/packed-head.txt``, keyed by the SHA-256 of the exact document
  it encodes. :func:`packed_assets` uses it only when that key is the current document's;
  otherwise (a source edited since) it packs the current document with zlib: a stale file
  is never used, and ``tests/test_render_assets.py`` fails until it is regenerated.
- **Data blocks** (:func:`data_json`, :func:`pack_data_blocks`) are packed at build time
  with zlib level :data:`DATA_GZIP_LEVEL` and the ``Z_FILTERED`` strategy: smaller than
  level 9 on our coordinate text, and half its CPU.

Every gzip stream is deterministic: a fixed header (no file name, modification time 0, OS
"unknown") and fixed settings, so the same input gives the same bytes in any process.

Examples
--------
>>> script_json({"t": "</script><b>"})
'{"t":"\\u003c/script\\u003e\\u003cb\\u003e"}'
>>> unpack(pack("Leaflet ✓")) == "Leaflet ✓"
True
>>> pack("a") == pack("a")
True
>>> encode85(b"frontline")
'Fvfn0KIUa2FM'
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
import zlib
from importlib import resources
from pathlib import Path
from typing import Any

import rcssmin
import rjsmin

from geo import cache
from geo.render.packing import (
    B85_DIGITS,
    GZIP_LEVEL,
    decode85,
    encode85,
    gzip_bytes,
    pack,
    unpack,
    zopfli_gzip,
)

__all__ = [
    "B85_DIGITS",
    "DATA_GZIP_LEVEL",
    "GZIP_LEVEL",
    "HEAD_FILE",
    "LEAFLET_VERSION",
    "PACK_MIN_CHARS",
    "asset_document",
    "asset_document_bytes",
    "boot_js",
    "data_json",
    "decode85",
    "encode85",
    "gzip_bytes",
    "head_file_text",
    "inflate_js",
    "leaflet_css",
    "leaflet_dir",
    "leaflet_js",
    "marker_icons",
    "our_css",
    "our_js",
    "pack",
    "pack_data_blocks",
    "packed_assets",
    "script_json",
    "unpack",
    "unpack_data_blocks",
    "zopfli_gzip",
]

LEAFLET_VERSION = "1.9.3"
#: zlib level of the data blocks, with the ``Z_FILTERED`` strategy: on the
#: blocks of the bundled maps 1.2 % smaller than level 9's default strategy, in 55 % of
#: its CPU (level 9 filtered: 0.9 % smaller again, for twice the CPU).
DATA_GZIP_LEVEL = 6
#: The precomputed packed head (``scripts/pack_head.py``), in ``geo/render/js/``.
HEAD_FILE = "packed-head.txt"
#: Data blocks shorter than this (characters of JSON) stay plain JSON (:func:`data_json`):
#: below it the gzip header and base85 outweigh the saving and the unpacking costs time.
PACK_MIN_CHARS = 4096

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")
_JINJA_OPEN = re.compile(r"\{(?=[{%#])")


def script_json(obj: Any) -> str:
    r"""Serialise ``obj`` for a ``<script type="application/json">`` block.

    Compact, sorted keys, non-ASCII kept, and ``< > &`` U+2028 U+2029 written as JSON
    ``\uXXXX`` escapes, so no string can close the script element (``</script>``) or start
    an HTML comment, and the ``{`` of ``{{``, ``{%`` and ``{#`` is escaped too, so no string
    is ever evaluated by Jinja; ``JSON.parse`` gives the original text back.

    Parameters
    ----------
    obj : Any
        JSON-compatible data (no NaN/infinity).

    Returns
    -------
    str
    """
    text = json.dumps(
        obj, sort_keys=True, ensure_ascii=False, allow_nan=False, separators=(",", ":")
    )
    text = _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)
    # branca renders each MacroElement's output a second time as a Jinja template, so a
    # string holding "{{", "{%" or "{#" would be evaluated at build time (template
    # injection). Compact JSON never has those sequences outside strings, so escaping the
    # "{" of each inside strings is lossless.
    return _JINJA_OPEN.sub(r"\\u007b", text)


def leaflet_dir() -> Path:
    """Return the folder holding ``leaflet.js``, ``leaflet.css`` and ``images/``."""
    import xstatic.pkg.leaflet as xl  # the package is data only; cheap to import

    return Path(xl.BASE_DIR)


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _strip_source_map(text: str) -> str:
    return re.sub(r"/[/*][#@] sourceMappingURL=[^\s*]+(?:\s*\*/)?", "", text)


@functools.cache
def leaflet_js() -> str:
    """Leaflet's minified JS, without the source-map comment."""
    return _strip_source_map((leaflet_dir() / "leaflet.js").read_text("utf-8")).strip()


@functools.cache
def leaflet_css() -> str:
    """Leaflet's CSS with every ``url(images/...)`` replaced by a ``data:`` URI."""
    folder = leaflet_dir()
    css = (folder / "leaflet.css").read_text("utf-8")

    def inline(match: re.Match[str]) -> str:
        name = match.group(1).strip("'\"")
        return f"url({_data_uri(folder / name)})"

    css = re.sub(r"url\(((?:['\"])?images/[^)]+)\)", inline, css)
    return _strip_source_map(css).strip()


@functools.cache
def marker_icons() -> dict[str, str]:
    """Leaflet's default marker images as ``data:`` URIs (``icon``, ``icon2x``, ``shadow``)."""
    images = leaflet_dir() / "images"
    return {
        "icon": _data_uri(images / "marker-icon.png"),
        "icon2x": _data_uri(images / "marker-icon-2x.png"),
        "shadow": _data_uri(images / "marker-shadow.png"),
    }


def _ours(*parts: str) -> str:
    return resources.files("geo.render").joinpath(*parts).read_text("utf-8").strip()


@functools.cache
def our_js() -> str:
    """Our own small JS: the map's layers and furniture, then the page's behaviour.

    ``frontline.js`` draws layers, labels, callouts, legend, inset and credits; ``page.js``
    adds the theme, the layout on every screen, embeds, print and keyboard access.
    """
    return _ours("js", "frontline.js") + "\n" + _ours("js", "page.js")


@functools.cache
def our_css() -> str:
    """Our own CSS for the map furniture."""
    return _ours("css", "frontline.css")


def _pack_data(text: str, *, lines: bool = False) -> str:
    """A data block's JSON text packed (:func:`pack` with the data blocks' settings).

    ``lines``: ``text`` is many blocks, one a line (:func:`pack_data_blocks`), each
    deflated with Huffman codes of its own (:func:`pack`'s ``lines``).

    Kept in the build cache (:func:`geo.cache.memo_text`): a map's basemap blocks are the
    same build after build, and unpacking a stored entry to check it costs a tenth of
    packing again. An entry is used only if it unpacks to this very text.
    """

    def valid(small: str) -> bool:
        try:
            return unpack(small) == text
        except (ValueError, OSError, EOFError, zlib.error):
            return False

    key = f"data-block {DATA_GZIP_LEVEL} filtered{' lines' * lines} {B85_DIGITS}\n{text}"
    return cache.memo_text(
        "packed",
        key,
        lambda: pack(text, level=DATA_GZIP_LEVEL, strategy=zlib.Z_FILTERED, lines=lines),
        valid,
        keep=512,
    )


def data_json(obj: Any, *, packed: bool = True) -> str:
    """The text of a ``<script type="application/json">`` data block, packed when large.

    A large block (at least :data:`PACK_MIN_CHARS` characters of :func:`script_json`) that
    packs smaller becomes a JSON *string*: its :func:`script_json` text, :func:`pack`-ed
    (level :data:`DATA_GZIP_LEVEL`, filtered).
    ``js/boot.js`` replaces each such block's text with the unpacked JSON before the map
    script runs, so the page's readers see plain JSON; only a page with the packed head
    has ``boot.js``, so a plain page must pass ``packed=False``. Either way the block holds
    only JSON with ``< > &`` escaped (or base85): it can never close its element.

    Parameters
    ----------
    obj : Any
        JSON-compatible data (no NaN/infinity).
    packed : bool, default True
        ``False``: always plain :func:`script_json`.

    Returns
    -------
    str
        JSON text: an object/array/value, or a string of base85 (the packed form).

    Examples
    --------
    >>> data_json({"a": 1})
    '{"a":1}'
    >>> big = {"c": "AB" * 5000}
    >>> text = data_json(big)
    >>> text.startswith('"') and len(text) < 200 and json.loads(unpack(json.loads(text))) == big
    True
    >>> data_json(big, packed=False) == script_json(big)
    True
    """
    text = script_json(obj)
    return _block(text) if packed else text


def _block(text: str) -> str:
    """A data block's text as the page carries it: packed when large and that is smaller."""
    if len(text) < PACK_MIN_CHARS:
        return text
    small = _pack_data(text)
    return f'"{small}"' if len(small) + 2 < len(text) else text


#: A data block as the page's elements write it: JSON (an object or array) in a script
#: element of type application/json. script_json escapes ``<``, so the text never holds
#: ``</script``: the first one after the opening tag closes this block.
_DATA_BLOCK = re.compile(
    r'(<script type="application/json" id="(?P<id>[A-Za-z0-9_-]+)">)'
    r"(?P<text>[\[{][^<]*)(</script>)"
)
#: The id of the block that carries a page's packed data blocks (:func:`pack_data_blocks`).
_DATA_ID = "fl-data"
#: What a block packed into :data:`_DATA_ID` holds until ``boot.js`` fills it: the empty
#: JSON string (a reader that gets it instead of the block's JSON fails loudly).
_PLACEHOLDER = '""'
_CODE_END = re.compile(r'<script type="application/json" id="fl-code">"[^"<]*"</script>')
_PACKED_DATA = re.compile(
    r'\n<script type="application/json" id="fl-data">"([' + re.escape(B85_DIGITS) + r']*)"</script>'
)


def pack_data_blocks(page: str) -> str:
    r"""A packed page with its data blocks packed too: all of them in one gzip stream.

    Done on the rendered page, because whether the head is packed is decided only when
    the head renders, after the elements have written their blocks. Only for a page whose
    head is packed (its ``boot.js`` unpacks the blocks before the map script runs).

    Every data block (JSON with no raw line break, which compact JSON never has) goes
    into one text: the blocks' ids as a JSON array, then each block's JSON, one a line,
    :func:`pack`-ed (level :data:`DATA_GZIP_LEVEL`, filtered, a deflate block a line)
    into one block, ``fl-data``, in the head right after ``fl-code``: ``boot.js``
    inflates it in parallel with the code, with one base85 decode and one
    ``DecompressionStream`` for the page; one gzip window over all blocks is smaller than
    a stream each. Each block keeps its element, holding the JSON string ``""`` until
    ``boot.js`` sets its text to its line. Only when the data is at least
    :data:`PACK_MIN_CHARS` characters and the page gets smaller; else ``page`` as it is.

    Parameters
    ----------
    page : str
        The rendered HTML page (a packed head: it holds the ``fl-code`` block).

    Returns
    -------
    str
        The page with its data blocks packed, or ``page`` itself.

    Examples
    --------
    >>> big = script_json({"c": "AB" * 5000})
    >>> code = '<script type="application/json" id="fl-code">"0"</script>'
    >>> page = code + f'<script type="application/json" id="x-data">{big}</script>'
    >>> out = pack_data_blocks(page)
    >>> len(out) < 400 and '<script type="application/json" id="x-data">""</script>' in out
    True
    >>> unpack_data_blocks(out) == page
    True
    >>> small = '<script type="application/json" id="y">{"a":1}</script>'
    >>> pack_data_blocks(code + small) == code + small
    True
    """
    code = _CODE_END.search(page)
    found, seen = [], set()  # an id twice (never, from our elements): only the first
    for m in _DATA_BLOCK.finditer(page):
        if "\n" not in m["text"] and m["id"] not in seen:
            found.append(m)
            seen.add(m["id"])
    size = sum(len(m["text"]) for m in found)
    if code is None or not found or size < PACK_MIN_CHARS:
        return page
    ids = script_json([m["id"] for m in found])
    small = _pack_data("\n".join([ids, *(m["text"] for m in found)]), lines=True)
    packed = f'\n<script type="application/json" id="{_DATA_ID}">"{small}"</script>'
    if len(packed) + len(_PLACEHOLDER) * len(found) >= size:
        return page
    parts, at = [page[: code.end()], packed], code.end()
    for m in found:
        parts += [page[at : m.start("text")], _PLACEHOLDER]
        at = m.end("text")
    return "".join([*parts, page[at:]])


_PACKED_BLOCK = re.compile(
    r'(<script type="application/json" id="(?!fl-code")[A-Za-z0-9_-]+">)"(['
    + re.escape(B85_DIGITS)
    + r']+)"(</script>)'
)


def unpack_data_blocks(page: str) -> str:
    """The inverse of :func:`pack_data_blocks` (and of :func:`data_json`'s packed blocks).

    What ``boot.js`` does in the reader's browser, for tools and tests that read a
    page's data: ``fl-data`` is removed and each block it carries gets its JSON back; a
    block packed alone is unpacked in place (the code block, ``fl-code``, is left).

    Raises
    ------
    ValueError
        ``fl-data`` is damaged, or names a block that is missing or not a placeholder.

    Examples
    --------
    >>> big = script_json({"c": "AB" * 5000})
    >>> page = f'<script type="application/json" id="x-data">{big}</script>'
    >>> unpack_data_blocks(page.replace(big, data_json(json.loads(big)))) == page
    True
    """
    found = _PACKED_DATA.search(page)
    if found is not None:
        lines = unpack(found.group(1)).split("\n")
        ids = json.loads(lines[0])
        if not isinstance(ids, list) or len(lines) != len(set(ids)) + 1:
            raise ValueError("fl-data does not match its ids")
        texts = dict(zip(ids, lines[1:], strict=True))
        page = page[: found.start()] + page[found.end() :]

        def fill(m: re.Match[str]) -> str:
            text = texts.pop(m.group(2))
            return m.group(1) + text + m.group(3)

        holder = re.compile(
            r'(<script type="application/json" id="('
            + "|".join(map(re.escape, ids))
            + r')">)'
            + re.escape(_PLACEHOLDER)
            + "(</script>)"
        )
        page = holder.sub(fill, page)
        if texts:
            raise ValueError(f"fl-data names blocks without a placeholder: {sorted(texts)}")
    return _PACKED_BLOCK.sub(lambda m: m.group(1) + unpack(m.group(2)) + m.group(3), page)


@functools.cache
def asset_document() -> dict[str, Any]:
    """What the page unpacks: its CSS texts in order, then one JS text (run once).

    Minified: Leaflet's CSS and ours with ``rcssmin``, each of our JS files with
    ``rjsmin`` (Leaflet's JS is minified already). ``{"css": [leaflet.css,
    frontline.css], "js": leaflet.js + frontline.js + page.js + the icons call}``.
    """
    icons = script_json(marker_icons())
    ours = [rjsmin.jsmin(_ours("js", name)) for name in ("frontline.js", "page.js")]
    js = "\n".join([leaflet_js(), *ours, f"frontline.useInlineIcons({icons});"])
    return {"css": [rcssmin.cssmin(leaflet_css()), rcssmin.cssmin(our_css())], "js": js}


def asset_document_bytes() -> bytes:
    """:func:`asset_document` as the UTF-8 JSON text that is packed (keys in order)."""
    doc = json.dumps(asset_document(), ensure_ascii=False, separators=(",", ":"))
    return doc.encode("utf-8")


def head_file_text(packed: str, document: bytes) -> str:
    """The text of :data:`HEAD_FILE`: a header, the document's SHA-256, the packed text.

    Parameters
    ----------
    packed : str
        :func:`encode85` of a gzip stream of ``document``.
    document : bytes
        What it unpacks to (:func:`asset_document_bytes`).

    Returns
    -------
    str
        Three lines; :func:`packed_assets` uses the third only when the second is the
        SHA-256 of the current :func:`asset_document_bytes`.
    """
    return (
        "frontline packed head: generated by scripts/pack_head.py; do not edit\n"
        f"sha256 {hashlib.sha256(document).hexdigest()}\n{packed}\n"
    )


def _shipped_head(document: bytes) -> str | None:
    """The packed text of :data:`HEAD_FILE` when it encodes ``document``, else ``None``."""
    try:
        text = resources.files("geo.render").joinpath("js", HEAD_FILE).read_text("ascii")
    except FileNotFoundError:
        return None
    lines = text.split("\n")
    key = f"sha256 {hashlib.sha256(document).hexdigest()}"
    return lines[2] if len(lines) >= 3 and lines[1] == key else None


@functools.cache
def packed_assets() -> str:
    """Leaflet's and our JS and CSS and the marker icons, packed (:func:`pack`).

    Unpacked (:func:`unpack`), it is :func:`asset_document_bytes`; ``js/boot.js`` makes
    each CSS text a ``<style>`` and runs the JS, in that order. The zopfli-packed
    :data:`HEAD_FILE` when it is of exactly this document, else zlib level
    :data:`GZIP_LEVEL` of it (never a stale file: the key is the document's SHA-256).
    """
    document = asset_document_bytes()
    shipped = _shipped_head(document)
    return shipped if shipped is not None else encode85(gzip_bytes(document))


@functools.cache
def boot_js() -> str:
    """The page's inline bootstrap (``js/boot.js``, minified): unpack, then the map script."""
    return rjsmin.jsmin(_ours("js", "boot.js"))


@functools.cache
def inflate_js() -> str:
    """The vendored fflate inflater (MIT), run by ``boot.js`` only without DecompressionStream.

    ``js/vendor/fflate-inflate.min.js``: fflate 0.8.3's ``gunzipSync`` bundled alone,
    with its licence and how it was made in the header comment.
    """
    return _ours("js", "vendor", "fflate-inflate.min.js")
