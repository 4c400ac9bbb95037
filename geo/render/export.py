"""Export a map: deterministic ids, one self-contained HTML file, embed snippet, figures JSON.

folium/branca give every element a random id (``os.urandom``), so two builds never match.
:func:`fix_ids` replaces them, in a fixed depth-first order, with ids derived from the map's
name and the element's position in the tree; the rendered page is then byte-identical in any
process. :func:`write_files` writes a build's files as one set (:func:`geo.files.write_set`:
staged beside the targets, then renamed into place together, with the old files kept until
the new set is in), so a failed build leaves the complete old set: never a partial file, and
never a new page beside old figures.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from geo.errors import UsageError
from geo.files import write_set
from geo.jsonfmt import dumps
from geo.render import assets

__all__ = [
    "EMBED_SCRIPT",
    "embed_snippet",
    "external_urls",
    "figures_json",
    "fix_ids",
    "page_url",
    "render_html",
    "write_files",
]


def fix_ids(root: Any, prefix: str) -> int:
    """Give every element under ``root`` an id derived from ``prefix`` and its tree position.

    Parameters
    ----------
    root : branca Element
        Usually the map; its whole subtree is renumbered, including elements a notebook
        user added.
    prefix : str
        E.g. the recipe name.

    Returns
    -------
    int
        How many elements were renumbered.
    """
    count = 0
    stack: list[tuple[str, Any]] = [("0", root)]
    while stack:
        path, element = stack.pop()
        element._id = hashlib.sha256(f"{prefix}/{path}".encode()).hexdigest()[:16]
        count += 1
        children = list(element._children.values())
        # Push in reverse so the traversal (and so the numbering) follows insertion order.
        for i in range(len(children) - 1, -1, -1):
            stack.append((f"{path}/{i}", children[i]))
    return count


_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
#: Pinch-zoom stays allowed (no ``maximum-scale``, no ``user-scalable=no``).
_VIEWPORT_META = '<meta name="viewport" content="width=device-width, initial-scale=1" />'
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")


def _page_head(page: str, lang: str) -> str:
    """``<html lang>`` and a viewport that lets the reader pinch-zoom."""
    if not _LANG.match(lang):
        raise ValueError(f"not a language tag: {lang!r}")
    page = page.replace("<html>", f'<html lang="{lang}">', 1)
    return _VIEWPORT.sub(_VIEWPORT_META, page, count=1)


def render_html(m: Any, *, name: str, title: str | None = None, lang: str | None = None) -> str:
    """Render a map to one self-contained, deterministic HTML page.

    Parameters
    ----------
    m : folium.Map
        Normally a :class:`geo.render.folium_map.FrontlineMap`.
    name : str
        Seed for the element ids (the recipe name).
    title : str, optional
        Document ``<title>`` (escaped here; our JS also sets it from JSON).
    lang : str, optional
        The page's language (``<html lang>``); default the map's ``fl_lang`` (set from the
        recipe's ``[page] lang`` by :func:`geo.render.folium_map.to_folium`), else ``en``.

    Returns
    -------
    str
        The page, ending with a newline; its viewport allows pinch-zoom.
    """
    from branca.element import Figure  # branca reads files when imported: only when used

    figure = m.get_root()
    if not isinstance(figure, Figure):  # pragma: no cover - folium always makes one
        raise TypeError("the map is not inside a branca Figure")
    if title is not None:
        # branca writes Figure.title into <title> unescaped; escape it ourselves.
        figure.title = html.escape(" ".join(title.split()), quote=True)
    fix_ids(m, name)
    # Figure.header/html/script are refilled on each render; start from empty containers so
    # a second render (e.g. after a notebook adds elements) never keeps stale children.
    for part in (figure.header, figure.html, figure.script):
        keep = {k: v for k, v in part._children.items() if k == "meta_http"}
        part._children.clear()
        part._children.update(keep)
    lang = lang or getattr(m, "fl_lang", None) or "en"
    page = figure.render().strip()
    if getattr(figure, "fl_packed", False):  # set by the head (geo.render.furniture)
        page = assets.pack_data_blocks(page)
    return _page_head(page, lang) + "\n"


_FETCHING = re.compile(
    r"""<(?:script|img|iframe|link|source|video|audio|embed|object|image|use)\b[^>]*?"""
    r"""\b(?:src|href|data|srcset)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//"""
    r"""|url\(\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//|@import""",
    re.IGNORECASE,
)


def external_urls(page: str) -> list[str]:
    """Markup in ``page`` that would make the browser fetch something off the page.

    Looks for ``src``/``href`` of fetching elements (script, img, link, iframe, ...), CSS
    ``url(//...)`` and ``@import``. Plain ``<a href>`` links (Leaflet's attribution prefix)
    fetch nothing until clicked and are not reported; the browser test checks requests.

    Parameters
    ----------
    page : str
        An HTML page.

    Returns
    -------
    list of str
        The offending snippets (empty for a self-contained page).
    """
    return [page[m.start() : m.end() + 40] for m in _FETCHING.finditer(page)]


