"""Tests for geo.cache: the build cache's folder, digests and entry format."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import numpy as np
import pytest
import shapely

from geo import cache


def test_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    assert cache.folder("layers") == tmp_path / "layers"
    for off in ("off", "0", "no", "FALSE"):
        monkeypatch.setenv(cache.ENV, off)
        assert cache.folder("layers") is None
    monkeypatch.delenv(cache.ENV)
    drawn = cache.folder("drawn")
    assert drawn is not None and drawn.parts[-2:] == ("prepared", "drawn")


def test_entries_round_trip_exactly(tmp_path: Path) -> None:
    arrays = {"f": np.array([0.1, 1e-300, np.nan]), "i": np.arange(5, dtype=np.int32)}
    assert cache.write_entry(tmp_path / "e.npz", {"k": "Київ", "n": [1, 2.5]}, arrays)
    found = cache.read_entry(tmp_path / "e.npz")
    assert found is not None
    meta, back = found
    assert meta == {"k": "Київ", "n": [1, 2.5]}
    np.testing.assert_array_equal(back["f"], arrays["f"])
    assert back["i"].dtype == np.int32
    assert [p.name for p in tmp_path.iterdir()] == ["e.npz"]  # no temporary file left


def test_packed_arrays_keep_dtype_shape_values_and_stay_writable(tmp_path: Path) -> None:
    arrays = {
        "u8": np.arange(7, dtype=np.uint8),
        "f": np.asfortranarray(np.arange(6.0).reshape(2, 3)),
        "empty": np.zeros(0, dtype=np.float64),
        "scalar": np.array(2.5),
        "text": np.array(["a", "Київ"]),
        "bytes": np.array([b"x", b"yz"]),
        "when": np.array(["2024-11-13"], dtype="datetime64[D]"),
        "flags": np.array([True, False]),
        "rec": np.array([(1, 2.0)], dtype=[("i", "i4"), ("f", "f8")]),  # kept as a member
    }
    cache.write_entry(tmp_path / "e.npz", {}, arrays)
    with zipfile.ZipFile(tmp_path / "e.npz") as z:
        assert sorted(z.namelist()) == ["data.npy", "index.npy", "meta.npy", "rec.npy"]
    found = cache.read_entry(tmp_path / "e.npz")
    assert found is not None
    _, back = found
    assert back.keys() == arrays.keys()
    for name, value in arrays.items():
        assert back[name].dtype == value.dtype and back[name].shape == value.shape, name
        np.testing.assert_array_equal(back[name], value)
        assert back[name].flags.writeable, name
    back["u8"][:] = 0  # views of one block: writing one array leaves the others alone
    assert back["f"].tolist() == arrays["f"].tolist()


@pytest.mark.parametrize(
    "index",
    [
        {"x": ["<f8", [100], 0]},  # runs past the block
        {"x": ["|O", [1], 0]},  # an object dtype
        {"x": ["<f8", [-1], 0]},  # a negative shape
        {"x": ["<f8", [1], -8]},  # a negative offset
    ],
)
def test_a_bad_packed_index_is_a_miss(tmp_path: Path, index: dict[str, list[object]]) -> None:
    buf = io.BytesIO()
    np.savez(
        buf,
        meta=np.frombuffer(b"{}", dtype=np.uint8),
        index=np.frombuffer(json.dumps(index).encode(), dtype=np.uint8),
        data=np.zeros(16, dtype=np.uint8),
    )
    (tmp_path / "bad.npz").write_bytes(buf.getvalue())
    assert cache.read_entry(tmp_path / "bad.npz") is None


def test_a_damaged_or_foreign_entry_is_a_miss_and_runs_no_code(tmp_path: Path) -> None:
    good = tmp_path / "good.npz"
    cache.write_entry(good, {"k": 1}, {"x": np.arange(3)})
    (tmp_path / "cut.npz").write_bytes(good.read_bytes()[:100])
    (tmp_path / "text.npz").write_text("not a zip")
    assert cache.read_entry(tmp_path / "cut.npz") is None
    assert cache.read_entry(tmp_path / "text.npz") is None
    # An object array (what a pickle payload needs) is refused, never unpickled.
    buf = io.BytesIO()
    np.savez(buf, meta=np.frombuffer(b"{}", dtype=np.uint8), x=np.array([{"a": 1}], dtype=object))
    (tmp_path / "pickle.npz").write_bytes(buf.getvalue())
    assert cache.read_entry(tmp_path / "pickle.npz") is None
    # A meta that is not a JSON object is refused too.
    with zipfile.ZipFile(tmp_path / "list.npz", "w") as z:
        one = io.BytesIO()
        np.save(one, np.frombuffer(b"[1]", dtype=np.uint8))
        z.writestr("meta.npy", one.getvalue())
    assert cache.read_entry(tmp_path / "list.npz") is None


def test_an_unwritable_folder_costs_only_the_entry(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert cache.write_entry(blocker / "sub" / "e.npz", {}, {}) is False


def test_file_digest_sees_every_change(tmp_path: Path) -> None:
    path = tmp_path / "a.geojson"
    path.write_bytes(b"0123456789")
    first = cache.file_digest(path)
    stat = path.stat()
    path.write_bytes(b"0123456780")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # mtime put back
    assert cache.file_digest(path) != first
    path.write_bytes(b"0123456789")
    assert cache.file_digest(path) == first


def test_code_digest_is_stable_hex() -> None:
    assert cache.code_digest() == cache.code_digest()
    assert len(cache.code_digest()) == 64 and int(cache.code_digest(), 16) >= 0


def test_wkb_packing_keeps_geometries_exactly() -> None:
    geoms = np.array(
        [
            shapely.Point(30.123456789012345, 50.1),
            None,
            shapely.Polygon(),
            shapely.from_wkt("MULTILINESTRING ((0 0, 1 1), (2 2, 3 3.000000000000001))"),
        ],
        dtype=object,
    )
    blob, ends = cache.pack_wkb(geoms)
    back = cache.unpack_wkb(blob, ends)
    assert back[1] is None and back[2].is_empty
    for a, b in zip(geoms[[0, 3]], back[[0, 3]], strict=True):
        assert shapely.to_wkb(a) == shapely.to_wkb(b)
    with pytest.raises(ValueError):
        cache.unpack_wkb(blob, np.array([5, 3, 2, 1]))


def test_prune_keeps_the_newest(tmp_path: Path) -> None:
    for i in range(5):
        p = tmp_path / f"{i}.npz"
        p.write_text("x")
        os.utime(p, ns=(i * 10**9, i * 10**9))
    cache.prune(tmp_path, "*.npz", 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["3.npz", "4.npz"]
