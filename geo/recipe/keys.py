"""The recipe schema: the keys each section accepts and the fixed choices and patterns.

The tuples are in the order the keys are listed in an "unknown key" message when no
known key is close to the one written.
"""

from __future__ import annotations

import re

__all__ = [
    "BASEMAP",
    "CALLOUT",
    "CHANGES",
    "CHANGE_SIDE",
    "FIGURE",
    "FIGURE_ID",
    "FILE_LAYER",
    "GEOMETRIES",
    "INSET",
    "LABEL",
    "LAYER",
    "LAYER_ID",
    "MAP_NAME",
    "MEASURES",
    "PAGE",
    "POINT_REF",
    "POSITIONS",
    "PUBLISH",
    "RAMPS",
    "SCHEMES",
    "SECTIONS",
    "STATIC",
    "STYLE_BY",
    "TEXT",
    "THEMES",
    "TIMELINE",
    "TOOLTIP",
    "VIEW",
]

#: The document's sections, in the order they are parsed (and so checked).
SECTIONS = (
    "text",
    "view",
    "basemap",
    "layers",
    "labels",
    "callouts",
    "figures",
    "inset",
    "static",
    "page",
    "publish",
    "timeline",
    "changes",
)

TEXT = ("title", "dek", "byline", "as_of", "notes", "alt")
VIEW = ("bounds", "center", "zoom", "min_zoom", "max_zoom")
BASEMAP = ("provider", "layer")
LAYER = (
    "id",
    "path",
    "name",
    "layer",
    "credit",
    "title",
    "as_of",
    "license",
    "url",
    "crs",
    "geometry",
    "label",
    "legend",
    "switcher",
    "tooltip",
    "popup",
    "style",
    "where",
)
#: The keys only a layer that is not from the catalog (a file, or data from Python) takes.
FILE_LAYER = ("path", "name", "layer", "credit", "title", "as_of", "license", "url", "crs")
#: A ``tooltip = {...}`` (or ``popup``) table.
TOOLTIP = ("fields", "aliases")
#: The keys a ``style`` table takes besides the drawing keys (:data:`geo.styles.STYLE_KEYS`):
#: styling by a property's values.
STYLE_BY = ("by", "values", "scheme", "k", "ramp")
LABEL = ("text", "at", "layer", "field", "names", "position")
CALLOUT = ("text", "at", "text_at")
FIGURE = ("id", "label", "measure", "layer", "field", "start", "end", "draw", "where")
INSET = ("enabled", "bounds")
STATIC = ("width", "height", "scale", "theme")
#: The interactive page: colour theme and language.
PAGE = ("theme", "lang")
#: Where the page is published (the embed snippet's ``src``).
PUBLISH = ("url",)
TIMELINE = (
    "source",
    "credit",
    "label",
    "start",
    "end",
    "step_days",
    "tolerance_km",
    "interval_ms",
    "keyframe_every",
    "style",
)
CHANGES = ("from", "to", "credit", "gained", "lost")
CHANGE_SIDE = ("label", "style", "legend")

#: Where a label sits relative to its point.
POSITIONS = ("right", "left", "top", "bottom", "center")
#: The page's colour themes: ``auto`` follows the reader's ``prefers-color-scheme``.
THEMES = {
    "auto": "the reader's light or dark setting",
    "light": "always light",
    "dark": "always dark",
}
#: The static image's colour themes (an image cannot follow the reader's setting).
STATIC_THEMES = {"light": "dark text on a light map", "dark": "the dark page's colours"}
#: What a figure measures.
MEASURES = ("length", "area", "distance", "count", "sum")
#: The geometry kinds a layer entry may keep (``geometry = "point"``).
GEOMETRIES = ("point", "line", "polygon")
#: Graduated colour schemes (``style.scheme``), all deterministic (mapclassify).
SCHEMES = ("quantiles", "equal_interval", "fisher_jenks")
#: Named colour ramps for ``style.ramp``: anchor colours, light to dark (ColorBrewer
#: sequential schemes, and viridis), interpolated to ``k`` classes.
RAMPS = {
    "Reds": ("#fee0d2", "#fc9272", "#de2d26"),
    "Blues": ("#deebf7", "#9ecae1", "#3182bd"),
    "Greens": ("#e5f5e0", "#a1d99b", "#31a354"),
    "Oranges": ("#fee6ce", "#fdae6b", "#e6550d"),
    "Purples": ("#efedf5", "#bcbddc", "#756bb1"),
    "Greys": ("#f0f0f0", "#bdbdbd", "#636363"),
    "YlOrRd": ("#ffeda0", "#feb24c", "#f03b20"),
    "YlGnBu": ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    "viridis": ("#440154", "#21918c", "#fde725"),
}

#: A catalog layer id as a recipe may write it.
LAYER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")
#: A ``"LAYER:NAME"`` point reference.
POINT_REF = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.-]*):(.+)$")
#: A figure id (it becomes a JSON key and an element id).
FIGURE_ID = re.compile(r"^[a-z0-9_]+$")
#: A map name (it becomes output file names and element ids).
MAP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
