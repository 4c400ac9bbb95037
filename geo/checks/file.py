"""Checks of a whole file: every feature, plus the file's CRS (``foreign-crs``).

GeoJSON is checked on its raw coordinates (so unclosed rings, extra dimensions and a
foreign ``crs`` member are seen); other formats are read with pyogrio and checked as
shapely geometries.

Examples
--------
>>> doc = {"type": "FeatureCollection", "crs": {"type": "name",
...        "properties": {"name": "EPSG:3857"}}, "features": [{"type": "Feature",
...        "properties": {}, "geometry": {"type": "Point", "coordinates": [3395000, 6520000]}}]}
>>> [p.code for p in check_document(doc, "<GeoJSON>")]
['foreign-crs']
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyproj

from geo.checks.feature import check_feature
from geo.checks.problem import Problem
from geo.checks.rfc7946 import check_json_text, check_members
from geo.errors import SourceError
from geo.io import (
    crs_of_document,
    is_geojson_file,
    iter_raw_features,
    parse_crs,
    read_geojson_text,
    read_ogr,
)

__all__ = ["check_document", "check_file"]


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
    if not is_geojson_file(p, label):
        gdf = read_ogr(p, label, None, validate=False)
        problems: list[Problem] = []
        for i, g in enumerate(gdf.geometry.values):
            problems.extend(check_feature(g, i, label=label))
        return problems
    doc = read_geojson_text(label, strict=False)
    return [*_text_problems(p, label), *check_document(doc, label)]


def _text_problems(path: Path, label: str) -> list[Problem]:
    """What only the bytes show: a byte-order mark, and the I-JSON rules (RFC 7946 11.1)."""
    try:
        data = path.read_bytes()  # already read once under the limits: known to be small
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", path=label) from None
    problems = []
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(
                "byte-order-mark",
                None,
                "the file starts with a UTF-8 byte-order mark; RFC 8259 8.1 (the JSON RFC 7946 "
                "builds on): writers MUST NOT add one, and some readers reject it",
                "warning",
            )
        )
    return [*problems, *check_json_text(data.decode("utf-8-sig"))]


def check_document(doc: Mapping[str, Any], label: str) -> list[Problem]:
    """Check a raw GeoJSON document: its ``crs`` member, then every feature.

    Parameters
    ----------
    doc : mapping
        A parsed GeoJSON object (see :func:`geo.io.read_geojson_text`).
    label : str
        The file name used in messages.

    Returns
    -------
    list of Problem
        File-level problems first, then per feature in order.

    Raises
    ------
    SourceError
        A malformed document or an unusable ``crs`` member.

    Notes
    -----
    The document's members are checked by :func:`geo.checks.rfc7946.check_members`, each
    geometry by :func:`check_feature`; ``docs/check.md`` lists every RFC 7946 rule.
    """
    problems: list[Problem] = []
    transformer = None
    named = crs_of_document(doc, label)
    if named is not None:
        crs = parse_crs(named, label)
        transformer = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        problems.append(
            Problem(
                "foreign-crs",
                None,
                f"the 'crs' member names {named}; RFC 7946 4: GeoJSON is always lon/lat WGS84 "
                "(CRS84) with no crs member, and most tools ignore it: reproject the file",
            )
        )
    problems.extend(check_members(doc))
    for raw in iter_raw_features(doc, label, strict=False):
        problems.extend(
            check_feature(raw.geometry, raw.index, transformer=transformer, label=label)
        )
    return sorted(problems, key=lambda p: -1 if p.feature is None else _order(p.feature))


def _order(feature: int | str) -> int:
    """Sort key keeping per-feature problems in feature order (stable within a feature)."""
    return feature if isinstance(feature, int) else 0
