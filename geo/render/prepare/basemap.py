"""Prepare step 1, the basemap: our own vector land, or a tile provider and its attribution.

Offline (the default for ``frontline build --offline``) or with ``provider = "vector"``, the
map draws the recipe's basemap layer itself: cut to the pan limits and snapped to the
frame's pixel grid, one fixed SVG overlay. With tiles, the page loads the provider's
tiles and credits them; a static image, which cannot load tiles, draws the basemap layer
instead (:func:`static_land`).
"""

from __future__ import annotations

from geo import layers
from geo.errors import GeoError
from geo.render.model import LayerLike, MapLayer
from geo.render.prepare.context import PrepareContext
from geo.render.prepare.shapes import drawn_layer, polygons_within

__all__ = ["VECTOR_LAND", "static_land", "tiles", "vector_basemap"]

#: How the vector basemap (and the inset's land) is drawn.
VECTOR_LAND = {"stroke": "#9a9a9a", "weight": 0.8, "fill": "#f4f1ea", "fill_opacity": 1.0}


def vector_basemap(ctx: PrepareContext) -> list[MapLayer]:
    """Return the vector basemap as the first drawn layer, or nothing when the map uses tiles."""
    if not ctx.vector:
        return []
    meta, gdf = ctx.layer(ctx.recipe.basemap.layer, "basemap.layer")
    geoms = polygons_within(gdf.geometry.values, ctx.max_bounds)
    layer = drawn_layer(
        ctx.recipe.basemap.layer,
        meta.title or ctx.recipe.basemap.layer,
        geoms,
        [{} for _ in range(len(geoms))],
        dict(VECTOR_LAND),
        "fill",
        zoom=ctx.max_zoom,
        legend=False,
        switcher=False,
        basemap=True,
        frame=ctx.frame,
    )
    return [layer]


def tiles(ctx: PrepareContext) -> tuple[str | None, str | None]:
    """Return the tile provider's name and its attribution (xyzservices), or ``(None, None)``."""
    provider = None if ctx.vector else ctx.recipe.basemap.provider
    if provider is None:
        return None, None
    import xyzservices  # reads its provider list from disk: only when tiles are asked for

    return provider, xyzservices.providers.query_name(provider).get("attribution", provider)


def static_land(ctx: PrepareContext) -> LayerLike | None:
    """Return the catalog's basemap layer, for a still image of a tiled map (None if unknown).

    It is looked up, not read: only a renderer that draws it reads it.
    """
    if ctx.vector:
        return None
    try:
        return layers.get(ctx.recipe.basemap.layer)
    except (GeoError, LookupError, OSError):
        return None
