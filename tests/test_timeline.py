"""Tests for geo.timeline and ``frontline timeline``.

A small synthetic folder (made in ``tmp_path``) has known areas and changes; the same run
goes through the in-process path, local processes and a Dask ``LocalCluster``, which must
all give the same rows. The slow acceptance test runs all 708 real daily snapshots.
"""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest
import shapely
from geographiclib.geodesic import Geodesic
from shapely.geometry import box, mapping

from geo.cli import main
from geo.errors import SourceError, UsageError
from geo.timeline import COLUMNS, Frame, Timeline, changes, frames, timeline

# inside Ukraine (Donetsk/Zaporizhzhia area), so the real countries layer can be used
BASE = box(36.0, 47.0, 38.0, 48.0)
GROWTH = box(35.8, 47.3, 36.0, 47.6)  # gained on day 3
LOSS = box(37.5, 47.8, 38.0, 48.0)  # lost on day 4


def _area_km2(geom: shapely.Geometry) -> float:
    total = 0.0
    for poly in getattr(geom, "geoms", [geom]):
        pa = Geodesic.WGS84.Polygon()
        for x, y in list(poly.exterior.coords)[:-1]:
            pa.AddPoint(y, x)
        total += abs(pa.Compute(False, True)[2])
    return total / 1e6


def _snapshot(path: Path, geom: shapely.Geometry) -> Path:
    doc = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {}, "geometry": mapping(geom)}],
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    day3 = shapely.union_all([BASE, GROWTH])
    _snapshot(tmp_path / "deepstatemap_data_20240101.geojson", BASE)
    _snapshot(tmp_path / "deepstatemap_data_20240102.geojson", BASE)
    # day 3 is unusable: the timeline must say so and compare day 4 with day 2
    (tmp_path / "deepstatemap_data_20240103.geojson").write_text("{oops", encoding="utf-8")
    _snapshot(tmp_path / "deepstatemap_data_20240104.geojson", day3)
    _snapshot(tmp_path / "deepstatemap_data_20240105.geojson", day3.difference(LOSS))
    _snapshot(tmp_path / "occupied_without_date.geojson", BASE)
    return tmp_path


def _by_date(tl: Timeline) -> dict[str | None, dict]:
    return {r["date"]: r for r in tl.rows}


def test_rows_changes_and_bad_files(folder: Path) -> None:
    tl = timeline(folder, workers=1, country="UKR")
    rows = _by_date(tl)
    assert [r["date"] for r in tl.rows] == [
        "2024-01-01",
        "2024-01-02",
        "2024-01-03",
        "2024-01-04",
        "2024-01-05",
        None,
    ]
    assert rows["2024-01-01"]["status"] == "ok" and "gained_km2" not in rows["2024-01-01"]
    assert rows["2024-01-01"]["occupied_area_km2"] == pytest.approx(_area_km2(BASE), rel=1e-6)
    assert rows["2024-01-02"]["gained_km2"] == 0 and rows["2024-01-02"]["net_km2"] == 0
    bad = rows["2024-01-03"]
    assert bad["status"] == "error" and "not valid JSON" in bad["error"]
    assert "deepstatemap_data_20240103.geojson" in bad["error"]
    day4 = rows["2024-01-04"]
    assert day4["previous_date"] == "2024-01-02" and day4["days_since_previous"] == 2
    assert day4["gained_km2"] == pytest.approx(_area_km2(GROWTH), rel=1e-4)
    assert day4["lost_km2"] == pytest.approx(0.0, abs=1e-6)
    day5 = rows["2024-01-05"]
    assert day5["lost_km2"] == pytest.approx(_area_km2(LOSS), rel=1e-4)
    assert day5["net_km2"] == pytest.approx(-day5["lost_km2"], rel=1e-9)
    assert day5["front_main_km"] > day5["front_main_km_simplified"] > 0
    assert day5["tolerance_km"] == 1.0
    undated = rows[None]
    assert undated["status"] == "error" and "unparseable date" in undated["error"]
    assert tl.missing_dates == ["2024-01-03"]
    assert {e["file"] for e in tl.errors} == {
        "deepstatemap_data_20240103.geojson",
        "occupied_without_date.geojson",
    }


