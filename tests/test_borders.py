"""Tests for geo.borders: shared borders (exact and snapped), tripoints, line_between,
find_feature."""

from __future__ import annotations

import doctest
import importlib
import math

import geopandas as gpd
import numpy as np
import pytest
import shapely
from conftest import require
from geographiclib.geodesic import Geodesic
from shapely import LineString, MultiLineString, MultiPolygon, Point, Polygon

import geo.borders as borders
from geo.borders import find_feature, line_between, shared_border, tripoint
from geo.errors import GeometryError, LayerError
from geo.measure import distance, length

WGS84 = Geodesic.WGS84


def s12(p: tuple[float, float], q: tuple[float, float]) -> float:
    return WGS84.Inverse(p[1], p[0], q[1], q[0])["s12"]


WEST = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
EAST = Polygon([(1, 0), (2, 0), (2, 1), (1, 1)])
NORTH = Polygon([(0, 1), (2, 1), (2, 2), (0, 2)])


# --------------------------------------------------------------------------- shared_border


def test_exact_shared_border_is_geodesic() -> None:
    border = shared_border(WEST, EAST)
    assert border.geometry.geom_type == "LineString"
    assert border.length.m == pytest.approx(s12((1, 0), (1, 1)), rel=1e-12)
    assert border.method.startswith("exact")
    assert border.snap_m == 0.0 and border.length_b is None
    # Extra collinear vertices on one side only still give the same border.
    east_dense = Polygon([(1, 0), (2, 0), (2, 1), (1, 1), (1, 0.7), (1, 0.2)])
    assert shared_border(WEST, east_dense).length.m == pytest.approx(border.length.m, rel=1e-12)
    # Two pieces of border (an L-shaped neighbour): merged where they join.
    corner = Polygon([(1, 0), (2, 0), (2, 2), (0, 2), (0, 1), (1, 1)])
    ell = shared_border(WEST, corner)
    assert ell.geometry.geom_type == "LineString"
    assert ell.length.m == pytest.approx(s12((1, 0), (1, 1)) + s12((0, 1), (1, 1)), rel=1e-12)


def test_no_shared_border_says_why() -> None:
    far = Polygon([(5, 5), (6, 5), (6, 6), (5, 6)])
    with pytest.raises(GeometryError, match="km apart at the closest"):
        shared_border(WEST, far)
    diagonal = Polygon([(1, 1), (2, 1), (2, 2), (1, 2)])
    with pytest.raises(GeometryError, match="only touch at 1 point"):
        shared_border(WEST, diagonal)
    with pytest.raises(GeometryError, match="share no border within 100 m"):
        shared_border(WEST, far, snap_m=100)


def _noisy_neighbours(
    noise_m: float, seed: int = 3
) -> tuple[Polygon, Polygon, LineString, LineString]:
    """Two countries whose common border is drawn twice: A's version is the true line,
    B's is offset by up to ``noise_m`` either side (slivers where it overlaps A, gaps
    where it falls short)."""
    rng = np.random.default_rng(seed)
    n = 300
    t = np.linspace(0, 1, n)
    lon = 30 + 0.4 * t + 0.02 * np.sin(t * 40)
    lat = 48 + 1.0 * t
    true = np.column_stack([lon, lat])
    # Offset perpendicular-ish (east-west) by ±noise, in degrees of longitude at 48°N.
    jitter = rng.uniform(-noise_m, noise_m, n) / (111_320 * math.cos(math.radians(48.5)))
    jitter[[0, -1]] = 0.0  # both versions start and end at the same place
    drawn_b = true + np.column_stack([jitter, np.zeros(n)])
    a = Polygon([*true.tolist(), (29, 49), (29, 48)])
    b = Polygon([*drawn_b.tolist(), (31.5, 49), (31.5, 48)][::-1])
    assert a.is_valid and b.is_valid
    return a, b, LineString(true), LineString(drawn_b)


