"""Tests for geo.render.prepare.drawn_cache: cached basemap, inset, data layers, labels."""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from geo import cache, layers
from geo import recipe as recipes
from geo.render import api
from geo.render.prepare import drawn_cache
from geo.render.prepare.context import PrepareContext, default_loader

prepare_pkg = sys.modules["geo.render.prepare"]
detail = sys.modules["geo.render.prepare.basemap_detail"]
inset_mod = sys.modules["geo.render.prepare.inset"]
data_mod = sys.modules["geo.render.prepare.data_layers"]
figures_mod = sys.modules["geo.render.prepare.figures"]
BUNDLED = recipes.bundled()


def _on(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Path:
    monkeypatch.setenv(cache.ENV, str(folder))
    return folder / "drawn"


def _build(name: str, out: Path, formats: tuple[str, ...]) -> dict[str, bytes]:
    api.build(name, out, formats=formats)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def uncached(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """Every bundled map built without the cache (HTML, SVG, figures; PNG for tumen)."""
    root = tmp_path_factory.mktemp("off")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(cache.ENV, "off")
        return {n: _build(n, root / n, _formats(n)) for n in BUNDLED}


def _formats(name: str) -> tuple[str, ...]:
    return ("html", "svg", "png") if name == "tumen" else ("html", "svg")


@pytest.mark.parametrize("name", BUNDLED)
def test_cold_and_warm_builds_are_byte_identical_to_uncached(
    name: str,
    uncached: dict[str, dict[str, bytes]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = _on(monkeypatch, tmp_path / "cache")
    cold = _build(name, tmp_path / "cold", _formats(name))
    r = recipes.load(recipes.find(name))
    pointed = any(isinstance(c.at, str) for c in r.callouts)
    expected = ["basemap", "labels", "layer"]
    expected += ["inset"] * r.inset.enabled + ["figure"] * bool(r.figures)
    expected += ["callouts"] * pointed
    steps = sorted({p.name.split("-")[0] for p in drawn.iterdir()})
    assert steps == sorted(expected)
    assert len(list(drawn.glob("layer-*.npz"))) == len(r.layers)  # one per [[layers]] entry
    assert len(list(drawn.glob("figure-*.npz"))) == len(r.figures)

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a cached step was computed again")

    for module, step in [
        (prepare_pkg, "vector_basemap"),
        (prepare_pkg, "basemap_detail"),
        (prepare_pkg, "place_labels"),
        (prepare_pkg, "callouts" if pointed else "vector_basemap"),
        (inset_mod, "drawn_layer"),
        (data_mod, "data_layer"),
        (figures_mod, "measure_figure"),
        (layers.Layer, "read"),  # a warm build parses no layer file
    ]:
        monkeypatch.setattr(module, step, never)
    warm = _build(name, tmp_path / "warm", _formats(name))
    assert cold.keys() == warm.keys() == uncached[name].keys()
    for file in cold:
        assert cold[file] == uncached[name][file], file
        assert warm[file] == uncached[name][file], file


@pytest.mark.parametrize("name", BUNDLED)
def test_detail_layers_name_every_file_the_basemap_reads(name: str) -> None:
    seen: list[str] = []

    def loader(layer_id: str) -> Any:
        seen.append(layer_id)
        return default_loader(layer_id)

    r = recipes.load(recipes.find(name))
    ctx = PrepareContext(r, offline=True, loader=loader)
    detail.basemap_detail(ctx)
    assert set(seen) <= {r.basemap.layer, *detail.DETAIL_LAYERS}


def test_a_hit_credits_the_same_layers_in_the_same_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _on(monkeypatch, tmp_path)
    r = recipes.load(recipes.find("front"))
    orders = []
    for _ in range(2):  # a miss, then a hit
        ctx = PrepareContext(r, offline=True)
        prepare_pkg._basemap(ctx)
        orders.append(list(ctx.read))
        assert ctx._frames.keys() <= set(ctx.read)
    assert orders[0] == orders[1] and "rivers" in orders[0]


def test_other_data_is_never_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = _on(monkeypatch, tmp_path)
    copy_root = tmp_path / "copy"
    copy_root.mkdir()

    def elsewhere(layer_id: str) -> Any:  # the same content, but not the catalog's file
        source = layers.get(layer_id)
        (copy_root / source.file).write_bytes(source.path.read_bytes())
        return dataclasses.replace(source, root=copy_root)

    r = recipes.load(recipes.find("tumen"))
    prepare_pkg._basemap(PrepareContext(r, offline=True, loader=elsewhere))
    assert not drawn.exists()


def test_a_file_unlike_its_catalog_entry_is_never_looked_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _on(monkeypatch, tmp_path)
    r = recipes.load(recipes.find("tumen"))
    ctx = PrepareContext(r, offline=True)
    names = ("countries", "rivers")
    key = drawn_cache._key(ctx, "basemap", {"z": 1}, names)
    assert key is not None and key == drawn_cache._key(ctx, "basemap", {"z": 1}, names)
    assert key != drawn_cache._key(ctx, "basemap", {"z": 2}, names)
    assert key != drawn_cache._key(ctx, "inset", {"z": 1}, names)
    real = cache.file_digest
    rivers = layers.get("rivers").path
    monkeypatch.setattr(cache, "file_digest", lambda p: "0" * 64 if Path(p) == rivers else real(p))
    assert drawn_cache._key(ctx, "basemap", {"z": 1}, names) is None


def test_a_recipe_layer_named_like_a_basemap_layer_turns_it_off(tmp_path: Path) -> None:
    r = recipes.load(recipes.find("tumen"))
    ctx = PrepareContext(r, offline=True)
    ctx.own = {"rivers": object()}  # type: ignore[dict-item]
    assert drawn_cache._key(ctx, "basemap", {}, ("countries", "rivers")) is None


def test_plain_values_keep_tuples_and_refuse_the_rest() -> None:
    value = {"a": (1, [2.5, None], {"b": (True, "x")}), "c": []}
    assert drawn_cache.from_plain(drawn_cache.to_plain(value)) == value
    assert isinstance(drawn_cache.from_plain(drawn_cache.to_plain(value))["a"], tuple)
    for bad in (np.float64(1.0), {1: "x"}, {"s": {1, 2}}):
        with pytest.raises(TypeError):
            drawn_cache.to_plain(bad)


def _copy_recipe(name: str, folder: Path, edit: tuple[str, str] | None = None) -> Path:
    text = Path(recipes.find(name)).read_text(encoding="utf-8")
    if edit is not None:
        assert edit[0] in text
        text = text.replace(*edit)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_changed_style_in_a_copied_recipe_is_never_served_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _on(monkeypatch, tmp_path / "cache")
    before = _copy_recipe("front", tmp_path / "a")
    first = _build(str(before), tmp_path / "out-a", ("html",))
    assert _build(str(before), tmp_path / "out-a2", ("html",)) == first  # warm: the same
    edited = _copy_recipe("front", tmp_path / "b", ('stroke = "#67000d"', 'stroke = "#123456"'))
    warm = _build(str(edited), tmp_path / "out-b", ("html",))
    monkeypatch.setenv(cache.ENV, "off")
    off = _build(str(edited), tmp_path / "out-off", ("html",))
    assert warm == off
    assert warm["front.html"] != first["front.html"] and b"#123456" in warm["front.html"]


def test_a_changed_label_in_a_copied_recipe_is_never_served_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _on(monkeypatch, tmp_path / "cache")
    before = _copy_recipe("front", tmp_path / "a")
    _build(str(before), tmp_path / "out-a", ("html",))
    edited = _copy_recipe("front", tmp_path / "b", ('text = "Crimea"', 'text = "Krym"'))
    ctx = PrepareContext(recipes.load(edited), offline=True)
    prepare_pkg._basemap(ctx)  # as in a build: the water layers the labels may use
    assert {"rivers", "water"} <= set(ctx.read)
    labels = prepare_pkg._labels(ctx)
    assert "Krym" in [lab["text"] for lab in labels]
    assert "Crimea" not in [lab["text"] for lab in labels]


def _tumen_borders() -> Any:
    text = Path(recipes.find("tumen")).read_text(encoding="utf-8")
    head = text.split("[[layers]]")[0]
    body = '[[layers]]\nid = "tumen"\nwhere = { kind = "border" }\n'
    return recipes.loads(head + body, name="tumen-copy", path="tumen-copy.toml")


def test_a_changed_catalog_entry_is_never_served_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn = _on(monkeypatch, tmp_path)
    r = _tumen_borders()  # no label, no style: both come from the catalog entry
    data_layers = data_mod.data_layers
    (first,) = data_layers(PrepareContext(r, offline=True))
    assert len(list(drawn.glob("layer-*.npz"))) == 1
    real = layers.get

    def edited(layer_id: str) -> Any:
        entry = real(layer_id)
        if entry.id != "tumen":
            return entry
        return dataclasses.replace(
            entry, title="Edited title", style={**entry.style, "color": "#123456"}
        )

    monkeypatch.setattr(layers, "get", edited)
    (warm,) = data_layers(PrepareContext(r, offline=True))
    assert warm.label == "Edited title" != first.label
    assert warm.style["stroke"] == "#123456" != first.style.get("stroke")
    monkeypatch.setenv(cache.ENV, "off")
    (off,) = data_layers(PrepareContext(r, offline=True))
    assert (warm.label, warm.style, warm.encoded()) == (off.label, off.style, off.encoded())


def test_a_changed_layer_file_is_never_looked_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _on(monkeypatch, tmp_path)
    r = _tumen_borders()
    ctx = PrepareContext(r, offline=True)
    spec = r.layers[0]
    inputs = {"spec": dataclasses.asdict(spec), "frame": ctx.frame, "max_zoom": ctx.max_zoom}
    assert drawn_cache._key(ctx, "layer", inputs, ("tumen",)) is not None
    real = cache.file_digest
    tumen = layers.get("tumen").path
    monkeypatch.setattr(cache, "file_digest", lambda p: "0" * 64 if Path(p) == tumen else real(p))
    assert drawn_cache._key(ctx, "layer", inputs, ("tumen",)) is None


def test_a_data_layer_hit_reads_no_frame_and_credits_the_same_layers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _on(monkeypatch, tmp_path)
    r = recipes.load(recipes.find("kursk"))
    runs = []
    for _ in range(2):  # a miss, then a hit
        ctx = PrepareContext(r, offline=True)
        drawn = data_mod.data_layers(ctx)
        runs.append((list(ctx.read), set(ctx._frames), [lyr.encoded() for lyr in drawn]))
    assert runs[0][0] == runs[1][0] == [spec.id for spec in r.layers]
    assert runs[0][1] == set(runs[0][0]) and runs[1][1] == set()
    assert runs[0][2] == runs[1][2]


def test_own_data_layers_are_never_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = _on(monkeypatch, tmp_path)
    r = _tumen_borders()
    ctx = PrepareContext(r, offline=True)
    ctx.own = {"tumen": object()}  # type: ignore[dict-item]
    monkeypatch.setattr(data_mod, "data_layer", lambda *a: [])
    assert data_mod.data_layers(ctx) == []
    assert not drawn.exists()


def test_a_changed_figure_or_callout_in_a_copied_recipe_is_never_served_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _on(monkeypatch, tmp_path / "cache")
    _build(str(_copy_recipe("kursk", tmp_path / "a")), tmp_path / "out-a", ("html",))
    edits = [('start = "places:Sudzha"', 'start = "places:Kursk"')]
    edits += [('end = "places:Kursk"', 'end = "places:Sudzha"')]
    text = Path(recipes.find("kursk")).read_text(encoding="utf-8")
    assert all(old in text for old, _ in edits)
    for old, new in edits:
        text = text.replace(old, new)
    edited = tmp_path / "b" / "kursk.toml"
    edited.parent.mkdir()
    edited.write_text(text, encoding="utf-8")
    r = recipes.load(edited)
    ctx = PrepareContext(r, offline=True)
    (first, *_) = figures_mod.measured_figures(ctx).figures
    assert first["points"] == ["places:Kursk", "places:Sudzha"]
    callout = r.callouts[0]
    assert isinstance(callout.at, str)
    moved = dataclasses.replace(callout, at="places:Kursk")
    r2 = dataclasses.replace(r, callouts=(moved, *r.callouts[1:]))
    (sudzha, *_) = prepare_pkg._callouts(PrepareContext(r, offline=True))
    (cached, *_) = prepare_pkg._callouts(PrepareContext(r2, offline=True))
    monkeypatch.setenv(cache.ENV, "off")
    (off, *_) = prepare_pkg._callouts(PrepareContext(r2, offline=True))
    assert cached == off and cached["at"] != sudzha["at"]


def test_each_step_keeps_its_own_newest_entries_pruned_once_per_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(drawn_cache, "KEEP_OTHER", 1)
    monkeypatch.setattr(drawn_cache, "_PRUNED", set())
    names = ["layer-a.npz", "layer-b.npz", "basemap-a.npz", "basemap-b.npz"]
    for i, name in enumerate(names):
        (tmp_path / name).write_bytes(b"")
        os.utime(tmp_path / name, ns=(i * 10**9, i * 10**9))
    drawn_cache._prune(tmp_path, "layer")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[1:])
    (tmp_path / "layer-c.npz").write_bytes(b"")
    drawn_cache._prune(tmp_path, "layer")  # already pruned in this process
    assert (tmp_path / "layer-b.npz").exists() and (tmp_path / "layer-c.npz").exists()
