"""The per-region table of a change report: gained, lost and held area by oblast of Ukraine.

Regions come from the bundled ``oblasts-ukr`` layer (Natural Earth admin-1, public domain).
Every area is geodesic on WGS84 (:func:`geo.measure.area`) of the polygon intersection.
The oblast layer's outer edge is an older Natural Earth edition than the snapshots' and the
basemap's, so a little of a change can fall outside every oblast: that remainder is its own
row (:data:`OUTSIDE`), and the rows always add up to the report's totals.

Examples
--------
>>> from shapely import box
>>> rows = region_table(box(30, 48, 31, 49), box(30, 48, 30.2, 48.2), None,
...                     [("A", "UA-00", box(29, 47, 30.5, 50))])
>>> [(r["name"], round(r["gained_km2"])) for r in rows]
[('A', 4109), ('Outside the oblast layer', 4109)]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import shapely

from geo import layers
from geo.geometry import polygon_parts
from geo.measure import area

__all__ = ["OBLASTS_LAYER", "OUTSIDE", "load_regions", "region_table"]

OBLASTS_LAYER = "oblasts-ukr"
OUTSIDE = "Outside the oblast layer"


def load_regions() -> list[tuple[str, str, Any]]:
    """``(name, ISO 3166-2 code, polygon)`` of every oblast, lon/lat, by name."""
    gdf = layers.get(OBLASTS_LAYER).read()
    rows = [
        (str(n), str(c), g)
        for n, c, g in zip(gdf["name"], gdf["iso_3166_2"], gdf.geometry, strict=True)
    ]
    return sorted(rows, key=lambda r: r[0])


def _km2(geom: Any) -> float:
    if geom is None or shapely.is_empty(geom):
        return 0.0
    parts = polygon_parts([geom])
    return area(parts).km2 if parts else 0.0


def region_table(
    gained: Any,
    lost: Any,
    occupied_to: Any | None,
    regions: Sequence[tuple[str, str, Any]],
) -> list[dict[str, Any]]:
    """One row per region with a change (or held ground), then the remainder row.

    Parameters
    ----------
    gained, lost : shapely geometry
        Lon/lat areas gained and lost by Russia.
    occupied_to : shapely geometry or None
        The occupied area at the later date (for ``held_to_km2`` and ``held_share``); None
        skips those columns.
    regions : sequence of (name, code, polygon)
        From :func:`load_regions`.

    Returns
    -------
    list of dict
        ``name``, ``iso_3166_2``, ``gained_km2``, ``lost_km2``, ``net_km2``, ``area_km2``,
        ``held_to_km2`` and ``held_share`` (0-1), sorted by gained area, largest first;
        the last row is :data:`OUTSIDE` (what no region covers).
    """
    rows = []
    total_g, total_l = _km2(gained), _km2(lost)
    sum_g = sum_l = 0.0
    for name, code, poly in regions:
        g = _km2(shapely.intersection(gained, poly)) if shapely.intersects(gained, poly) else 0.0
        li = _km2(shapely.intersection(lost, poly)) if shapely.intersects(lost, poly) else 0.0
        row: dict[str, Any] = {"name": name, "iso_3166_2": code}
        row.update(gained_km2=g, lost_km2=li, net_km2=g - li)
        size = _km2(poly)
        row["area_km2"] = size
        if occupied_to is not None:
            held = _km2(shapely.intersection(occupied_to, poly))
            row.update(held_to_km2=held, held_share=held / size if size else 0.0)
        sum_g, sum_l = sum_g + g, sum_l + li
        if g or li or row.get("held_to_km2"):
            rows.append(row)
    rows.sort(key=lambda r: (-r["gained_km2"], -r["lost_km2"], r["name"]))
    rest_g, rest_l = max(total_g - sum_g, 0.0), max(total_l - sum_l, 0.0)
    rest: dict[str, Any] = {"name": OUTSIDE, "iso_3166_2": ""}
    rest.update(gained_km2=rest_g, lost_km2=rest_l, net_km2=rest_g - rest_l, area_km2=None)
    if occupied_to is not None:
        rest.update(held_to_km2=None, held_share=None)
    return [*rows, rest]
