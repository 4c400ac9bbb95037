"""Prepare step 1b, the basemap's geography: detailed coast, borders, oblasts, lakes, rivers.

Drawn above the vector land (:mod:`.basemap`) and below every recipe layer, each cut to the
pan limits and snapped to the frame's pixel grid like the land, so every one is drawn at
the detail its source has, up to the simplification the max zoom allows (under a pixel):

1. ``coast-detail`` (from max zoom :data:`COAST_MIN_ZOOM`): inside its coverage boxes the
   sea is painted over Natural Earth's land and GSHHG's full-resolution land over that
   (:data:`SEA`, :data:`LAND`), its outline the coast;
2. ``borders-detail``: the country borders inside those boxes (which hide the land
   layer's own strokes there): the borders shared by two countries of the basemap
   layer, cut to GSHHG's land;
3. ``oblasts`` and ``oblasts-rus``: the lines between Ukraine's oblasts (``oblasts-ukr``)
   and between the Russian regions near the front (``oblasts-rus``); shared edges only, so
   the admin-1 edition's older outer border is never drawn beside the country border;
4. ``water`` lakes and reservoirs, and the drained Kakhovka reservoir hatched and pale;
5. ``rivers``: the named rivers.

A layer the loader does not know (a test catalog, a user's own basemap) is skipped, as is
one that does not reach the pan limits. The credits name each one drawn
(:func:`drawn_sources`).

No rework: nothing here overlays the whole of GSHHG's land (its pieces lie in disjoint
boxes, so :func:`disjoint_union` just collects them), and the shared edges of a layer,
which do not depend on the map, are found once per content in a process
(:func:`shared_lines`, keyed by the SHA-256 of the polygons' WKB). Both give exactly the
geometry the plain overlays gave, so the pages are byte-identical to the slower code's.

Examples
--------
>>> from shapely.geometry import box
>>> lines = shared_lines(np.array([box(0, 0, 1, 1), box(1, 0, 2, 1), box(5, 5, 6, 6)]))
>>> [round(g.length, 6) for g in lines]
[1.0]
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Any

import numpy as np
import shapely

from geo.render.model import MapLayer
from geo.render.prepare.context import PrepareContext
from geo.render.prepare.shapes import drawn_layer, polygons_within

__all__ = [
    "COAST_MIN_ZOOM",
    "DETAIL_LAYERS",
    "DETAIL_STYLES",
    "LAND",
    "SEA",
    "SOURCE_OF",
    "basemap_detail",
    "clear_shared_lines_cache",
    "disjoint_union",
    "drawn_sources",
    "shared_lines",
]

#: The sea and land colours (the page's background and the vector land's fill).
SEA = "#dbe6ee"
LAND = "#f4f1ea"
#: Style of each drawn part (renderer keys: stroke, weight, opacity, fill, fill_opacity,
#: dash, hatch).
DETAIL_STYLES: dict[str, dict[str, Any]] = {
    "coast-detail-sea": {"stroke": SEA, "weight": 0, "fill": SEA, "fill_opacity": 1.0},
    "coast-detail-land": {"stroke": "#9a9a9a", "weight": 0.8, "fill": LAND, "fill_opacity": 1.0},
    "coast-detail-seam": {"stroke": LAND, "weight": 3.0, "opacity": 1.0},
    "borders-detail": {"stroke": "#9a9a9a", "weight": 0.8, "opacity": 1.0},
    "oblasts": {"stroke": "#b9b2a4", "weight": 0.7, "opacity": 1.0, "dash": "4 3"},
    "oblasts-rus": {"stroke": "#b9b2a4", "weight": 0.7, "opacity": 1.0, "dash": "4 3"},
    "water": {"stroke": "#8fb8dc", "weight": 0.5, "fill": "#c6dbef", "fill_opacity": 1.0},
    "water-former": {
        "stroke": "#8fb8dc",
        "weight": 0.6,
        "dash": "3 2",
        "fill": "#8fb8dc",
        "fill_opacity": 0.45,
        "hatch": "diagonal",
    },
    "rivers": {"stroke": "#6fa3d6", "weight": 1.3, "opacity": 1.0},
}
#: Below this max zoom Natural Earth's coast is detailed enough: no GSHHG coast is drawn.
COAST_MIN_ZOOM = 8
#: Every catalog layer this step may read besides the recipe's basemap layer (the build
#: cache's key covers exactly these files: :mod:`.drawn_cache`).
DETAIL_LAYERS = ("coast-detail", "oblasts-ukr", "oblasts-rus", "water", "rivers")
#: The catalog layer each drawn part comes from (credited when drawn).
SOURCE_OF = {
    "coast-detail-sea": "coast-detail",
    "coast-detail-land": "coast-detail",
    "coast-detail-seam": "coast-detail",
    "borders-detail": "coast-detail",
    "oblasts": "oblasts-ukr",
    "oblasts-rus": "oblasts-rus",
    "water": "water",
    "water-former": "water",
    "rivers": "rivers",
}


def drawn_sources(layers: list[MapLayer]) -> tuple[str, ...]:
    """The catalog layers the drawn basemap parts come from, in drawing order."""
    return tuple(
        dict.fromkeys(SOURCE_OF[lyr.id] for lyr in layers if lyr.basemap and lyr.id in SOURCE_OF)
    )


#: Shared lines by the SHA-256 of the polygons' WKB (see :func:`shared_lines`): a layer's
#: inner borders do not depend on the map, so a build of several maps finds them once.
_SHARED: OrderedDict[str, tuple[Any, ...]] = OrderedDict()
_SHARED_SIZE = 16
_SHARED_LOCK = threading.Lock()


def clear_shared_lines_cache() -> None:
    """Forget every cached :func:`shared_lines` result (the next call computes again)."""
    with _SHARED_LOCK:
        _SHARED.clear()


def _content_key(polys: np.ndarray) -> str:
    """SHA-256 of the geometries' WKB, each length-prefixed (about 1 ms per 50,000 vertices)."""
    digest = hashlib.sha256()
    for wkb in shapely.to_wkb(polys).tolist():
        digest.update(len(wkb).to_bytes(8, "little"))
        digest.update(wkb)
    return digest.hexdigest()


