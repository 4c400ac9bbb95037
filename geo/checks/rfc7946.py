"""RFC 7946 rules about a GeoJSON document's objects and members, as :class:`Problem` s.

:func:`check_members` walks a raw document (as :func:`geo.io.read_geojson_text` returns it
with ``strict=False``) and reports what the per-geometry checks (:mod:`geo.checks.feature`)
cannot see: ``bbox`` members (section 5), members that change the meaning of an object
(7.1), GeoJSON-looking foreign members (6.1), Features without ``properties`` or with an
``id`` of the wrong type (3.2), nested or single-type GeometryCollections (3.1.8), an empty
FeatureCollection (3.3) and a ``crs`` member naming CRS84 (4). :func:`check_json_text` adds
the I-JSON rules (11.1) that only the text shows. The full table, with what is deliberately
not checked, is in ``docs/check.md``.

Examples
--------
>>> doc = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [30, 50]},
...        "properties": {}, "bbox": [31, 51, 32, 52]}
>>> [p.code for p in check_members(doc)]
['bbox-mismatch']
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from geo.checks.problem import Problem
from geo.errors import GeoError
from geo.io import CRS84_NAMES, GEOMETRY_TYPES, position_arrays
from geo.io.raw import TOP_TYPES

__all__ = ["check_json_text", "check_members"]

#: The members RFC 7946 defines, per kind of object (anything else is a foreign member).
_DEFINED = {
    "FeatureCollection": {"type", "features", "bbox"},
    "Feature": {"type", "id", "geometry", "properties", "bbox"},
    "geometry": {"type", "coordinates", "bbox"},
    "GeometryCollection": {"type", "geometries", "bbox"},
}
#: Section 7.1: members that define another kind of object and MUST NOT appear here.
_FORBIDDEN = {
    "FeatureCollection": ("coordinates", "geometries", "geometry", "properties"),
    "Feature": ("coordinates", "geometries", "features"),
    "geometry": ("geometry", "properties", "features"),
    "GeometryCollection": ("geometry", "properties", "features"),
}
#: Slack (degrees, or the coordinates' units) when comparing positions with a bbox.
_BBOX_SLACK = 1e-9
#: The largest integer an IEEE double holds exactly (I-JSON, RFC 7493 2.2).
_EXACT_INT = 2**53 - 1


def check_members(doc: Mapping[str, Any]) -> list[Problem]:
    """Check the members of every object in a raw GeoJSON document.

    Parameters
    ----------
    doc : mapping
        A raw document (FeatureCollection, Feature or geometry) whose structure
        :func:`geo.io.validate_document` has accepted.

    Returns
    -------
    list of Problem
        Document-level problems first (``feature`` None), then per feature in order.
    """
    problems: list[Problem] = []
    kind = doc.get("type")
    if kind == "FeatureCollection":
        problems.extend(_object(doc, "FeatureCollection", None))
        features = doc.get("features") or []
        if not features:
            problems.append(
                Problem(
                    "empty-collection",
                    None,
                    "the FeatureCollection has no features (allowed by RFC 7946 3.3): "
                    "nothing to draw or measure",
                    "info",
                )
            )
        problems.extend(_crs_note(doc))
        for i, feat in enumerate(features):
            problems.extend(_feature(feat, i))
    elif kind == "Feature":
        problems.extend(_crs_note(doc))
        problems.extend(_feature(doc, 0))
    else:
        problems.extend(_crs_note(doc))
        problems.extend(_geometry(doc, 0, 0))
    return problems


def _feature(feat: Mapping[str, Any], index: int) -> list[Problem]:
    """A Feature's own members, then its geometry's."""
    problems = _object(feat, "Feature", index)
    if "properties" not in feat:
        problems.append(
            Problem(
                "missing-properties",
                index,
                "the Feature has no 'properties' member; RFC 7946 3.2 requires one "
                '(write "properties": {} or null)',
            )
        )
    fid = feat.get("id")
    if "id" in feat and (isinstance(fid, bool) or not isinstance(fid, (str, int, float))):
        problems.append(
            Problem(
                "id-type",
                index,
                f"the Feature's 'id' is {_describe(fid)}; RFC 7946 3.2: an id is a string or "
                "a number",
            )
        )
    geom = feat.get("geometry")
    if isinstance(geom, Mapping):
        problems.extend(_geometry(geom, index, 0))
    return problems


def _geometry(geom: Mapping[str, Any], index: int | None, level: int) -> list[Problem]:
    """A geometry's members; a GeometryCollection's members, recursively."""
    if geom.get("type") != "GeometryCollection":
        return _object(geom, "geometry", index)
    problems = _object(geom, "GeometryCollection", index)
    members = [m for m in geom.get("geometries") or [] if isinstance(m, Mapping)]
    if level == 1:  # report the nesting once, at the first nested collection
        problems.append(
            Problem(
                "nested-collection",
                index,
                "a GeometryCollection holds another GeometryCollection; RFC 7946 3.1.8: "
                "implementations SHOULD avoid nested GeometryCollections (flatten it)",
                "warning",
            )
        )
    types = {m.get("type") for m in members}
    if members and len(types) == 1 and "GeometryCollection" not in types:
        (only,) = types
        multi = only if str(only).startswith("Multi") else f"Multi{only}"
        what = "a single member" if len(members) == 1 else f"only {only} members"
        problems.append(
            Problem(
                "single-type-collection",
                index,
                f"a GeometryCollection with {what}; RFC 7946 3.1.8: use a {multi} (or the "
                "geometry itself) instead",
                "warning",
            )
        )
    for member in members:
        problems.extend(_geometry(member, index, level + 1))
    return problems


def _object(obj: Mapping[str, Any], role: str, index: int | None) -> list[Problem]:
    """The rules for any object: forbidden members (7.1), foreign GeoJSON (6.1), bbox (5)."""
    problems = []
    name = "geometry" if role in ("geometry", "GeometryCollection") else role
    for member in _FORBIDDEN[role]:
        if member in obj:
            problems.append(
                Problem(
                    "misplaced-member",
                    index,
                    f"a {name} object has a {member!r} member; RFC 7946 7.1: it MUST NOT, "
                    f"because {member!r} defines another kind of object (remove or rename it)",
                )
            )
    for member, value in obj.items():
        if member in _DEFINED[role] or member in _FORBIDDEN[role] or member == "crs":
            continue
        found = _geojson_inside(value)
        if found is not None:
            problems.append(
                Problem(
                    "foreign-geojson",
                    index,
                    f"the foreign member {member!r} holds a GeoJSON-looking {found!r} object; "
                    "RFC 7946 6.1: GeoJSON semantics do not apply to it, so no reader (nor "
                    "frontline) draws it: move it into the geometry, or a separate Feature",
                    "warning",
                )
            )
    if "bbox" in obj:
        problems.extend(_bbox(obj, obj["bbox"], index))
    return problems


def _geojson_inside(value: Any, budget: int = 1000) -> str | None:
    """The ``type`` of the first GeoJSON-looking object within a foreign member's value."""
    stack = [value]
    while stack and budget > 0:
        node = stack.pop()
        budget -= 1
        if isinstance(node, Mapping):
            if node.get("type") in TOP_TYPES and (
                "coordinates" in node
                or "geometries" in node
                or "features" in node
                or "geometry" in node
            ):
                return str(node["type"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node[:100])
    return None


def _positions(obj: Mapping[str, Any]) -> Iterator[np.ndarray]:
    """Every position array within an object (FeatureCollection, Feature or geometry)."""
    kind = obj.get("type")
    if kind == "FeatureCollection":
        for feat in obj.get("features") or []:
            yield from _positions(feat)
    elif kind == "Feature":
        geom = obj.get("geometry")
        if isinstance(geom, Mapping):
            yield from _positions(geom)
    elif kind in GEOMETRY_TYPES:
        try:
            yield from (a for a in position_arrays(obj, "<bbox>", None) if len(a))
        except GeoError:  # reported by the structure checks
            return


def _bbox(obj: Mapping[str, Any], bbox: Any, index: int | None) -> list[Problem]:
    """RFC 7946 5: a bbox is 2n numbers, south-west corner first, holding every position."""

    def bad(reason: str, severity: Any = "error") -> list[Problem]:
        return [Problem("bbox-malformed", index, f"'bbox' {reason} (RFC 7946 5)", severity)]

    if not isinstance(bbox, list):
        return bad(f"is {_describe(bbox)}; it must be an array of numbers")
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in bbox):
        return bad("holds something that is not a number")
    if len(bbox) < 4 or len(bbox) % 2:
        return bad(f"has {len(bbox)} values; it must have 2 per dimension (4 for 2-D, 6 for 3-D)")
    values = np.asarray(bbox, dtype=float)
    if not np.isfinite(values).all():
        return bad("holds a number that is not finite")
    n = len(bbox) // 2
    low, high = values[:n], values[n:]
    if low[1] > high[1]:
        return bad(f"has its south {low[1]:g} above its north {high[1]:g}")
    if n > 2 and (low[2:] > high[2:]).any():
        return bad("has a minimum above its maximum")
    arrays = list(_positions(obj))
    if not arrays:
        return []
    dims = max(a.shape[1] for a in arrays)
    problems = []
    if n != dims:
        problems.extend(
            bad(
                f"has {len(bbox)} values for {dims}-D positions; it must have {2 * dims}",
                "error" if n > dims else "warning",
            )
        )
    xy = np.vstack([a[:, : min(n, dims)] for a in arrays])
    outside = _outside(xy, low, high)
    if outside is not None:
        problems.append(
            Problem(
                "bbox-mismatch",
                index,
                f"position ({', '.join(f'{v:g}' for v in outside)}) lies outside the 'bbox' "
                f"[{', '.join(f'{v:g}' for v in values)}]; RFC 7946 5: the bbox holds every "
                "position (recompute it)",
            )
        )
    return problems


