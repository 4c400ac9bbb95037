"""Place labels on the static map: greedily by importance, never overprinted.

A measured figure's label comes first, then the recipe's area names, then towns by the
catalog's place ``rank``, then the places a whole layer labels (those with a ``min_zoom``:
only the ones whose zoom the image reaches). Each goes to the first candidate position
whose box stays inside the map and clear of placed labels, other towns' dots and the
furniture; a label with no such position is skipped (and listed in ``layout.skipped``).
Towns may move round their dot in the classic cartographic order; area names only shift a
little up or down.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import shapely

from geo.errors import GeoError
from geo.render import simplify
from geo.render.model import MapModel
from geo.render.static.draw import merc
from geo.render.static.page import FONT, HALO, MapBand, StaticLayout, clip, inside, overlaps
from geo.render.static.svg import tag

__all__ = ["band_zoom", "drop_unnamed_dots", "place_labels", "place_ranks"]

#: Style and weight of a label by its kind (water italic, country names light); other
#: kinds use the rank's weight. Colours are the theme's (water blue, countries grey).
_KIND_STYLE = {
    "water": ("italic", "normal"),
    "country": ("normal", "normal"),
    "figure": ("normal", None),
}

_LABEL_GAP = 5.0  # points between a place's dot and its label
_DOT_CLEAR = 4.0  # CSS px between a label and any other town's dot
#: Label size and weight by place rank (1 = most important); authored labels use rank 0.
_RANK_STYLE = {0: (8.5, "bold"), 1: (8.5, "bold"), 2: (8.0, "bold"), 3: (7.5, "normal")}
#: Where a town's label may go, best first (the classic cartographic order).
_DOT_ORDER = (
    "right",
    "left",
    "top-right",
    "bottom-right",
    "top-left",
    "bottom-left",
    "top",
    "bottom",
)
_G, _D = _LABEL_GAP, _LABEL_GAP * 0.6
#: Offset (points) and alignment of a label at each position round its point.
_OFFSETS = {
    "right": (_G, 0, "left", "center"),
    "left": (-_G, 0, "right", "center"),
    "top": (0, _G, "center", "bottom"),
    "bottom": (0, -_G, "center", "top"),
    "center": (0, 0, "center", "center"),
    "top-right": (_D, _D, "left", "bottom"),
    "bottom-right": (_D, -_D, "left", "top"),
    "top-left": (-_D, _D, "right", "bottom"),
    "bottom-left": (-_D, -_D, "right", "top"),
}


def place_ranks(model: MapModel, entries: dict[str, Any]) -> dict[str, int]:
    """``name.casefold() → rank`` from the catalog's point layers that carry a rank."""
    if not any(lab.get("dot") and "rank" not in lab for lab in model.labels):
        return {}
    ranks: dict[str, int] = {}
    for entry in entries.values():
        if entry.geometry_type != "Point":
            continue
        try:
            gdf = entry.read()
        except (GeoError, OSError):
            continue
        if "rank" not in gdf.columns or "name" not in gdf.columns:
            continue
        for name, rank in zip(gdf["name"], gdf["rank"], strict=True):
            if isinstance(name, str) and isinstance(rank, (int, float)) and rank == rank:
                ranks.setdefault(name.casefold(), int(rank))
    return ranks


