"""``{figure:NAME}`` placeholders: a recipe's text quoting the figures it measures.

A title, dek, byline, note, alt text, legend label, ``[[labels]]`` text or callout may hold
``{figure:NAME}``; when the map is built it becomes the formatted value of the recipe's
figure ``NAME`` (``"1,043 km (648 mi)"``, ``"37"``), so a sentence never disagrees with the
number measured. The result is text like every other string (set with ``textContent``,
never parsed as HTML). An unknown NAME is a one-line error when the recipe is read, naming
the close figure ids. Nothing else in braces is touched.

Examples
--------
>>> names_in("{figure:strikes} strikes, {figure:casualties} casualties")
['strikes', 'casualties']
>>> fill("{figure:strikes} strikes", {"strikes": "37"})
'37 strikes'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace

from geo.errors import RecipeError
from geo.recipe.model import Recipe
from geo.suggest import did_you_mean

__all__ = ["PLACEHOLDER", "check", "fill", "fill_recipe", "names_in", "texts"]

#: ``{figure:NAME}``.
PLACEHOLDER = re.compile(r"\{figure:([^{}]*)\}")
#: The ids a ``[changes]`` section measures (see :func:`geo.render.prepare.change_figures`).
_CHANGE_IDS = ("changes_gained", "changes_lost", "changes_net")


def names_in(text: str) -> list[str]:
    """The figure names a text quotes, in order."""
    return [m.group(1) for m in PLACEHOLDER.finditer(text)]


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each ``{figure:NAME}`` replaced by ``values[NAME]``."""
    if "{figure:" not in text:
        return text
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def texts(recipe: Recipe) -> Iterator[tuple[str, str]]:
    """Every ``(key, text)`` of the recipe that may hold placeholders."""
    t = recipe.text
    for name in ("title", "dek", "byline", "alt"):
        yield f"text.{name}", getattr(t, name)
    for i, note in enumerate(t.notes):
        yield f"text.notes[{i}]", note
    for i, spec in enumerate(recipe.layers):
        if spec.label:
            yield f"layers[{i}].label", spec.label
    for i, label in enumerate(recipe.labels):
        if label.text:
            yield f"labels[{i}].text", label.text
    for i, callout in enumerate(recipe.callouts):
        yield f"callouts[{i}].text", callout.text


def figure_ids(recipe: Recipe) -> list[str]:
    """The names a placeholder may quote: the ``[[figures]]`` ids (and ``[changes]``')."""
    ids = [f.id for f in recipe.figures]
    return ids + list(_CHANGE_IDS) if recipe.changes is not None else ids


def check(recipe: Recipe) -> Recipe:
    """Return ``recipe`` if every placeholder names one of its figures.

    Raises
    ------
    RecipeError
        ``{figure:NAME}`` with a NAME the recipe does not measure (close ids named).
    """
    ids = figure_ids(recipe)
    for key, text in texts(recipe):
        for name in names_in(text):
            if name not in ids:
                hint = did_you_mean(name, ids) or (
                    f"the figures are {', '.join(ids)}" if ids else "the recipe has no [[figures]]"
                )
                raise RecipeError(
                    f"{{figure:{name}}} names no figure; {hint}", path=recipe.path, key=key
                )
    return recipe


def fill_recipe(recipe: Recipe, values: Mapping[str, str]) -> Recipe:
    """The recipe with every placeholder filled from ``values`` (figure id → text)."""
    t = recipe.text
    text = replace(
        t,
        title=fill(t.title, values),
        dek=fill(t.dek, values),
        byline=fill(t.byline, values),
        alt=fill(t.alt, values),
        notes=tuple(fill(n, values) for n in t.notes),
    )
    layers = tuple(replace(s, label=fill(s.label, values)) if s.label else s for s in recipe.layers)
    labels = tuple(
        replace(lab, text=fill(lab.text, values)) if lab.text else lab for lab in recipe.labels
    )
    callouts = tuple(replace(c, text=fill(c.text, values)) for c in recipe.callouts)
    return replace(recipe, text=text, layers=layers, labels=labels, callouts=callouts)
