"""Checks of one geometry: structure, coordinates, rings and validity, as :class:`Problem` s.

Raw GeoJSON is checked as written, position list by position list (:func:`raw_parts`), so
that what a reader would refuse or shapely would hide (an unclosed ring, altitude, a
lat/lon swap) is reported with its reason; what survives is then judged by GEOS
(:func:`shapely.is_valid_reason`).

Examples
--------
>>> ring = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]  # clockwise
>>> [p.code for p in check_feature({"type": "Polygon", "coordinates": [ring]})]
['ring-orientation']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from geo.checks.problem import Problem, Severity
from geo.checks.repair import shape_leniently
from geo.errors import SourceError
from geo.io import position_arrays

if TYPE_CHECKING:
    import pyproj

__all__ = ["check_feature", "raw_parts"]

#: Decimal places beyond which coordinates draw a ``coordinate-precision`` warning
#: (RFC 7946 11.2): 7 places are about 1 cm.
MAX_DECIMALS = 7
#: What RFC 7946 3.1 lets a reader do with an empty geometry.
_EMPTY = "RFC 7946 3.1 lets readers treat it as a null geometry: nothing to draw or measure"

#: Problems after which shapely cannot judge validity (it cannot build the geometry).
_STRUCTURAL = frozenset({"non-finite", "too-few-positions", "empty-geometry"})


def raw_parts(
    geom: Mapping[str, Any], label: str, index: int | str | None
) -> Iterator[tuple[str, str, np.ndarray]]:
    """Yield (kind, role, array) per innermost position list; role is line/ring/hole/point.

    Parameters
    ----------
    geom : mapping
        A raw GeoJSON geometry (validated on the way, see :func:`geo.io.position_arrays`).
    label : str
        The file name used in error messages.
    index : int, str or None
        The feature, for error messages.

    Yields
    ------
    (str, str, numpy.ndarray)
        The geometry type, the part's role and its positions (n, k).
    """
    kind = str(geom.get("type"))
    if kind == "GeometryCollection":
        for member in geom.get("geometries") or []:
            yield from raw_parts(member, label, index)
        return
    arrays = iter(list(position_arrays(geom, label, index)))  # validates first
    if kind in ("Point", "MultiPoint"):
        for arr in arrays:
            yield kind, "point", arr
    elif kind in ("LineString", "MultiLineString"):
        for arr in arrays:
            yield kind, "line", arr
    elif kind == "Polygon":
        for i, arr in enumerate(arrays):
            yield kind, "hole" if i else "ring", arr
    else:  # MultiPolygon: rings come in order, polygon by polygon
        for rings in geom.get("coordinates") or []:
            for i in range(len(rings)):
                yield kind, "hole" if i else "ring", next(arrays)


class _Found:
    """The problems of one feature, at most one per code (the first found)."""

    def __init__(self, index: int | str | None) -> None:
        self.index = index
        self.problems: list[Problem] = []

    def add(self, code: str, message: str, severity: Severity = "error") -> None:
        """Record a problem unless one with this code is already recorded."""
        if not any(p.code == code for p in self.problems):
            self.problems.append(Problem(code, self.index, message, severity))

    def any_of(self, codes: Iterable[str]) -> bool:
        """True when a problem with one of ``codes`` is recorded."""
        wanted = set(codes)
        return any(p.code in wanted for p in self.problems)


def check_feature(
    geom: Any,
    index: int | str | None = None,
    *,
    transformer: pyproj.Transformer | None = None,
    label: str = "<geometry>",
) -> list[Problem]:
    """Check one geometry and return its problems (an empty list when it is clean).

    Parameters
    ----------
    geom : GeoJSON mapping (geometry or Feature), shapely geometry or None
        Raw GeoJSON is best: unclosed rings and extra dimensions can only be seen there.
        ``None`` (a Feature's null geometry) gives a ``null-geometry`` note.
    index : int or str, optional
        The feature index or id, copied into each problem.
    transformer : pyproj.Transformer, optional
        From the file's CRS to EPSG:4326 (``always_xy``), for files with a foreign ``crs``
        member; range, swap and orientation checks then run on transformed coordinates.
    label : str, default "<geometry>"
        File name for errors raised on malformed structure.

    Returns
    -------
    list of Problem

    Raises
    ------
    SourceError
        The mapping is not GeoJSON at all (wrong type, wrong nesting, non-numbers).
    """
    raw = _as_raw(geom, index, label)
    if isinstance(raw, Problem):
        return [raw]
    found = _Found(index)
    parts = list(raw_parts(raw, label, index))
    if not parts or all(len(arr) == 0 for _, _, arr in parts):
        found.add("empty-geometry", f"{raw.get('type')} has no positions; {_EMPTY}", "warning")
        return found.problems
    for part_kind, role, arr in parts:
        _check_part(part_kind, role, arr, transformer, found)
    if found.any_of(_STRUCTURAL):
        return found.problems  # shapely cannot judge validity of what it cannot build
    shaped = shape_leniently(raw, transformer)
    if shaped is None:
        found.add("invalid-geometry", f"{raw.get('type')} cannot be built into a geometry")
    else:
        _check_validity(shaped, found)
    return found.problems


def _as_raw(geom: Any, index: int | str | None, label: str) -> Mapping[str, Any] | Problem:
    """The raw geometry mapping to check, or the one problem that ends the check early."""
    if isinstance(geom, Mapping) and geom.get("type") == "Feature":
        geom = geom.get("geometry")
    if geom is None:
        return Problem(
            "null-geometry",
            index,
            "geometry is null (an unlocated Feature, RFC 7946 3.2): nothing to draw or measure",
            "info",
        )
    if isinstance(geom, shapely.Geometry):
        if geom.is_empty:
            return Problem(
                "empty-geometry", index, f"{geom.geom_type} is empty; {_EMPTY}", "warning"
            )
        geom = shapely.geometry.mapping(geom)  # keeps Z, so extra-dimensions is seen
    if not isinstance(geom, Mapping):
        raise SourceError(f"cannot check a {type(geom).__name__}", path=label, feature=index)
    return geom


def _check_part(
    part_kind: str, role: str, arr: np.ndarray, transformer: Any, found: _Found
) -> None:
    """Check one position list (a line, a ring, a hole, points)."""
    if len(arr) == 0:
        found.add("empty-geometry", f"{part_kind} has an empty {role}; {_EMPTY}", "warning")
        return
    _check_dimensions(arr, found)
    xy = arr[:, :2]
    if transformer is None:
        _check_precision(xy, found)
    elif np.isfinite(xy).all():
        xy = np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
    if not np.isfinite(xy).all():
        found.add("non-finite", f"{part_kind} has NaN or infinite coordinates")
        return
    _check_range(xy, found)
    _check_repeats(xy, found)
    if role != "point":
        _check_antimeridian(xy, found)
    if role == "line" and len(xy) < 2:
        found.add(
            "too-few-positions",
            f"a line needs at least 2 positions, got {len(xy)} (RFC 7946 3.1.4)",
        )
    if role in ("ring", "hole"):
        _check_ring(part_kind, role, arr, xy, found)


def _check_dimensions(arr: np.ndarray, found: _Found) -> None:
    """Altitude (legal), more than 3 values (RFC 7946 advises against), or a mix."""
    if arr.shape[1] <= 2:
        return
    present = np.isfinite(arr[:, 2:])  # NaN pads the shorter positions of a mix
    dims = 2 + int(present.any(axis=0).sum())
    if not present.all():
        found.add(
            "mixed-dimensions",
            f"some positions have {dims} values and some fewer; give every position the "
            "same number (RFC 7946 3.1.1), or drop the extra values",
            "warning",
        )
    if dims == 3 and present.all():
        found.add(
            "altitude",
            "positions have a third value, altitude (allowed by RFC 7946 3.1.1); frontline "
            "measures on the ellipsoid surface and ignores it",
            "info",
        )
    elif dims > 3:
        found.add(
            "extra-dimensions",
            f"positions have {dims} values; RFC 7946 3.1.1 says positions SHOULD NOT have "
            "more than 3, and parsers (frontline too) ignore the rest",
            "warning",
        )


def _check_precision(xy: np.ndarray, found: _Found) -> None:
    """Coordinates with more decimal places than any survey supports (RFC 7946 11.2)."""
    if not np.isfinite(xy).all() or (np.abs(xy) > 360).any():
        return
    scaled = xy * 10.0**MAX_DECIMALS
    if (np.abs(scaled - np.round(scaled)) > 1e-3).any():
        found.add(
            "coordinate-precision",
            f"coordinates have more than {MAX_DECIMALS} decimal places (finer than 1 cm); "
            "RFC 7946 11.2: 6 places (about 10 cm) are enough and keep files small: round them",
            "warning",
        )


def _check_antimeridian(xy: np.ndarray, found: _Found) -> None:
    """A segment spanning more than 180 degrees of longitude: an uncut antimeridian crossing."""
    jumps = np.abs(np.diff(xy[:, 0])) > 180
    if jumps.any():
        j = int(np.argmax(jumps))
        found.add(
            "antimeridian",
            f"the segment from ({xy[j, 0]:g}, {xy[j, 1]:g}) to ({xy[j + 1, 0]:g}, "
            f"{xy[j + 1, 1]:g}) spans more than 180 degrees of longitude; RFC 7946 3.1.9: a "
            "geometry crossing the antimeridian SHOULD be cut in two there",
            "warning",
        )


def _check_range(xy: np.ndarray, found: _Found) -> None:
    """Longitude/latitude out of range, or a probable [latitude, longitude] swap."""
    lon, lat = xy[:, 0], xy[:, 1]
    lat_bad = np.abs(lat) > 90
    lon_bad = np.abs(lon) > 180
    if lat_bad.any() and (np.abs(lon) <= 90).all():
        j = int(np.argmax(lat_bad))
        found.add(
            "lat-lon-swapped",
            f"latitude {lat[j]:g} is beyond ±90 while every longitude is within ±90: "
            "the positions look like [latitude, longitude]; GeoJSON is [longitude, latitude] "
            "(RFC 7946 3.1.1)",
        )
    elif lat_bad.any() or lon_bad.any():
        j = int(np.argmax(lat_bad | lon_bad))
        found.add(
            "out-of-range",
            f"position ({lon[j]:g}, {lat[j]:g}) is outside longitude -180..180 / latitude -90..90 "
            "(RFC 7946 4: WGS84 longitude and latitude in decimal degrees)",
        )


def _check_repeats(xy: np.ndarray, found: _Found) -> None:
    """Duplicate consecutive vertices (the closing vertex of a ring is not one)."""
    same = (xy[1:] == xy[:-1]).all(axis=1)
    if same.any():
        j = int(np.argmax(same))
        found.add(
            "duplicate-vertex",
            f"{int(same.sum())} repeated consecutive position(s), first at position {j + 1} "
            f"({xy[j, 0]:g}, {xy[j, 1]:g}); legal GeoJSON, but a zero-length segment: remove "
            "the repeats",
            "warning",
        )


def _check_ring(part_kind: str, role: str, arr: np.ndarray, xy: np.ndarray, found: _Found) -> None:
    """Closure (on the raw positions), length, and RFC 7946 orientation of a ring."""
    closed = bool((arr[0, :2] == arr[-1, :2]).all())
    if not closed:
        found.add(
            "unclosed-ring",
            f"a {part_kind} ring ends at ({arr[-1, 0]:g}, {arr[-1, 1]:g}), not at its "
            f"first position ({arr[0, 0]:g}, {arr[0, 1]:g}); repeat the first position "
            "at the end (RFC 7946 3.1.6)",
        )
    elif not np.array_equal(arr[0], arr[-1], equal_nan=True):
        found.add(
            "unclosed-ring",
            f"a {part_kind} ring's first and last positions differ in their altitude or "
            "further values; RFC 7946 3.1.6: they MUST contain identical values",
        )
    if len(xy) + (0 if closed else 1) < 4:
        found.add(
            "too-few-positions",
            f"a ring needs at least 4 positions, got {len(xy)} (RFC 7946 3.1.6)",
        )
        return
    ring = xy if closed else np.vstack([xy, xy[:1]])
    area2 = _signed_area2(ring)
    if area2 != 0 and (area2 > 0) != (role == "ring"):
        turn = "an exterior ring is clockwise" if role == "ring" else "a hole is anticlockwise"
        found.add(
            "ring-orientation",
            f"{turn}; RFC 7946 3.1.6: exterior rings MUST be counter-clockwise and holes clockwise "
            "(frontline's areas are unaffected; tools that tell holes by winding are not): "
            "reverse it",
        )


def _signed_area2(xy: np.ndarray) -> float:
    """Twice the planar signed area (shoelace) of a closed ring; > 0 is counter-clockwise."""
    x, y = xy[:, 0], xy[:, 1]
    return float((x[:-1] * y[1:] - x[1:] * y[:-1]).sum())


def _check_validity(shaped: shapely.Geometry, found: _Found) -> None:
    """GEOS validity with its reason; lines that cross themselves are a warning."""
    reason = shapely.is_valid_reason(shaped)
    if reason != "Valid Geometry":
        where = ""
        text = reason
        if "[" in reason:
            text, _, xy = reason.partition("[")
            where = " at (" + ", ".join(xy.rstrip("]").split()) + ")"
        if text.strip().lower() in ("self-intersection", "ring self-intersection"):
            found.add(
                "self-intersection",
                f"a ring crosses itself{where} (bow-tie); repair() (make_valid) can split it",
            )
        else:
            found.add(
                "invalid-geometry",
                f"invalid: {text.strip()}{where}; repair() (make_valid) can fix it",
            )
        return
    lines = [g for g in shapely.get_parts(shaped) if g.geom_type in ("LineString", "LinearRing")]
    if any(not shapely.is_simple(g) for g in lines):
        found.add("self-intersection", "a line crosses or touches itself", "warning")
