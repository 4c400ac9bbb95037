"""Recipe → :class:`~geo.render.model.MapModel`: everything a map shows, computed once.

:func:`prepare` runs the steps below in order, each in its own module and each testable
on its own with a :class:`PrepareContext` (the recipe, its view, and the layers read so
far, each read once):

1. :mod:`.basemap` — our vector land cut to the pan limits, or the tile provider;
2. :mod:`.data_layers` — the recipe's layers read, selected and styled;
3. :mod:`.timeline` — the time slider over the caller's dated snapshots, if any;
4. :mod:`.changes` — areas gained and lost between two snapshots, if any;
5. :mod:`.figures` — geodesic figures measured on full detail, drawn distances;
6. :mod:`.labels` — labels and callouts;
7. :mod:`.inset` — the locator inset;
8. :mod:`.credits` — the credit lines and the layers' provenance.

Every drawn geometry is simplified for the recipe's zoom range by
:func:`.shapes.drawn_layer` (:mod:`geo.render.simplify`); figures are never measured on
that simplified copy.
"""

from __future__ import annotations

from geo.recipe import Recipe
from geo.render.model import Loader, MapModel
from geo.render.prepare.basemap import VECTOR_LAND, static_land, tiles, vector_basemap
from geo.render.prepare.changes import ChangesResult, change_figures, changes_of, read_changes
from geo.render.prepare.context import PrepareContext, default_loader
from geo.render.prepare.credits import catalog_credits, catalog_entries, data_credits
from geo.render.prepare.data_layers import data_layers
from geo.render.prepare.figures import FIGURE_LINE, measured_figures
from geo.render.prepare.inset import inset_locator
from geo.render.prepare.labels import callouts, place_labels
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


def prepare(recipe: Recipe, *, offline: bool = False, loader: Loader | None = None) -> MapModel:
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

    Returns
    -------
    MapModel

    Raises
    ------
    RecipeError
        A layer, feature or property the recipe names does not exist.
    """
    ctx = PrepareContext(recipe, offline=offline, loader=loader or default_loader)
    drawn = vector_basemap(ctx) + data_layers(ctx)
    timeline = timeline_of(ctx)
    changes = changes_of(ctx)
    measured = measured_figures(ctx)
    labels = measured.labels + place_labels(ctx)
    notes = callouts(ctx)
    inset_layer, inset_bounds = inset_locator(ctx)
    provider, attribution = tiles(ctx)
    credit_lines, layer_meta = catalog_credits(ctx, attribution)
    own_lines, own_meta = data_credits(timeline, changes)
    layer_meta.update(own_meta)
    return MapModel(
        recipe=recipe,
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
        catalog=catalog_entries(layer_meta),
        land=static_land(ctx),
    )