def shared_lines(polys: np.ndarray) -> list[Any]:
    """The edges two polygons share (their common boundary), one merged line per pair.

    The result depends only on the polygons, so it is kept per process by the SHA-256 of
    their WKB (the last 16 inputs): the same layer drawn on several maps, or cut to the
    same box, is worked out once. A changed polygon changes the key.

    Parameters
    ----------
    polys : ndarray of shapely (Multi)Polygons
        Lon/lat; neighbours share their border vertices (one topology, as in Natural Earth).

    Returns
    -------
    list of shapely lines
        In pair order (by index); pairs that only touch at a point are left out. A new
        list on every call (the lines themselves are immutable).
    """
    polys = np.asarray(polys, dtype=object)
    keep = ~(shapely.is_missing(polys) | shapely.is_empty(polys))
    polys = polys[keep]
    key = _content_key(polys)
    with _SHARED_LOCK:
        hit = _SHARED.get(key)
        if hit is not None:
            _SHARED.move_to_end(key)
            return list(hit)
    out = _shared_lines(polys)
    with _SHARED_LOCK:
        _SHARED[key] = tuple(out)
        while len(_SHARED) > _SHARED_SIZE:
            _SHARED.popitem(last=False)
    return out


def _shared_lines(polys: np.ndarray) -> list[Any]:
    """Every pair's common boundary, line parts only, merged: each step one array call.

    The same GEOS operations on the same pairs in the same order as a loop over the
    pairs (so the same lines), without a Python round trip per pair and per part.
    """
    rings = shapely.boundary(polys)
    left, right = shapely.STRtree(polys).query(polys, predicate="intersects")
    ahead = left < right  # each pair once
    common = shapely.intersection(rings[left[ahead]], rings[right[ahead]])
    parts, pair = shapely.get_parts(common, return_index=True)
    linear = np.isin(shapely.get_type_id(parts), (1, 5))
    if not linear.any():
        return []
    # Pairs that share only points drop out; the others keep their order.
    _, pair = np.unique(pair[linear], return_inverse=True)
    return list(shapely.line_merge(shapely.multilinestrings(parts[linear], indices=pair)))


def disjoint_union(polys: np.ndarray) -> Any:
    """The union of polygons, without the overlay when their bounding boxes are disjoint.

    ``union_all`` of GSHHG's land costs about 0.14 s a map; pieces whose bounding boxes
    do not meet cannot overlap, so their union is just the multipolygon of their parts
    (valid, and the same set of points). Pieces that might overlap are unioned as usual.

    Parameters
    ----------
    polys : ndarray of shapely (Multi)Polygons
        Lon/lat.

    Returns
    -------
    shapely (Multi)Polygon

    Examples
    --------
    >>> from shapely.geometry import box
    >>> disjoint_union(np.array([box(0, 0, 1, 1), box(2, 0, 3, 1)])).geom_type
    'MultiPolygon'
    >>> round(disjoint_union(np.array([box(0, 0, 2, 1), box(1, 0, 3, 1)])).area, 6)
    3.0
    """
    polys = np.asarray(polys, dtype=object)
    polys = polys[~(shapely.is_missing(polys) | shapely.is_empty(polys))]
    left, right = shapely.STRtree(polys).query(polys)  # bounding boxes only
    if (left != right).any():
        return shapely.union_all(polys)
    return shapely.multipolygons(shapely.get_parts(polys))


