"""Small multiples: one PNG grid of N dated maps with their areas, as graphics desks publish them.

The N dates are spread evenly over the snapshots of an animation recipe
(:func:`geo.timeline.animate.animation_recipe`), the first and the last always among them.
Every panel shows the same view at the same scale: the vector basemap, the occupied area on
that date, the date, and its geodesic area (measured on the full-detail snapshot) with the
change since the first panel. A title row on top, the credit line at the bottom. Drawn
with the static renderer's own pieces (:mod:`geo.render.static.draw`), in Web Mercator.

This module is imported by the ``timeline`` command only (see :mod:`geo.timeline.animate`).

Examples
--------
>>> pick_evenly(10, 4)
[0, 3, 6, 9]
>>> grid_shape(6), grid_shape(4), grid_shape(9)
((2, 3), (1, 4), (3, 3))
"""

from __future__ import annotations

import io
import math
import os
import textwrap
from pathlib import Path
from typing import Any

from geo.errors import RecipeError, UsageError
from geo.files import write_atomic
from geo.recipe import Recipe
from geo.render.model import MapModel
from geo.render.static import credit_text
from geo.render.static.draw import draw_layer
from geo.render.static.page import fit_extent
from geo.timeline.animate import base_model, frame_model, stamp_text
from geo.units import fmt_number

__all__ = ["MAX_PANELS", "grid_shape", "pick_evenly", "small_multiples"]

#: Most panels a grid holds.
MAX_PANELS = 24
_PANEL_W, _PANEL_H = 360, 250  # CSS px per panel
_DPI = 100


def pick_evenly(n_items: int, n: int) -> list[int]:
    """``n`` indices spread evenly over ``range(n_items)``, first and last included."""
    if n >= n_items:
        return list(range(n_items))
    if n == 1:
        return [n_items - 1]
    return sorted({round(i * (n_items - 1) / (n - 1)) for i in range(n)})


def grid_shape(n: int) -> tuple[int, int]:
    """(rows, columns) for ``n`` panels: at most 4 across, as square as that allows."""
    cols = min(n, 4) if n <= 4 else math.ceil(math.sqrt(n))
    cols = min(cols, 4)
    return math.ceil(n / cols), cols


def _panel(ax: Any, model: MapModel, extent: tuple[float, float, float, float]) -> None:
    from matplotlib.patches import Rectangle

    ax.set_axis_off()
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, facecolor="#dbe6ee", zorder=0))
    for i, lyr in enumerate(model.drawn_layers()):
        if lyr.kind != "point":
            draw_layer(ax, lyr, zorder=1 + i)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])


def _caption(frame: dict[str, Any], first: dict[str, Any]) -> str:
    km2 = frame["area_km2"]
    delta = km2 - first["area_km2"]
    sign = "+" if delta > 0 else "\u2212" if delta < 0 else "\u00b1"
    text = f"{fmt_number(round(km2))} km²"
    if frame["date"] != first["date"]:
        text += f" ({sign}{fmt_number(round(abs(delta)))})"
    return text


def _draw_panels(
    fig: Any,
    shown: list[MapModel],
    frames: list[dict[str, Any]],
    extent: tuple[float, float, float, float],
    size: tuple[int, int],
) -> None:
    """Draw every panel with its date and area, row by row."""
    w, h = size
    cols = grid_shape(len(shown))[1]
    rows = grid_shape(len(shown))[0]
    foot = 40
    for k, (model, frame) in enumerate(zip(shown, frames, strict=True)):
        r, c = divmod(k, cols)
        left = (c * _PANEL_W + 6) / w
        bottom = (foot + (rows - 1 - r) * _PANEL_H + 6) / h
        ax = fig.add_axes((left, bottom, (_PANEL_W - 12) / w, (_PANEL_H - 40) / h))
        _panel(ax, model, extent)
        top = bottom + (_PANEL_H - 40) / h
        fig.text(
            left,
            top + 16 / h,
            stamp_text(frame["date"]),
            fontsize=10.5,
            fontweight="bold",
            va="bottom",
            family="DejaVu Sans",
        )
        fig.text(
            left,
            top + 3 / h,
            _caption(frame, frames[0]),
            fontsize=9,
            color="#5e3c99",
            va="bottom",
            family="DejaVu Sans",
        )


def _footer(fig: Any, newest: MapModel, w: int, h: int) -> None:
    """The credit line (at most two lines) under the grid."""
    lines = textwrap.wrap(credit_text(newest), width=int((w - 24) / 5.6))
    if len(lines) > 2:
        lines = [lines[0], lines[1][: max(len(lines[1]) - 1, 0)] + "\u2026"]
    fig.text(
        12 / w,
        8 / h,
        "\n".join(lines),
        fontsize=7.5,
        color="#555555",
        va="bottom",
        family="DejaVu Sans",
        linespacing=1.3,
    )


def small_multiples(recipe: Recipe, out: str | os.PathLike[str], n: int = 6) -> Path:
    """Write one PNG grid of ``n`` dated maps with their areas.

    Parameters
    ----------
    recipe : Recipe
        An animation recipe (:func:`geo.timeline.animate.animation_recipe`).
    out : str or os.PathLike
        A ``.png`` file, written atomically.
    n : int, default 6
        Panels (2 to :data:`MAX_PANELS`); fewer when there are fewer snapshots.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    UsageError
        ``out`` is not a .png, or ``n`` out of range.
    """
    from matplotlib.figure import Figure

    target = Path(out)
    if target.suffix.lower() != ".png":
        raise UsageError(f"--small-multiples {target}: expected a .png file")
    if not 2 <= n <= MAX_PANELS:
        raise UsageError(f"--panels {n}: use 2 to {MAX_PANELS}")
    base, paths = base_model(recipe)
    models = [frame_model(base, recipe, paths[i]) for i in pick_evenly(len(paths), n)]
    shown = [m for m in models if m is not None and m.timeline is not None]
    if not shown:
        raise RecipeError("no readable snapshot to draw")
    frames = [m.timeline.frames[-1] for m in shown if m.timeline is not None]
    rows, cols = grid_shape(len(shown))
    head, foot = 60, 40
    w, h = cols * _PANEL_W, rows * _PANEL_H + head + foot
    fig = Figure(figsize=(w / _DPI, h / _DPI), dpi=_DPI * 2)
    fig.text(
        12 / w,
        1 - 12 / h,
        recipe.text.title,
        ha="left",
        va="top",
        fontsize=15,
        fontweight="bold",
        family="DejaVu Sans",
    )
    span = f"{stamp_text(frames[0]['date'])} to {stamp_text(frames[-1]['date'])}"
    label = recipe.timeline.label if recipe.timeline else "Occupied area"
    fig.text(
        12 / w,
        1 - 36 / h,
        f"{label}, {span}; areas geodesic (WGS84)",
        ha="left",
        va="top",
        fontsize=9.5,
        color="#444444",
        family="DejaVu Sans",
    )
    _draw_panels(fig, shown, frames, fit_extent(base.bounds, _PANEL_W / (_PANEL_H - 34)), (w, h))
    _footer(fig, shown[-1], w, h)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": "frontline"})
    return write_atomic(target, buf.getvalue())
