"""Named places for a change report: who holds them, and which is nearest to an area.

Two sources: the curated ``places`` layer (the story's towns, authored from public facts)
and the ``gazetteer-ua`` layer (GeoNames cities500, CC BY 4.0: every place over 500 people
in Ukraine and western Russia). A place is listed once: a gazetteer entry within
:data:`SAME_PLACE_KM` of a curated place of the same name is the same place.

Directions are the eight compass points of the geodesic forward azimuth (WGS84) from the
place to the area's centre: "north-west of Pokrovsk" means the area lies north-west of it.

Examples
--------
>>> compass(0.0), compass(-44.0), compass(100.0), compass(200.0)
('north', 'north-west', 'east', 'south')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from pyproj import Geod

from geo import layers

__all__ = [
    "GAZETTEER",
    "PLACES",
    "SAME_PLACE_KM",
    "TOWN_POPULATION",
    "Gazetteer",
    "compass",
    "load_gazetteer",
]

PLACES = "places"
GAZETTEER = "gazetteer-ua"
#: A gazetteer place this close (km) to a curated place of the same name is that place.
SAME_PLACE_KM = 5.0
#: Smallest population of a gazetteer place a summary sentence may name ("a town").
TOWN_POPULATION = 10_000
_GEOD = Geod(ellps="WGS84")
_WINDS = ("north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west")


def compass(azimuth_deg: float) -> str:
    """The compass point (one of eight) of an azimuth in degrees clockwise from north."""
    return _WINDS[int(((azimuth_deg % 360.0) + 22.5) // 45.0) % 8]


def _key(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalpha())


@dataclass(frozen=True)
class Gazetteer:
    """Named points (lon/lat degrees) with their attributes, curated places first."""

    lon: np.ndarray
    lat: np.ndarray
    rows: tuple[dict[str, Any], ...]

    def nearest(self, lon: float, lat: float, *, towns: bool = False) -> dict[str, Any] | None:
        """The nearest place (or town) to a point: its row plus ``km`` and ``direction``.

        Parameters
        ----------
        lon, lat : float
            The point, degrees.
        towns : bool, default False
            Only curated places and gazetteer places of at least
            :data:`TOWN_POPULATION` people.

        Returns
        -------
        dict or None
            ``name``, ``country``, ``source``, ..., ``km`` (geodesic distance) and
            ``direction`` (of the point as seen from the place); None when empty.
        """
        idx = np.arange(len(self.rows))
        if towns:
            idx = np.array([i for i in idx if _is_town(self.rows[i])], dtype=int)
        if idx.size == 0:
            return None
        n = idx.size
        az, _, dist = _GEOD.inv(self.lon[idx], self.lat[idx], np.full(n, lon), np.full(n, lat))
        best = int(np.argmin(dist))
        row = dict(self.rows[int(idx[best])])
        row["km"] = float(dist[best]) / 1000.0
        row["direction"] = compass(float(np.atleast_1d(az)[best]))
        return row

    def inside(self, area: Any) -> list[int]:
        """Indices of the places inside a lon/lat (Multi)Polygon."""
        if area is None or shapely.is_empty(area):
            return []
        shapely.prepare(area)
        return [int(i) for i in np.flatnonzero(shapely.contains_xy(area, self.lon, self.lat))]


def _is_town(row: dict[str, Any]) -> bool:
    return row["source"] == PLACES or int(row.get("population") or 0) >= TOWN_POPULATION


def _rows_of(layer_id: str) -> list[tuple[float, float, dict[str, Any]]]:
    gdf = layers.get(layer_id).read()
    out = []
    for geom, props in zip(
        gdf.geometry, gdf.drop(columns="geometry").to_dict("records"), strict=True
    ):
        row = {
            "name": str(props["name"]),
            "country": str(props.get("country") or ""),
            "admin1": str(props.get("admin1") or ""),
            "population": int(props["population"]) if props.get("population") else None,
            "source": layer_id,
            "lon": round(float(geom.x), 5),
            "lat": round(float(geom.y), 5),
        }
        out.append((float(geom.x), float(geom.y), row))
    return out


def load_gazetteer() -> Gazetteer:
    """The curated places and the GeoNames gazetteer, de-duplicated.

    Returns
    -------
    Gazetteer
        Curated places first, then gazetteer places that are not one of them.
    """
    curated = _rows_of(PLACES)
    by_name: dict[str, list[tuple[float, float]]] = {}
    for x, y, r in curated:
        by_name.setdefault(_key(r["name"]), []).append((x, y))
    kept = list(curated)
    for x, y, r in _rows_of(GAZETTEER):
        twins = by_name.get(_key(r["name"]), [])
        if twins:
            lons, lats = [t[0] for t in twins], [t[1] for t in twins]
            _, _, d = _GEOD.inv([x] * len(twins), [y] * len(twins), lons, lats)
            if float(np.min(d)) <= SAME_PLACE_KM * 1000.0:
                continue
        kept.append((x, y, r))
    return Gazetteer(
        lon=np.array([k[0] for k in kept], dtype=float),
        lat=np.array([k[1] for k in kept], dtype=float),
        rows=tuple(k[2] for k in kept),
    )
