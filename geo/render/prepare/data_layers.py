"""Prepare step 2, the data layers: each ``[[layers]]`` entry read, selected and styled.

Features are selected by the entry's ``where``; the tooltip property (if any) becomes the
only property the page gets, as text. Areas and lines with no tooltip are drawn as one
fixed SVG overlay like the basemap; layers with tooltips or points are Leaflet paths.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from geo.errors import RecipeError
from geo.recipe import LayerSpec
from geo.render.model import MapLayer
from geo.render.prepare.context import PrepareContext, select_features
from geo.render.prepare.shapes import drawn_layer, has_points, layer_kind
from geo.render.prepare.style import layer_style
from geo.render.wording import as_text, is_missing
from geo.styles import catalog_defaults

__all__ = ["data_layer", "data_layers"]


def data_layers(ctx: PrepareContext) -> list[MapLayer]:
    """Return the recipe's ``[[layers]]``, in recipe order (the first is drawn lowest)."""
    return [data_layer(ctx, i, spec) for i, spec in enumerate(ctx.recipe.layers)]


def data_layer(ctx: PrepareContext, i: int, spec: LayerSpec) -> MapLayer:
    """Return the drawn layer of recipe entry ``layers[i]``.

    Raises
    ------
    RecipeError
        An unknown layer, a ``where`` matching nothing, or a tooltip property the layer
        lacks.
    """
    meta, gdf = ctx.layer(spec.id, f"layers[{i}].id")
    gdf = select_features(gdf, spec.where, spec.id, ctx.path, f"layers[{i}].where")
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    kind = layer_kind(geoms)
    style = layer_style(spec.style, catalog_defaults(getattr(meta, "style", None) or {}), kind)
    fixed = spec.tooltip is None and not has_points(geoms)
    return drawn_layer(
        spec.key,
        spec.label or meta.title or spec.id,
        geoms,
        _tooltip_props(ctx, i, spec, gdf),
        style,
        kind,
        zoom=ctx.max_zoom,
        tooltip=spec.tooltip,
        legend=spec.legend,
        switcher=spec.switcher,
        frame=ctx.frame if fixed else None,
    )


def _tooltip_props(ctx: PrepareContext, i: int, spec: LayerSpec, gdf: Any) -> list[dict]:
    """Per feature ``{tooltip: text}``, or ``{}`` without a tooltip or a value."""
    if spec.tooltip and spec.tooltip not in gdf.columns:
        raise RecipeError(
            f"layer {spec.id!r} has no property {spec.tooltip!r}; it has "
            f"{', '.join(map(str, gdf.columns.drop('geometry')))}",
            path=ctx.path,
            key=f"layers[{i}].tooltip",
        )
    return [
        {spec.tooltip: as_text(v)} if spec.tooltip and not is_missing(v) else {}
        for v in (gdf[spec.tooltip] if spec.tooltip else [None] * len(gdf))
    ]
