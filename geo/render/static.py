"""Static PNG/SVG of a map with matplotlib (no browser): for print and social cards.

The picture shows the same :class:`~geo.render.folium_map.MapModel` as the web page, in the
same Web Mercator plane (EPSG:3857, conformal, as on the page): vector basemap, layers
(hatched where the recipe says so), labels, callouts, title + dek + figures, legend, a metric
and imperial scale bar, a locator inset and the credit line. Three bands: a header (title,
dek, figures), the map edge to edge with the recipe's view fitted at the band's aspect ratio
(the shorter axis grows; the view is never cropped), and a footer with the short credits
(each layer's catalog ``attribution``, licences, as-of date; at most two lines). Labels are
placed by rank, skipping any that would collide (:func:`compose`).

A time slider cannot move on paper: the image shows its newest frame and
says which date it is in the header. Default size 800×450 CSS px at 2× (1600×900 device px).

Output is deterministic: no dates in the metadata, a fixed SVG hash salt, and the Agg
renderer (no pyplot, no global state). matplotlib is imported only here, so building HTML
alone never pays for it.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely

from geo.errors import GeoError
from geo.render import simplify
from geo.render.folium_map import MapLayer, MapModel

__all__ = ["StaticLayout", "compose", "credit_text", "render_static", "scale_bar_lengths"]

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


# ------------------------------------------------------------------------------ layout

#: Page furniture in CSS px (the figure is ``spec.width`` × ``spec.height`` CSS px).
_PAD = 16  # left/right margin of the header and footer text
_TOP = 10  # space above the title
_GAP = 6  # between the header and the map, and around the footer text
_VIEW_PAD = 0.03  # fraction of the view's span kept free around the recipe's bounds
_INSET = (140, 100)  # largest locator inset box, CSS px (fitted to its bounds' shape)
_LABEL_GAP = 5.0  # points between a place's dot and its label
_HALO = 2.5  # points: white halo around map text
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
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass
class StaticLayout:
    """A composed static map, before it is saved (what :func:`render_static` writes).

    All boxes are in display (device) pixels of ``fig``, as given by the Agg renderer.

    Attributes
    ----------
    fig : matplotlib.figure.Figure
    map_ax : matplotlib.axes.Axes
        The map: fills the band between header and footer, in Web Mercator metres.
    extent : tuple of float
        ``(x0, x1, y0, y1)`` of ``map_ax`` in Web Mercator metres.
    header, footer : list of matplotlib.text.Text
        Title/dek/figures lines above the map; credit lines and byline below it.
    credit : str
        The full footer credit text, before wrapping (the drawn lines may end in "…").
    labels : list of matplotlib.text.Text
        Place labels that were drawn, in placement order.
    skipped : list of str
        Labels left out because every candidate position collided.
    furniture : dict of str to Bbox
        Boxes labels keep clear of: ``legend``, ``inset``, ``scale`` and ``callout-N``.
    """

    fig: Any
    map_ax: Any
    extent: tuple[float, float, float, float]
    header: list[Any] = field(default_factory=list)
    footer: list[Any] = field(default_factory=list)
    credit: str = ""
    labels: list[Any] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    furniture: dict[str, Any] = field(default_factory=dict)

    def box(self, artist: Any) -> Any:
        """Display-pixel bounding box of a text or other artist."""
        return artist.get_window_extent(self.fig.canvas.get_renderer())


def _date_text(iso: str) -> str:
    """``2024-11-13`` → ``13 November 2024``; anything else unchanged."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso.strip())
    if not m or not 1 <= int(m[2]) <= 12:
        return iso
    return f"{int(m[3])} {_MONTHS[int(m[2]) - 1]} {m[1]}"


