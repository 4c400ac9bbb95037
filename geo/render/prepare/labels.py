"""Prepare step 6, labels and callouts: permanent text placed on the map.

A ``[[labels]]`` entry is either one fixed text at a point, or one label per feature of a
layer (its ``field``, optionally only the ``names`` listed). A ``[[callouts]]`` entry is a
boxed note with a leader line to a point or a named feature. Every string stays text.

More places appear as the reader zooms in. The names a recipe lists (``names``) are its
story and show at every zoom; an entry for a whole layer labels the layer's places by
importance: each label gets a ``min_zoom`` from the feature's ``rank`` (1 = most
important) or, for a gazetteer, from its ``population`` (:func:`place_rank`), spread over
the map's zoom range (:func:`rank_min_zoom`). Places the map could never show (past its
max zoom, or outside its pan limits) are not sent to the page.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
import shapely

from geo.errors import RecipeError
from geo.recipe import LabelSpec
from geo.render.prepare.context import PrepareContext
from geo.render.wording import as_text, is_missing

__all__ = [
    "POPULATION_RANKS",
    "WATER_LAYERS",
    "callouts",
    "is_district_name",
    "label_kind",
    "place_labels",
    "place_rank",
    "place_ranks",
    "rank_min_zoom",
    "river_angle",
    "water_labels",
]

#: Basemap layers whose named features are water (their labels are styled as water).
WATER_LAYERS = ("rivers", "water")
#: A river is labelled when at least this share of the view's width runs inside the view.
MIN_RIVER_SHARE = 0.12
#: A river label runs along the river when it is at most this steep (degrees from level).
MAX_RIVER_ANGLE = 60.0
#: A gazetteer place's rank by its population (inhabitants): the first threshold it meets.
#: Smaller places (villages under 2,000) get no label.
POPULATION_RANKS = ((500_000, 1), (100_000, 2), (20_000, 3), (5_000, 4), (2_000, 5))
#: Zoom levels between one rank's first zoom and the next's (at least): a whole-layer label
#: of rank ``r`` shows from ``min_zoom + (r - 1) * step``.
RANK_STEPS = 4
#: A whole layer's place this close (km) to a town already labelled is the same place (or
#: one of its districts), by that town's kind or population: a big city reaches further.
SAME_PLACE_KM = {"capital": 15.0, "city": 10.0, 500_000: 12.0, 100_000: 6.0}
SAME_PLACE_KM_DEFAULT = 3.0
#: Two names spelt alike (:func:`_skeleton`) this close (km) are one place.
SAME_NAME_KM = 15.0
#: A place named like a city's district (:func:`is_district_name`) is one of that city's
#: districts out to this many times the city's reach (:data:`SAME_PLACE_KM`).
DISTRICT_REACH = 2.0
#: Endings of a masculine adjective: the romanised form of an urban raion's name once the
#: word "raion" is dropped (Kyivskyi, Chumakivskyi, Hruzkyi; Russian Pashkovskiy).
DISTRICT_ENDINGS = ("skyi", "zkyi", "skiy", "zkiy")


def place_rank(rank: Any = None, population: Any = None) -> int | None:
    """A place's importance, 1 (always labelled) and up; None when it is too small to label.

    The layer's own ``rank`` wins; a gazetteer's ``population`` is ranked by
    :data:`POPULATION_RANKS`; a place with neither is rank 1.

    Examples
    --------
    >>> place_rank(rank=3), place_rank(population=45_000), place_rank(population=800)
    (3, 3, None)
    """
    if isinstance(rank, (int, float)) and rank == rank:
        return max(1, int(rank))
    if isinstance(population, (int, float)) and population == population:
        return next((r for limit, r in POPULATION_RANKS if population >= limit), None)
    return 1


def rank_min_zoom(rank: int, min_zoom: float, max_zoom: float) -> float:
    """The least zoom at which a place of ``rank`` is labelled on a map of that zoom range.

    Rank 1 shows from the map's ``min_zoom``; each rank after it waits
    ``max(1, (max_zoom - min_zoom) / RANK_STEPS)`` more zoom levels (rounded to a quarter),
    so the overview shows the main places and zooming in reveals the rest.

    Examples
    --------
    >>> [rank_min_zoom(r, 5, 12) for r in (1, 2, 3, 5)]
    [5.0, 6.75, 8.5, 12.0]
    >>> rank_min_zoom(2, 2, 5)
    3.0
    """
    step = max(1.0, (max_zoom - min_zoom) / RANK_STEPS)
    return round((min_zoom + (rank - 1) * step) * 4) / 4


def label_kind(text: str, water_names: set[str]) -> str:
    """How a fixed label is styled: ``"water"``, ``"country"`` or ``"place"``.

    A label naming a river or lake the basemap draws is water (italic, blue); one written
    in capitals (``RUSSIA``) is a country name; anything else is a place or area name.

    Examples
    --------
    >>> label_kind("Dnipro", {"dnipro"}), label_kind("RUSSIA", set()), label_kind("Crimea", set())
    ('water', 'country', 'place')
    """
    if text.casefold() in water_names:
        return "water"
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return "country"
    return "place"


def _water_frames(ctx: PrepareContext) -> list[Any]:
    """The water layers the basemap has read (and so draws)."""
    return [ctx.layer(lid, "basemap")[1] for lid in WATER_LAYERS if lid in ctx.read]


def _water_names(ctx: PrepareContext) -> set[str]:
    names: set[str] = set()
    for gdf in _water_frames(ctx):
        if "name" in gdf.columns:
            names |= {str(n).casefold() for n in gdf["name"] if isinstance(n, str)}
    return names


def water_labels(ctx: PrepareContext, taken: set[str]) -> list[dict[str, Any]]:
    """One water label per named river or lake of the basemap that the view shows well.

    A river's label sits beside the middle of its longest stretch inside the view (above
    an east-west stretch, right of a north-south one); a lake's at a point inside it.
    Names in ``taken`` (casefolded: the recipe's own labels) are skipped.
    """
    (w, s), (e, n) = ctx.bounds
    out = []
    for gdf in _water_frames(ctx):
        if "name" not in gdf.columns:
            continue
        for name, geom in zip(gdf["name"], gdf.geometry, strict=True):
            if not isinstance(name, str) or name.casefold() in taken or geom is None:
                continue
            cut = shapely.clip_by_rect(geom, w, s, e, n)
            if cut.is_empty:
                continue
            label = _river_label(cut, e - w) if geom.geom_type.endswith("LineString") else None
            angle = label[3] if label is not None and len(label) > 3 else None
            if label is None and geom.geom_type.endswith("Polygon"):
                part = max(shapely.get_parts(cut), key=lambda g: g.area)
                if part.area < 0.002 * (e - w) * (n - s):
                    continue
                pt = part.representative_point()
                label = (pt.x, pt.y, "center")
            if label is None:
                continue
            item: dict[str, Any] = {
                "text": name,
                "lon": round(label[0], 5),
                "lat": round(label[1], 5),
                "position": label[2],
                "kind": "water",
                "dot": False,
            }
            if angle is not None:
                item["angle"] = angle
            out.append(item)
            taken.add(name.casefold())
    return out


def _river_label(cut: Any, view_width: float) -> tuple[Any, ...] | None:
    """Where a river's label goes: ``(lon, lat, position)``, or along the river with its angle.

    The label runs along the middle of the river's longest stretch in the view
    (``"along"``, with the stretch's direction on the map: degrees clockwise from east,
    within ±:data:`MAX_RIVER_ANGLE` so it reads left to right); a river running more
    steeply than that is labelled beside it, to the right.
    """
    parts = [g for g in shapely.get_parts(shapely.line_merge(cut)) if g.geom_type == "LineString"]
    if not parts:
        return None
    longest = max(parts, key=lambda g: g.length)
    if longest.length < MIN_RIVER_SHARE * view_width:
        return None
    mid = longest.interpolate(0.5, normalized=True)
    a = longest.interpolate(0.38, normalized=True)
    b = longest.interpolate(0.62, normalized=True)
    angle = river_angle((a.x, a.y), (b.x, b.y))
    if abs(angle) <= MAX_RIVER_ANGLE:
        return (mid.x, mid.y, "along", angle)
    dx = (b.x - a.x) * np.cos(np.radians(mid.y))
    return (mid.x, mid.y, "top" if abs(dx) > abs(b.y - a.y) else "right")


def river_angle(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The direction from ``a`` to ``b`` (lon, lat) on a Web Mercator map, for text.

    Degrees clockwise from east (as CSS ``rotate`` turns), folded into -90..90 so the
    text is never upside down; rounded to a degree.

    Examples
    --------
    >>> river_angle((30.0, 50.0), (31.0, 50.0)), river_angle((31.0, 50.0), (30.0, 49.0))
    (0.0, -57.0)
    """

    def y(lat: float) -> float:
        return float(np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))))

    deg = float(np.degrees(np.arctan2(-(y(b[1]) - y(a[1])), b[0] - a[0])))
    if deg > 90:
        deg -= 180
    elif deg < -90:
        deg += 180
    return float(round(deg)) + 0.0


