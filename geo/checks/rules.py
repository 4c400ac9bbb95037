"""The catalog's ``checks`` rules: within a country, ends near a border, on boundaries.

Distances are compared with tolerances of tens of metres and more; they are measured in an
azimuthal equidistant frame (:func:`geo.frames.local_frame`) centred on the point or part
being checked, accurate to well under 1 % within a few hundred km of the centre. They are
never published as figures.

Countries come from the bundled ``countries`` layer, looked up with
:func:`geo.layers.find_feature` (ISO A3 code or name).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from geo import layers
from geo.checks.problem import Problem
from geo.errors import LayerError
from geo.frames import local_frame

if TYPE_CHECKING:
    import geopandas

__all__ = ["CHECK_KEYS", "catalog_rules"]

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


def catalog_rules(
    rules: Mapping[str, Any], gdf: geopandas.GeoDataFrame, layer_id: str
) -> list[Problem]:
    """Run a layer's ``within``, ``ends_near_border_km`` and ``on_boundaries`` rules.

    Parameters
    ----------
    rules : mapping
        The layer's ``checks`` table (keys in :data:`CHECK_KEYS`).
    gdf : geopandas.GeoDataFrame
        The layer's features, EPSG:4326.
    layer_id : str
        The layer, for error messages.

    Returns
    -------
    list of Problem

    Raises
    ------
    LayerError
        A rule names a country the countries layer lacks.
    """
    world = layers.get("countries").read()
    geoms = list(gdf.geometry.values)
    problems: list[Problem] = []
    if "within" in rules:
        problems.extend(_within(rules, geoms, _country(world, str(rules["within"]), layer_id)))
    if "ends_near_border_km" in rules:
        problems.extend(_ends_near_border(rules, geoms, world, layer_id))
    if "on_boundaries" in rules:
        problems.extend(_on_boundaries(rules, gdf, world, layer_id))
    return problems


def _country(world: geopandas.GeoDataFrame, code: str, layer_id: str) -> shapely.Geometry:
    """The geometry of the country with ISO A3 ``code`` (or name) in the countries layer."""
    try:
        row = layers.find_feature(world, code)
    except LayerError:
        raise LayerError(
            f"checks for layer {layer_id!r} name country {code!r}, which the countries layer lacks"
        ) from None
    return row[world.geometry.name]


def _within(
    rules: Mapping[str, Any], geoms: Sequence[Any], country: shapely.Geometry
) -> list[Problem]:
    """Features reaching farther outside the ``within`` country than its tolerance."""
    code = str(rules["within"])
    tol = float(rules.get("within_tolerance_m", 0.0))
    problems = []
    for i, g in enumerate(geoms):
        if g is None or g.is_empty:
            continue
        outside = shapely.difference(g, country)
        if outside.is_empty:
            continue
        worst = _farthest_outside_m(outside, country)
        if worst > tol:
            message = f"extends up to {worst / 1000:,.3f} km outside {code} (tolerance {tol:g} m)"
            problems.append(Problem("not-within", i, message))
    return problems


def _ends_near_border(
    rules: Mapping[str, Any], geoms: Sequence[Any], world: geopandas.GeoDataFrame, layer_id: str
) -> list[Problem]:
    """Line ends farther than ``ends_near_border_km`` from the country's border or coast."""
    km = float(rules["ends_near_border_km"])
    code = str(rules.get("border_country") or rules.get("within") or "")
    if not code:
        message = "checks.ends_near_border_km needs checks.border_country (an ISO A3 code)"
        return [Problem("unknown-check", None, message)]
    boundary = _country(world, code, layer_id).boundary
    problems = []
    for i, g in enumerate(geoms):
        if g is None or g.is_empty:
            continue
        merged = shapely.line_merge(g) if g.geom_type.startswith("Multi") else g
        for line in shapely.get_parts(merged):
            if line.geom_type != "LineString":
                continue
            for x, y in np.asarray(line.coords)[[0, -1], :2]:
                d = _distance_m(x, y, _near(x, y, boundary, km))
                if d > km * 1000:
                    message = (
                        f"line end ({x:g}, {y:g}) is {d / 1000:,.1f} km from {code}'s border "
                        f"or coast (allowed {km:g} km)"
                    )
                    problems.append(Problem("end-not-near-border", i, message))
    return problems


def _on_boundaries(
    rules: Mapping[str, Any],
    gdf: geopandas.GeoDataFrame,
    world: geopandas.GeoDataFrame,
    layer_id: str,
) -> list[Problem]:
    """Points farther than ``tolerance_m`` from any of the ``on_boundaries`` countries."""
    codes = rules["on_boundaries"]
    codes = [codes] if isinstance(codes, str) else list(codes)
    tol = float(rules.get("tolerance_m", 50.0))
    boundaries = {c: _country(world, c, layer_id).boundary for c in codes}
    # A layer may mix the point that must sit on the boundaries (a tripoint) with
    # reference features (towns, bridges) that must not: select by `kind`.
    only_kind = rules.get("on_boundaries_kind")
    kinds = list(gdf["kind"]) if only_kind is not None and "kind" in gdf else None
    problems = []
    if only_kind is not None and (kinds is None or only_kind not in kinds):
        message = (
            f"no feature has kind = {only_kind!r}, so nothing can be checked against the "
            f"boundaries of {', '.join(codes)}"
        )
        problems.append(Problem("not-on-boundary", None, message))
    for i, g in enumerate(gdf.geometry.values):
        if g is None or g.is_empty or (kinds is not None and kinds[i] != only_kind):
            continue
        for x, y in shapely.get_coordinates(g):
            for c, boundary in boundaries.items():
                d = _distance_m(x, y, _near(x, y, boundary, tol / 1000))
                if d > tol:
                    message = (
                        f"({x:g}, {y:g}) is {d:,.0f} m from {c}'s boundary (allowed {tol:g} m)"
                    )
                    problems.append(Problem("not-on-boundary", i, message))
    return problems


def _distance_m(lon: float, lat: float, target: shapely.Geometry) -> float:
    """Approximate geodesic distance (m) from a point to ``target`` (lon/lat geometry)."""
    frame = local_frame(lon, lat, "aeqd")
    x, y = frame.forward(lon, lat)
    return float(shapely.distance(shapely.Point(x, y), frame.to_local(target)))


def _farthest_outside_m(outside: shapely.Geometry, region: shapely.Geometry) -> float:
    """Largest distance (m) from a vertex of ``outside`` to ``region``.

    Both are projected once into a frame centred on ``outside`` and measured with
    vectorised shapely distances.
    """
    c = outside.centroid
    frame = local_frame(c.x, c.y, "aeqd")
    pts = frame.to_local(shapely.points(shapely.get_coordinates(outside)))
    near = frame.to_local(_near(c.x, c.y, region, 500.0))
    return float(shapely.distance(pts, near).max())


def _near(lon: float, lat: float, geom: shapely.Geometry, km: float) -> shapely.Geometry:
    """Clip ``geom`` to a box around a point, generous enough to hold everything within km."""
    dlat = km / 110.0 + 0.5
    dlon = min(180.0, km / (111.32 * max(math.cos(math.radians(lat)), 0.01)) + 0.5)
    clipped = shapely.clip_by_rect(geom, lon - dlon, lat - dlat, lon + dlon, lat + dlat)
    return clipped if not clipped.is_empty else geom
