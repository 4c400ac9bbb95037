"""Tests for geo.render.frame_delta: delta frames decode to exactly the frames they encode.

Real consecutive DeepState days (the 30-day example recipe, read in place from
``../shared/data``) through the whole prepare step, then random and edge cases on the codec
itself: empty frames, a frame identical to the one before, every vertex changed, keyframe
boundaries, repeated vertices, and malformed deltas (which must fail, not draw).
The page's decoder is checked against the same frames in ``test_render_timeline_browser.py``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
import shapely

from geo import recipe
from geo.render import encode, frame_delta, make_model
from geo.render.assets import script_json

RECIPES = Path(__file__).resolve().parent / "data" / "recipes"


def _doc(rings: list[np.ndarray], *, lines: Sequence[np.ndarray] = (), points: int = 0) -> dict:
    """An fl1 frame document (grid units) with one feature holding ``rings`` as polygons."""
    feat: dict = {"p": {}}
    parts = list(rings) + list(lines)
    if rings:
        feat["P"] = [[len(r)] for r in rings]
    if lines:
        feat["L"] = [len(li) for li in lines]
    if points:
        pts = np.arange(2 * points, dtype=np.int64).reshape(-1, 2) * 7
        parts.append(pts)
        feat["M"] = points
    xy = np.concatenate(parts) if parts else np.zeros((0, 2), dtype=np.int64)
    deltas = np.diff(xy, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return {
        "fmt": "fl1",
        "scale": 1,
        "merge": True,
        "c": encode.encode_ints(deltas.ravel()),
        "f": [feat] if parts else [],
    }


def _ring(rng: np.random.Generator, n: int, centre: tuple[int, int] = (0, 0)) -> np.ndarray:
    steps = rng.integers(-40, 41, size=(n, 2))
    return np.cumsum(steps, axis=0) + np.asarray(centre)


def _round_trip(docs: list[dict], every: int) -> list[dict]:
    page = [json.loads(script_json(d)) for d in frame_delta.encode_frames(docs, every)]
    assert frame_delta.decode_frames(page) == docs
    # Keyframes where promised: frame 0 and every ``every``-th frame.
    assert all(page[i]["fmt"] == "fl1" for i in range(0, len(page), every))
    return page


@pytest.fixture(scope="module")
def real_frames(shared_data) -> tuple[list[str], list[str]]:
    """Page blocks of 30 real days: with deltas (default), and every frame in full."""
    r = recipe.load(RECIPES / "timeline.toml")
    assert r.timeline is not None and r.timeline.keyframe_every == frame_delta.KEYFRAME_EVERY
    # The recipe's [timeline] keyframe_every = 1: every frame in full (the old page).
    every_one = dataclasses.replace(r.timeline, keyframe_every=1)
    full = make_model(dataclasses.replace(r, timeline=every_one), offline=True).timeline
    delta = make_model(r, offline=True).timeline
    assert full is not None and delta is not None
    return delta.blocks, full.blocks


def test_real_days_decode_exactly_and_shrink(real_frames):
    delta_blocks, full_blocks = real_frames
    assert len(delta_blocks) == len(full_blocks) == 30
    full = [json.loads(b) for b in full_blocks]
    assert all(d["fmt"] == "fl1" for d in full)
    page = [json.loads(b) for b in delta_blocks]
    kinds = [d["fmt"] for d in page]
    assert kinds[0] == kinds[frame_delta.KEYFRAME_EVERY] == "fl1"
    assert kinds.count("fl1d") >= 25  # consecutive days are mostly the same
    # The page's frames are exactly the full frames, in every field.
    assert frame_delta.decode_frames(page) == full
    ratio = sum(map(len, delta_blocks)) / sum(map(len, full_blocks))
    assert ratio < 0.2, ratio
    # Any keyframe interval round-trips the same days.
    for every in (1, 2, 7, 29, 1000):
        _round_trip(full, every)


def test_identical_frame_is_one_copy():
    rng = np.random.default_rng(1)
    a = _doc([_ring(rng, 50), _ring(rng, 9, (500, 500))])
    page = _round_trip([a, a, a], every=10)
    assert [d["fmt"] for d in page] == ["fl1", "fl1d", "fl1d"]
    assert encode.decode_ints(page[1]["ops"]).tolist() == [0, 59, 0]
    assert page[1]["c"] == "" and "f" not in page[1]


def test_inherited_header_counts_and_structure():
    rng = np.random.default_rng(10)
    r1, r2 = _ring(rng, 40), _ring(rng, 30, (400, 0))
    a = _doc([r1, r2])
    b = _doc([np.insert(r1, 5, r1[5] + 1, axis=0), r2[:-2]])  # counts 41 and 28
    c = _doc([r1])  # one ring fewer: a new structure
    d = {**_doc([r1]), "merge": False}
    page = _round_trip([a, b, c, d], every=10)
    assert [p["fmt"] for p in page] == ["fl1", "fl1d", "fl1d", "fl1d"]
    assert encode.decode_ints(page[1]["n"]).tolist() == [1, -2] and "f" not in page[1]
    assert page[2]["f"] == c["f"] and "n" not in page[2]
    assert page[3]["merge"] is False and "f" not in page[3] and "n" not in page[3]
    assert not {"scale", "merge"} & set(page[1])


def test_empty_frames_and_from_or_to_empty():
    rng = np.random.default_rng(2)
    empty = _doc([])
    a = _doc([_ring(rng, 30)])
    assert frame_delta.vertex_count(empty["f"]) == 0
    for seq in ([empty], [empty, empty], [empty, a, empty, a], [a, empty, empty, a, a]):
        for every in (1, 2, 3, 10):
            _round_trip(seq, every)
    # An empty frame after an empty frame is an empty delta.
    d = frame_delta.make_delta(np.zeros((0, 2), dtype=np.int64), empty, empty)
    assert d["ops"] == d["c"] == "" and "f" not in d
    assert frame_delta.apply_delta(np.zeros((0, 2), np.int64), d, empty).shape == (0, 2)


def test_all_vertices_changed_falls_back_to_a_keyframe():
    rng = np.random.default_rng(3)
    a = _doc([_ring(rng, 80)])
    moved = frame_delta.frame_vertices(a) + 1
    b = _doc([moved])
    page = _round_trip([a, b], every=10)
    assert page[1]["fmt"] == "fl1"  # a delta would be no smaller
    # The delta itself still decodes exactly (all literals, no copies).
    d = frame_delta.make_delta(frame_delta.frame_vertices(a), b, a)
    assert encode.decode_ints(d["ops"]).tolist() == [0, 0, 80]
    assert np.array_equal(frame_delta.apply_delta(frame_delta.frame_vertices(a), d, a), moved)


def test_keyframe_boundaries():
    rng = np.random.default_rng(4)
    ring = _ring(rng, 200)
    docs = []
    for _ in range(25):
        ring = ring.copy()
        ring[rng.integers(0, len(ring))] += (1, -1)
        docs.append(_doc([ring]))
    for every in (1, 2, 5, 10, 24, 25, 26):
        page = _round_trip(docs, every)
        kinds = [d["fmt"] for d in page]
        assert kinds == ["fl1" if i % every == 0 else "fl1d" for i in range(25)], every
    with pytest.raises(ValueError, match="at least 1"):
        frame_delta.DeltaEncoder(0)


def _mutate(rng: np.random.Generator, rings: list[np.ndarray]) -> list[np.ndarray]:
    """Move, insert and delete vertices; add, drop, repeat and reorder rings."""
    out = [r.copy() for r in rings]
    for _ in range(rng.integers(0, 4)):
        if not out:
            break
        k = int(rng.integers(0, len(out)))
        r = out[k]
        op = rng.integers(0, 4)
        i = int(rng.integers(0, len(r)))
        if op == 0:
            r[i] += rng.integers(-3, 4, 2)
        elif op == 1:
            out[k] = np.insert(r, i, r[i] + rng.integers(-3, 4, 2), axis=0)
        elif op == 2 and len(r) > 3:
            out[k] = np.delete(r, slice(i, i + int(rng.integers(1, 4))), axis=0)
        else:
            out[k] = np.roll(r, int(rng.integers(1, len(r) + 1)), axis=0)
    roll = rng.random()
    if roll < 0.1:
        out.append(_ring(rng, int(rng.integers(3, 40)), (int(rng.integers(-999, 999)), 0)))
    elif roll < 0.2 and len(out) > 1:
        out.pop(int(rng.integers(0, len(out))))
    elif roll < 0.25 and out:
        out.append(out[0].copy())  # the same ring twice: repeated vertices
    elif roll < 0.3:
        out.reverse()
    return out


def test_random_sequences_round_trip():
    rng = np.random.default_rng(5)
    for _ in range(60):
        rings = [_ring(rng, int(rng.integers(3, 120)), (300 * k, 0)) for k in range(3)]
        docs = []
        for _ in range(int(rng.integers(1, 30))):
            rings = _mutate(rng, rings)
            kind = rng.random()
            if kind < 0.05:
                docs.append(_doc([]))
            elif kind < 0.15:
                docs.append(_doc(rings[:1], lines=rings[1:], points=int(rng.integers(0, 3))))
            else:
                docs.append(_doc(rings))
        for every in (1, 3, frame_delta.KEYFRAME_EVERY):
            _round_trip(docs, every)


def test_repeated_vertices_still_copy_in_long_runs():
    rng = np.random.default_rng(6)
    ring = _ring(rng, 100)
    a = _doc([ring, ring, ring])  # every vertex occurs three times
    page = _round_trip([a, a], every=10)
    assert encode.decode_ints(page[1]["ops"]).tolist() == [0, 300, 0]


def test_real_geometry_through_encode_layer():
    """Frames made by encode_layer (holes, several polygons) round-trip."""
    outer = shapely.Point(0, 0).buffer(400, 32)
    days = []
    for k in range(12):
        shape = shapely.MultiPolygon(
            [
                shapely.Polygon(
                    outer.exterior.coords, [shapely.box(-50, -50, 50 + k, 50).exterior.coords]
                ),
                shapely.box(1000, 0, 1100 + 3 * (k % 4), 90),
            ]
        )
        days.append(shapely.set_precision(shape, 1))
    docs = [encode.encode_layer([g], [{}], 0, merge=True) for g in days]
    page = _round_trip(docs, every=5)
    assert sum(d["fmt"] == "fl1d" for d in page) >= 8
    assert [encode.decode_layer(d)[0].equals(g) for d, g in zip(docs, days, strict=True)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ops": encode.encode_ints(np.array([0, 999, 0]))}, "outside the previous frame"),
        ({"ops": encode.encode_ints(np.array([-1, 5, 0]))}, "outside the previous frame"),
        ({"ops": encode.encode_ints(np.array([0, -2, 0]))}, "outside the previous frame"),
        ({"ops": encode.encode_ints(np.array([0, 10, 5]))}, "more literal vertices"),
        ({"c": encode.encode_ints(np.array([1, 1]))}, "does not use"),
        ({"ops": encode.encode_ints(np.array([0, 9, 0]))}, "does not match"),
        ({"ops": encode.encode_ints(np.array([0, 10]))}, "truncated"),
        ({"ops": "AAg"}, "truncated"),
        ({"ops": "A<A"}, "alphabet"),
        ({"fmt": "fl2"}, "not a fl1d"),
        ({"n": encode.encode_ints(np.array([1, 0]))}, "count changes do not match"),
        ({"n": encode.encode_ints(np.array([-11]))}, "negative count"),
        ({"n": encode.encode_ints(np.array([1]))}, "does not match"),
    ],
)
def test_malformed_deltas_are_errors(change, message):
    rng = np.random.default_rng(7)
    a = _doc([_ring(rng, 10)])
    prev = frame_delta.frame_vertices(a)
    good = frame_delta.make_delta(prev, a, a)
    assert np.array_equal(frame_delta.apply_delta(prev, good, a), prev)
    with pytest.raises(ValueError, match=message):
        frame_delta.apply_delta(prev, {**good, **change}, a)


def test_decode_needs_a_keyframe_first_and_known_formats():
    rng = np.random.default_rng(8)
    a = _doc([_ring(rng, 10)])
    d = frame_delta.make_delta(frame_delta.frame_vertices(a), a, a)
    with pytest.raises(ValueError, match="first frame must be a keyframe"):
        frame_delta.decode_frames([d])
    with pytest.raises(ValueError, match="not a fl1 document"):
        frame_delta.frame_vertices({"fmt": "fl1d"})
    with pytest.raises(ValueError, match="does not match the feature structure"):
        frame_delta.frame_vertices({**a, "f": [{"P": [[11]]}]})


def test_deterministic_and_text_safe():
    rng = np.random.default_rng(9)
    rings = [_ring(rng, 60)]
    docs = []
    for _ in range(15):
        rings = _mutate(rng, rings)
        docs.append(_doc(rings))
    one = [script_json(d) for d in frame_delta.encode_frames(docs)]
    two = [
        script_json(d) for d in frame_delta.encode_frames([json.loads(json.dumps(d)) for d in docs])
    ]
    assert one == two
    for block, doc in zip(one, frame_delta.encode_frames(docs), strict=True):
        if doc["fmt"] == "fl1d":
            assert set(doc["ops"] + doc["c"]) <= set(encode.ALPHABET)
        assert not set(block) & set("<>&'\\")


def test_huge_coordinates_take_the_general_path_with_the_same_copies():
    """Vertices too spread out for one int64 key are matched row-wise: same operations."""
    rng = np.random.default_rng(12)
    rings = [_ring(rng, 90), _ring(rng, 40, (700, 700))]
    moved = [rings[0].copy(), rings[1][:-3]]
    moved[0][17] += (2, 1)
    far = np.array([2**45, -(2**45)])
    for shift in (np.array([0, 0]), far):
        # Ring 1 far from ring 0: the spread, not the position, decides the path.
        a, b = _doc([rings[0], rings[1] + shift]), _doc([moved[0], moved[1] + shift])
        page = _round_trip([a, b, a], every=10)
        ops = [encode.decode_ints(p["ops"]).tolist() for p in page[1:]]
        if not shift.any():
            near = ops
    assert ops == near