def test_snapped_border_bridges_slivers_and_gaps() -> None:
    a, b, true, drawn_b = _noisy_neighbours(noise_m=60)
    true_m = length(true).m
    exact = shared_border(a, b) if shapely.intersection(a.boundary, b.boundary).length else None
    assert exact is None or exact.length.m < 0.2 * true_m  # exact mode finds scraps at most
    snap = 150.0
    border = shared_border(a, b, snap_m=snap)
    assert border.geometry.geom_type == "LineString"  # one continuous line, no fragments
    # A's version of the line, plus a little of A's outline at each loose end: ~snap_m
    # where the outlines part at a right angle, snap_m / sin(angle) where they part at an
    # acute angle (here B's closing edge leaves the border at ~40°, so up to ~1.6 snap_m).
    assert true_m <= border.length.m <= true_m + 2 * snap * 1.6
    assert border.length_b is not None
    b_side = length(drawn_b).m
    assert b_side <= border.length_b.m <= b_side + 2 * snap * 1.6
    assert border.method.startswith("snapped") and border.snap_m == snap


def test_snapped_border_of_coinciding_layers_matches_exact() -> None:
    a, _, true, _ = _noisy_neighbours(noise_m=0)
    b = Polygon([*shapely.get_coordinates(true).tolist(), (31.5, 49), (31.5, 48)][::-1])
    exact = shared_border(a, b)
    assert exact.length.m == pytest.approx(length(true).m, rel=1e-12)
    snapped = shared_border(a, b, snap_m=50)
    assert exact.length.m <= snapped.length.m <= exact.length.m + 2 * 50 * 1.05


def test_projected_inputs_give_geodesic_border() -> None:
    a = gpd.GeoDataFrame(geometry=[WEST], crs="EPSG:4326").to_crs("EPSG:3857")
    b = gpd.GeoDataFrame(geometry=[EAST], crs="EPSG:4326").to_crs("EPSG:3857")
    got = shared_border(a, b, snap_m=10)
    assert got.length.m == pytest.approx(s12((1, 0), (1, 1)), abs=2 * 10 * 1.05)
    assert got.length.km < 112  # the EPSG:3857 planar figure would be ~111.3 * 1.0002 km


@pytest.mark.parametrize(
    ("a", "b", "match"),
    [
        (LineString([(0, 0), (1, 1)]), EAST, "A must be a polygon"),
        (WEST, Point(1, 1), "B must be a polygon"),
        (Polygon([(0, 0), (1, 1), (1, 0), (0, 1)]), EAST, "not a valid polygon"),
        (Polygon(), EAST, "A: empty Polygon"),
    ],
)
def test_shared_border_bad_input(a: object, b: object, match: str) -> None:
    with pytest.raises(GeometryError, match=match):
        shared_border(a, b)


@pytest.mark.parametrize("snap", [-1, math.nan, math.inf])
def test_shared_border_bad_snap(snap: float) -> None:
    with pytest.raises(GeometryError, match="snap_m"):
        shared_border(WEST, EAST, snap_m=snap)


# --------------------------------------------------------------------------- tripoint


def test_tripoint_exact_any_order() -> None:
    for order in ((WEST, EAST, NORTH), (NORTH, WEST, EAST), (EAST, NORTH, WEST)):
        t = tripoint(*order)
        assert (t.point.x, t.point.y) == (1.0, 1.0)
        assert t.error_m == 0.0 and t.method.startswith("exact")


def test_tripoint_reports_every_exact_meeting_point() -> None:
    # C touches the A|B border line at both ends: the three meet twice.
    a = Polygon([(0, 0), (1, 0), (1, 3), (0, 3)])
    b = Polygon([(1, 0), (2, 0), (2, 3), (1, 3)])
    c = MultiPolygon([Polygon([(0, 3), (2, 3), (2, 4), (0, 4)]),
                      Polygon([(0, -1), (2, -1), (2, 0), (0, 0)])])  # fmt: skip
    t = tripoint(a, b, c)
    assert (t.point.x, t.point.y) == (1.0, 0.0)
    assert [(p.x, p.y) for p in t.others] == [(1.0, 3.0)]


