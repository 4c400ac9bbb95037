"""Prepare step 6, labels and callouts: permanent text placed on the map.

A ``[[labels]]`` entry is either one fixed text at a point, or one label per feature of a
layer (its ``field``, optionally only the ``names`` listed). A ``[[callouts]]`` entry is a
boxed note with a leader line to a point or a named feature. Every string stays text.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

from geo.errors import RecipeError
from geo.recipe import LabelSpec
from geo.render.prepare.context import PrepareContext
from geo.render.wording import as_text, is_missing

__all__ = ["WATER_LAYERS", "callouts", "label_kind", "place_labels", "water_labels"]

#: Basemap layers whose named features are water (their labels are styled as water).
WATER_LAYERS = ("rivers", "water")
#: A river is labelled when at least this share of the view's width runs inside the view.
MIN_RIVER_SHARE = 0.12


def label_kind(text: str, water_names: set[str]) -> str:
    """How a fixed label is styled: ``"water"``, ``"country"`` or ``"place"``.

    A label naming a river or lake the basemap draws is water (italic, blue); one written
    in capitals (``RUSSIA``) is a country name; anything else is a place or area name.

    Examples
    --------
    >>> label_kind("Dnipro", {"dnipro"}), label_kind("RUSSIA", set()), label_kind("Crimea", set())
    ('water', 'country', 'place')
    """
    if text.casefold() in water_names:
        return "water"
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return "country"
    return "place"


def _water_frames(ctx: PrepareContext) -> list[Any]:
    """The water layers the basemap has read (and so draws)."""
    return [ctx.layer(lid, "basemap")[1] for lid in WATER_LAYERS if lid in ctx.read]


def _water_names(ctx: PrepareContext) -> set[str]:
    names: set[str] = set()
    for gdf in _water_frames(ctx):
        if "name" in gdf.columns:
            names |= {str(n).casefold() for n in gdf["name"] if isinstance(n, str)}
    return names


def water_labels(ctx: PrepareContext, taken: set[str]) -> list[dict[str, Any]]:
    """One water label per named river or lake of the basemap that the view shows well.

    A river's label sits beside the middle of its longest stretch inside the view (above
    an east-west stretch, right of a north-south one); a lake's at a point inside it.
    Names in ``taken`` (casefolded: the recipe's own labels) are skipped.
    """
    (w, s), (e, n) = ctx.bounds
    out = []
    for gdf in _water_frames(ctx):
        if "name" not in gdf.columns:
            continue
        for name, geom in zip(gdf["name"], gdf.geometry, strict=True):
            if not isinstance(name, str) or name.casefold() in taken or geom is None:
                continue
            cut = shapely.clip_by_rect(geom, w, s, e, n)
            if cut.is_empty:
                continue
            label = _river_label(cut, e - w) if geom.geom_type.endswith("LineString") else None
            if label is None and geom.geom_type.endswith("Polygon"):
                part = max(shapely.get_parts(cut), key=lambda g: g.area)
                if part.area < 0.002 * (e - w) * (n - s):
                    continue
                pt = part.representative_point()
                label = (pt.x, pt.y, "center")
            if label is None:
                continue
            out.append(
                {
                    "text": name,
                    "lon": round(label[0], 5),
                    "lat": round(label[1], 5),
                    "position": label[2],
                    "kind": "water",
                    "dot": False,
                }
            )
            taken.add(name.casefold())
    return out


def _river_label(cut: Any, view_width: float) -> tuple[float, float, str] | None:
    parts = [g for g in shapely.get_parts(shapely.line_merge(cut)) if g.geom_type == "LineString"]
    if not parts:
        return None
    longest = max(parts, key=lambda g: g.length)
    if longest.length < MIN_RIVER_SHARE * view_width:
        return None
    mid = longest.interpolate(0.5, normalized=True)
    a = longest.interpolate(0.35, normalized=True)
    b = longest.interpolate(0.65, normalized=True)
    dx = (b.x - a.x) * np.cos(np.radians(mid.y))
    return (mid.x, mid.y, "top" if abs(dx) > abs(b.y - a.y) else "right")


def place_labels(ctx: PrepareContext) -> list[dict[str, Any]]:
    """Labels of the recipe's ``[[labels]]``, in recipe order.

    Each label is ``{"text", "lon", "lat", "position", "kind", "dot"}``; ``dot`` is true for
    a feature that is a point (a town), which renderers mark. ``kind`` is ``"place"``,
    ``"country"`` or ``"water"`` (:func:`label_kind`); the basemap's named rivers and lakes
    that the recipe does not label follow, as water (:func:`water_labels`).

    Raises
    ------
    RecipeError
        An unknown layer or ``field``, or a name in ``names`` that no feature has.
    """
    labels: list[dict[str, Any]] = []
    water = _water_names(ctx)
    for i, lab in enumerate(ctx.recipe.labels):
        if lab.layer is None:
            assert lab.at is not None and lab.text is not None
            labels.append(
                {
                    "text": lab.text,
                    "lon": lab.at[0],
                    "lat": lab.at[1],
                    "position": lab.position,
                    "kind": label_kind(lab.text, water),
                    "dot": False,
                }
            )
        else:
            labels += _layer_labels(ctx, f"labels[{i}]", lab)
    taken = {str(lab["text"]).casefold() for lab in labels}
    return labels + water_labels(ctx, taken)


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
