"""Tests for geo.render.prepare.basemap_detail: the coast, borders and oblasts without rework.

The land of ``coast-detail`` is never overlaid as a whole (:func:`disjoint_union`), the
shared edges of a layer are found once per content in a process (:func:`shared_lines`), and
both give exactly the geometry the plain overlays gave, so pages stay byte-identical.
"""

from __future__ import annotations

import io
import sys

import numpy as np
import pytest
import shapely
from conftest import CHROMIUM_ARGS as ARGS
from conftest import require
from PIL import Image
from shapely.geometry import box

from geo import layers
from geo.recipe import find, load
from geo.render import build
from geo.render.prepare.context import PrepareContext

bd = sys.modules["geo.render.prepare.basemap_detail"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    bd.clear_shared_lines_cache()


def _wkb(geoms: object) -> list[bytes]:
    return shapely.to_wkb(np.asarray(geoms, dtype=object)).tolist()


def _pair_by_pair_shared_lines(polys: np.ndarray, pairs: list[tuple[int, int]]) -> list[object]:
    """The shared edges as first written: one GEOS call per pair and per part, in order."""
    rings = shapely.boundary(polys)
    out = []
    for i, j in pairs:
        common = shapely.intersection(rings[i], rings[j])
        lines = [g for g in shapely.get_parts(common) if shapely.get_type_id(g) in (1, 5)]
        if lines:
            out.append(shapely.line_merge(shapely.multilinestrings(lines)))
    return out


def _every_pair(polys: np.ndarray) -> list[tuple[int, int]]:
    """Every pair that touches, without a spatial index (as before the cache)."""
    n = len(polys)
    return [
        (i, j) for i in range(n) for j in range(i + 1, n) if shapely.intersects(polys[i], polys[j])
    ]


def _index_pairs(polys: np.ndarray) -> list[tuple[int, int]]:
    """The same pairs, in the spatial index's order (the order the map's lines keep)."""
    left, right = shapely.STRtree(polys).query(polys, predicate="intersects")
    return [(i, j) for i, j in zip(left.tolist(), right.tolist(), strict=True) if i < j]


def test_disjoint_union_of_gshhg_land_is_the_union_all_exactly() -> None:
    gdf = layers.get("coast-detail").read()
    land = gdf[gdf["kind"] == "land"].geometry.to_numpy()
    fast, slow = bd.disjoint_union(land), shapely.union_all(land)
    assert shapely.is_valid(fast)
    assert fast.equals(slow)
    # What the map draws from it is the same to the byte: the seam and the borders in land.
    cover = gdf[gdf["kind"] == "coverage"].geometry.to_numpy()
    edge = shapely.boundary(shapely.union_all(cover))
    assert _wkb([shapely.intersection(edge, fast)]) == _wkb([shapely.intersection(edge, slow)])


def test_disjoint_union_overlays_pieces_that_may_overlap() -> None:
    pieces = np.array([box(0, 0, 2, 1), box(1, 0, 3, 1), None, shapely.Polygon()], dtype=object)
    union = bd.disjoint_union(pieces)
    assert union.geom_type == "Polygon" and union.area == pytest.approx(3.0)
    apart = bd.disjoint_union(np.array([box(0, 0, 1, 1), box(2, 0, 3, 1)]))
    assert apart.geom_type == "MultiPolygon" and shapely.is_valid(apart)
    assert apart.equals(shapely.union_all([box(0, 0, 1, 1), box(2, 0, 3, 1)]))


def test_shared_lines_of_the_oblasts_equal_the_uncached_pairs() -> None:
    polys = layers.get("oblasts-ukr").read().geometry.to_numpy()
    expected = _wkb(bd._shared_lines(polys))  # the pairs in the spatial index's order
    assert sorted(expected) == sorted(_wkb(_pair_by_pair_shared_lines(polys, _every_pair(polys))))
    assert _wkb(bd.shared_lines(polys)) == expected
    assert _wkb(bd.shared_lines(polys)) == expected  # from the cache: the same lines


def test_shared_lines_in_one_call_per_step_are_the_pair_by_pair_lines() -> None:
    # Neighbours sharing an edge and a corner (a collection of a line and a point), two
    # sharing only a corner (no line: left out), one alone, and a hole and its filling.
    hook = [(1, 0), (2, 0), (2, 3), (-1, 3), (-1, 0.5), (0, 1), (-0.5, 2), (1.5, 2), (1.5, 1)]
    holed = shapely.Polygon([(4, 0), (8, 0), (8, 4), (4, 4)], [[(5, 1), (7, 1), (7, 3), (5, 3)]])
    synthetic = np.array(
        [
            box(0, 0, 1, 1),
            shapely.Polygon([*hook, (1, 1)]),
            box(-3, -3, -2, -2),
            box(-2, -2, -1, -1),
            holed,
            box(5, 1, 7, 3),
            box(20, 20, 21, 21),
        ],
        dtype=object,
    )
    countries = layers.get("countries").read().geometry.to_numpy()
    inside = shapely.clip_by_rect(countries, 30.0, 44.2, 40.0, 47.6)
    inside = inside[~shapely.is_empty(inside)]
    cases = [
        synthetic,
        inside,
        *(layers.get(x).read().geometry.to_numpy() for x in ("oblasts-ukr", "oblasts-rus")),
    ]
    for polys in cases:
        assert _wkb(bd._shared_lines(polys)) == _wkb(
            _pair_by_pair_shared_lines(polys, _index_pairs(polys))
        )
    lines = bd._shared_lines(synthetic)
    assert [round(g.length, 6) for g in lines] == [1.0, 8.0]
    assert bd._shared_lines(np.array([box(0, 0, 1, 1), box(1, 1, 2, 2)])) == []


def test_shared_lines_are_worked_out_once_per_content(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = bd._shared_lines

    def counting(polys: np.ndarray) -> list[object]:
        calls.append(len(polys))
        return real(polys)

    monkeypatch.setattr(bd, "_shared_lines", counting)
    polys = np.array([box(0, 0, 1, 1), box(1, 0, 2, 1)])
    first = bd.shared_lines(polys)
    again = bd.shared_lines(np.array([box(0, 0, 1, 1), box(1, 0, 2, 1)]))  # equal content
    assert len(calls) == 1 and _wkb(first) == _wkb(again)
    again.append("mine")  # a caller's list is its own
    assert len(bd.shared_lines(polys)) == 1


def test_a_changed_polygon_is_never_served_stale_lines() -> None:
    before = bd.shared_lines(np.array([box(0, 0, 1, 1), box(1, 0, 2, 1)]))
    after = bd.shared_lines(np.array([box(0, 0, 1, 1), box(1, 0.5, 2, 1)]))
    assert [round(g.length, 9) for g in before] == [1.0]
    assert [round(g.length, 9) for g in after] == [0.5]


def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bd, "_SHARED_SIZE", 2)
    for i in range(4):
        bd.shared_lines(np.array([box(i, 0, i + 1, 1), box(i + 1, 0, i + 2, 1)]))
    assert len(bd._SHARED) == 2


def test_the_seam_hides_the_lands_anti_aliased_stroke_at_a_box_edge() -> None:
    """The seam must cover the land's stroke plus one pixel of anti-aliasing on each side."""
    seam = bd.DETAIL_STYLES["coast-detail-seam"]
    land = bd.DETAIL_STYLES["coast-detail-land"]
    assert seam["stroke"] == land["fill"] == bd.LAND and seam["opacity"] == 1.0
    assert seam["weight"] / 2 >= land["weight"] / 2 + 1.0


@pytest.fixture(scope="module")
def front_context() -> PrepareContext:
    return PrepareContext(load(find("front")), offline=True)


def test_front_map_draws_the_coast_once_and_the_same_on_a_second_map(
    front_context: PrepareContext,
) -> None:
    first = bd.basemap_detail(front_context)
    ids = [lyr.id for lyr in first]
    assert ids[:4] == [
        "coast-detail-sea",
        "coast-detail-land",
        "coast-detail-seam",
        "borders-detail",
    ]
    assert "oblasts" in ids
    second = bd.basemap_detail(PrepareContext(load(find("front")), offline=True))  # cache warm
    assert [lyr.id for lyr in second] == ids
    for a, b in zip(first, second, strict=True):
        assert _wkb(a.geoms) == _wkb(b.geoms) and a.style == b.style


def test_the_seam_lies_on_the_box_edges_inside_gshhg_land(
    front_context: PrepareContext,
) -> None:
    drawn = {lyr.id: lyr for lyr in bd.basemap_detail(front_context)}
    gdf = layers.get("coast-detail").read()
    cover = gdf[gdf["kind"] == "coverage"].geometry.to_numpy()
    land = shapely.union_all(gdf[gdf["kind"] == "land"].geometry.to_numpy())
    seam = shapely.union_all(drawn["coast-detail-seam"].geoms)
    (w, s), (e, n) = front_context.max_bounds
    edge = shapely.boundary(shapely.union_all(shapely.clip_by_rect(cover, w, s, e, n)))
    expected = shapely.intersection(edge, land)
    # Snapped to the pixel grid at zoom 12: within a pixel (about 25 m, 0.0003 degrees).
    assert shapely.hausdorff_distance(seam, expected) < 0.0005


#: The seam path's box in page pixels (its west edge is the coverage box's, lon 30.0 E).
SEAM_BOX = """() => {
  const r = document.querySelector('path.fl-layer-coast-detail-seam').getBoundingClientRect();
  return {left: r.left, top: r.top};
}"""


@pytest.mark.browser
def test_no_line_shows_across_the_land_where_the_coast_box_ends(tmp_path, chromium_path) -> None:
    """At 1280 px the front map showed a faint grey line along lon 30.0 E across the land.

    On the land just inside the box's west edge (the first 60 px below its north-west
    corner: Moldova and Ukraine), the pixels at the edge must match the land beside it.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright is not installed")

    build(load(find("front")), tmp_path, offline=True, formats=("html",))
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium_path), args=ARGS)
        page = b.new_page(viewport={"width": 1280, "height": 800})
        page.goto((tmp_path / "front.html").as_uri())
        page.wait_for_timeout(1000)
        box = page.evaluate(SEAM_BOX)
        shot = np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("RGB"), dtype=int)
        b.close()
    x, top = int(box["left"]), int(box["top"])
    assert 100 < x < 900 and 150 < top < 650, box  # the front map's box corner, on screen
    rows = slice(top + 3, top + 60)
    beside = shot[rows, x - 6]
    for col in (x - 1, x, x + 1, x + 2):
        diff = np.abs(shot[rows, col] - beside).sum(axis=1)
        assert np.median(diff) <= 2, (col, np.median(diff))
