r"""Atomic files: the one place frontline writes a file under its final name.

A reader (a browser, a CMS import, a CI job) must never see a half-written file, and a
failed write must leave the previous file intact. Every writer in frontline therefore
writes to a temporary file *in the target's folder* (so the final rename stays on one file
system and is atomic), flushes it to disk, gives it the mode a plain ``open()`` would have,
and renames it over the target with :func:`os.replace`.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(folder / "a.txt", "Київ\\n").read_text(encoding="utf-8")
'Київ\\n'
>>> sorted(p.name for p in folder.iterdir())  # no temporary file left behind
['a.txt']
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from geo.errors import SourceError

__all__ = ["commit", "temp_beside", "write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, parents: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically: a temporary file in the same folder, renamed.

    Parameters
    ----------
    path : str or os.PathLike
        The target file.
    data : bytes or str
        The content; ``str`` is written as UTF-8.
    parents : bool, default False
        Create the target's folder (and its parents) first. Without it, a missing folder
        is an error: a typo in an output path should not create a tree of folders.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    SourceError
        The folder does not exist (and ``parents`` is false) or cannot be written.
    """
    target = Path(path)
    if parents:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SourceError(f"cannot write: {exc.strerror or exc}", path=target) from None
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    with temp_beside(target) as tmp:
        try:
            with open(tmp, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise SourceError(f"cannot write: {exc.strerror or exc}", path=target) from None
        commit(tmp, target)
    return target


@contextmanager
def temp_beside(target: str | os.PathLike[str], suffix: str = "") -> Iterator[str]:
    """A temporary file name next to ``target``, removed again unless committed.

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
        refuse to overwrite). Pass it to :func:`commit` to move it into place.

    Raises
    ------
    SourceError
        The folder does not exist or a file cannot be created in it.
    """
    final = Path(target)
    folder = final.parent
    if not folder.is_dir():
        raise SourceError("cannot write: the folder does not exist", path=final)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp" + suffix, dir=folder)
    except OSError as exc:
        raise SourceError(f"cannot write: {exc.strerror or exc}", path=final) from None
    os.close(fd)
    try:
        yield name
    finally:
        if os.path.exists(name):
            os.unlink(name)


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
        umask = os.umask(0)
        os.umask(umask)
        mode = final.stat().st_mode & 0o777 if final.exists() else 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, final)
    except OSError as exc:
        raise SourceError(f"cannot write: {exc.strerror or exc}", path=final) from None
