"""Derive a front line from an occupied area: its boundary minus border and coast.

Method
------
The occupied area's boundary follows three kinds of line: the country's international
land border (where the occupied area reaches Russia), its coast, and the front. The
first two are removed by keeping only the part of the boundary that lies inside the
country's polygon shrunk by ``buffer_km``; the band absorbs the mismatch between the
occupied-area data and the basemap's generalised border and coast (several km in
places with Natural Earth 1:10m). What is left is merged into connected lines; pieces
shorter than ``min_length_km`` (slivers where the data's coastline strays outside the
band) are dropped. The longest line is the main front; the others are enclave fronts.
Finally every piece is split into river front (within ``river_km`` of the Dnipro course
:data:`geo.front.dnipro.DNIPRO_COURSE`, authored from public named places) and land front.

Buffering and the sliver test run in a Lambert azimuthal equal-area projection centred
on the country (distances within ~0.2 % over Ukraine); every reported length is
geodesic on WGS84 (:func:`geo.measure.length`).

:func:`derive_front` runs these as named steps: pick the working region and the centre of
the local frame (:func:`_working_region`), shrink the country by the border band
(:func:`_inner_zone`), keep the occupied boundary inside it and drop slivers
(:func:`_front_pieces`), order the pieces into main line and enclaves and orient the main
line (:class:`_Pieces`), split land from river (:func:`geo.front.river.split_projected`),
and assemble the result (:func:`_result`).

What does not depend on the occupied area is cached per country, frame and width: the
shrunk country (:func:`_inner_zone`) and the Dnipro course and corridor
(:func:`_river_zone`). Every piece is projected back to lon/lat in one call and measured
in one vectorised geodesic call (the land/river parts in one more), so each line is
measured once; ``benchmarks/timeline.py`` compares the whole against a plain shapely
version of the same job.

Examples
--------
>>> from shapely.geometry import box
>>> front = derive_front(box(36.0, 45.0, 40.0, 48.0), box(30.0, 45.0, 40.0, 52.0))
>>> front.centre, front.slivers
((35.0, 48.5), 0)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from geo.errors import GeometryError
from geo.frames import LocalFrame, local_frame
from geo.front.common import as_multiline, check_km, lengths_of, line_metres
from geo.front.dnipro import RIVER_KM
from geo.front.inputs import country_polygon, polygonal_input
from geo.front.result import FrontResult
from geo.front.river import SettingSplit, course_line, river_corridor, split_projected
from geo.geometry import line_parts

__all__ = ["BUFFER_KM", "MIN_LENGTH_KM", "derive_front"]

#: Longest edge (degrees) kept before projecting: longer edges are split, so a coarse
#: outline follows its lon/lat edges in the projection instead of cutting chords across.
_DENSIFY_DEG = 0.05

#: Default width of the band along the country's border and coast that is not front, km.
BUFFER_KM = 4.0
#: Default length below which a front piece is a sliver and dropped, in km.
MIN_LENGTH_KM = 2.0


@lru_cache(maxsize=8)
def _inner_zone(country_wkb: bytes, lon0: float, lat0: float, buffer_m: float) -> Any:
    """Shrink the country's polygon by ``buffer_m`` in a LAEA centred on (lon0, lat0).

    Cached: a timeline derives hundreds of fronts against the same country, and buffering a
    detailed border is the costliest step.
    """
    country = shapely.from_wkb(country_wkb)
    projected = local_frame(lon0, lat0, "laea").to_local(shapely.segmentize(country, _DENSIFY_DEG))
    # At least 1 m: a boundary lying exactly on the country's edge is border, not front.
    inner = projected.buffer(-max(buffer_m, 1.0))
    shapely.prepare(inner)
    return inner


def _working_region(
    occ: BaseGeometry, ctry: BaseGeometry, buffer_m: float
) -> tuple[BaseGeometry, tuple[float, float]]:
    """Return the part of the country to work in, and the frame's centre rounded to 0.01°."""
    cminx, cminy, cmaxx, cmaxy = ctry.bounds
    if cmaxx - cminx <= 60.0:
        # A fixed projection per country lets _inner_zone be reused across snapshots.
        region = ctry
        lon0, lat0 = round((cminx + cmaxx) / 2.0, 2), round((cminy + cmaxy) / 2.0, 2)
    else:  # a huge country (Russia): work on the part near the occupied area only
        ominx, ominy, omaxx, omaxy = occ.bounds
        margin = 2.0 + buffer_m / 50_000.0
        region = ctry.intersection(
            Polygon.from_bounds(ominx - margin, ominy - margin, omaxx + margin, omaxy + margin)
        )
        lon0, lat0 = round((ominx + omaxx) / 2.0, 2), round((ominy + omaxy) / 2.0, 2)
    if region.is_empty:
        raise GeometryError("the occupied area does not reach the country")
    return region, (lon0, lat0)


