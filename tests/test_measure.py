"""Tests for geo.measure: accuracy against geographiclib, properties, no planar figures."""

from __future__ import annotations

import doctest
import itertools
import math

import geopandas as gpd
import numpy as np
import pytest
import shapely
from geographiclib.geodesic import Geodesic
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pyproj import Transformer
from shapely import LineString, MultiLineString, MultiPolygon, Point, Polygon
from shapely.ops import split

import geo.measure as measure
from geo.errors import GeometryError, SourceError, UsageError
from geo.measure import Area, Length, area, distance, length, length_sweep, perimeter

WGS84 = Geodesic.WGS84
REL = 1e-9  # the acceptance tolerance against the independent oracle


# --------------------------------------------------------------------------- the oracle


def oracle_line(coords: list[tuple[float, float]]) -> float:
    """Length in metres with geographiclib (pure Python, independent of PROJ)."""
    return math.fsum(
        WGS84.Inverse(la1, lo1, la2, lo2)["s12"]
        for (lo1, la1), (lo2, la2) in itertools.pairwise(coords)
    )


def oracle_ring_area(coords: list[tuple[float, float]]) -> float:
    ring = coords[:-1] if coords[0] == coords[-1] else coords
    poly = WGS84.Polygon()
    for lon, lat in ring:
        poly.AddPoint(lat, lon)
    _, _, signed = poly.Compute(False, True)
    return abs(signed)


def oracle_polygon_area(p: Polygon) -> float:
    holes = sum(oracle_ring_area(list(r.coords)) for r in p.interiors)
    return oracle_ring_area(list(p.exterior.coords)) - holes


def oracle_perimeter(p: Polygon) -> float:
    return sum(oracle_line(list(r.coords)) for r in [p.exterior, *p.interiors])


def close(a: float, b: float, rel: float = REL) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=0.0)


# --------------------------------------------------------------------------- test set


def _generated_lines() -> dict[str, list[tuple[float, float]]]:
    rng = np.random.default_rng(20241113)
    lines: dict[str, list[tuple[float, float]]] = {
        "antimeridian-east-west": [(179.9, 10.0), (-179.9, 10.1), (-179.5, 9.0)],
        "antimeridian-wrapped-lon": [(178.0, -40.0), (182.5, -41.0), (185.0, -39.0)],
        "antimeridian-long": [(170.0, -50.0), (-170.0, -40.0), (175.0, 30.0)],
        "near-north-pole": [(0.0, 89.9), (90.0, 89.95), (180.0, 89.99), (-90.0, 89.9)],
        "across-south-pole": [(-45.0, -89.99), (135.0, -89.99), (140.0, -89.5)],
        "millimetre": [(10.0, 45.0), (10.0 + 1e-8, 45.0 + 1e-8), (10.0 + 2e-8, 45.0)],
        "sub-millimetre-equator": [(0.0, 0.0), (5e-9, 0.0), (5e-9, 5e-9)],
        "over-10000-km": [(0.0, 0.0), (100.0, 10.0)],
        "nearly-antipodal": [(-70.0, -30.0), (109.5, 29.5)],
        "antipodal-equator": [(0.0, 0.0), (180.0, 0.0)],
        "meridian-pole-to-pole": [(30.0, -90.0), (30.0, 0.0), (30.0, 90.0)],
        "ukraine-scale": [(22.1, 48.4), (30.5, 50.45), (37.6, 47.1), (40.2, 49.6)],
    }
    for i in range(20):  # random walks at scales from metres to thousands of km
        scale = 10.0 ** rng.uniform(-5, 1.5)
        n = int(rng.integers(2, 30))
        lon = rng.uniform(-180, 180) + np.cumsum(rng.normal(0, scale, n))
        lat = np.clip(rng.uniform(-80, 80) + np.cumsum(rng.normal(0, scale, n)), -89.9, 89.9)
        lines[f"random-{i}"] = list(zip(lon.tolist(), lat.tolist(), strict=True))
    return lines


LINES = _generated_lines()

