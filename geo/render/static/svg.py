"""An SVG a graphics desk can edit: named groups, live text.

matplotlib writes every artist as its own ``<g id="...">`` (``patch_12``, ``text_3``) and,
by default, text as glyph outlines. For an image a desk finishes in Illustrator or Inkscape:

- text stays ``<text>`` in the named font (``svg.fonttype = "none"``; the PNG is drawn by
  Agg and is unaffected);
- each artist is tagged with the group it belongs to (:func:`tag`: ``layer-<id>``,
  ``labels``, ``callouts``, ``legend``, ``credits``, ``header``, ``scale-bar``, ``inset``), and
  :func:`group_svg` gathers each run of sibling artists of one group into a single
  ``<g id="GROUP">`` (a second run of the same group gets ``GROUP-2``).

Examples
--------
>>> doc = (
...     b'<svg xmlns="http://www.w3.org/2000/svg"><g id="labels--1"><text>A</text></g>'
...     b'<g id="labels--2"><text>B</text></g><g id="patch_1"/></svg>'
... )
>>> out = group_svg(doc).decode()
>>> out.count('id="labels"'), out.count("<text>"), 'id="labels--' in out
(1, 2, False)
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from typing import Any

__all__ = ["HALO_GROUPS", "SEP", "group_svg", "tag"]

#: Groups whose text gets a halo (a stroke painted under the fill; white when light).
HALO_GROUPS = ("labels", "scale-bar")
_HALO = {
    "stroke": "#ffffff",
    "stroke-width": "2.5",
    "stroke-linejoin": "round",
    "paint-order": "stroke",
}

#: Between a group's name and an artist's serial number in a gid.
SEP = "--"
_SERIAL = itertools.count(1)
_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
_GID = re.compile(r"^(.+)" + SEP + r"\d+$")
_GID_BASE = re.compile(r"-\d+$")


def tag(artist: Any, group: str) -> Any:
    """Mark ``artist`` as part of ``group`` (its SVG gid); returns the artist."""
    artist.set_gid(f"{group}{SEP}{next(_SERIAL)}")
    return artist


def _group_children(parent: ET.Element, used: dict[str, int]) -> None:
    children = list(parent)
    out: list[ET.Element] = []
    current: ET.Element | None = None
    current_name = None
    for child in children:
        m = _GID.match(child.get("id", ""))
        if m is None:
            current, current_name = None, None
            _group_children(child, used)
            out.append(child)
            continue
        del child.attrib["id"]
        name = m.group(1)
        if current is None or name != current_name:
            used[name] = used.get(name, 0) + 1
            gid = name if used[name] == 1 else f"{name}-{used[name]}"
            current = ET.Element(f"{{{_SVG}}}g", {"id": gid})
            current_name = name
            out.append(current)
        current.append(child)
    for child in children:
        parent.remove(child)
    parent.extend(out)


def group_svg(data: bytes, halo: tuple[str, ...] = (), halo_colour: str = "#ffffff") -> bytes:
    """Gather the tagged artists of an SVG document into one ``<g id>`` per group.

    Parameters
    ----------
    data : bytes
        An SVG written by matplotlib from artists tagged with :func:`tag`.
    halo : tuple of str
        Groups whose ``<text>`` gets a halo (stroke under the fill).
    halo_colour : str, default "#ffffff"
        The halo's colour (the static theme's).

    Returns
    -------
    bytes
        The same drawing; untagged elements are unchanged. Deterministic.
    """
    ET.register_namespace("", _SVG)
    ET.register_namespace("xlink", _XLINK)
    head, sep, _ = data.partition(b"<svg")
    root = ET.fromstring(data)
    _group_children(root, {})
    for g in root.iter(f"{{{_SVG}}}g"):
        if _GID_BASE.sub("", g.get("id", "")) in halo:
            for text in g.iter(f"{{{_SVG}}}text"):
                text.attrib.update({**_HALO, "stroke": halo_colour})
    body = ET.tostring(root, encoding="unicode").encode("utf-8")
    prolog = head if sep and head.strip() else b""
    return prolog + body
