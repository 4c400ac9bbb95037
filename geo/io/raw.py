"""The raw GeoJSON object model: the type names, and features as :class:`RawFeature`.

A raw document is GeoJSON as parsed, before any geometry is built: nothing is closed,
reoriented or dropped, so :mod:`geo.checks` can see exactly what the file says.

Examples
--------
>>> doc = {"type": "Feature", "id": 7, "properties": None,
...        "geometry": {"type": "Point", "coordinates": [30.5, 50.45]}}
>>> [(f.index, f.id, f.properties) for f in iter_raw_features(doc)]
[(0, 7, {})]
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from geo.errors import SourceError
from geo.suggest import did_you_mean

__all__ = [
    "GEOMETRY_TYPES",
    "TOP_TYPES",
    "RawFeature",
    "describe",
    "iter_raw_features",
    "type_error",
]

#: GeoJSON geometry types and how many array levels sit above their positions.
GEOMETRY_TYPES: dict[str, int] = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
    "GeometryCollection": -1,
}
#: The types a GeoJSON document may have at its top level.
TOP_TYPES = ("FeatureCollection", "Feature", *GEOMETRY_TYPES)


@dataclass(frozen=True)
class RawFeature:
    """One feature of a raw GeoJSON document, as :func:`iter_raw_features` yields it.

    Attributes
    ----------
    index : int or None
        Position in the FeatureCollection (0-based); ``0`` for a lone Feature or geometry.
    id : str, int, float or None
        The Feature's ``id`` member, if any.
    geometry : dict or None
        The raw geometry object (``None`` for an unlocated feature).
    properties : dict
        The properties (``{}`` when missing or null).
    """

    index: int
    id: str | int | float | None
    geometry: dict[str, Any] | None
    properties: dict[str, Any]


def describe(value: Any) -> str:
    """A short phrase naming a JSON value for an error message.

    Parameters
    ----------
    value : Any
        A parsed JSON value.

    Returns
    -------
    str

    Examples
    --------
    >>> describe(None), describe(3), describe("abc"), describe({})
    ('null', 'the number 3', "the string 'abc'", 'an object')
    """
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value[:20]!r}"
    return "an object" if isinstance(value, dict) else type(value).__name__


def type_error(got: object, expected: tuple[str, ...], where: str) -> str:
    """The message for a ``type`` member that is missing or unknown, with a suggestion.

    Parameters
    ----------
    got : object
        The ``type`` member's value.
    expected : tuple of str
        The types allowed here.
    where : str
        A prefix such as ``"geometry: "``.

    Returns
    -------
    str

    Examples
    --------
    >>> type_error("Featurecollection", TOP_TYPES, "").split("; ")[-1]
    "did you mean 'FeatureCollection'?"
    """
    if not isinstance(got, str):
        return f"{where}has no valid 'type' member (got {got!r}); expected one of " + ", ".join(
            expected
        )
    hint = did_you_mean(got, expected, cutoff=0.6)
    return f"{where}unknown GeoJSON type {got!r}, expected one of {', '.join(expected)}" + (
        f"; {hint}" if hint else ""
    )


def iter_raw_features(
    doc: Any, label: str = "<GeoJSON>", *, strict: bool = True
) -> Iterator[RawFeature]:
    """Yield the features of a raw GeoJSON document, checking the object types.

    Parameters
    ----------
    doc : Any
        A parsed GeoJSON object (FeatureCollection, Feature or geometry).
    label : str, default "<GeoJSON>"
        The file name used in error messages.
    strict : bool, default True
        ``False`` accepts two things RFC 7946 allows or only recommends, for
        :mod:`geo.checks` to report rather than refuse: a FeatureCollection with no features
        (nothing is yielded), and an ``id`` that is not a string or number (yielded as
        ``None``).

    Yields
    ------
    RawFeature

    Raises
    ------
    SourceError
        Wrong object types, a FeatureCollection without a ``features`` array or (strict)
        with no features, properties that are not an object, (strict) an ``id`` that is not
        a string or a number.
    """
    if not isinstance(doc, dict):
        what = type(doc).__name__ if not isinstance(doc, list) else "an array"
        raise SourceError(
            f"top level is {what}, expected a GeoJSON object "
            "(FeatureCollection, Feature or geometry)",
            path=label,
        )
    kind = doc.get("type")
    if kind not in TOP_TYPES:
        raise SourceError(type_error(kind, TOP_TYPES, ""), path=label)
    if kind == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            raise SourceError("FeatureCollection has no 'features' array", path=label)
        if not features and strict:
            raise SourceError("FeatureCollection has no features", path=label)
        for i, feat in enumerate(features):
            yield _raw_feature(feat, i, label, strict)
    elif kind == "Feature":
        yield _raw_feature(doc, 0, label, strict)
    else:
        yield RawFeature(0, None, doc, {})


def _raw_feature(feat: Any, index: int, label: str, strict: bool) -> RawFeature:
    """Check one member of ``features`` and wrap it as a :class:`RawFeature`."""
    if not isinstance(feat, dict) or feat.get("type") != "Feature":
        got = repr(feat.get("type")) if isinstance(feat, dict) else describe(feat)
        raise SourceError(
            f"a member of 'features' has type {got}, expected 'Feature'",
            path=label,
            feature=index,
        )
    if "geometry" not in feat:
        raise SourceError(
            "Feature has no 'geometry' member (null is allowed)", path=label, feature=index
        )
    geom = feat["geometry"]
    if geom is not None and not isinstance(geom, dict):
        raise SourceError("'geometry' must be an object or null", path=label, feature=index)
    props = feat.get("properties")
    if props is None:
        props = {}
    if not isinstance(props, dict):
        raise SourceError("'properties' must be an object or null", path=label, feature=index)
    fid = feat.get("id")
    if fid is not None and (isinstance(fid, bool) or not isinstance(fid, (str, int, float))):
        if strict:
            raise SourceError(
                "'id' must be a string or a number (RFC 7946 3.2)", path=label, feature=index
            )
        fid = None
    if geom is not None and geom.get("type") not in GEOMETRY_TYPES:
        raise SourceError(
            type_error(geom.get("type"), tuple(GEOMETRY_TYPES), "geometry: "),
            path=label,
            feature=index,
        )
    return RawFeature(index, fid, geom, props)
