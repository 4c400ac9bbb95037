"""The static image's page: figure, sizes, text ruler, and the box geometry of the layout.

Sizes are in CSS px (the recipe's ``[static]`` width and height) times ``scale`` display
pixels; type sizes are in points. :class:`Ruler` measures text with the Agg renderer, so
lines wrap by their real width, never by a character count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from geo.render import simplify
from geo.render.static.theme import LIGHT, Palette, palette

__all__ = [
    "FONT",
    "MapBand",
    "Page",
    "Ruler",
    "StaticLayout",
    "clip",
    "fit_extent",
    "inside",
    "overlaps",
]

FONT = "DejaVu Sans"
#: Page furniture in CSS px (the figure is ``spec.width`` × ``spec.height`` CSS px).
PAD = 16  # left/right margin of the header and footer text
TOP = 10  # space above the title
GAP = 6  # between the header and the map, and around the footer text
VIEW_PAD = 0.03  # fraction of the view's span kept free around the recipe's bounds
HALO = 2.5  # points: halo around map text (white in the light theme)


@dataclass
class StaticLayout:
    """A composed static map, before it is saved (what :func:`render_static` writes).

    All boxes are in display (device) pixels of ``fig``, as given by the Agg renderer.

    Attributes
    ----------
    fig : matplotlib.figure.Figure
        The whole image.
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


class Ruler:
    """Text widths in display pixels from the Agg renderer (the layout's ruler)."""

    def __init__(self, renderer: Any) -> None:
        self.renderer = renderer

    def width(self, text: str, size: float, weight: str = "normal") -> float:
        """Width of ``text`` at ``size`` points, display px."""
        from matplotlib.font_manager import FontProperties

        prop = FontProperties(family=FONT, size=size, weight=weight)
        w, _, _ = self.renderer.get_text_width_height_descent(text, prop, ismath=False)
        return float(w)

    def ellipsize(self, text: str, size: float, weight: str, max_w: float) -> str:
        """Return the longest prefix of ``text`` (cut at a word if one is near) + "…" that fits."""
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


@dataclass
class Page:
    """The figure being drawn and its sizes in display pixels.

    Attributes
    ----------
    fig : matplotlib.figure.Figure
        On an Agg canvas (no pyplot, no global state).
    ruler : Ruler
        Measures text on that canvas.
    px : float
        Display pixels per CSS pixel (the recipe's ``static.scale``).
    pt : float
        Display pixels per point.
    width, height : float
        The figure in display pixels.
    colours : Palette
        The recipe's ``static.theme`` (:mod:`.theme`).
    """

    fig: Any
    ruler: Ruler
    px: float
    pt: float
    width: float
    height: float
    colours: Palette = LIGHT

    @classmethod
    def start(cls, spec: Any) -> Page:
        """Return a figure of ``spec.width`` × ``spec.height`` CSS px at ``spec.scale``.

        Its paper is the colour of ``spec.theme`` (white when light).
        """
        import matplotlib

        matplotlib.rcParams["svg.hashsalt"] = "frontline"  # stable ids inside the SVG
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=(spec.width / 100, spec.height / 100), dpi=100 * spec.scale)
        canvas = FigureCanvasAgg(fig)
        colours = palette(getattr(spec, "theme", "light"))
        fig.patch.set_facecolor(colours.paper)
        px = spec.scale
        return cls(
            fig=fig,
            ruler=Ruler(canvas.get_renderer()),
            px=px,
            pt=fig.dpi / 72,
            width=spec.width * px,
            height=spec.height * px,
            colours=colours,
        )

    @property
    def text_width(self) -> float:
        """Room for header and footer text between the side margins, display px."""
        return self.width - 2 * PAD * self.px

    @property
    def renderer(self) -> Any:
        """The Agg renderer (boxes of drawn artists)."""
        return self.fig.canvas.get_renderer()

    def put(
        self, x: float, y_top: float, text: str, size: float, weight: str, color: str, **kw: Any
    ) -> Any:
        """Figure text with its top at ``y_top`` display px from the top; never mathtext."""
        return self.fig.text(
            x / self.width,
            1 - y_top / self.height,
            text,
            fontsize=size,
            fontweight=weight,
            color=color,
            family=FONT,
            va="top",
            parse_math=False,  # "$" in a title is text, never mathtext
            zorder=20,
            **kw,
        )


@dataclass
class MapBand:
    """The map's band of the page, between header and footer.

    Attributes
    ----------
    ax : matplotlib.axes.Axes
        In Web Mercator metres.
    extent : tuple of float
        ``(x0, x1, y0, y1)`` of ``ax``.
    box : matplotlib.transforms.Bbox
        The band in display pixels.
    bottom, height : float
        The band's bottom (the footer's height) and height, display px.
    z : int
        A z-order above every drawn layer (for map text and furniture).
    halo : list
        The halo path effect of map text (the theme's ``halo`` colour).
    colours : Palette
        The page's theme colours.
    """

    ax: Any
    extent: tuple[float, float, float, float]
    box: Any
    bottom: float
    height: float
    z: int
    halo: list[Any]
    colours: Palette = LIGHT


def clip(text: str, n: int) -> str:
    r"""One line, at most ``n`` characters (static images cannot scroll).

    Examples
    --------
    >>> clip("a  very\nlong title", 10)
    'a very lo…'
    """
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def overlaps(a: Any, b: Any, pad: float = 0.0) -> bool:
    """Whether boxes ``a`` and ``b`` (with ``pad`` px between them) overlap."""
    return not (
        a.x1 + pad <= b.x0 or b.x1 + pad <= a.x0 or a.y1 + pad <= b.y0 or b.y1 + pad <= a.y0
    )


def inside(a: Any, outer: Any) -> bool:
    """Whether box ``a`` lies inside box ``outer``."""
    return a.x0 >= outer.x0 and a.x1 <= outer.x1 and a.y0 >= outer.y0 and a.y1 <= outer.y1


def fit_extent(
    bounds: Any, aspect: float, pad: float = VIEW_PAD
) -> tuple[float, float, float, float]:
    """Web Mercator extent holding ``bounds`` at width/height ``aspect``.

    ``pad`` of the bounds' span is kept free on every side; the shorter axis grows, so the
    bounds are never cropped.
    """
    m = simplify.to_mercator(np.asarray(bounds, dtype=float))
    x0, y0, x1, y1 = m[0, 0], m[0, 1], m[1, 0], m[1, 1]
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = (x1 - x0) * (1 + 2 * pad), (y1 - y0) * (1 + 2 * pad)
    if w / h > aspect:
        h = w / aspect
    else:
        w = h * aspect
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2
