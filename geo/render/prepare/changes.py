"""Prepare step 4, the ``[changes]``: areas gained and lost between two snapshots.

:func:`read_changes` calls :func:`geo.timeline.changes` (geodesic areas of the two
differences); :func:`changes_of` makes ``gained`` and ``lost`` two fixed layers with legend
entries, and :func:`change_figures` gives the gained, lost and net figures. Like the
``[timeline]``, the data is the caller's own and is credited by the recipe's ``credit``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from geo import timeline
from geo.errors import RecipeError, SourceError
from geo.recipe import Recipe
from geo.render.model import MapLayer
from geo.render.prepare.context import PrepareContext
from geo.render.prepare.shapes import drawn_layer
from geo.render.prepare.style import style_dict
from geo.render.wording import area_text, short_number
from geo.units import km2_to_sq_mi

__all__ = [
    "GAINED_STYLE",
    "LOST_STYLE",
    "Changes",
    "ChangesResult",
    "change_credit",
    "change_figures",
    "change_period",
    "change_styles",
    "changes_of",
    "read_changes",
]

#: Default styles (the recipe's ``style`` keys win).
GAINED_STYLE = {"stroke": "#8b0000", "weight": 0.8, "fill": "#d7301f", "fill_opacity": 0.75}
LOST_STYLE = {"stroke": "#08519c", "weight": 0.8, "fill": "#4292c6", "fill_opacity": 0.75}


@dataclass(frozen=True)
class ChangesResult:
    """Gained and lost areas between two snapshots, as read for a map."""

    gained: Any  # shapely MultiPolygon, lon/lat
    lost: Any
    gained_km2: float
    lost_km2: float
    date_from: str | None
    date_to: str | None
    file_from: str
    file_to: str


@dataclass
class Changes:
    """What ``[changes]`` adds to a map: two layers, three figures, a credit line."""

    layers: list[MapLayer] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    credit: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


def changes_of(ctx: PrepareContext) -> Changes | None:
    """Return the gained/lost layers, figures and credit, or None without ``[changes]``."""
    spec = ctx.recipe.changes
    if spec is None:
        return None
    res = read_changes(ctx.recipe)
    out = Changes()
    for side, geom, style in zip(
        (spec.gained, spec.lost), (res.gained, res.lost), change_styles(ctx.recipe), strict=True
    ):
        change = "gained" if side is spec.gained else "lost"
        out.layers.append(
            drawn_layer(
                f"changes-{change}",
                side.label,
                np.array([geom], dtype=object),
                [{}],
                style,
                "fill",
                zoom=ctx.max_zoom,
                legend=side.legend,
                frame=ctx.frame,
            )
        )
    out.figures = change_figures(ctx.recipe, res)
    out.credit = change_credit(ctx.recipe, res)
    out.meta = {
        "title": f"{spec.gained.label} / {spec.lost.label}",
        "sources": spec.credit,
        "license": "",
        "as_of": res.date_to or "",
        "files": [res.file_from, res.file_to],
    }
    return out


def read_changes(recipe: Recipe) -> ChangesResult:
    """Gained/lost areas for the recipe's ``[changes]`` (:func:`geo.timeline.changes`).

    Raises
    ------
    RecipeError
        A missing or unreadable file (naming it and the recipe key), or ``from`` dated
        after ``to``.
    """
    spec = recipe.changes
    assert spec is not None
    a = recipe.data_path(spec.from_path)
    b = recipe.data_path(spec.to_path)
    for key, p in (("changes.from", a), ("changes.to", b)):
        if not Path(p).is_file():
            raise RecipeError(f"no such snapshot file: {p}", path=recipe.path, key=key)
    try:
        gdf = timeline.changes(a, b)
    except SourceError as exc:
        key = "changes.to" if exc.path is not None and os.fspath(exc.path) == b else "changes.from"
        raise RecipeError(str(exc), path=recipe.path, key=key) from None
    rows = {row["change"]: row for _, row in gdf.iterrows()}
    date_from = rows["gained"]["date_from"]
    date_to = rows["gained"]["date_to"]
    if date_from and date_to and date_from > date_to:
        raise RecipeError(
            f"from is dated {date_from}, after to ({date_to}); swap them",
            path=recipe.path,
            key="changes.from",
        )
    return ChangesResult(
        gained=rows["gained"]["geometry"],
        lost=rows["lost"]["geometry"],
        gained_km2=float(rows["gained"]["area_km2"]),
        lost_km2=float(rows["lost"]["area_km2"]),
        date_from=date_from,
        date_to=date_to,
        file_from=os.path.basename(a),
        file_to=os.path.basename(b),
    )


def change_styles(recipe: Recipe) -> tuple[dict[str, Any], dict[str, Any]]:
    """Styles of the gained and lost layers (recipe keys over the defaults)."""
    spec = recipe.changes
    assert spec is not None
    return style_dict(spec.gained.style, GAINED_STYLE), style_dict(spec.lost.style, LOST_STYLE)


def change_period(res: ChangesResult) -> str:
    """``"2024-07-08 to 2024-08-06"`` (file names when a date is unknown)."""
    return f"{res.date_from or res.file_from} to {res.date_to or res.file_to}"


def change_figures(recipe: Recipe, res: ChangesResult) -> list[dict[str, Any]]:
    """Gained, lost and net figures (km², geodesic) for the map and its figures JSON."""
    spec = recipe.changes
    assert spec is not None
    net = res.gained_km2 - res.lost_km2
    sign = "+" if net > 0 else "\u2212" if net < 0 else "\u00b1"
    common = {
        "measure": "area",
        "method": "geodesic-wgs84",
        "as_of": res.date_to or "",
        "from": res.date_from,
        "to": res.date_to,
        "files": [res.file_from, res.file_to],
    }
    out = []
    for fig_id, label, km2 in (
        ("changes_gained", spec.gained.label, res.gained_km2),
        ("changes_lost", spec.lost.label, res.lost_km2),
    ):
        out.append(
            {
                "id": fig_id,
                "label": label,
                "text": area_text(label, km2),
                "km2": round(km2, 3),
                "sq_mi": round(km2_to_sq_mi(km2), 3),
                **common,
            }
        )
    text = (
        f"Net change for Russia, {change_period(res)}: {sign}{short_number(abs(net))} km² "
        f"({sign}{short_number(km2_to_sq_mi(abs(net)))} sq mi), geodesic"
    )
    out.append(
        {
            "id": "changes_net",
            "label": "Net change for Russia",
            "text": text,
            "km2": round(net, 3),
            "sq_mi": round(km2_to_sq_mi(net), 3),
            **common,
        }
    )
    return out


def change_credit(recipe: Recipe, res: ChangesResult) -> str:
    """Credit line naming the two files and the recipe's ``credit``."""
    spec = recipe.changes
    assert spec is not None
    return (
        f"{spec.gained.label} / {spec.lost.label}, {change_period(res)}: {spec.credit} "
        f"(files {res.file_from}, {res.file_to}; differences computed by frontline)"
    )
