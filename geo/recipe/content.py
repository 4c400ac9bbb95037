"""Parse what a recipe draws: ``[[layers]]``, ``[[labels]]``, ``[[callouts]]``, ``[[figures]]``.

A ``[[layers]]`` entry is parsed by :mod:`geo.recipe.layer_spec`.

Examples
--------
>>> from geo.recipe.coerce import Context
>>> [spec.key for spec in layers(Context(None), [{"id": "tumen", "where": {"kind": "border"}}])]
['tumen-border']
"""

from __future__ import annotations

from typing import Any

from geo import styles
from geo.recipe import coerce, keys
from geo.recipe.coerce import Context
from geo.recipe.layer_spec import layers
from geo.recipe.model import Callout, FigureSpec, LabelSpec

__all__ = ["callouts", "figures", "labels", "layers"]


def _label(ctx: Context, key: str, t: dict[str, Any], position: str) -> LabelSpec:
    """One label: per feature of a layer, or a fixed text at a point."""
    if "layer" in t:
        if "text" in t or "at" in t:
            raise ctx.fail(key, "give either layer (+ field, names) or text + at")
        names = t.get("names")
        if names is not None:
            names = tuple(
                coerce.string(ctx, f"{key}.names[{i}]", n)
                for i, n in enumerate(coerce.array(ctx, f"{key}.names", names))
            )
        return LabelSpec(
            layer=coerce.layer_id(ctx, f"{key}.layer", t["layer"]),
            field=coerce.string(ctx, f"{key}.field", t.get("field", "name"), empty=False),
            names=names,
            position=position,
        )
    if "text" not in t or "at" not in t:
        raise ctx.fail(key, "a label needs text and at = [lon, lat] (or a layer)")
    return LabelSpec(
        text=coerce.string(ctx, f"{key}.text", t["text"], empty=False),
        at=coerce.lonlat(ctx, f"{key}.at", t["at"]),
        position=position,
    )


def labels(ctx: Context, value: Any) -> tuple[LabelSpec, ...]:
    """Parse ``[[labels]]``: permanent text labels."""
    out = []
    for key, item in coerce.entries(ctx, "labels", value):
        t = coerce.table(ctx, key, item, keys.LABEL)
        position = coerce.choice(ctx, f"{key}.position", t.get("position", "right"), keys.POSITIONS)
        out.append(_label(ctx, key, t, position))
    return tuple(out)


def callouts(ctx: Context, value: Any) -> tuple[Callout, ...]:
    """Parse ``[[callouts]]``: text with a leader line to a point."""
    out = []
    for key, item in coerce.entries(ctx, "callouts", value):
        t = coerce.table(ctx, key, item, keys.CALLOUT)
        for need in keys.CALLOUT:
            if need not in t:
                raise ctx.fail(f"{key}.{need}", "missing; a callout needs text, at and text_at")
        out.append(
            Callout(
                text=coerce.string(ctx, f"{key}.text", t["text"], empty=False),
                at=coerce.point_ref(ctx, f"{key}.at", t["at"]),
                text_at=coerce.lonlat(ctx, f"{key}.text_at", t["text_at"]),
            )
        )
    return tuple(out)


def _figure(ctx: Context, key: str, t: dict[str, Any]) -> FigureSpec:
    """One figure: a distance between two points, or a length or area of a layer."""
    for need in ("id", "label", "measure"):
        if need not in t:
            raise ctx.fail(f"{key}.{need}", "missing; a figure needs id, label and measure")
    measure = coerce.choice(ctx, f"{key}.measure", t["measure"], keys.MEASURES)
    fig_id = coerce.string(ctx, f"{key}.id", t["id"], empty=False)
    if not keys.FIGURE_ID.match(fig_id):
        raise ctx.fail(f"{key}.id", f"use lower-case letters, digits and _: {styles.show(fig_id)}")
    if measure == "distance":
        if "start" not in t or "end" not in t or "layer" in t or "field" in t:
            raise ctx.fail(key, "a distance needs start and end ([lon, lat] or 'LAYER:NAME')")
        return FigureSpec(
            id=fig_id,
            label=coerce.string(ctx, f"{key}.label", t["label"], empty=False),
            measure="distance",
            start=coerce.point_ref(ctx, f"{key}.start", t["start"]),
            end=coerce.point_ref(ctx, f"{key}.end", t["end"]),
            draw=coerce.boolean(ctx, f"{key}.draw", t.get("draw", True)),
        )
    if "layer" not in t or "start" in t or "end" in t:
        raise ctx.fail(key, f"a {measure} figure needs layer (and no start/end)")
    if (measure == "sum") != ("field" in t):
        raise ctx.fail(
            f"{key}.field",
            "missing; a sum adds up a numeric property: field = 'casualties'"
            if measure == "sum"
            else f"only for measure = 'sum', not {measure!r}",
        )
    return FigureSpec(
        id=fig_id,
        label=coerce.string(ctx, f"{key}.label", t["label"], empty=False),
        measure=measure,  # type: ignore[arg-type]  # one of keys.MEASURES
        layer=coerce.layer_id(ctx, f"{key}.layer", t["layer"]),
        field=coerce.string(ctx, f"{key}.field", t["field"], empty=False) if "field" in t else None,
        draw=coerce.boolean(ctx, f"{key}.draw", t.get("draw", True)),
        where=coerce.where(ctx, f"{key}.where", t["where"]) if "where" in t else (),
    )


def figures(ctx: Context, value: Any) -> tuple[FigureSpec, ...]:
    """Parse ``[[figures]]``: figures measured at build time (ids unique)."""
    out: list[FigureSpec] = []
    for key, item in coerce.entries(ctx, "figures", value):
        spec = _figure(ctx, key, coerce.table(ctx, key, item, keys.FIGURE))
        if any(f.id == spec.id for f in out):
            raise ctx.fail(f"{key}.id", f"{spec.id!r} is used twice")
        out.append(spec)
    return tuple(out)