@lru_cache(maxsize=8)
def _checked_country(country_wkb: bytes) -> BaseGeometry:
    """:func:`country_polygon` of a geometry given as WKB: validated once per geometry."""
    return country_polygon(shapely.from_wkb(country_wkb))


def _country(country: Any) -> BaseGeometry:
    """The country's polygon; a shapely geometry is checked once, not per snapshot."""
    if isinstance(country, BaseGeometry):
        return _checked_country(shapely.to_wkb(country))
    return country_polygon(country)


@lru_cache(maxsize=8)
def _river_zone(lon0: float, lat0: float, river_m: float) -> tuple[LineString, BaseGeometry]:
    """The Dnipro course and its corridor (prepared) in the LAEA centred on (lon0, lat0).

    Cached like :func:`_inner_zone`: the same for every snapshot of a timeline.
    """
    course = course_line(local_frame(lon0, lat0, "laea"))
    corridor = river_corridor(course, river_m)
    shapely.prepare(corridor)
    return course, corridor


def _front_pieces(
    occ: BaseGeometry, inner: Any, frame: LocalFrame, min_m: float, buffer_km: float
) -> tuple[list[LineString], list[LineString]]:
    """Keep the occupied boundary inside ``inner``, merged: pieces and slivers, projected."""
    boundary = frame.to_local(shapely.segmentize(occ, _DENSIFY_DEG)).boundary
    pieces = line_parts(shapely.line_merge(as_multiline(line_parts(boundary.intersection(inner)))))
    planar = shapely.length(np.array(pieces, dtype=object)) if pieces else np.zeros(0)
    kept = [p for p, m in zip(pieces, planar, strict=True) if m >= min_m]
    dropped = [p for p, m in zip(pieces, planar, strict=True) if m < min_m]
    if not kept:
        raise GeometryError(
            "no front line left: the occupied area's boundary lies along the country's "
            f"border and coast (within {buffer_km:g} km) or outside the country"
        )
    return kept, dropped


class _Pieces:
    """The kept pieces ordered (main line first, upstream end first), lon/lat and metres.

    Attributes
    ----------
    local : list of LineString
        In the frame's metres, main line first, then the enclaves longest first.
    lonlat : list of LineString
        The same in lon/lat.
    metres : numpy.ndarray
        Their geodesic lengths.
    slivers : list of LineString
        The dropped pieces, lon/lat.
    sliver_metres : numpy.ndarray
        Their geodesic lengths.
    """

    def __init__(
        self,
        kept: Sequence[LineString],
        dropped: Sequence[LineString],
        frame: LocalFrame,
        course: LineString,
    ) -> None:
        n = len(kept)
        everything = np.empty(n + len(dropped), dtype=object)
        everything[:] = [*kept, *dropped]
        lonlat = list(frame.to_lonlat(everything))  # one projection for every piece
        metres = line_metres(lonlat)  # one geodesic call for every piece
        order = sorted(range(n), key=lambda i: (-metres[i], lonlat[i].coords[0]))
        self.local = [kept[i] for i in order]
        self.lonlat = [lonlat[i] for i in order]
        self.metres = metres[order]
        self.slivers = lonlat[n:]
        self.sliver_metres = metres[n:]
        mouth = Point(course.coords[-1])
        main = self.local[0]
        if mouth.distance(Point(main.coords[0])) < mouth.distance(Point(main.coords[-1])):
            self.local[0] = shapely.reverse(main)  # upstream (border) end first
            self.lonlat[0] = shapely.reverse(self.lonlat[0])