SQUARE = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]
POLYGONS: dict[str, Polygon] = {
    "square-ccw": Polygon(SQUARE),
    "square-cw": Polygon(SQUARE[::-1]),
    "holes-ccw-cw": Polygon(
        [(30, 45), (40, 45), (40, 52), (30, 52)],
        [[(31, 46), (33, 46), (33, 48), (31, 48)], [(35, 49), (36, 51), (38, 49)][::-1]],
    ),
    "holes-all-cw": Polygon(
        [(30, 45), (40, 45), (40, 52), (30, 52)][::-1],
        [[(31, 46), (33, 46), (33, 48), (31, 48)][::-1]],
    ),
    "holes-all-ccw": Polygon(
        [(30, 45), (40, 45), (40, 52), (30, 52)],
        [[(31, 46), (33, 46), (33, 48), (31, 48)]],
    ),
    "antimeridian": Polygon([(179.0, -16.0), (-179.0, -16.0), (-179.0, -18.0), (179.0, -18.0)]),
    "antimeridian-wrapped": Polygon([(179.0, 60.0), (183.0, 60.0), (183.0, 65.0), (179.0, 65.0)]),
    "arctic-cap-around-pole": Polygon([(-180.0, 80.0), (-90.0, 80.0), (0.0, 80.0), (90.0, 80.0)]),
    "near-south-pole": Polygon([(0.0, -89.0), (120.0, -89.5), (-120.0, -89.2)]),
    "continent": Polygon([(-10.0, -40.0), (60.0, -40.0), (60.0, 50.0), (-10.0, 50.0)]),
    "hundred-metres": Polygon([(37.0, 48.0), (37.0013, 48.0), (37.0013, 48.0009), (37.0, 48.0009)]),
    "kursk-like": Polygon(
        [(34.6, 51.2), (35.1, 51.5), (35.6, 51.35), (35.5, 51.05), (34.9, 51.0)][::-1]
    ),
}


# --------------------------------------------------------------------------- accuracy


@pytest.mark.parametrize("name", sorted(LINES))
def test_length_matches_geographiclib(name: str) -> None:
    coords = LINES[name]
    got = length(LineString(coords))
    want = oracle_line(coords)
    assert close(got.m, want), (got.m, want)
    assert got.parts == (got.m,)


def test_multilinestring_parts_match_geographiclib() -> None:
    names = sorted(LINES)
    got = length(MultiLineString([LINES[n] for n in names]))
    want = [oracle_line(LINES[n]) for n in names]
    assert len(got.parts) == len(want)
    assert all(close(g, w) for g, w in zip(got.parts, want, strict=True))
    assert close(got.m, math.fsum(want))


