"""The recipe reference: what each section and key means, rendered as ``docs/recipes.md``.

The keys themselves come from the schema (:mod:`geo.recipe.keys`, and
:data:`geo.styles.STYLE_KEYS` for a ``style`` table), so a key the parser learns appears in
the reference the next time it is generated; this module adds what the schema cannot say:
each key's type, default, meaning and an example line of TOML (:data:`KEYS`, keyed by
``"table.key"``), and a paragraph per table (:data:`TABLES`). The tests fail when a key the
parser accepts has no entry here, when an entry names a key the parser does not accept, and
when the committed ``docs/recipes.md`` differs from :func:`render_markdown`
(``python scripts/recipe_reference.py`` rewrites it).

Examples
--------
>>> KEYS["text.title"].default
'required'
>>> [t.path for t in TABLES][:3]
['text', 'view', 'basemap']
>>> "view.zoom" in schema_keys()
True
>>> "| `title` | string | required |" in render_markdown()
True
"""

from __future__ import annotations

from dataclasses import dataclass

from geo import styles
from geo.recipe import keys
from geo.recipe.key_docs import KEYS, Key

__all__ = ["KEYS", "TABLES", "Key", "Table", "render_markdown", "schema_keys"]


@dataclass(frozen=True)
class Table:
    """One table of a recipe: its reference path, heading, schema tuple and meaning.

    Attributes
    ----------
    path : str
        The prefix of its entries in :data:`KEYS` (``"layers"``, ``"style"``).
    heading : str
        How it is written in TOML (``"[[layers]]"``).
    schema : str
        The tuple of keys it accepts: ``"keys.NAME"`` or ``"styles.NAME"``.
    text : str
        What it is for (Markdown).
    """

    path: str
    heading: str
    schema: str
    text: str

    def accepted(self) -> tuple[str, ...]:
        """The keys the parser accepts in this table, read from the schema now."""
        module, name = self.schema.split(".")
        return tuple(getattr(keys if module == "keys" else styles, name))


#: Every table a recipe may hold, in the order the reference lists them.
TABLES: tuple[Table, ...] = (
    Table(
        "text",
        "[text]",
        "keys.TEXT",
        "Words on the map (required). Every string reaches the page, the PNG and the SVG as text, "
        "never as HTML.",
    ),
    Table(
        "view",
        "[view]",
        "keys.VIEW",
        "The first view (required): `bounds`, or `center` and `zoom`; and how far readers may "
        "zoom.",
    ),
    Table(
        "basemap",
        "[basemap]",
        "keys.BASEMAP",
        "What is under the data: our own vector countries (offline, the default) or a keyless "
        "tile provider.",
    ),
    Table(
        "layers",
        "[[layers]]",
        "keys.LAYER",
        "One entry per layer drawn, bottom first: a catalog layer (`id`, see `frontline layers`) "
        "or your own file (`path`). A map needs at least one, unless it has a `[timeline]` or "
        "`[changes]`.",
    ),
    Table(
        "style",
        "style = { ... }",
        "styles.STYLE_KEYS",
        "How a layer is drawn; used by `[[layers]]`, `[timeline]` and the two sides of "
        "`[changes]`. Unset values come from the catalog's style for catalog layers. Colours are "
        "`#rgb` or `#rrggbb`.",
    ),
    Table(
        "layers.style",
        "style = { by = ... }",
        "keys.STYLE_BY",
        "In `[[layers]]` only, besides the drawing keys of `style`: style each feature by one "
        "of its properties, with a legend entry per value or class. Give `values` (categories) "
        "or `scheme` (numbers), not both.",
    ),
    Table(
        "tooltip",
        "tooltip = { ... }",
        "keys.TOOLTIP",
        "The table form of `tooltip` and `popup` in `[[layers]]`. Values are shown as text, "
        "never HTML.",
    ),
    Table(
        "labels",
        "[[labels]]",
        "keys.LABEL",
        "Permanent text labels: a fixed `text` at a point, or one label per feature of a layer.",
    ),
    Table(
        "callouts",
        "[[callouts]]",
        "keys.CALLOUT",
        "A text with a leader line to the point it is about.",
    ),
    Table(
        "figures",
        "[[figures]]",
        "keys.FIGURE",
        "Figures measured when the map is built, never typed in: geodesic (WGS84) lengths, areas "
        "and distances, printed on the map and in the figures JSON.",
    ),
    Table("inset", "[inset]", "keys.INSET", "The locator inset: where on the globe the map is."),
    Table("static", "[static]", "keys.STATIC", "The size of the PNG and SVG (`--format png,svg`)."),
    Table("page", "[page]", "keys.PAGE", "The interactive page: light or dark, and its language."),
    Table("publish", "[publish]", "keys.PUBLISH", "Where the page is published (for embeds)."),
    Table(
        "timeline",
        "[timeline]",
        "keys.TIMELINE",
        "A time slider over your own dated occupied-area snapshots (a folder or glob of files).",
    ),
    Table(
        "changes",
        "[changes]",
        "keys.CHANGES",
        "The territory gained and lost between two of your own snapshots, with geodesic areas.",
    ),
    Table(
        "changes.side",
        "[changes.gained] / [changes.lost]",
        "keys.CHANGE_SIDE",
        "How each side of a `[changes]` map is drawn.",
    ),
)

