"""Tests for geo.render.prepare.timeline and .changes: the time slider and the changes map.

Small daily snapshots are generated in ``tmp_path`` (:func:`helpers.maps.write_snapshots`);
the real-data test builds the example recipes in ``tests/data/recipes`` on 30 daily files
from ``../shared/data/deepstate-daily``. Browser tests are in ``test_render_browser.py``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import weakref
from pathlib import Path

import numpy as np
import pytest
import shapely
from helpers.maps import (
    PAYLOADS,
    fake_layers,
    snapshot_shape,
    snapshots_recipe_text,
    write_snapshots,
)
from pyproj import Geod

from geo import recipe
from geo.errors import RecipeError, SourceError
from geo.render import build, encode, make_model, simplify
from geo.render.export import external_urls

TESTS = Path(__file__).resolve().parent
RECIPES = TESTS / "data" / "recipes"
LOADER = fake_layers().__getitem__


def _geodesic_km2(geom) -> float:
    return abs(Geod(ellps="WGS84").geometry_area_perimeter(geom)[0]) / 1e6


def _recipe(tmp_path: Path, **kw) -> recipe.Recipe:
    path = tmp_path / "t.toml"
    return recipe.loads(snapshots_recipe_text(**kw), name="t", path=str(path))


@pytest.fixture()
def snaps(tmp_path: Path) -> list[Path]:
    return write_snapshots(tmp_path / "snaps", days=6)


def test_timeline_model_frames_areas_and_encoding(tmp_path, snaps):
    model = make_model(_recipe(tmp_path), offline=True, loader=LOADER)
    tl = model.timeline
    assert [f["date"] for f in tl.frames] == [f"2024-07-0{d}" for d in range(1, 7)]
    assert [f["file"] for f in tl.frames] == [p.name for p in snaps]
    for day, f in enumerate(tl.frames):
        # Areas: geodesic, of the full-detail snapshot (independent computation).
        assert f["area_km2"] == pytest.approx(_geodesic_km2(snapshot_shape(day)), rel=1e-6)
        assert re.fullmatch(r"Held: [\d,.]+ km² \([\d,.]+ sq mi\), geodesic", f["text"])
    assert len(tl.blocks) == 6 and tl.skipped == []
    # Every frame decodes to integer grid geometry that matches its shape within the plan.
    frame = tl.frame
    for day, doc in enumerate(tl.frame_docs()):  # the page's deltas applied
        assert doc["fmt"] == "fl1" and doc["scale"] == 1
        (grid,) = encode.decode_layer(doc)
        coords = shapely.get_coordinates(grid)
        assert np.array_equal(coords, np.rint(coords))
        back = shapely.transform(
            grid, lambda c: simplify.grid_to_lonlat(c, frame["zoom"], 4, frame["origin"])
        )
        shape = snapshot_shape(day)
        got = simplify.measured_displacement_px(
            np.array([shape]), np.array([back]), model.recipe.view.max_zoom
        )
        assert got <= tl.worst_px + 1e-9
        assert abs(back.area - shape.area) / shape.area < 0.01
    assert tl.worst_px < 1 and model.worst_px < 1
    # The static layer is the newest frame, drawn above the basemap.
    drawn = model.drawn_layers()
    assert drawn[0].basemap and drawn[1] is tl.last and tl.last.id == "timeline"
    assert model.legend()[-1]["label"] == "Held"
    assert model.credits[0].startswith("Held, 2024-07-01 to 2024-07-06 (6 snapshots): ")
    assert "Generated test snapshots (CC0)" in model.credits[0]


def test_selection_start_end_step(tmp_path, snaps):
    extra = 'start = "2024-07-02"\nend = 2024-07-06\nstep_days = 2'
    model = make_model(_recipe(tmp_path, timeline=extra), offline=True, loader=LOADER)
    # Every second day from the start, and the last day always.
    assert [f["date"] for f in model.timeline.frames] == [
        "2024-07-02",
        "2024-07-04",
        "2024-07-06",
    ]
    extra = 'start = "2024-07-03"\nend = "2024-07-04"\nstep_days = 5'
    model = make_model(_recipe(tmp_path, timeline=extra), offline=True, loader=LOADER)
    assert [f["date"] for f in model.timeline.frames] == ["2024-07-03", "2024-07-04"]


def test_glob_absolute_and_bad_files(tmp_path, snaps):
    (tmp_path / "snaps" / "deepstatemap_data_20240707.geojson").write_text("{oops", "utf-8")
    (tmp_path / "snaps" / "notes.json").write_text("{}", "utf-8")  # no date in the name
    source = str(tmp_path / "snaps" / "*.*json")
    model = make_model(_recipe(tmp_path, source=source), offline=True, loader=LOADER)
    tl = model.timeline
    assert len(tl.frames) == 6
    assert sorted(s.split(":")[0] for s in tl.skipped) == [
        "deepstatemap_data_20240707.geojson",
        "notes.json",
    ]
    assert "2 unusable file(s) left out" in model.credits[0]


def test_frames_are_streamed_one_at_a_time(tmp_path, snaps, monkeypatch):
    import geo.timeline

    real = geo.timeline.frames
    alive: list[weakref.ref] = []

    def tracked(*args, **kwargs):
        for frame in real(*args, **kwargs):
            # When the next frame is read, no frame before the previous one may be alive.
            assert all(ref() is None for ref in alive[:-1]), "frames are being held"
            alive.append(weakref.ref(frame))
            yield frame

    monkeypatch.setattr(geo.timeline, "frames", tracked)
    model = make_model(_recipe(tmp_path), offline=True, loader=LOADER)
    assert len(alive) == len(model.timeline.frames) == 6


def test_build_html_and_figures(tmp_path, snaps):
    r = _recipe(tmp_path, changes=(f"snaps/{snaps[0].name}", f"snaps/{snaps[-1].name}"))
    res = build(r, tmp_path / "out", offline=True, loader=LOADER)
    page = (tmp_path / "out" / "t.html").read_text("utf-8")
    assert external_urls(page) == []
    # One index block, and one block per keyframe group (a keyframe and the deltas after
    # it, a JSON array): 6 frames in all; the slider runs our JS.
    groups = re.findall(
        r'<script type="application/json" id="fl_timeline_[0-9a-f]+-f\d+">(.*?)</script>', page
    )
    assert 1 <= len(groups) <= 6 and sum(len(json.loads(g)) for g in groups) == 6
    assert "frontline.timeline(" in page
    doc = json.loads((tmp_path / "out" / "t.figures.json").read_text("utf-8"))
    assert [f["date"] for f in doc["timeline"]["frames"]] == [f"2024-07-0{d}" for d in range(1, 7)]
    report = next(lyr for lyr in doc["geometry"]["layers"] if lyr["layer"] == "timeline")
    assert report["frames"] == 6 and report["worst_case_px"] < 1
    assert doc["geometry"]["worst_case_displacement_px"] < 1
    figs = {f["id"]: f for f in doc["figures"]}
    gained = shapely.difference(snapshot_shape(5), snapshot_shape(0))
    lost = shapely.difference(snapshot_shape(0), snapshot_shape(5))
    assert figs["changes_gained"]["km2"] == pytest.approx(_geodesic_km2(gained), rel=1e-6)
    assert figs["changes_lost"]["km2"] == pytest.approx(_geodesic_km2(lost), rel=1e-6)
    assert figs["changes_net"]["km2"] == pytest.approx(
        figs["changes_gained"]["km2"] - figs["changes_lost"]["km2"], abs=1e-3
    )
    for f in figs.values():
        assert f["method"] == "geodesic-wgs84" and f["as_of"] == "2024-07-06"
        assert f["from"] == "2024-07-01" and f["to"] == "2024-07-06"
    assert figs["changes_net"]["text"].startswith("Net change for Russia, 2024-07-01 to")
    assert "+" in figs["changes_net"]["text"]
    assert set(doc["layers"]) >= {"timeline", "changes", "countries"}
    assert doc["layers"]["changes"]["files"] == [snaps[0].name, snaps[-1].name]
    assert res.timeline["frames"][-1]["date"] == "2024-07-06"
    model = make_model(r, offline=True, loader=LOADER)
    ids = [lyr.id for lyr in model.layers]
    assert ids == ["countries", "changes-gained", "changes-lost"]
    legend = [item["label"] for item in model.legend()]
    assert legend == ["Lost by Russia (regained by Ukraine)", "Gained by Russia", "Held"]
    assert any("files deepstatemap_data_20240701.geojson" in c for c in model.credits)


_BUILD = """
import sys
sys.path.insert(0, {tests!r})
from helpers.maps import fake_layers, snapshots_recipe_text
from geo import recipe
from geo.render import build
text = snapshots_recipe_text(changes=({a!r}, {b!r}))
r = recipe.loads(text, name="t", path={path!r})
build(r, {out!r}, offline=True, formats=("html", "svg"), loader=fake_layers().__getitem__)
"""


def test_two_processes_byte_identical(tmp_path, snaps):
    outs = []
    for i in range(2):
        out = tmp_path / f"run{i}"
        code = _BUILD.format(
            tests=str(TESTS),
            a=f"snaps/{snaps[0].name}",
            b=f"snaps/{snaps[-1].name}",
            path=str(tmp_path / "t.toml"),
            out=str(out),
        )
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        outs.append(out)
    names = sorted(p.name for p in outs[0].iterdir())
    assert names == ["t.embed.html", "t.figures.json", "t.html", "t.svg"]
    for name in names:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_strings_are_text_only(tmp_path, snaps):
    r = recipe.loads(
        snapshots_recipe_text(title=PAYLOADS[0], credit=PAYLOADS[1]).replace(
            'label = "Held"', f"label = {json.dumps(PAYLOADS[2])}"
        ),
        name="t",
        path=str(tmp_path / "t.toml"),
    )
    build(r, tmp_path / "out", offline=True, loader=LOADER)
    page = (tmp_path / "out" / "t.html").read_text("utf-8")
    for s in PAYLOADS[:3]:
        assert s not in page
    assert "<img src=x" not in page and page.split("</head>", 1)[1].count("<script>") == 1


def test_static_png_and_svg(tmp_path, snaps):
    from geo.render.static import render_static

    r = _recipe(tmp_path, changes=(f"snaps/{snaps[0].name}", f"snaps/{snaps[-1].name}"))
    model = make_model(r, offline=True, loader=LOADER)
    svg = render_static(model, "svg").decode("utf-8")
    for text in ("Timeline test", "Held on 2024-07-06", "snapshots", "Gained by", "Net change"):
        assert text in svg, text
    png = render_static(model, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png == render_static(model, "png")


def test_missing_and_bad_sources_are_recipe_errors(tmp_path, snaps):
    with pytest.raises(RecipeError, match=r"t\.toml: timeline\.source: no snapshot files found"):
        make_model(_recipe(tmp_path, source="nowhere"), offline=True, loader=LOADER)
    try:
        make_model(_recipe(tmp_path, source="nowhere"), offline=True, loader=LOADER)
    except RecipeError as exc:
        assert str(tmp_path / "nowhere") in str(exc)  # names the resolved path
    (tmp_path / "empty").mkdir()
    with pytest.raises(RecipeError, match=r"timeline\.source: no snapshot files found"):
        make_model(_recipe(tmp_path, source="empty"), offline=True, loader=LOADER)
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "deepstatemap_data_20240101.geojson").write_text("{", "utf-8")
    with pytest.raises(RecipeError, match="none of the 1 snapshot file"):
        make_model(_recipe(tmp_path, source="bad"), offline=True, loader=LOADER)
    with pytest.raises(RecipeError, match=r"timeline\.start: no snapshot between 2025-01-01"):
        make_model(_recipe(tmp_path, timeline='start = "2025-01-01"'), offline=True, loader=LOADER)
    with pytest.raises(RecipeError, match=r"timeline\.tolerance_km: 1 km moves .* use at most"):
        make_model(_recipe(tmp_path, timeline="tolerance_km = 1"), offline=True, loader=LOADER)
    with pytest.raises(RecipeError, match=r"changes\.to: no such snapshot file: .*missing"):
        make_model(
            _recipe(tmp_path, changes=(f"snaps/{snaps[0].name}", "snaps/missing.geojson")),
            offline=True,
            loader=LOADER,
        )
    with pytest.raises(RecipeError, match=r"changes\.from: .*bad.*20240101"):
        make_model(
            _recipe(
                tmp_path,
                changes=("bad/deepstatemap_data_20240101.geojson", f"snaps/{snaps[0].name}"),
            ),
            offline=True,
            loader=LOADER,
        )
    with pytest.raises(RecipeError, match=r"changes\.from: from is dated 2024-07-06, after"):
        make_model(
            _recipe(tmp_path, changes=(f"snaps/{snaps[-1].name}", f"snaps/{snaps[0].name}")),
            offline=True,
            loader=LOADER,
        )
    assert issubclass(RecipeError, ValueError) and not issubclass(RecipeError, SourceError)


def test_small_tolerance_counts_against_the_budget(tmp_path, snaps):
    model = make_model(
        _recipe(tmp_path, timeline="tolerance_km = 0.02"), offline=True, loader=LOADER
    )
    tl = model.timeline
    report = tl.report()
    assert 0 < report["pre_simplification_px"] < 0.9
    assert report["worst_case_px"] == pytest.approx(simplify.TOTAL_BUDGET_PX)
    # DP share shrank by the pre-simplification's pixels.
    full = simplify.plan(9, 48.0, grid=4)
    assert tl.plan.tolerance_px < full.tolerance_px


def test_cli_build_prints_timeline(tmp_path, snaps, capsys):
    from geo.cli import main

    (tmp_path / "t.toml").write_text(snapshots_recipe_text(), encoding="utf-8")
    # The real catalog's countries layer is the basemap here.
    code = main(["build", str(tmp_path / "t.toml"), "--offline", "--out", str(tmp_path / "o")])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "timeline: 6 frame(s), 2024-07-01 to 2024-07-06" in out.out
    assert "worst-case displacement 0.90 px" in out.out


def test_real_daily_snapshots(shared_data, tmp_path):
    """The example recipes on 30 real daily files: completes, sensible areas and changes."""
    from geo.timeline import changes

    daily = shared_data / "deepstate-daily"
    res = build(RECIPES / "timeline.toml", tmp_path, offline=True, formats=("html", "png"))
    frames = res.timeline["frames"]
    assert len(frames) == 30 and res.timeline["skipped"] == []
    assert frames[0]["date"] == "2026-07-24" and frames[-1]["date"] == "2026-08-22"
    areas = np.array([f["area_km2"] for f in frames])
    # Russia held roughly 110,000-120,000 km² of Ukraine (Crimea included) in this period,
    # and the area moves by well under 1 % a day.
    assert ((areas > 100_000) & (areas < 130_000)).all()
    assert (np.abs(np.diff(areas)) / areas[1:] < 0.01).all()
    assert res.worst_px < 1
    page = tmp_path / "timeline.html"
    assert page.stat().st_size < 1_500_000
    assert external_urls(page.read_text("utf-8")) == []

    res = build(RECIPES / "changes.toml", tmp_path, offline=True, formats=("html",))
    figs = {f["id"]: f for f in res.figures}
    want = changes(
        daily / "deepstatemap_data_20260724.geojson", daily / "deepstatemap_data_20260822.geojson"
    ).set_index("change")
    assert figs["changes_gained"]["km2"] == pytest.approx(want.loc["gained", "area_km2"], abs=1e-3)
    assert figs["changes_lost"]["km2"] == pytest.approx(want.loc["lost", "area_km2"], abs=1e-3)
    net = figs["changes_net"]["km2"]
    assert net == pytest.approx(areas[-1] - areas[0], rel=0.01, abs=1.0)
    assert 0 < figs["changes_gained"]["km2"] < 5_000 and 0 < figs["changes_lost"]["km2"] < 5_000
