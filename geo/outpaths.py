"""Where frontline may write, checked before any work; OS errors as one-line messages.

An output path is checked when the command starts, not after minutes of computing
(:func:`check_output_file`, :func:`check_output_dir`): the right suffix, not a folder, not
a special file (device, pipe, socket), not under ``/proc``, ``/sys`` or ``/dev`` (kernel
interfaces, not storage; ``/dev/shm`` is allowed), names of at most 255 bytes, and a folder
that exists (or can be created) and may be written. What can still go wrong while writing
(a full disk) is handled by :mod:`geo.files`, which leaves the old files intact.

:func:`io_error` is the one translation of an :class:`OSError` into a
:class:`~geo.errors.SourceError`: the path, what was being done, the system's reason and
what to do about it, on one line. Readers, writers and the CLI's last-resort handler all
use it.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> check_output_file(folder / "rows.csv", suffixes=(".csv", ".json")).name
'rows.csv'
>>> check_output_file(folder / "rows.exe", suffixes=(".csv",))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
geo.errors.UsageError: --out ...rows.exe: expected a .csv file, got .exe
>>> check_output_dir("/proc/maps")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
geo.errors.SourceError: /proc/maps: --out: /proc is a kernel file system, not storage; ...
"""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

from geo.errors import SourceError, UsageError

__all__ = [
    "SPECIAL_ROOTS",
    "check_output_dir",
    "check_output_file",
    "io_error",
    "why_write_failed",
]

#: Output under these roots is refused: they are kernel interfaces and devices, not storage.
#: Output under these roots is refused: they are kernel interfaces and devices, not storage.
SPECIAL_ROOTS = ("/proc", "/sys", "/dev")
_ORDINARY_UNDER_DEV = ("/dev/shm",)

_HINTS: dict[int, str] = {
    errno.ENOENT: "check the path, or create the folder first",
    errno.ENOTDIR: "part of the path is a file, not a folder; choose a path in a folder",
    errno.EEXIST: "a file is in the way; remove it or choose another path",
    errno.EISDIR: "it is a folder; give a file name",
    errno.EACCES: "choose a location you may write to, or fix its permissions",
    errno.EPERM: "choose a location you may write to, or fix its permissions",
    errno.EROFS: "choose a folder on a writable disk",
    errno.ENOSPC: "free some space or choose another disk",
    errno.EDQUOT: "free some space or choose another disk",
    errno.EFBIG: "the file is too large for this file system; choose another disk",
    errno.ENAMETOOLONG: "use a shorter file or folder name",
    errno.EIO: "the device failed; use an ordinary file on another disk",
    errno.ENXIO: "a device, not a file; use an ordinary file",
    errno.ENODEV: "a device, not a file; use an ordinary file",
    errno.ELOOP: "check the symbolic links in the path",
    errno.EMFILE: "raise the open-file limit (ulimit -n)",
    errno.ENFILE: "raise the open-file limit (ulimit -n)",
    errno.ETXTBSY: "close the program using the file",
    errno.EINVAL: "use an ordinary file on an ordinary disk",
}


def io_error(exc: OSError, path: str | os.PathLike[str] | None, doing: str) -> SourceError:
    """Turn an :class:`OSError` into a one-line error: the path, the action, what to do.

    Parameters
    ----------
    exc : OSError
        The error.
    path : str or os.PathLike, optional
        The path the user named (default: the error's own ``filename``).
    doing : str
        What was being done, as a verb phrase: ``"write"``, ``"read"``, ``"create the folder"``.

    Returns
    -------
    SourceError
        E.g. ``out/front.html: cannot write: No space left on device; free some space or
        choose another disk``.

    Examples
    --------
    >>> str(io_error(OSError(errno.EROFS, "Read-only file system"), "/mnt/a.csv", "write"))
    '/mnt/a.csv: cannot write: Read-only file system; choose a folder on a writable disk'
    """
    where = path if path is not None else exc.filename
    fallback = exc.strerror or str(exc) or type(exc).__name__
    reason = os.strerror(exc.errno) if exc.errno else fallback
    hint = _HINTS.get(exc.errno or 0)
    return SourceError(f"cannot {doing}: {reason}" + (f"; {hint}" if hint else ""), path=where)


def _special_root(path: Path) -> str | None:
    """The kernel file system (``/proc``, ``/sys``, ``/dev``) ``path`` lies under, if any."""
    for candidate in {os.path.abspath(path), os.path.realpath(path)}:
        for root in SPECIAL_ROOTS:
            inside = candidate == root or candidate.startswith(root + os.sep)
            if inside and not candidate.startswith(_ORDINARY_UNDER_DEV):
                return root
    return None


