"""Input limits: what a file must be before it is read, and how large a document may be.

A huge or hostile file must not hang the process or exhaust memory. A GeoJSON file over
:data:`MAX_INPUT_MB` MiB is refused before it is read (override with the
``FRONTLINE_MAX_INPUT_MB`` environment variable); a document with more than
:data:`MAX_POSITIONS` positions is refused (``FRONTLINE_MAX_POSITIONS``), while the bytes are
read and before they are parsed (:mod:`geo.io.scan`), and again on the parsed document.

Examples
--------
>>> env_limit("FRONTLINE_NO_SUCH_LIMIT", 5.0)
5.0
"""

from __future__ import annotations

import os
from pathlib import Path

from geo.errors import SourceError

__all__ = ["MAX_INPUT_MB", "MAX_POSITIONS", "check_input_size", "env_limit", "require_file"]

#: Default size limit for a GeoJSON file, in MiB (env ``FRONTLINE_MAX_INPUT_MB``). Parsing
#: JSON into Python lists costs 10-20x the file size in memory; 128 MiB stays under ~2.5 GB.
MAX_INPUT_MB = 128
#: Default limit on the number of positions in one GeoJSON document
#: (env ``FRONTLINE_MAX_POSITIONS``). The bundled layers hold a few thousand.
MAX_POSITIONS = 10_000_000


def env_limit(name: str, default: float) -> float:
    """A positive limit from the environment variable ``name``, or ``default`` when unset.

    Parameters
    ----------
    name : str
        The environment variable, e.g. ``"FRONTLINE_MAX_POSITIONS"``.
    default : float
        The limit when the variable is unset or empty.

    Returns
    -------
    float

    Raises
    ------
    SourceError
        The variable is not a positive number.
    """
    value = os.environ.get(name)
    if not value:
        return default
    try:
        limit = float(value)
    except ValueError:
        raise SourceError(f"environment variable {name}={value!r} is not a number") from None
    if not limit > 0:
        raise SourceError(f"environment variable {name}={value!r} must be positive")
    return limit


def require_file(path: Path, label: str) -> int:
    """Refuse a missing path, a directory or an unreadable file; return its size in bytes.

    Parameters
    ----------
    path : pathlib.Path
        The file.
    label : str
        The name used in error messages.

    Returns
    -------
    int
        The size in bytes.

    Raises
    ------
    SourceError
        No such file, a directory, not a regular file, or not readable.
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        raise SourceError("no such file", path=label) from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", path=label) from None
    if path.is_dir():
        raise SourceError("is a directory, expected a file", path=label)
    if not path.is_file():
        raise SourceError("is not a regular file", path=label)
    return st.st_size


def check_input_size(size: int, label: str) -> None:
    """Refuse a GeoJSON file over the size limit (``FRONTLINE_MAX_INPUT_MB``) or empty.

    Parameters
    ----------
    size : int
        The file's size in bytes.
    label : str
        The name used in error messages.

    Raises
    ------
    SourceError
        The file is larger than the limit, or empty.

    Examples
    --------
    >>> check_input_size(1024, "a.geojson")
    >>> check_input_size(0, "a.geojson")
    Traceback (most recent call last):
    geo.errors.SourceError: a.geojson: file is empty, expected a GeoJSON object
    """
    limit_mb = env_limit("FRONTLINE_MAX_INPUT_MB", MAX_INPUT_MB)
    if size > limit_mb * 1024 * 1024:
        raise SourceError(
            f"file is {size / 1024 / 1024:,.1f} MiB, over the {limit_mb:g} MiB limit for GeoJSON "
            "(simplify it, or raise FRONTLINE_MAX_INPUT_MB)",
            path=label,
        )
    if size == 0:
        raise SourceError("file is empty, expected a GeoJSON object", path=label)
