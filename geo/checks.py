"""Checks for geometries, files and catalog layers that return reasons instead of raising.

Like :func:`shapely.is_valid_reason`, every check says *why*: each :class:`Problem` carries a
stable ``code``, the feature (index in the file), a one-line ``message`` and a ``severity``.
Only unusable input raises (a :class:`~geo.errors.SourceError` for a file that cannot be read
at all); anything readable is reported. ``frontline check`` exits 1 when an ``error`` is found,
0 when there are only ``warning`` problems or none.

Nothing is ever fixed silently: :func:`repair` (``shapely.make_valid``) exists, and messages
point at it, but no check or reader applies it.

Problem codes
-------------
Per feature (:func:`check_feature`):

===================== ======== ==========================================================
code                  severity meaning
===================== ======== ==========================================================
null-geometry         warning  a Feature whose geometry is ``null`` (nothing to measure)
empty-geometry        error    a geometry with no positions
non-finite            error    NaN or infinite coordinates
out-of-range          error    longitude outside -180..180 or latitude outside -90..90
lat-lon-swapped       error    latitude outside ±90 with longitude inside ±90, or (layers)
                               the data falls inside the declared bbox only when swapped
extra-dimensions      error    positions with 3 (altitude, ignored) or more values
too-few-positions     error    a line with < 2 positions or a ring with < 4
unclosed-ring         error    a ring whose last position is not its first (raw GeoJSON;
                               shapely would close it silently)
duplicate-vertex      error    the same position twice in a row
ring-orientation      warning  RFC 7946 wants exterior rings counter-clockwise, holes
                               clockwise
self-intersection     error    a polygon ring that crosses itself (bow-tie); for lines a
                               warning
invalid-geometry      error    any other invalidity, with shapely's reason
===================== ======== ==========================================================

Per file (:func:`check_file`): ``foreign-crs`` (a GeoJSON ``crs`` member other than CRS84;
frontline transforms it, most web tools do not). Per layer (:func:`check_layer`), from the
catalog entry in ``layers/catalog.toml``: ``geometry-type``, ``feature-count``,
``missing-property``, ``outside-bbox``, ``not-within``, ``end-not-near-border``,
``not-on-boundary``, ``unknown-check``.

Examples
--------
>>> bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
>>> [str(p) for p in check_feature(bowtie, 3)]  # doctest: +NORMALIZE_WHITESPACE
['feature 3: error: self-intersection: a ring crosses itself at (0.5, 0.5) (bow-tie);
  repair() (make_valid) can split it']
>>> check_feature({"type": "Point", "coordinates": [30.5, 50.4]}, 0)
[]
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from geo import io as _io
from geo.errors import LayerError, SourceError

if TYPE_CHECKING:
    import numpy as np
    import pyproj
    import shapely

__all__ = [
    "CHECK_KEYS",
    "Problem",
    "Severity",
    "check_feature",
    "check_file",
    "check_layer",
    "check_source",
    "has_errors",
    "repair",
]

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a feature, a file or a layer.

    Attributes
    ----------
    code : str
        Stable identifier, e.g. ``"unclosed-ring"`` (see the module docs for the list).
    feature : int, str or None
        The feature's index in its file (0-based), or ``None`` for file/layer problems.
    message : str
        One line saying what is wrong and, where possible, how to fix it.
    severity : {"error", "warning"}
        ``error`` makes ``frontline check`` exit 1; ``warning`` is printed only.
    """

    code: str
    feature: int | str | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = "" if self.feature is None else f"feature {self.feature}: "
        return f"{where}{self.severity}: {self.code}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """Return the problem as a JSON-ready dict (keys code, feature, message, severity)."""
        return {
            "code": self.code,
            "feature": self.feature,
            "message": self.message,
            "severity": self.severity,
        }


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any problem has severity ``error``.

    Parameters
    ----------
    problems : iterable of Problem

    Returns
    -------
    bool
    """
    return any(p.severity == "error" for p in problems)