def test_outputs_csv_json_png(folder: Path, tmp_path: Path) -> None:
    tl = timeline(folder, workers=1, country="UKR")
    text = tl.to_csv()
    table = list(csv.DictReader(io.StringIO(text)))
    assert tuple(table[0]) == COLUMNS
    assert table[0]["date"] == "2024-01-01" and float(table[0]["occupied_area_km2"]) > 0
    assert table[2]["status"] == "error" and table[2]["occupied_area_km2"] == ""
    doc = tl.to_dict()
    json.dumps(doc, allow_nan=False)  # strict JSON
    assert doc["missing_dates"] == ["2024-01-03"] and len(doc["errors"]) == 2
    out = tmp_path / "out"
    out.mkdir()
    assert tl.write(out / "t.csv").read_text(encoding="utf-8") == text
    assert json.loads((tl.write(out / "t.json")).read_text(encoding="utf-8"))["rows"]
    png = tl.write(out / "t.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(UsageError, match=r"\.csv, \.json or \.png"):
        tl.write(out / "t.txt")


def test_local_processes_give_the_same_rows(folder: Path) -> None:
    inline = timeline(folder, workers=1, country="UKR", chunk_size=2)
    pooled = timeline(folder, workers=2, country="UKR", chunk_size=2)
    assert pooled.rows == inline.rows
    assert pooled.parameters["workers"] == 2


def test_dask_local_cluster_same_code_path(folder: Path) -> None:
    distributed = pytest.importorskip("distributed")
    inline = timeline(folder, workers=1, country="UKR", chunk_size=2)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        with distributed.Client(cluster) as client:
            via_client = timeline(folder, client=client, country="UKR", chunk_size=2)
        via_address = timeline(folder, scheduler=cluster.scheduler_address, country="UKR")
    assert via_client.rows == inline.rows
    assert via_address.rows == inline.rows
    assert via_address.parameters["scheduler"] == cluster.scheduler_address


def test_bad_arguments(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("geo.timeline.executors.SCHEDULER_TIMEOUT_S", 1.0)
    with pytest.raises(UsageError, match="workers"):
        timeline(folder, workers=0)
    with pytest.raises(UsageError, match="not both"):
        timeline(folder, workers=2, scheduler="tcp://127.0.0.1:1")
    with pytest.raises(UsageError, match="tolerance_km"):
        timeline(folder, tolerance_km=-1)
    with pytest.raises(SourceError, match="no snapshot files"):
        timeline(str(folder / "*.kml"))
    with pytest.raises(UsageError, match="cannot connect"):
        timeline(folder, scheduler="tcp://127.0.0.1:9")


def test_frames_for_a_time_slider(folder: Path, capsys) -> None:
    got = list(frames(folder, tolerance_km=5.0))
    assert [f.date.isoformat() for f in got] == [
        "2024-01-01",
        "2024-01-02",
        "2024-01-04",
        "2024-01-05",
    ]
    assert all(isinstance(f, Frame) for f in got)
    assert got[0].area_km2 == pytest.approx(_area_km2(BASE), rel=1e-6)
    feature = got[2].to_feature()
    assert feature["properties"]["date"] == "2024-01-04"
    err = capsys.readouterr().err
    assert "deepstatemap_data_20240103.geojson" in err and "occupied_without_date" in err
    with pytest.raises(SourceError):
        list(frames(folder, on_error="raise"))


def test_changes_between_two_dates(folder: Path) -> None:
    gdf = changes(
        folder / "deepstatemap_data_20240102.geojson", folder / "deepstatemap_data_20240105.geojson"
    )
    assert gdf["change"].tolist() == ["gained", "lost"]
    assert gdf.crs.to_epsg() == 4326
    gained, lost = gdf.iloc[0], gdf.iloc[1]
    assert (gained["date_from"], gained["date_to"]) == ("2024-01-02", "2024-01-05")
    assert gained["area_km2"] == pytest.approx(_area_km2(GROWTH), rel=1e-4)
    assert lost["area_km2"] == pytest.approx(_area_km2(LOSS), rel=1e-4)
    assert gained.geometry.symmetric_difference(GROWTH).area < 1e-9


def test_cli_timeline(folder: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "timeline.csv"
    chart = tmp_path / "timeline.png"
    code = main(
        ["timeline", str(folder), "--out", str(out), "--chart", str(chart), "--workers", "1"]
    )
    assert code == 1  # output written, but one file was unusable
    captured = capsys.readouterr()
    assert "deepstatemap_data_20240103.geojson" in captured.err and "date missing" in captured.err
    assert "4 snapshot(s) measured, 2 unusable" in captured.out
    assert out.read_text(encoding="utf-8").startswith("date,status,file,")
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert (
        main(
            [
                "timeline",
                str(folder / "deepstatemap_data_2024010[12].geojson"),
                "--json",
                "--workers",
                "1",
            ]
        )
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert [r["date"] for r in doc["rows"]] == ["2024-01-01", "2024-01-02"]
    assert doc["method"] == "geodesic-wgs84" and doc["errors"] == []


@pytest.mark.slow
def test_all_708_daily_snapshots(shared_data: Path) -> None:
    start = time.perf_counter()
    tl = timeline(shared_data / "deepstate-daily", workers=2, country="UKR")
    elapsed = time.perf_counter() - start
    print(f"\n708-file timeline on 2 workers: {elapsed:.1f} s")  # measured, not asserted
    assert len(tl.rows) == 708 and tl.errors == []
    rows = tl.rows
    assert rows[0]["date"] == "2024-07-08" and rows[-1]["date"] == "2026-08-22"
    assert all(r["status"] == "ok" for r in rows)
    assert all(100_000 < r["occupied_area_km2"] < 125_000 for r in rows)
    assert all(800 < r["front_main_km"] < 1400 for r in rows)
    # the 2024-10-14..12-13 gap in the data shows as one long step
    gap = next(r for r in rows if r["date"] == "2024-12-14")
    assert gap["previous_date"] == "2024-10-13" and gap["days_since_previous"] == 62
    # net changes chain up: sum of nets = last area - first area (same geometry algebra)
    net = sum(r["net_km2"] for r in rows[1:])
    assert net == pytest.approx(
        rows[-1]["occupied_area_km2"] - rows[0]["occupied_area_km2"], abs=1.0
    )