def place_labels(ctx: PrepareContext) -> list[dict[str, Any]]:
    """Labels of the recipe's ``[[labels]]``, in recipe order.

    Each label is ``{"text", "lon", "lat", "position", "kind", "dot"}``; ``dot`` is true for
    a feature that is a point (a town), which renderers mark. A label of a ranked layer
    also has its ``rank``, and one from a whole layer (no ``names``) its ``min_zoom``: the
    renderers leave it out below that zoom (see the module notes). ``kind`` is ``"place"``,
    ``"country"`` or ``"water"`` (:func:`label_kind`); the basemap's named rivers and lakes
    that the recipe does not label follow, as water (:func:`water_labels`).

    Raises
    ------
    RecipeError
        An unknown layer or ``field``, or a name in ``names`` that no feature has.
    """
    labels: list[dict[str, Any]] = []
    water = _water_names(ctx)
    for i, lab in enumerate(ctx.recipe.labels):
        if lab.layer is None:
            assert lab.at is not None and lab.text is not None
            labels.append(
                {
                    "text": lab.text,
                    "lon": lab.at[0],
                    "lat": lab.at[1],
                    "position": lab.position,
                    "kind": label_kind(lab.text, water),
                    "dot": False,
                }
            )
        else:
            more = _layer_labels(ctx, f"labels[{i}]", lab)
            if lab.names is None:
                more = _new_places(labels, more)
            labels += more
    for x in labels:
        x.pop("_reach", None)
    # A village called Oskil does not take the river's name (it shows only when zoomed in).
    taken = {str(lab["text"]).casefold() for lab in labels if "min_zoom" not in lab}
    return labels + water_labels(ctx, taken)