def _catalog_entries(model: MapModel) -> dict[str, Any]:
    """Catalog layers the model was built from (same id, title and as-of date).

    The model keeps only the catalog's title/sources/licence; the short ``attribution`` and
    the places' ``rank`` live in the catalog. A layer supplied by another loader (tests,
    user data) that merely shares an id is not matched, so it never borrows a credit.
    """
    try:
        from geo import layers

        cat = layers.catalog()
    except (GeoError, OSError):
        return {}
    out = {}
    for lid, meta in model.layer_meta.items():
        entry = cat.get(lid)
        if (
            entry is not None
            and str(entry.title) == str(meta.get("title", ""))
            and str(entry.as_of) == str(meta.get("as_of", ""))
        ):
            out[lid] = entry
    return out


def credit_text(model: MapModel, entries: dict[str, Any] | None = None) -> str:
    """The static image's short credit: attributions, licences and the as-of date.

    Each used layer contributes its short ``attribution`` (falling back to its title), each
    licence appears once, and the map's as-of date ends the line. The full credits (long
    source names) stay in the HTML's Sources box and the figures JSON.

    Parameters
    ----------
    model : MapModel
    entries : dict, optional
        Catalog layers by id (default: looked up with :func:`_catalog_entries`).

    Returns
    -------
    str
    """
    return " ".join(p for p in _credit_parts(model, entries) if p)


def _credit_parts(
    model: MapModel,
    entries: dict[str, Any] | None = None,
    extra: list[tuple[str, str]] | None = None,
) -> tuple[str, str]:
    """``("Sources: …", "Licences: … Data as of …")`` for :func:`credit_text`."""
    entries = _catalog_entries(model) if entries is None else entries
    as_of = model.recipe.text.as_of
    if model.timeline is not None and model.timeline.last is not None:
        as_of = model.timeline.last_date
    attributions: list[str] = []
    licences: list[str] = []
    metas = [({"attribution": a, "license": lic}, None) for a, lic in extra or []]
    metas += [(meta, lid) for lid, meta in model.layer_meta.items()]
    for meta, lid in metas:
        entry = entries.get(lid)
        if meta.get("attribution"):
            text = str(meta["attribution"])
        elif entry is not None and getattr(entry, "attribution", ""):
            text = str(entry.attribution)
        elif lid in ("timeline", "changes") and meta.get("sources"):
            # The caller's own snapshots: the recipe's one-line credit is the attribution.
            text = str(meta["sources"])
        else:
            text = str(meta.get("title") or lid)
        text = " ".join(text.split())
        if as_of:
            # "…news reports, 2024-11-13" repeats the date the line ends with.
            text = re.sub(rf",? {re.escape(str(as_of))}$", "", text)
        if text and text not in attributions:
            attributions.append(text)
        # "CC0 (authored); Natural Earth vertices public domain" → "CC0", "Natural Earth
        # vertices public domain": the notes in brackets stay in the HTML's full credits.
        for part in str(meta.get("license", "")).split(";"):
            lic = " ".join(re.sub(r"\([^()]*\)", " ", part).split()).strip(" ,.")
            if lic and lic.casefold() not in {x.casefold() for x in licences}:
                licences.append(lic)
    sources = ("Sources: " + "; ".join(attributions) + ".") if attributions else ""
    rest = []
    if licences:
        rest.append(
            ("Licences: " if len(licences) > 1 else "Licence: ") + "; ".join(licences) + "."
        )
    if as_of:
        rest.append(f"Data as of {_date_text(str(as_of))}.")
    return sources, " ".join(rest)


def _basemap_layer(model: MapModel) -> Any:
    """The recipe's basemap layer from the catalog (None if it cannot be read)."""
    try:
        from geo import layers

        return layers.get(model.recipe.basemap.layer)
    except (GeoError, LookupError, OSError):
        return None


def _draw_land(ax: Any, land: Any, extent: tuple[float, ...], width_px: float) -> None:
    """Land from ``land`` clipped to the map and simplified to half a display pixel."""
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
    geoms = shapely.simplify(_merc(geoms), (x1 - x0) / width_px / 2)
    style = {"facecolor": "#f4f1ea", "edgecolor": "#9a9a9a", "lw": 0.6, "zorder": 0.5}
    for path in _patches(geoms):
        ax.add_patch(PathPatch(path, **style))


