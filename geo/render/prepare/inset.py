"""Prepare step 7, the inset locator: where the map is, on a small map of its region.

The inset shows the basemap layer around the view (the recipe's ``inset.bounds``, or the
view grown 2.5 times on every side), simplified for the inset's own small zoom and drawn
as a fixed picture in its own whole-pixel frame.
"""

from __future__ import annotations

import math

from geo.render import view
from geo.render.model import MapLayer
from geo.render.prepare.basemap import VECTOR_LAND
from geo.render.prepare.context import PrepareContext
from geo.render.prepare.drawn_cache import cached_drawn
from geo.render.prepare.shapes import drawn_layer, polygons_within
from geo.render.view import Bounds

__all__ = ["INSET_SIZE", "inset_locator"]

#: The inset's size on the page, CSS px (its zoom is the largest that fits its bounds).
INSET_SIZE = (150, 110)


def inset_locator(ctx: PrepareContext) -> tuple[MapLayer | None, Bounds | None]:
    """Return the inset's land layer and bounds, or ``(None, None)`` when the inset is off."""
    if not ctx.recipe.inset.enabled:
        return None, None
    bounds = ctx.recipe.inset.bounds or view.expand(ctx.bounds, 2.5)

    def draw() -> list[MapLayer]:
        _, gdf = ctx.layer(ctx.recipe.basemap.layer, "basemap.layer")
        zoom = max(0, math.ceil(view.fit_zoom(bounds, INSET_SIZE)))
        frame = view.pixel_frame(bounds, zoom)
        geoms = polygons_within(gdf.geometry.values, frame["bounds"])
        layer = drawn_layer(
            "inset",
            "inset",
            geoms,
            [{} for _ in range(len(geoms))],
            dict(VECTOR_LAND),
            "fill",
            zoom=zoom,
            legend=False,
            switcher=False,
            basemap=True,
            frame=frame,
        )
        return [layer]

    (layer,) = cached_drawn(ctx, "inset", {"bounds": bounds}, (ctx.recipe.basemap.layer,), draw)
    return layer, bounds
