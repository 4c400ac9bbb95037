"""Callouts on the static map: boxed notes with a leader line to their point.

Callouts come last: they have leader lines, so they can slide away (along the leader,
from the recipe's position) to clear their anchor, labels, dots and furniture. A label
the final box still covers is dropped rather than overprinted.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

import numpy as np

from geo.render import simplify
from geo.render.model import MapModel
from geo.render.static.page import FONT, MapBand, Page, StaticLayout, clip, inside, overlaps
from geo.render.static.svg import tag

__all__ = ["add_callouts"]


def add_callouts(
    layout: StaticLayout, model: MapModel, page: Page, band: MapBand, dots: list[Any]
) -> None:
    """Draw every callout, slid clear of what is already placed (``dots``: town dots)."""
    ax, renderer, px, col = band.ax, page.renderer, page.px, page.colours
    for i, c in enumerate(model.callouts):
        at = simplify.to_mercator(np.array([c["at"]]))[0]
        txt = simplify.to_mercator(np.array([c["text_at"]]))[0]
        ann = ax.annotate(
            "\n".join(textwrap.wrap(clip(c["text"], 140), 28)),
            tuple(at),
            xytext=tuple(txt),
            textcoords="data",
            fontsize=7.5,
            family=FONT,
            ha="center",
            va="center",
            zorder=band.z + 2,
            parse_math=False,
            color=col.box_text,
            bbox={"boxstyle": "square,pad=0.4", "fc": col.box, "ec": col.box_edge, "lw": 0.6},
            arrowprops={
                "arrowstyle": "-",
                "color": col.box_edge,
                "lw": 0.7,
                "shrinkA": 0,
                "shrinkB": 2,
            },
        )
        tag(ann, "callouts")
        (dot,) = ax.plot(
            [at[0]],
            [at[1]],
            "o",
            color=col.box,
            markeredgecolor=col.box_edge,
            markersize=4,
            zorder=band.z + 2,
        )
        tag(dot, "callouts")
        keep_clear = [
            *(t.get_window_extent(renderer) for t in layout.labels),
            *layout.furniture.values(),
            *(d for d in dots if d is not None),
        ]
        box = _slide_callout(ann, ax, at, txt, renderer, 8 * px, keep_clear, band.box)
        for t in list(layout.labels):
            if overlaps(t.get_window_extent(renderer), box):
                t.remove()
                layout.labels.remove(t)
                layout.skipped.append(t.get_text())
        layout.furniture[f"callout-{i}"] = box


def _callout_box(ann: Any, renderer: Any) -> Any:
    """Return a callout's text box with its frame, without the leader line.

    ``Annotation.get_window_extent`` includes the leader, which reaches the anchor.
    """
    from matplotlib.text import Text

    pad = (
        ann.get_bbox_patch().get_boxstyle().pad * ann.get_fontsize() * renderer.points_to_pixels(1)
    )
    ann.update_positions(renderer)  # places the text (Text's own extent does not)
    return Text.get_window_extent(ann, renderer).padded(pad)


def _slide_callout(
    ann: Any,
    ax: Any,
    at: np.ndarray,
    txt: np.ndarray,
    renderer: Any,
    gap: float,
    keep_clear: list[Any],
    map_box: Any,
) -> Any:
    """Slide a callout's box along the anchor → text direction to the first clear spot.

    The direction is downwards if anchor and text coincide; the steps are display pixels.
    A spot is clear when the box is ``gap`` px off its anchor, off every box in
    ``keep_clear`` and inside the map; without one, the first spot clear of the anchor.
    Returns the final box (padded a little).
    """
    ax_, ay_ = ax.transData.transform(tuple(at))
    tx, ty = ax.transData.transform(tuple(txt))
    vx, vy = tx - ax_, ty - ay_
    norm = math.hypot(vx, vy)
    vx, vy = (vx / norm, vy / norm) if norm > 1e-9 else (0.0, -1.0)
    inv = ax.transData.inverted()
    fallback = None
    for step in range(0, 600, 3):
        ann.set_position(tuple(inv.transform((tx + vx * step, ty + vy * step))))
        box = _callout_box(ann, renderer)
        near = box.padded(gap)
        if near.x0 <= ax_ <= near.x1 and near.y0 <= ay_ <= near.y1:
            continue
        if fallback is None:
            fallback = step
        padded = box.padded(gap / 2)
        if inside(box, map_box) and not any(overlaps(padded, o) for o in keep_clear):
            return padded
    step = fallback if fallback is not None else 0
    ann.set_position(tuple(inv.transform((tx + vx * step, ty + vy * step))))
    return _callout_box(ann, renderer).padded(gap / 2)