def repair(geom: Any) -> shapely.Geometry:
    """Return a valid version of ``geom`` with :func:`shapely.make_valid`.

    Never applied by a reader or a check: call it yourself and look at the result (a bow-tie
    becomes a MultiPolygon of two triangles; a collapsed ring may become a line).

    Parameters
    ----------
    geom : shapely geometry or GeoJSON geometry mapping
        Coordinates in lon/lat.

    Returns
    -------
    shapely.Geometry
        A valid geometry covering the same points.

    Examples
    --------
    >>> import shapely
    >>> repair(shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])).geom_type
    'MultiPolygon'
    """
    import shapely

    if not isinstance(geom, shapely.Geometry):
        geom = _shape_leniently(geom)
        if geom is None:
            raise SourceError("cannot build a geometry to repair from this mapping")
    return shapely.make_valid(geom)


# --------------------------------------------------------------------------- per feature

_RING_LEVEL = {"Polygon": 1, "MultiPolygon": 2}  # array level at which rings are listed


def _walk(geom: Mapping[str, Any], label: str, index: int | str | None) -> Iterable[tuple]:
    """Yield (kind, role, array) per innermost position list; role is line/ring/hole/point."""
    kind = geom.get("type")
    if kind == "GeometryCollection":
        for member in geom.get("geometries") or []:
            yield from _walk(member, label, index)
        return
    arrays = iter(list(_io._position_arrays(geom, label, index)))  # validates first
    coords = geom.get("coordinates")
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
        for rings in coords or []:
            for i in range(len(rings)):
                yield kind, "hole" if i else "ring", next(arrays)


