"""Drawing the model's layers with matplotlib, in Web Mercator metres (the page's plane).

Styles are the page's (CSS px and opacities): a CSS pixel is 0.75 point. Areas may be
hatched; lines may be dashed; points are circles of the style's ``radius``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

from geo.errors import GeoError
from geo.render import simplify
from geo.render.model import MapLayer, MapModel
from geo.render.static.svg import tag

__all__ = ["HATCHES", "draw_land", "draw_layer", "legend_handles", "merc", "patches"]

#: matplotlib hatch patterns for the recipe's ``hatch`` values.
HATCHES = {"diagonal": "////", "cross": "xxx", "horizontal": "---", "vertical": "|||"}


def merc(geoms: np.ndarray) -> np.ndarray:
    """Lon/lat geometries in Web Mercator metres."""
    return shapely.transform(np.asarray(geoms, dtype=object), simplify.to_mercator)


def patches(geoms: np.ndarray) -> list[Any]:
    """One matplotlib ``Path`` per polygon (holes as inner rings)."""
    from matplotlib.path import Path as MPath

    paths = []
    for g in shapely.get_parts(geoms):
        if g is None or g.is_empty or g.geom_type != "Polygon":
            continue
        verts, codes = [], []
        for ring in [g.exterior, *g.interiors]:
            c = np.asarray(ring.coords)
            verts.append(c)
            codes += [MPath.MOVETO] + [MPath.LINETO] * (len(c) - 2) + [MPath.CLOSEPOLY]
        paths.append(MPath(np.concatenate(verts), codes))
    return paths


def _dashes(style: dict[str, Any], lw: float) -> Any:
    """Return a matplotlib dash pattern for the style's ``dash`` (CSS px), or None."""
    dash = style.get("dash")
    if not dash:
        return None
    return (0, [float(x) * 0.75 / max(lw, 0.1) for x in dash.replace(",", " ").split()])


def for_image(
    geoms: np.ndarray, view: tuple[float, float, float, float, float] | None
) -> np.ndarray:
    """Web Mercator geometries cut to the image and simplified to half a device pixel.

    ``view`` is ``(x0, x1, y0, y1, width_px)``: the map's extent (Mercator metres, with 5 %
    kept beyond each edge so no cut shows) and its width in device pixels. The page's
    copy is planned for the max zoom; an image at a lower zoom needs far fewer vertices
    (moving nothing by more than half a device pixel). ``None`` keeps them all.
    """
    m = merc(geoms)
    if view is None:
        return m
    x0, x1, y0, y1, width = view
    mx, my = (x1 - x0) * 0.05, (y1 - y0) * 0.05
    cut = shapely.clip_by_rect(m, x0 - mx, y0 - my, x1 + mx, y1 + my)
    tol = (x1 - x0) / width / 2
    polygonal = np.isin(shapely.get_type_id(cut), [3, 6])
    out = np.empty(len(cut), dtype=object)
    out[polygonal] = shapely.simplify(cut[polygonal], tol, preserve_topology=True)
    out[~polygonal] = shapely.simplify(cut[~polygonal], tol, preserve_topology=False)
    # Islands and lakes smaller than about 2x2 device px cannot be seen: leave them out.
    for i in np.flatnonzero(polygonal):
        parts = shapely.get_parts(out[i])
        big = parts[shapely.area(parts) >= (4 * tol) ** 2]
        if len(big) < len(parts):
            out[i] = shapely.multipolygons(big) if len(big) else shapely.Polygon()
    return out


def draw_layer(
    ax: Any,
    lyr: MapLayer,
    zorder: float,
    view: tuple[float, float, float, float, float] | None = None,
) -> None:
    """Draw one layer at ``zorder``: areas (fill, hatch, outline), lines, then points.

    ``view`` (see :func:`for_image`) cuts and simplifies the geometry for the image. Every
    artist is tagged ``layer-<id>`` (one SVG group per layer).
    """
    s = lyr.style
    geoms = for_image(lyr.geoms, view)
    lw = float(s.get("weight", 1.0)) * 0.75  # CSS px → points
    dashes = _dashes(s, lw)
    group = f"layer-{lyr.id}"
    if lyr.kind == "fill":
        for path in patches(geoms):
            _draw_area(ax, path, s, lw, dashes, zorder, group)
    elif lyr.kind == "line":
        _draw_lines(ax, geoms, s, lw, dashes, zorder, group)
    parts = shapely.get_parts(geoms)
    points = parts[shapely.get_type_id(parts) == 0]
    if len(points):
        pts = shapely.get_coordinates(points)
        r = float(s.get("radius", 4.0))
        art = ax.scatter(
            pts[:, 0],
            pts[:, 1],
            s=(r * 0.75 * 2) ** 2,
            c=s.get("fill", "#222222"),
            edgecolors=s.get("stroke", "#333333"),
            linewidths=0.6,
            zorder=zorder,
        )
        tag(art, group)


