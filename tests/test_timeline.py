"""Tests for geo.timeline and ``frontline timeline``.

A small synthetic folder (made in ``tmp_path``) has known areas and changes; the same run
goes through the in-process path, local processes and a Dask ``LocalCluster``, which must
all give the same rows. The slow acceptance test runs all 708 real daily snapshots.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import shapely
from conftest import require
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, proc: subprocess.Popen, log: Path, timeout_s: float) -> None:
    """Wait (bounded) until ``port`` accepts connections; fail if ``proc`` exits first."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"dask scheduler exited ({proc.returncode}): {log.read_text()[-2000:]}")
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail(f"dask scheduler not listening after {timeout_s} s: {log.read_text()[-2000:]}")


def _stop(proc: subprocess.Popen) -> None:
    """Stop a process this test started: SIGTERM, then SIGKILL after 15 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


@pytest.fixture()
def dask_processes(tmp_path: Path, repo_root: Path):
    """A ``dask scheduler`` and a ``dask worker`` as separate processes on 127.0.0.1.

    Random free ports, bounded waits; both processes are stopped at the end, also when the
    test fails.
    """
    require(
        importlib.util.find_spec("distributed") is not None,
        "dask.distributed (the dask scheduler / dask worker commands)",
    )
    import distributed

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path / "scheduler.log", tmp_path / "worker.log"
    procs: list[subprocess.Popen] = []
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    try:
        with logs[0].open("wb") as out:
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "dask",
                        "scheduler",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--no-dashboard",
                        "--no-show",
                    ],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    cwd=repo_root,
                    env=env,
                )
            )
        _wait_for_port(port, procs[0], logs[0], timeout_s=60)
        with logs[1].open("wb") as out:
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "dask",
                        "worker",
                        address,
                        "--host",
                        "127.0.0.1",
                        "--nworkers",
                        "1",
                        "--nthreads",
                        "2",
                        "--no-dashboard",
                        "--local-directory",
                        str(tmp_path / "dask-worker"),
                    ],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    cwd=repo_root,
                    env=env,
                )
            )
        with distributed.Client(address, timeout="30s") as client:
            client.wait_for_workers(1, timeout=60)
            pids = client.run(os.getpid)  # {worker address: its process id}
        assert len(pids) == 1
        # the worker runs in another process, not this one nor the scheduler
        assert set(pids.values()).isdisjoint({os.getpid(), procs[0].pid})
        yield address
    finally:
        for proc in reversed(procs):
            _stop(proc)


def test_dask_scheduler_and_worker_as_separate_processes(
    dask_processes: str, shared_data: Path
) -> None:
    files = sorted((shared_data / "deepstate-daily").glob("deepstatemap_data_2025080*.geojson"))
    assert len(files) >= 5
    inline = timeline(files, workers=1, country="UKR", chunk_size=2)
    remote = timeline(files, scheduler=dask_processes, country="UKR", chunk_size=2)
    assert remote.rows == inline.rows
    assert remote.parameters["scheduler"] == dask_processes
    assert [r["status"] for r in remote.rows] == ["ok"] * len(files)


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


# --------------------------------------------------------------------------- one-pass change


def _two_differences(new: shapely.Geometry, old: shapely.Geometry) -> tuple[float, float]:
    from geo.timeline.measures import clean_area_km2

    return clean_area_km2(new.difference(old)), clean_area_km2(old.difference(new))


def _wobbly(seed: int, n: int = 400) -> shapely.Geometry:
    """A star-shaped polygon with a hole and an island, ~200 km across, many vertices."""
    import numpy as np

    rng = np.random.default_rng(seed)
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    r = 1.0 + 0.05 * rng.standard_normal(n)
    outer = shapely.Polygon(np.column_stack([37 + 1.4 * r * np.cos(t), 48 + r * np.sin(t)]))
    return shapely.union_all(
        [outer.difference(box(36.9, 47.9, 37.1, 48.1)), box(40, 46, 40.3, 46.2)]
    )


def _edited(geom: shapely.Geometry, seed: int) -> shapely.Geometry:
    """``geom`` with local changes on its outline: a bite at one vertex, a bulge at another."""
    import numpy as np

    rng = np.random.default_rng(seed)
    outline = max(geom.geoms, key=lambda g: g.area).exterior.coords
    i, j = (int(k) for k in rng.choice(len(outline) - 1, size=2, replace=False))
    bite = shapely.Point(outline[i]).buffer(0.08)
    bulge = shapely.Point(outline[j]).buffer(0.05)
    return shapely.union_all([geom.difference(bite), bulge])


@pytest.mark.parametrize("seed", range(6))
def test_one_pass_gained_and_lost_equal_two_differences(seed: int) -> None:
    from geo.timeline.measures import change_areas

    old = _wobbly(seed)
    new = _edited(old, seed + 100)
    gained, lost = change_areas(new, old)
    want_gained, want_lost = _two_differences(new, old)
    assert gained > 0 and lost > 0
    assert gained == pytest.approx(want_gained, rel=1e-9, abs=1e-9)
    assert lost == pytest.approx(want_lost, rel=1e-9, abs=1e-9)
    assert change_areas(old, new) == pytest.approx((lost, gained), rel=1e-9)


@pytest.mark.parametrize(
    ("new", "old"),
    [
        (BASE, BASE),  # identical: no overlay at all
        (box(36.0, 47.0, 38.0, 48.0), shapely.Polygon([(38, 47), (38, 48), (36, 48), (36, 47)])),
        (shapely.union_all([BASE, GROWTH]), BASE),  # a part grown
        (BASE, shapely.union_all([BASE, box(39, 47, 39.5, 47.5)])),  # an island gone
        (box(30, 45, 31, 46), BASE),  # disjoint
        (BASE.difference(box(36.5, 47.2, 36.7, 47.4)), BASE),  # a hole appears
        (shapely.Polygon(), BASE),  # everything lost
    ],
)
def test_one_pass_change_on_edge_cases(new: shapely.Geometry, old: shapely.Geometry) -> None:
    from geo.timeline.measures import change_areas

    got = change_areas(new, old)
    assert got == pytest.approx(_two_differences(new, old), rel=1e-9, abs=1e-9)


def test_one_pass_change_on_real_consecutive_days(shared_data: Path) -> None:
    from geo.sources import find_snapshots, read_source
    from geo.timeline.measures import change_areas

    files = find_snapshots(shared_data / "deepstate-daily")[:12]
    snaps = [read_source(f).occupied for f in files]
    for i in range(1, len(snaps)):
        old, new = snaps[i - 1], snaps[i]
        assert change_areas(new, old) == pytest.approx(
            _two_differences(new, old), rel=1e-9, abs=1e-6
        )