def place_labels(layout: StaticLayout, model: MapModel, band: MapBand) -> list[Any]:
    """Place the model's labels (see the module notes); draw the towns' dots.

    Returns
    -------
    list
        Each label's dot keep-clear box (None for labels without a dot), for callouts.
    """
    renderer = layout.fig.canvas.get_renderer()
    px = model.recipe.static.scale
    ranks = place_ranks(model, model.catalog)
    xy = [simplify.to_mercator(np.array([[lab["lon"], lab["lat"]]]))[0] for lab in model.labels]
    active = _at_this_zoom(model, band, xy)
    dots = _dots(layout, model, band, xy, active)

    def rank(i: int) -> tuple[int, int, int]:
        lab = model.labels[i]
        if lab.get("kind") == "figure":
            return (0, 0, i)  # a measured figure is the map's point
        if not lab.get("dot"):
            return (1, 0, i)  # authored area names (Crimea, RUSSIA)
        k = lab.get("rank", ranks.get(str(lab["text"]).casefold(), 9))
        if "min_zoom" in lab:
            return (3, int(k), i)  # places revealed by zoom: after every story label
        return (2, int(k), i)

    placed: list[Any] = []
    obstacles = list(layout.furniture.values())
    for i in sorted((i for i in range(len(model.labels)) if active[i]), key=rank):
        lab = model.labels[i]
        # Places revealed by zoom are reference, lighter than the story's towns.
        k = 3 if "min_zoom" in lab else min(rank(i)[1], 3)
        size, weight = _RANK_STYLE.get(k, _RANK_STYLE[3])
        text = None
        # Another name for the very same point (e.g. a figure's end) is not a neighbour.
        others = [
            d
            for j, d in enumerate(dots)
            if d is not None and j != i and not np.allclose(xy[j], xy[i])
        ]
        for dx, dy, ha, va, *turn in _candidates(lab):
            if text is None:
                text = _annotate(band, lab, xy[i], (dx, dy, ha, va), size, weight)
            else:
                text.set_position((dx, dy))
                text.set_ha(ha)
                text.set_va(va)
            if turn:
                text.set_rotation(turn[0])
            box = text.get_window_extent(renderer).padded(HALO / 2 * px)
            if inside(box, band.box) and not any(
                overlaps(box, o) for o in [*placed, *obstacles, *others]
            ):
                placed.append(box)
                layout.labels.append(text)
                break
        else:
            if text is not None:
                text.remove()
            layout.skipped.append(str(lab["text"]))
    return dots


