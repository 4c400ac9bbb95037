"""Browser tests for the delta-encoded time slider (geo.render.frame_delta + frontline.js).

Headless Chromium, offline. The 30-day example recipe over real DeepState snapshots (read in
place from ``../shared/data``) is rendered twice: as built (keyframes and deltas) and with
every frame in full (the format before deltas). At many dates, jumping forwards, backwards
and across keyframes, both pages must draw exactly the SVG path ``d`` that Python's
:func:`geo.render.encode.svg_path` writes for the full frame. A page whose delta points
outside the previous frame must fail loudly and keep the frame it showed. Two builds give
the same bytes.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import numpy as np
import pytest
from helpers.browser import watch

from geo import recipe
from geo.render import encode, frame_delta, make_model
from geo.render.assets import script_json, unpack_data_blocks
from geo.render.export import render_html
from geo.render.folium_map import to_folium

pytestmark = pytest.mark.browser

RECIPE = Path(__file__).resolve().parent / "data" / "recipes" / "timeline.toml"
#: Frames visited: the start (newest), then jumps forwards, backwards and across keyframes.
VISITS = [29, 0, 1, 2, 6, 7, 8, 13, 5, 28, 27, 14, 21, 20, 19, 29, 3, 22, 15, 0]

SHOW = """(i) => {
  const range = document.querySelector("input.fl-timeline-range");
  range.value = String(i);
  range.dispatchEvent(new Event("input"));
  const box = document.querySelector(".fl-timeline");
  return {
    frame: box.getAttribute("data-fl-frame"),
    date: box.querySelector(".fl-timeline-date").textContent,
    d: document.querySelector("path.fl-layer-timeline").getAttribute("d"),
  };
}"""


def _page_html(model) -> str:
    return render_html(to_folium(model), name="timeline", title=model.recipe.text.title)


@pytest.fixture(scope="module", params=[7, frame_delta.KEYFRAME_EVERY], ids=lambda n: f"every{n}")
def pages(request, shared_data, tmp_path_factory):
    """The delta page (a keyframe every N frames), the full page, and the expected paths."""
    r = recipe.load(RECIPE)
    assert r.timeline is not None
    # The recipe's [timeline] keyframe_every sets the interval.
    r = dataclasses.replace(
        r, timeline=dataclasses.replace(r.timeline, keyframe_every=request.param)
    )
    model = make_model(r, offline=True)
    again = make_model(r, offline=True)
    tl = model.timeline
    assert tl is not None and tl.keyframe_every == request.param and len(tl.frames) == 30
    full_tl = tl.reencoded(1)
    full_docs = [json.loads(b) for b in full_tl.blocks]
    assert all(d["fmt"] == "fl1" for d in full_docs)
    # Expected: Python's own SVG path text of each full frame (no delta code involved).
    want = [encode.svg_path(encode.decode_layer(d)) for d in full_docs]
    assert [_path_text(d) for d in full_docs] == want  # the reference below agrees
    assert len(set(want)) > 20  # the days differ
    out = tmp_path_factory.mktemp(f"timeline{request.param}")
    delta_html = _page_html(model)
    assert _page_html(again) == delta_html  # deterministic: two builds, same bytes
    (out / "delta.html").write_text(delta_html, "utf-8")
    (out / "full.html").write_text(
        _page_html(dataclasses.replace(model, timeline=full_tl)), "utf-8"
    )
    return out, want, model


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1100, "height": 750})
    state = watch(page)
    page.goto(path.as_uri())
    page.wait_for_selector("[data-fl-ready]", timeout=20000)
    return page, state


def test_delta_page_draws_the_same_paths_as_full_frames(browser, pages):
    out, want, model = pages
    dates = [f["date"] for f in model.timeline.frames]
    seen = {}
    for name in ("delta", "full"):
        page, state = _open(browser, out / f"{name}.html")
        try:
            first = page.evaluate(
                "() => document.querySelector('path.fl-layer-timeline').getAttribute('d')"
            )
            states = [page.evaluate(SHOW, i) for i in VISITS[1:]]
            for i, s in zip(VISITS[1:], states, strict=True):
                assert s["frame"] == str(i) and s["date"] == dates[i]
            got = [first] + [s["d"] for s in states]
            # Play from frame 25: each step decodes one delta, up to the newest frame.
            page.evaluate(SHOW, 25)
            page.click(".fl-timeline-play")
            page.wait_for_function(
                "() => document.querySelector('.fl-timeline').dataset.flFrame === '29'"
                " && document.querySelector('.fl-timeline-play').ariaPressed === 'false'",
                timeout=20000,
            )
            got.append(
                page.evaluate(
                    "() => document.querySelector('path.fl-layer-timeline').getAttribute('d')"
                )
            )
            assert state["errors"] == [] and state["requests"] == []
        finally:
            page.close()
        seen[name] = got
    expected = [want[i] for i in VISITS] + [want[29]]
    assert seen["full"] == expected
    assert seen["delta"] == expected
    # The delta page really is made of keyframe groups with deltas; its frames are small.
    html = unpack_data_blocks((out / "delta.html").read_text("utf-8"))
    groups = re.findall(
        r'<script type="application/json" id="fl_timeline_[0-9a-f]+-f\d+">(.*?)</script>', html
    )
    every = model.timeline.keyframe_every
    assert len(groups) == -(-30 // every)
    docs = [d for g in groups for d in json.loads(g)]
    assert [d["fmt"] == "fl1" for d in docs] == [i % every == 0 for i in range(30)]
    full = re.findall(
        r'<script type="application/json" id="fl_timeline_[0-9a-f]+-f\d+">(.*?)</script>',
        unpack_data_blocks((out / "full.html").read_text("utf-8")),
    )
    assert len(full) == 30
    assert sum(map(len, groups)) < 0.35 * sum(map(len, full))


def _path_text(doc: dict) -> str:
    """Reference path text of a full frame, ring by ring in document order (as the page)."""
    xy = frame_delta.frame_vertices(doc)
    out, pos = [], 0
    for feat in doc["f"]:
        for poly in feat.get("P", []):
            for n in poly:
                ring = xy[pos : pos + n]
                pos += n
                if n >= 2:
                    steps = np.diff(ring, axis=0)
                    rest = "".join(f"{_num(dx)}{_num(dy)}" for dx, dy in steps[1:].tolist())
                    out.append(
                        f"M{ring[0][0]}{_num(ring[0][1])}l{steps[0][0]}{_num(steps[0][1])}{rest}Z"
                    )
        pos += sum(feat.get("L", [])) + feat.get("M", 0)
    return "".join(out)


def _num(v: int) -> str:
    return str(v) if v < 0 else f" {v}"


def _synthetic_frames(n: int) -> list[dict]:
    """Polygon frames with every kind of change: moved, added and removed vertices and
    rings, a repeated ring, an empty day, a day identical to the one before, a new start."""
    rng = np.random.default_rng(11)
    rings = [np.cumsum(rng.integers(-30, 31, (60, 2)), axis=0) + 2000 * k for k in range(3)]
    frames = []
    for day in range(n):
        if day == 9:
            frames.append({"fmt": "fl1", "scale": 1, "merge": True, "c": "", "f": []})
            continue
        if day not in (4, 17):  # days 4 and 17 repeat the day before
            k = int(rng.integers(0, len(rings)))
            r = rings[k].copy()
            i = int(rng.integers(1, len(r) - 1))
            r[i] += rng.integers(-2, 3, 2)
            if day % 5 == 0:
                r = np.insert(r, i, r[i] + 1, axis=0)
            if day % 7 == 0:
                r = np.delete(r, i, axis=0)
            rings[k] = r
            if day == 12:
                rings.append(rings[0].copy())
            if day == 20:
                rings.pop(1)
            if day == 25:
                rings = [r + 1 for r in rings]  # everything moves: a keyframe
        xy = np.concatenate(rings)
        deltas = np.diff(xy, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
        f = [{"P": [[len(r)] for r in rings], "p": {}}]
        frames.append(
            {
                "fmt": "fl1",
                "scale": 1,
                "merge": True,
                "c": encode.encode_ints(deltas.ravel()),
                "f": f,
            }
        )
    return frames


@pytest.fixture(scope="module")
def real_model(shared_data):
    """The 30-day example map as built (its page frame and style host synthetic frames)."""
    return make_model(recipe.load(RECIPE), offline=True)


def test_page_decoder_on_every_kind_of_change(browser, real_model, tmp_path):
    """The page's decoder against the Python reference on synthetic frames: empty frames,
    repeats, new and dropped rings, count changes, extra keyframes, any visiting order."""
    model = real_model
    docs = _synthetic_frames(32)
    want = [_path_text(d) for d in docs]
    tl = model.timeline
    frames = [{**tl.frames[0], "date": f"day {i}", "text": f"frame {i}"} for i in range(32)]
    page_docs = frame_delta.encode_frames(docs, 6)
    kinds = [d["fmt"] for d in page_docs]
    assert kinds.count("fl1d") > 20 and kinds[25] == "fl1"  # day 25: an extra keyframe
    assert any("n" in d for d in page_docs) and any(
        "f" in d for d in page_docs[1:] if d["fmt"] == "fl1d"
    )
    for every, name in ((6, "delta"), (1, "full")):
        blocks = [script_json(d) for d in frame_delta.encode_frames(docs, every)]
        synth = dataclasses.replace(tl, blocks=blocks, frames=frames, keyframe_every=every)
        path = tmp_path / f"synthetic-{name}.html"
        path.write_text(_page_html(dataclasses.replace(model, timeline=synth)), "utf-8")
        page, state = _open(browser, path)
        try:
            order = [31, *range(32), 30, 2, 17, 9, 10, 8, 26, 25, 24, 0, 13, 12, 31, 5]
            got = [page.evaluate(SHOW, i) for i in order]
            assert [g["frame"] for g in got] == [str(i) for i in order]
            assert [g["d"].strip() for g in got] == [want[i] for i in order]
            assert state["errors"] == []
        finally:
            page.close()


def test_a_bad_delta_fails_loudly_and_draws_nothing_new(browser, pages):
    out, want, _ = pages
    # Plain JSON in the page is read as it is (boot.js unpacks only packed blocks).
    html = unpack_data_blocks((out / "delta.html").read_text("utf-8"))
    pattern = re.compile(
        r'(<script type="application/json" id="fl_timeline_[0-9a-f]+-f0">)(.*?)(</script>)'
    )
    m = pattern.search(html)
    assert m is not None
    docs = json.loads(m.group(2))
    assert docs[3]["fmt"] == "fl1d"
    docs[3] = {**docs[3], "ops": encode.encode_ints(np.array([0, 10**6, 0]))}
    bad = html[: m.start(2)] + script_json(docs) + html[m.end(2) :]
    path = out / "bad.html"
    path.write_text(bad, "utf-8")
    page, state = _open(browser, path)
    try:
        assert page.evaluate(SHOW, 2)["d"] == want[2]
        assert state["errors"] == []
        page.evaluate(
            """(i) => {
              const range = document.querySelector("input.fl-timeline-range");
              range.value = String(i);
              setTimeout(() => range.dispatchEvent(new Event("input")), 0);
            }""",
            3,
        )
        page.wait_for_timeout(200)
        assert any("outside the previous frame" in e for e in state["errors"]), state["errors"]
        d = page.evaluate(
            "() => document.querySelector('path.fl-layer-timeline').getAttribute('d')"
        )
        assert d == want[2]  # nothing drawn from the bad delta
        # Other frames still work.
        assert page.evaluate(SHOW, 1)["d"] == want[1]
    finally:
        page.close()
