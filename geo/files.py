r"""Files: the one place frontline writes under a final name, and checks where it may write.

A reader (a browser, a CMS import, a CI job) must never see a half-written file, a build
must never leave a mixed set (a new page beside the old figures), and a failure must leave
the previous files intact. Everything here follows one scheme:

1. **Stage.** The new files are written into a *staging folder* inside the target folder
   (``.frontline-tmp-XXXXXXXX/new/``: same file system, so renames are atomic), flushed
   to disk and given the mode a plain ``open()`` would give them. A failure here (a full
   disk, say) removes the staging folder: the old files were never touched.
2. **Journal.** A ``commit.json`` naming the files is written into the staging folder: from
   this point the new set is complete on disk and the change is decided.
3. **Move.** Each old file is kept as a hard link in ``old/``, then the new one is renamed
   over it (:func:`os.replace`): a final name always holds a complete file, old or new.
   If a rename fails, the journal becomes ``rollback.json`` and the backups are renamed
   back: the old set is restored. Then the staging folder is removed.

**Interrupted writes** (SIGKILL, power loss) leave a staging folder behind. Its writer held
an exclusive ``flock`` on its ``lock`` file, so the *next* write into that folder (or
:func:`recover`) tells a dead writer's leftovers from a live one's and rolls a journalled
set forward (``commit.json``) or back (``rollback.json``), or deletes an unjournalled one
(the old set was never touched): after any crash, a complete set and no temporary files.

API: :func:`replace_set` (several files of one folder, e.g. a map's html/embed/json/png/svg),
:func:`write_set` (files in any folders, e.g. ``timeline --out rows.csv --chart c.png``),
:func:`write_atomic` (one file), :func:`temp_beside` + :func:`commit` (for writers that need
a path, like GDAL), :func:`recover`, and :func:`write_replaceable` for cache entries. Paths
are checked first by :mod:`geo.outpaths`; its :func:`~geo.outpaths.io_error` words failures.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(folder / "a.txt", "Київ\\n").read_text(encoding="utf-8")
'Київ\\n'
>>> [p.name for p in replace_set(folder, {"m.html": "<p>", "m.json": b"{}"})]
['m.html', 'm.json']
>>> sorted(p.name for p in folder.iterdir())  # no temporary file left behind
['a.txt', 'm.html', 'm.json']
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from geo.errors import SourceError, UsageError
from geo.outpaths import io_error

try:  # POSIX; elsewhere a leftover staging folder is recovered after STALE_SECONDS
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "STAGE_PREFIX",
    "commit",
    "recover",
    "replace_set",
    "temp_beside",
    "write_atomic",
    "write_replaceable",
    "write_set",
]

#: Name prefix of the staging folders (hidden, inside the target folder).
STAGE_PREFIX = ".frontline-tmp-"
#: A staging folder without a lock file (its writer died while creating it) is removed
#: once it is this old, in seconds.
STALE_SECONDS = 60.0
# --------------------------------------------------------------------- staged writes


def _write_file(path: Path, payload: bytes) -> None:
    """Write and flush one file (the single place file data is written; tests inject faults)."""
    with open(path, "wb") as fh:
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _mode_for(final: Path) -> int:
    """An existing file's permission bits, else what ``open()`` gives (0o666 less umask)."""
    with suppress(OSError):
        if final.is_file():
            return final.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class _Stage:
    """One staging folder inside ``folder``, locked while this process works in it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.names: dict[str, bool] = {}  # name -> a file existed under it before
        try:
            self.path = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=folder))
        except OSError as exc:
            raise io_error(exc, folder, "create a temporary folder in") from None
        self._lock = -1
        try:
            self._lock = os.open(self.path / "lock", os.O_CREAT | os.O_RDWR, 0o600)
            if fcntl is not None:
                fcntl.flock(self._lock, fcntl.LOCK_EX)
            (self.path / "new").mkdir()
            (self.path / "old").mkdir()
        except OSError as exc:
            self.close()
            raise io_error(exc, folder, "create a temporary folder in") from None

    def add(self, name: str, payload: bytes) -> None:
        final = self.folder / name
        if final.is_dir():
            raise SourceError("cannot write: it is a folder; remove it or rename it", path=final)
        tmp = self.path / "new" / name
        try:
            _write_file(tmp, payload)
            os.chmod(tmp, _mode_for(final))
        except OSError as exc:
            raise io_error(exc, final, "write") from None
        self.names[name] = os.path.lexists(final)

    def journal(self) -> None:
        """Record the decided change (``commit.json``), durably, before any rename."""
        doc = {
            "names": sorted(self.names),
            "existing": sorted(k for k, v in self.names.items() if v),
        }
        try:
            _fsync_dir(self.path / "new")
            _write_file(self.path / "journal.tmp", json.dumps(doc).encode())
            os.replace(self.path / "journal.tmp", self.path / "commit.json")
            _fsync_dir(self.path)
        except OSError as exc:
            raise io_error(exc, self.folder, "write in") from None

    def move_in(self) -> None:
        """Back up each old file (hard link) and rename the new one over it."""
        for name in sorted(self.names):
            final = self.folder / name
            try:
                if self.names[name]:
                    _backup(final, self.path / "old" / name)
                os.replace(self.path / "new" / name, final)
            except OSError as exc:
                raise io_error(exc, final, "replace") from None
        _fsync_dir(self.folder)

    def roll_back(self) -> None:
        with suppress(OSError):
            os.replace(self.path / "commit.json", self.path / "rollback.json")
        _undo(self.folder, self.path, list(self.names), [k for k, v in self.names.items() if v])

    def close(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self._lock >= 0:
            os.close(self._lock)
            self._lock = -1


def _backup(final: Path, backup: Path) -> None:
    """Keep ``final`` as ``backup`` (a hard link; a rename where links are not supported)."""
    try:
        os.link(final, backup, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.ENOSYS):
            raise
        os.replace(final, backup)


def _undo(folder: Path, stage: Path, names: Sequence[str], existing: Sequence[str]) -> None:
    """Restore the old set: backups renamed back, files that were new removed (idempotent)."""
    for name in names:
        final = folder / name
        with suppress(FileNotFoundError):
            if name in existing:
                if (stage / "old" / name).exists() or os.path.islink(stage / "old" / name):
                    os.replace(stage / "old" / name, final)
            elif not os.path.lexists(stage / "new" / name):
                os.unlink(final)
    _fsync_dir(folder)


def _redo(folder: Path, stage: Path, names: Sequence[str]) -> None:
    """Finish a journalled set: rename what is still staged into place (idempotent)."""
    for name in names:
        with suppress(FileNotFoundError):
            os.replace(stage / "new" / name, folder / name)
    _fsync_dir(folder)


def _recover_stage(folder: Path, stage: Path) -> bool:
    """Clean up one staging folder if its writer is gone; True when it was cleaned."""
    lock_path = stage / "lock"
    if not lock_path.exists():
        if time.time() - stage.stat().st_mtime < STALE_SECONDS:
            return False  # being created right now, or a crash moments ago
        shutil.rmtree(stage, ignore_errors=True)
        return True
    try:
        fd = os.open(lock_path, os.O_RDWR)
    except FileNotFoundError:
        return False  # its writer just finished and removed it
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False  # a live writer
        elif time.time() - lock_path.stat().st_mtime < STALE_SECONDS:  # pragma: no cover
            return False
        for state in ("commit", "rollback"):
            journal = stage / f"{state}.json"
            if journal.exists():
                doc = json.loads(journal.read_text(encoding="utf-8"))
                if state == "commit":
                    _redo(folder, stage, doc["names"])
                else:
                    _undo(folder, stage, doc["names"], doc["existing"])
        shutil.rmtree(stage, ignore_errors=True)
        return True
    finally:
        os.close(fd)


def recover(folder: str | os.PathLike[str]) -> int:
    """Finish or undo what interrupted writers left in ``folder``; remove their temp folders.

    Called by every write into ``folder``; call it yourself to clean up without writing. A
    staging folder whose writer is alive (it holds the lock) is left alone.

    Parameters
    ----------
    folder : str or os.PathLike
        A folder frontline writes into.

    Returns
    -------
    int
        How many staging folders were cleaned up.

    Raises
    ------
    SourceError
        A leftover that cannot be cleaned up (e.g. the folder became read-only).
    """
    where = Path(folder)
    try:
        entries = [e for e in os.scandir(where) if e.name.startswith(STAGE_PREFIX)]
    except (FileNotFoundError, NotADirectoryError):
        return 0
    except OSError as exc:
        raise io_error(exc, where, "list") from None
    cleaned = 0
    for entry in sorted(entries, key=lambda e: e.name):
        if not entry.is_dir(follow_symlinks=False):
            continue
        try:
            cleaned += _recover_stage(where, Path(entry.path))
        except (OSError, ValueError, KeyError) as exc:
            if isinstance(exc, OSError):
                raise io_error(exc, entry.path, "clean up an interrupted write in") from None
            raise SourceError("a damaged journal: remove this folder", path=entry.path) from None
    return cleaned


def _prepare_folder(folder: Path, parents: bool) -> None:
    if parents:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise SourceError("cannot write here: a file, not a folder", path=folder) from None
        except OSError as exc:
            raise io_error(exc, folder, "create the folder") from None
    if not folder.is_dir():
        raise SourceError("cannot write: the folder does not exist", path=folder)
    recover(folder)


def write_set(
    files: Mapping[str | os.PathLike[str], bytes | str], *, parents: bool = False
) -> list[Path]:
    """Write several files as one change: all new files in place, or none (old set intact).

    Parameters
    ----------
    files : mapping of path to bytes or str
        The targets and their contents (``str`` is written as UTF-8); any folders.
    parents : bool, default False
        Create missing folders. Without it a missing folder is an error: a typo in an
        output path should not create a tree of folders.

    Returns
    -------
    list of pathlib.Path
        The paths, in the order given. A file already holding its new bytes is left
        alone (mtime kept: a daily rebuild touches only the pages that changed).

    Raises
    ------
    SourceError
        A folder that is missing or cannot be written, a target that is a folder, no space,
        ...: one line naming the path. Nothing under a final name has changed.
    """
    targets = {
        Path(p): (d.encode("utf-8") if isinstance(d, str) else bytes(d)) for p, d in files.items()
    }
    groups: dict[Path, dict[str, bytes]] = {}
    for folder in dict.fromkeys(t.parent for t in targets):
        _prepare_folder(folder, parents)
    for target, payload in targets.items():
        with suppress(OSError):
            if target.stat().st_size == len(payload) and target.read_bytes() == payload:
                continue  # already these very bytes: left alone
        groups.setdefault(target.parent, {})[target.name] = payload
    stages: list[_Stage] = []
    try:
        for folder, members in groups.items():
            stages.append(_Stage(folder))
            for name, payload in members.items():
                stages[-1].add(name, payload)
        for stage in stages:
            stage.journal()
        try:
            for stage in stages:
                stage.move_in()
        except BaseException:  # a failed rename, or an interrupt: put the old set back
            for stage in reversed(stages):
                stage.roll_back()
            raise
    finally:
        for stage in stages:
            stage.close()
    return list(targets)


def replace_set(
    target_dir: str | os.PathLike[str],
    files: Mapping[str, bytes | str],
    *,
    parents: bool = True,
) -> list[Path]:
    """Replace a set of files in one folder together (see :func:`write_set`).

    Parameters
    ----------
    target_dir : str or os.PathLike
        The folder; created (with its parents) if missing unless ``parents`` is false.
    files : mapping of str to bytes or str
        File names (no folders) and contents.
    parents : bool, default True
        Create ``target_dir`` if missing.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order given.

    Raises
    ------
    SourceError
        As :func:`write_set`; the old set is untouched.
    """
    folder = Path(target_dir)
    for name in files:
        if not name or Path(name).name != name or name in (".", ".."):
            raise UsageError(f"replace_set takes plain file names, got {name!r}")
    return write_set({folder / name: data for name, data in files.items()}, parents=parents)


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, parents: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically (a set of one, see :func:`write_set`).

    Parameters
    ----------
    path : str or os.PathLike
        The target file.
    data : bytes or str
        The content; ``str`` is written as UTF-8.
    parents : bool, default False
        Create the target's folder (and its parents) first.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    SourceError
        The folder does not exist (and ``parents`` is false) or cannot be written.
    """
    return write_set({path: data}, parents=parents)[0]


