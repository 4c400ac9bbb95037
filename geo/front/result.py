"""What :func:`geo.front.derive_front` returns: the front, its pieces and their lengths.

All geometries are lon/lat degrees (EPSG:4326); all lengths are geodesic on WGS84
(:class:`geo.measure.Length`: ``.km``, ``.mi``, ``.m``).

Examples
--------
>>> from shapely.geometry import LineString
>>> from geo.measure import Length
>>> seg = FrontSegment("main", 0, "land", as_multiline([LineString([(0, 0), (1, 0)])]),
...                    Length(111_319.5))
>>> seg.part, seg.setting, round(seg.length.km, 1)
('main', 'land', 111.3)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import geopandas
import shapely
from shapely.geometry import LineString, MultiLineString

from geo.frames import local_frame
from geo.front.common import as_multiline, check_km, measure_lines
from geo.front.dnipro import DNIPRO_COURSE
from geo.measure import METHOD, Length

__all__ = ["FrontResult", "FrontSegment"]


@dataclass(frozen=True)
class FrontSegment:
    """One piece of a derived front in one setting (land or river).

    Attributes
    ----------
    part : {"main", "enclave"}
        Whether it belongs to the main line or to an enclave front.
    index : int
        0 for the main line; 1, 2, ... for enclave fronts, longest first.
    setting : {"land", "river"}
        Within the Dnipro corridor (river) or not (land).
    geometry : shapely.MultiLineString
        Lon/lat degrees.
    length : geo.measure.Length
        Geodesic length.
    """

    part: str
    index: int
    setting: str
    geometry: MultiLineString
    length: Length


@dataclass(frozen=True)
class FrontResult:
    """A front line derived from an occupied area (see :func:`geo.front.derive_front`).

    All geometries are lon/lat degrees (EPSG:4326); all lengths are geodesic on WGS84
    (:class:`geo.measure.Length`: ``.km``, ``.mi``, ``.m``).

    Attributes
    ----------
    main : shapely.LineString
        The longest connected front line, oriented from its upstream end (for Ukraine: the
        Russian border) to its downstream end (the Dnipro mouth).
    enclaves : tuple of shapely.LineString
        Every other front piece (the fronts of separate occupied pockets and salients along
        the border, or of Ukrainian-held holes), longest first.
    land, river : shapely.MultiLineString
        All front pieces split into the part within ``river_km`` of the Dnipro course
        (river) and the rest (land).
    main_length, enclaves_length, total_length : geo.measure.Length
        Lengths of the main line, of all enclave fronts together, and of both.
    land_length, river_length : geo.measure.Length
        Lengths of the land and river parts of all fronts.
    main_land_length, main_river_length : geo.measure.Length
        The same split for the main line alone.
    slivers : int
        Pieces shorter than ``min_length_km`` that were dropped.
    slivers_length : geo.measure.Length
        Their total length.
    buffer_km, min_length_km, river_km : float
        The parameters used.
    segments : tuple of FrontSegment
        Every piece split by setting, in order (main first), for export and maps.
    centre : tuple of float
        (lon, lat) centre of the Lambert azimuthal equal-area projection used for
        buffering and simplifying.
    """

    main: LineString
    enclaves: tuple[LineString, ...]
    land: MultiLineString
    river: MultiLineString
    main_length: Length
    enclaves_length: Length
    total_length: Length
    land_length: Length
    river_length: Length
    main_land_length: Length
    main_river_length: Length
    slivers: int
    slivers_length: Length
    buffer_km: float
    min_length_km: float
    river_km: float
    segments: tuple[FrontSegment, ...] = ()
    centre: tuple[float, float] = (0.0, 0.0)

    def simplified_main_length(self, tolerance_km: float) -> Length:
        """Geodesic length of the main line after simplifying it at ``tolerance_km``.

        Douglas–Peucker (topology preserved) in the same local projection the front was
        derived in (a Lambert azimuthal equal-area centred on :attr:`centre`), then
        measured on WGS84 like :func:`geo.measure.length_sweep` does.

        Parameters
        ----------
        tolerance_km : float
            Simplification tolerance in km (>= 0; 0 gives the full-detail length).

        Returns
        -------
        geo.measure.Length
            In metres (``.km``, ``.mi``).
        """
        tol = check_km(tolerance_km, "tolerance_km")
        if tol == 0:
            return self.main_length
        frame = local_frame(*self.centre, "laea")
        simple = shapely.simplify(frame.to_local(self.main), tol * 1000.0, preserve_topology=True)
        return measure_lines(frame.to_lonlat(simple))

    @property
    def lines(self) -> MultiLineString:
        """Main line and enclave fronts together."""
        return as_multiline([self.main, *self.enclaves])

    @property
    def main_start(self) -> tuple[float, float]:
        """(lon, lat) of the main line's upstream end."""
        x, y = self.main.coords[0][:2]
        return (float(x), float(y))

    @property
    def main_end(self) -> tuple[float, float]:
        """(lon, lat) of the main line's downstream end."""
        x, y = self.main.coords[-1][:2]
        return (float(x), float(y))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary: lengths (km, mi, method), ends, counts, parameters."""
        return {
            "main": {
                "length": self.main_length.to_dict(),
                "start": list(self.main_start),
                "end": list(self.main_end),
                "land": self.main_land_length.to_dict(),
                "river": self.main_river_length.to_dict(),
            },
            "enclaves": {
                "count": len(self.enclaves),
                "length": self.enclaves_length.to_dict(),
            },
            "total": self.total_length.to_dict(),
            "land": self.land_length.to_dict(),
            "river": self.river_length.to_dict(),
            "slivers_dropped": {"count": self.slivers, "length": self.slivers_length.to_dict()},
            "parameters": {
                "buffer_km": self.buffer_km,
                "min_length_km": self.min_length_km,
                "river_km": self.river_km,
                "river_course": [p.name for p in DNIPRO_COURSE],
            },
            "method": METHOD,
        }

    def to_geodataframe(self) -> geopandas.GeoDataFrame:
        """Return the front as a GeoDataFrame (EPSG:4326), one row per :class:`FrontSegment`.

        Columns: ``part`` (``main`` or ``enclave``), ``index`` (0 for the main line, 1.. for
        enclaves, longest first), ``setting`` (``land`` or ``river``), ``length_km``
        (geodesic) and the geometry (a MultiLineString). Ready for :mod:`geo.export`.

        Returns
        -------
        geopandas.GeoDataFrame
            Empty (with these columns) when there are no segments.
        """
        rows = [
            {
                "part": seg.part,
                "index": seg.index,
                "setting": seg.setting,
                "length_km": seg.length.km,
                "geometry": seg.geometry,
            }
            for seg in self.segments
        ]
        columns = ["part", "index", "setting", "length_km", "geometry"]
        return geopandas.GeoDataFrame(
            rows or None, columns=columns, geometry="geometry", crs="EPSG:4326"
        )
