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
    return check_document(read_geojson_text(label), label)


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
                f"the 'crs' member names {named}; RFC 7946 GeoJSON is always lon/lat WGS84 "
                "(CRS84) with no crs member, and most tools ignore it: reproject the file",
            )
        )
    for raw in iter_raw_features(doc, label):
        problems.extend(
            check_feature(raw.geometry, raw.index, transformer=transformer, label=label)
        )
    return problems
