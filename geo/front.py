"""Front lines and the areas they divide.

A front line is a line drawn across a country: this module splits a country's polygon
along it (:func:`split_by_line`), which is how the occupied area of a date is made from
the country polygon and that date's front line.

Coordinates are longitude/latitude degrees on WGS84 (EPSG:4326, lon first); distances given
to these functions are geodesic kilometres on the WGS84 ellipsoid.

Examples
--------
>>> from shapely.geometry import LineString, box
>>> parts = split_by_line(box(0, 0, 2, 1), LineString([(1, 0.05), (1, 0.95)]))
>>> [round(p.area, 3) for p in parts]
[1.0, 1.0]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import split

from geo.errors import GeometryError

if TYPE_CHECKING:
    import geopandas

    from geo.measure import Length

__all__ = [
    "BUFFER_KM",
    "DNIPRO_COURSE",
    "MIN_LENGTH_KM",
    "RIVER_KM",
    "CoursePoint",
    "FrontResult",
    "FrontSegment",
    "country_polygon",
    "derive_front",
    "split_by_line",
]

_GEOD = Geod(ellps="WGS84")


def _as_lines(line: BaseGeometry) -> list[LineString]:
    """The non-empty LineString parts of ``line`` (LineString or MultiLineString)."""
    if isinstance(line, LineString):
        parts = [line]
    elif isinstance(line, MultiLineString):
        parts = list(line.geoms)
    else:
        raise GeometryError(
            f"the splitting line must be a LineString or MultiLineString, got {line.geom_type}"
        )
    parts = [p for p in parts if not p.is_empty and p.length > 0]
    if not parts:
        raise GeometryError("the splitting line is empty")
    return parts


def _as_polygons(polygon: BaseGeometry) -> list[Polygon]:
    """The non-empty Polygon parts of ``polygon``, made valid if needed."""
    if not isinstance(polygon, (Polygon, MultiPolygon)):
        raise GeometryError(
            f"the geometry to split must be a Polygon or MultiPolygon, got {polygon.geom_type}"
        )
    if polygon.is_empty:
        raise GeometryError("the geometry to split is empty")
    if not polygon.is_valid:
        # A self-touching ring (common in simplified country outlines) makes split() raise
        # or drop pieces; repairing keeps the same area. Keep only the areal parts.
        polygon = shapely.make_valid(polygon)
    if isinstance(polygon, Polygon):
        return [polygon]
    return [g for g in getattr(polygon, "geoms", []) if isinstance(g, Polygon) and not g.is_empty]


def _extend_end(coords: list[tuple[float, float]], at_start: bool, km: float) -> tuple:
    """A point ``km`` beyond the line's start or end, along its terminal segment's azimuth."""
    if at_start:
        tip, prev = coords[0], next(c for c in coords[1:] if c != coords[0])
    else:
        tip, prev = coords[-1], next(c for c in reversed(coords[:-1]) if c != coords[-1])
    azimuth, _, _ = _GEOD.inv(prev[0], prev[1], tip[0], tip[1])
    lon, lat, _ = _GEOD.fwd(tip[0], tip[1], azimuth, km * 1000.0)
    return (lon, lat)


def _extended(line: LineString, km: float) -> LineString:
    """``line`` with both ends prolonged straight by ``km`` geodesic kilometres."""
    coords = [tuple(c[:2]) for c in line.coords]
    if km <= 0 or len(set(coords)) < 2:
        return LineString(coords)
    return LineString([_extend_end(coords, True, km), *coords, _extend_end(coords, False, km)])


def split_by_line(
    polygon: Polygon | MultiPolygon,
    line: LineString | MultiLineString,
    *,
    extend_km: float = 10.0,
) -> list[Polygon]:
    """Split a (multi)polygon into the pieces a line cuts it into.

    Each part of ``line`` is first prolonged straight beyond both ends by ``extend_km``
    (geodesic km, along the azimuth of its end segment), so a front line that stops just
    short of a border or coast still cuts the polygon right through; then every polygon
    part is split with :func:`shapely.ops.split`. Polygon parts the line does not cross
    (islands, exclaves) are returned whole. A line that enters a polygon and stops inside
    it (after the prolongation) does not cut it: the part is returned whole, never torn.

    Parameters
    ----------
    polygon : shapely.Polygon or shapely.MultiPolygon
        The area to split, lon/lat degrees. An invalid geometry is repaired with
        :func:`shapely.make_valid` first (areal parts kept).
    line : shapely.LineString or shapely.MultiLineString
        The dividing line, lon/lat degrees. Each part is prolonged independently.
    extend_km : float, default 10.0
        How far each end is prolonged, in geodesic kilometres. Keep it shorter than the
        distance at which the prolonged line would re-enter the polygon elsewhere.

    Returns
    -------
    list of shapely.Polygon
        The pieces, largest first (planar area in square degrees, used only for ordering;
        ties broken by the representative point), so the output is deterministic.
        Their union equals the input polygon.

    Raises
    ------
    geo.errors.GeometryError
        If the inputs are empty, of the wrong geometry type, or ``extend_km`` is negative
        or not finite.

    Examples
    --------
    >>> from shapely.geometry import LineString, MultiPolygon, box
    >>> land = MultiPolygon([box(0, 0, 2, 1), box(5, 0, 6, 1)])
    >>> pieces = split_by_line(land, LineString([(1.0, 0.05), (1.0, 0.95)]))
    >>> len(pieces)  # the first box cut in two (ends prolonged), the island kept whole
    3
    """
    if not isinstance(extend_km, (int, float)) or not math.isfinite(extend_km) or extend_km < 0:
        raise GeometryError(f"extend_km must be a finite non-negative number, got {extend_km!r}")
    polygons = _as_polygons(polygon)
    cutters = [_extended(part, float(extend_km)) for part in _as_lines(line)]
    pieces: list[Polygon] = []
    for part in polygons:
        current = [part]
        for cutter in cutters:
            nxt: list[Polygon] = []
            for piece in current:
                if not piece.intersects(cutter):
                    nxt.append(piece)
                    continue
                result = split(piece, cutter)
                nxt.extend(g for g in result.geoms if isinstance(g, Polygon) and g.area > 0)
            current = nxt
        pieces.extend(current)

    def _order(p: Polygon) -> tuple[float, float, float]:
        rp = p.representative_point()
        return (-round(p.area, 12), rp.x, rp.y)

    return sorted(pieces, key=_order)


# --------------------------------------------------------------------------- derive_front
# (derive_front and its helpers: real-data helper, issue 5)


@dataclass(frozen=True)
class CoursePoint:
    """A named public place on the lower Dnipro, used to trace its course.

    Attributes
    ----------
    name : str
        The place.
    lon, lat : float
        WGS84 degrees, from the place's encyclopaedia article (rounded to 0.001°).
    note : str
        Which bank it lies on, or what it marks.
    """

    name: str
    lon: float
    lat: float
    note: str


#: The lower Dnipro from the former Kakhovka reservoir to its estuary, upstream to
#: downstream, traced through public named places. Coordinates are those of the places'
#: English Wikipedia articles (infobox "Coordinates", consulted 2026), rounded to 0.001°;
#: the reservoir and estuary points are the articles' own coordinates for those water
#: bodies. It is a *reference course*, deliberately not derived from DeepStateMap or any
#: front-line data, so that the land/river split is independent of the line being split.
#: The Kakhovka reservoir was up to 23 km wide (drained since June 2023), so a front
#: segment counts as river front within :data:`RIVER_KM` of this course (see
#: :func:`derive_front`).
DNIPRO_COURSE: tuple[CoursePoint, ...] = (
    CoursePoint("Vasylivka", 35.282, 47.443, "left bank; upstream end of the river front"),
    CoursePoint("Enerhodar", 34.656, 47.499, "left bank of the former Kakhovka reservoir"),
    CoursePoint("Kamianka-Dniprovska", 34.406, 47.463, "left bank, opposite Nikopol"),
    CoursePoint("Kakhovka Reservoir", 34.167, 47.467, "the reservoir's article coordinate"),
    CoursePoint("Nova Kakhovka", 33.375, 46.755, "left bank at the Kakhovka dam"),
    CoursePoint("Kherson", 32.625, 46.643, "right bank"),
    CoursePoint("Hola Prystan", 32.517, 46.517, "on the Konka arm of the Dnipro delta"),
    CoursePoint("Dnieper estuary", 31.950, 46.567, "the liman the Dnipro flows into"),
)

#: Longest edge (degrees) kept before projecting: longer edges are split, so a coarse
#: outline follows its lon/lat edges in the projection instead of cutting chords across.
_DENSIFY_DEG = 0.05

#: Default half-width of the river corridor around :data:`DNIPRO_COURSE`, in km.
RIVER_KM = 10.0
#: Default width of the band along the country's border and coast that is not front, km.
BUFFER_KM = 4.0
#: Default length below which a front piece is a sliver and dropped, in km.
MIN_LENGTH_KM = 2.0


def _zero_length() -> Length:
    from geo.measure import Length

    return Length(0.0, ())


def _measure(lines: Sequence[BaseGeometry] | BaseGeometry) -> Length:
    """Geodesic :class:`geo.measure.Length` of lon/lat lines; zero for nothing."""
    from geo.measure import length

    items = [lines] if isinstance(lines, BaseGeometry) else list(lines)
    items = [g for g in items if g is not None and not g.is_empty]
    return length(items) if items else _zero_length()


def _line_parts(geom: BaseGeometry) -> list[LineString]:
    """The non-empty LineString parts of any geometry (points of touching dropped)."""
    parts = shapely.get_parts(geom)
    while (shapely.get_type_id(parts) == 7).any():
        parts = shapely.get_parts(parts)
    return [p for p in parts if isinstance(p, LineString) and not p.is_empty]


def _as_multiline(lines: Sequence[LineString]) -> MultiLineString:
    return MultiLineString([ln for ln in lines if not ln.is_empty])


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
    """A front line derived from an occupied area (see :func:`derive_front`).

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
        """
        tol = _check_km(tolerance_km, "tolerance_km")
        if tol == 0:
            return self.main_length
        lon0, lat0 = self.centre
        projected = _projector(lon0, lat0)(self.main)
        simple = shapely.simplify(projected, tol * 1000.0, preserve_topology=True)
        return _measure(_projector(lon0, lat0, inverse=True)(simple))

    @property
    def lines(self) -> MultiLineString:
        """Main line and enclave fronts together."""
        return _as_multiline([self.main, *self.enclaves])

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
            "method": "geodesic-wgs84",
        }

    def to_geodataframe(self) -> geopandas.GeoDataFrame:
        """The front as a GeoDataFrame (EPSG:4326), one row per :class:`FrontSegment`.

        Columns: ``part`` (``main`` or ``enclave``), ``index`` (0 for the main line, 1.. for
        enclaves, longest first), ``setting`` (``land`` or ``river``), ``length_km``
        (geodesic) and the geometry (a MultiLineString). Ready for :mod:`geo.export`.
        """
        import geopandas

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


def _polygonal_input(obj: Any, what: str) -> Polygon | MultiPolygon:
    """One valid 2-D lon/lat (Multi)Polygon from a geometry, mapping, frame, path or Snapshot."""
    from geo.geometry import polygon_parts

    geom = getattr(obj, "occupied", None)  # a geo.sources Snapshot
    if geom is None:
        if isinstance(obj, BaseGeometry):
            geom = obj
        else:
            from geo.io import read_geodata

            geom = shapely.union_all(read_geodata(obj).geometry.values)
    if geom is None or geom.is_empty:
        raise GeometryError(f"the {what} area is empty")
    geom = shapely.force_2d(geom)
    if not isinstance(geom, (Polygon, MultiPolygon)) or not geom.is_valid:
        parts = polygon_parts([geom])  # opens collections, repairs, keeps areal parts
        if not parts:
            raise GeometryError(f"the {what} area has no polygons (got {geom.geom_type})")
        geom = MultiPolygon(parts) if len(parts) > 1 else parts[0]
    return geom


def country_polygon(country: Any) -> BaseGeometry:
    """A country's (Multi)Polygon: from the ``countries`` layer by ISO A3 code or name.

    Parameters
    ----------
    country : str or geometry-like
        An ISO 3166 alpha-3 code or name (looked up in the ``countries`` layer with
        :func:`geo.borders.find_feature`), or a polygon in any form
        :func:`geo.io.read_geodata` accepts.

    Returns
    -------
    shapely.Polygon or shapely.MultiPolygon
        Lon/lat, valid.

    Raises
    ------
    geo.errors.LayerError
        An unknown country code or name.
    """
    if isinstance(country, str) and not Path(country).exists():
        from geo import layers
        from geo.borders import find_feature

        gdf = layers.get("countries").read()
        row = find_feature(gdf, country)
        geom = row[gdf.geometry.name]
        if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
            from geo.io import read_geodata

            geom = read_geodata(geom, crs=gdf.crs).geometry.iloc[0]
        return _polygonal_input(geom, "country")
    return _polygonal_input(country, "country")


def _laea_proj4(lon: float, lat: float) -> str:
    return f"+proj=laea +lat_0={lat:.4f} +lon_0={lon:.4f} +datum=WGS84 +units=m"


@lru_cache(maxsize=16)
def _transformer(lon0: float, lat0: float, inverse: bool) -> Any:
    # Building a pyproj Transformer costs ~10 ms: a timeline would spend more time on that
    # than on the geometry, so they are cached per projection centre.
    from pyproj import CRS, Transformer

    crs = CRS.from_proj4(_laea_proj4(lon0, lat0))
    if inverse:
        return Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    return Transformer.from_crs("EPSG:4326", crs, always_xy=True)


def _projector(lon0: float, lat0: float, inverse: bool = False) -> Any:
    """A function projecting lon/lat geometries to the LAEA centred on (lon0, lat0), or back."""
    t = _transformer(lon0, lat0, inverse)

    def apply(geom: Any) -> Any:
        return shapely.transform(geom, lambda c: np.column_stack(t.transform(c[:, 0], c[:, 1])))

    return apply


@lru_cache(maxsize=8)
def _inner_zone(country_wkb: bytes, lon0: float, lat0: float, buffer_m: float) -> Any:
    """The country's polygon shrunk by ``buffer_m`` in a LAEA centred on (lon0, lat0).

    Cached: a timeline derives hundreds of fronts against the same country, and buffering a
    detailed border is the costliest step.
    """
    country = shapely.from_wkb(country_wkb)
    projected = _projector(lon0, lat0)(shapely.segmentize(country, _DENSIFY_DEG))
    # At least 1 m: a boundary lying exactly on the country's edge is border, not front.
    inner = projected.buffer(-max(buffer_m, 1.0))
    shapely.prepare(inner)
    return inner


def _check_km(value: Any, name: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not (math.isfinite(value) and value >= 0)
    ):
        raise GeometryError(f"{name} must be a finite number of km >= 0, got {value!r}")
    return float(value)


def derive_front(
    occupied: Any,
    country: Any,
    buffer_km: float = BUFFER_KM,
    *,
    min_length_km: float = MIN_LENGTH_KM,
    river_km: float = RIVER_KM,
) -> FrontResult:
    """Derive the front line from an occupied area: its boundary minus border and coast.

    The occupied area's boundary follows three kinds of line: the country's international
    land border (where the occupied area reaches Russia), its coast, and the front. The
    first two are removed by keeping only the part of the boundary that lies inside the
    country's polygon shrunk by ``buffer_km``; the band absorbs the mismatch between the
    occupied-area data and the basemap's generalised border and coast (several km in
    places with Natural Earth 1:10m). What is left is merged into connected lines; pieces
    shorter than ``min_length_km`` (slivers where the data's coastline strays outside the
    band) are dropped. The longest line is the main front; the others are enclave fronts.
    Finally every piece is split into river front (within ``river_km`` of the Dnipro course
    :data:`DNIPRO_COURSE`, authored from public named places) and land front.

    Buffering and the sliver test run in a Lambert azimuthal equal-area projection centred
    on the country (distances within ~0.2 % over Ukraine); every reported length is
    geodesic on WGS84 (:func:`geo.measure.length`).

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
    buffer_m = _check_km(buffer_km, "buffer_km") * 1000.0
    min_m = _check_km(min_length_km, "min_length_km") * 1000.0
    river_m = _check_km(river_km, "river_km") * 1000.0
    occ = _polygonal_input(occupied, "occupied")
    ctry = country_polygon(country)
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
    inner = _inner_zone(shapely.to_wkb(region), lon0, lat0, buffer_m)
    fwd = _projector(lon0, lat0)
    back = _projector(lon0, lat0, inverse=True)

    boundary = fwd(shapely.segmentize(occ, _DENSIFY_DEG)).boundary
    pieces = _line_parts(
        shapely.line_merge(_as_multiline(_line_parts(boundary.intersection(inner))))
    )
    kept = [p for p in pieces if p.length >= min_m]
    dropped = [p for p in pieces if p.length < min_m]
    if not kept:
        raise GeometryError(
            "no front line left: the occupied area's boundary lies along the country's "
            f"border and coast (within {buffer_km:g} km) or outside the country"
        )
    kept_ll = [back(p) for p in kept]
    lengths = _measure(kept_ll)
    order = sorted(range(len(kept_ll)), key=lambda i: (-lengths.parts[i], kept_ll[i].coords[0]))
    main_ll = kept_ll[order[0]]
    enclaves_ll = tuple(kept_ll[i] for i in order[1:])

    course = fwd(shapely.segmentize(LineString([(p.lon, p.lat) for p in DNIPRO_COURSE]), 0.01))
    mouth = course.coords[-1]
    start, end = Point(fwd(main_ll).coords[0]), Point(fwd(main_ll).coords[-1])
    if Point(mouth).distance(start) < Point(mouth).distance(end):
        main_ll = LineString(main_ll.coords[::-1])  # upstream (border) end first

    corridor = course.buffer(river_m) if river_m > 0 else Polygon()
    river_parts: list[LineString] = []
    land_parts: list[LineString] = []
    main_river: list[LineString] = []
    main_land: list[LineString] = []
    segments: list[FrontSegment] = []
    for i, piece_ll in enumerate([main_ll, *enclaves_ll]):
        piece = fwd(piece_ll)
        # Where the line grazes the corridor's edge, overlay leaves sub-metre fragments: drop.
        split_parts = {
            "land": [
                back(p)
                for p in _line_parts(shapely.line_merge(piece.difference(corridor)))
                if p.length >= 1.0
            ],
            "river": [
                back(p)
                for p in _line_parts(shapely.line_merge(piece.intersection(corridor)))
                if p.length >= 1.0
            ],
        }
        for setting, lines in split_parts.items():
            if lines:
                segments.append(
                    FrontSegment(
                        part="main" if i == 0 else "enclave",
                        index=i,
                        setting=setting,
                        geometry=_as_multiline(lines),
                        length=_measure(lines),
                    )
                )
        river_parts += split_parts["river"]
        land_parts += split_parts["land"]
        if i == 0:
            main_river, main_land = split_parts["river"], split_parts["land"]
    river_ml = _as_multiline(_line_parts(shapely.line_merge(_as_multiline(river_parts))))
    land_ml = _as_multiline(_line_parts(shapely.line_merge(_as_multiline(land_parts))))
    main_length = _measure(main_ll)
    enclaves_length = _measure(list(enclaves_ll))
    return FrontResult(
        main=main_ll,
        enclaves=enclaves_ll,
        land=land_ml,
        river=river_ml,
        main_length=main_length,
        enclaves_length=enclaves_length,
        total_length=_measure([main_ll, *enclaves_ll]),
        land_length=_measure(land_parts),
        river_length=_measure(river_parts),
        main_land_length=_measure(main_land),
        main_river_length=_measure(main_river),
        slivers=len(dropped),
        slivers_length=_measure([back(p) for p in dropped]),
        buffer_km=float(buffer_km),
        min_length_km=float(min_length_km),
        river_km=float(river_km),
        segments=tuple(segments),
        centre=(lon0, lat0),
    )
