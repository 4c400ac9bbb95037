"""Prepare step 2, the data layers: each ``[[layers]]`` entry read, selected and styled.

An entry is a catalog layer or the caller's own (a file, or data from Python:
:mod:`.own_data`). Features are selected by the entry's ``where`` and ``geometry``; the
tooltip and popup properties (if any) become the only properties the page gets, as text
(:mod:`.tooltips`). A layer styled by a property (``style.by``) is drawn as one layer per
class (:mod:`.classes`). Areas and lines with no popup are drawn as one fixed SVG overlay
like the basemap (a tooltip is bound to each feature's path there); layers with popups or
points are Leaflet paths.

A catalog layer's drawn form is kept in the build cache (:mod:`.drawn_cache`, step
``"layer"``), keyed by the recipe entry as parsed, the map's pixel frame and max zoom, the
layer's catalog entry and its file's SHA-256; on a hit its file is not read here (a later
step that needs its features, a figure or a label, reads it then). The recipe's own files
and data are drawn on every build.
"""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from typing import Any

import numpy as np
import shapely

from geo.errors import RecipeError
from geo.recipe import LayerSpec
from geo.render import encode
from geo.render.model import MapLayer
from geo.render.prepare.classes import style_classes
from geo.render.prepare.context import PrepareContext, select_features
from geo.render.prepare.drawn_cache import cached_drawn
from geo.render.prepare.own_data import OwnLayer
from geo.render.prepare.shapes import drawn_layer, has_points, layer_kind
from geo.render.prepare.style import layer_style
from geo.render.prepare.tooltips import tip_fields, tip_props
from geo.styles import catalog_defaults

__all__ = ["data_layer", "data_layers", "keep_geometry"]

#: The kinds a ``geometry = "..."`` selection keeps, and their words in messages.
_KINDS = {"polygon": "polygons", "line": "lines", "point": "points"}


def data_layers(ctx: PrepareContext) -> list[MapLayer]:
    """Return the recipe's ``[[layers]]``, in recipe order (the first is drawn lowest)."""
    return [lyr for i, spec in enumerate(ctx.recipe.layers) for lyr in _drawn(ctx, i, spec)]


def _drawn(ctx: PrepareContext, i: int, spec: LayerSpec) -> list[MapLayer]:
    """:func:`data_layer`, from the build cache for a catalog layer (:mod:`.drawn_cache`)."""
    if spec.source is not None or spec.id in ctx.own:
        return data_layer(ctx, i, spec)
    inputs = {
        "spec": dataclasses.asdict(spec),
        "frame": ctx.frame,
        "max_zoom": ctx.max_zoom,
    }
    return cached_drawn(ctx, "layer", inputs, (spec.id,), lambda: data_layer(ctx, i, spec))


def keep_geometry(geoms: np.ndarray, kind: str) -> np.ndarray:
    """Only the ``kind`` parts (``"point"``, ``"line"``, ``"polygon"``) of each geometry.

    Examples
    --------
    >>> mixed = shapely.GeometryCollection([shapely.Point(0, 0), shapely.box(1, 1, 2, 2)])
    >>> [g.geom_type for g in keep_geometry(np.array([mixed], dtype=object), "polygon")]
    ['Polygon']
    """
    pick = {"polygon": 0, "line": 1, "point": 2}[kind]
    out = np.empty(len(geoms), dtype=object)
    for i, g in enumerate(geoms):
        parts = encode.split_kinds(g)[pick]
        if not parts:
            out[i] = None
        elif len(parts) == 1:
            out[i] = parts[0]
        else:
            out[i] = {0: shapely.MultiPolygon, 1: shapely.MultiLineString, 2: shapely.MultiPoint}[
                pick
            ](parts)
    return out