#: The snippet's script: it tells the page it is sized by its parent (``{frontline:
#: "embed"}``), then sets the iframe's height to each height the page reports. Without it
#: (a CMS that strips scripts) the iframe keeps its fixed aspect ratio.
EMBED_SCRIPT = (
    "(function(s){var f=s&&s.parentNode.querySelector('iframe');"
    "if(!f||!window.postMessage)return;"
    "window.addEventListener('message',function(e){var d=e.data;"
    "if(e.source!==f.contentWindow||!d||d.frontline!=='height')return;"
    "var h=Number(d.height);if(!(h>=100&&h<=20000))return;"
    "f.style.aspectRatio='auto';f.style.minHeight='0';f.style.height=Math.ceil(h)+'px';});"
    "function hello(){try{f.contentWindow.postMessage({frontline:'embed'},'*');}catch(x){}}"
    "f.addEventListener('load',hello);hello();})(document.currentScript);"
)

_ABSOLUTE = re.compile(r"^https?://[^\s\"'<>`]+$")


def page_url(name: str, *, base_url: str | None = None, publish_url: str | None = None) -> str:
    """The address an embed loads: ``base_url`` + ``NAME.html``, the recipe's URL, or relative.

    Parameters
    ----------
    name : str
        The map's name (its page is ``NAME.html``).
    base_url : str, optional
        ``frontline build --base-url``: the folder the pages are published in (wins).
    publish_url : str, optional
        The recipe's ``[publish] url``: this page's own address.

    Returns
    -------
    str

    Raises
    ------
    UsageError
        ``base_url`` is not an absolute http(s) URL.

    Examples
    --------
    >>> page_url("front", base_url="https://example.org/maps")
    'https://example.org/maps/front.html'
    >>> page_url("front", publish_url="https://example.org/a/front-line.html")
    'https://example.org/a/front-line.html'
    >>> page_url("front")
    'front.html'
    """
    if base_url is not None:
        if not _ABSOLUTE.match(base_url):
            raise UsageError(f"--base-url: {base_url!r} is not an absolute http(s) URL")
        return urljoin(base_url if base_url.endswith("/") else base_url + "/", f"{name}.html")
    return publish_url or f"{name}.html"


def embed_snippet(
    src: str, *, title: str, alt: str, aspect: tuple[int, int] = (16, 10), min_height: int = 420
) -> str:
    """Return an ``<iframe>`` snippet that sizes itself to the page, with a title and alt text.

    The snippet's tiny script (:data:`EMBED_SCRIPT`) makes the iframe exactly as tall as the
    page reports (``postMessage``), the way Datawrapper's responsive embed does. Without the
    script the iframe keeps a fixed aspect ratio, never shorter than ``min_height``.

    Parameters
    ----------
    src : str
        The map page's URL (:func:`page_url`): relative (``front.html``) or absolute.
    title : str
        The iframe's ``title`` attribute (what a screen reader announces).
    alt : str
        The written description; placed in a visually hidden paragraph referenced by
        ``aria-describedby``.
    aspect : (int, int), default (16, 10)
        Width:height of the frame without the script.
    min_height : int, default 420
        The least height without the script (CSS px).

    Returns
    -------
    str
    """
    path = src.split("?", 1)[0].split("#", 1)[0]
    stem = Path(path.rsplit("/", 1)[-1]).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-") or "map"
    t = html.escape(" ".join(title.split()), quote=True)
    a = html.escape(alt, quote=True)
    url = html.escape(src, quote=True)
    return (
        f'<figure class="frontline-embed" style="margin:0">\n'
        f'  <iframe src="{url}" title="{t}" aria-describedby="frontline-{slug}-alt"'
        f' loading="lazy" style="display:block;width:100%;aspect-ratio:{aspect[0]}/{aspect[1]};'
        f'min-height:{min_height}px;border:0" allowfullscreen></iframe>\n'
        f'  <p id="frontline-{slug}-alt" style="position:absolute;width:1px;height:1px;'
        f'overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap">{a}</p>\n'
        f"  <script>{EMBED_SCRIPT}</script>\n"
        f"</figure>\n"
    )


def write_files(blobs: Iterable[tuple[Path, str | bytes]]) -> list[Path]:
    """Write every ``(path, data)`` as one set, creating folders; return the paths written.

    Everything is rendered before this is called, so a failed render writes nothing; a
    failed write (no space, say) leaves every old file as it was (:func:`geo.files.write_set`).

    Parameters
    ----------
    blobs : iterable of (pathlib.Path, str or bytes)
        The files of one build; ``str`` is written as UTF-8.

    Returns
    -------
    list of pathlib.Path

    Raises
    ------
    geo.errors.SourceError
        A file could not be written (one line naming it); nothing was replaced.
    """
    return write_set(dict(blobs), parents=True)


def figures_json(doc: dict[str, Any]) -> str:
    """Return the figures document as sorted, indented JSON with a final newline.

    :func:`geo.jsonfmt.dumps`: the same bytes in any process (NaN refused).
    """
    return dumps(doc, newline=True)
