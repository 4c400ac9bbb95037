"""The ``frontline`` command line, run as a real process.

The bad-input corpus (tests/data/bad/MANIFEST.toml) goes through ``measure`` and ``check``:
each gives the exit code the manifest states, exactly one message line naming the file and
the problem, and never a traceback. Generic behaviour: --help, bad options, exit codes of
``check`` with several sources, ``--json`` documents.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from geo.cli import COMMANDS as COMMAND_HELP

REPO = Path(__file__).resolve().parent.parent
BAD = REPO / "tests" / "data" / "bad"
MANIFEST = tomllib.loads((BAD / "MANIFEST.toml").read_text(encoding="utf-8"))["files"]
COMMANDS = ("measure", "check")


def frontline(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m geo ARGS`` from the repo root, as a user would run ``frontline``."""
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("FRONTLINE_MAX_INPUT_MB", "FRONTLINE_MAX_POSITIONS")
    }
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env=full_env,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess, cmd: str, name: str, text: str):
    """Exit 2, nothing on stdout, one stderr line naming the file and the problem."""
    where = f"{cmd} {name}: stdout={proc.stdout!r} stderr={proc.stderr!r}"
    assert "Traceback" not in proc.stdout + proc.stderr, where
    assert proc.returncode == 2, where
    assert proc.stdout == "", where
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, where
    assert lines[0].startswith(f"frontline {cmd}: error: "), where
    assert name in lines[0], where
    assert text.lower() in lines[0].lower(), where


CASES = [
    pytest.param(name, cmd, id=f"{cmd}-{name}") for name in sorted(MANIFEST) for cmd in COMMANDS
]


def test_corpus_is_complete_and_large_enough() -> None:
    committed = {p.name for p in BAD.iterdir() if p.name != "MANIFEST.toml"}
    assert committed == set(MANIFEST), "every corpus file needs a manifest entry and back"
    assert len(committed) >= 25
    for name, entry in MANIFEST.items():
        assert entry.get("what"), name
        for cmd in COMMANDS:
            assert entry[cmd]["exit"] in (0, 1, 2), name
            if entry[cmd]["exit"]:
                assert entry[cmd]["message"], name
        # A broken input is broken for `check`: it must never pass it.
        assert entry["check"]["exit"] in (1, 2), name


@pytest.mark.parametrize(("name", "cmd"), CASES)
def test_bad_input_through_the_cli(name: str, cmd: str) -> None:
    expect = MANIFEST[name][cmd]
    rel = f"tests/data/bad/{name}"
    proc = frontline(cmd, rel)
    where = f"{cmd} {name}: rc={proc.returncode} stdout={proc.stdout!r} stderr={proc.stderr!r}"
    assert "Traceback" not in proc.stdout + proc.stderr, where
    if expect["exit"] == 2:
        assert_one_line_error(proc, cmd, rel, expect["message"])
    elif expect["exit"] == 1:
        assert proc.returncode == 1, where
        assert proc.stderr == "", where
        lines = proc.stdout.splitlines()
        assert len(lines) == 1, where
        assert lines[0].startswith(f"{rel}: "), where
        assert expect["message"].lower() in lines[0].lower(), where
    else:
        assert proc.returncode == 0, where
        assert proc.stderr == "", where


# --------------------------------------------------------------- generated at test time


@pytest.mark.parametrize("cmd", COMMANDS)
def test_directory(cmd: str, tmp_path: Path) -> None:
    (tmp_path / "layer.geojson").mkdir()
    path = str(tmp_path / "layer.geojson")
    assert_one_line_error(frontline(cmd, path), cmd, path, "is a directory")


@pytest.mark.parametrize("cmd", COMMANDS)
def test_missing_path(cmd: str, tmp_path: Path) -> None:
    path = str(tmp_path / "nowhere" / "front.geojson")
    assert_one_line_error(frontline(cmd, path), cmd, path, "no such file")


