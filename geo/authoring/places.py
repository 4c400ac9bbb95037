"""Build ``layers/places.geojson``: labelled points, from ``layers/places.csv``.

Each row is one place with an English label, a local name, its country (ISO A3, by
internationally recognised borders), a kind, a label rank (1 = always labelled) and, for
places the war reaches, who held it on 2024-11-13 (``UKR``, ``RUS`` or ``contested``) with a
one-line status. Every row names its sources (see the table's header). Features are
written sorted by rank, then name, so the highest-priority labels come first.

Examples
--------
>>> rows = read_places()
>>> next(r for r in rows if r["name"] == "Sudzha")["held_by"]
'UKR'
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from shapely.geometry import Point

from geo.authoring import LAYERS_DIR, read_table, write_feature_collection
from geo.errors import SourceError

__all__ = ["HELD_BY", "KINDS", "TABLE", "build_places", "place_features", "read_places"]

TABLE = "places.csv"
KINDS = ("capital", "city", "town", "village", "station", "locality")
HELD_BY = ("UKR", "RUS", "contested")
_COLUMNS = ("name", "name_local", "country", "kind", "rank", "lat", "lon", "source")


def read_places(tables_dir: str | Path = LAYERS_DIR) -> list[dict[str, Any]]:
    """Read and check ``places.csv``.

    Parameters
    ----------
    tables_dir : str or Path
        The directory holding the table.

    Returns
    -------
    list of dict
        Properties per place (``name``, ``name_local``, ``country``, ``kind``, ``rank``
        (int), ``held_by`` and ``status`` (None when empty), ``source``, ``status_source``
        (the dated source of ``held_by``) and ``coord_check`` (a second coordinate source
        and its distance), None when empty) plus ``lon`` and
        ``lat`` (float degrees), in table order.

    Raises
    ------
    SourceError
        A missing cell, a bad number, an unknown kind or held_by, a duplicate name.
    """
    path = Path(tables_dir) / TABLE
    out = []
    seen = set()
    for n, row in enumerate(read_table(path, _COLUMNS), start=1):
        try:
            lat, lon, rank = float(row["lat"]), float(row["lon"]), int(row["rank"])
        except ValueError:
            raise SourceError(f"row {n}: lat, lon and rank must be numbers", path=path) from None
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90):
            raise SourceError(f"row {n}: bad coordinate {lat}, {lon}", path=path)
        if not -180 <= lon <= 180:
            raise SourceError(f"row {n}: bad coordinate {lat}, {lon}", path=path)
        if row["kind"] not in KINDS:
            raise SourceError(f"row {n}: kind {row['kind']!r} not in {KINDS}", path=path)
        held = row.get("held_by") or None
        if held is not None and held not in HELD_BY:
            raise SourceError(f"row {n}: held_by {held!r} not in {HELD_BY}", path=path)
        if held is not None and "status_source" in row and not row["status_source"]:
            raise SourceError(f"row {n}: held_by needs a dated status_source", path=path)
        if not 1 <= rank <= 4:
            raise SourceError(f"row {n}: rank {rank} not in 1..4", path=path)
        if row["name"] in seen:
            raise SourceError(f"row {n}: duplicate name {row['name']!r}", path=path)
        seen.add(row["name"])
        out.append(
            {
                "name": row["name"],
                "name_local": row["name_local"],
                "country": row["country"],
                "kind": row["kind"],
                "rank": rank,
                "held_by": held,
                "status": row.get("status") or None,
                "source": row["source"],
                "status_source": row.get("status_source") or None,
                "coord_check": row.get("coord_check") or None,
                "lon": lon,
                "lat": lat,
            }
        )
    return out


def place_features(tables_dir: str | Path = LAYERS_DIR) -> list[tuple[dict[str, Any], Point]]:
    """The layer's features: (properties, Point), sorted by rank then name.

    Parameters
    ----------
    tables_dir : str or Path
        The directory holding ``places.csv``.

    Returns
    -------
    list of (dict, Point)
        Properties carry ``as_of`` (2024-11-13) for the ``held_by`` status.
    """
    rows = sorted(read_places(tables_dir), key=lambda r: (r["rank"], r["name"]))
    features = []
    for r in rows:
        props = {k: v for k, v in r.items() if k not in ("lon", "lat")}
        props["as_of"] = "2024-11-13"
        features.append((props, Point(r["lon"], r["lat"])))
    return features


def build_places(out_dir: str | Path, *, tables_dir: str | Path = LAYERS_DIR) -> Path:
    """Build ``places.geojson`` into ``out_dir``.

    Parameters
    ----------
    out_dir : str or Path
        Output directory.
    tables_dir : str or Path
        The directory holding ``places.csv``.

    Returns
    -------
    Path
        The written file.
    """
    return write_feature_collection(place_features(tables_dir), Path(out_dir) / "places.geojson")
