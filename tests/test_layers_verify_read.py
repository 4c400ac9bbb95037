"""Tests for geo.layers.verify's read-time verification (verify_bytes, verify_read, frame_facts).

:meth:`geo.layers.Layer.read` checks the checksum of the bytes it read, then the count, types
and bbox of the frame parsed from those bytes (no second parse of the JSON); the JSON facts
decide whenever the frame disagrees with the catalog.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
from pathlib import Path
from typing import Any

import geopandas
import pytest

from geo import layers
from geo.errors import LayerError

verify = sys.modules["geo.layers.verify"]  # ``geo.layers.verify`` the name is the function


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    verify.clear_facts_cache()


def _copy(layer_id: str, root: Path, **changes: Any) -> Any:
    """The bundled layer ``layer_id`` with its file copied under ``root`` (and ``changes``)."""
    source = layers.get(layer_id)
    (root / source.file).write_bytes(source.path.read_bytes())
    return dataclasses.replace(source, root=root, **changes)


@pytest.mark.parametrize("layer_id", list(layers.catalog()))
def test_frame_facts_equal_the_json_facts_on_every_bundled_layer(layer_id: str) -> None:
    layer = layers.get(layer_id)
    facts = verify.file_facts(layer.path)
    gdf = geopandas.read_file(layer.path)
    assert verify.frame_facts(facts["sha256"], gdf) == facts


def test_a_good_read_never_parses_the_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_parse(data: bytes) -> Any:
        raise AssertionError("the JSON was parsed a second time")

    monkeypatch.setattr(verify, "_parse_facts", no_parse)
    layer = _copy("countries", tmp_path)
    gdf = layer.read()
    assert len(gdf) == layer.feature_count and gdf.crs.to_epsg() == 4326


def test_read_refuses_a_same_size_edit_with_its_mtime_put_back(tmp_path: Path) -> None:
    layer = _copy("tumen", tmp_path)
    layer.read()  # a faithful copy reads
    path = layer.path
    stat = path.stat()
    data = bytearray(path.read_bytes())
    i = data.index(b"130.")
    data[i : i + 4] = b"131."  # same size, another coordinate
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    with pytest.raises(LayerError, match="checksum"):
        layer.read()


def test_read_refuses_a_missing_file(tmp_path: Path) -> None:
    layer = dataclasses.replace(layers.get("tumen"), root=tmp_path)
    with pytest.raises(LayerError, match="layer file missing"):
        layer.read()


def test_a_catalog_whose_count_is_wrong_is_refused_by_the_json_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = verify._parse_facts

    def counting(data: bytes) -> Any:
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(verify, "_parse_facts", counting)
    layer = _copy("tumen", tmp_path)
    wrong = dataclasses.replace(layer, feature_count=layer.feature_count + 1)
    with pytest.raises(LayerError, match=f"{layer.feature_count} features, catalog says"):
        wrong.read()
    assert len(calls) == 1  # the frame disagreed: the JSON facts confirmed it


def test_a_frame_read_differently_never_refuses_a_good_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the frame's facts ever differ from the JSON's, the JSON (the catalog's) wins."""
    real = verify.frame_facts

    def off_by_one(sha256: str, gdf: Any) -> dict[str, Any]:
        facts = real(sha256, gdf)
        return {**facts, "feature_count": facts["feature_count"] - 1}

    monkeypatch.setattr(verify, "frame_facts", off_by_one)
    layer = _copy("places", tmp_path)
    assert len(layer.read()) == layer.feature_count


def test_read_without_verification_skips_the_checksum(tmp_path: Path) -> None:
    layer = _copy("tumen", tmp_path, sha256="0" * 64)
    with pytest.raises(LayerError, match="checksum"):
        layer.read()
    assert len(layer.read(verify_file=False)) == layer.feature_count


def test_verify_bytes_names_the_checksum_only(tmp_path: Path) -> None:
    layer = layers.get("tumen")
    data = layer.path.read_bytes()
    sha, problems = verify.verify_bytes(layer, data)
    assert sha == layer.sha256 and problems == []
    sha, problems = verify.verify_bytes(layer, data + b"\n")
    assert sha != layer.sha256
    assert len(problems) == 1 and problems[0].startswith("checksum")


def test_an_unreadable_file_with_the_right_checksum_is_one_layer_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.geojson"
    path.write_bytes(b"not json")
    entry = dataclasses.replace(
        layers.get("tumen"),
        root=tmp_path,
        file="bad.geojson",
        sha256=hashlib.sha256(b"not json").hexdigest(),
    )
    with pytest.raises(LayerError, match="cannot read layer file"):
        entry.read()
