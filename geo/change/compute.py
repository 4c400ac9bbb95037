"""Compute a change report: what changed between two dated occupied-area snapshots.

Method, every figure geodesic on WGS84 (:mod:`geo.measure`):

- ``gained`` = occupied at TO but not at FROM (gained by Russia), ``lost`` = the reverse
  (regained by Ukraine), shapely polygon differences of the full-detail snapshots; ``net``
  = gained - lost;
- the front at both dates with the same conventions (:func:`geo.front.derive_front`, the
  same country, border band and sliver length): the main line, and main + enclave fronts;
- gained areas: pieces of ``gained`` closer than :data:`AREA_GAP_KM` to each other are one
  area (grouped in a local equal-area frame); each area's centre is its pieces'
  area-weighted centroid, named by its nearest place and nearest town
  (:mod:`geo.change.places`);
- places that changed hands: the curated places and the gazetteer's points inside
  ``gained`` (taken by Russia) or ``lost`` (retaken by Ukraine);
- the per-region table (:mod:`geo.change.regions`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon

from geo.change.places import Gazetteer, load_gazetteer
from geo.change.regions import load_regions, region_table
from geo.errors import GeoError, UsageError
from geo.frames import frame_for
from geo.front import BUFFER_KM, derive_front
from geo.geometry import polygon_parts
from geo.measure import area
from geo.sources import Snapshot, read_source

__all__ = ["AREA_GAP_KM", "MAX_AREAS", "ChangeReport", "Side", "compute_change"]

#: Gained pieces closer than this (km) to each other count as one gained area.
AREA_GAP_KM = 2.0
#: How many of the largest gained areas a report lists.
MAX_AREAS = 10


@dataclass(frozen=True)
class Side:
    """One end of the comparison: the snapshot and its measures."""

    date: str
    file: str
    path: str
    occupied_km2: float
    front_main_km: float | None
    front_total_km: float | None
    front_error: str | None = None


@dataclass
class ChangeReport:
    """Everything a change report says (see the module docstring for the method)."""

    start: Side
    end: Side
    country: str
    buffer_km: float
    gained: MultiPolygon
    lost: MultiPolygon
    gained_km2: float
    lost_km2: float
    regions: list[dict[str, Any]] = field(default_factory=list)
    areas: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    credit: str = ""

    @property
    def net_km2(self) -> float:
        """Gained minus lost, km² (positive: Russia gained ground)."""
        return self.gained_km2 - self.lost_km2

    @property
    def front_change_km(self) -> float | None:
        """Main front length at TO minus at FROM, km; None when either is unknown."""
        a, b = self.start.front_main_km, self.end.front_main_km
        return None if a is None or b is None else b - a


def _side(snap: Snapshot, country: str, buffer_km: float) -> Side:
    assert snap.date is not None
    main = total = err = None
    try:
        front = derive_front(snap.occupied, country, buffer_km)
        main, total = front.main_length.km, front.total_length.km
    except GeoError as exc:
        err = exc.message
    return Side(
        date=snap.date.isoformat(),
        file=os.path.basename(snap.path),
        path=snap.path,
        occupied_km2=area(snap.occupied).km2,
        front_main_km=main,
        front_total_km=total,
        front_error=err,
    )


def _multi(geom: Any) -> MultiPolygon:
    return MultiPolygon(polygon_parts([geom]))


def gained_areas(gained: MultiPolygon, places: Gazetteer | None) -> list[dict[str, Any]]:
    """Group the gained pieces into areas, largest first, each with its nearest places."""
    pieces = list(gained.geoms)
    if not pieces:
        return []
    frame = frame_for(gained, "laea")
    local = np.array([frame.to_local(p) for p in pieces], dtype=object)
    merged = polygon_parts([shapely.union_all(shapely.buffer(local, AREA_GAP_KM * 500.0))])
    tree = shapely.STRtree(local)
    kms = np.array(area(pieces).parts) / 1e6
    out = []
    for blob in merged:
        idx = sorted(int(i) for i in tree.query(blob, predicate="intersects"))
        w = kms[idx]
        cx = float(np.average([local[i].centroid.x for i in idx], weights=w))
        cy = float(np.average([local[i].centroid.y for i in idx], weights=w))
        centre = frame.to_lonlat(shapely.Point(cx, cy))
        row: dict[str, Any] = {"km2": float(w.sum()), "pieces": len(idx)}
        row.update(lon=round(centre.x, 5), lat=round(centre.y, 5))
        if places is not None:
            row["nearest"] = places.nearest(centre.x, centre.y)
            row["town"] = places.nearest(centre.x, centre.y, towns=True)
        out.append(row)
    out.sort(key=lambda r: (-r["km2"], r["lon"], r["lat"]))
    for rank, row in enumerate(out, start=1):
        row["rank"] = rank
    return out


def changed_hands(gained: Any, lost: Any, places: Gazetteer) -> list[dict[str, Any]]:
    """Places inside ``gained`` (taken by Russia) or ``lost`` (retaken by Ukraine)."""
    out = []
    for change, geom in (("taken by Russia", gained), ("retaken by Ukraine", lost)):
        for i in places.inside(geom):
            row = dict(places.rows[i])
            row.update(change=change, lon=round(float(places.lon[i]), 5))
            row["lat"] = round(float(places.lat[i]), 5)
            out.append(row)
    return sorted(out, key=lambda r: (r["change"], -(r["population"] or 0), r["name"]))


def compute_change(
    path_from: str | os.PathLike[str],
    path_to: str | os.PathLike[str],
    *,
    country: str = "UKR",
    buffer_km: float = BUFFER_KM,
    credit: str = "",
) -> ChangeReport:
    """Compute the change report between two snapshot files.

    Parameters
    ----------
    path_from, path_to : str or os.PathLike
        The earlier and the later snapshot (any format :func:`geo.sources.read_source`
        reads), each with a date in its name.
    country : str, default "UKR"
        The country the front runs across (ISO A3), for :func:`geo.front.derive_front`.
    buffer_km : float, default 4.0
        The front's border/coast band, km, the same at both dates.
    credit : str
        Where the snapshots come from, carried into the report and map.

    Returns
    -------
    ChangeReport

    Raises
    ------
    UsageError
        FROM dated after TO.
    SourceError
        An unreadable file or a file name without a date.
    """
    a, b = read_source(path_from), read_source(path_to)
    assert a.date is not None and b.date is not None
    if a.date > b.date:
        raise UsageError(
            f"FROM ({a.date.isoformat()}) is later than TO ({b.date.isoformat()}); swap them"
        )
    gained = _multi(b.occupied.difference(a.occupied))
    lost = _multi(a.occupied.difference(b.occupied))
    places = load_gazetteer()
    report = ChangeReport(
        start=_side(a, country, buffer_km),
        end=_side(b, country, buffer_km),
        country=country,
        buffer_km=float(buffer_km),
        gained=gained,
        lost=lost,
        gained_km2=area(gained).km2 if len(gained.geoms) else 0.0,
        lost_km2=area(lost).km2 if len(lost.geoms) else 0.0,
        credit=credit,
    )
    report.regions = region_table(gained, lost, b.occupied, load_regions())
    report.areas = gained_areas(gained, places)
    report.places = changed_hands(gained, lost, places)
    return report