@pytest.mark.parametrize("gap_deg", [1e-3, 1e-2])
def test_tripoint_with_gaps_is_the_minimax_point(gap_deg: float) -> None:
    # A | gap | B side by side under C, with the same gap below C. The point minimising
    # the largest distance to the three outlines is at x = 1 + g/2, y = 1 + 3g/8, where all
    # three distances are 5g/8 (near the equator a degree is ~111 km both ways).
    # Edges are densified: a 2°-long edge's geodesic bows ~17 m off the lon/lat straight
    # line at 1°N, which would move the answer for the gap of 111 m; at 0.001° spacing
    # the two readings of an edge agree to well under a millimetre.
    g = gap_deg
    a = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
    b = Polygon([(1 + g, 0), (2, 0), (2, 1), (1 + g, 1)])
    c = Polygon([(0, 1 + g), (2, 1 + g), (2, 2), (0, 2)])
    a, b, c = (shapely.segmentize(p, 1e-3) for p in (a, b, c))
    t = tripoint(a, b, c)
    assert t.method.startswith("minimax")
    assert t.point.x == pytest.approx(1 + g / 2, abs=g * 0.01)
    assert t.point.y == pytest.approx(1 + 3 * g / 8, abs=g * 0.02)
    expected = 5 * g / 8 * 111_000  # a degree is 110.6-111.3 km here
    assert t.error_m == pytest.approx(expected, rel=0.01)
    assert t.error_m == pytest.approx(max(t.distances_m))
    # Independent check: no point of a fine grid around it does better (geodesic metres).
    xs = np.linspace(1 - g, 1 + 2 * g, 31)
    ys = np.linspace(1 - g, 1 + 2 * g, 31)
    rings = [p.exterior for p in (a, b, c)]

    def worst(x: float, y: float) -> float:
        p = Point(x, y)
        return max(distance(p, r.interpolate(r.project(p))).m for r in rings)

    grid_best = min(worst(x, y) for x in xs for y in ys)
    assert t.error_m <= grid_best * 1.001


def test_tripoint_bad_input() -> None:
    with pytest.raises(GeometryError, match="C must be a polygon"):
        tripoint(WEST, EAST, LineString([(0, 0), (1, 1)]))


# --------------------------------------------------------------------------- line_between

RIVER = LineString([(130.0 + 0.01 * i, 42.0 + 0.003 * math.sin(i / 5)) for i in range(200)])


def test_line_between_keeps_vertices_and_orders_ends() -> None:
    coords = shapely.get_coordinates(RIVER)
    # Points ~1 km off the line: the nearest points are within ~0.001° in longitude.
    p1, p2 = (130.505, 42.01), (131.2345, 41.99)
    part = line_between(RIVER, p1, p2)
    got = shapely.get_coordinates(part)
    assert got[0, 0] == pytest.approx(130.505, abs=1e-3)
    assert got[-1, 0] == pytest.approx(131.2345, abs=1e-3)
    inner = got[1:-1]
    first = int(np.flatnonzero((coords == inner[0]).all(axis=1))[0])
    np.testing.assert_array_equal(inner, coords[first : first + len(inner)])  # exact vertices
    back = line_between(RIVER, p2, p1)
    np.testing.assert_allclose(shapely.get_coordinates(back), got[::-1], rtol=0, atol=1e-12)


def test_line_between_is_additive_and_whole() -> None:
    start, end = RIVER.coords[0], RIVER.coords[-1]
    whole = line_between(RIVER, start, end)
    np.testing.assert_array_equal(shapely.get_coordinates(whole), shapely.get_coordinates(RIVER))
    mid = (130.87, 43.0)  # off the line, to the north
    total = length(line_between(RIVER, start, mid)).m + length(line_between(RIVER, mid, end)).m
    assert total == pytest.approx(length(RIVER).m, rel=1e-9)


def test_line_between_merges_and_refuses() -> None:
    pieces = MultiLineString([RIVER.coords[:100], RIVER.coords[99:]])
    merged = line_between(pieces, RIVER.coords[0], RIVER.coords[-1])
    assert length(merged).m == pytest.approx(length(RIVER).m, rel=1e-12)
    apart = MultiLineString([[(0, 0), (1, 0)], [(2, 0), (3, 0)]])
    with pytest.raises(GeometryError, match="one connected LineString"):
        line_between(apart, (0, 0), (3, 0))
    with pytest.raises(GeometryError, match="same point"):
        line_between(RIVER, (129, 42), (128, 42))  # both nearest to the first vertex
    with pytest.raises(GeometryError, match="p2"):
        line_between(RIVER, (130, 42), (130, 95))


