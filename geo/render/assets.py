r"""Inline assets: Leaflet from the ``xstatic-leaflet`` package, our JS/CSS, safe JSON.

Nothing is fetched: Leaflet's JS/CSS are read from the installed PyPI package, its images
(``images/layers.png`` and friends) become ``data:`` URIs inside the CSS, and the source-map
comments are dropped so not even developer tools ask for a file.

A page carries them packed (:func:`packed_assets`): Leaflet's JS and CSS, ours and the
marker icons as one gzip stream in base64 (about 42 % of the bytes), which
``js/boot.js`` unpacks in the browser with ``DecompressionStream('gzip')``, or, in a
browser without it, with the vendored fflate inflater (:func:`inflate_js`). The gzip
stream is deterministic: a fixed header (no file name, modification time 0, OS
"unknown") and a fixed level, so the same assets give the same bytes in any process.

Examples
--------
>>> script_json({"t": "</script><b>"})
'{"t":"\\u003c/script\\u003e\\u003cb\\u003e"}'
>>> unpack(pack("Leaflet ✓")) == "Leaflet ✓"
True
>>> pack("a") == pack("a")
True
"""

from __future__ import annotations

import base64
import functools
import gzip
import json
import re
import struct
import zlib
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "GZIP_LEVEL",
    "LEAFLET_VERSION",
    "PACK_MIN_CHARS",
    "boot_js",
    "data_json",
    "gzip_bytes",
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
]

LEAFLET_VERSION = "1.9.3"
#: zlib level of the packed assets (fixed: part of what makes a build byte-identical).
GZIP_LEVEL = 9
#: Data blocks shorter than this (characters of JSON) stay plain JSON (:func:`data_json`):
#: below it the gzip header and base64 outweigh the saving and the unpacking costs time.
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


def gzip_bytes(data: bytes, level: int = GZIP_LEVEL) -> bytes:
    """Compress ``data`` to a deterministic gzip member (RFC 1952).

    The header is fixed (no name, no comment, modification time 0, OS 255 "unknown"), so
    the output depends only on ``data``, ``level`` and the zlib library, never on the
    clock or the platform, unlike :func:`gzip.compress` whose OS byte follows the system.

    Parameters
    ----------
    data : bytes
        What to compress.
    level : int, default :data:`GZIP_LEVEL`
        zlib compression level, 1 (fastest) to 9 (smallest).

    Returns
    -------
    bytes
        A gzip stream that :func:`gzip.decompress` and a browser's
        ``DecompressionStream('gzip')`` read.
    """
    deflate = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = deflate.compress(data) + deflate.flush()
    xfl = 2 if level == 9 else 4 if level == 1 else 0
    header = b"\x1f\x8b\x08\x00" + struct.pack("<I", 0) + bytes([xfl, 255])
    trailer = struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
    return header + body + trailer


def pack(text: str) -> str:
    """Return ``text`` as UTF-8, gzip-compressed (:func:`gzip_bytes`), in base64 (ASCII).

    The result holds only ``A-Z a-z 0-9 + / =``: it cannot close a ``<script>`` element
    or start Jinja syntax, wherever it is placed.
    """
    return base64.b64encode(gzip_bytes(text.encode("utf-8"))).decode("ascii")


