"""Build steps that author the bundled layers in ``layers/`` from their tables and sources.

Nothing here runs at import time or at map-building time: these modules are called by
``scripts/build_layers.py`` (and by the reproducibility test, into a temporary directory).
Every builder takes an output directory and writes byte-identical files for identical
inputs: features in a fixed order, keys in a fixed order, coordinates rounded to
:data:`COORD_DECIMALS` decimals, no timestamps.

Shared helpers live in this module:

- :func:`write_feature_collection` -- deterministic GeoJSON writer (RFC 7946, CRS84);
- :func:`round_geometry` -- round every coordinate to a fixed number of decimals;
- :func:`read_table` -- read a UTF-8 CSV waypoint/source table, skipping ``#`` comments;
- :func:`sha256_file` -- the checksum recorded in ``layers/catalog.toml``.

:mod:`geo.authoring.basemap` says which countries file a build step reads and finds a
country in it (with :func:`geo.layers.find_feature`).

Examples
--------
>>> from shapely.geometry import Point
>>> text = feature_collection_text([({"name": "Kyiv"}, Point(30.5234, 50.4501))])
>>> print(text.splitlines()[1][:56])
{"type": "Feature", "properties": {"name": "Kyiv"}, "geo
>>> text.splitlines()[1].endswith('"coordinates": [30.5234, 50.4501]}}')
True
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geo import jsonfmt
from geo.errors import SourceError
from geo.files import write_atomic

__all__ = [
    "COORD_DECIMALS",
    "LAYERS_DIR",
    "feature_collection_text",
    "read_table",
    "round_geometry",
    "sha256_file",
    "write_feature_collection",
]

#: Decimals kept in every bundled coordinate: 1e-6 degree is about 0.11 m, far below the
#: accuracy of any layer, and the same rounding everywhere keeps shared vertices shared.
COORD_DECIMALS = 6

#: The source tables and layer files of a source checkout (``<repo>/layers``).
LAYERS_DIR = Path(__file__).resolve().parent.parent.parent / "layers"


def round_geometry(geom: BaseGeometry, decimals: int = COORD_DECIMALS) -> BaseGeometry:
    """Round every coordinate of ``geom`` to ``decimals`` decimal places.

    Rounding is a pure function of each coordinate value, so a vertex shared by two
    polygons stays shared after rounding.

    Parameters
    ----------
    geom : shapely geometry
        Longitude/latitude degrees.
    decimals : int, default :data:`COORD_DECIMALS`
        Decimal places of a degree (6 is about 0.11 m).

    Returns
    -------
    shapely geometry
        The same type; ``-0.0`` is normalised to ``0.0``.
    """

    def _round(coords: np.ndarray) -> np.ndarray:
        return np.round(coords, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0

    return shapely.transform(geom, _round)


def _coords_json(value: Any) -> Any:
    # Coordinates come out of shapely's mapping() as nested tuples of floats.
    if isinstance(value, (tuple, list)):
        return [_coords_json(v) for v in value]
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("non-finite coordinate")
        return value
    return value


def _geometry_json(geom: BaseGeometry) -> dict[str, Any]:
    gj = mapping(geom)
    if gj["type"] == "GeometryCollection":
        raise ValueError("GeometryCollection is not written to bundled layers")
    return {"type": gj["type"], "coordinates": _coords_json(gj["coordinates"])}


def feature_collection_text(
    features: Iterable[tuple[Mapping[str, Any], BaseGeometry]],
    *,
    decimals: int = COORD_DECIMALS,
) -> str:
    """Return the deterministic GeoJSON text of a FeatureCollection.

    One feature per line (diff-friendly), keys in a fixed order (``type``, ``properties``,
    ``geometry``), property keys in the order given, non-ASCII kept as UTF-8, coordinates
    rounded to ``decimals`` places, polygon rings oriented as RFC 7946 asks (exterior
    counter-clockwise), no ``crs`` member (RFC 7946: CRS84 lon/lat).

    Parameters
    ----------
    features : iterable of (properties, geometry)
        In the order they should appear; callers sort them.
    decimals : int, default :data:`COORD_DECIMALS`
        Decimal places kept.

    Returns
    -------
    str
        The document, ending with a newline.
    """
    lines = []
    for props, geom in features:
        feature = {
            "type": "Feature",
            "properties": dict(props),
            # RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise (`check`
            # enforces it); sources such as d3-wound admin polygons come the other way.
            "geometry": _geometry_json(round_geometry(shapely.orient_polygons(geom), decimals)),
        }
        lines.append(jsonfmt.dumps(feature, indent=None, sort_keys=False))
    body = ",\n".join(lines)
    return '{"type": "FeatureCollection", "features": [\n' + body + "\n]}\n"


def write_feature_collection(
    features: Iterable[tuple[Mapping[str, Any], BaseGeometry]],
    path: str | Path,
    *,
    decimals: int = COORD_DECIMALS,
) -> Path:
    """Write a deterministic GeoJSON FeatureCollection (see :func:`feature_collection_text`).

    The file is written atomically (:func:`geo.files.write_atomic`), so a failed build
    never leaves a half-written layer.

    Parameters
    ----------
    features : iterable of (properties, geometry)
        Properties mapping and shapely geometry (lon/lat degrees) per feature.
    path : str or Path
        Output file; its directory is created if needed.
    decimals : int, default :data:`COORD_DECIMALS`
        Decimal places kept.

    Returns
    -------
    Path
        ``path``.
    """
    text = feature_collection_text(features, decimals=decimals)
    return write_atomic(path, text, parents=True)


def read_table(path: str | Path, required: Sequence[str]) -> list[dict[str, str]]:
    """Read a UTF-8 CSV table of waypoints or places; lines starting with ``#`` are comments.

    Parameters
    ----------
    path : str or Path
        The CSV file (header row first, after any comment lines).
    required : sequence of str
        Columns that must be present and non-empty in every row.

    Returns
    -------
    list of dict
        One dict per data row, values stripped of surrounding spaces.

    Raises
    ------
    SourceError
        If the file cannot be read, a column is missing or a required cell is empty.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read table: {exc}", path=path) from None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise SourceError(f"missing column(s) {', '.join(missing)}", path=path)
    rows = []
    for n, raw in enumerate(reader, start=1):
        if None in raw:  # more cells than header columns: an unquoted comma in a cell
            raise SourceError(
                f"row {n}: more cells than columns (quote cells with commas)", path=path
            )
        row = {k: (v or "").strip() for k, v in raw.items()}
        empty = [c for c in required if not row.get(c)]
        if empty:
            raise SourceError(f"row {n}: empty {', '.join(empty)}", path=path)
        rows.append(row)
    return rows


def sha256_file(path: str | Path) -> str:
    """Return the hex SHA-256 of a file's bytes.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    str
        64 lowercase hex digits.
    """
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