def test_geoseries_of_all_lines_is_one_vectorised_call(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = measure._GEOD

    class Counting:
        def inv(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(len(np.atleast_1d(args[0])))
            return real.inv(*args, **kwargs)

    monkeypatch.setattr(measure, "_GEOD", Counting())
    series = gpd.GeoSeries([LineString(c) for c in LINES.values()], crs="EPSG:4326")
    got = length(series)
    n_vertices = sum(len(c) for c in LINES.values())
    assert calls == [n_vertices - 1]  # one call, every segment (joins masked out)
    assert close(got.m, math.fsum(oracle_line(c) for c in LINES.values()))


@pytest.mark.parametrize("name", sorted(LINES))
def test_distance_matches_geographiclib(name: str) -> None:
    (lon1, lat1), (lon2, lat2) = LINES[name][0], LINES[name][-1]
    want = WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"]
    assert close(distance((lon1, lat1), Point(lon2, lat2)).m, want)


@pytest.mark.parametrize("name", sorted(POLYGONS))
def test_area_and_perimeter_match_geographiclib(name: str) -> None:
    poly = POLYGONS[name]
    got = area(poly)
    assert got.m2 > 0
    assert close(got.m2, oracle_polygon_area(poly)), (got.m2, oracle_polygon_area(poly))
    assert close(perimeter(poly).m, oracle_perimeter(poly))
    assert close(length(poly).m, oracle_perimeter(poly))  # length of a polygon = perimeter


def test_multipolygon_parts_and_orientation() -> None:
    polys = [POLYGONS[n] for n in sorted(POLYGONS)]
    got = area(MultiPolygon(polys))
    want = [oracle_polygon_area(p) for p in polys]
    assert all(close(g, w) for g, w in zip(got.parts, want, strict=True))
    assert close(got.m2, math.fsum(want))
    # Both orientations of the same square give the same positive area.
    assert got.parts[sorted(POLYGONS).index("square-ccw")] == pytest.approx(
        got.parts[sorted(POLYGONS).index("square-cw")], rel=1e-12
    )
    # Perimeter parts: one per ring, exterior first, then holes.
    holed = POLYGONS["holes-ccw-cw"]
    per = perimeter(holed)
    assert len(per.parts) == 3
    assert close(per.parts[1], oracle_line(list(holed.interiors[0].coords)))


def test_holes_are_subtracted() -> None:
    whole = Polygon(POLYGONS["holes-ccw-cw"].exterior)
    hole = Polygon(POLYGONS["holes-ccw-cw"].interiors[0])
    second = Polygon(POLYGONS["holes-ccw-cw"].interiors[1])
    assert close(
        area(POLYGONS["holes-ccw-cw"]).m2, area(whole).m2 - area(hole).m2 - area(second).m2
    )


def test_units() -> None:
    m = Length(1_609_344.0, (1_609_344.0,))
    assert (m.km, m.mi, m.nmi) == (1609.344, 1000.0, 1_609_344.0 / 1852)
    a = Area(2_589_988.110336 * 3)
    assert a.sq_mi == pytest.approx(3.0, rel=1e-15)
    assert (a.km2, a.ha) == (a.m2 / 1e6, a.m2 / 1e4)
    d = length(LineString([(0, 0), (1, 0)])).to_dict()
    assert set(d) == {"m", "km", "mi", "nmi", "parts_km", "method"}
    assert d["method"] == "geodesic-wgs84"
    assert set(area(Polygon(SQUARE)).to_dict()) == {"km2", "sq_mi", "m2", "parts_km2", "method"}


# --------------------------------------------------------------------------- properties

lons = st.floats(-180, 180, allow_nan=False)
lats = st.floats(-85, 85, allow_nan=False)
points = st.tuples(lons, lats)
lines = st.lists(points, min_size=3, max_size=12, unique=True)


@settings(max_examples=100, deadline=None)
@given(lines, st.data())
def test_length_additive_when_split_at_a_vertex(coords: list, data: st.DataObject) -> None:
    k = data.draw(st.integers(1, len(coords) - 2))
    whole = length(LineString(coords)).m
    pieces = length(LineString(coords[: k + 1])).m + length(LineString(coords[k:])).m
    assert whole == pytest.approx(pieces, rel=1e-12, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(lines, st.data(), st.floats(0.01, 0.99))
def test_length_additive_when_split_inside_a_segment(
    coords: list, data: st.DataObject, frac: float
) -> None:
    k = data.draw(st.integers(0, len(coords) - 2))
    (lon1, lat1), (lon2, lat2) = coords[k], coords[k + 1]
    inv = WGS84.Inverse(lat1, lon1, lat2, lon2)
    # Near-antipodal pairs have several shortest geodesics: the split point would pick one.
    assume(inv["a12"] < 179.0)
    mid = WGS84.InverseLine(lat1, lon1, lat2, lon2).Position(frac * inv["s12"])
    cut = (mid["lon2"], mid["lat2"])
    whole = length(LineString(coords)).m
    first = length(LineString([*coords[: k + 1], cut])).m
    second = length(LineString([cut, *coords[k + 1 :]])).m
    # The cut point is on the geodesic to ~1e-9 m; relative 1e-9 is generous for that.
    assert whole == pytest.approx(first + second, rel=1e-9, abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(lines)
def test_length_unchanged_when_reversed(coords: list) -> None:
    assert length(LineString(coords)).m == pytest.approx(
        length(LineString(coords[::-1])).m, rel=1e-12, abs=1e-9
    )


@st.composite
def star_polygons(draw: st.DrawFn) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """A polygon star-shaped around its centre, ~1 km to ~700 km across, with vertices
    due north and due south of the centre (on its meridian).

    Vertices sit at evenly spaced angles, jittered by at most a quarter step, at radii of
    0.5-1 times the size: no sliver triangle in a fan from the centre, so no fan piece is
    thin enough for its geodesic edges to turn it inside out.
    """
    lon0 = draw(st.floats(-180, 180))
    lat0 = draw(st.floats(-70, 70))
    size = 10 ** draw(st.floats(-2, 0.5))  # degrees
    n = 2 * draw(st.integers(2, 6))
    step = 2 * math.pi / n
    jitter = draw(st.lists(st.floats(-0.25, 0.25), min_size=n, max_size=n))
    radii = draw(st.lists(st.floats(0.5, 1.0), min_size=n, max_size=n))
    coords = []
    for k in range(n):
        r = size * radii[k]
        if k == 0:  # exactly on the centre meridian, north and south
            coords.append((lon0, lat0 + r))
        elif k == n // 2:
            coords.append((lon0, lat0 - r))
        else:
            a = math.pi / 2 + step * (k + jitter[k])
            coords.append((lon0 + r * math.cos(a), lat0 + r * math.sin(a)))
    return (lon0, lat0), coords


@settings(max_examples=60, deadline=None)
@given(star_polygons(), st.data())
def test_area_unchanged_by_reversal_and_start_vertex(poly: tuple, data: st.DataObject) -> None:
    _, coords = poly
    k = data.draw(st.integers(0, len(coords) - 1))
    base = area(Polygon(coords)).m2
    assert area(Polygon(coords[::-1])).m2 == pytest.approx(base, rel=REL)
    assert area(Polygon(coords[k:] + coords[:k])).m2 == pytest.approx(base, rel=REL)


# Cutting a polygon changes its edges unless every cut is a geodesic *and* the cut does not
# add vertices on the outline: a vertex inserted on a straight lon/lat edge is off that
# edge's geodesic, so straight lon/lat cuts would change the area by the (real) difference
# between planar and geodesic edges, not by rounding. The two cuts below are exact: (1) a
# fan of triangles from the centre, whose internal edges are the geodesics centre→vertex
# traversed once each way; (2) a shapely split along the centre meridian through the two
# vertices that lie on it (a meridian is a geodesic). Either way the pieces' edges are the
# original geodesic edges plus internal geodesics cancelling in pairs, so the sum must
# equal the whole to rounding: rel 1e-9, the same bar as the oracle.


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(star_polygons())
def test_area_of_fan_pieces_sums_to_whole(poly: tuple) -> None:
    centre, coords = poly
    n = len(coords)
    pieces = [Polygon([centre, coords[i], coords[(i + 1) % n]]) for i in range(n)]
    got = area(gpd.GeoSeries(pieces, crs="EPSG:4326"))
    assert got.m2 == pytest.approx(area(Polygon(coords)).m2, rel=REL)
    assert len(got.parts) == n


@settings(max_examples=60, deadline=None)
@given(star_polygons())
def test_area_of_meridian_split_sums_to_whole(poly: tuple) -> None:
    (lon0, _), coords = poly
    whole = Polygon(coords)
    assume(whole.is_valid)
    lats = [y for _, y in coords]
    cutter = LineString([(lon0, min(lats) - 1), (lon0, max(lats) + 1)])
    pieces = list(split(whole, cutter).geoms)
    assert len(pieces) == 2
    assert area(MultiPolygon(pieces)).m2 == pytest.approx(area(whole).m2, rel=REL)


# --------------------------------------------------------------------------- no planar figures


def test_web_mercator_planar_length_is_149_times_geodesic_but_never_returned() -> None:
    line = LineString([(30.0, 48.0), (40.0, 48.0)])
    geodesic = length(line).m
    in_3857 = gpd.GeoSeries([line], crs="EPSG:4326").to_crs("EPSG:3857")
    planar = in_3857.length.iloc[0]
    assert 1.45 < planar / geodesic < 1.53
    # Our API on the projected series: the geodesic figure, not the planar one.
    assert length(in_3857).m == pytest.approx(geodesic, rel=REL)
    assert length_sweep(in_3857, [])[0][1].m == pytest.approx(geodesic, rel=REL)
    poly = Polygon([(30, 47), (40, 47), (40, 49), (30, 49)])
    poly_3857 = gpd.GeoDataFrame(geometry=[poly], crs="EPSG:4326").to_crs("EPSG:3857")
    assert poly_3857.area.iloc[0] / area(poly).m2 > 2.0
    assert area(poly_3857).m2 == pytest.approx(area(poly).m2, rel=REL)
    assert perimeter(poly_3857).m == pytest.approx(perimeter(poly).m, rel=REL)


def test_projected_numbers_without_crs_are_refused() -> None:
    to_3857 = Transformer.from_crs(4326, 3857, always_xy=True)
    xy = list(zip(*to_3857.transform([30.0, 40.0], [48.0, 48.0]), strict=True))
    with pytest.raises(GeometryError, match=r"latitude .* outside -90\.\.90"):
        length(LineString(xy))  # metres given as if degrees
    with pytest.raises(SourceError, match="no CRS"):
        length(gpd.GeoSeries([LineString(xy)]))
    with pytest.raises(SourceError, match="no CRS"):
        area(gpd.GeoDataFrame(geometry=[Polygon(SQUARE)]))


# --------------------------------------------------------------------------- inputs & errors


def test_geojson_mappings_and_geodataframes() -> None:
    fc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "LineString",
             "coordinates": [[30, 48], [31, 48]]}},
            {"type": "Feature", "properties": {}, "geometry": {"type": "MultiLineString",
             "coordinates": [[[0, 0], [0, 1]], [[1, 1], [2, 2]]]}},
        ],
    }  # fmt: skip
    got = length(fc)
    want = [oracle_line([(30, 48), (31, 48)]), oracle_line([(0, 0), (0, 1)]),
            oracle_line([(1, 1), (2, 2)])]  # fmt: skip
    assert all(close(g, w) for g, w in zip(got.parts, want, strict=True))
    assert close(length(fc["features"][0]["geometry"]).m, want[0])
    gdf = gpd.GeoDataFrame({"n": [1, 2]}, geometry=[Polygon(SQUARE), LineString(SQUARE)],
                           crs="EPSG:4326")  # fmt: skip
    mixed = length(gdf)  # a polygon's perimeter and a line, in order
    assert len(mixed.parts) == 2
    assert close(mixed.parts[0], mixed.parts[1])
    assert close(area([Polygon(SQUARE)]).m2, oracle_polygon_area(Polygon(SQUARE)))


