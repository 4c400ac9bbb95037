"""Resolving a drawn layer's style: recipe keys, then the catalog's, then a default.

Both inputs are validated with the same coercers (:mod:`geo.styles`): the recipe's by the
recipe parser, the catalog's by the catalog loader and, as recipe style values, by
:func:`geo.styles.catalog_defaults`; nothing is dropped or clamped here.

Examples
--------
>>> from geo.recipe import Style
>>> style_dict(Style(stroke="#222222"), {"stroke": "#555555", "weight": 1.0})
{'stroke': '#222222', 'weight': 1.0}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from geo.recipe import Style

__all__ = ["DEFAULT_STYLES", "layer_style", "style_dict"]

#: Styles for layer kinds when neither the recipe nor the catalog gives one.
DEFAULT_STYLES: dict[str, dict[str, Any]] = {
    "fill": {"stroke": "#555555", "weight": 1.0, "fill": "#888888", "fill_opacity": 0.3},
    "line": {"stroke": "#222222", "weight": 2.0},
    "point": {"stroke": "#ffffff", "weight": 1.0, "fill": "#222222", "radius": 4.0},
}


def style_dict(
    style: Style, defaults: Mapping[str, Any], catalog: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Return the keys ``style`` sets, then ``catalog``'s, then ``defaults``, sorted by key."""
    merged = style.merged(catalog or {})
    out = {
        f.name: getattr(merged, f.name)
        for f in dataclasses.fields(merged)
        if getattr(merged, f.name) is not None
    }
    for key, value in defaults.items():
        out.setdefault(key, value)
    return dict(sorted(out.items()))


def layer_style(style: Style, catalog: Mapping[str, Any], kind: str) -> dict[str, Any]:
    """Return a data layer's style: recipe over catalog over :data:`DEFAULT_STYLES` of its kind.

    A line has no fill, whatever the catalog entry says (it may style points too).
    """
    out = style_dict(style, DEFAULT_STYLES[kind], catalog)
    if kind == "line":
        out.pop("fill", None)
    return out
