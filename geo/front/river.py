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

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from geo.frames import LocalFrame
from geo.front.common import as_multiline, lengths_of, line_metres
from geo.front.dnipro import DNIPRO_COURSE
from geo.front.result import FrontSegment
from geo.geometry import line_parts

__all__ = ["SettingSplit", "course_line", "river_corridor", "split_projected", "split_settings"]


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


def _setting_parts(geom: BaseGeometry) -> list[LineString]:
    """Return an overlay result's lines, merged, without the sub-metre fragments.

    Where a line grazes the corridor's edge, overlay leaves sub-metre fragments: dropped.
    """
    return [p for p in line_parts(shapely.line_merge(geom)) if p.length >= 1.0]


def split_projected(
    pieces: Sequence[LineString], frame: LocalFrame, corridor: BaseGeometry
) -> SettingSplit:
    """Split front pieces already in ``frame``'s metres into land and river parts.

    What :func:`split_settings` does after projecting, vectorised: one prepared
    ``intersects`` test for all pieces (a piece that misses the corridor is land as it is,
    without an overlay), the overlays for the others, one projection back to lon/lat and
    one geodesic length call for every part.

    Parameters
    ----------
    pieces : sequence of shapely.LineString
        The main line first, then the enclave fronts; ``frame``'s metres.
    frame : geo.frames.LocalFrame
        The frame ``pieces`` and ``corridor`` are in.
    corridor : shapely geometry
        From :func:`river_corridor`, in ``frame``'s metres (prepared or not).

    Returns
    -------
    SettingSplit
        Segments with geodesic lengths, and the land and river parts (lon/lat).
    """
    arr = np.empty(len(pieces), dtype=object)
    arr[:] = list(pieces)
    touches = shapely.intersects(corridor, arr) if len(arr) else np.zeros(0, dtype=bool)
    parts: list[tuple[int, str, LineString]] = []
    for i, piece in enumerate(arr):
        if not touches[i]:
            if piece.length >= 1.0:
                parts.append((i, "land", piece))
            continue
        parts += [(i, "land", p) for p in _setting_parts(piece.difference(corridor))]
        parts += [(i, "river", p) for p in _setting_parts(piece.intersection(corridor))]
    lines = np.empty(len(parts), dtype=object)
    lines[:] = [p for _, _, p in parts]
    lines_ll = list(frame.to_lonlat(lines)) if len(lines) else []
    metres = line_metres(lines_ll)
    return _assemble([(i, setting) for i, setting, _ in parts], lines_ll, metres)


def _assemble(
    keys: Sequence[tuple[int, str]], lines_ll: Sequence[LineString], metres: np.ndarray
) -> SettingSplit:
    """Group measured parts by piece and setting (main line first, land before river)."""
    segments: list[FrontSegment] = []
    grouped: dict[str, list[int]] = {"land": [], "river": []}
    main: dict[str, list[int]] = {"land": [], "river": []}
    n_pieces = max((i for i, _ in keys), default=-1) + 1
    for piece in range(n_pieces):
        for setting in ("land", "river"):
            idx = [k for k, key in enumerate(keys) if key == (piece, setting)]
            if not idx:
                continue
            part = "main" if piece == 0 else "enclave"
            geometry = as_multiline([lines_ll[k] for k in idx])
            segments.append(FrontSegment(part, piece, setting, geometry, lengths_of(metres[idx])))
            grouped[setting] += idx
            if piece == 0:
                main[setting] = idx

    def pick(idx: list[int]) -> list[LineString]:
        return [lines_ll[k] for k in idx]

    return SettingSplit(
        tuple(segments),
        pick(grouped["land"]),
        pick(grouped["river"]),
        pick(main["land"]),
        pick(main["river"]),
    )


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
    arr = np.empty(len(pieces_ll), dtype=object)
    arr[:] = list(pieces_ll)
    return split_projected(list(frame.to_local(arr)) if len(arr) else [], frame, corridor)
