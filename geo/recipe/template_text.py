r"""The text of a recipe :mod:`geo.recipe.template` writes: header, sections and layer blocks.

Every string from a data file (a file name, a property name) is written as a TOML basic
string with :func:`toml_string`, so no file name or property can break the recipe or add a
key to it.

Examples
--------
>>> print(toml_string('a "quoted"\x7f name'))
"a \"quoted\"\u007f name"
>>> view_bounds([(32.72, 46.67, 38.45, 50.08)])
((32.14, 46.32), (39.03, 50.43))
"""

from __future__ import annotations

import json
import math
import re
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geo.recipe import keys, reference

__all__ = [
    "PALETTE",
    "annotated",
    "blank_sections",
    "comment",
    "figure_block",
    "header",
    "layer_block",
    "toml_string",
    "view_bounds",
    "zoom_range",
]

#: Colours given to data layers in turn (Okabe-Ito: distinguishable with colour blindness).
PALETTE = ("#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
#: Ukraine, for a blank map with no data.
_UKRAINE = ((22.0, 44.2), (40.5, 52.5))
_NAME_FIELDS = ("name", "Name", "NAME", "title", "label")
_MEASURE = {"point": "count", "line": "length", "polygon": "area", "mixed": "count"}
_TABLE_TEXT = {t.heading: t.text for t in reference.TABLES}


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes, plus DEL, which TOML forbids raw)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def comment(text: str, width: int = 92) -> str:
    """``text`` as ``#`` comment lines (no trailing newline after the last).

    Control characters (which TOML forbids in comments) become U+FFFD, line breaks spaces.
    """
    clean = "".join(
        "\ufffd" if (ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127 else c for c in text
    )
    lines = textwrap.wrap(" ".join(clean.split()), width - 2) or [""]
    return "\n".join(f"# {line}" for line in lines)


def _clean(text: str) -> str:
    """``text`` fit for a TOML comment: control characters become U+FFFD, breaks spaces."""
    out = (" " if c in "\n\r" else "\ufffd" if ord(c) < 32 or ord(c) == 127 else c for c in text)
    return "".join(out)


def view_bounds(boxes: Sequence[tuple[float, float, float, float]]) -> tuple[Any, Any]:
    """The union of ``(lon0, lat0, lon1, lat1)`` boxes, padded 10 % (at least 0.05°).

    Rounded outwards to 0.01°, latitude within ±85°, longitude within ±180°.
    """
    lon0 = min(b[0] for b in boxes)
    lat0 = min(b[1] for b in boxes)
    lon1 = max(b[2] for b in boxes)
    lat1 = max(b[3] for b in boxes)
    pad_x = max((lon1 - lon0) * 0.1, 0.05)
    pad_y = max((lat1 - lat0) * 0.1, 0.05)
    west = max(-180.0, math.floor((lon0 - pad_x) * 100) / 100)
    south = max(-85.0, math.floor((lat0 - pad_y) * 100) / 100)
    east = min(180.0, math.ceil((lon1 + pad_x) * 100) / 100)
    north = min(85.0, math.ceil((lat1 + pad_y) * 100) / 100)
    return ((west, south), (east, north))


def zoom_range(bounds: tuple[Any, Any]) -> tuple[int, int]:
    """``(min_zoom, max_zoom)`` for a view: out to the whole area, in to street-ish detail."""
    (west, south), (east, north) = bounds
    span = max(east - west, (north - south) * 1.5, 1e-6)
    fit = math.log2(360.0 / span)
    return max(1, min(3, math.floor(fit) - 1)), max(8, min(14, math.ceil(fit) + 5))


def header(target: Path, start: str, entries: Sequence[Any], placeholder: str) -> str:
    """The opening comment: how it was made, how to build it, where the data went."""
    made = f"frontline new {target.stem}" + ("" if start == "blank" else f" --from {start}")
    made += "".join(f" --data {e.source.name}" for e in dict.fromkeys(entries_sources(entries)))
    lines = [
        f"# {target.name}: a map recipe, written by `{made}`.",
        f"# Build it:   frontline build {target.name} --offline   (HTML in build/maps/;",
        "#             add --format html,png,svg for the static images)",
        "# Reference:  docs/recipes.md lists every section and key, with defaults and examples.",
    ]
    for entry in entries:
        given = entry.source.as_posix()
        if entry.copies:
            lines.append(f"# Data:       {given} was copied to {entry.path}")
        else:
            lines.append(f"# Data:       {entry.path} is used where it is (next to this recipe)")
    if entries:
        lines.append(
            f'# Before you publish: replace each "{placeholder}" credit with who made the data '
            "and its licence."
        )
    return "\n".join(_clean(line) for line in dict.fromkeys(lines)) + "\n\n"


def entries_sources(entries: Sequence[Any]) -> list[Any]:
    """The entries, one per data file (a multi-layer file gives several entries)."""
    seen: dict[Path, Any] = {}
    for entry in entries:
        seen.setdefault(entry.source, entry)
    return list(seen.values())


def _section(heading: str) -> str:
    return comment(_TABLE_TEXT.get(heading, "")) + "\n" + heading + "\n"


def blank_sections(stem: str, entries: Sequence[Any]) -> str:
    """``[text]``, ``[view]`` and ``[basemap]`` for a blank map (fitted to the data)."""
    title = stem.replace("-", " ").replace("_", " ").strip().capitalize() or "My map"
    bounds = view_bounds([e.bounds for e in entries]) if entries else _UKRAINE
    min_zoom, max_zoom = zoom_range(bounds)
    what = "your data" if entries else "Ukraine's front line on 13 November 2024"
    out = [
        _section("[text]"),
        _note(f"title = {toml_string(title)}", "your headline") + "\n",
        'dek = "One sentence: what the map shows, and as of when."\n',
        'byline = ""\n',
        _note('# as_of = "2024-11-13"', "the date the map describes") + "\n",
        'notes = ["Positions are approximate."]\n',
        f"alt = {toml_string(f'Map of {what}. Describe it for readers who cannot see it.')}\n",
        "\n",
        _section("[view]"),
        "# Fitted to the data; or give center = [lon, lat] and zoom instead of bounds.\n",
        f"bounds = [[{bounds[0][0]}, {bounds[0][1]}], [{bounds[1][0]}, {bounds[1][1]}]]\n",
        f"min_zoom = {min_zoom}\n",
        f"max_zoom = {max_zoom}\n",
        "\n",
        _section("[basemap]"),
        _note('provider = "vector"', "our own countries layer: no network, no tiles") + "\n",
        _note('# provider = "CartoDB.Positron"', "or a keyless tile provider (network)") + "\n",
        "\n",
    ]
    if not entries:
        out += [
            _section("[[layers]]"),
            "# A bundled layer (frontline layers lists them); replace it with your own file:\n",
            '#   path = "data/my.geojson" and credit = "..." instead of id.\n',
            'id = "front-line-2024-11-13"\n',
            'label = "Front line"\n',
            'tooltip = ["name", "as_of"]\n',
            "\n",
        ]
    return "".join(out)


_HEADER = re.compile(r"^\[\[?([a-z_.]+)\]\]?\s*(#.*)?$")


def annotated(text: str) -> str:
    """A bundled recipe with its opening comment dropped and a comment atop each section."""
    lines = text.splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    out: list[str] = []
    seen: set[str] = set()
    for line in lines:
        match = _HEADER.match(line.strip())
        heading = line.strip().split("#", 1)[0].strip() if match else ""
        if heading in _TABLE_TEXT and heading not in seen:
            seen.add(heading)
            out.append(comment(_TABLE_TEXT[heading]))
        out.append(line)
    return "\n".join(out).rstrip("\n") + "\n\n"


def _style(geometry: str, colour: str) -> str:
    if geometry == "point":
        return f'{{ fill = "{colour}", stroke = "#ffffff", weight = 1, radius = 5 }}'
    if geometry == "line":
        return f'{{ stroke = "{colour}", weight = 2.5 }}'
    if geometry == "polygon":
        return f'{{ fill = "{colour}", fill_opacity = 0.35, stroke = "{colour}", weight = 1 }}'
    return (
        f'{{ fill = "{colour}", fill_opacity = 0.35, stroke = "{colour}", weight = 2, radius = 5 }}'
    )


def _tooltip_fields(fields: Sequence[str]) -> list[str]:
    named = [f for f in _NAME_FIELDS if f in fields][:1]
    return (named + [f for f in fields if f not in named])[:4]


def layer_block(entry: Any, index: int, credit: str) -> str:
    """The ``[[layers]]`` entry of one data layer, with a comment on each choice."""
    colour = PALETTE[index % len(PALETTE)]
    kind = {"point": "points", "line": "lines", "polygon": "polygons"}.get(
        entry.geometry, "features"
    )
    count = f"{entry.features} {kind if entry.features != 1 else kind.rstrip('s')}"
    label = entry.name.replace("-", " ").replace("_", " ").capitalize()
    lines = [comment(_TABLE_TEXT["[[layers]]"])] if index == 0 else []
    lines += [
        "[[layers]]",
        comment(f"Your data: {entry.path}, {count}. Fields: {', '.join(entry.fields) or 'none'}."),
        f"path = {toml_string(entry.path)}",
    ]
    if entry.layer is not None:
        lines.append(_note(f"layer = {toml_string(entry.layer)}", "the layer inside the file"))
    lines += [
        _note(f'name = "{entry.name}"', "what [[labels]] and [[figures]] call it"),
        _note(f"credit = {toml_string(credit)}", "printed in the map's credits"),
        _note('# as_of = "2024-11-13"', "the date your data describes"),
        _note('# license = "CC BY 4.0"', "and its licence"),
        _note(f"label = {toml_string(label)}", "the legend text"),
    ]
    fields = _tooltip_fields(entry.fields)
    if fields:
        shown = ", ".join(toml_string(f) for f in fields)
        lines.append(_note(f"tooltip = [{shown}]", "shown as text on hover; true = all"))
    lines.append(f"style = {_style(entry.geometry, colour)}")
    if entry.geometry == "mixed":
        lines.append(_note('# geometry = "point"', "keep only points, lines or polygons"))
    if entry.category:
        by = f"# style = {{ by = {toml_string(entry.category)} }}"
        lines.append(_note(by, "a colour and legend entry per value"))
    return "\n".join(lines) + "\n\n"


def _note(line: str, note: str) -> str:
    """``line`` with an aligned ``# note`` after it."""
    return f"{line:<40} # {note}"


def figure_block(entry: Any, first: bool = False) -> str:
    """A ``[[figures]]`` entry measuring the data layer (when the schema knows the measure)."""
    measure = _MEASURE[entry.geometry]
    if measure not in keys.MEASURES:
        return ""
    label = entry.name.replace("-", " ").replace("_", " ").capitalize()
    fig_id = re.sub(r"[^a-z0-9]+", "_", entry.name.lower()).strip("_") + f"_{measure}"
    return (
        "\n".join(
            [
                *([comment(_TABLE_TEXT["[[figures]]"])] if first else []),
                "[[figures]]",
                comment(
                    "Measured when the map is built, never typed in: "
                    + ("the number of features." if measure == "count" else f"geodesic {measure}.")
                ),
                f'id = "{fig_id}"',
                f"label = {toml_string(label)}",
                f'measure = "{measure}"',
                f'layer = "{entry.name}"',
            ]
        )
        + "\n\n"
    )
