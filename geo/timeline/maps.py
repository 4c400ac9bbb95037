"""Timelines for maps: occupied-area frames for a time slider, and changes between dates.

:func:`frames` yields the (simplified) occupied area per date, one file at a time, and
:func:`changes` returns the gained/lost areas between any two snapshots as a GeoDataFrame
(exportable with :mod:`geo.export`). Simplifying is for drawing only: areas are geodesic
and measured on the full-detail geometry.

Examples
--------
>>> from shapely import box
>>> square = box(30, 48, 31, 49).segmentize(0.01)       # 400 vertices on a 1° square
>>> len(simplify_for_drawing(square, 1.0).exterior.coords) < 10
True
>>> simplify_for_drawing(square, 0.0) is square
True
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import geopandas
import shapely
from shapely.geometry import MultiPolygon

from geo.errors import GeoError, SourceError, UsageError
from geo.frames import frame_for
from geo.geometry import polygon_parts
from geo.measure import area
from geo.sources import read_source
from geo.timeline.inputs import Source, dated_files, snapshot_paths
from geo.timeline.measures import clean_area_km2

__all__ = ["Frame", "changes", "frames", "simplify_for_drawing"]


@dataclass(frozen=True)
class Frame:
    """One step of a time slider: the occupied area on one date.

    Attributes
    ----------
    date : datetime.date
    occupied : shapely.MultiPolygon
        Lon/lat, simplified at the requested tolerance (for drawing only).
    area_km2 : float
        Geodesic area of the *unsimplified* occupied area.
    file : str
        The snapshot file name.
    """

    date: dt.date
    occupied: Any
    area_km2: float
    file: str

    def to_feature(self) -> dict[str, Any]:
        """A GeoJSON Feature with ``date``, ``area_km2`` and ``file`` properties."""
        return {
            "type": "Feature",
            "properties": {
                "date": self.date.isoformat(),
                "area_km2": self.area_km2,
                "file": self.file,
            },
            "geometry": shapely.geometry.mapping(self.occupied),
        }


def simplify_for_drawing(geom: Any, tolerance_km: float) -> Any:
    """Simplify lon/lat polygons at ``tolerance_km`` in a local equal-area frame.

    Parameters
    ----------
    geom : shapely geometry
        Lon/lat.
    tolerance_km : float
        Douglas–Peucker tolerance in km (topology preserved); 0 or less returns ``geom``.

    Returns
    -------
    shapely geometry
        Lon/lat.
    """
    if tolerance_km <= 0:
        return geom
    frame = frame_for(geom, "laea")
    simple = shapely.simplify(frame.to_local(geom), tolerance_km * 1000.0, preserve_topology=True)
    return frame.to_lonlat(simple)


def _skip_or_raise(message: str, on_error: str) -> None:
    """Raise a SourceError (``on_error="raise"``) or warn on stderr."""
    if on_error == "raise":
        raise SourceError(message)
    sys.stderr.write(f"frontline: warning: {message}\n")


def frames(source: Source, tolerance_km: float = 1.0, *, on_error: str = "skip") -> Iterator[Frame]:
    """Yield the occupied area per date, oldest first, for a time slider.

    Files are read one at a time (a generator: nothing is held beyond the current frame).

    Parameters
    ----------
    source : str, os.PathLike or sequence of paths
        A folder, glob or file list.
    tolerance_km : float, default 1.0
        Simplification for drawing (0 keeps full detail). Areas are not simplified.
    on_error : {"skip", "raise"}, default "skip"
        Skip unusable files (with a warning on stderr) or raise their SourceError.

    Yields
    ------
    Frame
    """
    if on_error not in ("skip", "raise"):
        raise UsageError(f"on_error must be 'skip' or 'raise', got {on_error!r}")
    dated, bad = dated_files(snapshot_paths(source))
    for row in bad:
        _skip_or_raise(row["error"], on_error)
    for path, when in dated:
        try:
            snap = read_source(path, date=when)
        except GeoError as exc:
            if on_error == "raise":
                raise
            sys.stderr.write(f"frontline: warning: {exc}\n")
            continue
        yield Frame(
            date=when,
            occupied=simplify_for_drawing(snap.occupied, float(tolerance_km)),
            area_km2=area(snap.occupied).km2,
            file=os.path.basename(path),
        )


def changes(
    path_a: str | os.PathLike[str], path_b: str | os.PathLike[str]
) -> geopandas.GeoDataFrame:
    """Territory gained and lost between two snapshots, as a GeoDataFrame.

    Parameters
    ----------
    path_a, path_b : str or os.PathLike
        The earlier and the later snapshot (any format :func:`geo.sources.read_source`
        reads). They are used in the order given; dates come from the names.

    Returns
    -------
    geopandas.GeoDataFrame
        Two rows, EPSG:4326: ``change`` = ``"gained"`` (occupied in ``path_b`` but not in
        ``path_a``) and ``"lost"`` (the reverse), with ``date_from``, ``date_to``,
        ``area_km2`` (geodesic) and a MultiPolygon (possibly empty).

    Raises
    ------
    SourceError
        Either file is unusable.
    """
    a = read_source(path_a, require_date=False)
    b = read_source(path_b, require_date=False)
    rows = []
    for change, geom in (
        ("gained", b.occupied.difference(a.occupied)),
        ("lost", a.occupied.difference(b.occupied)),
    ):
        rows.append(
            {
                "change": change,
                "date_from": a.date.isoformat() if a.date else None,
                "date_to": b.date.isoformat() if b.date else None,
                "area_km2": clean_area_km2(geom),
                "geometry": MultiPolygon(polygon_parts([geom])),
            }
        )
    return geopandas.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
