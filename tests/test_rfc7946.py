"""geo.checks.rfc7946 and the RFC 7946 rules of geo.checks: one failing and one passing file each.

Every rule is run on a real file through :func:`geo.checks.check_file` (the API ``frontline
check`` uses); the files of tests/data/rfc7946/ (legal GeoJSON that ``check`` accepts with at
most a warning or a note) also go through the real CLI. docs/check.md must name every problem
code the checks package can produce.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from geo.checks import check_file, has_errors
from geo.checks.rfc7946 import check_json_text, check_members

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data" / "rfc7946"
LEGAL = tomllib.loads((DATA / "MANIFEST.toml").read_text(encoding="utf-8"))["files"]

LINE = {"type": "LineString", "coordinates": [[30.5, 50.45], [31.0, 50.6]]}
CCW = [[36.2, 49.9], [36.4, 49.9], [36.4, 50.1], [36.2, 50.1], [36.2, 49.9]]
HOLE = [[36.25, 49.95], [36.25, 50.0], [36.3, 50.0], [36.3, 49.95], [36.25, 49.95]]  # cw
POINT = {"type": "Point", "coordinates": [30.5, 50.45]}


def feature(geometry: Any, **members: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": {"name": "x"}, "geometry": geometry, **members}


def fc(*features: Any, **members: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", **members, "features": list(features)}


def gc(*members: Any) -> dict[str, Any]:
    return {"type": "GeometryCollection", "geometries": list(members)}


# code, severity, section quoted in the message, a failing document, a passing document.
# fmt: off
RULES: list[tuple[str, str, str, Any, Any]] = [
    ("lat-lon-swapped", "error", "3.1.1",
     feature({"type": "Point", "coordinates": [50.45, 130.5]}), feature(POINT)),
    ("altitude", "info", "3.1.1",
     feature({"type": "Point", "coordinates": [30.5, 50.45, 120]}), feature(POINT)),
    ("extra-dimensions", "warning", "3.1.1",
     feature({"type": "Point", "coordinates": [30.5, 50.45, 120, 7]}),
     feature({"type": "Point", "coordinates": [30.5, 50.45, 120]})),
    ("mixed-dimensions", "warning", "3.1.1",
     feature({"type": "LineString", "coordinates": [[30.5, 50.45, 3], [31.0, 50.6]]}),
     feature({"type": "LineString", "coordinates": [[30.5, 50.45, 3], [31.0, 50.6, 4]]})),
    ("empty-geometry", "warning", "3.1",
     feature({"type": "LineString", "coordinates": []}), feature(LINE)),
    ("too-few-positions", "error", "3.1.4",
     feature({"type": "LineString", "coordinates": [[30.5, 50.45]]}), feature(LINE)),
    ("unclosed-ring", "error", "3.1.6",
     feature({"type": "Polygon", "coordinates": [CCW[:-1]]}),
     feature({"type": "Polygon", "coordinates": [CCW]})),
    ("unclosed-ring", "error", "3.1.6",  # same x/y, another altitude: not identical values
     feature({"type": "Polygon", "coordinates": [[[*p, 5] for p in CCW[:-1]] + [[*CCW[0], 6]]]}),
     feature({"type": "Polygon", "coordinates": [[[*p, 5] for p in CCW]]})),
    ("too-few-positions", "error", "3.1.6",
     feature({"type": "Polygon", "coordinates": [[CCW[0], CCW[1], CCW[0]]]}),
     feature({"type": "Polygon", "coordinates": [CCW]})),
    ("ring-orientation", "error", "3.1.6",
     feature({"type": "Polygon", "coordinates": [CCW[::-1]]}),
     feature({"type": "Polygon", "coordinates": [CCW, HOLE]})),
    ("ring-orientation", "error", "3.1.6",
     feature({"type": "Polygon", "coordinates": [CCW, HOLE[::-1]]}),
     feature({"type": "Polygon", "coordinates": [CCW, HOLE]})),
    ("nested-collection", "warning", "3.1.8",
     feature(gc(POINT, gc(LINE, POINT))), feature(gc(POINT, LINE))),
    ("single-type-collection", "warning", "3.1.8",
     feature(gc(POINT)), feature(gc(POINT, LINE))),
    ("single-type-collection", "warning", "3.1.8",
     feature(gc(LINE, LINE)), feature({"type": "MultiLineString", "coordinates": [
         LINE["coordinates"], LINE["coordinates"]]})),
    ("antimeridian", "warning", "3.1.9",
     feature({"type": "LineString", "coordinates": [[179.5, 65.0], [-179.5, 65.2]]}),
     fc(feature({"type": "MultiLineString", "coordinates": [
         [[179.5, 65.0], [180.0, 65.1]], [[-180.0, 65.1], [-179.5, 65.2]]]}))),
    ("null-geometry", "info", "3.2", feature(None), feature(POINT)),
    ("missing-properties", "error", "3.2",
     {"type": "Feature", "geometry": POINT}, {"type": "Feature", "properties": None,
                                             "geometry": POINT}),
    ("id-type", "error", "3.2", feature(POINT, id=[1]), feature(POINT, id="kyiv")),
    ("id-type", "error", "3.2", feature(POINT, id=True), feature(POINT, id=7)),
    ("empty-collection", "info", "3.3", fc(), fc(feature(POINT))),
    ("out-of-range", "error", "4",
     feature({"type": "Point", "coordinates": [210.5, 50.45]}), feature(POINT)),
    ("foreign-crs", "error", "4",
     fc(feature({"type": "Point", "coordinates": [3395000, 6520000]}),
        crs={"type": "name", "properties": {"name": "EPSG:3857"}}),
     fc(feature(POINT))),
    ("crs-member", "info", "4",
     fc(feature(POINT), crs={"type": "name", "properties": {"name": "OGC:CRS84"}}),
     fc(feature(POINT))),
    ("bbox-malformed", "error", "5", fc(feature(LINE), bbox=[30.5, 50.45, 31.0]),
     fc(feature(LINE), bbox=[30.5, 50.45, 31.0, 50.6])),
    ("bbox-malformed", "error", "5", feature(LINE, bbox=["30.5", "50.45", "31", "50.6"]),
     feature(LINE, bbox=[30.5, 50.45, 31, 50.6])),
    ("bbox-malformed", "error", "5", feature(LINE, bbox={"west": 30.5}), feature(LINE)),
    ("bbox-malformed", "error", "5", feature(LINE, bbox=[30.5, 50.6, 31.0, 50.45]),
     feature(LINE, bbox=[30.5, 50.45, 31.0, 50.6])),
    ("bbox-malformed", "error", "5", feature(LINE, bbox=[30.5, 50.45, 0, 31.0, 50.6, 0]),
     feature({"type": "LineString", "coordinates": [[30.5, 50.45, 0], [31.0, 50.6, 0]]},
             bbox=[30.5, 50.45, 0, 31.0, 50.6, 0])),
    ("bbox-mismatch", "error", "5", {**LINE, "bbox": [30.5, 50.45, 30.9, 50.6]},
     {**LINE, "bbox": [30.0, 50.0, 31.0, 51.0]}),
    ("bbox-mismatch", "error", "5",  # a bbox across the antimeridian (west > east, 5.2)
     feature({"type": "Point", "coordinates": [170.0, 65.0]}, bbox=[179.0, 64.0, -179.0, 66.0]),
     feature({"type": "Point", "coordinates": [179.5, 65.0]}, bbox=[179.0, 64.0, -179.0, 66.0])),
    ("foreign-geojson", "warning", "6.1",
     feature(LINE, centerline={"type": "LineString", "coordinates": [[0, 0], [1, 1]]}),
     feature(LINE, title="a foreign member that changes nothing", custom={"type": "note"})),
    ("misplaced-member", "error", "7.1", feature(LINE, coordinates=[[0, 0], [1, 1]]),
     feature(LINE)),
    ("misplaced-member", "error", "7.1", fc(feature(LINE), geometry=POINT), fc(feature(LINE))),
    ("misplaced-member", "error", "7.1", feature({**LINE, "properties": {}}), feature(LINE)),
    ("misplaced-member", "error", "7.1", feature(POINT, features=[]), feature(POINT)),
    ("misplaced-member", "error", "7.1", {**POINT, "geometry": LINE}, POINT),
    ("coordinate-precision", "warning", "11.2",
     feature({"type": "Point", "coordinates": [30.123456789, 50.45]}),
     feature({"type": "Point", "coordinates": [30.1234567, 50.45]})),
]
# fmt: on


def _write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("code", "severity", "section", "bad", "good"),
    RULES,
    ids=[f"{r[0]}-{i}" for i, r in enumerate(RULES)],
)
def test_rule_fails_the_bad_file_and_passes_the_good_one(
    code: str, severity: str, section: str, bad: Any, good: Any, tmp_path: Path
) -> None:
    found = [p for p in check_file(_write(tmp_path / "bad.geojson", bad)) if p.code == code]
    assert found, f"{code} not reported"
    assert found[0].severity == severity
    assert f"RFC 7946 {section}" in found[0].message
    assert "\n" not in found[0].message
    passing = check_file(_write(tmp_path / "good.geojson", good))
    assert code not in [p.code for p in passing], passing
    assert not has_errors(passing), passing


# fmt: off
TEXT_RULES = [
    ("byte-order-mark", "RFC 8259 8.1", b'\xef\xbb\xbf{"type": "Point", "coordinates": [30, 50]}',
     b'{"type": "Point", "coordinates": [30, 50]}'),
    ("duplicate-member", "RFC 7946 11.1",
     b'{"type": "Feature", "properties": {"a": 1, "a": 2}, "geometry": null}',
     b'{"type": "Feature", "properties": {"a": 1, "b": 2}, "geometry": null}'),
    ("not-i-json", "RFC 7946 11.1",
     b'{"type": "Feature", "properties": {"name": "\\ud800"}, "geometry": null}',
     b'{"type": "Feature", "properties": {"name": "\\ud83d\\ude00"}, "geometry": null}'),
    ("not-i-json", "RFC 7946 11.1",
     b'{"type": "Feature", "properties": {"n": 9007199254740993}, "geometry": null}',
     b'{"type": "Feature", "properties": {"n": 9007199254740991}, "geometry": null}'),
]
# fmt: on


@pytest.mark.parametrize(("code", "section", "bad", "good"), TEXT_RULES)
def test_text_rule_fails_the_bad_file_and_passes_the_good_one(
    code: str, section: str, bad: bytes, good: bytes, tmp_path: Path
) -> None:
    (tmp_path / "bad.geojson").write_bytes(bad)
    (tmp_path / "good.geojson").write_bytes(good)
    found = [p for p in check_file(tmp_path / "bad.geojson") if p.code == code]
    assert found and found[0].severity == "warning" and section in found[0].message
    assert code not in [p.code for p in check_file(tmp_path / "good.geojson")]


def test_members_and_text_helpers_directly() -> None:
    assert check_members(fc(feature(POINT))) == []
    assert [p.code for p in check_json_text('{"a": 1, "a": 2}')] == ["duplicate-member"]
    assert check_json_text("not json") == []


def test_a_clean_file_with_every_legal_extra_exits_0(tmp_path: Path) -> None:
    # Altitude, a foreign member that changes nothing, a null geometry, ids of both kinds.
    doc = fc(
        feature({"type": "Point", "coordinates": [30.5, 50.45, 180.0]}, id=1, title="Kyiv"),
        feature(None, id="unlocated"),
        feature({"type": "Polygon", "coordinates": [CCW, HOLE]}, bbox=[36.2, 49.9, 36.4, 50.1]),
        name="a collection name (a foreign member)",
    )
    problems = check_file(_write(tmp_path / "legal.geojson", doc))
    assert {p.severity for p in problems} <= {"info"}, problems
    assert sorted(p.code for p in problems) == ["altitude", "null-geometry"]


# ------------------------------------------------------------------- tests/data/rfc7946


def frontline(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args], cwd=REPO, capture_output=True, text=True, timeout=120
    )


def test_every_legal_file_has_a_manifest_entry() -> None:
    committed = {p.name for p in DATA.iterdir() if p.suffix == ".geojson"}
    assert committed == set(LEGAL)


@pytest.mark.parametrize("name", sorted(LEGAL))
def test_legal_files_pass_check_with_their_notes(name: str) -> None:
    entry = LEGAL[name]
    problems = check_file(DATA / name)
    assert sorted({p.code for p in problems}) == sorted(entry["codes"])
    assert not has_errors(problems)
    rel = f"tests/data/rfc7946/{name}"
    proc = frontline("check", rel)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stderr == "" and "Traceback" not in proc.stdout
    for code in entry["codes"]:
        assert f": {code}: " in proc.stdout
    proc = frontline("measure", rel)
    assert proc.returncode == entry["measure"]["exit"], proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    if entry["measure"]["exit"]:
        (line,) = proc.stderr.splitlines()
        assert entry["measure"]["message"].lower() in line.lower()


# ------------------------------------------------------------------------ docs/check.md


def test_every_problem_code_is_in_the_rule_table() -> None:
    doc = (REPO / "docs" / "check.md").read_text(encoding="utf-8")
    codes: set[str] = set()
    for path in (REPO / "geo" / "checks").glob("*.py"):
        codes |= set(re.findall(r'(?:Problem|\.add)\(\s*"([a-z0-9-]+)"', path.read_text()))
    assert len(codes) >= 35, codes
    missing = sorted(c for c in codes if f"`{c}`" not in doc)
    assert not missing, f"docs/check.md does not name {missing}"
    for code, *_ in RULES + [(c, "", "", None, None) for c, *_ in TEXT_RULES]:
        assert code in codes
