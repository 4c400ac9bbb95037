"""Tests for geo.layers.parsed_cache: a layer file is parsed once per content, exactly."""

from __future__ import annotations

import dataclasses
import hashlib
import sys
from pathlib import Path
from typing import Any

import geopandas
import numpy as np
import pytest
import shapely
from pandas.testing import assert_frame_equal

from geo import cache, layers
from geo.errors import LayerError
from geo.layers import parsed_cache

verify = sys.modules["geo.layers.verify"]


@pytest.fixture
def on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The build cache turned on, in a folder of this test's own."""
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    verify.clear_facts_cache()
    return tmp_path / "cache" / "layers"


def _copy(layer_id: str, root: Path) -> Any:
    source = layers.get(layer_id)
    (root / source.file).write_bytes(source.path.read_bytes())
    return dataclasses.replace(source, root=root)


def _assert_same(a: Any, b: Any) -> None:
    assert_frame_equal(a, b, check_exact=True)
    assert a.crs == b.crs and str(a.crs) == str(b.crs)
    assert list(a.geometry.to_wkb()) == list(b.geometry.to_wkb())
    for col in a.columns:
        for x, y in zip(a[col], b[col], strict=True):
            if isinstance(x, np.ndarray):  # GeoJSON arrays: same values, same dtype
                assert x.dtype == y.dtype and x.tolist() == y.tolist()


@pytest.mark.parametrize("layer_id", list(layers.catalog()))
def test_every_bundled_layer_comes_back_exactly_as_parsed(layer_id: str, on: Path) -> None:
    layer = layers.get(layer_id)
    data = layer.path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    parsed = geopandas.read_file(data)
    assert parsed_cache.store(on, layer.path.name, sha, parsed)
    _assert_same(parsed, parsed_cache.load(on, layer.path.name, sha))


def test_a_read_parses_once_then_loads(on: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    registry = sys.modules["geo.layers.registry"]
    first = layers.get("places").read()
    assert len(list(on.glob("places-*.npz"))) == 1

    def no_parse(*args: Any) -> Any:
        raise AssertionError("parsed again")

    monkeypatch.setattr(registry, "_read_frame", no_parse)
    verify.clear_facts_cache()
    _assert_same(first, layers.get("places").read())


def test_cached_verification_still_catches_a_modified_file(on: Path, tmp_path: Path) -> None:
    layer = _copy("tumen", tmp_path)
    layer.read()  # parsed and kept
    text = layer.path.read_text("utf-8")
    layer.path.write_text(text.replace('"Tumen', '"Tumen ', 1), "utf-8")
    with pytest.raises(LayerError, match=r"checksum .* does not match"):
        layer.read()
    layer.path.write_text(text, "utf-8")
    assert len(layer.read()) == layer.feature_count  # the original content loads again


def test_a_new_version_of_a_file_replaces_its_entry(on: Path) -> None:
    gdf = geopandas.GeoDataFrame({"n": ["a"]}, geometry=[shapely.Point(0, 0)], crs="EPSG:4326")
    assert parsed_cache.store(on, "x.geojson", "1" * 64, gdf)
    assert parsed_cache.store(on, "x-y.geojson", "3" * 64, gdf)  # another file's entry
    assert parsed_cache.store(on, "x.geojson", "2" * 64, gdf)
    names = sorted(p.name for p in on.iterdir())
    assert names == [f"x-{'2' * 20}.npz", f"x-y-{'3' * 20}.npz"]
    assert parsed_cache.load(on, "x.geojson", "1" * 64) is None


def test_entries_from_other_libraries_or_damaged_are_ignored(
    on: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gdf = geopandas.GeoDataFrame({"n": [1]}, geometry=[shapely.Point(0, 0)], crs="EPSG:4326")
    parsed_cache.store(on, "x.geojson", "a" * 64, gdf)
    entry = next(on.iterdir())
    monkeypatch.setattr(cache, "library_versions", lambda: {"shapely": "0.0"})
    assert parsed_cache.load(on, "x.geojson", "a" * 64) is None
    monkeypatch.undo()
    monkeypatch.setenv(cache.ENV, str(on.parent))
    entry.write_bytes(entry.read_bytes()[:-40])
    assert parsed_cache.load(on, "x.geojson", "a" * 64) is None


def test_what_cannot_be_kept_exactly_is_not_kept(on: Path) -> None:
    nested = geopandas.GeoDataFrame(
        {"v": [{"a": 1}]}, geometry=[shapely.Point(0, 0)], crs="EPSG:4326"
    )
    assert not parsed_cache.store(on, "x.geojson", "b" * 64, nested)
    shifted = geopandas.GeoDataFrame({"v": [1]}, geometry=[shapely.Point(0, 0)], index=[7])
    assert not parsed_cache.store(on, "x.geojson", "b" * 64, shifted)
    assert not parsed_cache.store(None, "x.geojson", "b" * 64, shifted)
    assert not on.exists()


def test_off_means_no_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV, "off")
    assert parsed_cache.cache_folder() is None
    assert len(layers.get("tumen").read()) > 0


def test_text_columns_are_kept_by_their_dtype_and_object_ones_by_their_values(on: Path) -> None:
    import pandas

    # A pandas string column holds text or missing values only: kept without a look at
    # each value; an object column is kept only when every value is text or missing.
    gdf = geopandas.GeoDataFrame(
        {
            "str": pandas.Series(["Sudzha", None, "Kursk"], dtype="str"),
            "string": pandas.Series(["a", None, "c"], dtype="string"),
            "object": pandas.Series(["x", None, "z"], dtype="object"),
        },
        geometry=[shapely.Point(35.27, 51.19), None, shapely.Point(36.19, 51.73)],
        crs="EPSG:4326",
    )
    assert parsed_cache.store(on, "t.geojson", "c" * 64, gdf)
    back = parsed_cache.load(on, "t.geojson", "c" * 64)
    _assert_same(gdf, back)
    assert [str(t) for t in back.dtypes[:3]] == ["str", "string", "object"]
    mixed = gdf.assign(object=pandas.Series(["x", 2, "z"], dtype="object"))
    assert not parsed_cache.store(on, "m.geojson", "d" * 64, mixed)