#: Choices a type may name as ``{name}``, read from the schema when rendered.
_CHOICES = {
    "measures": "MEASURES",
    "positions": "POSITIONS",
    "geometries": "GEOMETRIES",
    "schemes": "SCHEMES",
    "ramps": "RAMPS",
}


def schema_keys() -> list[str]:
    """Every ``"table.key"`` the parser accepts now, in reference order.

    Returns
    -------
    list of str
        For each of :data:`TABLES`, its path and each key of its schema tuple.
    """
    return [f"{table.path}.{key}" for table in TABLES for key in table.accepted()]


def _choices() -> dict[str, str]:
    found = {name: getattr(keys, attr, ()) for name, attr in _CHOICES.items()}
    found["hatches"] = styles.HATCHES
    return {name: ", ".join(f"`{v}`" for v in values) for name, values in found.items()}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _table_doc(table: Table, choices: dict[str, str]) -> list[str]:
    """The Markdown of one table: heading, meaning, key table and a TOML example."""
    lines = [f"## `{table.heading}`", "", table.text, ""]
    lines += ["| key | type | default | meaning |", "|---|---|---|---|"]
    examples = []
    for name in table.accepted():
        entry = KEYS.get(f"{table.path}.{name}")
        if entry is None:  # the tests fail on this; the page still says so
            entry = Key("?", "?", "**not documented yet**", f"# {name} = ...")
        kind = entry.type.format(**choices)
        lines.append(f"| `{name}` | {_cell(kind)} | {_cell(entry.default)} | {_cell(entry.text)} |")
        examples.append(entry.example)
    if table.path in ("style", "layers.style", "tooltip"):
        name = table.path.rsplit(".", 1)[-1]
        inline = f"{name} = {{ " + ", ".join(examples) + " }"
        body = ["[[layers]]", 'path = "data/bridges.geojson"', 'credit = "Our reporting"', inline]
    elif table.path == "changes.side":
        body = ["[changes.gained]", *examples]
    else:
        body = [table.heading, *examples]
    intro = "Every key with an example value (a sketch, not one entry to copy whole):"
    return [*lines, "", intro, "", "```toml", *body, "```", ""]


def render_markdown() -> str:
    """The whole reference page (``docs/recipes.md``) from the schema and :data:`KEYS`.

    Returns
    -------
    str
        Markdown, ending with a newline. Deterministic: the same schema gives the same text.
    """
    choices = _choices()
    contents = [f"- [`{t.heading}`](#{_anchor(t.heading)})" for t in TABLES]
    head = [
        "# Recipe reference",
        "",
        "<!-- Generated by scripts/recipe_reference.py from geo/recipe/keys.py and",
        "     geo/recipe/reference.py. Do not edit by hand: run",
        "     .venv/bin/python scripts/recipe_reference.py -->",
        "",
        "A recipe is a TOML file that describes one map: `frontline build RECIPE.toml` turns",
        "it into a self-contained HTML page (and PNG/SVG with `--format html,png,svg`).",
        "`frontline new NAME --data FILE` writes a commented recipe to start from; the",
        "worked example in [`examples/README.md`](../examples/README.md) goes from a data",
        "file to a finished map in ten minutes.",
        "",
        "A recipe needs `[text]`, `[view]` and at least one `[[layers]]` entry (or a",
        "`[timeline]` or `[changes]`). Paths are relative to the recipe file. A typo fails",
        "at once with one line naming the file, the key and the closest known key.",
        "Everything a recipe or a data file says reaches the map as text, never as HTML.",
        "",
        "Sections a recipe may hold: "
        + ", ".join(f"`{s}`" for s in keys.SECTIONS)
        + ". Defaults are in the third column; `required` keys have none.",
        "",
        *contents,
        "",
    ]
    body = [line for table in TABLES for line in _table_doc(table, choices)]
    return "\n".join(head + body).rstrip("\n") + "\n"


def _anchor(heading: str) -> str:
    """The GitHub anchor of a ``## `heading` `` line."""
    kept = "".join(c for c in heading.lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")
