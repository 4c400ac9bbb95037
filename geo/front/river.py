"""The land/river split of a front: its pieces inside and outside the Dnipro corridor.

The corridor is the reference course :data:`geo.front.dnipro.DNIPRO_COURSE` buffered by
``river_m`` metres in the local frame the front is derived in; a piece of front inside it
is river front, the rest land front.

Examples
--------
>>> from shapely.geometry import LineString
>>> from geo.frames import local_frame
>>> frame = local_frame(33.0, 47.0)
>>> corridor = river_corridor(course_line(frame), 10_000.0)
>>> across = LineString([(32.625, 46.9), (32.625, 46.4)])  # north-south through Kherson
>>> split = split_settings([across], frame, corridor)
>>> [(s.setting, round(s.length.km)) for s in split.segments]
[('land', 26), ('river', 30)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from geo.frames import LocalFrame
from geo.front.common import as_multiline, measure_lines
from geo.front.dnipro import DNIPRO_COURSE
from geo.front.result import FrontSegment
from geo.geometry import line_parts

__all__ = ["SettingSplit", "course_line", "river_corridor", "split_settings"]


@dataclass(frozen=True)
class SettingSplit:
    """Front pieces split into land and river, lon/lat degrees.

    Attributes
    ----------
    segments : tuple of FrontSegment
        One per piece and setting that has any line, main line first (land before river).
    land, river : list of shapely.LineString
        Every piece's land and river parts.
    main_land, main_river : list of shapely.LineString
        The same for the main line (the first piece) alone.
    """

    segments: tuple[FrontSegment, ...]
    land: list[LineString]
    river: list[LineString]
    main_land: list[LineString]
    main_river: list[LineString]


def course_line(frame: LocalFrame) -> LineString:
    """Return :data:`DNIPRO_COURSE` in ``frame``'s metres, upstream to downstream.

    Parameters
    ----------
    frame : geo.frames.LocalFrame
        The local frame the front is derived in.

    Returns
    -------
    shapely.LineString
        Densified to 0.01° before projecting, so it follows the lon/lat edges.
    """
    course = LineString([(p.lon, p.lat) for p in DNIPRO_COURSE])
    return frame.to_local(shapely.segmentize(course, 0.01))


def river_corridor(course: LineString, river_m: float) -> BaseGeometry:
    """Return the corridor within ``river_m`` metres of the projected ``course`` (empty if 0)."""
    return course.buffer(river_m) if river_m > 0 else Polygon()


def _split_piece(
    piece_ll: LineString, frame: LocalFrame, corridor: BaseGeometry
) -> dict[str, list[LineString]]:
    """Return one lon/lat piece's ``land`` and ``river`` parts, lon/lat."""
    piece = frame.to_local(piece_ll)
    # Where the line grazes the corridor's edge, overlay leaves sub-metre fragments: drop.
    land = line_parts(shapely.line_merge(piece.difference(corridor)))
    river = line_parts(shapely.line_merge(piece.intersection(corridor)))
    return {
        "land": [frame.to_lonlat(p) for p in land if p.length >= 1.0],
        "river": [frame.to_lonlat(p) for p in river if p.length >= 1.0],
    }


def split_settings(
    pieces_ll: Sequence[LineString], frame: LocalFrame, corridor: BaseGeometry
) -> SettingSplit:
    """Split every front piece into land and river parts.

    Parameters
    ----------
    pieces_ll : sequence of shapely.LineString
        The main line first, then the enclave fronts; lon/lat degrees.
    frame : geo.frames.LocalFrame
        The frame ``corridor`` is in.
    corridor : shapely geometry
        From :func:`river_corridor`, in ``frame``'s metres.

    Returns
    -------
    SettingSplit
        Segments with geodesic lengths, and the land and river parts.
    """
    segments: list[FrontSegment] = []
    land: list[LineString] = []
    river: list[LineString] = []
    main: dict[str, list[LineString]] = {"land": [], "river": []}
    for i, piece_ll in enumerate(pieces_ll):
        parts = _split_piece(piece_ll, frame, corridor)
        for setting, lines in parts.items():
            if lines:
                part = "main" if i == 0 else "enclave"
                segments.append(
                    FrontSegment(part, i, setting, as_multiline(lines), measure_lines(lines))
                )
        river += parts["river"]
        land += parts["land"]
        if i == 0:
            main = parts
    return SettingSplit(tuple(segments), land, river, main["land"], main["river"])
