"""Prepare step 6, labels and callouts: permanent text placed on the map.

A ``[[labels]]`` entry is either one fixed text at a point, or one label per feature of a
layer (its ``field``, optionally only the ``names`` listed). A ``[[callouts]]`` entry is a
boxed note with a leader line to a point or a named feature. Every string stays text.
"""

from __future__ import annotations

from typing import Any

from geo.errors import RecipeError
from geo.recipe import LabelSpec
from geo.render.prepare.context import PrepareContext
from geo.render.wording import as_text, is_missing

__all__ = ["callouts", "place_labels"]


def place_labels(ctx: PrepareContext) -> list[dict[str, Any]]:
    """Labels of the recipe's ``[[labels]]``, in recipe order.

    Each label is ``{"text", "lon", "lat", "position", "kind": "place", "dot"}``; ``dot``
    is true for a feature that is a point (a town), which renderers mark.

    Raises
    ------
    RecipeError
        An unknown layer or ``field``, or a name in ``names`` that no feature has.
    """
    labels: list[dict[str, Any]] = []
    for i, lab in enumerate(ctx.recipe.labels):
        if lab.layer is None:
            assert lab.at is not None and lab.text is not None
            labels.append(
                {
                    "text": lab.text,
                    "lon": lab.at[0],
                    "lat": lab.at[1],
                    "position": lab.position,
                    "kind": "place",
                    "dot": False,
                }
            )
        else:
            labels += _layer_labels(ctx, f"labels[{i}]", lab)
    return labels


def _layer_labels(ctx: PrepareContext, key: str, lab: LabelSpec) -> list[dict[str, Any]]:
    """One label per feature of ``lab.layer`` with a value in ``lab.field``."""
    assert lab.layer is not None
    _, gdf = ctx.layer(lab.layer, f"{key}.layer")
    if lab.field not in gdf.columns:
        raise RecipeError(
            f"layer {lab.layer!r} has no property {lab.field!r}", path=ctx.path, key=f"{key}.field"
        )
    wanted = None if lab.names is None else {n.casefold(): n for n in lab.names}
    found = set()
    out = []
    for value, geom in zip(gdf[lab.field], gdf.geometry, strict=True):
        if is_missing(value) or geom is None or geom.is_empty:
            continue
        text = as_text(value)
        if wanted is not None and text.casefold() not in wanted:
            continue
        found.add(text.casefold())
        pt = geom if geom.geom_type == "Point" else geom.representative_point()
        out.append(
            {
                "text": text,
                "lon": round(pt.x, 5),
                "lat": round(pt.y, 5),
                "position": lab.position,
                "kind": "place",
                "dot": geom.geom_type == "Point",
            }
        )
    if wanted is not None:
        missing = [n for k, n in wanted.items() if k not in found]
        if missing:
            raise RecipeError(
                f"no feature with {lab.field} = {missing[0]!r} in layer {lab.layer!r}",
                path=ctx.path,
                key=f"{key}.names",
            )
    return out


def callouts(ctx: PrepareContext) -> list[dict[str, Any]]:
    """Callouts of the recipe: ``{"text", "at": [lon, lat], "text_at": [lon, lat]}``.

    Raises
    ------
    RecipeError
        An ``at`` naming an unknown layer or feature.
    """
    out = []
    for i, c in enumerate(ctx.recipe.callouts):
        at = ctx.point(c.at, f"callouts[{i}].at")
        out.append(
            {"text": c.text, "at": [round(at[0], 5), round(at[1], 5)], "text_at": list(c.text_at)}
        )
    return out
