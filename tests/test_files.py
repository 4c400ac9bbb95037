"""Tests for geo.files (sets replaced whole, crash recovery) and geo.outpaths (checks first).

The promise under test: after any failure — an error at any step (fault injection), a full
disk (a real tmpfs where the sandbox lets us mount one), or SIGKILL at any step — every
final name holds a complete file, the set is the complete old one or the complete new one
(after the in-process rollback, or after the next run's recovery), and no temporary file
or folder is left.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import require
from helpers.maps import fake_layers, recipe_text

import geo.files as files
from geo import recipe
from geo.errors import SourceError, UsageError
from geo.files import STAGE_PREFIX, recover, replace_set, write_atomic, write_set
from geo.outpaths import check_output_dir, check_output_file, io_error

REPO = Path(__file__).resolve().parent.parent
OLD = {"m.html": b"old page " * 50, "m.embed.html": b"old embed", "m.figures.json": b"{}"}
NEW = {
    "m.html": b"new page " * 80,
    "m.embed.html": b"new embed",
    "m.figures.json": b'{"n": 1}',
    "m.png": b"\x89PNG new",
}


def state(folder: Path) -> dict[str, bytes]:
    """The final files of ``folder`` (leftover staging folders are not final files)."""
    return {
        p.name: p.read_bytes()
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".")
    }


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def old_set(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in OLD.items():
        (folder / name).write_bytes(data)


# ----------------------------------------------------------------------------- basics


def test_replace_set_writes_every_file_and_leaves_nothing_behind(tmp_path: Path) -> None:
    old_set(tmp_path)
    (tmp_path / "m.html").chmod(0o640)
    written = replace_set(tmp_path, NEW)
    assert [p.name for p in written] == list(NEW)
    assert state(tmp_path) == NEW
    assert leftovers(tmp_path) == []
    assert (tmp_path / "m.html").stat().st_mode & 0o777 == 0o640  # kept
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "m.png").stat().st_mode & 0o777 == 0o666 & ~umask  # like open()


def test_write_set_spans_folders_and_replace_set_takes_plain_names(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b" / "c"
    write_set({a / "rows.csv": "x\n", b / "chart.png": b"png"}, parents=True)
    assert (a / "rows.csv").read_text() == "x\n" and (b / "chart.png").read_bytes() == b"png"
    with pytest.raises(UsageError, match="plain file names"):
        replace_set(tmp_path, {"../escape.txt": b""})
    with pytest.raises(SourceError, match="folder does not exist"):
        write_atomic(tmp_path / "missing" / "x.txt", "x")


def test_a_folder_in_the_way_is_refused_before_anything_changes(tmp_path: Path) -> None:
    old_set(tmp_path)
    (tmp_path / "m.png").mkdir()
    with pytest.raises(SourceError, match=r"m\.png: cannot write: it is a folder"):
        replace_set(tmp_path, NEW)
    assert state(tmp_path) == OLD and leftovers(tmp_path) == []


# ----------------------------------------------------------------------------- fault injection


def _fail_at(k: int, real, code: int = errno.ENOSPC):
    """A stand-in for ``real`` that raises ``OSError(code)`` on its k-th call (1-based)."""
    calls = {"n": 0}

    def fake(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == k:
            raise OSError(code, os.strerror(code), str(args[0]) if args else None)
        return real(*args, **kwargs)

    fake.calls = calls  # type: ignore[attr-defined]
    return fake


@pytest.mark.parametrize("op", ["write", "replace", "link", "mkdir"])
def test_enospc_at_every_step_leaves_the_complete_old_set(
    op: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC at the k-th write (or rename, link, mkdir), for every k: old set, no leftovers."""
    targets = {"write": (files, "_write_file"), "replace": (os, "replace"), "link": (os, "link")}
    targets["mkdir"] = (os, "mkdir")
    module, name = targets[op]
    real = getattr(module, name)
    k, failures = 0, 0
    while True:
        k += 1
        folder = tmp_path / f"run{k}"
        old_set(folder)
        fake = _fail_at(k, real)
        monkeypatch.setattr(module, name, fake)
        try:
            replace_set(folder, NEW)
        except SourceError as exc:
            failures += 1
            assert "No space left on device" in str(exc) and "\n" not in str(exc)
            assert state(folder) == OLD, f"{op} #{k}"
        else:
            assert state(folder) == NEW
        finally:
            monkeypatch.setattr(module, name, real)
        assert leftovers(folder) == [], f"{op} #{k}"
        if fake.calls["n"] < k:  # the k-th call never came: every step has been tried
            break
    assert failures >= 1 and k >= 2


