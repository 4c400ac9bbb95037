"""Recipe → :class:`~geo.render.model.MapModel`: everything a map shows, computed once.

:func:`prepare` runs the steps below in order, each in its own module and each testable
on its own with a :class:`PrepareContext` (the recipe, its view, and the layers read so
far, each read once):

1. :mod:`.basemap` — our vector land cut to the pan limits, or the tile provider;
   :mod:`.basemap_detail` — the detailed coast, borders, oblasts, lakes and rivers on it;
2. :mod:`.data_layers` — the recipe's layers (catalog, files, data: :mod:`.own_data`)
   read, selected and styled (:mod:`.tooltips`, :mod:`.classes`);
3. :mod:`.timeline` — the time slider over the caller's dated snapshots, if any;
4. :mod:`.changes` — areas gained and lost between two snapshots, if any;
5. :mod:`.figures` — geodesic figures measured on full detail, drawn distances, counts
   and sums; their values fill the text's ``{figure:NAME}`` placeholders
   (:mod:`geo.recipe.placeholders`);
6. :mod:`.labels` — labels and callouts;
7. :mod:`.inset` — the locator inset;
8. :mod:`.credits` — the credit lines and the layers' provenance.

Every drawn geometry is simplified for the recipe's zoom range by
:func:`.shapes.drawn_layer` (:mod:`geo.render.simplify`); figures are never measured on
that simplified copy.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from geo.recipe import Recipe
from geo.recipe.placeholders import fill, fill_recipe
from geo.render.model import Loader, MapLayer, MapModel
from geo.render.prepare.basemap import VECTOR_LAND, static_land, tiles, vector_basemap
from geo.render.prepare.basemap_detail import DETAIL_LAYERS, basemap_detail, drawn_sources
from geo.render.prepare.changes import ChangesResult, change_figures, changes_of, read_changes
from geo.render.prepare.context import PrepareContext, default_loader
from geo.render.prepare.credits import (
    catalog_credits,
    catalog_entries,
    data_credits,
    reader_credit,
)
from geo.render.prepare.data_layers import data_layers
from geo.render.prepare.drawn_cache import cached_drawn, cached_plain
from geo.render.prepare.figures import FIGURE_LINE, measured_figures, value_text
from geo.render.prepare.inset import inset_locator
from geo.render.prepare.labels import WATER_LAYERS, callouts, place_labels
from geo.render.prepare.style import DEFAULT_STYLES
from geo.render.prepare.timeline import (
    TIMELINE_STYLE,
    prepare_timeline,
    select_snapshots,
    timeline_of,
)

__all__ = [
    "DEFAULT_STYLES",
    "FIGURE_LINE",
    "TIMELINE_STYLE",
    "VECTOR_LAND",
    "ChangesResult",
    "PrepareContext",
    "change_figures",
    "prepare",
    "prepare_timeline",
    "read_changes",
    "select_snapshots",
]


def prepare(
    recipe: Recipe,
    *,
    offline: bool = False,
    loader: Loader | None = None,
    data: Mapping[str, Any] | None = None,
) -> MapModel:
    """Compute everything a map shows from a recipe.

    Parameters
    ----------
    recipe : Recipe
        A parsed recipe (:func:`geo.recipe.load`).
    offline : bool, default False
        Force the vector basemap (no tiles, no network at all).
    loader : callable, optional
        ``layer_id -> Layer``; default :func:`geo.layers.get`. Pass a caching loader to read
        each layer once when building several maps.
    data : mapping of str to GeoDataFrame, optional
        Data for the recipe's ``[[layers]]`` entries without ``path``, by their ``name``.

    Returns
    -------
    MapModel
        Its ``recipe`` has every ``{figure:NAME}`` placeholder filled.

    Raises
    ------
    RecipeError
        A layer, feature or property the recipe names does not exist, or one of its own
        files cannot be read.
    """
    ctx = PrepareContext(recipe, offline=offline, loader=loader or default_loader, data=data)
    drawn = _basemap(ctx) + data_layers(ctx)
    timeline = timeline_of(ctx)
    changes = changes_of(ctx)
    measured = measured_figures(ctx)
    quoted = {
        f["id"]: value_text(f) for f in (changes.figures if changes else []) + measured.figures
    }
    ctx.recipe = fill_recipe(ctx.recipe, quoted)
    drawn = [_filled(lyr, quoted) for lyr in drawn]
    labels = measured.labels + _labels(ctx)
    notes = _callouts(ctx)
    inset_layer, inset_bounds = inset_locator(ctx)
    provider, attribution = tiles(ctx)
    sources = drawn_sources(drawn) if ctx.vector else ()
    credit_lines, layer_meta = catalog_credits(ctx, attribution, sources)
    own_lines, own_meta = data_credits(timeline, changes)
    layer_meta.update(own_meta)
    entries = catalog_entries(layer_meta)
    basemap_ids = {ctx.recipe.basemap.layer, *sources} if ctx.vector else set()
    reader = reader_credit(layer_meta, entries, basemap_ids)
    if attribution:
        reader = "; ".join(p for p in (f"Basemap: {attribution}", reader) if p)
    return MapModel(
        recipe=ctx.recipe,
        offline=offline,
        bounds=ctx.bounds,
        max_bounds=ctx.max_bounds,
        layers=drawn + (changes.layers if changes else []) + measured.layers,
        labels=labels,
        callouts=notes,
        figures=(changes.figures if changes else []) + measured.figures,
        credits=own_lines + credit_lines,
        tile_provider=provider,
        tile_attribution=attribution,
        inset_layer=inset_layer,
        inset_bounds=inset_bounds,
        layer_meta=layer_meta,
        timeline=timeline,
        catalog=entries,
        reader_credit=reader,
        land=static_land(ctx),
    )


def _basemap(ctx: PrepareContext) -> list[MapLayer]:
    """Our vector basemap; with tiles, the same layers as their fallback.

    A tiled page keeps the vector basemap hidden below the tiles and shows it when they
    fail to load in the reader's browser (``page.js``), so the map never has an empty sea.
    """

    def draw() -> list[MapLayer]:
        return cached_drawn(
            ctx,
            "basemap",
            {"frame": ctx.frame, "max_zoom": ctx.max_zoom},
            (ctx.recipe.basemap.layer, *DETAIL_LAYERS),
            lambda: vector_basemap(ctx) + basemap_detail(ctx),
        )

    if ctx.vector:
        return draw()
    offline, ctx.offline = ctx.offline, True
    try:
        return draw()
    finally:
        ctx.offline = offline


def _labels(ctx: PrepareContext) -> list[dict[str, Any]]:
    """:func:`.labels.place_labels`, from the build cache when the same inputs made them.

    The key holds everything the labels depend on: the ``[[labels]]`` and ``[view]`` as
    parsed (placeholders filled), the bounds and pan limits, and the labelled layers and
    the water layers the basemap read (their catalog entries and files).
    """
    water = tuple(name for name in WATER_LAYERS if name in ctx.read)
    named = tuple(lab.layer for lab in ctx.recipe.labels if lab.layer is not None)
    inputs = {
        "labels": [dataclasses.asdict(lab) for lab in ctx.recipe.labels],
        "view": dataclasses.asdict(ctx.recipe.view),
        "bounds": ctx.bounds,
        "max_bounds": ctx.max_bounds,
        "frame": ctx.frame,
        "water": water,
    }
    names = tuple(dict.fromkeys(named + water))
    result: list[dict[str, Any]] = cached_plain(
        ctx, "labels", inputs, names, lambda: place_labels(ctx)
    )
    return result


def _callouts(ctx: PrepareContext) -> list[dict[str, Any]]:
    """:func:`.labels.callouts`, from the build cache when one points at a catalog feature.

    Keyed by the ``[[callouts]]`` as parsed (placeholders filled) and the layers they name.
    """
    refs = [c.at for c in ctx.recipe.callouts if isinstance(c.at, str)]
    names = tuple(dict.fromkeys(ref.split(":", 1)[0] for ref in refs))
    if not names:
        return callouts(ctx)
    inputs = {"callouts": [dataclasses.asdict(c) for c in ctx.recipe.callouts]}
    result: list[dict[str, Any]] = cached_plain(
        ctx, "callouts", inputs, names, lambda: callouts(ctx)
    )
    return result


def _filled(lyr: MapLayer, values: Mapping[str, str]) -> MapLayer:
    """A recipe layer's legend label with its ``{figure:NAME}`` placeholders filled.

    The label of one class of a layer styled by a property is a data value: left as it is.
    """
    if lyr.group is not None:
        return replace(lyr, group_label=fill(lyr.group_label or "", values))
    return replace(lyr, label=fill(lyr.label, values))
