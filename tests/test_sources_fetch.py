"""Tests for geo.sources.fetch / cache / probe / refs and ``frontline fetch deepstate``.

Network-loopback tests: every request goes to :class:`helpers.http_server.SnapshotServer`
on 127.0.0.1, serving the shared daily files (``../shared/data/deepstate-daily``, read in
place) in the upstream layout. No real network. The cache is always a ``tmp_path`` folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import socket
from pathlib import Path

import pytest
from helpers.http_server import SnapshotServer

from geo.cli import main
from geo.errors import SourceError, UsageError
from geo.sources import (
    DEEPSTATE_CREDIT,
    DEEPSTATE_NOTICE,
    SnapshotCache,
    fetch_deepstate,
    find_snapshots,
    read_source,
    resolve_snapshot_ref,
)
from geo.sources.cache import snapshot_name
from geo.sources.refs import parse_snapshot_ref
from geo.timeline import timeline

FAST = {"backoff_s": 0.0, "progress": False}
MONTH = ("2024-07-08", "2024-08-06")  # 30 consecutive dates, all published


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI uses the library defaults: no waiting between retries in tests."""
    monkeypatch.setattr("geo.sources.fetch.BACKOFF_S", 0.0)
    monkeypatch.delenv("FRONTLINE_CACHE", raising=False)
    monkeypatch.delenv("FRONTLINE_DEEPSTATE_URL", raising=False)


@pytest.fixture()
def daily(shared_data: Path) -> Path:
    return shared_data / "deepstate-daily"


@pytest.fixture()
def server(daily: Path):
    with SnapshotServer(daily) as srv:
        yield srv


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _snapshots_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("deepstatemap_data_*.geojson"))


