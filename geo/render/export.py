"""Export a map: deterministic ids, one self-contained HTML file, embed snippet, figures JSON.

folium/branca give every element a random id (``os.urandom``), so two builds never match.
:func:`fix_ids` replaces them, in a fixed depth-first order, with ids derived from the map's
name and the element's position in the tree; the rendered page is then byte-identical in any
process. :func:`write_files` writes a build's files atomically (:func:`geo.files.write_atomic`:
a temp file in the same folder, then a rename), so a failed build never leaves a partial file.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from geo.files import write_atomic
from geo.jsonfmt import dumps

__all__ = [
    "embed_snippet",
    "external_urls",
    "figures_json",
    "fix_ids",
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


def render_html(m: Any, *, name: str, title: str | None = None) -> str:
    """Render a map to one self-contained, deterministic HTML page.

    Parameters
    ----------
    m : folium.Map
        Normally a :class:`geo.render.folium_map.FrontlineMap`.
    name : str
        Seed for the element ids (the recipe name).
    title : str, optional
        Document ``<title>`` (escaped here; our JS also sets it from JSON).

    Returns
    -------
    str
        The page, ending with a newline.
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
    return figure.render().strip() + "\n"


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


def embed_snippet(
    html_name: str, *, title: str, alt: str, aspect: tuple[int, int] = (16, 10)
) -> str:
    """Return an ``<iframe>`` snippet with responsive sizing, a title and the alt text.

    Parameters
    ----------
    html_name : str
        The map file's URL relative to the page (e.g. ``front.html``).
    title : str
        The iframe's ``title`` attribute (what a screen reader announces).
    alt : str
        The written description; placed in a visually hidden paragraph referenced by
        ``aria-describedby``.
    aspect : (int, int), default (16, 10)
        Width:height of the frame; the height on narrow screens is at least 420 px.

    Returns
    -------
    str
    """
    slug = re.sub(r"[^a-z0-9]+", "-", Path(html_name).stem.lower()).strip("-") or "map"
    pad = round(100 * aspect[1] / aspect[0], 3)
    t = html.escape(" ".join(title.split()), quote=True)
    a = html.escape(alt, quote=True)
    src = html.escape(html_name, quote=True)
    return (
        f'<figure class="frontline-embed" style="margin:0">\n'
        f'  <div style="position:relative;width:100%;height:0;padding-top:{pad}%;'
        f'min-height:420px">\n'
        f'    <iframe src="{src}" title="{t}" aria-describedby="frontline-{slug}-alt"'
        f' loading="lazy" style="position:absolute;top:0;left:0;width:100%;height:100%;'
        f'border:0" allowfullscreen></iframe>\n'
        f"  </div>\n"
        f'  <p id="frontline-{slug}-alt" style="position:absolute;width:1px;height:1px;'
        f'overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap">{a}</p>\n'
        f"</figure>\n"
    )


def write_files(blobs: Iterable[tuple[Path, str | bytes]]) -> list[Path]:
    """Write each ``(path, data)`` atomically, creating folders; return the paths written.

    Everything is rendered before this is called, so a failed render writes nothing.
    """
    return [write_atomic(path, data, parents=True) for path, data in blobs]


def figures_json(doc: dict[str, Any]) -> str:
    """Return the figures document as sorted, indented JSON with a final newline.

    :func:`geo.jsonfmt.dumps`: the same bytes in any process (NaN refused).
    """
    return dumps(doc, newline=True)