def test_interrupt_while_moving_in_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    old_set(tmp_path)
    real = os.replace
    calls = {"n": 0}

    def interrupted(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:  # journal, first file, then Ctrl-C on the second
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        replace_set(tmp_path, NEW)
    monkeypatch.setattr(os, "replace", real)
    assert state(tmp_path) == OLD and leftovers(tmp_path) == []


# ----------------------------------------------------------------------------- SIGKILL


_KILLER = textwrap.dedent(
    """
    import os, signal, sys
    import geo.files as files
    k = int(sys.argv[2])
    calls = [0]
    def hook(real):
        def wrapped(*args, **kwargs):
            calls[0] += 1
            if calls[0] == k:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return wrapped
    files._write_file = hook(files._write_file)
    files._fsync_dir = hook(files._fsync_dir)
    os.replace = hook(os.replace)
    os.link = hook(os.link)
    new = {NEW!r}
    files.replace_set(sys.argv[1], new)
    """
).replace("{NEW!r}", repr(NEW))


def test_sigkill_at_every_step_is_recovered_by_the_next_run(tmp_path: Path) -> None:
    """Killed at step k for every k: no final file partial; the next run completes a set."""
    outcomes = []
    for k in range(1, 60):
        folder = tmp_path / f"kill{k}"
        old_set(folder)
        proc = subprocess.run(
            [sys.executable, "-c", _KILLER, str(folder), str(k)],
            cwd=REPO,
            capture_output=True,
            timeout=60,
        )
        # every final name holds a complete file, old or new, even before recovery
        for name, data in state(folder).items():
            assert data in (OLD.get(name), NEW.get(name)), (k, name)
        if proc.returncode == 0:
            assert state(folder) == NEW and leftovers(folder) == []
            break
        assert proc.returncode == -signal.SIGKILL, proc.stderr
        assert recover(folder) == 1
        after = state(folder)
        assert after in (OLD, NEW), k
        assert leftovers(folder) == [], k
        outcomes.append("new" if after == NEW else "old")
    else:
        pytest.fail("the writer never finished")
    # Killed before the journal: old set; after it: rolled forward to the new set.
    assert "old" in outcomes and "new" in outcomes
    assert outcomes == sorted(outcomes, key=lambda o: o == "new")


def test_a_live_writer_is_left_alone_and_a_dead_one_cleaned(tmp_path: Path) -> None:
    stage = files._Stage(tmp_path)  # holds its lock, like a running build
    try:
        assert recover(tmp_path) == 0 and stage.path.exists()
    finally:
        stage.close()
    dead = tmp_path / f"{STAGE_PREFIX}dead"
    (dead / "new").mkdir(parents=True)
    (dead / "lock").write_bytes(b"")
    (dead / "new" / "x.html").write_bytes(b"never journalled")
    assert recover(tmp_path) == 1
    assert not dead.exists() and not (tmp_path / "x.html").exists()


# ----------------------------------------------------------------------------- a real build


def _fake_build(out: Path) -> list[Path]:
    from geo.render import build

    r = recipe.loads(recipe_text(), name="fake", path="fake.toml")
    res = build(
        r, out, offline=True, formats=("html", "png", "svg"), loader=fake_layers().__getitem__
    )
    return res.files


def test_three_format_build_with_enospc_at_every_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection at the write layer: k-th write fails, for every k."""
    pytest.importorskip("matplotlib")
    reference = tmp_path / "reference"
    new = {p.name: p.read_bytes() for p in _fake_build(reference)}
    assert {Path(n).suffix for n in new} == {".html", ".json", ".png", ".svg"}
    old = {name: b"old " + name.encode() for name in new}
    out = tmp_path / "out"
    out.mkdir()
    real = files._write_file
    for k in range(1, len(new) + 2):  # every file, then the journal
        for name, data in old.items():
            (out / name).write_bytes(data)
        monkeypatch.setattr(files, "_write_file", _fail_at(k, real))
        with pytest.raises(SourceError, match="No space left"):
            _fake_build(out)
        monkeypatch.setattr(files, "_write_file", real)
        assert state(out) == old and leftovers(out) == [], k
    _fake_build(out)
    assert state(out) == new and leftovers(out) == []


@pytest.fixture()
def tmpfs(tmp_path: Path):
    """Mount a small tmpfs at a fresh folder; skip when the sandbox refuses."""
    mounted = []

    def mount(size_kb: int, *options: str) -> Path:
        where = tmp_path / f"tmpfs{len(mounted)}"
        where.mkdir()
        opts = ",".join([f"size={size_kb}k", *options])
        proc = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(where)], capture_output=True
        )
        require(proc.returncode == 0, f"cannot mount a tmpfs here: {proc.stderr!r}")
        mounted.append(where)
        return where

    yield mount
    for where in mounted:
        subprocess.run(["umount", str(where)], capture_output=True)


def test_three_format_build_on_a_full_tmpfs_keeps_the_old_set(tmp_path: Path, tmpfs) -> None:
    pytest.importorskip("matplotlib")
    new = {p.name: p.read_bytes() for p in _fake_build(tmp_path / "reference")}
    total = sum(len(d) for d in new.values())
    old = {name: b"o" * (len(data) // 2) for name, data in new.items()}
    # Room for the old set and half the new one: staging the new set runs out of space.
    disk = tmpfs((sum(len(d) for d in old.values()) + total // 2) // 1024 + 8)
    for name, data in old.items():
        (disk / name).write_bytes(data)
    with pytest.raises(SourceError, match="No space left on device; free some space"):
        _fake_build(disk)
    assert state(disk) == old and leftovers(disk) == []
    roomy = tmpfs(total // 1024 * 4 + 64)
    for name, data in old.items():
        (roomy / name).write_bytes(data)
    _fake_build(roomy)
    assert state(roomy) == new and leftovers(roomy) == []


# ----------------------------------------------------------------------------- outpaths


def test_output_checks_refuse_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    assert check_output_dir(tmp_path / "new" / "deeper") == tmp_path / "new" / "deeper"
    assert not (tmp_path / "new").exists()  # checked, not created
    cases = [
        (lambda: check_output_dir(tmp_path / "file"), "a file, not a folder"),
        (lambda: check_output_dir(tmp_path / "file" / "sub"), "a file, not a folder"),
        (lambda: check_output_dir("/proc/self"), "/proc is a kernel file system"),
        (lambda: check_output_dir("/sys/x"), "/sys is a kernel file system"),
        (lambda: check_output_file("/dev/null", suffixes=None), "/dev is a kernel file system"),
        (lambda: check_output_file(tmp_path, suffixes=None), "it is a folder"),
        (lambda: check_output_file(tmp_path / "no" / "x.csv"), "folder does not exist"),
        (lambda: check_output_file(tmp_path / ("x" * 300 + ".csv")), "over 255 bytes"),
        (lambda: check_output_file(tmp_path / "x.exe", suffixes=(".csv", ".png")), ".csv or .png"),
        (lambda: check_output_file(""), "give a file name"),
    ]
    for call, fragment in cases:
        with pytest.raises((SourceError, UsageError), match=None) as info:
            call()
        assert fragment in str(info.value) and "\n" not in str(info.value)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="special file"):
        check_output_file(fifo, suffixes=(".csv",))
    assert check_output_file("/dev/shm/x.csv", suffixes=(".csv",)).name == "x.csv"


def test_read_only_file_system_is_named(tmp_path: Path, tmpfs) -> None:
    ro = tmpfs(64, "ro")
    with pytest.raises(SourceError, match="Read-only file system; choose a folder on a writable"):
        check_output_dir(ro / "maps")
    with pytest.raises(SourceError, match="Read-only file system"):
        replace_set(ro, {"a.txt": b"x"})


def test_io_error_words_every_common_failure() -> None:
    for code in (errno.ENOENT, errno.EACCES, errno.EROFS, errno.ENOSPC, errno.ENAMETOOLONG):
        err = io_error(OSError(code, "x"), "out/a.html", "write")
        text = str(err)
        assert text.startswith("out/a.html: cannot write: ") and "; " in text, text
    assert str(io_error(OSError("odd"), None, "read")) == "cannot read: odd"
    assert json.dumps(str(io_error(OSError(errno.EIO, "x", "/p"), None, "read"))).count("/p") == 1


def test_write_replaceable_is_atomic_and_leaves_nothing_behind(tmp_path: Path) -> None:
    from geo.files import write_replaceable

    target = tmp_path / "sub" / "entry.npz"
    assert write_replaceable(target, b"one") == target
    write_replaceable(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["entry.npz"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(OSError):
        write_replaceable(tmp_path / "file" / "entry.npz", b"x")


def test_a_file_already_holding_its_bytes_is_left_alone(tmp_path: Path) -> None:
    replace_set(tmp_path, {"m.html": "<p>", "m.json": b"{}"})
    old = (tmp_path / "m.html").stat().st_mtime_ns
    os.utime(tmp_path / "m.html", ns=(old - 10**9, old - 10**9))
    replace_set(tmp_path, {"m.html": "<p>", "m.json": b'{"a": 1}'})
    assert (tmp_path / "m.html").stat().st_mtime_ns == old - 10**9  # not rewritten
    assert (tmp_path / "m.json").read_bytes() == b'{"a": 1}'
    replace_set(tmp_path, {"m.html": "<p>!"})  # same name, other bytes: rewritten
    assert (tmp_path / "m.html").read_text() == "<p>!" and leftovers(tmp_path) == []