def test_distance_inputs() -> None:
    want = WGS84.Inverse(48, 30, 50, 31)["s12"]
    gj = {"type": "Point", "coordinates": [31, 50]}
    assert close(distance((30, 48), gj).m, want)
    assert close(distance(Point(30, 48), {"type": "Feature", "geometry": gj}).m, want)
    assert distance((30, 48), (30, 48)).m == 0.0


def _quiet(cls: type, coords: list) -> shapely.Geometry:
    with np.errstate(invalid="ignore"):  # shapely warns when building non-finite geometries
        return cls(coords)


@pytest.mark.parametrize(
    ("func", "obj", "match"),
    [
        (length, Point(0, 0), "use distance"),
        (length, shapely.MultiPoint([(0, 0), (1, 1)]), "use distance"),
        (area, LineString([(0, 0), (1, 1)]), "no area; use length"),
        (area, Point(0, 0), "no area; use distance"),
        (perimeter, LineString([(0, 0), (1, 1)]), "use length"),
        (length, LineString(), "empty LineString"),
        (area, Polygon(), "empty Polygon"),
        (length, shapely.GeometryCollection(), "empty"),
        (length, _quiet(LineString, [(0, 0), (math.nan, 1)]), "non-finite"),
        (length, _quiet(LineString, [(0, 0), (math.inf, 1)]), "non-finite"),
        (area, _quiet(Polygon, [(0, 0), (1, 0), (1, math.nan)]), "non-finite"),
        (length, LineString([(0, 0), (1, 91)]), "latitude 91"),
        (length, [LineString([(0, 0), (1, 1)]), None], "feature 1: no geometry"),
        (length, gpd.GeoSeries([LineString([(0, 0), (1, 1)]), LineString()], crs=4326),
         "feature 1: empty"),
        (length, 42, "cannot measure a int"),
        (length, [1, 2], "expected shapely geometries"),
        (length, [], "no features"),
        (distance, Point(), "empty Point"),
    ],
)  # fmt: skip
def test_bad_input_raises_geometry_error(func, obj, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(GeometryError, match=match):
        func(obj, (0, 0)) if func is distance else func(obj)


@pytest.mark.parametrize(
    "p", [(0, math.nan), (0, 95), "30,48", {"type": "LineString", "coordinates": []}, (1,)]
)
def test_bad_points(p: object) -> None:
    with pytest.raises(GeometryError):
        distance(p, (0, 0))


# --------------------------------------------------------------------------- length_sweep


def test_length_sweep_simplifies_in_metres_and_measures_geodesically() -> None:
    # A 222 m zigzag along 48°N: at 0.1 km it survives, at 1 km it becomes straight.
    zigzag = LineString([(30 + 0.01 * i, 48 + 0.002 * (i % 2)) for i in range(101)])
    sweep = length_sweep(zigzag, [0.1, 1.0, 5.0])
    assert [t for t, _ in sweep] == [None, 0.1, 1.0, 5.0]
    assert sweep[0][1].m == length(zigzag).m
    assert sweep[1][1].m == pytest.approx(sweep[0][1].m, rel=1e-9)
    straight = oracle_line([(30, 48), (31, 48)])
    # Endpoints survive simplification; they went through the projection and back (~1e-9 m).
    assert sweep[2][1].m == pytest.approx(straight, rel=1e-9)
    assert sweep[3][1].m == pytest.approx(straight, rel=1e-9)
    assert sweep[2][1].m < sweep[1][1].m


def test_length_sweep_across_the_antimeridian() -> None:
    coords = [(179.0 + 0.05 * i, 0.001 * (i % 2)) for i in range(41)]
    coords = [((x + 180) % 360 - 180, y) for x, y in coords]  # wrap to -180..180
    sweep = length_sweep(LineString(coords), [1.0])
    assert sweep[0][1].km == pytest.approx(oracle_line(coords) / 1000, rel=REL)
    assert 222 < sweep[1][1].km < 223  # two degrees of equator, not 358


def test_length_sweep_polygon_perimeter_and_bad_tolerances() -> None:
    ring = [(30 + math.cos(t), 48 + 0.7 * math.sin(t)) for t in np.linspace(0, 6.2, 400)]
    sweep = length_sweep(Polygon(ring), [0, 10])
    assert sweep[0][1].m == pytest.approx(perimeter(Polygon(ring)).m, rel=1e-12)
    assert sweep[2][1].m < sweep[1][1].m <= sweep[0][1].m * (1 + 1e-9)
    for bad in (-1, math.nan, math.inf, "1"):
        with pytest.raises(UsageError):
            length_sweep(Polygon(ring), [bad])


def test_doctests() -> None:
    result = doctest.testmod(measure, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10
    assert result.failed == 0


def test_public_api() -> None:
    assert sorted(measure.__all__) == sorted(
        ["METHOD", "Area", "GeoInput", "Length", "PointInput", "area", "distance", "length",
         "length_sweep", "perimeter"]
    )  # fmt: skip
    assert measure.METHOD == "geodesic-wgs84"
