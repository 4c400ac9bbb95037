"""Verify a bundled layer's file against its catalog entry (checksum, count, type, bbox).

The catalog's generated fields are computed from the file itself; a file that no longer
matches them was edited by hand or corrupted, and is refused when read.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Protocol

from geo.errors import LayerError

__all__ = ["CatalogFacts", "file_facts", "geometry_type_of", "verify_layer"]


class CatalogFacts(Protocol):
    """What :func:`verify_layer` compares: a catalog entry's file and generated fields.

    :class:`geo.layers.Layer` is one; the protocol keeps this module below the registry.
    """

    @property
    def path(self) -> Path:
        """The layer file."""
        ...

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the file's bytes."""
        ...

    @property
    def feature_count(self) -> int:
        """Number of features."""
        ...

    @property
    def geometry_type(self) -> str | tuple[str, ...]:
        """The geometry type of every feature, or a sorted tuple of types."""
        ...

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """``(min_lon, min_lat, max_lon, max_lat)`` in degrees."""
        ...


def geometry_type_of(value: Any) -> str | tuple[str, ...]:
    """A catalog ``geometry_type``: one type as a string, several as a sorted tuple."""
    if isinstance(value, str):
        return value
    types = tuple(sorted(str(v) for v in value))
    return types[0] if len(types) == 1 else types


def file_facts(path: str | Path) -> dict[str, Any]:
    """Compute the catalog's generated fields from a GeoJSON file.

    Parameters
    ----------
    path : str or Path
        A GeoJSON FeatureCollection.

    Returns
    -------
    dict
        ``sha256``, ``feature_count``, ``geometry_type`` (a string, or a sorted list
        when the file mixes types) and
        ``bbox`` (``[min_lon, min_lat, max_lon, max_lat]``, rounded to 6 decimals).

    Raises
    ------
    LayerError
        If the file is missing or not a GeoJSON FeatureCollection.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
        doc = json.loads(data.decode("utf-8"))
        features = doc["features"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise LayerError(f"cannot read layer file: {exc}", path=path) from None
    types = sorted({f["geometry"]["type"] for f in features if f.get("geometry")})
    xs: list[float] = []
    ys: list[float] = []

    def walk(c: Any) -> None:
        if c and isinstance(c[0], (int, float)):
            xs.append(float(c[0]))
            ys.append(float(c[1]))
        else:
            for part in c:
                walk(part)

    for f in features:
        if f.get("geometry"):
            walk(f["geometry"]["coordinates"])
    bbox = (
        [round(min(xs), 6), round(min(ys), 6), round(max(xs), 6), round(max(ys), 6)] if xs else []
    )
    return {
        "sha256": hashlib.sha256(data).hexdigest(),
        "feature_count": len(features),
        "geometry_type": types[0] if len(types) == 1 else types,
        "bbox": bbox,
    }


def verify_layer(layer: CatalogFacts) -> list[str]:
    """Compare a layer's file with its catalog entry.

    Parameters
    ----------
    layer : CatalogFacts
        The layer (a :class:`geo.layers.Layer`).

    Returns
    -------
    list of str
        One message per mismatch (checksum, feature count, geometry type, bbox); empty
        when the file matches.
    """
    if not layer.path.is_file():
        return [f"layer file missing: {layer.path}"]
    try:
        facts = file_facts(layer.path)
    except LayerError as exc:
        return [str(exc)]
    problems = []
    if facts["sha256"] != layer.sha256:
        problems.append(
            f"checksum {facts['sha256'][:12]}... does not match the catalog's "
            f"{layer.sha256[:12]}... (rebuild with scripts/build_layers.py)"
        )
    if facts["feature_count"] != layer.feature_count:
        problems.append(f"{facts['feature_count']} features, catalog says {layer.feature_count}")
    if geometry_type_of(facts["geometry_type"]) != layer.geometry_type:
        problems.append(
            f"geometry type {facts['geometry_type']}, catalog says {layer.geometry_type}"
        )
    if facts["bbox"] and any(
        abs(a - b) > 1e-6 for a, b in zip(facts["bbox"], layer.bbox, strict=True)
    ):
        problems.append(f"bbox {facts['bbox']}, catalog says {list(layer.bbox)}")
    return problems