def _result(
    pieces: _Pieces,
    split: SettingSplit,
    params: tuple[float, float, float],
    centre: tuple[float, float],
) -> FrontResult:
    """Assemble the result from lengths already measured (geodesic, one call each)."""
    buffer_km, min_length_km, river_km = params
    main_segments = [s for s in split.segments if s.index == 0]

    def setting(segments: Sequence[Any], name: str) -> list[float]:
        return [m for s in segments if s.setting == name for m in s.length.parts]

    return FrontResult(
        main=pieces.lonlat[0],
        enclaves=tuple(pieces.lonlat[1:]),
        land=as_multiline(line_parts(shapely.line_merge(as_multiline(split.land)))),
        river=as_multiline(line_parts(shapely.line_merge(as_multiline(split.river)))),
        main_length=lengths_of(pieces.metres[:1]),
        enclaves_length=lengths_of(pieces.metres[1:]),
        total_length=lengths_of(pieces.metres),
        land_length=lengths_of(setting(split.segments, "land")),
        river_length=lengths_of(setting(split.segments, "river")),
        main_land_length=lengths_of(setting(main_segments, "land")),
        main_river_length=lengths_of(setting(main_segments, "river")),
        slivers=len(pieces.slivers),
        slivers_length=lengths_of(pieces.sliver_metres),
        buffer_km=float(buffer_km),
        min_length_km=float(min_length_km),
        river_km=float(river_km),
        segments=split.segments,
        centre=centre,
    )


def derive_front(
    occupied: Any,
    country: Any,
    buffer_km: float = BUFFER_KM,
    *,
    min_length_km: float = MIN_LENGTH_KM,
    river_km: float = RIVER_KM,
) -> FrontResult:
    """Derive the front line from an occupied area: its boundary minus border and coast.

    The boundary inside the country shrunk by ``buffer_km`` is merged into lines: the
    longest is the main front, the others enclave fronts, each split into river front
    (near :data:`DNIPRO_COURSE`) and land front. Method: :mod:`geo.front.derive`.

    Parameters
    ----------
    occupied : shapely geometry, Snapshot, GeoJSON mapping, GeoDataFrame or path
        The occupied area, lon/lat (anything :func:`geo.io.read_geodata` reads, or a
        :class:`geo.sources.Snapshot`).
    country : str or geometry-like
        The country the front runs across: an ISO A3 code or name from the ``countries``
        layer (e.g. ``"UKR"``), or its polygon.
    buffer_km : float, default 4.0
        Width in km of the band along the border and coast that is not front.
    min_length_km : float, default 2.0
        Front pieces shorter than this (km, measured in the projection) are slivers.
    river_km : float, default 10.0
        Half-width in km of the corridor around the Dnipro course counted as river front.

    Returns
    -------
    FrontResult
        The main line, enclave fronts, land/river split and their geodesic lengths.

    Raises
    ------
    geo.errors.GeometryError
        Empty or non-polygonal inputs, bad parameters, or no front left (the occupied area
        lies entirely along the border and coast, or outside the country).
    geo.errors.LayerError
        An unknown country code.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> country = box(30.0, 45.0, 40.0, 52.0)
    >>> occupied = box(36.0, 45.0, 40.0, 48.0)  # a corner: border on two sides
    >>> front = derive_front(occupied, country, buffer_km=4.0)
    >>> len(front.enclaves), round(front.main_length.km)  # two straight sides of the corner
    (0, 624)
    """
    buffer_m = check_km(buffer_km, "buffer_km") * 1000.0
    min_m = check_km(min_length_km, "min_length_km") * 1000.0
    river_m = check_km(river_km, "river_km") * 1000.0
    occ = polygonal_input(occupied, "occupied")
    region, (lon0, lat0) = _working_region(occ, _country(country), buffer_m)
    inner = _inner_zone(shapely.to_wkb(region), lon0, lat0, buffer_m)
    frame = local_frame(lon0, lat0, "laea")
    kept, dropped = _front_pieces(occ, inner, frame, min_m, buffer_km)
    course, corridor = _river_zone(lon0, lat0, river_m)
    pieces = _Pieces(kept, dropped, frame, course)
    split = split_projected(pieces.local, frame, corridor)
    params = (buffer_km, min_length_km, river_km)
    return _result(pieces, split, params, (lon0, lat0))