def _candidates(lab: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Positions to try, best first.

    An area name or a figure belongs where the recipe put it (but may shift a little up or
    down to clear a neighbour); a town may move round its dot.
    """
    want = lab.get("position", "right")
    if want == "along":
        # A river's name on its course, just above it or just below; else level beside it.
        turn = -float(lab.get("angle", 0.0))
        t = math.radians(turn)
        nx, ny = -math.sin(t) * 4.0, math.cos(t) * 4.0
        return [
            (nx, ny, "center", "bottom", turn),
            (-nx, -ny, "center", "top", turn),
            (*_OFFSETS["right"], 0.0),
            (*_OFFSETS["top"], 0.0),
        ]
    order = [want, *_DOT_ORDER] if lab.get("dot") else [want]
    cands = [_OFFSETS.get(p, _OFFSETS["right"]) for p in dict.fromkeys(order)]
    if not lab.get("dot"):
        dx0, dy0, ha0, va0 = cands[0]
        cands += [(dx0, dy0 + 9, ha0, va0), (dx0, dy0 - 9, ha0, va0)]
    return cands


def _annotate(
    band: MapBand, lab: dict[str, Any], xy: Any, at: tuple[Any, ...], size: float, weight: str
) -> Any:
    """Return the label's text at offset ``at`` (points, alignment) from its point."""
    label_text = str(lab["text"])
    if lab.get("kind") == "figure":
        # On the line itself the value is enough; the header gives the full sentence.
        label_text = re.sub(r",[^,]*geodesic\)?$", "", label_text.split(": ", 1)[-1])
    dx, dy, ha, va = at
    c = band.colours
    kind = str(lab.get("kind"))
    style, kind_weight = _KIND_STYLE.get(kind, ("normal", None))
    color = {"water": c.water, "country": c.country, "figure": c.figure}.get(kind, c.place)
    # Along a river the text turns with it (matplotlib turns anticlockwise, CSS clockwise).
    turn = -float(lab.get("angle", 0.0)) if lab.get("position") == "along" else 0.0
    text = band.ax.annotate(
        clip(label_text, 60),
        tuple(xy),
        xytext=(dx, dy),
        textcoords="offset points",
        ha=ha,
        va=va,
        fontsize=size,
        fontweight=kind_weight or weight,
        fontstyle=style,
        family=FONT,
        color=color,
        path_effects=band.halo,
        zorder=band.z + 1,
        parse_math=False,
        annotation_clip=False,
        rotation=turn,
        rotation_mode="anchor",
    )
    return tag(text, "labels")


def band_zoom(model: MapModel, band: MapBand) -> float:
    """The Web Mercator zoom the static map is drawn at (CSS px per metre, as a page's)."""
    x0, x1 = band.extent[0], band.extent[1]
    css_px = band.box.width / model.recipe.static.scale
    return math.log2(css_px * simplify.M_PER_PX_Z0 / max(x1 - x0, 1e-9))


def _at_this_zoom(model: MapModel, band: MapBand, xy: list[Any]) -> list[bool]:
    """Which labels the static map considers.

    All but the places revealed at a closer zoom than the image's, and those of them
    outside it (which can never be placed).
    """
    zoom = band_zoom(model, band)
    x0, x1, y0, y1 = band.extent
    return [
        "min_zoom" not in lab
        or (lab["min_zoom"] <= zoom + 1e-9 and x0 <= p[0] <= x1 and y0 <= p[1] <= y1)
        for lab, p in zip(model.labels, xy, strict=True)
    ]


def _dots(
    layout: StaticLayout, model: MapModel, band: MapBand, xy: list[Any], active: list[bool]
) -> list[Any]:
    """Draw each town's dot where no layer marker sits; return the dots' keep-clear boxes.

    A label's own dot is drawn only where no layer already draws a point, so towns look
    the same labelled or not. Another town's label keeps ``_DOT_CLEAR`` px off a dot, so
    it cannot be misread.
    """
    from matplotlib.transforms import Bbox

    ax, fig = band.ax, layout.fig
    px = model.recipe.static.scale
    markers = []  # display px, marker radius px
    for lyr in model.drawn_layers():
        parts = shapely.get_parts(merc(lyr.geoms))
        pts = parts[shapely.get_type_id(parts) == 0]
        if len(pts):
            disp = ax.transData.transform(shapely.get_coordinates(pts))
            radius = float(lyr.style.get("radius", 4.0)) * 0.75 * fig.dpi / 72
            markers += [(float(a), float(b), radius) for a, b in disp]
    dots: list[Any] = []
    for lab, (x, y), on in zip(model.labels, xy, active, strict=True):
        if not lab.get("dot") or not on:
            dots.append(None)
            continue
        dx, dy = ax.transData.transform((x, y))
        near = [m for m in markers if math.hypot(m[0] - dx, m[1] - dy) <= 1.5 * px]
        r = max((m[2] for m in near), default=1.75 * fig.dpi / 72)
        if not near:
            (dot,) = ax.plot(
                [x],
                [y],
                "o",
                color=band.colours.dot,
                markersize=3.5,
                markeredgecolor=band.colours.dot_edge,
                markeredgewidth=0.6,
                zorder=band.z,
            )
            tag(dot, "labels")
        r += _DOT_CLEAR * px
        dots.append(Bbox.from_extents(dx - r, dy - r, dx + r, dy + r))
    return dots


def drop_unnamed_dots(layout: StaticLayout, model: MapModel, band: MapBand) -> list[str]:
    """Remove the dot of every town whose label found no room (a dot is never left unnamed).

    A town's dot is a layer's point marker or the label's own dot; both go when its label
    was skipped (by placement or by a callout). Points a recipe draws without ever
    labelling them stay: those are deliberate unnamed markers.

    Returns
    -------
    list of str
        The names whose dots were removed.
    """
    px = model.recipe.static.scale
    ax = band.ax
    skipped = {s.casefold() for s in layout.skipped}
    gone = [
        lab for lab in model.labels if lab.get("dot") and str(lab["text"]).casefold() in skipped
    ]
    if not gone:
        return []
    where = ax.transData.transform(
        simplify.to_mercator(np.array([[lab["lon"], lab["lat"]] for lab in gone], dtype=float))
    )

    def near(disp: np.ndarray) -> np.ndarray:
        d = np.hypot(disp[:, None, 0] - where[None, :, 0], disp[:, None, 1] - where[None, :, 1])
        return (d <= 1.5 * px).any(axis=1)

    for coll in list(ax.collections):
        offsets = np.asarray(coll.get_offsets())
        if str(coll.get_gid() or "").startswith("layer-") and len(offsets) and offsets.ndim == 2:
            keep = ~near(ax.transData.transform(offsets))
            if not keep.all():
                coll.set_offsets(offsets[keep])
    for line in list(ax.lines):
        if str(line.get_gid() or "").startswith("labels") and line.get_marker() == "o":
            xy = np.column_stack([line.get_xdata(), line.get_ydata()]).astype(float)
            if near(ax.transData.transform(xy)).all():
                line.remove()
    return [str(lab["text"]) for lab in gone]