def write_replaceable(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write a cache entry: atomic (temp file + rename), not durable (no fsync, journal).

    After a crash: the old file, the new one or none (a cache miss). Raises OSError.
    """
    final = Path(path)
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".frontline-part-", dir=final.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _mode_for(final))
        os.replace(tmp, final)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    return final


@contextmanager
def temp_beside(target: str | os.PathLike[str], suffix: str = "") -> Iterator[str]:
    """A temporary file name in a staging folder beside ``target``, removed unless committed.

    Parameters
    ----------
    target : str or os.PathLike
        The final path; its folder must exist.
    suffix : str, default ""
        Appended after ``.tmp`` (some writers, like GDAL's, pick a format by suffix).

    Yields
    ------
    str
        The temporary path: an empty file that exists (delete it first for writers that
        refuse to overwrite). Pass it to :func:`commit` to move it into place. Files a
        writer creates beside it (journals, indexes) are removed with the staging folder.

    Raises
    ------
    SourceError
        The folder does not exist or a file cannot be created in it.
    """
    final = Path(target)
    folder = final.parent
    if not folder.is_dir():
        raise SourceError("cannot write: the folder does not exist", path=final)
    if final.is_dir():
        raise SourceError("cannot write: it is a folder; give a file name", path=final)
    recover(folder)
    stage = _Stage(folder)
    try:
        name = stage.path / "new" / ("file.tmp" + suffix)
        try:
            name.touch()
        except OSError as exc:
            raise io_error(exc, final, "write") from None
        yield str(name)
    finally:
        stage.close()


def commit(tmp: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Move a finished temporary file over ``target`` in one atomic rename.

    Parameters
    ----------
    tmp : str or os.PathLike
        The temporary file (from :func:`temp_beside`), fully written.
    target : str or os.PathLike
        The final path. An existing file keeps its permission bits; a new one gets the
        mode ``open()`` would give it (0o666 less the umask), not ``mkstemp``'s 0o600.

    Raises
    ------
    SourceError
        The rename or the mode change failed.
    """
    final = Path(target)
    try:
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(final))
        os.replace(tmp, final)
    except OSError as exc:
        raise io_error(exc, final, "write") from None
    _fsync_dir(final.parent)