def _place_ranks(model: MapModel, entries: dict[str, Any]) -> dict[str, int]:
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


class _Measure:
    """Text widths in display pixels from the Agg renderer (the layout's ruler)."""

    def __init__(self, renderer: Any) -> None:
        self.renderer = renderer

    def width(self, text: str, size: float, weight: str = "normal") -> float:
        from matplotlib.font_manager import FontProperties

        prop = FontProperties(family=_FONT, size=size, weight=weight)
        w, _, _ = self.renderer.get_text_width_height_descent(text, prop, ismath=False)
        return float(w)

    def ellipsize(self, text: str, size: float, weight: str, max_w: float) -> str:
        """The longest prefix of ``text`` (cut at a word if one is near) + "…" that fits."""
        if self.width(text, size, weight) <= max_w:
            return text
        lo, hi = 0, len(text)
        while lo < hi:  # largest n with text[:n] + "…" fitting
            mid = (lo + hi + 1) // 2
            if self.width(text[:mid].rstrip() + "…", size, weight) <= max_w:
                lo = mid
            else:
                hi = mid - 1
        cut = text[:lo]
        space = cut.rfind(" ")
        if space > lo * 0.7:  # a whole word when that costs little room
            cut = cut[:space]
        return cut.rstrip(" ,;:·") + "…"

    def wrap(self, text: str, size: float, weight: str, max_w: float, max_lines: int) -> list[str]:
        """Greedy word wrap to ``max_w`` px; the last allowed line ends in "…" on overflow."""
        lines: list[str] = []
        cur = ""
        for word in text.split():
            cand = f"{cur} {word}" if cur else word
            if not cur or self.width(cand, size, weight) <= max_w:
                cur = cand
            else:
                lines.append(cur)
                cur = word
        if cur:
            lines.append(cur)
        if len(lines) > max_lines:
            # Each break happened because the next word did not fit, so the joined rest is
            # wider than the line: ellipsize always ends it with "…".
            rest = " ".join(lines[max_lines - 1 :])
            lines = [*lines[: max_lines - 1], self.ellipsize(rest, size, weight, max_w)]
        return [self.ellipsize(line, size, weight, max_w) for line in lines]


def _overlaps(a: Any, b: Any, pad: float = 0.0) -> bool:
    return not (
        a.x1 + pad <= b.x0 or b.x1 + pad <= a.x0 or a.y1 + pad <= b.y0 or b.y1 + pad <= a.y0
    )


def _inside(a: Any, outer: Any) -> bool:
    return a.x0 >= outer.x0 and a.x1 <= outer.x1 and a.y0 >= outer.y0 and a.y1 <= outer.y1


