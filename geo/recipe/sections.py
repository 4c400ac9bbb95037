"""Parse the recipe's single-table sections.

``[text]``, ``[view]``, ``[basemap]``, ``[inset]``, ``[static]``, ``[page]`` and
``[publish]``: one table each.

Examples
--------
>>> from geo.recipe.coerce import Context
>>> view(Context(None), {"center": [35.0, 48.5], "zoom": 6})
View(bounds=None, center=(35.0, 48.5), zoom=6.0, min_zoom=3, max_zoom=10)
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from geo import styles
from geo.recipe import coerce, keys
from geo.recipe.coerce import Context
from geo.recipe.model import Basemap, Inset, Page, Publish, StaticSpec, Text, View
from geo.suggest import did_you_mean

__all__ = ["basemap", "inset", "page", "publish", "static", "text", "view"]

#: A language tag (BCP 47, simplified): ``en``, ``uk``, ``pt-BR``, ``zh-Hant``.
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")
#: An absolute http(s) URL with no spaces, quotes or angle brackets.
_URL = re.compile(r"^https?://[^\s\"'<>`]+$")


def text(ctx: Context, value: Any) -> Text:
    """Parse ``[text]``: the title (required), dek, byline, as-of date, notes and alt text."""
    t = coerce.table(ctx, "text", value, keys.TEXT)
    if "title" not in t:
        raise ctx.fail("text.title", "missing; every map needs a title")
    notes = t.get("notes", [])
    if isinstance(notes, str):
        notes = [notes]
    if not isinstance(notes, list):
        raise ctx.fail("text.notes", f"expected a list of strings, got {styles.show(notes)}")
    as_of = coerce.string(ctx, "text.as_of", t.get("as_of", ""))
    if as_of:
        try:
            dt.date.fromisoformat(as_of)
        except ValueError:
            raise ctx.fail(
                "text.as_of", f"expected a date YYYY-MM-DD, got {styles.show(as_of)}"
            ) from None
    return Text(
        title=coerce.string(ctx, "text.title", t["title"], empty=False),
        dek=coerce.string(ctx, "text.dek", t.get("dek", "")),
        byline=coerce.string(ctx, "text.byline", t.get("byline", "")),
        as_of=as_of,
        notes=tuple(coerce.string(ctx, f"text.notes[{i}]", n) for i, n in enumerate(notes)),
        alt=coerce.string(ctx, "text.alt", t.get("alt", "")),
    )


def view(ctx: Context, value: Any) -> View:
    """Parse ``[view]``: bounds, or center + zoom, and the zoom range."""
    t = coerce.table(ctx, "view", value, keys.VIEW)
    bounds = coerce.bounds(ctx, "view.bounds", t["bounds"]) if "bounds" in t else None
    center = coerce.lonlat(ctx, "view.center", t["center"]) if "center" in t else None
    zoom = coerce.number(ctx, "view.zoom", t["zoom"], 0, 19) if "zoom" in t else None
    if bounds is None and (center is None or zoom is None):
        raise ctx.fail("view", "give bounds = [[lon, lat], [lon, lat]], or center and zoom")
    if bounds is not None and center is not None:
        raise ctx.fail("view.center", "give either bounds or center + zoom, not both")
    min_zoom = coerce.whole(ctx, "view.min_zoom", t.get("min_zoom", 3), 0, 19)
    max_zoom = coerce.whole(ctx, "view.max_zoom", t.get("max_zoom", 10), 0, 19)
    if min_zoom > max_zoom:
        raise ctx.fail("view.min_zoom", f"{min_zoom} is above max_zoom {max_zoom}")
    if zoom is not None and not min_zoom <= zoom <= max_zoom:
        raise ctx.fail("view.zoom", f"{zoom:g} is outside min_zoom..max_zoom")
    return View(bounds, center, zoom, min_zoom, max_zoom)


def _tile_provider(ctx: Context, provider: str) -> str:
    """Return the xyzservices name of a keyless tile provider (closest name on a typo)."""
    import xyzservices  # small, but reads its provider list when imported: only when needed

    try:
        tiles = xyzservices.providers.query_name(provider)
    except ValueError:
        names = list(xyzservices.providers.flatten())
        hint = did_you_mean(provider, [*names, "vector"], cutoff=0.4) or "e.g. 'CartoDB.Positron'"
        raise ctx.fail(
            "basemap.provider",
            f"{styles.show(provider)} is not 'vector' or a tile provider; {hint}",
        ) from None
    if tiles.requires_token():
        raise ctx.fail(
            "basemap.provider",
            f"{tiles.name!r} needs an API key; use a keyless provider such as "
            "'Esri.WorldGrayCanvas' or 'OpenStreetMap.Mapnik', or 'vector'",
        )
    return str(tiles.name)


def basemap(ctx: Context, value: Any) -> Basemap:
    """Parse ``[basemap]``: ``provider = "vector"`` (our countries layer) or a tile provider."""
    t = coerce.table(ctx, "basemap", value, keys.BASEMAP)
    provider = coerce.string(ctx, "basemap.provider", t.get("provider", "vector"), empty=False)
    if provider != "vector":
        provider = _tile_provider(ctx, provider)
    layer = coerce.layer_id(ctx, "basemap.layer", t.get("layer", "countries"))
    return Basemap(provider, layer)


def inset(ctx: Context, value: Any) -> Inset:
    """Parse ``[inset]``: whether the locator inset is drawn, and its bounds."""
    t = coerce.table(ctx, "inset", value, keys.INSET)
    return Inset(
        enabled=coerce.boolean(ctx, "inset.enabled", t.get("enabled", True)),
        bounds=coerce.bounds(ctx, "inset.bounds", t["bounds"]) if "bounds" in t else None,
    )


def static(ctx: Context, value: Any) -> StaticSpec:
    """Parse ``[static]``: the PNG/SVG size in CSS px, the device-pixel scale, the theme."""
    t = coerce.table(ctx, "static", value, keys.STATIC)
    theme = coerce.string(ctx, "static.theme", t.get("theme", "light"), empty=False)
    if theme not in keys.STATIC_THEMES:
        hint = did_you_mean(theme, keys.STATIC_THEMES, cutoff=0.4) or "one of light, dark"
        raise ctx.fail("static.theme", f"{styles.show(theme)} is not a static theme; {hint}")
    return StaticSpec(
        width=coerce.whole(ctx, "static.width", t.get("width", 800), 200, 4000),
        height=coerce.whole(ctx, "static.height", t.get("height", 450), 200, 4000),
        scale=coerce.number(ctx, "static.scale", t.get("scale", 2.0), 0.5, 4),
        theme=theme,  # type: ignore[arg-type]  # checked above
    )


def page(ctx: Context, value: Any) -> Page:
    """Parse ``[page]``: the colour ``theme`` (auto, light, dark) and the page's ``lang``."""
    t = coerce.table(ctx, "page", value, keys.PAGE)
    theme = coerce.string(ctx, "page.theme", t.get("theme", "auto"), empty=False)
    if theme not in keys.THEMES:
        hint = did_you_mean(theme, keys.THEMES, cutoff=0.4) or "one of auto, light, dark"
        raise ctx.fail("page.theme", f"{styles.show(theme)} is not a theme; {hint}")
    lang = coerce.string(ctx, "page.lang", t.get("lang", "en"), empty=False)
    if not _LANG.match(lang):
        raise ctx.fail("page.lang", f"{styles.show(lang)} is not a language tag such as 'en'")
    return Page(theme=theme, lang=lang)  # type: ignore[arg-type]  # checked above


def publish(ctx: Context, value: Any) -> Publish:
    """Parse ``[publish]``: the ``url`` the page will be published at (absolute http/https)."""
    t = coerce.table(ctx, "publish", value, keys.PUBLISH)
    url = coerce.string(ctx, "publish.url", t["url"], empty=False) if "url" in t else None
    if url is not None and not _URL.match(url):
        raise ctx.fail(
            "publish.url", f"{styles.show(url)} is not an absolute http(s) URL without spaces"
        )
    return Publish(url=url)
