"""The static map's furniture: legend (top left), locator inset (bottom right), scale bar.

Each piece records its display-pixel box in ``layout.furniture``, so labels and callouts
keep clear of it.

Examples
--------
>>> scale_bar_lengths(0.62, 300000)
(100000.0, 160934.4)
"""

from __future__ import annotations

import math

import numpy as np

from geo.render import simplify
from geo.render.model import MapModel
from geo.render.static.draw import legend_handles, merc, patches
from geo.render.static.page import FONT, MapBand, Page, StaticLayout, fit_extent
from geo.render.static.svg import tag
from geo.units import KM_PER_MI

__all__ = ["add_inset", "add_legend", "add_scale_bar", "scale_bar_lengths"]

_MI = KM_PER_MI * 1000  # metres in a mile
_INSET = (140, 100)  # largest locator inset box, CSS px (fitted to its bounds' shape)


def _nice(value: float) -> float:
    """Largest 1, 2 or 5 × 10^k not above ``value``."""
    exp = 10 ** math.floor(math.log10(value))
    for step in (5, 2, 1):
        if step * exp <= value:
            return step * exp
    return exp


def scale_bar_lengths(ground_m_per_unit: float, max_units: float) -> tuple[float, float]:
    """Round scale-bar lengths (metres) for km and for miles that fit in ``max_units``.

    Parameters
    ----------
    ground_m_per_unit : float
        Ground metres per plot unit at the map's centre latitude.
    max_units : float
        Longest bar allowed, in plot units.

    Returns
    -------
    (metres_km_bar, metres_mile_bar) : tuple of float
    """
    max_m = ground_m_per_unit * max_units
    km = _nice(max_m / 1000) * 1000
    mi = _nice(max_m / _MI) * _MI
    return float(km), float(mi)


def add_legend(layout: StaticLayout, model: MapModel, page: Page, band: MapBand) -> None:
    """Draw the legend in the map's top-left corner (nothing without legend entries)."""
    handles = legend_handles(model)
    if not handles:
        return
    margin = 8 * page.px
    leg = band.ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(margin / page.width, 1 - margin / band.height),
        borderaxespad=0,
        frameon=True,
        framealpha=0.92,
        facecolor=page.colours.legend,
        edgecolor=page.colours.legend_edge,
        labelcolor=page.colours.map_ink,
        fancybox=False,
        prop={"family": FONT, "size": 7.5},
        handlelength=2.0,
    )
    leg.get_frame().set_linewidth(0.5)
    leg.set_zorder(30)
    tag(leg, "legend")
    for t, item in zip(leg.get_texts(), model.legend(), strict=True):
        t.set_parse_math(False)
        if item["kind"] == "heading":
            t.set_fontweight("bold")
    layout.furniture["legend"] = leg.get_window_extent(page.renderer)


def add_inset(layout: StaticLayout, model: MapModel, page: Page, band: MapBand) -> None:
    """Draw the locator inset in the bottom-right corner, the map's extent marked on it.

    Its limits are fitted to the box, which takes the bounds' shape: never stretched.
    """
    from matplotlib.patches import PathPatch, Rectangle

    if model.inset_layer is None or model.inset_bounds is None:
        return
    px, margin = page.px, 8 * page.px
    ib = simplify.to_mercator(np.asarray(model.inset_bounds, dtype=float))
    aspect = (ib[1, 0] - ib[0, 0]) / (ib[1, 1] - ib[0, 1])
    iw: float = _INSET[0]
    ih: float = _INSET[0] / aspect
    if ih > _INSET[1]:
        iw, ih = _INSET[1] * aspect, _INSET[1]
    iw, ih = max(iw, 40) * px, max(ih, 40) * px
    ia = page.fig.add_axes(
        (
            (page.width - margin - iw) / page.width,
            (band.bottom + margin) / page.height,
            iw / page.width,
            ih / page.height,
        )
    )
    c = page.colours
    ia.set_facecolor(c.sea)
    ia.set_xticks([])
    ia.set_yticks([])
    for spine in ia.spines.values():
        spine.set_edgecolor(c.inset_edge)
        spine.set_linewidth(0.6)
    for path in patches(merc(model.inset_layer.geoms)):
        ia.add_patch(PathPatch(path, facecolor=c.land, edgecolor=c.land_edge, lw=0.3))
    ix0, ix1, iy0, iy1 = fit_extent(model.inset_bounds, iw / ih, pad=0.0)
    ia.set_xlim(ix0, ix1)
    ia.set_ylim(iy0, iy1)
    x0, x1, y0, y1 = band.extent
    box = Rectangle(
        (x0, y0),
        x1 - x0,
        y1 - y0,
        facecolor=c.inset_view,
        alpha=0.15,
        edgecolor=c.inset_view,
        lw=1,
    )
    ia.add_patch(box)
    ia.set_zorder(35)
    tag(ia, "inset")
    layout.furniture["inset"] = ia.get_window_extent(page.renderer)


