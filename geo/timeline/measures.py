"""Measures of one snapshot: geodesic area, front lengths, and areas of overlay results.

Every figure is geodesic on WGS84 (:mod:`geo.measure`); the front comes from
:func:`geo.front.derive_front`. A snapshot whose front cannot be derived still gets its
area, with the reason in ``error``.

Gained and lost area in one pass
--------------------------------
Consecutive daily snapshots are mostly identical, so :func:`change_areas` first finds
where they differ: the edges (pairs of consecutive vertices, either direction) that one
outline has and the other has not, compared exactly with numpy. Where both outlines have
the same edges, both areas agree on both sides of them, so the symmetric difference
lies inside the bounding box of the differing edges (a bounded region lies within the
bounding box of its boundary, and its boundary is made of those edges). Both shapes are
clipped to that box (a hair wider) and the two differences run on the clipped parts only:
``(A ∩ R) − (B ∩ R) = (A − B) ∩ R = A − B`` when ``A − B`` lies in ``R``. Where the changes
are spread over the whole front the box is the whole front, and the result is the same.

Examples
--------
>>> from shapely import box
>>> round(clean_area_km2(box(30, 48, 31, 49).intersection(box(30.5, 48, 32, 49))))
4109
>>> clean_area_km2(box(30, 48, 31, 49).intersection(box(40, 48, 41, 49)))
0.0
>>> [round(v) for v in change_areas(box(30, 48, 31.5, 49), box(30, 48, 31, 49))]
[4109, 0]
>>> changed_bounds(box(30, 48, 31, 49), box(30, 48, 31, 49)) is None
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from geo.errors import GeoError
from geo.front import derive_front
from geo.geometry import polygon_parts
from geo.measure import area
from geo.units import SQ_MI_PER_KM2

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = ["change_areas", "changed_bounds", "clean_area_km2", "measure_snapshot"]

#: How much wider than the differing edges the clipping box is, in degrees (~0.1 m), so
#: its sides never run along an edge of either shape.
_CLIP_PAD_DEG = 1e-6


def clean_area_km2(geom: BaseGeometry) -> float:
    """Geodesic area (km²) of the polygonal part of an overlay result; 0 for nothing.

    Parameters
    ----------
    geom : shapely geometry
        Lon/lat; typically a polygon difference, which may hold stray lines or points.

    Returns
    -------
    float
        Square kilometres on WGS84.
    """
    parts = polygon_parts([geom])
    return area(parts).km2 if parts else 0.0


def _edges(geom: BaseGeometry) -> np.ndarray:
    """Every ring or line edge as one row ``(x0, y0, x1, y1)``, its lower end first."""
    parts = shapely.get_parts(geom)
    rings = shapely.get_rings(parts)
    lines = parts[shapely.get_type_id(parts) == 1]  # LineStrings (stray lines), if any
    coords, idx = shapely.get_coordinates(np.concatenate([rings, lines]), return_index=True)
    same = idx[:-1] == idx[1:]
    a, b = coords[:-1][same], coords[1:][same]
    swap = (a[:, 0] > b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] > b[:, 1]))
    lo = np.where(swap[:, None], b, a)
    hi = np.where(swap[:, None], a, b)
    return np.ascontiguousarray(np.hstack([lo, hi]))


def changed_bounds(a: BaseGeometry, b: BaseGeometry) -> tuple[float, float, float, float] | None:
    """The bounding box of the edges one shape has and the other has not; None if none.

    Parameters
    ----------
    a, b : shapely geometry
        Two (multi)polygons in the same coordinates (lon/lat).

    Returns
    -------
    (min_x, min_y, max_x, max_y) or None
        Where ``a`` and ``b`` can differ; ``None`` when their edges are the same (the
        shapes are equal).
    """
    ea, eb = _edges(a), _edges(b)
    edges = np.vstack([ea, eb])
    in_b = np.concatenate([np.zeros(len(ea), dtype=bool), np.ones(len(eb), dtype=bool)])
    order = np.lexsort((edges[:, 3], edges[:, 2], edges[:, 1], edges[:, 0]))
    edges, in_b = edges[order], in_b[order]
    # Equal rows are now adjacent: number each run of equal edges, and keep the runs that
    # come from one shape only (exact comparison: the same vertex is the same float).
    run = np.cumsum(np.concatenate([[True], np.any(edges[1:] != edges[:-1], axis=1)])) - 1
    both = (np.bincount(run, weights=in_b) > 0) & (np.bincount(run, weights=~in_b) > 0)
    differing = edges[~both[run]]
    if not len(differing):
        return None
    xs = np.concatenate([differing[:, 0], differing[:, 2]])
    ys = np.concatenate([differing[:, 1], differing[:, 3]])
    return (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))


def change_areas(new: BaseGeometry, old: BaseGeometry) -> tuple[float, float]:
    """Gained and lost area (km², geodesic) from ``old`` to ``new``, clipped to the change.

    Equal to ``clean_area_km2(new - old)`` and ``clean_area_km2(old - new)`` (see the
    module notes: both shapes are clipped to where their edges differ first).

    Parameters
    ----------
    new, old : shapely (Multi)Polygon
        Lon/lat; valid.

    Returns
    -------
    (float, float)
        Gained (in ``new``, not in ``old``) and lost square kilometres on WGS84.
    """
    bounds = changed_bounds(new, old)
    if bounds is None:
        return 0.0, 0.0
    pad = _CLIP_PAD_DEG
    clip = shapely.box(bounds[0] - pad, bounds[1] - pad, bounds[2] + pad, bounds[3] + pad)
    a, b = shapely.intersection(new, clip), shapely.intersection(old, clip)
    return clean_area_km2(a.difference(b)), clean_area_km2(b.difference(a))


def measure_snapshot(
    occupied: BaseGeometry,
    country: Any,
    *,
    buffer_km: float = 4.0,
    tolerance_km: float = 1.0,
) -> dict[str, Any]:
    """Area and front measures of one occupied area (no change figures).

    Parameters
    ----------
    occupied : shapely (Multi)Polygon
        Lon/lat.
    country : str or geometry
        As :func:`geo.front.derive_front` (e.g. ``"UKR"``).
    buffer_km : float, default 4.0
        Border/coast band for :func:`geo.front.derive_front`.
    tolerance_km : float, default 1.0
        Simplification tolerance for ``front_main_km_simplified``.

    Returns
    -------
    dict
        ``occupied_area_km2``, ``occupied_area_sq_mi``, ``front_main_km``,
        ``front_main_km_simplified``, ``tolerance_km``, ``front_enclaves_km``,
        ``front_land_km``, ``front_river_km``; front values are ``None`` (and ``error`` set)
        when no front can be derived.
    """
    km2 = area(occupied).km2
    row: dict[str, Any] = {
        "occupied_area_km2": km2,
        "occupied_area_sq_mi": km2 * SQ_MI_PER_KM2,
        "tolerance_km": tolerance_km,
    }
    try:
        front = derive_front(occupied, country, buffer_km)
    except GeoError as exc:
        row["error"] = f"front: {exc.message}"
        return row
    row.update(
        front_main_km=front.main_length.km,
        front_main_km_simplified=front.simplified_main_length(tolerance_km).km,
        front_enclaves_km=front.enclaves_length.km,
        front_land_km=front.land_length.km,
        front_river_km=front.river_length.km,
    )
    return row