def _fit_extent(
    bounds: Any, aspect: float, pad: float = _VIEW_PAD
) -> tuple[float, float, float, float]:
    """Web Mercator extent holding ``bounds`` (plus ``pad`` of its span on every side) at
    width/height ``aspect``: the shorter axis grows, the bounds are never cropped."""
    m = simplify.to_mercator(np.asarray(bounds, dtype=float))
    x0, y0, x1, y1 = m[0, 0], m[0, 1], m[1, 0], m[1, 1]
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = (x1 - x0) * (1 + 2 * pad), (y1 - y0) * (1 + 2 * pad)
    if w / h > aspect:
        h = w / aspect
    else:
        w = h * aspect
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def compose(model: MapModel) -> StaticLayout:
    """Lay out and draw ``model`` on a matplotlib figure (Agg canvas, no pyplot).

    Bands from top to bottom: a header (title, dek, measured figures, and the time
    slider's caption), the map, and a footer (short credits, byline). The map fills the
    band between them, edge to edge, in Web Mercator (EPSG:3857, the web page's own
    conformal plane), with the recipe's view bounds fitted at the band's aspect ratio.

    Parameters
    ----------
    model : MapModel

    Returns
    -------
    StaticLayout
    """
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = "frontline"  # stable ids inside the SVG
    from matplotlib import patheffects
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.transforms import Bbox

    r = model.recipe
    spec = r.static
    fig = Figure(figsize=(spec.width / 100, spec.height / 100), dpi=100 * spec.scale)
    FigureCanvasAgg(fig)
    fig.patch.set_facecolor("white")
    ruler = _Measure(fig.canvas.get_renderer())
    px = spec.scale  # display pixels per CSS pixel
    pt = fig.dpi / 72  # display pixels per point
    fig_w, fig_h = spec.width * px, spec.height * px
    text_w = fig_w - 2 * _PAD * px
    entries = _catalog_entries(model)

    def put(x: float, y_top: float, text: str, size: float, weight: str, color: str, **kw: Any):
        return fig.text(
            x / fig_w,
            1 - y_top / fig_h,
            text,
            fontsize=size,
            fontweight=weight,
            color=color,
            family=_FONT,
            va="top",
            parse_math=False,  # "$" in a title is text, never mathtext
            zorder=20,
            **kw,
        )

    # Header: the same order as the web page. Wrapped by measured width, never cut blindly.
    header_spec: list[tuple[str, float, str, str, int]] = [
        (_clip(r.text.title, 200), 15, "bold", "#1a1a1a", 2),
        (_clip(r.text.dek, 600), 9, "normal", "#333333", 2),
    ]
    figs = "   ·   ".join(f["text"] for f in model.figures)
    if figs:
        header_spec.append((_clip(figs, 600), 8.5, "bold", "#1a1a1a", 2))
    if model.timeline is not None:
        # A still image cannot slide: it shows the newest frame and says so.
        header_spec.append((_clip(model.timeline.caption(), 400), 8.5, "bold", "#5e3c99", 2))
    layout_header: list[Any] = []
    y = _TOP * px
    byline = _clip(r.text.byline, 80)
    b_size = 7.5
    by_w = ruler.width(byline, b_size, "bold") + 16 * px if byline else 0.0
    title_w = ruler.width(header_spec[0][0], header_spec[0][1], "bold")
    byline_in_header = bool(byline) and title_w + by_w <= text_w
    if byline_in_header:
        layout_header.append(
            put(fig_w - _PAD * px, y + 4 * px, byline, b_size, "bold", "#666666", ha="right")
        )
    for text, size, weight, color, max_lines in header_spec:
        if not text:
            continue
        for line in ruler.wrap(text, size, weight, text_w, max_lines):
            layout_header.append(put(_PAD * px, y, line, size, weight, color))
            y += size * 1.3 * pt
        y += 2 * px
    header_h = y + _GAP * px

    # Footer: short credits (at most two lines, "…" if still too long) and the byline.
    # A tile basemap cannot be drawn without the network: draw the land from the
    # recipe's basemap layer instead (credited like any other layer).
    drawn = model.drawn_layers()
    land = None if any(lyr.basemap for lyr in drawn) else _basemap_layer(model)
    extra = [(land.attribution or land.title, land.license)] if land is not None else []
    sources, rest = _credit_parts(model, entries, extra)
    credit = " ".join(p for p in (sources, rest) if p)
    c_size = 6.0
    if byline_in_header:
        by_w = 0.0
    credit_w = text_w - by_w
    credit_lines = ruler.wrap(credit, c_size, "normal", credit_w, 2) if credit else []
    if credit_lines and credit_lines[-1].endswith("…") and sources and rest:
        # Too long for two lines: shorten the list of sources (it is complete in the HTML),
        # never the licences and the date.
        words = sources.split()

        def shortened(n: int) -> str:
            return " ".join(words[:n]).rstrip(";,.:") + "… " + rest

        def fits(n: int) -> bool:
            lines = ruler.wrap(shortened(n), c_size, "normal", credit_w, 2)
            return not lines[-1].endswith("…")

        lo, hi = 0, len(words)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if fits(mid) else (lo, mid - 1)
        if lo > 1:
            credit_lines = ruler.wrap(shortened(lo), c_size, "normal", credit_w, 2)
    line_h = c_size * 1.35 * pt
    footer_h = max(1, len(credit_lines)) * line_h + 2 * _GAP * px
    layout_footer = []
    for i, line in enumerate(credit_lines):
        layout_footer.append(
            put(
                _PAD * px,
                fig_h - footer_h + _GAP * px + i * line_h,
                line,
                c_size,
                "normal",
                "#444444",
            )
        )
    if byline and not byline_in_header:
        layout_footer.append(
            put(
                fig_w - _PAD * px,
                fig_h - footer_h + _GAP * px,
                byline,
                b_size,
                "bold",
                "#555555",
                ha="right",
            )
        )

    # The map band, edge to edge between header and footer.
    map_h = fig_h - header_h - footer_h
    ax = fig.add_axes((0, footer_h / fig_h, 1, map_h / fig_h))
    ax.set_axis_off()
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, facecolor="#dbe6ee", zorder=0))
    # Exact limits at the band's aspect: no set_aspect, so matplotlib never re-fits them.
    x0, x1, y0, y1 = _fit_extent(model.bounds, fig_w / map_h)
    mb = simplify.to_mercator(np.asarray(model.max_bounds, dtype=float))
    if x0 < mb[0, 0] or x1 > mb[1, 0] or y0 < mb[0, 1] or y1 > mb[1, 1]:
        # The vector basemap ends at max_bounds (its clip edge would show as a border):
        # give up the comfort margin before showing it. The view itself is never cut.
        x0, x1, y0, y1 = _fit_extent(model.bounds, fig_w / map_h, pad=0.0)
    if land is not None:
        _draw_land(ax, land, (x0, x1, y0, y1), fig_w)
    for i, lyr in enumerate(drawn):
        _draw_layer(ax, lyr, zorder=1 + i, scale=spec.scale)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    # Thin rules between the bands, as in a printed graphic.
    for yy in (0, 1):
        ax.plot([0, 1], [yy, yy], transform=ax.transAxes, color="#9a9a9a", lw=0.5, zorder=40)
    map_box = Bbox.from_extents(0, footer_h, fig_w, footer_h + map_h)
    layout = StaticLayout(
        fig=fig,
        map_ax=ax,
        extent=(float(x0), float(x1), float(y0), float(y1)),
        header=layout_header,
        footer=layout_footer,
        credit=credit,
    )
    renderer = fig.canvas.get_renderer()
    halo = [patheffects.withStroke(linewidth=_HALO, foreground="white")]
    z = 2 + len(drawn)
    margin = 8 * px

    # Legend, top left.
    handles = _legend_handles(model)
    if handles:
        leg = ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(margin / fig_w, 1 - margin / map_h),
            borderaxespad=0,
            frameon=True,
            framealpha=0.92,
            edgecolor="#cccccc",
            fancybox=False,
            prop={"family": _FONT, "size": 7.5},
            handlelength=2.0,
        )
        leg.get_frame().set_linewidth(0.5)
        leg.set_zorder(30)
        for t in leg.get_texts():
            t.set_parse_math(False)
        layout.furniture["legend"] = leg.get_window_extent(renderer)

    # Locator inset, bottom right; its limits fitted to the box (never stretched).
    if model.inset_layer is not None and model.inset_bounds is not None:
        ib = simplify.to_mercator(np.asarray(model.inset_bounds, dtype=float))
        aspect = (ib[1, 0] - ib[0, 0]) / (ib[1, 1] - ib[0, 1])
        # The box takes the bounds' shape (the inset's land is clipped to them).
        iw, ih = _INSET[0], _INSET[0] / aspect
        if ih > _INSET[1]:
            iw, ih = _INSET[1] * aspect, _INSET[1]
        iw, ih = max(iw, 40) * px, max(ih, 40) * px
        ia = fig.add_axes(
            ((fig_w - margin - iw) / fig_w, (footer_h + margin) / fig_h, iw / fig_w, ih / fig_h)
        )
        ia.set_facecolor("#dbe6ee")
        ia.set_xticks([])
        ia.set_yticks([])
        for spine in ia.spines.values():
            spine.set_edgecolor("#888888")
            spine.set_linewidth(0.6)
        for path in _patches(_merc(model.inset_layer.geoms)):
            ia.add_patch(PathPatch(path, facecolor="#f4f1ea", edgecolor="#9a9a9a", lw=0.3))
        ix0, ix1, iy0, iy1 = _fit_extent(model.inset_bounds, iw / ih, pad=0.0)
        ia.set_xlim(ix0, ix1)
        ia.set_ylim(iy0, iy1)
        ia.add_patch(
            Rectangle(
                (x0, y0),
                x1 - x0,
                y1 - y0,
                facecolor="#b2182b",
                alpha=0.15,
                edgecolor="#b2182b",
                lw=1,
            )
        )
        ia.set_zorder(35)
        layout.furniture["inset"] = ia.get_window_extent(renderer)

    # Scale bar (metric over imperial), bottom left. Mercator's scale varies as 1/cos(lat):
    # the bars are true at the map's middle latitude, said when it matters (big maps).
    lat_mid = float(simplify.from_mercator(np.array([[0.0, (y0 + y1) / 2]]))[0, 1])
    lat_lo = float(simplify.from_mercator(np.array([[0.0, y0]]))[0, 1])
    lat_hi = float(simplify.from_mercator(np.array([[0.0, y1]]))[0, 1])
    ground = math.cos(math.radians(lat_mid))  # ground metres per Mercator metre
    km_m, mi_m = scale_bar_lengths(ground, (x1 - x0) * 0.16)
    varies = abs(math.cos(math.radians(lat_lo)) / math.cos(math.radians(lat_hi)) - 1) > 0.1
    bx = margin / fig_w
    boxes = []
    rows = [(km_m, f"{km_m / 1000:,g} km"), (mi_m, f"{mi_m / _MI:,g} mi")]
    for i, (metres, label) in enumerate(rows):
        frac = metres / ground / (x1 - x0)
        yy = (margin + (len(rows) - 1 - i) * 11 * px + 3 * px) / map_h
        (bar,) = ax.plot(
            [bx, bx + frac],
            [yy, yy],
            transform=ax.transAxes,
            color="#1a1a1a",
            lw=2.2,
            zorder=z + 3,
            solid_capstyle="butt",
            path_effects=[patheffects.withStroke(linewidth=3.6, foreground="white")],
        )
        t = ax.text(
            bx + frac + 4 * px / fig_w,
            yy,
            label,
            transform=ax.transAxes,
            fontsize=7,
            va="center",
            family=_FONT,
            zorder=z + 3,
            path_effects=halo,
        )
        boxes += [bar.get_window_extent(renderer), t.get_window_extent(renderer)]
    if varies:
        t = ax.text(
            bx,
            (margin + 2 * 11 * px + 3 * px) / map_h,
            f"Scale at {abs(lat_mid):.0f}°{'N' if lat_mid >= 0 else 'S'}",
            transform=ax.transAxes,
            fontsize=6.5,
            va="center",
            color="#444444",
            family=_FONT,
            zorder=z + 3,
            path_effects=halo,
        )
        boxes.append(t.get_window_extent(renderer))
    layout.furniture["scale"] = Bbox.union(boxes)

    dots = _place_labels(ax, model, layout, entries, map_box, halo, z)

    # Callouts come last: they have leader lines, so they can slide away (along the
    # leader, from the recipe's position) to clear their anchor, labels, dots and
    # furniture. A label the final box still covers is dropped rather than overprinted.
    for i, c in enumerate(model.callouts):
        at = simplify.to_mercator(np.array([c["at"]]))[0]
        txt = simplify.to_mercator(np.array([c["text_at"]]))[0]
        ann = ax.annotate(
            "\n".join(textwrap.wrap(_clip(c["text"], 140), 28)),
            tuple(at),
            xytext=tuple(txt),
            textcoords="data",
            fontsize=7.5,
            family=_FONT,
            ha="center",
            va="center",
            zorder=z + 2,
            parse_math=False,
            bbox={"boxstyle": "square,pad=0.4", "fc": "white", "ec": "#222222", "lw": 0.6},
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
        keep_clear = [
            *(t.get_window_extent(renderer) for t in layout.labels),
            *layout.furniture.values(),
            *(d for d in dots if d is not None),
        ]
        box = _slide_callout(ann, ax, at, txt, renderer, 8 * px, keep_clear, map_box)
        for t in list(layout.labels):
            if _overlaps(t.get_window_extent(renderer), box):
                t.remove()
                layout.labels.remove(t)
                layout.skipped.append(t.get_text())
        layout.furniture[f"callout-{i}"] = box
    return layout


def _callout_box(ann: Any, renderer: Any) -> Any:
    """A callout's text box with its frame, without the leader line (which
    ``Annotation.get_window_extent`` includes, and which reaches the anchor)."""
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
    """Slide a callout's box along the anchor → text direction (downwards if they
    coincide), in display pixels, to the first spot clear of its anchor (by ``gap`` px),
    of every box in ``keep_clear`` and inside the map. Without such a spot: the first one
    clear of the anchor. Returns the final box (padded a little)."""
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
        if _inside(box, map_box) and not any(_overlaps(padded, o) for o in keep_clear):
            return padded
    step = fallback if fallback is not None else 0
    ann.set_position(tuple(inv.transform((tx + vx * step, ty + vy * step))))
    return _callout_box(ann, renderer).padded(gap / 2)


def _place_labels(
    ax: Any,
    model: MapModel,
    layout: StaticLayout,
    entries: dict[str, Any],
    map_box: Any,
    halo: list[Any],
    z: int,
) -> list[Any]:
    """Place labels greedily by importance, each at the first candidate position whose box
    stays inside the map and clear of placed labels, dots and furniture; else skip it.

    Returns the dots' keep-clear boxes (None for labels without a dot), for callouts."""
    from matplotlib.transforms import Bbox

    renderer = layout.fig.canvas.get_renderer()
    px = model.recipe.static.scale
    ranks = _place_ranks(model, entries)
    xy = [simplify.to_mercator(np.array([[lab["lon"], lab["lat"]]]))[0] for lab in model.labels]
    # Points the layers already draw (display px, marker radius px): a label's own dot is
    # drawn only where no layer marker sits, so towns look the same labelled or not.
    markers = []
    for lyr in model.drawn_layers():
        parts = shapely.get_parts(_merc(lyr.geoms))
        pts = parts[shapely.get_type_id(parts) == 0]
        if len(pts):
            disp = ax.transData.transform(shapely.get_coordinates(pts))
            radius = float(lyr.style.get("radius", 4.0)) * 0.75 * layout.fig.dpi / 72
            markers += [(float(a), float(b), radius) for a, b in disp]
    dots = []
    for lab, (x, y) in zip(model.labels, xy, strict=True):
        if not lab.get("dot"):
            dots.append(None)
            continue
        dx, dy = ax.transData.transform((x, y))
        near = [m for m in markers if math.hypot(m[0] - dx, m[1] - dy) <= 1.5 * px]
        r = max((m[2] for m in near), default=1.75 * layout.fig.dpi / 72)
        if not near:
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
        # Another town's label keeps _DOT_CLEAR px off this dot, so it cannot be misread.
        r += _DOT_CLEAR * px
        dots.append(Bbox.from_extents(dx - r, dy - r, dx + r, dy + r))

    def rank(i: int) -> tuple[int, int, int]:
        lab = model.labels[i]
        if lab.get("kind") == "figure":
            return (0, 0, i)  # a measured figure is the map's point
        if not lab.get("dot"):
            return (1, 0, i)  # authored area names (Crimea, RUSSIA)
        k = lab.get("rank", ranks.get(str(lab["text"]).casefold(), 9))
        return (2, int(k), i)

    g = _LABEL_GAP
    d = g * 0.6
    offsets = {
        "right": (g, 0, "left", "center"),
        "left": (-g, 0, "right", "center"),
        "top": (0, g, "center", "bottom"),
        "bottom": (0, -g, "center", "top"),
        "center": (0, 0, "center", "center"),
        "top-right": (d, d, "left", "bottom"),
        "bottom-right": (d, -d, "left", "top"),
        "top-left": (-d, d, "right", "bottom"),
        "bottom-left": (-d, -d, "right", "top"),
    }
    placed: list[Any] = []
    obstacles = list(layout.furniture.values())
    for i in sorted(range(len(model.labels)), key=rank):
        lab = model.labels[i]
        k = rank(i)
        size, weight = _RANK_STYLE.get(min(k[1], 3), _RANK_STYLE[3])
        want = lab.get("position", "right")
        # An area name or a figure belongs where the recipe put it; a town may move.
        order = [want, *_DOT_ORDER] if lab.get("dot") else [want]
        cands = [offsets.get(p, offsets["right"]) for p in dict.fromkeys(order)]
        label_text = str(lab["text"])
        if lab.get("kind") == "figure":
            # On the line itself the value is enough; the header gives the full sentence.
            label_text = re.sub(r",[^,]*geodesic\)?$", "", label_text.split(": ", 1)[-1])
        if not lab.get("dot"):
            # ...but may shift a little up or down to clear a neighbour.
            dx0, dy0, ha0, va0 = cands[0]
            cands += [(dx0, dy0 + 9, ha0, va0), (dx0, dy0 - 9, ha0, va0)]
        text = None
        for dx, dy, ha, va in cands:
            if text is None:
                text = ax.annotate(
                    _clip(label_text, 60),
                    tuple(xy[i]),
                    xytext=(dx, dy),
                    textcoords="offset points",
                    ha=ha,
                    va=va,
                    fontsize=size,
                    fontweight=weight,
                    family=_FONT,
                    color="#5e3c99" if lab.get("kind") == "figure" else "#1a1a1a",
                    path_effects=halo,
                    zorder=z + 1,
                    parse_math=False,
                    annotation_clip=False,
                )
            else:
                text.set_position((dx, dy))
                text.set_ha(ha)
                text.set_va(va)
            box = text.get_window_extent(renderer).padded(_HALO / 2 * px)
            # Another name for the very same point (e.g. a figure's end) is not a neighbour.
            others = [
                d
                for j, d in enumerate(dots)
                if d is not None and j != i and not np.allclose(xy[j], xy[i])
            ]
            if _inside(box, map_box) and not any(
                _overlaps(box, o) for o in [*placed, *obstacles, *others]
            ):
                placed.append(box)
                layout.labels.append(text)
                break
        else:
            if text is not None:
                text.remove()
            layout.skipped.append(str(lab["text"]))
    return dots


def render_static(model: MapModel, fmt: str) -> bytes:
    """Render ``model`` to PNG or SVG bytes (see :func:`compose` for the layout).

    Parameters
    ----------
    model : MapModel
    fmt : {"png", "svg"}

    Returns
    -------
    bytes
        Deterministic for the same model and matplotlib version.
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"unknown static format {fmt!r}")
    fig = compose(model).fig
    buf = io.BytesIO()
    if fmt == "svg":
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "frontline"})
    else:
        fig.savefig(buf, format="png", metadata={"Software": "frontline"})
    return buf.getvalue()


def _clip(text: str, n: int) -> str:
    """One line, at most ``n`` characters (static images cannot scroll)."""
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"
