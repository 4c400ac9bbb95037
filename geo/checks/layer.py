"""Checks of a catalog layer: its file, what the catalog declares, and the catalog's rules.

A layer's entry in ``layers/catalog.toml`` declares a ``geometry_type``, a
``feature_count`` and a ``bbox``, and may hold a ``checks`` table (keys in
:data:`CHECK_KEYS`); :func:`check_layer` checks the file against all of them.
:func:`check_source` is what ``frontline check`` runs: a path, or a layer id.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from geo import layers
from geo.checks.feature import raw_parts
from geo.checks.file import check_document, check_file
from geo.checks.problem import Problem
from geo.checks.rules import CHECK_KEYS, catalog_rules
from geo.io import (
    RawFeature,
    iter_raw_features,
    looks_like_layer_id,
    read_geodata,
    read_geojson_text,
)

__all__ = ["CHECK_KEYS", "check_layer", "check_source"]

#: Degrees the declared bbox is widened by: the catalog rounds its bbox.
_BBOX_PAD = 0.01


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
    layer = layers.get(layer_id)
    label = str(layer.path)
    doc = read_geojson_text(label)
    problems = check_document(doc, label)
    raws = list(iter_raw_features(doc, label))
    problems.extend(_declared(layer, raws))
    rules = dict(getattr(layer, "checks", None) or {})
    for key in sorted(set(rules) - set(CHECK_KEYS)):
        problems.append(
            Problem(
                "unknown-check",
                None,
                f"catalog checks.{key} is not a known check (known: {', '.join(CHECK_KEYS)})",
            )
        )
    if any(k in rules for k in ("within", "ends_near_border_km", "on_boundaries")):
        problems.extend(catalog_rules(rules, read_geodata(label), layer.id))
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
    if isinstance(source, str) and not Path(text).exists() and looks_like_layer_id(text):
        return check_layer(text)
    return check_file(text)


def _declared(layer: Any, raws: Sequence[RawFeature]) -> list[Problem]:
    """What the catalog declares: geometry type, feature count, properties, bbox."""
    return [
        *_declared_type(getattr(layer, "geometry_type", None), raws),
        *_declared_count(getattr(layer, "feature_count", None), raws),
        *_required(getattr(layer, "checks", None) or {}, raws),
        *_declared_bbox(getattr(layer, "bbox", None), raws, str(layer.path)),
    ]


def _declared_type(declared: Any, raws: Sequence[RawFeature]) -> list[Problem]:
    """Features whose geometry type the catalog does not declare."""
    if not declared:
        return []
    allowed = {declared} if isinstance(declared, str) else set(declared)
    problems = []
    for raw in raws:
        got = None if raw.geometry is None else raw.geometry.get("type")
        if got is not None and got not in allowed:
            problems.append(
                Problem(
                    "geometry-type",
                    raw.index,
                    f"is a {got}; the catalog declares {' or '.join(sorted(allowed))}",
                )
            )
    return problems


def _declared_count(count: int | None, raws: Sequence[RawFeature]) -> list[Problem]:
    """A file with another number of features than the catalog declares."""
    if count is None or count == len(raws):
        return []
    message = f"file has {len(raws)} features; the catalog declares {count}"
    return [Problem("feature-count", None, message)]


def _required(checks: Any, raws: Sequence[RawFeature]) -> list[Problem]:
    """Features missing a property the catalog's ``required_properties`` names."""
    required = checks.get("required_properties") or []
    problems = []
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
    return problems


def _declared_bbox(bbox: Any, raws: Sequence[RawFeature], label: str) -> list[Problem]:
    """Features outside the declared bbox; inside only when swapped means [lat, lon]."""
    if not bbox or len(bbox) != 4:
        return []
    box = tuple(float(v) for v in bbox)
    problems = []
    for raw in raws:
        if raw.geometry is None:
            continue
        pts = [a[:, :2] for _, _, a in raw_parts(raw.geometry, label, raw.index)]
        pts = [a for a in pts if len(a)]
        if not pts:
            continue
        xy = np.vstack(pts)
        if not np.isfinite(xy).all() or _inside(xy[:, 0], xy[:, 1], box):
            continue
        if _inside(xy[:, 1], xy[:, 0], box):
            message = (
                "lies outside the layer's bbox but inside it with latitude and longitude "
                "swapped: positions look like [latitude, longitude]"
            )
            problems.append(Problem("lat-lon-swapped", raw.index, message))
        else:
            minx, miny, maxx, maxy = box
            message = f"extends outside the catalog bbox [{minx:g}, {miny:g}, {maxx:g}, {maxy:g}]"
            problems.append(Problem("outside-bbox", raw.index, message))
    return problems


def _inside(x: np.ndarray, y: np.ndarray, box: tuple[float, ...]) -> bool:
    """True when every (x, y) lies in ``box`` widened by :data:`_BBOX_PAD` degrees."""
    minx, miny, maxx, maxy = box
    pad = _BBOX_PAD
    return bool(
        ((x >= minx - pad) & (x <= maxx + pad) & (y >= miny - pad) & (y <= maxy + pad)).all()
    )
