"""Tests for geo.front: splitting a polygon by a line, and the sides of the 2024-11-13 front."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box

from geo.errors import GeometryError
from geo.front import split_by_line

_GEOD = Geod(ellps="WGS84")
LAYERS = Path(__file__).resolve().parent.parent / "layers"


# --- split_by_line ---------------------------------------------------------------------------


def test_split_square_in_two_halves() -> None:
    pieces = split_by_line(box(0, 0, 2, 1), LineString([(1, -1), (1, 2)]))
    assert len(pieces) == 2
    assert all(isinstance(p, Polygon) for p in pieces)
    assert sorted(round(p.area, 9) for p in pieces) == [1.0, 1.0]
    assert shapely.union_all(pieces).symmetric_difference(box(0, 0, 2, 1)).area < 1e-12


def test_line_stopping_short_of_the_boundary_is_prolonged() -> None:
    # ends 0.05 deg (~5.5 km) inside the boundary: the default 10 km prolongation reaches it
    pieces = split_by_line(box(0, 0, 2, 1), LineString([(1, 0.05), (1, 0.95)]))
    assert len(pieces) == 2
    # with no prolongation the line does not cut: the polygon comes back whole, not torn
    whole = split_by_line(box(0, 0, 2, 1), LineString([(1, 0.05), (1, 0.95)]), extend_km=0)
    assert len(whole) == 1 and whole[0].equals(box(0, 0, 2, 1))


def test_bent_line_follows_its_end_azimuth() -> None:
    # an L-shaped line: the prolongation continues the last segment (eastwards), not the chord
    line = LineString([(0.5, -0.5), (0.5, 0.5), (1.95, 0.5)])
    pieces = split_by_line(box(0, 0, 2, 1), line)
    assert len(pieces) == 2
    small = min(pieces, key=lambda p: p.area)
    assert small.bounds == pytest.approx((0.5, 0.0, 2.0, 0.5), abs=1e-4)


def test_multipolygon_islands_are_kept_whole() -> None:
    land = MultiPolygon([box(0, 0, 2, 1), box(5, 0, 6, 1)])
    pieces = split_by_line(land, LineString([(1, -1), (1, 2)]))
    assert len(pieces) == 3
    assert any(p.equals(box(5, 0, 6, 1)) for p in pieces)
    assert sum(p.area for p in pieces) == pytest.approx(3.0)


def test_multilinestring_cuts_with_every_part() -> None:
    line = MultiLineString([[(0.5, -1), (0.5, 2)], [(1.5, -1), (1.5, 2)]])
    pieces = split_by_line(box(0, 0, 2, 1), line)
    assert len(pieces) == 3
    assert sum(p.area for p in pieces) == pytest.approx(2.0)


def test_polygon_with_hole_and_zigzag_line() -> None:
    poly = box(0, 0, 4, 4).difference(box(1.5, 1.5, 2.5, 2.5))
    line = LineString([(2, -1), (2, 1), (0.5, 2), (2, 3), (2, 5)])
    pieces = split_by_line(poly, line)
    assert len(pieces) == 2
    assert sum(p.area for p in pieces) == pytest.approx(poly.area)


def test_invalid_bowtie_is_repaired_before_splitting() -> None:
    bowtie = Polygon([(0, 0), (2, 2), (2, 0), (0, 2), (0, 0)])
    assert not bowtie.is_valid
    pieces = split_by_line(bowtie, LineString([(-1, 1.0), (3, 1.0)]))
    assert sum(p.area for p in pieces) == pytest.approx(2.0)
    assert all(p.is_valid for p in pieces)


def test_output_order_is_deterministic() -> None:
    line = LineString([(0.3, -1), (0.3, 2)])
    a = split_by_line(box(0, 0, 2, 1), line)
    b = split_by_line(box(0, 0, 2, 1), LineString(list(line.coords)[::-1]))
    assert [p.wkb for p in a] == [p.wkb for p in b]
    assert a[0].area > a[1].area


@pytest.mark.parametrize(
    ("poly", "line", "match"),
    [
        (Point(0, 0), LineString([(0, 0), (1, 1)]), "Polygon"),
        (box(0, 0, 1, 1), Point(0, 0), "LineString"),
        (Polygon(), LineString([(0, 0), (1, 1)]), "empty"),
        (box(0, 0, 1, 1), LineString(), "empty"),
    ],
)
def test_bad_inputs_raise_geometry_error(poly, line, match) -> None:
    with pytest.raises(GeometryError, match=match):
        split_by_line(poly, line)


@pytest.mark.parametrize("km", [-1.0, float("nan"), float("inf")])
def test_bad_extension_raises(km: float) -> None:
    with pytest.raises(GeometryError, match="extend_km"):
        split_by_line(box(0, 0, 1, 1), LineString([(0.5, -1), (0.5, 2)]), extend_km=km)
