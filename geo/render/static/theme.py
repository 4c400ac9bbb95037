"""Light and dark colours of the static image (the recipe's ``[static] theme``).

The dark image is the dark page's (``frontline.css``): the basemap goes through the page's
filter, ``invert(0.92) hue-rotate(180deg) saturate(0.8)``, so land is dark and water stays
blue (:func:`filter_colour`); the recipe's own layers keep their colours; text, halos,
boxes and rules take the page's dark furniture colours (:data:`DARK`).

Examples
--------
>>> palette("dark").paper, palette("light").halo
('#15191e', '#ffffff')
>>> filter_colour("#ffffff"), filter_colour("#000000")
('#141414', '#ebebeb')
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from geo.render.model import MapLayer

__all__ = [
    "CASING",
    "DARK",
    "LIGHT",
    "THEMES",
    "Palette",
    "contrast",
    "filter_colour",
    "palette",
    "themed_layer",
]

#: The static image's themes.
THEMES = ("light", "dark")
#: On a dark image, a recipe line darker than this contrast with the land (WCAG ratio; 3
#: is the least for graphics) is drawn over a light casing (:data:`CASING_COLOUR`).
CASING = 3.0
CASING_COLOUR = "#d9d9d9"


@dataclass(frozen=True)
class Palette:
    """The colours of one theme (CSS hex strings).

    Attributes
    ----------
    paper, ink, dek, muted, credit : str
        The page behind the bands; title and figures; the dek; byline; credit line.
    rule : str
        The thin rules between the bands.
    sea, land, land_edge : str
        The map's background, and land drawn for a tiled page (:func:`.draw.draw_land`).
    halo : str
        Behind map text (labels, scale bar).
    place, water, country, figure : str
        Label colours by kind.
    dot, dot_edge : str
        A town's dot drawn by the labels (not a layer's own marker).
    box, box_edge, box_text : str
        Callout boxes and their leader lines; their text.
    map_ink : str
        Other text on the map: legend entries, the scale bar's lengths.
    legend, legend_edge : str
        The legend's box.
    inset_edge, inset_view : str
        The inset's frame and the main view's box in it.
    timeline : str
        The time slider's caption.
    """

    paper: str
    ink: str
    dek: str
    muted: str
    credit: str
    rule: str
    sea: str
    land: str
    land_edge: str
    halo: str
    place: str
    water: str
    country: str
    figure: str
    dot: str
    dot_edge: str
    box: str
    box_edge: str
    box_text: str
    map_ink: str
    legend: str
    legend_edge: str
    inset_edge: str
    inset_view: str
    timeline: str


#: The light image (the colours it always had).
LIGHT = Palette(
    paper="#ffffff",
    ink="#1a1a1a",
    dek="#333333",
    muted="#666666",
    credit="#444444",
    rule="#9a9a9a",
    sea="#dbe6ee",
    land="#f4f1ea",
    land_edge="#9a9a9a",
    halo="#ffffff",
    place="#1a1a1a",
    water="#2f6aa3",
    country="#6b6b6b",
    figure="#5e3c99",
    dot="#222222",
    dot_edge="#ffffff",
    box="#ffffff",
    box_edge="#222222",
    box_text="#000000",
    map_ink="#000000",
    legend="#ffffff",
    legend_edge="#cccccc",
    inset_edge="#888888",
    inset_view="#b2182b",
    timeline="#5e3c99",
)

#: The dark image: the dark page's colours (``frontline.css``, ``.fl-dark``).
DARK = Palette(
    paper="#15191e",
    ink="#ececec",
    dek="#d0d0d0",
    muted="#c4c4c4",
    credit="#c4c4c4",
    rule="#555555",
    sea="#252c31",  # the light sea through the basemap filter, like the basemap's water
    land="#22201b",
    land_edge="#696969",
    halo="#111111",
    place="#f2f2f2",
    water="#8fc1f0",
    country="#bdbdbd",
    figure="#d4b9ff",
    dot="#f2f2f2",
    dot_edge="#111111",
    box="#1f2125",
    box_edge="#bdbdbd",
    box_text="#f2f2f2",
    map_ink="#f2f2f2",
    legend="#1c1e22",
    legend_edge="#555555",
    inset_edge="#9a9a9a",
    inset_view="#ff6b6b",
    timeline="#d4b9ff",
)


def palette(theme: str) -> Palette:
    """The colours of ``theme`` (``"light"`` or ``"dark"``).

    Raises
    ------
    ValueError
        Another theme (the recipe parser only lets these two through).
    """
    if theme == "light":
        return LIGHT
    if theme == "dark":
        return DARK
    raise ValueError(f"unknown static theme {theme!r}; one of light, dark")


def _matrix_hue_180() -> np.ndarray:
    # The Filter Effects hue-rotate matrix at 180 degrees (cos = -1, sin = 0).
    return np.array(
        [[-0.574, 1.430, 0.144], [0.426, 0.430, 0.144], [0.426, 1.430, -0.856]], dtype=float
    )


def _matrix_saturate(s: float) -> np.ndarray:
    return np.array(
        [
            [0.213 + 0.787 * s, 0.715 - 0.715 * s, 0.072 - 0.072 * s],
            [0.213 - 0.213 * s, 0.715 + 0.285 * s, 0.072 - 0.072 * s],
            [0.213 - 0.213 * s, 0.715 - 0.715 * s, 0.072 + 0.928 * s],
        ],
        dtype=float,
    )


def filter_colour(colour: str) -> str:
    """``colour`` through the dark page's basemap filter, as a ``#rrggbb`` string.

    ``invert(0.92) hue-rotate(180deg) saturate(0.8)`` in sRGB, each step clamped to 0-1 as
    the Filter Effects spec does. Named colours and ``#rgb`` are accepted (matplotlib's
    names); the alpha of ``#rrggbbaa`` is dropped.

    Examples
    --------
    >>> filter_colour("#dbe6ee")  # the light sea: dark blue
    '#252c31'
    """
    from matplotlib.colors import to_hex, to_rgb

    rgb = np.asarray(to_rgb(colour), dtype=float)
    rgb = 0.92 * (1 - rgb) + 0.08 * rgb
    rgb = np.clip(_matrix_hue_180() @ rgb, 0, 1)
    rgb = np.clip(_matrix_saturate(0.8) @ rgb, 0, 1)
    return str(to_hex(np.round(rgb * 255) / 255))


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1 (none) to 21 (black on white).

    Examples
    --------
    >>> round(contrast("#000000", "#ffffff"), 1), round(contrast("#67000d", DARK.land), 2)
    (21.0, 1.23)
    """
    from matplotlib.colors import to_rgb

    def lum(c: str) -> float:
        v = np.asarray(to_rgb(c), dtype=float)
        v = np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)
        return float(v @ np.array([0.2126, 0.7152, 0.0722]))

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


_COLOUR_KEYS = ("stroke", "fill")


def themed_layer(lyr: MapLayer, theme: str) -> MapLayer:
    """``lyr`` as the ``theme`` draws it: a dark basemap layer takes filtered colours.

    The recipe's own layers keep their colours in both themes, as on the page; on a dark
    image a solid line too dark to read on the land (contrast under :data:`CASING`) gets
    a light casing under it (style key ``casing``, read by :mod:`.draw`).
    """
    if theme == "light":
        return lyr
    if not lyr.basemap:
        stroke = lyr.style.get("stroke")
        # A dashed line keeps its gaps: a solid casing would fill them.
        solid = lyr.kind == "line" and not lyr.style.get("dash")
        dim = solid and isinstance(stroke, str) and stroke.startswith("#")
        if dim and contrast(str(stroke), DARK.land) < CASING:
            return replace(lyr, style={**lyr.style, "casing": CASING_COLOUR})
        return lyr
    style = dict(lyr.style)
    for key in _COLOUR_KEYS:
        value = style.get(key)
        if isinstance(value, str) and value and value != "none":
            style[key] = filter_colour(value)
    return replace(lyr, style=style)
