"""The Kursk salient in a DeepStateMap document: areas held by Ukraine and grey zone in Russia.

"Liberated" (``dismissed``) polygons inside Russia are the Kursk pocket: areas of Russia
held by Ukraine; "unknown" polygons inside Russia are the grey zone around it.
:func:`kursk_pocket` and :func:`kursk_tiers` select them against the ``countries`` layer's
Russia polygon, with a small tolerance for the basemap's generalised border.

On the two shared map documents the grey zone inside Russia is about 599 km² (2024-08-20)
and 191 km² (2025-01-15); the held area 661 km² and 436 km².
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, box

from geo.errors import GeometryError
from geo.frames import frame_for
from geo.geometry import dissolve_polygons
from geo.layers import country
from geo.sources.deepstate import DeepStateMap, read_deepstate, tier_frame

if TYPE_CHECKING:
    import geopandas

__all__ = ["kursk_pocket", "kursk_tiers"]


def _within_grown(candidates: np.ndarray, russia: shapely.Geometry, tolerance_km: float) -> Any:
    """Which ``candidates`` lie within ``russia`` grown by ``tolerance_km`` (boolean array).

    The test runs in a local equal-area frame centred on the candidates.
    """
    minx, miny, maxx, maxy = shapely.total_bounds(candidates)
    # Russia spans the antimeridian: clip it to the area of interest before projecting.
    window = box(minx - 1.0, miny - 1.0, maxx + 1.0, maxy + 1.0)
    # Densify first: a coarse outline's long edges would bow in the projection.
    near = shapely.segmentize(shapely.make_valid(russia).intersection(window), 0.05)
    if near.is_empty:
        return np.zeros(len(candidates), dtype=bool)
    frame = frame_for(candidates, "laea")
    zone = frame.to_local(near).buffer(float(tolerance_km) * 1000.0)
    shapely.prepare(zone)
    return shapely.within(frame.to_local(candidates), zone)


def kursk_pocket(
    doc: DeepStateMap | str | os.PathLike[str] | Mapping[str, Any],
    *,
    russia: shapely.Geometry | None = None,
    tolerance_km: float = 2.0,
) -> MultiPolygon:
    """The Kursk pocket: the liberated (Ukrainian-held) polygons lying inside Russia.

    Each liberated polygon *as drawn* (before dissolving, so a pocket polygon touching a
    liberated area in Ukraine is not swallowed by it) is kept when it lies entirely within
    Russia's polygon grown by ``tolerance_km``; the kept polygons are then dissolved. The
    tolerance absorbs the generalisation of the basemap's border (Natural Earth 1:10m puts
    it up to ~2 km off), which would otherwise drop pocket polygons DeepState draws right
    up to the real border. Polygons are kept whole, not clipped to the basemap's border.

    Parameters
    ----------
    doc : DeepStateMap, path or mapping
        A classified map (see :func:`read_deepstate`) or what it is read from.
    russia : shapely geometry, optional
        Russia's polygon, lon/lat. Default: the ``countries`` layer's Russia (``RUS``).
    tolerance_km : float, default 2.0
        How far (km, in a local equal-area projection) a pocket polygon may reach beyond the
        basemap's Russia.

    Returns
    -------
    shapely.MultiPolygon
        The pocket, lon/lat; empty when no liberated polygon lies in Russia.

    Raises
    ------
    SourceError
        As :func:`read_deepstate`.
    GeometryError
        A negative or non-finite tolerance, or an empty Russia polygon.
    """
    ds, rows = _in_russia(doc, "liberated", russia, tolerance_km)
    if rows.empty:
        return MultiPolygon()
    return dissolve_polygons(rows.geometry, path=ds.path, what="pocket polygons")


def _in_russia(
    doc: DeepStateMap | str | os.PathLike[str] | Mapping[str, Any],
    status: str,
    russia: shapely.Geometry | None,
    tolerance_km: float,
) -> tuple[DeepStateMap, geopandas.GeoDataFrame]:
    """The map and its ``status`` polygons lying within Russia grown by ``tolerance_km``."""
    if not (isinstance(tolerance_km, int | float) and np.isfinite(tolerance_km)) or (
        tolerance_km < 0
    ):
        raise GeometryError(f"tolerance_km must be a finite number >= 0, got {tolerance_km!r}")
    ds = doc if isinstance(doc, DeepStateMap) else read_deepstate(doc, require_date=False)
    rows = ds.areas[ds.areas["status"] == status]
    if rows.empty:
        return ds, rows
    if russia is None:
        russia = country("RUS")
    if russia.is_empty:
        raise GeometryError("the Russia polygon is empty")
    candidates = np.asarray(rows.geometry.values, dtype=object)
    return ds, rows[_within_grown(candidates, russia, tolerance_km)]


def kursk_tiers(
    doc: DeepStateMap | str | os.PathLike[str] | Mapping[str, Any],
    *,
    russia: shapely.Geometry | None = None,
    tolerance_km: float = 2.0,
) -> geopandas.GeoDataFrame:
    """The Kursk salient's tiers: held by Ukraine (the pocket) and grey zone, inside Russia.

    The same selection as :func:`kursk_pocket`, for two statuses: ``liberated`` polygons
    (held by Ukraine; the pocket) and ``unknown`` ones (the grey zone), each kept when it
    lies within Russia grown by ``tolerance_km``, then dissolved.

    Parameters
    ----------
    doc : DeepStateMap, path or mapping
    russia : shapely geometry, optional
        Default: the ``countries`` layer's Russia.
    tolerance_km : float, default 2.0

    Returns
    -------
    geopandas.GeoDataFrame
        Two rows, ``status`` ``liberated`` then ``unknown``, with the columns of
        :attr:`DeepStateMap.tiers` (``label`` says what each counts); ``area_km2`` is
        geodesic (WGS84).

    Raises
    ------
    SourceError, GeometryError
        As :func:`kursk_pocket`.
    """
    ds, held = _in_russia(doc, "liberated", russia, tolerance_km)
    _, grey = _in_russia(ds, "unknown", russia, tolerance_km)
    frame = tier_frame(ds, {"liberated": held, "unknown": grey})
    frame["label"] = ["Held by Ukraine inside Russia (Kursk)", "Grey zone inside Russia (Kursk)"]
    return frame