def _signed_area2(xy: np.ndarray) -> float:
    """Twice the planar signed area (shoelace) of a closed ring; > 0 is counter-clockwise."""
    x, y = xy[:, 0], xy[:, 1]
    return float((x[:-1] * y[1:] - x[1:] * y[:-1]).sum())


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
        ``None`` (a Feature's null geometry) gives a ``null-geometry`` warning.
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
    import numpy as np
    import shapely

    if isinstance(geom, Mapping) and geom.get("type") == "Feature":
        geom = geom.get("geometry")
    if geom is None:
        return [
            Problem(
                "null-geometry", index, "geometry is null: nothing to draw or measure", "warning"
            )
        ]
    if isinstance(geom, shapely.Geometry):
        if geom.is_empty:
            return [Problem("empty-geometry", index, f"{geom.geom_type} is empty")]
        geom = shapely.geometry.mapping(geom)  # keeps Z, so extra-dimensions is seen
    if not isinstance(geom, Mapping):
        raise SourceError(f"cannot check a {type(geom).__name__}", path=label, feature=index)

    problems: list[Problem] = []

    def add(code: str, message: str, severity: Severity = "error") -> None:
        if not any(p.code == code for p in problems):  # one problem per code per feature
            problems.append(Problem(code, index, message, severity))

    kind = geom.get("type")
    parts = list(_walk(geom, label, index))
    if not parts or all(len(arr) == 0 for _, _, arr in parts):
        add("empty-geometry", f"{kind} has no positions")
        return problems

    for part_kind, role, arr in parts:
        if len(arr) == 0:
            add("empty-geometry", f"{part_kind} has an empty {role}")
            continue
        width = arr.shape[1]
        if width > 2:
            extra = np.isfinite(arr[:, 2:]).any(axis=0)
            dims = 2 + int(extra.sum())
            if dims == 3:
                add(
                    "extra-dimensions",
                    "positions have 3 values (altitude); frontline measures on the ellipsoid "
                    "and ignores it: drop the third value",
                )
            elif dims > 3:
                add(
                    "extra-dimensions",
                    f"positions have {dims} values; GeoJSON allows 2 or 3 (RFC 7946 3.1.1)",
                )
        xy = arr[:, :2]
        if transformer is not None and np.isfinite(xy).all():
            lon, lat = transformer.transform(xy[:, 0], xy[:, 1])
            xy = np.column_stack([lon, lat])
        if not np.isfinite(xy).all():
            add("non-finite", f"{part_kind} has NaN or infinite coordinates")
            continue
        lon, lat = xy[:, 0], xy[:, 1]
        lat_bad = np.abs(lat) > 90
        lon_bad = np.abs(lon) > 180
        if lat_bad.any() and (np.abs(lon) <= 90).all():
            j = int(np.argmax(lat_bad))
            add(
                "lat-lon-swapped",
                f"latitude {lat[j]:g} is beyond ±90 while every longitude is within ±90: "
                "the positions look like [latitude, longitude]; GeoJSON is [longitude, latitude]",
            )
        elif lat_bad.any() or lon_bad.any():
            j = int(np.argmax(lat_bad | lon_bad))
            add(
                "out-of-range",
                f"position ({lon[j]:g}, {lat[j]:g}) is outside longitude -180..180 / "
                "latitude -90..90",
            )
        # Duplicate consecutive vertices (the closing vertex of a ring is not one).
        same = (xy[1:] == xy[:-1]).all(axis=1)
        if same.any():
            j = int(np.argmax(same))
            add(
                "duplicate-vertex",
                f"{int(same.sum())} repeated consecutive position(s), first at position {j + 1} "
                f"({xy[j, 0]:g}, {xy[j, 1]:g}); remove the repeats",
            )
        if role == "line" and len(xy) < 2:
            add("too-few-positions", f"a line needs at least 2 positions, got {len(xy)}")
        if role in ("ring", "hole"):
            closed = bool((arr[0, :2] == arr[-1, :2]).all())
            if not closed:
                add(
                    "unclosed-ring",
                    f"a {part_kind} ring ends at ({arr[-1, 0]:g}, {arr[-1, 1]:g}), not at its "
                    f"first position ({arr[0, 0]:g}, {arr[0, 1]:g}); repeat the first position "
                    "at the end",
                )
            n = len(xy) + (0 if closed else 1)
            if n < 4:
                add("too-few-positions", f"a ring needs at least 4 positions, got {len(xy)}")
                continue
            ring = xy if closed else np.vstack([xy, xy[:1]])
            area2 = _signed_area2(ring)
            want_ccw = role == "ring"
            if area2 != 0 and (area2 > 0) != want_ccw:
                add(
                    "ring-orientation",
                    "RFC 7946 wants exterior rings counter-clockwise and holes clockwise; "
                    "some rings turn the other way (areas are unaffected)",
                    "warning",
                )

    if any(p.code in _STRUCTURAL for p in problems):
        return problems  # shapely cannot judge validity of what it cannot build
    shaped = _shape_leniently(geom, transformer)
    if shaped is None:
        add("invalid-geometry", f"{kind} cannot be built into a geometry")
        return problems
    _validity(shaped, add)
    return problems


_STRUCTURAL = frozenset({"non-finite", "too-few-positions", "empty-geometry"})


def _validity(shaped: shapely.Geometry, add: Any) -> None:
    import shapely

    reason = shapely.is_valid_reason(shaped)
    if reason != "Valid Geometry":
        where = ""
        if "[" in reason:
            text, _, xy = reason.partition("[")
            where = " at (" + ", ".join(xy.rstrip("]").split()) + ")"
        else:
            text = reason
        if text.strip().lower() in ("self-intersection", "ring self-intersection"):
            add(
                "self-intersection",
                f"a ring crosses itself{where} (bow-tie); repair() (make_valid) can split it",
            )
        else:
            add(
                "invalid-geometry",
                f"invalid: {text.strip()}{where}; repair() (make_valid) can fix it",
            )
        return
    lines = shapely.get_parts(shaped)
    lines = [g for g in lines if g.geom_type in ("LineString", "LinearRing")]
    if any(not shapely.is_simple(g) for g in lines):
        add("self-intersection", "a line crosses or touches itself", "warning")


def _shape_leniently(geom: Mapping[str, Any], transformer: Any = None) -> shapely.Geometry | None:
    """Build a 2-D shapely geometry, closing open rings; None when impossible."""
    import numpy as np
    import shapely

    def fix(node: Any, level: int, ring: bool) -> Any:
        if level == 0:
            xy = _io._to_array(node, str(geom.get("type")), "<geometry>", None)[:, :2]
            if transformer is not None:
                xy = np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
            if ring and len(xy) and not (xy[0] == xy[-1]).all():
                xy = np.vstack([xy, xy[:1]])
            return xy.tolist()
        return [fix(child, level - 1, ring) for child in node]

    try:
        kind = geom["type"]
        if kind == "GeometryCollection":
            members = [_shape_leniently(g, transformer) for g in geom["geometries"]]
            if any(m is None for m in members):
                return None
            return shapely.GeometryCollection(members)
        coords = geom["coordinates"]
        levels = _io.GEOMETRY_TYPES[kind]
        if kind == "Point":
            fixed = fix([coords], 0, False)[0] if coords else []
        else:
            fixed = fix(coords, levels - 1, kind in _RING_LEVEL)
        return shapely.geometry.shape({"type": kind, "coordinates": fixed})
    except (ValueError, TypeError, KeyError, IndexError, shapely.errors.GEOSException):
        return None  # SourceError is a ValueError too


# --------------------------------------------------------------------------- per file


def _is_geojson(path: Path, label: str) -> bool:
    return path.suffix.lower() in _io.GEOJSON_SUFFIXES or _io._sniff_json(path, label)


def check_file(path: str | os.PathLike[str]) -> list[Problem]:
    """Check every feature of a file, plus its CRS.

    GeoJSON is checked on its raw coordinates (so unclosed rings, extra dimensions and a
    foreign ``crs`` member are seen); other formats are read with pyogrio and checked as
    shapely geometries.

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    list of Problem
        In feature order; file-level problems first.

    Raises
    ------
    SourceError
        The file cannot be read at all (see :func:`geo.io.read_geojson_text`).
    """
    label = os.fspath(path)
    p = Path(label)
    if not _is_geojson(p, label):
        gdf = _io._read_ogr(p, label, None, validate=False)
        problems: list[Problem] = []
        for i, g in enumerate(gdf.geometry.values):
            problems.extend(check_feature(g, i, label=label))
        return problems
    doc = _io.read_geojson_text(label)
    return _check_document(doc, label)


def _check_document(doc: Mapping[str, Any], label: str) -> list[Problem]:
    problems: list[Problem] = []
    transformer = None
    named = _io.crs_of_document(doc, label)
    if named is not None:
        import pyproj

        crs = _io._parse_crs(named, label)
        transformer = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        problems.append(
            Problem(
                "foreign-crs",
                None,
                f"the 'crs' member names {named}; RFC 7946 GeoJSON is always lon/lat WGS84 "
                "(CRS84) with no crs member, and most tools ignore it: reproject the file",
            )
        )
    for raw in _io.iter_raw_features(doc, label):
        problems.extend(
            check_feature(raw.geometry, raw.index, transformer=transformer, label=label)
        )
    return problems


# --------------------------------------------------------------------------- per layer

#: Keys a layer's ``checks`` table may hold (in layers/catalog.toml), and what they mean.
CHECK_KEYS: dict[str, str] = {
    "required_properties": "list of property names every feature must have (non-null)",
    "within": "ISO A3 code: every feature lies within that country (countries layer)",
    "within_tolerance_m": "metres a feature may stray outside `within` (default 0)",
    "ends_near_border_km": "each line's ends lie within this many km of `border_country`",
    "border_country": "ISO A3 code whose boundary (land border and coast) the ends approach",
    "on_boundaries": "list of ISO A3 codes: every point lies on each country's boundary",
    "tolerance_m": "metres allowed off the boundaries for `on_boundaries` (default 50)",
    "on_boundaries_kind": "apply `on_boundaries` only to features whose `kind` property is this",
}


def check_layer(layer_id: str) -> list[Problem]:
    """Check a catalog layer: its file (see :func:`check_file`) plus the catalog's rules.

    Catalog rules come from the layer's entry in ``layers/catalog.toml``: its declared
    ``geometry_type``, ``feature_count`` and ``bbox``, and its ``checks`` table (keys in
    :data:`CHECK_KEYS`).

    Parameters
    ----------
    layer_id : str
        A layer id (forgiving case and punctuation, see :func:`geo.layers.get`).

    Returns
    -------
    list of Problem

    Raises
    ------
    geo.errors.LayerError
        Unknown layer id, or a rule that names a country the countries layer lacks.
    SourceError
        The layer's file cannot be read.
    """
    from geo import layers

    layer = layers.get(layer_id)
    label = str(layer.path)
    doc = _io.read_geojson_text(label)
    problems = _check_document(doc, label)
    raws = list(_io.iter_raw_features(doc, label))
    problems.extend(_declared(layer, raws))
    rules = dict(getattr(layer, "checks", None) or {})
    unknown = sorted(set(rules) - set(CHECK_KEYS))
    for key in unknown:
        problems.append(
            Problem(
                "unknown-check",
                None,
                f"catalog checks.{key} is not a known check (known: {', '.join(CHECK_KEYS)})",
            )
        )
    if any(k in rules for k in ("within", "ends_near_border_km", "on_boundaries")):
        gdf = _io.read_geodata(label)
        problems.extend(_catalog_rules(rules, gdf, layer.id))
    return problems


def _geom_type(raw: _io.RawFeature) -> str | None:
    return None if raw.geometry is None else raw.geometry.get("type")


def _declared(layer: Any, raws: Sequence[_io.RawFeature]) -> list[Problem]:
    import numpy as np

    problems: list[Problem] = []
    declared = getattr(layer, "geometry_type", None)
    if declared:
        allowed = {declared} if isinstance(declared, str) else set(declared)
        for raw in raws:
            got = _geom_type(raw)
            if got is not None and got not in allowed:
                problems.append(
                    Problem(
                        "geometry-type",
                        raw.index,
                        f"is a {got}; the catalog declares {' or '.join(sorted(allowed))}",
                    )
                )
    count = getattr(layer, "feature_count", None)
    if count is not None and count != len(raws):
        problems.append(
            Problem(
                "feature-count",
                None,
                f"file has {len(raws)} features; the catalog declares {count}",
            )
        )
    required = (getattr(layer, "checks", None) or {}).get("required_properties") or []
    for raw in raws:
        missing = [k for k in required if raw.properties.get(k) in (None, "")]
        if missing:
            problems.append(
                Problem(
                    "missing-property",
                    raw.index,
                    f"missing required propert{'y' if len(missing) == 1 else 'ies'} "
                    + ", ".join(repr(k) for k in missing),
                )
            )
    bbox = getattr(layer, "bbox", None)
    if bbox and len(bbox) == 4:
        minx, miny, maxx, maxy = (float(v) for v in bbox)
        pad = 0.01  # degrees; the catalog rounds its bbox
        for raw in raws:
            if raw.geometry is None:
                continue
            pts = [a[:, :2] for _, _, a in _walk(raw.geometry, str(layer.path), raw.index)]
            pts = [a for a in pts if len(a)]
            if not pts:
                continue
            xy = np.vstack(pts)
            if not np.isfinite(xy).all():
                continue

            def inside(x: np.ndarray, y: np.ndarray) -> bool:
                return bool(
                    (
                        (x >= minx - pad)
                        & (x <= maxx + pad)
                        & (y >= miny - pad)
                        & (y <= maxy + pad)
                    ).all()
                )

            if inside(xy[:, 0], xy[:, 1]):
                continue
            if inside(xy[:, 1], xy[:, 0]):
                problems.append(
                    Problem(
                        "lat-lon-swapped",
                        raw.index,
                        "lies outside the layer's bbox but "
                        "inside it with latitude and longitude swapped: positions look "
                        "like [latitude, longitude]",
                    )
                )
            else:
                problems.append(
                    Problem(
                        "outside-bbox",
                        raw.index,
                        f"extends outside the catalog bbox "
                        f"[{minx:g}, {miny:g}, {maxx:g}, {maxy:g}]",
                    )
                )
    return problems


def _countries() -> Any:
    from geo import layers

    return layers.get("countries").read()


def _country(gdf: Any, code: str, layer_id: str) -> shapely.Geometry:
    """The geometry of the country with ISO A3 ``code`` (or name) in the countries layer."""
    import shapely

    want = code.strip().casefold()
    for col in ("ISO_A3", "iso_a3", "ADM0_A3", "adm0_a3", "iso", "id", "NAME", "name"):
        if col in gdf.columns:
            hit = gdf[gdf[col].astype(str).str.casefold() == want]
            if len(hit):
                return shapely.union_all(hit.geometry.values)
    raise LayerError(
        f"checks for layer {layer_id!r} name country {code!r}, which the countries layer lacks"
    )


def _aeqd(lon: float, lat: float) -> pyproj.Transformer:
    """A transformer to an azimuthal equidistant projection centred on (lon, lat).

    Distances *from the centre* are true geodesic distances; the checks only compare them
    with a tolerance, they never publish them.
    """
    import pyproj

    proj = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    return pyproj.Transformer.from_crs("EPSG:4326", proj, always_xy=True)


def _distance_m(lon: float, lat: float, target: shapely.Geometry) -> float:
    """Approximate geodesic distance (m) from a point to ``target`` (lon/lat geometry)."""
    import shapely

    tr = _aeqd(lon, lat)
    projected = shapely.transform(target, lambda xy: _project(tr, xy))
    return float(shapely.distance(shapely.Point(0, 0), projected))


def _project(tr: pyproj.Transformer, xy: np.ndarray) -> np.ndarray:
    import numpy as np

    x, y = tr.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def _farthest_outside_m(outside: shapely.Geometry, region: shapely.Geometry) -> float:
    """Largest distance (m) from a vertex of ``outside`` to ``region``.

    Both are projected once into an azimuthal equidistant projection centred on ``outside``
    (accurate to well under 1 % within a few hundred km of the centre, plenty for comparing
    with a tolerance) and measured with vectorised shapely distances.
    """
    import shapely

    c = outside.centroid
    tr = _aeqd(c.x, c.y)
    pts = shapely.points(_project(tr, shapely.get_coordinates(outside)))
    near = _near(c.x, c.y, region, 500.0)
    projected = shapely.transform(near, lambda xy: _project(tr, xy))
    return float(shapely.distance(pts, projected).max())


def _near(lon: float, lat: float, geom: shapely.Geometry, km: float) -> shapely.Geometry:
    """Clip ``geom`` to a box around a point, generous enough to hold everything within km."""
    import math

    import shapely

    dlat = km / 110.0 + 0.5
    dlon = min(180.0, km / (111.32 * max(math.cos(math.radians(lat)), 0.01)) + 0.5)
    clipped = shapely.clip_by_rect(geom, lon - dlon, lat - dlat, lon + dlon, lat + dlat)
    return clipped if not clipped.is_empty else geom


def _catalog_rules(rules: Mapping[str, Any], gdf: Any, layer_id: str) -> list[Problem]:
    import numpy as np
    import shapely

    problems: list[Problem] = []
    world = _countries()
    geoms = list(gdf.geometry.values)

    if "within" in rules:
        code = str(rules["within"])
        tol = float(rules.get("within_tolerance_m", 0.0))
        country = _country(world, code, layer_id)
        for i, g in enumerate(geoms):
            if g is None or g.is_empty:
                continue
            outside = shapely.difference(g, country)
            if outside.is_empty:
                continue
            worst = _farthest_outside_m(outside, country)
            if worst > tol:
                problems.append(
                    Problem(
                        "not-within",
                        i,
                        f"extends up to {worst / 1000:,.3f} km outside "
                        f"{code} (tolerance {tol:g} m)",
                    )
                )

    if "ends_near_border_km" in rules:
        km = float(rules["ends_near_border_km"])
        code = str(rules.get("border_country") or rules.get("within") or "")
        if not code:
            problems.append(
                Problem(
                    "unknown-check",
                    None,
                    "checks.ends_near_border_km needs checks.border_country (an ISO A3 code)",
                )
            )
        else:
            boundary = _country(world, code, layer_id).boundary
            for i, g in enumerate(geoms):
                if g is None or g.is_empty:
                    continue
                for line in shapely.get_parts(
                    shapely.line_merge(g) if g.geom_type.startswith("Multi") else g
                ):
                    if line.geom_type != "LineString":
                        continue
                    ends = np.asarray(line.coords)[[0, -1], :2]
                    for x, y in ends:
                        d = _distance_m(x, y, _near(x, y, boundary, km))
                        if d > km * 1000:
                            problems.append(
                                Problem(
                                    "end-not-near-border",
                                    i,
                                    f"line end ({x:g}, {y:g}) "
                                    f"is {d / 1000:,.1f} km from {code}'s border or coast "
                                    f"(allowed {km:g} km)",
                                )
                            )

    if "on_boundaries" in rules:
        codes = rules["on_boundaries"]
        codes = [codes] if isinstance(codes, str) else list(codes)
        tol = float(rules.get("tolerance_m", 50.0))
        boundaries = {c: _country(world, c, layer_id).boundary for c in codes}
        # A layer may mix the point that must sit on the boundaries (a tripoint) with
        # reference features (towns, bridges) that must not: select by `kind`.
        only_kind = rules.get("on_boundaries_kind")
        kinds = list(gdf["kind"]) if only_kind is not None and "kind" in gdf else None
        if only_kind is not None and (kinds is None or only_kind not in kinds):
            problems.append(
                Problem(
                    "not-on-boundary",
                    None,
                    f"no feature has kind = {only_kind!r}, so nothing can be checked "
                    f"against the boundaries of {', '.join(codes)}",
                )
            )
        for i, g in enumerate(geoms):
            if g is None or g.is_empty:
                continue
            if kinds is not None and kinds[i] != only_kind:
                continue
            for x, y in shapely.get_coordinates(g):
                for c, boundary in boundaries.items():
                    d = _distance_m(x, y, _near(x, y, boundary, tol / 1000))
                    if d > tol:
                        problems.append(
                            Problem(
                                "not-on-boundary",
                                i,
                                f"({x:g}, {y:g}) is {d:,.0f} m from "
                                f"{c}'s boundary (allowed {tol:g} m)",
                            )
                        )
    return problems


def check_source(source: str | os.PathLike[str]) -> list[Problem]:
    """Check a path, or a layer id with its catalog rules (what ``frontline check`` runs).

    Parameters
    ----------
    source : str or os.PathLike
        A file path, or a layer id when the string is not an existing path.

    Returns
    -------
    list of Problem

    Raises
    ------
    GeoError
        Unusable input (unreadable file, unknown layer id).
    """
    text = os.fspath(source)
    if isinstance(source, str) and not Path(text).exists() and _io._looks_like_layer_id(text):
        return check_layer(text)
    return check_file(text)
