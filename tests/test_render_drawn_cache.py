"""Tests for geo.render.prepare.drawn_cache: cached basemap and inset layers, exactly."""

from __future__ import annotations

import dataclasses
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
    inset = recipes.load(recipes.find(name)).inset.enabled
    steps = sorted(p.name.split("-")[0] for p in drawn.iterdir())
    assert steps == ["basemap", "inset"] if inset else ["basemap"]

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the basemap was drawn again")

    monkeypatch.setattr(prepare_pkg, "vector_basemap", never)
    monkeypatch.setattr(prepare_pkg, "basemap_detail", never)
    monkeypatch.setattr(inset_mod, "drawn_layer", never)
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