def _layer_labels(ctx: PrepareContext, key: str, lab: LabelSpec) -> list[dict[str, Any]]:
    """One label per feature of ``lab.layer`` with a value in ``lab.field``.

    A whole layer (a gazetteer of thousands of places) is filtered with array operations
    first (geometry, rank, pan limits, zoom); only the survivors become label dicts.
    """
    assert lab.layer is not None
    _, gdf = ctx.layer(lab.layer, f"{key}.layer")
    if lab.field not in gdf.columns:
        raise RecipeError(
            f"layer {lab.layer!r} has no property {lab.field!r}", path=ctx.path, key=f"{key}.field"
        )
    wanted = None if lab.names is None else {n.casefold(): n for n in lab.names}
    values = _values(gdf[lab.field])
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    keep &= np.array([not is_missing(v) for v in values], dtype=bool)
    point = shapely.get_type_id(geoms) == shapely.GeometryType.POINT
    at = geoms.copy()
    surface = keep & ~point
    at[surface] = shapely.point_on_surface(geoms[surface])
    at[~keep] = None
    xs, ys = shapely.get_x(at), shapely.get_y(at)  # NaN where not kept
    has_rank, has_pop = "rank" in gdf.columns, "population" in gdf.columns
    ranks = _numbers(gdf, "rank")
    people = _numbers(gdf, "population")
    rank = place_ranks(ranks, people)  # 0: too small to label
    v = ctx.recipe.view
    zooms = np.zeros(len(gdf))
    if wanted is None:
        # A whole layer: ranked, revealed by zoom, only what the map can ever show.
        (w, s), (e, n) = ctx.max_bounds
        keep &= (rank > 0) & (xs >= w) & (xs <= e) & (ys >= s) & (ys <= n)
        step = max(1.0, (v.max_zoom - v.min_zoom) / RANK_STEPS)
        zooms = np.round((v.min_zoom + (rank - 1) * step) * 4) / 4
        keep &= zooms <= v.max_zoom
    kinds = _values(gdf["kind"]) if "kind" in gdf.columns else None
    rows = np.flatnonzero(keep)
    # The survivors' numbers as Python scalars, one call per column (not per label).
    cols = [a[rows].tolist() for a in (xs, ys, point, zooms, rank, people)]
    found = set()
    out = []
    for i, x, y, dot, zoom, r, pop in zip(rows.tolist(), *cols, strict=True):
        text = as_text(values[i])
        if wanted is not None:
            if text.casefold() not in wanted:
                continue
            found.add(text.casefold())
        item: dict[str, Any] = {
            "text": text,
            "lon": round(x, 5),
            "lat": round(y, 5),
            "position": lab.position,
            "kind": "place",
            "dot": dot,
        }
        if wanted is None:
            item["min_zoom"] = zoom
        if r > 0 and (has_rank or has_pop):
            item["rank"] = r
        # How far the town's districts reach (used, then dropped, by place_labels).
        item["_reach"] = _reach_km(kinds[i] if kinds else None, pop if has_pop else None)
        out.append(item)
    if wanted is not None:
        missing = [n for k, n in wanted.items() if k not in found]
        if missing:
            raise RecipeError(
                f"no feature with {lab.field} = {missing[0]!r} in layer {lab.layer!r}",
                path=ctx.path,
                key=f"{key}.names",
            )
    return out


