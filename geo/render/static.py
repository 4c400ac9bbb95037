"""Static PNG/SVG of a map with matplotlib (no browser): for print and social cards.

The picture shows the same :class:`~geo.render.folium_map.MapModel` as the web page, in the
same Web Mercator plane: vector basemap, layers (hatched where the recipe says so), labels,
callouts, title + dek + figures, legend, a metric and imperial scale bar, a locator inset and
the credit line. A time slider cannot move on paper: the image shows its newest frame and
says which date it is in the header. Default size 800×450 CSS px at 2× (1600×900 device px).

Output is deterministic: no dates in the metadata, a fixed SVG hash salt, and the Agg
renderer (no pyplot, no global state). matplotlib is imported only here, so building HTML
alone never pays for it.
"""

from __future__ import annotations

import io
import math
import textwrap
from typing import Any

import numpy as np
import shapely

from geo.render import simplify
from geo.render.folium_map import MapLayer, MapModel

__all__ = ["render_static", "scale_bar_lengths"]

_FONT = "DejaVu Sans"
_MI = 1609.344


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

    Examples
    --------
    >>> scale_bar_lengths(0.62, 300000)
    (100000.0, 160934.4)
    """
    max_m = ground_m_per_unit * max_units
    km = _nice(max_m / 1000) * 1000
    mi = _nice(max_m / _MI) * _MI
    return float(km), float(mi)


def _merc(geoms: np.ndarray) -> np.ndarray:
    return shapely.transform(np.asarray(geoms, dtype=object), simplify.to_mercator)


def _patches(geoms: np.ndarray) -> list[Any]:
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


def _draw_layer(ax: Any, lyr: MapLayer, zorder: float, scale: float) -> None:
    from matplotlib.collections import LineCollection
    from matplotlib.patches import PathPatch

    s = lyr.style
    geoms = _merc(lyr.geoms)
    lw = float(s.get("weight", 1.0)) * 0.75  # CSS px → points
    dash = s.get("dash")
    dashes = (
        (0, [float(x) * 0.75 / max(lw, 0.1) for x in dash.replace(",", " ").split()])
        if dash
        else None
    )
    stroke = s.get("stroke", "#333333")
    opacity = float(s.get("opacity", 1.0))
    if lyr.kind == "fill":
        for path in _patches(geoms):
            fill = s.get("fill")
            hatch = s.get("hatch")
            fo = float(s.get("fill_opacity", 0.3))
            if fill:
                ax.add_patch(
                    PathPatch(
                        path,
                        facecolor=fill,
                        alpha=fo * (0.45 if hatch and hatch != "none" else 1),
                        edgecolor="none",
                        zorder=zorder,
                    )
                )
            if hatch and hatch != "none" and fill:
                pattern = {
                    "diagonal": "////",
                    "cross": "xxx",
                    "horizontal": "---",
                    "vertical": "|||",
                }[hatch]
                ax.add_patch(
                    PathPatch(
                        path,
                        facecolor="none",
                        edgecolor=fill,
                        hatch=pattern,
                        linewidth=0,
                        alpha=min(1.0, fo * 1.6),
                        zorder=zorder + 0.01,
                    )
                )
            ax.add_patch(
                PathPatch(
                    path,
                    facecolor="none",
                    edgecolor=stroke,
                    linewidth=lw,
                    alpha=opacity,
                    linestyle=dashes or "solid",
                    zorder=zorder + 0.02,
                    joinstyle="round",
                )
            )
    elif lyr.kind == "line":
        segs = [
            np.asarray(g.coords)
            for g in shapely.get_parts(geoms)
            if not g.is_empty and g.geom_type == "LineString"
        ]
        ax.add_collection(
            LineCollection(
                segs,
                colors=stroke,
                linewidths=lw,
                alpha=opacity,
                linestyles=dashes or "solid",
                zorder=zorder,
                capstyle="round",
                joinstyle="round",
            )
        )
    parts = shapely.get_parts(geoms)
    points = parts[shapely.get_type_id(parts) == 0]
    if len(points):
        pts = shapely.get_coordinates(points)
        r = float(s.get("radius", 4.0))
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            s=(r * 0.75 * 2) ** 2,
            c=s.get("fill", "#222222"),
            edgecolors=stroke,
            linewidths=0.6,
            zorder=zorder,
        )


def _legend_handles(model: MapModel) -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    out = []
    for item in model.legend():
        s = item["style"]
        if item["kind"] == "line":
            dash = s.get("dash")
            ls = (0, [float(x) * 0.5 for x in dash.replace(",", " ").split()]) if dash else "-"
            out.append(
                Line2D(
                    [],
                    [],
                    color=s.get("stroke", "#333"),
                    linewidth=max(1.5, float(s.get("weight", 2)) * 0.75),
                    linestyle=ls,
                    label=item["label"],
                )
            )
        elif item["kind"] == "point":
            out.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="none",
                    markersize=6,
                    markerfacecolor=s.get("fill", "#222"),
                    markeredgecolor="white",
                    label=item["label"],
                )
            )
        else:
            hatch = s.get("hatch")
            fill = s.get("fill", "#888888")
            out.append(
                Patch(
                    facecolor=_blend(fill, float(s.get("fill_opacity", 0.3))),
                    edgecolor=s.get("stroke", "#333"),
                    hatch={
                        "diagonal": "////",
                        "cross": "xxx",
                        "horizontal": "---",
                        "vertical": "|||",
                    }.get(hatch or ""),
                    label=item["label"],
                )
            )
    return out


def _blend(color: str, alpha: float) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(color)
    return (1 - alpha + alpha * r, 1 - alpha + alpha * g, 1 - alpha + alpha * b)


def _fit_extent(model: MapModel, aspect: float) -> tuple[float, float, float, float]:
    m = simplify.to_mercator(np.asarray(model.bounds, dtype=float))
    x0, y0, x1, y1 = m[0, 0], m[0, 1], m[1, 0], m[1, 1]
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
    if w / h > aspect:
        h = w / aspect
    else:
        w = h * aspect
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def render_static(model: MapModel, fmt: str) -> bytes:
    """Render ``model`` to PNG or SVG bytes.

    Parameters
    ----------
    model : MapModel
    fmt : {"png", "svg"}

    Returns
    -------
    bytes
        Deterministic for the same model and matplotlib version.
    """
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = "frontline"  # stable ids inside the SVG
    from matplotlib import patheffects
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    r = model.recipe
    spec = r.static
    # Header band: title, dek, figures, byline — the same order as on the web page; the map
    # sits below it, so print and social cards never hide data under the headline.
    lines = [(_clip(r.text.title, 90), 15, "bold", "#1a1a1a")]
    for part in textwrap.wrap(_clip(r.text.dek, 400), 70)[:4]:
        lines.append((part, 9, "normal", "#333333"))
    for f in model.figures:
        for part in textwrap.wrap(f["text"], 70):
            lines.append((part, 8.5, "bold", "#1a1a1a"))
    if model.timeline is not None:
        # A still image cannot slide: it shows the newest frame and says so.
        for part in textwrap.wrap(_clip(model.timeline.caption(), 300), 80)[:2]:
            lines.append((part, 8.5, "bold", "#1a1a1a"))
    meta = " · ".join(
        p for p in (r.text.byline, f"As of {r.text.as_of}" if r.text.as_of else "") if p
    )
    if meta:
        lines.append((_clip(meta, 100), 7.5, "normal", "#555555"))
    header = sum((size + 4) / 72 / (spec.height / 100) for _, size, _, _ in lines) + 0.03
    fig = Figure(figsize=(spec.width / 100, spec.height / 100), dpi=100 * spec.scale)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1 - header))
    ax.set_axis_off()
    ax.set_facecolor("#dbe6ee")
    fig.patch.set_facecolor("white")
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, facecolor="#dbe6ee", zorder=0))
    x0, x1, y0, y1 = _fit_extent(model, spec.width / (spec.height * (1 - header)))
    drawn = model.drawn_layers()
    for i, lyr in enumerate(drawn):
        _draw_layer(ax, lyr, zorder=1 + i, scale=spec.scale)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")

    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    z = 2 + len(drawn)
    offsets = {
        "right": (5, 0, "left", "center"),
        "left": (-5, 0, "right", "center"),
        "top": (0, 5, "center", "bottom"),
        "bottom": (0, -5, "center", "top"),
        "center": (0, 0, "center", "center"),
    }
    for lab in model.labels:
        x, y = simplify.to_mercator(np.array([[lab["lon"], lab["lat"]]]))[0]
        dx, dy, ha, va = offsets.get(lab["position"], offsets["right"])
        if lab.get("dot"):
            ax.plot(
                [x],
                [y],
                "o",
                color="#222222",
                markersize=3.5,
                markeredgecolor="white",
                markeredgewidth=0.6,
                zorder=z,
            )
        ax.annotate(
            _clip(lab["text"], 60),
            (x, y),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=8,
            fontweight="bold",
            family=_FONT,
            color="#5e3c99" if lab.get("kind") == "figure" else "#1a1a1a",
            path_effects=halo,
            zorder=z + 1,
            annotation_clip=True,
        )
    for c in model.callouts:
        at = simplify.to_mercator(np.array([c["at"]]))[0]
        txt = simplify.to_mercator(np.array([c["text_at"]]))[0]
        ax.annotate(
            "\n".join(textwrap.wrap(_clip(c["text"], 140), 28)),
            tuple(at),
            xytext=tuple(txt),
            textcoords="data",
            fontsize=7.5,
            family=_FONT,
            ha="center",
            va="center",
            zorder=z + 2,
            bbox={"boxstyle": "square,pad=0.3", "fc": "white", "ec": "#222222", "lw": 0.6},
            arrowprops={
                "arrowstyle": "-",
                "color": "#222222",
                "lw": 0.7,
                "shrinkA": 0,
                "shrinkB": 2,
            },
        )
        ax.plot(
            [at[0]],
            [at[1]],
            "o",
            color="white",
            markeredgecolor="#222222",
            markersize=4,
            zorder=z + 2,
        )

    y = 0.985
    for text, size, weight, color in lines:
        fig.text(
            0.02,
            y,
            text,
            fontsize=size,
            fontweight=weight,
            color=color,
            family=_FONT,
            va="top",
            ha="left",
            zorder=20,
        )
        y -= (size + 4) / 72 / (spec.height / 100)
    handles = _legend_handles(model)
    if handles:
        leg = ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.005, 0.995),
            fontsize=8,
            frameon=True,
            framealpha=0.92,
            edgecolor="none",
            prop={"family": _FONT, "size": 8},
            handlelength=2.2,
        )
        leg.set_zorder(30)

    # Scale bar (metric over imperial) at the map centre's latitude, bottom-left.
    lat = float(np.mean([model.bounds[0][1], model.bounds[1][1]]))
    ground = math.cos(math.radians(lat))  # ground metres per Mercator metre
    km_m, mi_m = scale_bar_lengths(ground, (x1 - x0) * 0.18)
    bx, by = x0 + (x1 - x0) * 0.02, y0 + (y1 - y0) * 0.27
    for i, (metres, label) in enumerate(
        [(km_m, f"{km_m / 1000:g} km"), (mi_m, f"{mi_m / _MI:g} mi")]
    ):
        length = metres / ground
        yy = by - i * (y1 - y0) * 0.045
        ax.plot(
            [bx, bx + length], [yy, yy], color="#1a1a1a", lw=2, zorder=z + 3, solid_capstyle="butt"
        )
        ax.text(
            bx + length + (x1 - x0) * 0.006,
            yy,
            label,
            fontsize=7,
            va="center",
            family=_FONT,
            zorder=z + 3,
            path_effects=halo,
        )

    credit = "Sources: " + " · ".join(model.credits)
    wrapped = textwrap.wrap(_clip(credit, 900), int(spec.width / 5.2))[:4]
    fig.text(
        0.015,
        0.012,
        "\n".join(wrapped),
        fontsize=6,
        color="#333333",
        family=_FONT,
        va="bottom",
        ha="left",
        zorder=20,
        bbox={"boxstyle": "square,pad=0.35", "fc": "white", "ec": "none", "alpha": 0.88},
    )

    if model.inset_layer is not None and model.inset_bounds is not None:
        ia = fig.add_axes((0.79, 0.13, 0.19, 0.22))
        ia.set_facecolor("#dbe6ee")
        ia.set_xticks([])
        ia.set_yticks([])
        for spine in ia.spines.values():
            spine.set_edgecolor("#888888")
            spine.set_linewidth(0.5)
        from matplotlib.patches import PathPatch

        for path in _patches(_merc(model.inset_layer.geoms)):
            ia.add_patch(PathPatch(path, facecolor="#e4e0d8", edgecolor="#9a9a9a", lw=0.3))
        ib = simplify.to_mercator(np.asarray(model.inset_bounds, dtype=float))
        ia.set_xlim(ib[0, 0], ib[1, 0])
        ia.set_ylim(ib[0, 1], ib[1, 1])
        ia.set_aspect("equal", adjustable="box")
        ia.add_patch(
            Rectangle(
                (x0, y0),
                x1 - x0,
                y1 - y0,
                facecolor="#b2182b",
                alpha=0.2,
                edgecolor="#b2182b",
                lw=1,
            )
        )

    buf = io.BytesIO()
    if fmt == "svg":
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "frontline"})
    elif fmt == "png":
        fig.savefig(buf, format="png", metadata={"Software": "frontline"})
    else:
        raise ValueError(f"unknown static format {fmt!r}")
    return buf.getvalue()


def _clip(text: str, n: int) -> str:
    """One line, at most ``n`` characters (static images cannot scroll)."""
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"
