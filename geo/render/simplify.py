"""Zoom-aware simplification and coordinate quantisation with a stated worst-case error.

A web map never shows more detail than one screen pixel, so shipping more vertices or more
decimals than that only makes the file bigger. For a recipe's maximum zoom ``z`` we:

1. project to Web Mercator (the map's own plane, EPSG:3857, spherical formulas, no pyproj),
   where one screen pixel is exactly ``156543.03392804097 / 2**z`` metres at every latitude;
2. simplify with Douglas–Peucker at ``tolerance_px`` pixels (its Hausdorff distance to the
   original is at most the tolerance);
3. round longitude/latitude to ``decimals`` places. Rounding moves a vertex by at most
   ``0.5·10**-decimals`` degrees in each axis, which on screen is
   ``0.5·10**-d · (256·2**z / 360) · sqrt(1 + sec²φ)`` pixels at latitude ``φ`` (largest at
   the layer's highest |latitude|).

The worst-case displacement is the sum of both (triangle inequality). :func:`plan` picks the
fewest decimals whose rounding error is at most ``QUANT_BUDGET_PX`` and spends the rest of
the ``TOTAL_BUDGET_PX`` (< 1 px) on simplification.

A layer the page draws itself in Web Mercator pixels (the vector basemap) is quantised on
that pixel grid instead of in degrees: :func:`plan` with ``grid=q`` snaps every vertex to
``1/q`` px at the max zoom, which moves it by at most ``sqrt(2)/(2q)`` px at any latitude,
and :func:`simplify_to_grid` returns the integer grid coordinates the page uses as they are.

Examples
--------
>>> p = plan(max_zoom=10, max_abs_lat=52.0)
>>> p.decimals, round(p.worst_px, 2) < 1
(4, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely

__all__ = [
    "QUANT_BUDGET_PX",
    "TOTAL_BUDGET_PX",
    "SimplifyPlan",
    "from_mercator",
    "grid_to_lonlat",
    "measured_displacement_px",
    "metres_per_pixel",
    "plan",
    "quantise",
    "simplify_geometries",
    "simplify_to_grid",
    "to_mercator",
]

#: Web Mercator sphere radius (m) and the ground resolution at zoom 0 on the equator (m/px).
R = 6378137.0
M_PER_PX_Z0 = 2 * math.pi * R / 256
#: Budget for the total displacement of any drawn point, in screen pixels at max zoom.
TOTAL_BUDGET_PX = 0.9
#: Largest rounding error we accept before adding a decimal, in pixels at max zoom.
QUANT_BUDGET_PX = 0.25


def metres_per_pixel(zoom: float, lat: float = 0.0) -> float:
    """Ground metres per screen pixel of a Web Mercator map at ``zoom`` and latitude ``lat``.

    Parameters
    ----------
    zoom : float
        Leaflet zoom level (256-px tiles).
    lat : float, default 0
        Latitude in degrees; the ground distance shrinks by ``cos(lat)``.

    Returns
    -------
    float
        Metres on the ground per CSS pixel.

    Examples
    --------
    >>> round(metres_per_pixel(10, 50.0), 1)
    98.3
    """
    return M_PER_PX_Z0 / 2**zoom * math.cos(math.radians(lat))


@dataclass(frozen=True)
class SimplifyPlan:
    """How a layer is prepared for one map.

    Attributes
    ----------
    max_zoom : int
        The recipe's maximum zoom.
    max_abs_lat : float
        Highest |latitude| of the layer (degrees), where rounding moves points furthest.
    tolerance_px, tolerance_m : float
        Douglas–Peucker tolerance in screen pixels and in Web Mercator metres.
    decimals : int
        Decimal places kept in longitude/latitude (0 for a grid-quantised layer).
    quant_px : float
        Worst rounding displacement in pixels at ``max_zoom``.
    worst_px : float
        Worst total displacement (``tolerance_px + quant_px``) in pixels at ``max_zoom``.
    worst_m : float
        The same in ground metres at ``max_abs_lat`` (an upper bound for the whole layer).
    grid : int
        0 for lon/lat rounding; else vertices lie on a Web Mercator grid of ``1/grid`` px
        at ``max_zoom``.
    """

    max_zoom: int
    max_abs_lat: float
    tolerance_px: float
    tolerance_m: float
    decimals: int
    quant_px: float
    worst_px: float
    worst_m: float
    grid: int = 0

    def to_dict(self) -> dict[str, float | int | None]:
        """Plain-JSON form (rounded for reports)."""
        return {
            "max_zoom": self.max_zoom,
            "max_abs_lat": round(self.max_abs_lat, 4),
            "tolerance_px": round(self.tolerance_px, 4),
            "tolerance_mercator_m": round(self.tolerance_m, 3),
            "decimals": None if self.grid else self.decimals,
            "grid_per_px": self.grid or None,
            "quantisation_px": round(self.quant_px, 4),
            "worst_case_px": round(self.worst_px, 4),
            "worst_case_ground_m": round(self.worst_m, 2),
        }


def _quant_px(decimals: int, zoom: int, max_abs_lat: float) -> float:
    px_per_deg = 256 * 2**zoom / 360
    sec = 1 / math.cos(math.radians(min(max_abs_lat, 85.0)))
    return 0.5 * 10.0**-decimals * px_per_deg * math.sqrt(1 + sec * sec)


def plan(max_zoom: int, max_abs_lat: float, grid: int = 0) -> SimplifyPlan:
    """Choose the simplification tolerance and decimals for a layer.

    Parameters
    ----------
    max_zoom : int
        The deepest zoom the map allows.
    max_abs_lat : float
        Highest |latitude| of the layer, degrees.
    grid : int, default 0
        Quantise on a Web Mercator grid of ``1/grid`` px at ``max_zoom`` instead of rounding
        degrees (see :func:`simplify_to_grid`).

    Returns
    -------
    SimplifyPlan
        With ``worst_px < 1``.
    """
    decimals = 0
    if grid:
        quant = math.sqrt(2) / (2 * grid)  # half the diagonal of a grid cell
        if quant > QUANT_BUDGET_PX:
            raise ValueError(f"a 1/{grid} px grid moves points more than {QUANT_BUDGET_PX} px")
    else:
        while _quant_px(decimals, max_zoom, max_abs_lat) > QUANT_BUDGET_PX:
            decimals += 1
        quant = _quant_px(decimals, max_zoom, max_abs_lat)
    tol_px = TOTAL_BUDGET_PX - quant
    m_per_px = M_PER_PX_Z0 / 2**max_zoom  # Mercator metres per pixel (any latitude)
    worst = tol_px + quant
    ground = worst * metres_per_pixel(max_zoom, max_abs_lat)
    return SimplifyPlan(
        max_zoom, max_abs_lat, tol_px, tol_px * m_per_px, decimals, quant, worst, ground, grid
    )


def to_mercator(coords: np.ndarray) -> np.ndarray:
    """Lon/lat degrees (N×2) → spherical Web Mercator metres (N×2)."""
    lon = np.radians(coords[:, 0])
    lat = np.radians(np.clip(coords[:, 1], -85.0511287798, 85.0511287798))
    return np.column_stack([R * lon, R * np.log(np.tan(np.pi / 4 + lat / 2))])


def from_mercator(coords: np.ndarray) -> np.ndarray:
    """Spherical Web Mercator metres (N×2) → lon/lat degrees (N×2)."""
    lon = np.degrees(coords[:, 0] / R)
    lat = np.degrees(2 * np.arctan(np.exp(coords[:, 1] / R)) - np.pi / 2)
    return np.column_stack([lon, lat])


def quantise(geoms: np.ndarray, decimals: int) -> np.ndarray:
    """Round every lon/lat coordinate of ``geoms`` to ``decimals`` places."""
    return shapely.transform(geoms, lambda c: np.round(c, decimals))


def simplify_geometries(geoms: np.ndarray, p: SimplifyPlan) -> tuple[np.ndarray, int, int]:
    """Simplify (in Web Mercator) and quantise lon/lat geometries according to ``p``.

    Parameters
    ----------
    geoms : array of shapely geometries
        Lon/lat (EPSG:4326).
    p : SimplifyPlan

    Returns
    -------
    geoms : ndarray of shapely geometries
        Lon/lat, simplified and rounded; empty results are kept as empty geometries.
    vertices_in, vertices_out : int
        Vertex counts before and after.
    """
    out, n_in = _simplify_merc(geoms, p)
    lonlat = shapely.transform(out, from_mercator)
    result = quantise(lonlat, p.decimals)
    n_out = int(shapely.get_num_coordinates(result).sum())
    return result, n_in, n_out


def _simplify_merc(geoms: np.ndarray, p: SimplifyPlan) -> tuple[np.ndarray, int]:
    geoms = np.asarray(geoms, dtype=object)
    n_in = int(shapely.get_num_coordinates(geoms).sum())
    merc = shapely.transform(geoms, to_mercator)
    # Polygons keep their topology (no self-intersections); lines and points need not.
    polygonal = np.isin(shapely.get_type_id(merc), [3, 6])
    out = np.empty(len(merc), dtype=object)
    if polygonal.any():
        out[polygonal] = shapely.simplify(merc[polygonal], p.tolerance_m, preserve_topology=True)
    if (~polygonal).any():
        out[~polygonal] = shapely.simplify(merc[~polygonal], p.tolerance_m, preserve_topology=False)
    return out, n_in


def grid_to_lonlat(coords: np.ndarray, zoom: int, grid: int, origin: tuple[int, int]) -> np.ndarray:
    """Grid coordinates (N×2; ``1/grid`` px at ``zoom`` from pixel ``origin``) → lon/lat."""
    mpp = M_PER_PX_Z0 / 2**zoom
    half = R * math.pi
    x = (coords[:, 0] / grid + origin[0]) * mpp - half
    y = half - (coords[:, 1] / grid + origin[1]) * mpp
    return from_mercator(np.column_stack([x, y]))


def simplify_to_grid(
    geoms: np.ndarray, p: SimplifyPlan, origin: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Simplify in Web Mercator and snap to the plan's pixel grid (``p.grid`` > 0).

    Parameters
    ----------
    geoms : array of shapely geometries
        Lon/lat (EPSG:4326).
    p : SimplifyPlan
        From ``plan(..., grid=q)``.
    origin : (int, int)
        Pixel (x, y) at ``p.max_zoom``, counted from the world's north-west corner, that
        becomes grid (0, 0); y grows southwards, as on screen.

    Returns
    -------
    lonlat : ndarray of shapely geometries
        The snapped geometries in lon/lat (what is drawn, for reports and static output).
    grid : ndarray of shapely geometries
        The same in integer grid units (``1/q`` px), for the page.
    vertices_in, vertices_out : int
    """
    if not p.grid:
        raise ValueError("the plan has no grid; use plan(..., grid=q)")
    out, n_in = _simplify_merc(geoms, p)
    mpp = M_PER_PX_Z0 / 2**p.max_zoom
    half = R * math.pi

    def to_grid(c: np.ndarray) -> np.ndarray:
        gx = ((c[:, 0] + half) / mpp - origin[0]) * p.grid
        gy = ((half - c[:, 1]) / mpp - origin[1]) * p.grid
        return np.rint(np.column_stack([gx, gy]))

    grid = shapely.transform(out, to_grid)
    lonlat = shapely.transform(grid, lambda c: grid_to_lonlat(c, p.max_zoom, p.grid, origin))
    return lonlat, grid, n_in, int(shapely.get_num_coordinates(grid).sum())


def measured_displacement_px(
    original: np.ndarray, simplified: np.ndarray, max_zoom: int, sample: int = 20000
) -> float:
    """Largest distance (screen px at ``max_zoom``) from an original vertex to the result.

    For Douglas–Peucker output this directed distance is the Hausdorff distance up to the
    rounding of the kept vertices, so it checks :attr:`SimplifyPlan.worst_px`. Up to
    ``sample`` vertices per geometry are checked (evenly spaced) to bound the cost.
    """
    worst = 0.0
    m_per_px = M_PER_PX_Z0 / 2**max_zoom
    for a, b in zip(original, simplified, strict=True):
        if a is None or shapely.is_empty(a):
            continue
        pts = shapely.get_coordinates(a)
        if len(pts) > sample:
            pts = pts[np.linspace(0, len(pts) - 1, sample).astype(int)]
        target = shapely.transform(b, to_mercator)
        if shapely.get_type_id(target) in (3, 6):
            target = shapely.boundary(target)
        d = shapely.distance(shapely.points(to_mercator(pts)), target)
        worst = max(worst, float(np.max(d)) / m_per_px)
    return worst