def _closed_port_url() -> str:
    """A loopback URL nothing listens on (offline)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def _assert_cache_matches(cache: Path, daily: Path) -> None:
    """Every cached snapshot is byte-identical to the served file (nothing bad cached)."""
    for name in _snapshots_in(cache):
        assert _sha(cache / name) == _sha(daily / name), name


# --------------------------------------------------------------------------- acceptance


def test_cold_fetch_of_30_dates_then_warm_rerun_transfers_no_body(
    server: SnapshotServer, daily: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cold = fetch_deepstate(since=MONTH[0], until=MONTH[1], cache=cache, base_url=server.url, **FAST)
    assert cold.counts() == {"downloaded": 30}
    assert cold.notice == DEEPSTATE_NOTICE and cold.credit == DEEPSTATE_CREDIT
    assert len(_snapshots_in(cache)) == 30
    _assert_cache_matches(cache, daily)
    assert cold.bytes_downloaded == server.body_bytes > 30 * 50_000
    # sidecars keep the validators, hidden so a timeline over the cache does not see them
    meta = json.loads((cache / f".{snapshot_name(dt.date(2024, 7, 8))}.http.json").read_text())
    assert meta["etag"].startswith('"') and meta["last_modified"].endswith("GMT")
    assert len(find_snapshots(cache)) == 30

    server.reset_counts()
    warm = fetch_deepstate(since=MONTH[0], until=MONTH[1], cache=cache, base_url=server.url, **FAST)
    assert warm.counts() == {"not-modified": 30}
    assert server.body_bytes == 0 and warm.bytes_downloaded == 0
    assert server.statuses == [304] * 30
    assert warm.notice is None  # the notice is shown on first use only


def test_if_modified_since_alone_also_gives_304(server: SnapshotServer, tmp_path: Path) -> None:
    fetch_deepstate(date="2024-07-10", cache=tmp_path, base_url=server.url, **FAST)
    sidecar = tmp_path / f".{snapshot_name(dt.date(2024, 7, 10))}.http.json"
    meta = json.loads(sidecar.read_text())
    meta["etag"] = None
    sidecar.write_text(json.dumps(meta))
    server.reset_counts()
    again = fetch_deepstate(date="2024-07-10", cache=tmp_path, base_url=server.url, **FAST)
    assert again.items[0].status == "not-modified" and server.body_bytes == 0


def test_server_failing_half_the_requests_is_retried(
    server: SnapshotServer, daily: Path, tmp_path: Path
) -> None:
    server.fault = "flaky"  # requests 1, 3, 5, ... answer 500
    report = fetch_deepstate(
        since=MONTH[0], until=MONTH[1], cache=tmp_path, base_url=server.url, **FAST
    )
    assert report.counts() == {"downloaded": 30} and report.problems == []
    assert server.statuses.count(500) == 30 and server.statuses.count(200) == 30
    _assert_cache_matches(tmp_path, daily)


def test_without_retries_the_rest_succeed_and_nothing_bad_is_cached(
    server: SnapshotServer, daily: Path, tmp_path: Path, capsys
) -> None:
    server.fault = "flaky"
    report = fetch_deepstate(
        since=MONTH[0], until=MONTH[1], cache=tmp_path, base_url=server.url, retries=0, **FAST
    )
    assert report.counts() == {"downloaded": 15, "failed": 15}
    assert all("server error 500" in (i.note or "") for i in report.problems)
    assert len(_snapshots_in(tmp_path)) == 15
    _assert_cache_matches(tmp_path, daily)


# --------------------------------------------------------------------------- bad answers


@pytest.mark.parametrize(
    ("fault", "match"),
    [
        ("500", "server error 500"),
        ("html", "HTML, not GeoJSON"),
        ("truncate", "not a valid snapshot.*truncated"),
        ("short", "transfer failed"),
        ("timeout", "timed out after 0.3 s"),
    ],
)
def test_bad_server_answers_for_one_date(
    server: SnapshotServer, tmp_path: Path, fault: str, match: str
) -> None:
    server.fault = fault
    server.delay_s = 2.0
    with pytest.raises(SourceError, match=match):
        fetch_deepstate(
            date="2024-07-20", cache=tmp_path, base_url=server.url, timeout_s=0.3, retries=1, **FAST
        )
    assert _snapshots_in(tmp_path) == []
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("fault", ["html", "truncate", "500"])
def test_a_bad_download_never_replaces_a_good_cached_file(
    server: SnapshotServer, daily: Path, tmp_path: Path, fault: str
) -> None:
    fetch_deepstate(date="2024-07-20", cache=tmp_path, base_url=server.url, **FAST)
    name = snapshot_name(dt.date(2024, 7, 20))
    sidecar = tmp_path / f".{name}.http.json"
    meta = json.loads(sidecar.read_text())
    meta.update(etag='"stale"', last_modified=None)  # the server will send a body again
    sidecar.write_text(json.dumps(meta))
    server.fault = fault
    report = fetch_deepstate(
        date="2024-07-20", cache=tmp_path, base_url=server.url, retries=1, **FAST
    )
    item = report.items[0]
    assert item.status == "cached" and "using the cached file" in (item.note or "")
    assert _sha(tmp_path / name) == _sha(daily / name)


def test_a_corrupt_cached_file_is_fetched_again_never_used(
    server: SnapshotServer, daily: Path, tmp_path: Path
) -> None:
    fetch_deepstate(date="2024-07-21", cache=tmp_path, base_url=server.url, **FAST)
    name = snapshot_name(dt.date(2024, 7, 21))
    good = (daily / name).read_bytes()
    (tmp_path / name).write_bytes(good[: len(good) // 3])  # truncated on disk
    cache = SnapshotCache(tmp_path)
    assert cache.valid(dt.date(2024, 7, 21)) is None
    server.reset_counts()
    report = fetch_deepstate(date="2024-07-21", cache=tmp_path, base_url=server.url, **FAST)
    assert report.items[0].status == "downloaded"
    assert ("GET", f"/data/{name}") in server.requests and 304 not in server.statuses
    assert _sha(tmp_path / name) == _sha(daily / name)
    # the reference resolver re-fetches too (it uses a valid cached file without asking)
    (tmp_path / name).write_text("{oops", encoding="utf-8")
    path = resolve_snapshot_ref("deepstate:2024-07-21", cache=tmp_path, base_url=server.url)
    assert _sha(path) == _sha(daily / name)


def test_404_names_the_nearest_available_dates(server: SnapshotServer, tmp_path: Path) -> None:
    # the data has no 2024-10-14..2024-12-13 (61 days): found by bounded HEAD probes
    with pytest.raises(SourceError) as err:
        fetch_deepstate(date="2024-11-20", cache=tmp_path, base_url=server.url, **FAST)
    assert "404" in str(err.value) and "nearest available: 2024-10-13, 2024-12-14" in str(err.value)
    heads = [r for r in server.requests if r[0] == "HEAD"]
    assert 0 < len(heads) <= 40
    assert _snapshots_in(tmp_path) == []
    with pytest.raises(SourceError, match="nearest available: 2024-08-17, 2024-08-20"):
        fetch_deepstate(date="2024-08-18", cache=tmp_path, base_url=server.url, **FAST)


def test_a_range_lists_dates_missing_upstream(server: SnapshotServer, tmp_path: Path) -> None:
    report = fetch_deepstate(
        since="2024-08-15", until="2024-08-21", cache=tmp_path, base_url=server.url, **FAST
    )
    missing = [i.date.isoformat() for i in report.items if i.status == "missing"]
    assert missing == ["2024-08-18", "2024-08-19"] and report.problems == []
    assert len(report.paths) == 5


def test_latest_probes_back_from_today(server: SnapshotServer, tmp_path: Path) -> None:
    report = fetch_deepstate(
        latest=True, cache=tmp_path, base_url=server.url, today=dt.date(2026, 8, 25), **FAST
    )
    assert [i.date for i in report.items] == [dt.date(2026, 8, 22)]
    assert [r[0] for r in server.requests] == ["HEAD"] * 4 + ["GET"]
    with pytest.raises(SourceError, match=r"no snapshot at .* in the 14 days up to 2026-12-01"):
        fetch_deepstate(
            latest=True, cache=tmp_path, base_url=server.url, today=dt.date(2026, 12, 1), **FAST
        )


# --------------------------------------------------------------------------- offline


def test_offline_with_a_warm_cache_says_so_and_uses_it(
    server: SnapshotServer, tmp_path: Path, capsys
) -> None:
    fetch_deepstate(
        since="2024-07-08", until="2024-07-10", cache=tmp_path, base_url=server.url, **FAST
    )
    offline = _closed_port_url()
    report = fetch_deepstate(
        since="2024-07-08", until="2024-07-10", cache=tmp_path, base_url=offline, retries=1, **FAST
    )
    assert report.offline and "cannot connect" in report.offline
    assert report.counts() == {"cached": 3} and len(report.paths) == 3
    latest = fetch_deepstate(
        latest=True, cache=tmp_path, base_url=offline, retries=0, today=dt.date(2026, 8, 25), **FAST
    )
    assert latest.items[0].date == dt.date(2024, 7, 10)  # the newest cached
    code = main(
        [
            "fetch",
            "deepstate",
            "--date",
            "2024-07-09",
            "--cache",
            str(tmp_path),
            "--base-url",
            offline,
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("offline (cannot connect")
    assert f"credit: {DEEPSTATE_CREDIT}" in out


def test_offline_with_a_cold_cache_is_one_line(tmp_path: Path, capsys) -> None:
    offline = _closed_port_url()
    code = main(
        [
            "fetch",
            "deepstate",
            "--date",
            "2024-07-09",
            "--cache",
            str(tmp_path / "c"),
            "--base-url",
            offline,
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert "offline: cannot connect" in err and f"tried {offline}data/" in err
    assert "--cache DIR (or FRONTLINE_CACHE)" in err
    assert _snapshots_in(tmp_path / "c") == []


def test_a_folder_of_files_works_as_an_offline_cache(daily: Path) -> None:
    """The shared folder (read-only, no sidecars) is a valid cache: files validated by parsing."""
    report = fetch_deepstate(
        date="2026-08-22", cache=daily, base_url=_closed_port_url(), retries=0, **FAST
    )
    assert report.items[0].status == "cached" and report.items[0].path == daily / snapshot_name(
        dt.date(2026, 8, 22)
    )


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("argv", "match"),
    [
        (["--since", "2024-08-10", "--until", "2024-08-01"], "later than --until"),
        (["--date", "2024-07-01"], "outside the data's range: .* from 2024-07-08"),
        (["--date", "2031-01-01"], "outside the data's range"),
        (["--date", "2024-13-01"], "unparseable date '2024-13-01'"),
        (["--date", "yesterday"], "unparseable date"),
        (["--until", "2024-08-01", "--date", "2024-07-09"], "--until needs --since"),
    ],
)
def test_bad_dates_are_one_line_and_write_nothing(
    tmp_path: Path, capsys, argv: list[str], match: str
) -> None:
    cache = tmp_path / "cache"
    code = main(
        ["fetch", "deepstate", *argv, "--cache", str(cache), "--base-url", _closed_port_url()]
    )
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert re.search(match, err), err
    assert not cache.exists()


def test_a_cache_folder_that_is_not_writable(
    server: SnapshotServer, tmp_path: Path, capsys
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code = main(
        [
            "fetch",
            "deepstate",
            "--date",
            "2024-07-09",
            "--cache",
            str(blocker / "cache"),
            "--base-url",
            server.url,
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "cache folder not writable" in err
    assert "--cache DIR or FRONTLINE_CACHE" in err
    assert server.requests == []  # refused before any download


def test_options_and_base_url_are_checked() -> None:
    with pytest.raises(UsageError, match="exactly one"):
        fetch_deepstate(date="2024-07-09", latest=True)
    with pytest.raises(UsageError, match="http:// or https://"):
        fetch_deepstate(date="2024-07-09", base_url="ftp://mirror/")


# --------------------------------------------------------------------------- references


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("deepstate:2024-02-30", "malformed date"),
        ("deepstate:", "malformed reference"),
        ("deepstate:2024-08-05..2024-08-01", "later than TO"),
        ("deepstate:tomorrow", "malformed date"),
    ],
)
def test_malformed_references(text: str, match: str) -> None:
    with pytest.raises(SourceError, match=match):
        parse_snapshot_ref(text)


def test_references_resolve_through_the_cache(
    server: SnapshotServer, daily: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("FRONTLINE_CACHE", str(tmp_path))
    monkeypatch.setenv("FRONTLINE_DEEPSTATE_URL", server.url)
    snap = read_source("deepstate:2024-08-01")
    assert snap.date == dt.date(2024, 8, 1) and snap.credit == DEEPSTATE_CREDIT
    assert Path(snap.path) == tmp_path / snapshot_name(dt.date(2024, 8, 1))
    server.reset_counts()
    read_source("deepstate:2024-08-01")
    assert server.requests == []  # cached: no network
    files = find_snapshots("deepstate:2024-08-15..2024-08-21")
    assert [f.name for f in files] == [
        snapshot_name(dt.date(2024, 8, d)) for d in (15, 16, 17, 20, 21)
    ]
    with pytest.raises(SourceError, match="outside the data's range"):
        read_source("deepstate:2020-01-01")
    with pytest.raises(SourceError, match="names a range"):
        read_source("deepstate:2024-08-15..2024-08-21")
    tl = timeline(["deepstate:2024-08-16..2024-08-20"], workers=1, progress=False)
    assert [r["date"] for r in tl.rows] == ["2024-08-16", "2024-08-17", "2024-08-20"]
    # commands take references with no change: the front of a fetched date
    assert main(["front", "deepstate:2024-08-01", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["as_of"] == "2024-08-01" and 800 < doc["main"]["length"]["km"] < 1400


def test_cli_fetch_json_and_exit_code_1_for_partial(
    server: SnapshotServer, tmp_path: Path, capsys
) -> None:
    argv = ["fetch", "deepstate", "--since", "2024-07-08", "--until", "2024-07-11"]
    argv += ["--cache", str(tmp_path), "--base-url", server.url, "--json"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["counts"] == {"downloaded": 4} and doc["license"] == "GPL-3.0"
    assert doc["credit"] == DEEPSTATE_CREDIT and DEEPSTATE_NOTICE in captured.err
    assert [f["status"] for f in doc["files"]] == ["downloaded"] * 4
    server.fault = "500"  # 12..14 are new, and the server now fails: 10, 11 come from the cache
    argv[3:6] = ["2024-07-10", "--until", "2024-07-14"]
    assert main(argv) == 1
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["counts"] == {"cached": 2, "failed": 3}
    assert captured.err.count("warning: 2024-07-1") == 3