def _refuse_special(path: Path, option: str) -> None:
    root = _special_root(path)
    if root is not None:
        raise SourceError(
            f"{option}: {root} is a kernel file system, not storage; choose an ordinary folder",
            path=path,
        )
    for part in path.parts:
        if len(os.fsencode(part)) > 255:
            raise SourceError(
                f"{option}: a name in the path is over 255 bytes; use a shorter name", path=path
            )


def _check_writable_folder(folder: Path, option: str) -> None:
    """``folder`` exists, is a folder, and this process may create files in it."""
    if not folder.exists():
        raise SourceError(f"{option}: the folder does not exist; create it first", path=folder)
    if not folder.is_dir():
        raise SourceError(f"{option}: a file, not a folder; choose another path", path=folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        readonly = False
        with suppress(OSError):
            readonly = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
        why = errno.EROFS if readonly else errno.EACCES
        raise io_error(OSError(why, os.strerror(why)), folder, f"write in ({option})")


def _either(options: Sequence[str]) -> str:
    """``".csv, .json or .png"``."""
    items = list(options)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def check_output_file(
    path: str | os.PathLike[str],
    *,
    suffixes: Sequence[str] | None = None,
    option: str = "--out",
) -> Path:
    """Check, before any work, that a file can be written at ``path``.

    Parameters
    ----------
    path : str or os.PathLike
        The output file.
    suffixes : sequence of str, optional
        The allowed suffixes, lower case with the dot (``(".csv", ".json")``).
    option : str, default "--out"
        The option's name, for the message.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    UsageError
        An empty path or a wrong suffix.
    SourceError
        A folder, a special file (device, pipe, socket), a path under ``/proc``, ``/sys``
        or ``/dev``, a name over 255 bytes, a missing folder, or one that cannot be written.
    """
    if not os.fspath(path):
        raise UsageError(f"{option}: give a file name")
    target = Path(path)
    if suffixes is not None and target.suffix.lower() not in suffixes:
        raise UsageError(
            f"{option} {target}: expected a {_either(suffixes)} file, "
            f"got {target.suffix or 'no suffix'}"
        )
    _refuse_special(target, option)
    if target.is_dir():
        raise SourceError(f"{option}: it is a folder; give a file name", path=target)
    if target.exists() and not target.is_file():
        raise SourceError(
            f"{option}: a special file (device, pipe or socket); choose an ordinary file",
            path=target,
        )
    _check_writable_folder(target.parent, option)
    return target


def check_output_dir(path: str | os.PathLike[str], *, option: str = "--out") -> Path:
    """Check, before any work, that files can be written in folder ``path`` (made if missing).

    Parameters
    ----------
    path : str or os.PathLike
        The output folder; it and its missing parents are created when the files are written.
    option : str, default "--out"
        The option's name, for the message.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    SourceError
        A path under ``/proc``, ``/sys`` or ``/dev``, a file where a folder should be, a name
        over 255 bytes, or a folder that cannot be written.
    """
    if not os.fspath(path):
        raise UsageError(f"{option}: give a folder")
    folder = Path(path)
    _refuse_special(folder, option)
    existing = folder
    while not existing.exists() and existing != existing.parent:
        if existing.is_symlink():  # a dangling link: mkdir would fail on it
            raise SourceError(f"{option}: a broken symbolic link is in the way", path=existing)
        existing = existing.parent
    if not existing.is_dir():
        raise SourceError(f"{option}: a file, not a folder; choose another path", path=existing)
    _check_writable_folder(existing, option)
    return folder


def why_write_failed(path: str | os.PathLike[str]) -> OSError | None:
    """After a library writer failed with its own message (GDAL, matplotlib), the OS reason.

    GDAL reports a full disk as "Cannot write feature"; this looks at the target's file
    system for the usual culprits, so the user hears "No space left on device".

    Parameters
    ----------
    path : str or os.PathLike
        The file that could not be written.

    Returns
    -------
    OSError or None
        ``ENOSPC`` when the file system has (almost) no space left, ``EROFS`` when it is
        read-only, ``None`` when neither explains the failure.
    """
    folder = Path(path).parent
    try:
        st = os.statvfs(folder)
    except OSError:
        return None
    if st.f_flag & os.ST_RDONLY:
        return OSError(errno.EROFS, os.strerror(errno.EROFS))
    if st.f_bavail * st.f_frsize < 64 * 1024:
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return None
