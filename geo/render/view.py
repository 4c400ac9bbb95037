"""The map's view in Web Mercator: recipe bounds, zoom fitting and whole-pixel frames.

Shared by :mod:`geo.render.prepare` (the pan limits, and the pixel frame the fixed overlays
are drawn in) and the folium renderer (the start zoom). Bounds are ``((W, S), (E, N))`` in
degrees; Web Mercator is the spherical EPSG:3857 of :mod:`geo.render.simplify`.

Examples
--------
>>> round(fit_zoom(((30.0, 44.5), (40.5, 51.8)), NOMINAL_SIZE), 3)
6.587
>>> frame = pixel_frame(((30.0, 44.5), (40.5, 51.8)), 6)
>>> frame["origin"], frame["size"]
([9557, 5426], [479, 500])
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from geo.recipe import Recipe
from geo.render import simplify

__all__ = [
    "BASEMAP_GRID",
    "MARGIN",
    "NOMINAL_SIZE",
    "Bounds",
    "expand",
    "fit_zoom",
    "lonlat_bounds",
    "merc_bounds",
    "pixel_frame",
    "view_bounds",
]

#: ``((W, S), (E, N))`` in degrees.
Bounds = tuple[tuple[float, float], tuple[float, float]]

#: Nominal page size (CSS px) used to turn centre + zoom into bounds, and bounds into zoom.
NOMINAL_SIZE = (1200, 750)
#: How far the map can be panned beyond the recipe's view, as a fraction of the view's
#: Web Mercator width/height on every side (maxBounds; the vector basemap covers exactly
#: that). A full view on each side keeps the start view covered on screens up to about
#: twice as wide or as tall as the view, and leaves room to pan when zoomed in.
MARGIN = 1.0
#: Fixed overlays (the vector basemap, areas and lines without tooltips, the time slider)
#: are snapped to 1/4 px at the max zoom (moves points <= 0.18 px).
BASEMAP_GRID = 4


def merc_bounds(bounds: Sequence[Sequence[float]]) -> np.ndarray:
    """Lon/lat bounds as a 2×2 array of Web Mercator metres ``[[x0, y0], [x1, y1]]``."""
    return simplify.to_mercator(np.asarray(bounds, dtype=float))


def lonlat_bounds(merc: np.ndarray) -> Bounds:
    """Web Mercator corners back to lon/lat bounds, rounded to 6 decimals (about 0.1 m)."""
    ll = simplify.from_mercator(merc)
    return (
        (round(float(ll[0, 0]), 6), round(float(ll[0, 1]), 6)),
        (round(float(ll[1, 0]), 6), round(float(ll[1, 1]), 6)),
    )


def fit_zoom(bounds: Sequence[Sequence[float]], size: tuple[int, int]) -> float:
    """Largest (fractional) zoom at which ``bounds`` fit a ``size`` (CSS px) viewport."""
    m = merc_bounds(bounds)
    dx, dy = m[1, 0] - m[0, 0], m[1, 1] - m[0, 1]
    zx = math.log2(size[0] * simplify.M_PER_PX_Z0 / dx)
    zy = math.log2(size[1] * simplify.M_PER_PX_Z0 / dy)
    return min(zx, zy)


def view_bounds(recipe: Recipe) -> Bounds:
    """Return the recipe's view as bounds: its ``bounds``, or centre + zoom on a nominal page."""
    v = recipe.view
    if v.bounds is not None:
        return v.bounds
    assert v.center is not None and v.zoom is not None
    c = simplify.to_mercator(np.array([v.center], dtype=float))[0]
    half = np.array(NOMINAL_SIZE, dtype=float) / 2 * simplify.M_PER_PX_Z0 / 2**v.zoom
    return lonlat_bounds(np.array([c - half, c + half]))


def expand(bounds: Any, factor: float) -> Bounds:
    """Grow lon/lat bounds by ``factor`` of their Mercator size on every side."""
    m = merc_bounds(bounds)
    span = m[1] - m[0]
    limit = simplify.R * math.pi
    grown = np.array([m[0] - span * factor, m[1] + span * factor])
    grown = np.clip(grown, -limit * 0.999, limit * 0.999)
    return lonlat_bounds(grown)


def pixel_frame(bounds: Any, zoom: int) -> dict[str, Any]:
    """Grow lon/lat bounds to whole Web Mercator pixels at ``zoom``.

    Parameters
    ----------
    bounds : ((W, S), (E, N))
        Degrees.
    zoom : int
        The zoom whose pixels the frame is counted in.

    Returns
    -------
    dict
        ``{"zoom", "origin": [x, y], "size": [w, h], "bounds": ((W, S), (E, N))}``, pixels
        counted from the world's north-west corner. The page draws fixed overlays in this
        frame (``frontline.js``); whole-pixel corners make Leaflet's placement exact at
        ``zoom``.
    """
    m = merc_bounds(bounds)
    mpp = simplify.M_PER_PX_Z0 / 2**zoom
    half = simplify.R * math.pi
    x0 = math.floor((m[0, 0] + half) / mpp)
    x1 = math.ceil((m[1, 0] + half) / mpp)
    y0 = math.floor((half - m[1, 1]) / mpp)
    y1 = math.ceil((half - m[0, 1]) / mpp)
    corners = simplify.from_mercator(
        np.array([[x0 * mpp - half, half - y1 * mpp], [x1 * mpp - half, half - y0 * mpp]])
    )
    return {
        "zoom": zoom,
        "origin": [x0, y0],
        "size": [x1 - x0, y1 - y0],
        "bounds": (
            (float(corners[0, 0]), float(corners[0, 1])),
            (float(corners[1, 0]), float(corners[1, 1])),
        ),
    }