def _kinds_present(geoms: np.ndarray) -> dict[str, int]:
    """How many features have polygon, line and point parts."""
    counts = {"polygon": 0, "line": 0, "point": 0}
    for g in geoms:
        polys, lines, points = encode.split_kinds(g)
        counts["polygon"] += bool(polys)
        counts["line"] += bool(lines)
        counts["point"] += bool(points)
    return {k: n for k, n in counts.items() if n}


def _selected(ctx: PrepareContext, i: int, spec: LayerSpec, gdf: Any) -> Any:
    """The entry's features: ``where``, then ``geometry``; own layers must not mix kinds."""
    key = f"layers[{i}]"
    gdf = select_features(gdf, spec.where, spec.id, ctx.path, f"{key}.where")
    if spec.geometry is not None:
        gdf = gdf.copy()
        gdf["geometry"] = keep_geometry(
            np.asarray(gdf.geometry.values, dtype=object), spec.geometry
        )
        gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
        if not len(gdf):
            raise RecipeError(
                f"layer {spec.id!r} has no {_KINDS[spec.geometry]}",
                path=ctx.path,
                key=f"{key}.geometry",
            )
    elif spec.source is not None:
        kinds = _kinds_present(np.asarray(gdf.geometry.values, dtype=object))
        if len(kinds) > 1:
            found = " and ".join(f"{_KINDS[k]} ({n} features)" for k, n in kinds.items())
            raise RecipeError(
                f"layer {spec.id!r} mixes {found}; one style cannot draw them all: add "
                f"geometry = {next(iter(kinds))!r} here and another [[layers]] entry with the "
                f"same name and geometry = {list(kinds)[1]!r}",
                path=ctx.path,
                key=key,
            )
    return gdf


def data_layer(ctx: PrepareContext, i: int, spec: LayerSpec) -> list[MapLayer]:
    """Return the drawn layer(s) of recipe entry ``layers[i]`` (one per class with ``by``).

    Raises
    ------
    RecipeError
        An unknown layer, an unreadable file, a ``where`` matching nothing, a tooltip or
        ``style.by`` property the layer lacks, or an own layer mixing geometry kinds.
    """
    key = f"layers[{i}]"
    meta, gdf = ctx.layer(spec.id, f"{key}.id")
    gdf = _selected(ctx, i, spec, gdf)
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    kind = layer_kind(geoms)
    own = isinstance(meta, OwnLayer)
    catalog = {} if own else catalog_defaults(getattr(meta, "style", None) or {})
    style = layer_style(spec.style, catalog, kind)
    fields, props = tip_props(spec.tooltip, spec.popup, gdf, spec.id, ctx.path, key)
    popup = tip_fields(spec.popup, gdf, spec.id, ctx.path, f"{key}.popup") if spec.popup else None
    label = spec.label or meta.title or spec.id
    # Areas and lines are fixed overlays (their tooltips bound per feature path, in the
    # page); a popup, or a point (a marker), needs Leaflet's own layers.
    fixed = popup is None
    pieces: list[tuple[str, str, dict[str, Any], np.ndarray | None]]
    pieces = [(spec.key, label, style, None)]
    if spec.by is not None:
        classes = style_classes(spec.by, gdf, style, kind, spec.id, ctx.path, key)
        pieces = [(f"{spec.key}-{c.suffix}", c.label, c.style, c.mask) for c in classes]
    out = []
    for lyr_id, lyr_label, lyr_style, mask in pieces:
        sub = geoms if mask is None else geoms[mask]
        sub_props = props if mask is None else [p for p, k in zip(props, mask, strict=True) if k]
        lyr = drawn_layer(
            lyr_id,
            lyr_label,
            sub,
            sub_props,
            lyr_style,
            kind,
            zoom=ctx.max_zoom,
            tooltip=fields,
            legend=spec.legend,
            switcher=spec.switcher,
            frame=ctx.frame if fixed and not has_points(sub) else None,
        )
        if spec.by is not None:
            lyr = replace(lyr, group=spec.key, group_label=label)
        out.append(replace(lyr, popup=popup))
    return out
