"""Map recipes: parse and validate ``maps/*.toml`` into frozen objects (no rendering).

A recipe is a short TOML file a journalist edits. Every section and key is checked here, so a
typo fails at once with one line naming the file, the key path and the bad value, and (for an
unknown key) the closest known key::

    maps/front.toml: layers[1].style.fil: unknown key; did you mean 'fill'?

Sections (all optional except ``[text]``, ``[view]`` and ``[[layers]]``)::

    [text]      title, dek, byline, as_of (YYYY-MM-DD), notes (list of str), alt
    [view]      bounds = [[lon_min, lat_min], [lon_max, lat_max]]  or  center = [lon, lat]
                + zoom; min_zoom, max_zoom (integers 0-19)
    [basemap]   provider = "vector" (countries layer) or an xyzservices name, e.g.
                "CartoDB.Positron"; layer = "countries" (for the vector basemap)
    [[layers]]  id (catalog layer id), or your own file: path (relative to the recipe),
                credit (required), name (for references; default the file's stem), layer,
                crs, title, as_of, license, url; or name + credit and no path for data
                passed in Python (make_map(recipe, data={name: gdf}));
                label (legend text; default the layer title), geometry (point, line or
                polygon: keep one kind), where = {property = "value" or ["v1", "v2"]},
                legend, switcher, tooltip and popup (a property, a list, true, or
                {fields = [...], aliases = [...]}; "=area"/"=length" are measured),
                style = {stroke, weight, fill, fill_opacity, opacity, dash, hatch, radius,
                by = PROPERTY + values = {VALUE = {style..., label}} or scheme =
                "quantiles" | "equal_interval" | "fisher_jenks", k, ramp}
    [[labels]]  either text + at = [lon, lat], or layer + field (+ names = [...]);
                position = "right" | "left" | "top" | "bottom"
    [[callouts]] text, at = [lon, lat] (the point), text_at = [lon, lat] (the label)
    [[figures]] id, label, measure = "length" | "area" | "distance" | "count" | "sum";
                layer (length/area/count/sum; field for sum) or start/end (distance):
                [lon, lat] or "LAYER:NAME"; draw (distance line); where

Text (title, dek, byline, notes, alt, layer labels, label and callout text) may quote a
figure as ``{figure:NAME}``: filled with its formatted value when the map is built.
    [inset]     enabled, bounds
    [static]    width, height (pixels), scale (device pixels per pixel)
    [timeline]  a time slider over dated occupied-area snapshots (your own data):
                source = "DIR" or "GLOB" (relative to the recipe file, or absolute),
                credit (required: where the snapshots come from, and their licence),
                label, start / end (YYYY-MM-DD), step_days, tolerance_km, interval_ms, style
    [changes]   territory gained and lost between two snapshots: from = PATH, to = PATH
                (relative to the recipe file, or absolute), credit (required),
                gained = {label, style, legend}, lost = {label, style, legend}

A map needs ``[[layers]]`` unless it has a ``[timeline]`` or ``[changes]`` section.

The package, one job per module: :mod:`~geo.recipe.model` (the frozen types),
:mod:`~geo.recipe.keys` (the keys each section takes), :mod:`~geo.recipe.coerce` (value
checks; the ones shared with the layer catalog live in :mod:`geo.styles`),
:mod:`~geo.recipe.sections`, :mod:`~geo.recipe.content` and :mod:`~geo.recipe.snapshots`
(one parser per section), :mod:`~geo.recipe.parse` (:func:`loads`, :func:`load`) and
:mod:`~geo.recipe.lookup` (:func:`bundled`, :func:`find`).

Examples
--------
>>> r = loads('''
... [text]
... title = "Front"
... as_of = "2024-11-13"
... [view]
... center = [35.0, 48.5]
... zoom = 6
... [[layers]]
... id = "front-line-2024-11-13"
... ''', name="demo")
>>> r.view.zoom, r.layers[0].id
(6.0, 'front-line-2024-11-13')
"""

from geo.recipe.lookup import bundled, find
from geo.recipe.model import (
    Basemap,
    Callout,
    ChangeSide,
    ChangesSpec,
    FigureSpec,
    Inset,
    LabelSpec,
    LayerSource,
    LayerSpec,
    LonLat,
    PointRef,
    Recipe,
    StaticSpec,
    Style,
    StyleBy,
    StyleClass,
    Text,
    TimelineSpec,
    Tooltip,
    View,
)
from geo.recipe.parse import load, loads
from geo.styles import MAX_TEXT

__all__ = [
    "MAX_TEXT",
    "Basemap",
    "Callout",
    "ChangeSide",
    "ChangesSpec",
    "FigureSpec",
    "Inset",
    "LabelSpec",
    "LayerSource",
    "LayerSpec",
    "LonLat",
    "PointRef",
    "Recipe",
    "StaticSpec",
    "Style",
    "StyleBy",
    "StyleClass",
    "Text",
    "TimelineSpec",
    "Tooltip",
    "View",
    "bundled",
    "find",
    "load",
    "loads",
]