def _try_layer(ctx: PrepareContext, layer_id: str) -> Any:
    """The layer's GeoDataFrame, or None when the loader does not know it."""
    try:
        return ctx.layer(layer_id, f"basemap ({layer_id})")[1]
    except (LookupError, ValueError, OSError):
        return None


def _layer(
    ctx: PrepareContext, part: str, geoms: list[Any] | np.ndarray, kind: str
) -> MapLayer | None:
    arr = np.asarray(list(geoms), dtype=object)
    if not len(arr):
        return None
    (w, s), (e, n) = ctx.max_bounds
    arr = (
        polygons_within(arr, ctx.max_bounds)
        if kind == "fill"
        else shapely.clip_by_rect(arr, w, s, e, n)
    )
    arr = arr[~(shapely.is_missing(arr) | shapely.is_empty(arr))]
    if not len(arr):
        return None
    return drawn_layer(
        part,
        part,
        arr,
        [{} for _ in range(len(arr))],
        dict(DETAIL_STYLES[part]),
        kind,
        zoom=ctx.max_zoom,
        legend=False,
        switcher=False,
        basemap=True,
        frame=ctx.frame,
    )


def _coast(ctx: PrepareContext, countries: Any) -> list[MapLayer | None]:
    """The coverage boxes as sea, GSHHG land over them, the seam, and the borders inside.

    The land's outline is the coast, except where the land is cut at a box's edge: a line
    in the land's colour (``coast-detail-seam``) hides that cut, so the coast's vertices are
    sent once (as the land) rather than twice (land and coast line). The seam is 3 px wide:
    the land's 0.8 px stroke under it, anti-aliased, reaches 1.4 px from the cut, and a
    narrower seam left a faint grey line across the land along the box's edge.
    """
    if ctx.max_zoom < COAST_MIN_ZOOM:
        return []
    gdf = _try_layer(ctx, "coast-detail")
    if gdf is None or "kind" not in gdf.columns:
        return []
    (w, s), (e, n) = ctx.max_bounds
    cover = shapely.clip_by_rect(gdf[gdf["kind"] == "coverage"].geometry.to_numpy(), w, s, e, n)
    if not len(cover) or shapely.is_empty(cover).all():
        return []
    land = gdf[gdf["kind"] == "land"].geometry.to_numpy()
    boxes = shapely.union_all(cover)
    land_all = disjoint_union(land)  # no overlay of the whole land (0.14 s a map)
    seam = shapely.intersection(shapely.boundary(boxes), land_all)
    out = [
        _layer(ctx, "coast-detail-sea", cover, "fill"),
        _layer(ctx, "coast-detail-land", land, "fill"),
        _layer(ctx, "coast-detail-seam", [seam], "line"),
    ]
    if countries is not None:
        inside = shapely.clip_by_rect(countries, *shapely.bounds(boxes).tolist())
        borders = shapely.intersection(shapely.union_all(shared_lines(inside)), boxes)
        out.append(_layer(ctx, "borders-detail", [shapely.intersection(borders, land_all)], "line"))
    return out


def basemap_detail(ctx: PrepareContext) -> list[MapLayer]:
    """Return the basemap's geography layers (see the module docstring), bottom first.

    Nothing when the map uses tiles (they have their own geography).
    """
    if not ctx.vector:
        return []
    countries = _try_layer(ctx, ctx.recipe.basemap.layer)
    country_geoms = None if countries is None else countries.geometry.to_numpy()
    out: list[MapLayer | None] = [*_coast(ctx, country_geoms)]
    for source, part in (("oblasts-ukr", "oblasts"), ("oblasts-rus", "oblasts-rus")):
        regions = _try_layer(ctx, source)
        if regions is not None:
            out.append(_layer(ctx, part, shared_lines(regions.geometry.to_numpy()), "line"))
    water = _try_layer(ctx, "water")
    if water is not None and "kind" in water.columns:
        former = (water["kind"] == "former-reservoir").to_numpy()
        out.append(_layer(ctx, "water", water.geometry.to_numpy()[~former], "fill"))
        out.append(_layer(ctx, "water-former", water.geometry.to_numpy()[former], "fill"))
    rivers = _try_layer(ctx, "rivers")
    if rivers is not None:
        out.append(_layer(ctx, "rivers", rivers.geometry.to_numpy(), "line"))
    return [lyr for lyr in out if lyr is not None]
