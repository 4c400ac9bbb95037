"""Positions of a raw GeoJSON geometry as float arrays, validated on the way.

Every innermost list of positions (a ring, a line, the points of a MultiPoint) becomes one
``(n, k)`` float array. Nesting, numbers and position length are checked with a precise
message; mixed 2-D/3-D positions are padded with NaN so :mod:`geo.checks` can report the mix.

Examples
--------
>>> line = {"type": "LineString", "coordinates": [[30, 50], [31, 50.5]]}
>>> [a.tolist() for a in position_arrays(line, "<GeoJSON>", 0)]
[[[30.0, 50.0], [31.0, 50.5]]]
>>> validate_document({"type": "MultiPoint", "coordinates": [[30, 50], [31, 50], [32, 51]]})
3
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import chain
from typing import Any

import numpy as np

from geo.errors import SourceError
from geo.io.limits import MAX_POSITIONS, env_limit
from geo.io.raw import GEOMETRY_TYPES, describe, iter_raw_features, type_error

__all__ = ["MAX_COLLECTION_DEPTH", "position_arrays", "positions_to_array", "validate_document"]

#: Deepest nesting of GeometryCollections inside one another.
MAX_COLLECTION_DEPTH = 8


def position_arrays(
    geom: Mapping[str, Any], label: str, index: int | str | None, _depth: int = 0
) -> Iterator[np.ndarray]:
    """Yield one float array (n, k) per innermost list of positions (a ring, a line, ...).

    A Point yields a (1, k) array. Validates nesting, numbers and position length.

    Parameters
    ----------
    geom : mapping
        A raw GeoJSON geometry object.
    label : str
        The file name used in error messages.
    index : int, str or None
        The feature index (or id) used in error messages.

    Yields
    ------
    numpy.ndarray
        Float arrays of shape (n, k), k >= 2: longitude, latitude and any further values.

    Raises
    ------
    SourceError
        An unknown type, missing ``coordinates``, wrong nesting or values that are not
        numbers.
    """
    kind = geom.get("type")
    if kind not in GEOMETRY_TYPES:
        raise SourceError(
            type_error(kind, tuple(GEOMETRY_TYPES), "geometry: "), path=label, feature=index
        )
    if kind == "GeometryCollection":
        yield from _collection_arrays(geom, label, index, _depth)
        return
    if "coordinates" not in geom:
        raise SourceError(f"{kind} has no 'coordinates' member", path=label, feature=index)
    coords = geom["coordinates"]
    levels = GEOMETRY_TYPES[kind]
    if levels == 0:
        yield positions_to_array([coords], kind, label, index)
        return
    stack: list[tuple[Any, int]] = [(coords, levels)]
    while stack:
        node, level = stack.pop()
        if not isinstance(node, (list, tuple)):
            raise SourceError(
                f"{kind} coordinates are nested wrongly: expected an array, got {describe(node)}",
                path=label,
                feature=index,
            )
        if level == 1:
            yield positions_to_array(node, kind, label, index)
        else:
            stack.extend((child, level - 1) for child in reversed(node))


def _collection_arrays(
    geom: Mapping[str, Any], label: str, index: int | str | None, depth: int
) -> Iterator[np.ndarray]:
    """The position arrays of each member of a GeometryCollection, in order."""
    members = geom.get("geometries")
    if not isinstance(members, list):
        raise SourceError("GeometryCollection has no 'geometries' array", path=label, feature=index)
    if depth > MAX_COLLECTION_DEPTH:
        raise SourceError(
            f"GeometryCollections nested too deeply (more than {MAX_COLLECTION_DEPTH} levels; "
            "RFC 7946 3.1.8 advises against nesting them at all)",
            path=label,
            feature=index,
        )
    for member in members:
        if not isinstance(member, dict):
            raise SourceError(
                "GeometryCollection member is not an object", path=label, feature=index
            )
        yield from position_arrays(member, label, index, depth + 1)


def positions_to_array(
    seq: Sequence[Any], kind: str, label: str, index: int | str | None
) -> np.ndarray:
    """Turn a list of positions into a float array (n, k), or say exactly what is wrong.

    Parameters
    ----------
    seq : sequence
        The positions, each a list of numbers.
    kind : str
        The geometry type, for messages.
    label : str
        The file name used in error messages.
    index : int, str or None
        The feature index (or id) used in error messages.

    Returns
    -------
    numpy.ndarray
        Shape (n, k); positions shorter than the longest are padded with NaN.

    Raises
    ------
    SourceError
        A position that is not an array of at least 2 numbers, or a number too large.

    Examples
    --------
    >>> positions_to_array([[30, 50], [31, 50, 120]], "LineString", "<GeoJSON>", 0).tolist()
    [[30.0, 50.0, nan], [31.0, 50.0, 120.0]]
    """
    # Fast path, C speed: every item has a length and every element is a plain int/float
    # (bool is its own type, so JSON true/false fail here; strings iterate into str).
    try:
        lengths = set(map(len, seq))
        types = set(map(type, chain.from_iterable(seq)))
    except TypeError:
        lengths, types = {0}, {object}
    if lengths and min(lengths) >= 2 and types <= {int, float}:
        try:
            if len(lengths) == 1:
                return np.asarray(seq, dtype=float)
            width = max(lengths)  # mixed 2-D/3-D: pad with NaN, checks report the mix
            out = np.full((len(seq), width), np.nan)
            for i, pos in enumerate(seq):
                out[i, : len(pos)] = pos
            return out
        except OverflowError:
            pass
    for i, pos in enumerate(seq):
        _check_position(i, pos, kind, label, index)
    if not seq:
        return np.empty((0, 2))
    raise SourceError(f"{kind} coordinates are malformed", path=label, feature=index)


def _check_position(i: int, pos: Any, kind: str, label: str, index: int | str | None) -> None:
    """The slow path: raise on the first thing wrong with position ``i``."""
    if isinstance(pos, (int, float)) and not isinstance(pos, bool):
        raise SourceError(
            f"{kind} coordinates are nested too shallowly: found the number {pos!r} where "
            "a position [longitude, latitude] belongs",
            path=label,
            feature=index,
        )
    if not isinstance(pos, (list, tuple)):
        raise SourceError(
            f"{kind} position {i} is {describe(pos)}, expected an array of numbers",
            path=label,
            feature=index,
        )
    if len(pos) < 2:
        raise SourceError(
            f"{kind} position {i} has {len(pos)} value(s), expected [longitude, latitude]",
            path=label,
            feature=index,
        )
    for v in pos:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise SourceError(
                f"{kind} position {i} holds {describe(v)}, expected numbers",
                path=label,
                feature=index,
            )
        if isinstance(v, int) and not -1e308 < v < 1e308:
            raise SourceError(
                f"{kind} position {i} holds a number too large for a float",
                path=label,
                feature=index,
            )


def validate_document(doc: Any, label: str = "<GeoJSON>", *, strict: bool = True) -> int:
    """Validate a raw GeoJSON document's structure and return its number of positions.

    Parameters
    ----------
    doc : Any
        Parsed GeoJSON.
    label : str, default "<GeoJSON>"
        The file name used in error messages.
    strict : bool, default True
        Passed to :func:`geo.io.iter_raw_features`.

    Returns
    -------
    int
        The number of positions in all geometries.

    Raises
    ------
    SourceError
        See :func:`geo.io.read_geojson_text`; also non-finite numbers (``1e400``) and too
        many positions.
    """
    limit = env_limit("FRONTLINE_MAX_POSITIONS", MAX_POSITIONS)
    total = 0
    for raw in iter_raw_features(doc, label, strict=strict):
        if raw.geometry is None:
            continue
        for arr in position_arrays(raw.geometry, label, raw.index):
            total += len(arr)
            if total > limit:
                raise SourceError(
                    f"more than {limit:,.0f} positions; refusing to load a geometry this large "
                    "(simplify it, or raise FRONTLINE_MAX_POSITIONS)",
                    path=label,
                )
            # NaN padding marks mixed 2-D/3-D positions, not bad values: test xy only.
            if not np.isfinite(arr[:, :2]).all() or (
                arr.shape[1] > 2 and np.isinf(arr[:, 2:]).any()
            ):
                raise SourceError(
                    "coordinate is not finite (a number too large for a float?)",
                    path=label,
                    feature=raw.index,
                )
    return total