def add_scale_bar(layout: StaticLayout, page: Page, band: MapBand) -> None:
    """Metric over imperial bars in the bottom-left corner.

    Mercator's scale varies as 1/cos(lat): the bars are true at the map's middle latitude,
    which is said when it matters (big maps).
    """
    from matplotlib import patheffects
    from matplotlib.transforms import Bbox

    px, margin, renderer = page.px, 8 * page.px, page.renderer
    x0, x1, y0, y1 = band.extent
    lat_mid = float(simplify.from_mercator(np.array([[0.0, (y0 + y1) / 2]]))[0, 1])
    lat_lo = float(simplify.from_mercator(np.array([[0.0, y0]]))[0, 1])
    lat_hi = float(simplify.from_mercator(np.array([[0.0, y1]]))[0, 1])
    ground = math.cos(math.radians(lat_mid))  # ground metres per Mercator metre
    km_m, mi_m = scale_bar_lengths(ground, (x1 - x0) * 0.16)
    varies = abs(math.cos(math.radians(lat_lo)) / math.cos(math.radians(lat_hi)) - 1) > 0.1
    bx = margin / page.width
    c = page.colours
    text = {
        "transform": band.ax.transAxes,
        "va": "center",
        "family": FONT,
        "zorder": band.z + 3,
        "color": c.map_ink,
    }
    boxes = []
    rows = [(km_m, f"{km_m / 1000:,g} km"), (mi_m, f"{mi_m / _MI:,g} mi")]
    for i, (metres, label) in enumerate(rows):
        frac = metres / ground / (x1 - x0)
        yy = (margin + (len(rows) - 1 - i) * 11 * px + 3 * px) / band.height
        (bar,) = band.ax.plot(
            [bx, bx + frac],
            [yy, yy],
            transform=band.ax.transAxes,
            color=c.ink,
            lw=2.2,
            zorder=band.z + 3,
            solid_capstyle="butt",
            path_effects=[patheffects.withStroke(linewidth=3.6, foreground=c.halo)],
        )
        x = bx + frac + 4 * px / page.width
        t = band.ax.text(x, yy, label, fontsize=7, path_effects=band.halo, **text)
        tag(bar, "scale-bar")
        tag(t, "scale-bar")
        boxes += [bar.get_window_extent(renderer), t.get_window_extent(renderer)]
    if varies:
        t = band.ax.text(
            bx,
            (margin + 2 * 11 * px + 3 * px) / band.height,
            f"Scale at {abs(lat_mid):.0f}°{'N' if lat_mid >= 0 else 'S'}",
            fontsize=6.5,
            path_effects=band.halo,
            **{**text, "color": c.credit},
        )
        tag(t, "scale-bar")
        boxes.append(t.get_window_extent(renderer))
    layout.furniture["scale"] = Bbox.union(boxes)
