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
line (:func:`_main_and_enclaves`), split land from river (:mod:`geo.front.river`), and
measure everything geodesically (:func:`_result`).

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

import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from geo.errors import GeometryError
from geo.frames import LocalFrame, local_frame
from geo.front.common import as_multiline, check_km, measure_lines
from geo.front.dnipro import RIVER_KM
from geo.front.inputs import country_polygon, polygonal_input
from geo.front.result import FrontResult
from geo.front.river import SettingSplit, course_line, river_corridor, split_settings
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


def _front_pieces(
    occ: BaseGeometry, inner: Any, frame: LocalFrame, min_m: float, buffer_km: float
) -> tuple[list[LineString], list[LineString]]:
    """Keep the occupied boundary inside ``inner``, merged: pieces and slivers, projected."""
    boundary = frame.to_local(shapely.segmentize(occ, _DENSIFY_DEG)).boundary
    pieces = line_parts(shapely.line_merge(as_multiline(line_parts(boundary.intersection(inner)))))
    kept = [p for p in pieces if p.length >= min_m]
    dropped = [p for p in pieces if p.length < min_m]
    if not kept:
        raise GeometryError(
            "no front line left: the occupied area's boundary lies along the country's "
            f"border and coast (within {buffer_km:g} km) or outside the country"
        )
    return kept, dropped


def _main_and_enclaves(
    kept: Sequence[LineString], frame: LocalFrame, course: LineString
) -> tuple[LineString, tuple[LineString, ...]]:
    """Return the longest piece (upstream end first) and the others, longest first; lon/lat."""
    kept_ll = [frame.to_lonlat(p) for p in kept]
    lengths = measure_lines(kept_ll)
    order = sorted(range(len(kept_ll)), key=lambda i: (-lengths.parts[i], kept_ll[i].coords[0]))
    main_ll = kept_ll[order[0]]
    enclaves_ll = tuple(kept_ll[i] for i in order[1:])
    mouth = Point(course.coords[-1])
    main_m = frame.to_local(main_ll)
    start, end = Point(main_m.coords[0]), Point(main_m.coords[-1])
    if mouth.distance(start) < mouth.distance(end):
        main_ll = LineString(main_ll.coords[::-1])  # upstream (border) end first
    return main_ll, enclaves_ll


def _result(
    main_ll: LineString,
    enclaves_ll: tuple[LineString, ...],
    split: SettingSplit,
    slivers_ll: list[LineString],
    params: tuple[float, float, float],
    centre: tuple[float, float],
) -> FrontResult:
    """Assemble the result, measuring every part geodesically."""
    buffer_km, min_length_km, river_km = params
    return FrontResult(
        main=main_ll,
        enclaves=enclaves_ll,
        land=as_multiline(line_parts(shapely.line_merge(as_multiline(split.land)))),
        river=as_multiline(line_parts(shapely.line_merge(as_multiline(split.river)))),
        main_length=measure_lines(main_ll),
        enclaves_length=measure_lines(list(enclaves_ll)),
        total_length=measure_lines([main_ll, *enclaves_ll]),
        land_length=measure_lines(split.land),
        river_length=measure_lines(split.river),
        main_land_length=measure_lines(split.main_land),
        main_river_length=measure_lines(split.main_river),
        slivers=len(slivers_ll),
        slivers_length=measure_lines(slivers_ll),
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
    region, (lon0, lat0) = _working_region(occ, country_polygon(country), buffer_m)
    inner = _inner_zone(shapely.to_wkb(region), lon0, lat0, buffer_m)
    frame = local_frame(lon0, lat0, "laea")
    kept, dropped = _front_pieces(occ, inner, frame, min_m, buffer_km)
    course = course_line(frame)
    main_ll, enclaves_ll = _main_and_enclaves(kept, frame, course)
    split = split_settings([main_ll, *enclaves_ll], frame, river_corridor(course, river_m))
    slivers_ll = [frame.to_lonlat(p) for p in dropped]
    params = (buffer_km, min_length_km, river_km)
    return _result(main_ll, enclaves_ll, split, slivers_ll, params, (lon0, lat0))
