"""Where a figure comes from: the catalog layer and ``as_of`` date behind a source.

Every document ``frontline`` prints names its source, the catalog layer it is (if any) and
that layer's as-of date, and every figure in it carries the date too (DESIGN.md:
provenance travels with data). A plain file is no catalog layer and has no date: that is
never an error.

Examples
--------
>>> with_as_of({"km": 17.0, "method": "geodesic-wgs84"}, "2024-11-13")
{'km': 17.0, 'method': 'geodesic-wgs84', 'as_of': '2024-11-13'}
>>> feature_label({"NAME": " Tumen ", "id": 3}, ["NAME", "id"])
'Tumen'
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from geo import layers
from geo.errors import GeoError

__all__ = ["NAME_COLUMNS", "feature_label", "provenance", "with_as_of"]

#: Property names, in order of preference, that give a feature its human name.
NAME_COLUMNS = ("name", "name_en", "title", "label", "admin", "id")


def provenance(source: str) -> tuple[str | None, str | None]:
    """The catalog layer id and ``as_of`` date behind ``source``, or ``(None, None)``.

    Parameters
    ----------
    source : str
        A path or a layer id, as given on the command line.

    Returns
    -------
    tuple of (str or None, str or None)
        ``(layer_id, as_of)`` when ``source`` is a catalog id or the path of a catalog
        layer's file; ``(None, None)`` for any other file, or when the catalog is
        unavailable (this is never an error: plain files have no as-of date).

    Examples
    --------
    >>> provenance("tumen")[0], provenance("no/such/file.geojson")
    ('tumen', (None, None))
    """
    try:
        if not os.path.exists(source):
            layer = layers.get(source)
            return layer.id, str(layer.as_of)
        wanted = Path(source).resolve()
        for layer in layers.catalog().values():
            if Path(layer.path).resolve() == wanted:
                return layer.id, str(layer.as_of)
    except (GeoError, OSError):
        pass
    return None, None


def with_as_of(figure: dict[str, Any] | None, as_of: str | None) -> dict[str, Any] | None:
    """Return ``figure`` (a ``Length``/``Area`` dict) with the layer's ``as_of`` added.

    Parameters
    ----------
    figure : dict or None
        A figure such as :meth:`geo.measure.Length.to_dict` gives; ``None`` stays ``None``.
    as_of : str or None
        The layer's as-of date (``None`` for a plain file).

    Returns
    -------
    dict or None
        A new dict; ``figure`` itself is not changed.
    """
    if figure is None:
        return None
    return {**figure, "as_of": as_of}


def feature_label(row: Mapping[str, Any], columns: Iterable[Any]) -> str | None:
    """A human name for a feature row: the first non-empty name-like property.

    Parameters
    ----------
    row : mapping
        One feature's properties (a GeoDataFrame row).
    columns : iterable
        The frame's column names; matched case-insensitively against
        :data:`NAME_COLUMNS`.

    Returns
    -------
    str or None
        The name, stripped; ``None`` when the feature has none.
    """
    by_lower = {str(c).lower(): c for c in columns}
    for key in NAME_COLUMNS:
        col = by_lower.get(key)
        if col is not None:
            value = row[col]
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None
