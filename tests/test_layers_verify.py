"""Tests for geo.layers.verify: vectorised file facts and the per-content parse cache."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from geo import layers
from geo.errors import LayerError

verify = sys.modules["geo.layers.verify"]  # ``geo.layers.verify`` the name is the function


def _old_walk_facts(path: Path) -> dict[str, Any]:
    """The facts as the Python coordinate walk computed them before the parse was cached."""
    data = path.read_bytes()
    features = json.loads(data.decode("utf-8"))["features"]
    types = sorted({f["geometry"]["type"] for f in features if f.get("geometry")})
    xs: list[float] = []
    ys: list[float] = []

    def walk(c: Any) -> None:
        if c and isinstance(c[0], (int, float)):
            xs.append(float(c[0]))
            ys.append(float(c[1]))
        else:
            for part in c:
                walk(part)

    for f in features:
        if f.get("geometry"):
            walk(f["geometry"]["coordinates"])
    bbox = (
        [round(min(xs), 6), round(min(ys), 6), round(max(xs), 6), round(max(ys), 6)] if xs else []
    )
    return {
        "sha256": hashlib.sha256(data).hexdigest(),
        "feature_count": len(features),
        "geometry_type": types[0] if len(types) == 1 else types,
        "bbox": bbox,
    }


@dataclass(frozen=True)
class _Entry:
    """A catalog entry for a file of the test's own (what verify_layer compares)."""

    path: Path
    sha256: str
    feature_count: int
    geometry_type: str | tuple[str, ...]
    bbox: tuple[float, float, float, float]


def _collection(*geometries: Any) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {}, "geometry": g} for g in geometries],
    }


def _write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    verify.clear_facts_cache()


@pytest.mark.parametrize("layer_id", list(layers.catalog()))
def test_vectorised_facts_equal_the_old_walk_on_every_bundled_layer(layer_id: str) -> None:
    path = layers.get(layer_id).path
    expected = _old_walk_facts(path)
    assert verify.file_facts(path) == expected
    assert verify.file_facts(path) == expected  # from the cache: the same facts


@pytest.mark.parametrize(
    "geometries",
    [
        [{"type": "Point", "coordinates": [30.1234567, 48.7654321]}],
        [{"type": "LineString", "coordinates": [[30, 48, 120.5], [31, 49, 80.0]]}],  # 3-D
        [{"type": "LineString", "coordinates": [[30, 48], [31.5, 49, 10.0], [29, 47.5]]}],
        [
            {"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 0]]]]},
            {"type": "Polygon", "coordinates": [[[-5, -6], [7, -6], [7, 8], [-5, -6]]]},
            None,
        ],
        [
            {"type": "MultiPoint", "coordinates": [[1, 2], [-3, 4]]},
            {"type": "Point", "coordinates": []},
        ],
        [None],
        [],
    ],
)
def test_vectorised_facts_equal_the_old_walk_on_odd_files(tmp_path: Path, geometries) -> None:
    path = _write(tmp_path / "x.geojson", _collection(*geometries))
    assert verify.file_facts(path) == _old_walk_facts(path)


def test_geometry_collections_are_opened(tmp_path: Path) -> None:
    gc = {
        "type": "GeometryCollection",
        "geometries": [
            {"type": "Point", "coordinates": [10, 20]},
            {"type": "LineString", "coordinates": [[-1, 5], [3, 30]]},
        ],
    }
    facts = verify.file_facts(_write(tmp_path / "gc.geojson", _collection(gc)))
    assert facts["geometry_type"] == "GeometryCollection"
    assert facts["bbox"] == [-1.0, 5.0, 10.0, 30.0]


def test_the_parse_runs_once_per_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = verify._parse_facts

    def counting(data: bytes) -> Any:
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(verify, "_parse_facts", counting)
    a = _write(tmp_path / "a.geojson", _collection({"type": "Point", "coordinates": [1, 2]}))
    b = tmp_path / "b.geojson"
    b.write_bytes(a.read_bytes())  # another path, the same content: no second parse
    first = verify.file_facts(a)
    assert verify.file_facts(a) == first == verify.file_facts(b)
    assert len(calls) == 1
    first["bbox"].append(99.0)  # a caller's dict is its own
    assert verify.file_facts(a)["bbox"] == [1.0, 2.0, 1.0, 2.0]


def test_cached_verification_still_catches_a_modified_file(tmp_path: Path) -> None:
    """A same-size edit with the modification time put back is still refused."""
    good = _collection({"type": "LineString", "coordinates": [[30.0, 48.0], [31.0, 49.0]]})
    path = _write(tmp_path / "layer.geojson", good)
    facts = verify.file_facts(path)
    entry = _Entry(path, facts["sha256"], 1, "LineString", (30.0, 48.0, 31.0, 49.0))
    assert verify.verify_layer(entry) == []
    assert verify.verify_layer(entry) == []  # served from the cache
    stat = path.stat()
    edited = path.read_text(encoding="utf-8").replace("31.0, 49.0", "32.0, 49.0")
    assert len(edited) == stat.st_size
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # size and mtime as before
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    problems = verify.verify_layer(entry)
    assert problems and problems[0].startswith("checksum")
    assert any(p.startswith("bbox [30.0, 48.0, 32.0, 49.0]") for p in problems)


def test_a_bundled_layer_edited_in_place_is_refused(tmp_path: Path) -> None:
    source = layers.get("tumen")
    layer = source.__class__(**{**source.__dict__, "root": tmp_path})
    (tmp_path / source.file).write_bytes(source.path.read_bytes())
    layer.verify()  # a faithful copy verifies (and fills the cache)
    data = bytearray((tmp_path / source.file).read_bytes())
    i = data.index(b"1")
    data[i : i + 1] = b"2"  # one digit: same size
    (tmp_path / source.file).write_bytes(bytes(data))
    with pytest.raises(LayerError, match="checksum"):
        layer.verify()
    with pytest.raises(LayerError, match="checksum"):
        layer.read()


def test_the_cache_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verify, "_CACHE_SIZE", 2)
    paths = [
        _write(tmp_path / f"{i}.geojson", _collection({"type": "Point", "coordinates": [i, 0]}))
        for i in range(3)
    ]
    for p in paths:
        verify.file_facts(p)
    assert len(verify._FACTS) == 2
    assert verify.file_facts(paths[0])["bbox"] == [0.0, 0.0, 0.0, 0.0]


@pytest.mark.parametrize(
    "content",
    [b"not json", b'{"type": "Feature"}', b"\xff\xfe", b'{"features": [{"geometry": 3}]}'],
)
def test_unreadable_files_are_one_layer_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.geojson"
    path.write_bytes(content)
    with pytest.raises(LayerError, match="cannot read layer file"):
        verify.file_facts(path)
    with pytest.raises(LayerError, match="cannot read layer file"):
        verify.file_facts(tmp_path / "missing.geojson")
