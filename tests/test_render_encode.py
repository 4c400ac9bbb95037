"""Tests for geo.render.encode: the compact page geometry (round trip, safety, size)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

from geo.render import encode
from geo.render.assets import script_json


def test_ints_round_trip_and_alphabet():
    rng = np.random.default_rng(3)
    values = np.concatenate(
        [
            np.arange(-70, 70),
            rng.integers(-(2**51), 2**51, 2000),
            [0, -1, 2**52 - 1, -(2**52) + 1],
        ]
    )
    text = encode.encode_ints(values)
    assert set(text) <= set(encode.ALPHABET)
    assert np.array_equal(encode.decode_ints(text), values)
    # Small differences cost one character, up to ±511 two.
    assert len(encode.encode_ints(np.arange(-16, 16))) == 32
    assert len(encode.encode_ints(np.array([511, -512]))) == 4
    with pytest.raises(ValueError, match="too large"):
        encode.encode_ints(np.array([2**52]))
    with pytest.raises(ValueError, match="truncated"):
        encode.decode_ints(text[:-1] + "g")


def _q(geom, d=5):
    return shapely.transform(geom, lambda c: np.round(c, d))


def test_layer_round_trip_every_kind():
    poly = shapely.Polygon(
        [(30, 50), (31.12345, 50), (31.12345, 51.5), (30, 51.5)],
        [[(30.2, 50.2), (30.4, 50.2), (30.4, 50.4)]],
    )
    geoms = [
        _q(poly),
        _q(shapely.MultiPolygon([poly, shapely.box(33, 50, 34, 51)])),
        _q(shapely.LineString([(30, 50), (35.5, 47.25), (36, 47)])),
        _q(shapely.MultiLineString([[(1, 2), (3, 4)], [(5, 6), (7, 8.00001)]])),
        _q(shapely.Point(37.58312, 49.71699)),
        _q(shapely.MultiPoint([(1, 1), (-2.5, -3.25)])),
        _q(shapely.GeometryCollection([shapely.box(0, 0, 1, 1), shapely.Point(5, 5)])),
        shapely.Polygon(),  # empty: skipped
    ]
    props = [{"name": f"f{i}"} for i in range(len(geoms))]
    doc = encode.encode_layer(geoms, props, 5)
    assert doc["fmt"] == "fl1" and doc["scale"] == 10**5 and doc["merge"] is False
    assert [f["p"]["name"] for f in doc["f"]] == [f"f{i}" for i in range(7)]
    back = encode.decode_layer(doc)
    for a, b in zip(geoms[:7], back, strict=True):
        assert shapely.equals(a, b), (a.wkt, b.wkt)
        # Same vertices, not just the same point set (closing vertices restored).
        assert shapely.get_num_coordinates(a) == shapely.get_num_coordinates(b)
    # Exteriors are written counter-clockwise and holes clockwise (non-zero fill).
    assert back[0].exterior.is_ccw and not back[0].interiors[0].is_ccw


def test_layer_is_deterministic_safe_and_small():
    rng = np.random.default_rng(11)
    lon = np.round(30 + np.cumsum(rng.normal(0, 0.01, 5000)), 4)
    lat = np.round(48 + np.cumsum(rng.normal(0, 0.01, 5000)), 4)
    line = shapely.LineString(np.column_stack([lon, lat]))
    props = [{"name": "</script><img src=x onerror=alert(1)>{{7*7}}"}]
    a = encode.encode_layer([line], props, 4)
    b = encode.encode_layer([line], props, 4)
    assert a == b
    page_text = script_json(a)
    # The coordinate text needs no escaping at all; strings are still escaped.
    assert a["c"] in page_text
    assert "<" not in page_text and "{{" not in page_text
    assert json.loads(page_text) == a
    geojson = json.dumps(shapely.geometry.mapping(line)["coordinates"], separators=(",", ":"))
    assert len(a["c"]) * 3 < len(geojson)


def test_decode_rejects_mismatched_structure():
    doc = encode.encode_layer([shapely.LineString([(0, 0), (1, 1)])], [{}], 3)
    doc["f"][0]["L"] = [3]
    with pytest.raises(ValueError):
        encode.decode_layer(doc)
    with pytest.raises(ValueError, match="not a fl1"):
        encode.decode_layer({**doc, "fmt": "x"})


def test_split_kinds_flattens_collections():
    g = shapely.GeometryCollection(
        [
            shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.box(2, 2, 3, 3)]),
            shapely.GeometryCollection([shapely.LineString([(0, 0), (1, 0)])]),
            shapely.Point(1, 1),
        ]
    )
    polys, lines, points = encode.split_kinds(g)
    assert (len(polys), len(lines), len(points)) == (2, 1, 1)
    assert encode.split_kinds(None) == ([], [], [])


def _text_by_tokens(values: np.ndarray, prefix: np.ndarray, ring_end: np.ndarray) -> str:
    """svg_path's text as first written: one ``str`` per number, joined, needless spaces
    removed."""
    tokens = [
        (chr(p) if p else "") + str(v) + ("Z" if z else "")
        for v, p, z in zip(values.tolist(), prefix.tolist(), ring_end.tolist(), strict=True)
    ]
    text = " ".join(tokens)
    return text.replace(" -", "-").replace(" l", "l").replace(" M", "M")


def test_path_text_is_the_one_number_at_a_time_text():
    # Written with array operations, the text is the same as writing each number with
    # str and joining: every digit count, sign, move, second vertex and ring end.
    rng = np.random.default_rng(5)
    for scale in (1, 9, 10, 99, 1000, 10**6, 10**12, 2**62):
        n = int(rng.integers(1, 400))
        values = rng.integers(-scale, scale, n, endpoint=True)
        prefix = np.zeros(n, dtype=np.uint8)
        starts = np.flatnonzero(rng.random(n) < 0.1) & ~1  # parts start at an x
        starts = starts[starts + 2 < n]
        if scale % 2:  # some texts start with a move, the others with a bare number
            starts = np.union1d([0], starts).astype(int)
        prefix[starts], prefix[starts + 2] = ord("M"), ord("l")
        ring_end = rng.random(n) < 0.05
        got = encode._path_text(values, prefix, ring_end)
        assert got == _text_by_tokens(values, prefix, ring_end), scale


def test_svg_path_marks_moves_second_vertices_and_ring_ends():
    # What svg_path hands _path_text: M at each part's first vertex, l at its second, Z
    # after a ring's last (its closing vertex left out); lines stay open; parts of fewer
    # than two vertices draw nothing. Rings are turned as the page fills them (the outside
    # counter-clockwise, a hole clockwise).
    box = shapely.Polygon([(0, 0), (0, 10), (10, 10), (10, 0)], [[(2, 2), (4, 2), (4, 4)]])
    lines = shapely.MultiLineString([[(0, 0), (0, 0)], [(-5, 3), (7, -9), (0, 0)]])
    got = encode.svg_path([box, lines, shapely.LineString([(1, 1), (1, 1)]), None])
    assert got == "M0 0l10 0 0 10-10 0ZM2 2l2 2 0-2ZM0 0l0 0M-5 3l12-12-7 9M1 1l0 0"
    assert encode.svg_path([]) == "" == encode.svg_path([shapely.Polygon()])


def test_path_text_spaces_signs_and_digits():
    values = np.array([0, 9, 10, -99, 100, -1000, 123456789012, -7, 0, 5])
    prefix = np.zeros(len(values), dtype=np.uint8)
    prefix[[0, 2, 8]] = [ord("M"), ord("l"), ord("M")]
    ends = np.zeros(len(values), dtype=bool)
    ends[[7, 9]] = True
    text = encode._path_text(values, prefix, ends)
    assert text == "M0 9l10-99 100-1000 123456789012-7ZM0 5Z"
    assert encode._path_text(np.array([], dtype=np.int64), prefix[:0], ends[:0]) == ""