# --------------------------------------------------------------------------- find_feature


@pytest.fixture
def countries() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "ISO_A3": ["PRK", "RUS", "-99", "CIV", "KOR"],
            "ADM0_A3": ["PRK", "RUS", "FRA", "CIV", "KOR"],
            "NAME": ["Dem. Rep. Korea", "Russia", "France", "Côte d'Ivoire", "Korea"],
        },
        geometry=[Point(i, i) for i in range(5)],
        crs="EPSG:4326",
    )


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("PRK", "Dem. Rep. Korea"),
        ("prk", "Dem. Rep. Korea"),
        (" rus ", "Russia"),
        ("FRA", "France"),  # via ADM0_A3: ISO_A3 holds Natural Earth's -99
        ("dem rep korea", "Dem. Rep. Korea"),
        ("cote d'ivoire", "Côte d'Ivoire"),
        ("COTE-DIVOIRE", "Côte d'Ivoire"),
        ("korea", "Korea"),
    ],
)
def test_find_feature_forgives(countries: gpd.GeoDataFrame, key: str, expected: str) -> None:
    assert find_feature(countries, key)["NAME"] == expected


def test_find_feature_miss_and_ambiguity(countries: gpd.GeoDataFrame) -> None:
    with pytest.raises(LayerError, match="close matches: Russia"):
        find_feature(countries, "Rusia")
    with pytest.raises(LayerError, match="no feature matches 'Atlantis'"):
        find_feature(countries, "Atlantis")
    with pytest.raises(LayerError, match="no feature matches '-99'"):
        find_feature(countries, "-99")  # Natural Earth's placeholder is never a code
    with pytest.raises(LayerError, match="empty feature name"):
        find_feature(countries, " .. ")
    twice = countries.assign(NAME=["Russia", "Russia", "France", "X", "Y"])
    with pytest.raises(LayerError, match="matches 2 features in column NAME"):
        find_feature(twice, "russia")
    bare = gpd.GeoDataFrame({"pop": [1]}, geometry=[Point(0, 0)], crs="EPSG:4326")
    with pytest.raises(LayerError, match="no ISO A3 or name column"):
        find_feature(bare, "RUS")


def test_rows_from_find_feature_feed_the_border_functions(countries: gpd.GeoDataFrame) -> None:
    gdf = countries.iloc[:3].set_geometry([WEST, EAST, NORTH], crs="EPSG:4326")
    row_a, row_b = find_feature(gdf, "PRK"), find_feature(gdf, "RUS")
    assert shared_border(row_a, row_b).length.m == pytest.approx(s12((1, 0), (1, 1)), rel=1e-12)
    assert tripoint(row_a, row_b, find_feature(gdf, "FRA")).error_m == 0.0


# --------------------------------------------------------------------------- real layer


def test_tumen_on_the_countries_layer(repo_root) -> None:  # type: ignore[no-untyped-def]
    path = repo_root / "layers" / "countries.geojson"
    require(path.exists(), f"bundled layer not built yet: {path}")
    from geo.io import read_geodata

    gdf = read_geodata(path)
    chn, rus, prk = (find_feature(gdf, k) for k in ("CHN", "RUS", "PRK"))
    t = tripoint(chn, rus, prk)
    # Public bank markers near the tripoint (FACTS.md); the point is in the river channel.
    assert distance(t.point, (130.639275, 42.419787)).km < 2.0
    ru_kp = shared_border(rus, prk)
    assert 10 < ru_kp.length.km < 25  # officially 17 km along the river
    tumen = line_between(ru_kp.geometry, t.point, (130.69889, 42.29278))  # to the mouth
    assert tumen.length > 0
    assert length(tumen).km == pytest.approx(ru_kp.length.km, rel=0.05)


def test_doctests() -> None:
    # geo.borders is a package: its examples live in the package and its modules.
    parts = ("common", "shared", "stretch", "tripoints")
    modules = [borders, *(importlib.import_module(f"geo.borders.{m}") for m in parts)]
    results = [doctest.testmod(m, optionflags=doctest.ELLIPSIS) for m in modules]
    assert sum(r.attempted for r in results) > 10
    assert sum(r.failed for r in results) == 0