def _draw_area(
    ax: Any, path: Any, s: dict[str, Any], lw: float, dashes: Any, zorder: float, group: str
) -> None:
    """One polygon: its fill (lighter under a hatch), the hatch, then the outline."""
    from matplotlib.patches import PathPatch

    fill = s.get("fill")
    hatch = s.get("hatch")
    fo = float(s.get("fill_opacity", 0.3))
    hatched = bool(hatch and hatch != "none")
    if fill:
        alpha = fo * (0.45 if hatched else 1)
        tag(
            ax.add_patch(
                PathPatch(path, facecolor=fill, alpha=alpha, edgecolor="none", zorder=zorder)
            ),
            group,
        )
    if hatched and fill:
        patch = ax.add_patch(
            PathPatch(
                path,
                facecolor="none",
                edgecolor=fill,
                hatch=HATCHES[str(hatch)],
                linewidth=0,
                alpha=min(1.0, fo * 1.6),
                zorder=zorder + 0.01,
            )
        )
        tag(patch, group)
    if float(s.get("weight", 1.0)) <= 0:
        return
    outline = ax.add_patch(
        PathPatch(
            path,
            facecolor="none",
            edgecolor=s.get("stroke", "#333333"),
            linewidth=lw,
            alpha=float(s.get("opacity", 1.0)),
            linestyle=dashes or "solid",
            zorder=zorder + 0.02,
            joinstyle="round",
        )
    )
    tag(outline, group)


def _draw_lines(
    ax: Any, geoms: np.ndarray, s: dict[str, Any], lw: float, dashes: Any, zorder: float, group: str
) -> None:
    """Every line part of ``geoms`` as one collection."""
    from matplotlib.collections import LineCollection

    segs = [
        np.asarray(g.coords)
        for g in shapely.get_parts(geoms)
        if not g.is_empty and g.geom_type == "LineString"
    ]
    if not segs:
        return
    if s.get("casing"):  # a dark line on a dark image: a light casing under it
        casing = LineCollection(
            segs, colors=s["casing"], linewidths=lw + 1.6, zorder=zorder, capstyle="round"
        )
        tag(ax.add_collection(casing), group)
    coll = ax.add_collection(
        LineCollection(
            segs,
            colors=s.get("stroke", "#333333"),
            linewidths=lw,
            alpha=float(s.get("opacity", 1.0)),
            linestyles=dashes or "solid",
            zorder=zorder,
            capstyle="round",
            joinstyle="round",
        )
    )
    tag(coll, group)


def legend_handles(model: MapModel) -> list[Any]:
    """Legend handles in the model's legend order (top layer first)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    out: list[Any] = []
    for item in model.legend():
        s = item["style"]
        handle: Any
        if item["kind"] == "heading":  # a layer styled by a property: its classes follow
            handle = Line2D([], [], linestyle="none")
        elif item["kind"] == "line":
            dash = s.get("dash")
            ls: Any = (0, [float(x) * 0.5 for x in dash.replace(",", " ").split()]) if dash else "-"
            width = max(1.5, float(s.get("weight", 2)) * 0.75)
            stroke = s.get("stroke", "#333")
            handle = Line2D([], [], color=stroke, linewidth=width, linestyle=ls)
        elif item["kind"] == "point":
            handle = Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                markersize=6,
                markerfacecolor=s.get("fill", "#222"),
                markeredgecolor="white",
            )
        else:
            handle = Patch(
                facecolor=_blend(s.get("fill", "#888888"), float(s.get("fill_opacity", 0.3))),
                edgecolor=s.get("stroke", "#333"),
                hatch=HATCHES.get(s.get("hatch") or ""),
            )
        handle.set_label(item["label"])
        out.append(handle)
    return out


def _blend(color: str, alpha: float) -> tuple[float, float, float]:
    """``color`` at ``alpha`` over white, as an opaque colour (legend swatches)."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(color)
    return (1 - alpha + alpha * r, 1 - alpha + alpha * g, 1 - alpha + alpha * b)


def draw_land(
    ax: Any,
    land: Any,
    extent: tuple[float, ...],
    width_px: float,
    colours: tuple[str, str] = ("#f4f1ea", "#9a9a9a"),
) -> None:
    """Land from layer ``land`` clipped to the map and simplified to half a display pixel.

    For a map whose page shows tiles: the image cannot, so it draws the basemap layer,
    in ``colours`` (fill, edge). An unreadable layer draws nothing.
    """
    from matplotlib.patches import PathPatch

    try:
        gdf = land.read()
    except (GeoError, OSError):
        return
    x0, x1, y0, y1 = extent
    ll = simplify.from_mercator(np.array([[x0, y0], [x1, y1]]))
    mx, my = (ll[1, 0] - ll[0, 0]) * 0.05, (ll[1, 1] - ll[0, 1]) * 0.05
    geoms = shapely.clip_by_rect(
        gdf.geometry.values, ll[0, 0] - mx, ll[0, 1] - my, ll[1, 0] + mx, ll[1, 1] + my
    )
    geoms = shapely.simplify(merc(geoms), (x1 - x0) / width_px / 2)
    style = {"facecolor": colours[0], "edgecolor": colours[1], "lw": 0.6, "zorder": 0.5}
    for path in patches(geoms):
        ax.add_patch(PathPatch(path, **style))