def _huge_line(path: Path, n: int) -> None:
    # Written in chunks: the point is a big coordinate array, not a big Python string.
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{"type": "LineString", "coordinates": [[30.0, 50.0]')
        chunk = ",[30.0,50.0001],[30.0001,50.0]" * 5000
        for _ in range(n // 10000):
            fh.write(chunk)
        fh.write("]}\n")


@pytest.mark.parametrize("cmd", COMMANDS)
def test_huge_coordinate_array_over_the_position_limit(cmd: str, tmp_path: Path) -> None:
    # 200,001 positions (~3 MB) against a limit lowered to 100,000 through the environment:
    # the same code path as 10 million against the default, at a fraction of the cost.
    path = tmp_path / "huge.geojson"
    _huge_line(path, 200_000)
    proc = frontline(cmd, str(path), env={"FRONTLINE_MAX_POSITIONS": "100000"})
    assert_one_line_error(proc, cmd, str(path), "more than 100,000 positions")


@pytest.mark.parametrize("cmd", COMMANDS)
def test_file_over_the_size_limit_is_refused_before_reading(cmd: str, tmp_path: Path) -> None:
    # A sparse file: 200 MiB on paper, no disk used. Reading it would take seconds and
    # gigabytes; the size check must refuse it from its metadata alone.
    path = tmp_path / "huge.geojson"
    with path.open("wb") as fh:
        fh.write(b'{"type": "LineString", "coordinates": [')
        fh.truncate(200 * 1024 * 1024)
    proc = frontline(cmd, str(path))
    assert_one_line_error(proc, cmd, str(path), "over the 128 MiB limit")


# --------------------------------------------------------------- generic CLI behaviour


def test_help_exits_zero_and_lists_commands() -> None:
    proc = frontline("--help")
    assert proc.returncode == 0
    for cmd in ("measure", "check", "borders", "tripoint", "layers"):
        assert cmd in proc.stdout


def test_check_help() -> None:
    proc = frontline("check", "--help")
    assert proc.returncode == 0
    assert "--json" in proc.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--bogus", "x.geojson"),
        ("--bogus",),
        ("check",),
        ("nosuchcommand",),
        ("measure", "x.geojson", "--tolerance-km", "a,b"),
    ],
    ids=[
        "unknown-option",
        "unknown-global-option",
        "missing-argument",
        "unknown-command",
        "bad-option-value",
    ],
)
def test_bad_usage_is_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    proc = frontline(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert "error:" in lines[0]
    assert "Traceback" not in proc.stderr


def _write(path: Path, obj: object) -> str:
    path.write_text(json.dumps(obj), encoding="utf-8")
    return str(path)


CLEAN = {"type": "LineString", "coordinates": [[30.5, 50.4], [31.0, 50.6]]}
CLOCKWISE = {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}


def test_check_clean_file_exits_0(tmp_path: Path) -> None:
    path = _write(tmp_path / "clean.geojson", CLEAN)
    proc = frontline("check", path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"{path}: ok (1 feature)\n"
    assert proc.stderr == ""


def test_check_warnings_alone_exit_0_but_are_printed(tmp_path: Path) -> None:
    path = _write(tmp_path / "clockwise.geojson", CLOCKWISE)
    proc = frontline("check", path)
    assert proc.returncode == 0
    assert "warning: ring-orientation" in proc.stdout


def test_check_several_sources_worst_exit_code_wins(tmp_path: Path) -> None:
    clean = _write(tmp_path / "clean.geojson", CLEAN)
    bowtie = str(BAD / "bowtie.geojson")
    proc = frontline("check", clean, bowtie)
    assert proc.returncode == 1
    assert f"{clean}: ok" in proc.stdout and "self-intersection" in proc.stdout
    # An unusable source is reported on stderr; the others are still checked.
    missing = str(tmp_path / "missing.geojson")
    proc = frontline("check", bowtie, missing, clean)
    assert proc.returncode == 2
    assert "self-intersection" in proc.stdout and f"{clean}: ok" in proc.stdout
    assert proc.stderr.splitlines() == [f"frontline check: error: {missing}: no such file"]


def test_check_json_document(tmp_path: Path) -> None:
    clean = _write(tmp_path / "clean.geojson", CLEAN)
    bowtie = str(BAD / "bowtie.geojson")
    missing = str(tmp_path / "missing.geojson")
    proc = frontline("check", "--json", clean, bowtie, missing)
    assert proc.returncode == 2
    doc = json.loads(proc.stdout)  # exactly one JSON document
    assert doc["exit_code"] == 2
    assert doc["errors"] == 1 and doc["warnings"] == 0
    by_source = {s["source"]: s for s in doc["sources"]}
    assert by_source[clean]["status"] == "ok" and by_source[clean]["problems"] == []
    assert by_source[bowtie]["status"] == "problems"
    (problem,) = by_source[bowtie]["problems"]
    assert problem == {
        "code": "self-intersection",
        "feature": 0,
        "message": problem["message"],
        "severity": "error",
    }
    assert by_source[missing]["status"] == "unusable"
    assert "no such file" in by_source[missing]["error"]


def test_check_json_exit_1_on_problems() -> None:
    proc = frontline("check", "--json", str(BAD / "unclosed-ring.geojson"))
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["sources"][0]["problems"][0]["code"] == "unclosed-ring"


# --------------------------------------------------------------- assembly and exit codes


def _modules_after(*argv: str) -> list[str]:
    """The geo modules a fresh process has imported after parsing ``frontline ARGV``."""
    code = (
        "import sys\n"
        "from geo.cli import main\n"
        "try:\n"
        f"    main({list(argv)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('geo')))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    return json.loads(proc.stdout.strip().splitlines()[-1].replace("'", '"'))


def test_help_imports_no_command_and_a_command_only_its_own() -> None:
    assert not [m for m in _modules_after("--help") if m.startswith("geo.commands.")]
    loaded = [m for m in _modules_after("measure", "--help") if m.startswith("geo.commands.")]
    assert loaded == ["geo.commands._print", "geo.commands.measure"]


@pytest.mark.parametrize("name", list(COMMAND_HELP))
def test_every_command_declares_its_arguments_and_runs(name: str) -> None:
    import importlib

    module = importlib.import_module(f"geo.commands.{name}")
    assert callable(module.add_arguments) and callable(module.run)
    proc = frontline(name, "--help")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"usage: frontline {name} ")
    assert COMMAND_HELP[name] in proc.stdout


def test_internal_error_is_one_line_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import geo.commands.layers
    from geo.cli import main

    def boom(args: object) -> int:
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setattr(geo.commands.layers, "run", boom)
    monkeypatch.delenv("FRONTLINE_DEBUG", raising=False)
    assert main(["layers"]) == 3
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "frontline layers: internal error: RuntimeError: a bug over two lines "
        "(FRONTLINE_DEBUG=1 shows the traceback)"
    ]
    monkeypatch.setenv("FRONTLINE_DEBUG", "1")
    with pytest.raises(RuntimeError, match="a bug"):
        main(["layers"])
