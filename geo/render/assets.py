r"""Inline assets: Leaflet from the ``xstatic-leaflet`` package, our JS/CSS, safe JSON.

Nothing is fetched: Leaflet's JS/CSS are read from the installed PyPI package, its images
(``images/layers.png`` and friends) become ``data:`` URIs inside the CSS, and the source-map
comments are dropped so not even developer tools ask for a file.

Examples
--------
>>> script_json({"t": "</script><b>"})
'{"t":"\\u003c/script\\u003e\\u003cb\\u003e"}'
"""

from __future__ import annotations

import base64
import functools
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "LEAFLET_VERSION",
    "leaflet_css",
    "leaflet_dir",
    "leaflet_js",
    "marker_icons",
    "our_css",
    "our_js",
    "script_json",
]

LEAFLET_VERSION = "1.9.3"

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
