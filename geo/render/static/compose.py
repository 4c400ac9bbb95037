"""Composing a static map, step by step, and saving it as PNG or SVG bytes.

:func:`compose` draws the bands from top to bottom and the map's furniture in the order
that lets each piece keep clear of the ones before it: header, footer, the map band with
its layers, legend, inset, scale bar, labels, callouts.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np

from geo.render import simplify
from geo.render.model import MapLayer, MapModel
from geo.render.static import bands, furniture
from geo.render.static.callouts import add_callouts
from geo.render.static.draw import draw_land, draw_layer
from geo.render.static.labels import drop_unnamed_dots, place_labels
from geo.render.static.page import HALO, MapBand, Page, StaticLayout, fit_extent
from geo.render.static.svg import HALO_GROUPS, group_svg
from geo.render.static.theme import palette, themed_layer

__all__ = ["compose", "render_static"]


def compose(model: MapModel, detail_px: float = 0.5) -> StaticLayout:
    """Lay out and draw ``model`` on a matplotlib figure (Agg canvas, no pyplot).

    Bands from top to bottom: a header (title, dek, measured figures, and the time
    slider's caption), the map, and a footer (short credits, byline). The map fills the
    band between them, edge to edge, in Web Mercator (EPSG:3857, the web page's own
    conformal plane), with the recipe's view bounds fitted at the band's aspect ratio.

    Parameters
    ----------
    model : MapModel
        From :func:`geo.render.prepare.prepare`.
    detail_px : float, default 0.5
        Geometry is simplified so that nothing moves more than this many device pixels.

    Returns
    -------
    StaticLayout
    """
    page = Page.start(model.recipe.static)
    top = bands.header(page, model)
    drawn = [themed_layer(lyr, model.recipe.static.theme) for lyr in model.drawn_layers()]
    # A tile basemap cannot be drawn without the network: the image draws the land from
    # the recipe's basemap layer instead (credited like any other layer).
    land = None if any(lyr.basemap for lyr in drawn) else model.land
    bottom = bands.footer(page, model, top, land)
    band = _map_band(page, model, drawn, land, (top.height, bottom.height), detail_px)
    layout = StaticLayout(
        fig=page.fig,
        map_ax=band.ax,
        extent=band.extent,
        header=top.texts,
        footer=bottom.texts,
        credit=bottom.credit,
    )
    furniture.add_legend(layout, model, page, band)
    furniture.add_inset(layout, model, page, band)
    furniture.add_scale_bar(layout, page, band)
    dots = place_labels(layout, model, band)
    add_callouts(layout, model, page, band, dots)
    drop_unnamed_dots(layout, model, band)
    return layout


def _map_band(
    page: Page,
    model: MapModel,
    drawn: list[MapLayer],
    land: Any,
    heights: tuple[float, float],
    detail_px: float,
) -> MapBand:
    """Draw the map band between header and footer: background, land, layers, edge rules."""
    from matplotlib import patheffects
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import Bbox

    fig, c = page.fig, page.colours
    header_h, footer_h = heights
    map_h = page.height - header_h - footer_h
    ax = fig.add_axes((0, footer_h / page.height, 1, map_h / page.height))
    ax.set_axis_off()
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, facecolor=c.sea, zorder=0))
    # Exact limits at the band's aspect: no set_aspect, so matplotlib never re-fits them.
    x0, x1, y0, y1 = fit_extent(model.bounds, page.width / map_h)
    mb = simplify.to_mercator(np.asarray(model.max_bounds, dtype=float))
    if x0 < mb[0, 0] or x1 > mb[1, 0] or y0 < mb[0, 1] or y1 > mb[1, 1]:
        # The vector basemap ends at max_bounds (its clip edge would show as a border):
        # give up the comfort margin before showing it. The view itself is never cut.
        x0, x1, y0, y1 = fit_extent(model.bounds, page.width / map_h, pad=0.0)
    if land is not None:
        draw_land(ax, land, (x0, x1, y0, y1), page.width, (c.land, c.land_edge))
    view = (x0, x1, y0, y1, page.width / (2 * detail_px))
    for i, lyr in enumerate(drawn):
        draw_layer(ax, lyr, zorder=1 + i, view=view)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    # Thin rules between the bands, as in a printed graphic.
    for yy in (0, 1):
        ax.plot([0, 1], [yy, yy], transform=ax.transAxes, color=c.rule, lw=0.5, zorder=40)
    return MapBand(
        ax=ax,
        extent=(float(x0), float(x1), float(y0), float(y1)),
        box=Bbox.from_extents(0, footer_h, page.width, footer_h + map_h),
        bottom=footer_h,
        height=map_h,
        z=2 + len(drawn),
        halo=[patheffects.withStroke(linewidth=HALO, foreground=c.halo)],
        colours=c,
    )


def render_static(model: MapModel, fmt: str) -> bytes:
    """Render ``model`` to PNG or SVG bytes (see :func:`compose` for the layout).

    Parameters
    ----------
    model : MapModel
        From :func:`geo.render.prepare.prepare`.
    fmt : {"png", "svg"}
        The image format.

    Returns
    -------
    bytes
        Deterministic for the same model and matplotlib version.
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"unknown static format {fmt!r}")
    import matplotlib
    from matplotlib.text import Text

    buf = io.BytesIO()
    if fmt == "svg":
        # A vector image: 1 device px of simplification is invisible and halves the file.
        fig = compose(model, detail_px=1.0).fig
        # Text as <text> in the named font, for a desk to edit (the PNG is drawn by Agg).
        # A path-effect halo would turn a label into outlines: the SVG's halo is a stroke
        # painted under the text instead (svg.group_svg).
        for t in fig.findobj(Text):
            if t.get_path_effects():
                t.set_path_effects([])
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "frontline"})
        halo = model.recipe.static.theme
        return group_svg(buf.getvalue(), halo=HALO_GROUPS, halo_colour=palette(halo).halo)
    fig = compose(model).fig
    fig.savefig(buf, format="png", metadata={"Software": "frontline"})
    return buf.getvalue()