def data_json(obj: Any, *, packed: bool = True) -> str:
    """The text of a ``<script type="application/json">`` data block, packed when large.

    A large block (at least :data:`PACK_MIN_CHARS` characters of :func:`script_json`) that
    packs smaller becomes a JSON *string*: its :func:`script_json` text, :func:`pack`-ed.
    ``js/boot.js`` replaces each such block's text with the unpacked JSON before the map
    script runs, so the page's readers see plain JSON; only a page with the packed head
    has ``boot.js``, so a plain page must pass ``packed=False``. Either way the block holds
    only JSON with ``< > &`` escaped (or base64): it can never close its element.

    Parameters
    ----------
    obj : Any
        JSON-compatible data (no NaN/infinity).
    packed : bool, default True
        ``False``: always plain :func:`script_json`.

    Returns
    -------
    str
        JSON text: an object/array/value, or a string of base64 (the packed form).

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
    if not packed or len(text) < PACK_MIN_CHARS:
        return text
    small = pack(text)
    return f'"{small}"' if len(small) + 2 < len(text) else text


#: A data block as the page's elements write it: JSON (an object or array) in a script
#: element of type application/json. script_json escapes ``<``, so the text never holds
#: ``</script``: the first one after the opening tag closes this block.
_DATA_BLOCK = re.compile(
    r'(<script type="application/json" id="[A-Za-z0-9_-]+">)([\[{][^<]*)(</script>)'
)


def pack_data_blocks(page: str) -> str:
    """A packed page with its large data blocks packed too (:func:`data_json`'s rule).

    Done on the rendered page, because whether the head is packed is decided only when
    the head renders, after the elements have written their blocks. Only for a page whose
    head is packed (its ``boot.js`` unpacks the blocks before the map script runs).

    Parameters
    ----------
    page : str
        The rendered HTML page.

    Returns
    -------
    str
        The page, every block of at least :data:`PACK_MIN_CHARS` characters that packs
        smaller replaced by its packed JSON string.

    Examples
    --------
    >>> big = script_json({"c": "AB" * 5000})
    >>> page = f'<script type="application/json" id="x-data">{big}</script>'
    >>> out = pack_data_blocks(page)
    >>> len(out) < 300 and unpack(json.loads(out.split(">", 1)[1].split("<")[0])) == big
    True
    >>> pack_data_blocks('<script type="application/json" id="y">{"a":1}</script>')
    '<script type="application/json" id="y">{"a":1}</script>'
    """

    def one(m: re.Match[str]) -> str:
        text = m.group(2)
        if len(text) < PACK_MIN_CHARS:
            return m.group(0)
        small = pack(text)
        return m.group(1) + (f'"{small}"' if len(small) + 2 < len(text) else text) + m.group(3)

    return _DATA_BLOCK.sub(one, page)


_PACKED_BLOCK = re.compile(
    r'(<script type="application/json" id="(?!fl-code")[A-Za-z0-9_-]+">)"([A-Za-z0-9+/=]*)"'
    r"(</script>)"
)


def unpack_data_blocks(page: str) -> str:
    """The inverse of :func:`pack_data_blocks`: every packed data block as plain JSON.

    What ``boot.js`` does in the reader's browser, for tools and tests that read a
    page's data (the packed code block, ``fl-code``, is left as it is).

    Examples
    --------
    >>> big = script_json({"c": "AB" * 5000})
    >>> page = f'<script type="application/json" id="x-data">{big}</script>'
    >>> unpack_data_blocks(pack_data_blocks(page)) == page
    True
    """
    return _PACKED_BLOCK.sub(lambda m: m.group(1) + unpack(m.group(2)) + m.group(3), page)


def unpack(packed: str) -> str:
    """The inverse of :func:`pack` (as the page's ``boot.js`` does it)."""
    return gzip.decompress(base64.b64decode(packed, validate=True)).decode("utf-8")


def _asset_document() -> dict[str, Any]:
    """What the page unpacks: its CSS texts in order, then one JS text (run once)."""
    icons = script_json(marker_icons())
    js = "\n".join([leaflet_js(), our_js(), f"frontline.useInlineIcons({icons});"])
    return {"css": [leaflet_css(), our_css()], "js": js}


@functools.cache
def packed_assets() -> str:
    """Leaflet's and our JS and CSS and the marker icons, packed (:func:`pack`).

    Unpacked (:func:`unpack`), it is a JSON document ``{"css": [leaflet.css,
    frontline.css], "js": leaflet.js + our JS + the icons call}``; ``js/boot.js`` makes
    each CSS text a ``<style>`` and runs the JS, in that order.
    """
    doc = json.dumps(_asset_document(), ensure_ascii=False, separators=(",", ":"))
    return pack(doc)


@functools.cache
def boot_js() -> str:
    """The page's inline bootstrap (``js/boot.js``): unpack the assets, then the map script."""
    return _ours("js", "boot.js")


@functools.cache
def inflate_js() -> str:
    """The vendored fflate inflater (MIT), run by ``boot.js`` only without DecompressionStream.

    ``js/vendor/fflate-inflate.min.js``: fflate 0.8.3's ``gunzipSync`` bundled alone,
    with its licence and how it was made in the header comment.
    """
    return _ours("js", "vendor", "fflate-inflate.min.js")