def _new_places(labels: list[dict[str, Any]], more: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The places of a whole layer not labelled yet, most important first.

    A place is labelled once: one whose name a town already has, or whose point is within
    :data:`SAME_PLACE_KM` of a town already labelled (a city district in a gazetteer:
    Saltivka in Kharkiv), or within :data:`SAME_NAME_KM` of one spelt alike (Avdiyivka
    beside Avdiivka), is left out. So is one named like an urban district
    (:func:`is_district_name`: Chumakivskyi, a district of Makiivka by Donetsk) within
    :data:`DISTRICT_REACH` times a labelled town's reach: GeoNames lists a city's raions
    as places, with no feature code in the gazetteer to tell them apart.
    """
    names = {str(x["text"]).casefold() for x in labels if x.get("kind") == "place"}
    cells: dict[tuple[int, int], list[tuple[float, float, float, str]]] = {}

    # Scalar math here, not numpy: this runs once per candidate place (thousands).
    def cell(lon: float, lat: float) -> tuple[int, int]:
        return (math.floor(lon / 0.25), math.floor(lat / 0.25))

    def near(x: dict[str, Any]) -> bool:
        lon, lat, bones = float(x["lon"]), float(x["lat"]), _skeleton(str(x["text"]))
        reach = DISTRICT_REACH if is_district_name(str(x["text"])) else 1.0
        cx, cy = cell(lon, lat)
        k = math.cos(math.radians(lat)) * 111.32
        span = range(-2, 3) if reach > 1 else range(-1, 2)  # cells of 0.25° (>= 17 km)
        for dx in span:
            for dy in span:
                for x0, y0, km, other in cells.get((cx + dx, cy + dy), ()):
                    d = math.hypot((x0 - lon) * k, (y0 - lat) * 110.57)
                    if d < km * reach or (d < SAME_NAME_KM and bones == other):
                        return True
        return False

    def keep(x: dict[str, Any]) -> None:
        km = float(x.get("_reach", SAME_PLACE_KM_DEFAULT))
        lon, lat = float(x["lon"]), float(x["lat"])
        cells.setdefault(cell(lon, lat), []).append((lon, lat, km, _skeleton(str(x["text"]))))

    for x in labels:
        if x.get("dot"):
            keep(x)
    out = []
    for x in sorted(more, key=lambda x: x.get("rank", 1)):
        if x["text"].casefold() in names or (x["dot"] and near(x)):
            continue
        names.add(x["text"].casefold())
        if x["dot"]:
            keep(x)
        out.append(x)
    return out


def is_district_name(name: str) -> bool:
    """Whether ``name`` reads like an urban district's (a masculine adjective, -skyi).

    Such a name alone does not make a district (Khmelnytskyi is a city): :func:`_new_places`
    leaves one out only near a bigger town already labelled.

    Examples
    --------
    >>> is_district_name("Chumakivskyi"), is_district_name("Hruzkyi"), is_district_name("Sumy")
    (True, True, False)
    """
    return name.casefold().endswith(DISTRICT_ENDINGS)


def _reach_km(kind: Any, population: Any) -> float:
    """How far (km) a labelled town's own districts and suburbs reach (:data:`SAME_PLACE_KM`).

    Examples
    --------
    >>> _reach_km("capital", None), _reach_km(None, 1_400_000), _reach_km("town", None)
    (15.0, 12.0, 3.0)
    """
    if isinstance(kind, str) and kind in SAME_PLACE_KM:
        return SAME_PLACE_KM[kind]
    if isinstance(population, (int, float)) and population == population:
        for limit in (500_000, 100_000):
            if population >= limit:
                return SAME_PLACE_KM[limit]
    return SAME_PLACE_KM_DEFAULT


@lru_cache(maxsize=1 << 16)  # each name is compared at least twice (near, keep)
def _skeleton(name: str) -> str:
    """A name's consonants: two romanisations of one town agree (Avdiivka, Avdiyivka).

    Examples
    --------
    >>> _skeleton("Zaporizhzhya") == _skeleton("Zaporizhzhia"), _skeleton("Mykolayiv")
    (True, 'mklv')
    """
    return "".join(c for c in name.casefold() if c.isalpha() and c not in "aeiouyj")


def place_ranks(rank: np.ndarray, population: np.ndarray) -> np.ndarray:
    """:func:`place_rank` of whole columns (floats, NaN for none); 0 where too small to label.

    Examples
    --------
    >>> nan = float("nan")
    >>> place_ranks(np.array([3.0, nan, nan, nan]), np.array([nan, 45e3, 800.0, nan])).tolist()
    [3, 3, 0, 1]
    """
    out = np.ones(len(rank), dtype=np.int64)
    by_pop = np.isnan(rank) & ~np.isnan(population)
    ranked = np.zeros(len(rank), dtype=np.int64)
    for limit, r in reversed(POPULATION_RANKS):
        ranked[population >= limit] = r
    out[by_pop] = ranked[by_pop]
    own = ~np.isnan(rank)
    out[own] = np.maximum(1, np.trunc(rank[own])).astype(np.int64)
    return out


def _values(col: Any) -> list[Any]:
    """``list(col)``, in one call where ``tolist`` gives the same (numpy, string columns).

    A masked column iterates as numpy scalars (``str`` of a float32 is not that of the
    float ``tolist`` makes), so it is iterated as before.
    """
    import pandas

    if isinstance(col.dtype, (np.dtype, pandas.StringDtype)):
        return col.tolist()
    return list(col)


def _numbers(gdf: Any, name: str) -> np.ndarray:
    """The layer's ``name`` property as floats: NaN where it is missing or not a number."""
    if name not in gdf.columns:
        return np.full(len(gdf), np.nan)
    col = gdf[name]
    if col.dtype.kind in "iufb":
        return col.to_numpy(dtype=float, na_value=np.nan)
    return np.array([float(x) if isinstance(x, (int, float)) else np.nan for x in col], dtype=float)


def callouts(ctx: PrepareContext) -> list[dict[str, Any]]:
    """Callouts of the recipe: ``{"text", "at": [lon, lat], "text_at": [lon, lat]}``.

    Raises
    ------
    RecipeError
        An ``at`` naming an unknown layer or feature.
    """
    out = []
    for i, c in enumerate(ctx.recipe.callouts):
        at = ctx.point(c.at, f"callouts[{i}].at")
        out.append(
            {"text": c.text, "at": [round(at[0], 5), round(at[1], 5)], "text_at": list(c.text_at)}
        )
    return out
