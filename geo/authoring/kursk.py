"""Build the Kursk pocket layers from their waypoint tables.

Two dates, two tables in ``layers/``:

- ``kursk-pocket-2024-08-20.csv`` -- the pocket at its peak (published figures 1,294 and
  about 1,320 km²);
- ``kursk-pocket-2024-11-13.csv`` -- the story's date, after the Russian counteroffensive
  from 10 September had taken back the west (Snagost, Lyubimovka, Pokrovsky) and Borki,
  and before the losses of December (Plekhovo, Darino).

Each table lists the ring's vertices in order (columns ``order``, ``lat``, ``lon``,
``place``, ``status``, ``source``, ``coord_source``): named villages, groves and district
points on the pocket's edge, each with a dated public source for its control status and
the gazetteer its coordinate comes from, plus a few closing vertices placed inside
Ukraine, south of the border. ``status`` starts with one of :data:`STATUS_WORDS`. The ring
is intersected with Russia's polygon from the ``countries`` layer, so the pocket's
southern edge *is* the state border of the basemap and the pocket lies within Russia by
construction.

Both layers measure one tier, :data:`TIER`: ground held *or* contested by Ukraine. The
published figures (1,320 and about 800 km²) count the two together, and the sources at
hand name contested villages but do not draw a held/contested line.

Examples
--------
>>> ring = read_ring(LAYERS_DIR / "kursk-pocket-2024-08-20.csv")
>>> ring.is_valid
True
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geo.authoring import LAYERS_DIR, read_table, write_feature_collection
from geo.authoring.basemap import countries_path, country_geometry
from geo.errors import GeometryError, SourceError
from geo.geometry import polygon_parts

__all__ = [
    "POCKETS",
    "STATUS_WORDS",
    "TIER",
    "build",
    "build_pocket",
    "pocket_geometry",
    "read_ring",
]

#: layer id -> (as_of, title) of each pocket layer.
POCKETS: dict[str, tuple[str, str]] = {
    "kursk-pocket-2024-08-20": (
        "2024-08-20",
        "Pocket held or contested by Ukraine in Kursk oblast, at its peak",
    ),
    "kursk-pocket-2024-11-13": (
        "2024-11-13",
        "Pocket held or contested by Ukraine in Kursk oblast",
    ),
}

#: What both pocket layers measure (the ``tier`` property of each feature).
TIER = "held or contested"

#: First word of a vertex's ``status``: what its source reports there.
STATUS_WORDS = ("held", "contested", "edge", "construction")

#: Columns every row of a pocket table must fill.
_COLUMNS = ["order", "lat", "lon", "place", "status", "source", "coord_source"]

#: A year (1900-2099) in a ``source`` cell: the status must be dated.
_YEAR = re.compile(r"\b(19|20)\d\d\b")

#: Plausibility box (lon/lat) for a vertex: the Sudzha–Korenevo border area.
_BOX = (34.5, 50.8, 35.9, 51.7)

_SOURCE = (
    "Authored ring: named villages, groves and district points on the pocket's edge, placed by "
    "dated public reporting (ISW assessments as reported by news agencies, Russian MoD claims, "
    "news reports of captures and recaptures), coordinates from encyclopaedias and GeoNames "
    "(CC BY 4.0) where one was found; southern edge = Russia–Ukraine border of the countries "
    "layer (Natural Earth 10m). Counts ground held or contested by Ukraine together."
)


def read_ring(path: str | Path) -> Polygon:
    """Read a pocket's waypoint table as a (valid, unclipped) polygon.

    Parameters
    ----------
    path : str or Path
        CSV with columns ``order``, ``lat``, ``lon``, ``place``, ``status``, ``source``
        and ``coord_source``, all filled in.

    Returns
    -------
    shapely.Polygon
        Lon/lat degrees, vertices in table order.

    Raises
    ------
    geo.errors.SourceError
        Bad order, non-numeric or implausible coordinates, a status that does not start
        with one of :data:`STATUS_WORDS`, an undated source on a non-construction vertex,
        fewer than 3 vertices, or a self-intersecting ring.
    """
    path = Path(path)
    rows = read_table(path, _COLUMNS)
    coords = []
    for n, row in enumerate(rows, start=1):
        try:
            order, lat, lon = int(row["order"]), float(row["lat"]), float(row["lon"])
        except ValueError:
            raise SourceError(f"row {n}: order, lat or lon is not a number", path=path) from None
        if order != n:
            raise SourceError(f"row {n}: order is {order}, expected {n}", path=path)
        if not (math.isfinite(lat) and math.isfinite(lon)):
            raise SourceError(f"row {n}: coordinate is not finite", path=path)
        if not (_BOX[0] <= lon <= _BOX[2] and _BOX[1] <= lat <= _BOX[3]):
            raise SourceError(f"row {n}: ({lat}, {lon}) is outside the Kursk area", path=path)
        _check_status(row, n, path)
        coords.append((lon, lat))
    if len(coords) < 3:
        raise SourceError("a pocket needs at least three vertices", path=path)
    ring = Polygon(coords)
    if not ring.is_valid:
        raise SourceError(f"the ring is not valid: {shapely.is_valid_reason(ring)}", path=path)
    return ring


def _check_status(row: dict[str, str], n: int, path: Path) -> None:
    """Raise :class:`SourceError` unless row ``n`` has a known status word and a dated source."""
    word = re.split(r"[\s:]", row["status"], maxsplit=1)[0].lower()
    if word not in STATUS_WORDS:
        allowed = ", ".join(STATUS_WORDS)
        raise SourceError(f"row {n}: status must start with one of {allowed}", path=path)
    if word != "construction" and not _YEAR.search(row["source"]):
        raise SourceError(f"row {n}: the source of a {word} vertex must be dated", path=path)


def pocket_geometry(ring: Polygon, russia: BaseGeometry) -> Polygon:
    """Clip a pocket's ring to Russia and return it with a counter-clockwise exterior.

    Parameters
    ----------
    ring : shapely.Polygon
        The authored ring (lon/lat).
    russia : shapely geometry
        Russia's (Multi)Polygon (lon/lat).

    Returns
    -------
    shapely.Polygon

    Raises
    ------
    geo.errors.GeometryError
        If the clipped pocket is empty or falls apart into several polygons (the ring's
        closing vertices then cross the border more than twice).
    """
    clipped = shapely.intersection(ring, russia)
    parts = polygon_parts([clipped])
    if len(parts) != 1:
        raise GeometryError(f"the pocket clipped to Russia has {len(parts)} polygons, expected 1")
    return orient(parts[0], sign=1.0)


def build_pocket(layer_id: str, out_dir: Path) -> Path:
    """Build one pocket layer (a single Polygon feature) into ``out_dir``.

    Parameters
    ----------
    layer_id : str
        A key of :data:`POCKETS`.
    out_dir : Path
        Output directory; a ``countries.geojson`` built there is preferred.

    Returns
    -------
    Path
        The written file.
    """
    as_of, title = POCKETS[layer_id]
    ring = read_ring(LAYERS_DIR / f"{layer_id}.csv")
    russia = country_geometry(countries_path(Path(out_dir)), "RUS")
    pocket = pocket_geometry(ring, russia)
    props = {
        "id": layer_id,
        "name": f"{title}, {as_of}",
        "as_of": as_of,
        "tier": TIER,
        "source": _SOURCE,
    }
    geom: BaseGeometry = pocket if isinstance(pocket, Polygon) else MultiPolygon(pocket)
    return write_feature_collection([(props, geom)], Path(out_dir) / f"{layer_id}.geojson")


def build(out_dir: Path) -> list[Path]:
    """Build both pocket layers into ``out_dir``.

    Parameters
    ----------
    out_dir : Path
        Output directory.

    Returns
    -------
    list of Path
        The written files, peak (2024-08-20) first.
    """
    return [build_pocket(layer_id, Path(out_dir)) for layer_id in POCKETS]
