"""Tests for geo.export: layers and derived results to GeoJSON, GeoPackage, FlatGeobuf."""

from __future__ import annotations

import json
from pathlib import Path

import pyogrio
import pytest
import shapely
from shapely.geometry import MultiPolygon, box, mapping

from geo.errors import SourceError
from geo.export import FORMATS, export, to_geodataframe
from geo.front import derive_front
from geo.sources import read_deepstate, read_source
from geo.timeline import changes, frames

COUNTRY = box(30.0, 45.0, 40.0, 52.0)


def _snapshot(path: Path, geom: shapely.Geometry) -> Path:
    path.write_text(json.dumps(mapping(geom)), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".fgb"])
def test_layer_round_trip(tmp_path: Path, suffix: str) -> None:
    from geo.layers import get

    layer = get("kursk-pocket-2024-08-20")
    original = layer.read().to_crs(4326)
    for obj in (layer, "kursk-pocket-2024-08-20"):
        out = export(obj, tmp_path / f"pocket{suffix}")
        back = pyogrio.read_dataframe(out)
        assert len(back) == len(original)
        a = shapely.union_all(back.to_crs(4326).geometry.values)
        b = shapely.union_all(original.geometry.values)
        assert a.symmetric_difference(b).area < 1e-10


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_derived_results(tmp_path: Path, suffix: str) -> None:
    front = derive_front(box(36.0, 45.0, 40.0, 48.0), COUNTRY)
    a = _snapshot(tmp_path / "occ_20240101.geojson", box(36.0, 45.0, 40.0, 48.0))
    b = _snapshot(tmp_path / "occ_20240102.geojson", box(35.9, 45.0, 40.0, 48.0))
    for name, obj, rows in [
        ("front", front, len(front.segments)),
        ("snapshot", read_source(a), 1),
        ("changes", changes(a, b), 2),
        ("frames", list(frames([a, b])), 2),
        ("geometry", box(30, 48, 31, 49), 1),
    ]:
        out = export(obj, tmp_path / f"{name}{suffix}")
        back = pyogrio.read_dataframe(out)
        assert len(back) == rows, name
        assert back.crs is None or back.crs.to_epsg() == 4326
    front_back = pyogrio.read_dataframe(tmp_path / f"front{suffix}")
    assert front_back["length_km"].sum() == pytest.approx(front.total_length.km, rel=1e-6)


def test_deepstate_classes(tmp_path: Path) -> None:
    ring = [[36, 47, 0], [37, 47, 0], [37, 48, 0], [36, 47, 0]]
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "x /// Occupied /// geoJSON.status.occupied"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ],
    }
    ds = read_deepstate(doc, require_date=False)
    gdf = to_geodataframe(ds)
    assert gdf["status"].tolist() == ["occupied", "liberated", "unknown"]
    out = export(ds, tmp_path / "classes.gpkg")
    assert len(pyogrio.read_dataframe(out)) == 3


def test_errors_and_atomicity(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="suffix"):
        export(box(0, 0, 1, 1), tmp_path / "x.txt")
    with pytest.raises(SourceError, match="unsupported driver"):
        export(box(0, 0, 1, 1), tmp_path / "x.geojson", driver="KML")
    with pytest.raises(SourceError, match="cannot export a object"):
        export(object(), tmp_path / "x.geojson")
    with pytest.raises(SourceError, match="folder does not exist"):
        export(box(0, 0, 1, 1), tmp_path / "missing" / "x.fgb")
    # a failed write keeps the previous file intact and leaves no temporary file behind
    target = tmp_path / "keep.geojson"
    export(box(0, 0, 1, 1), target)
    before = target.read_bytes()
    with pytest.raises(SourceError):
        export(MultiPolygon(), target)  # nothing to write
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.geojson"]