def _outside(xy: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray | None:
    """The first position outside the box, or ``None``; west > east wraps the antimeridian."""
    k = xy.shape[1]
    ok = np.ones(len(xy), bool)
    x = xy[:, 0]
    if low[0] <= high[0]:
        ok &= (x >= low[0] - _BBOX_SLACK) & (x <= high[0] + _BBOX_SLACK)
    else:  # RFC 7946 5.2: a box crossing the antimeridian
        ok &= (x >= low[0] - _BBOX_SLACK) | (x <= high[0] + _BBOX_SLACK)
    for axis in range(1, k):
        v = xy[:, axis]
        ok &= np.isnan(v) | ((v >= low[axis] - _BBOX_SLACK) & (v <= high[axis] + _BBOX_SLACK))
    if ok.all():
        return None
    return xy[int(np.argmin(ok))]


def _crs_note(doc: Mapping[str, Any]) -> list[Problem]:
    """A ``crs`` member that names CRS84 (or is null): harmless, but not GeoJSON any more."""
    if "crs" not in doc:
        return []
    crs = doc["crs"]
    name = crs.get("properties", {}).get("name") if isinstance(crs, Mapping) else None
    if crs is not None and not (isinstance(name, str) and name.strip().lower() in CRS84_NAMES):
        return []  # another CRS: `foreign-crs`, reported by check_document
    return [
        Problem(
            "crs-member",
            None,
            "the 'crs' member (from GeoJSON 2008) names lon/lat WGS84, which RFC 7946 4 "
            "assumes anyway; the member was removed from the format and can be dropped",
            "info",
        )
    ]


def check_json_text(text: str) -> list[Problem]:
    """I-JSON rules (RFC 7946 11.1, RFC 7493) that only the text shows.

    Parameters
    ----------
    text : str
        The document's JSON text (already parsed successfully once).

    Returns
    -------
    list of Problem
        ``duplicate-member`` (two members of one object with the same name: readers keep
        different ones) and ``not-i-json`` (unpaired surrogates, integers beyond 2**53).

    Examples
    --------
    >>> [p.code for p in check_json_text('{"type": "Point", "type": "Feature"}')]
    ['duplicate-member']
    """
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(items)
        if len(obj) != len(items):
            seen: set[str] = set()
            for key, _ in items:
                if key in seen:
                    duplicates.append(key)
                seen.add(key)
        return obj

    try:
        doc = json.loads(text, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return []
    problems = []
    if duplicates:
        problems.append(
            Problem(
                "duplicate-member",
                None,
                f"an object has two members named {duplicates[0]!r}; RFC 7946 11.1 (I-JSON, "
                "RFC 7493 2.3): member names MUST be unique, and readers keep different ones",
                "warning",
            )
        )
    reason = _not_i_json(doc)
    if reason:
        problems.append(
            Problem("not-i-json", None, f"{reason} (RFC 7946 11.1, RFC 7493 2)", "warning")
        )
    return problems


def _not_i_json(doc: Any) -> str | None:
    """The first I-JSON value rule the document breaks, or ``None``."""
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError:
                return "a string holds an unpaired surrogate (\\ud800-\\udfff), not Unicode text"
        elif isinstance(node, bool):
            continue
        elif isinstance(node, int) and abs(node) > _EXACT_INT:
            return f"the integer {node} is beyond 2**53 and cannot be read exactly"
        elif isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return None


def _describe(value: Any) -> str:
    """A short phrase naming a JSON value."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return "a string"
    return "an object" if isinstance(value, Mapping) else "an array"
