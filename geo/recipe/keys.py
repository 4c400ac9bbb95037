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
    "INSET",
    "LABEL",
    "LAYER",
    "LAYER_ID",
    "MAP_NAME",
    "MEASURES",
    "POINT_REF",
    "POSITIONS",
    "SECTIONS",
    "STATIC",
    "TEXT",
    "TIMELINE",
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
    "timeline",
    "changes",
)

TEXT = ("title", "dek", "byline", "as_of", "notes", "alt")
VIEW = ("bounds", "center", "zoom", "min_zoom", "max_zoom")
BASEMAP = ("provider", "layer")
LAYER = ("id", "label", "legend", "switcher", "tooltip", "style", "where")
LABEL = ("text", "at", "layer", "field", "names", "position")
CALLOUT = ("text", "at", "text_at")
FIGURE = ("id", "label", "measure", "layer", "start", "end", "draw", "where")
INSET = ("enabled", "bounds")
STATIC = ("width", "height", "scale")
TIMELINE = (
    "source",
    "credit",
    "label",
    "start",
    "end",
    "step_days",
    "tolerance_km",
    "interval_ms",
    "style",
)
CHANGES = ("from", "to", "credit", "gained", "lost")
CHANGE_SIDE = ("label", "style", "legend")

#: Where a label sits relative to its point.
POSITIONS = ("right", "left", "top", "bottom", "center")
#: What a figure measures.
MEASURES = ("length", "area", "distance")

#: A catalog layer id as a recipe may write it.
LAYER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")
#: A ``"LAYER:NAME"`` point reference.
POINT_REF = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.-]*):(.+)$")
#: A figure id (it becomes a JSON key and an element id).
FIGURE_ID = re.compile(r"^[a-z0-9_]+$")
#: A map name (it becomes output file names and element ids).
MAP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
