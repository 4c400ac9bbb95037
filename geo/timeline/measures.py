"""Measures of one snapshot: geodesic area, front lengths, and areas of overlay results.

Every figure is geodesic on WGS84 (:mod:`geo.measure`); the front comes from
:func:`geo.front.derive_front`. A snapshot whose front cannot be derived still gets its
area, with the reason in ``error``.

Examples
--------
>>> from shapely import box
>>> round(clean_area_km2(box(30, 48, 31, 49).intersection(box(30.5, 48, 32, 49))))
4109
>>> clean_area_km2(box(30, 48, 31, 49).intersection(box(40, 48, 41, 49)))
0.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from geo.errors import GeoError
from geo.front import derive_front
from geo.geometry import polygon_parts
from geo.measure import area
from geo.units import SQ_MI_PER_KM2

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = ["clean_area_km2", "measure_snapshot"]


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
