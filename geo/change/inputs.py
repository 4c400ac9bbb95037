"""The two ends of a change report: snapshot paths or ``deepstate:`` references, and a credit.

A reference is a path to any snapshot file :func:`geo.sources.read_source` reads, or
``deepstate:YYYY-MM-DD`` / ``deepstate:latest``: a DeepStateMap daily snapshot, found in
(or fetched into) the local cache by :func:`geo.sources.resolve_snapshot_ref`. ``--since
7d`` counts back from the newest cached or fetched date.

Examples
--------
>>> parse_since("7d"), parse_since("2w"), parse_since("10")
(7, 14, 10)
>>> is_reference("deepstate:2026-08-22"), is_reference("data/a.geojson")
(True, False)
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from geo.errors import SourceError, UsageError
from geo.sources import DEEPSTATE_CREDIT, credit_for, parse_date, resolve_snapshot_ref

__all__ = [
    "DEEPSTATE_CREDIT",
    "default_credit",
    "is_reference",
    "parse_since",
    "reference_for",
    "resolve_input",
]

_PREFIX = "deepstate:"


def is_reference(text: str) -> bool:
    """True when ``text`` is a ``deepstate:`` reference rather than a path."""
    return str(text).startswith(_PREFIX)


def _check_reference(text: str) -> None:
    """Raise a UsageError for a malformed ``deepstate:`` reference (before any I/O)."""
    rest = text[len(_PREFIX) :]
    if rest == "latest":
        return
    try:
        parse_date(rest)
    except SourceError:
        raise UsageError(
            f"malformed reference {text!r}: expected deepstate:YYYY-MM-DD or deepstate:latest"
        ) from None


def resolve_input(text: str) -> Path:
    """Return the snapshot file for a path or a ``deepstate:`` reference.

    Parameters
    ----------
    text : str
        A path, ``deepstate:YYYY-MM-DD`` or ``deepstate:latest``.

    Returns
    -------
    pathlib.Path
        An existing file.

    Raises
    ------
    UsageError
        A malformed reference.
    SourceError
        A missing file, or a reference that cannot be resolved (no cache and offline, no
        such date upstream: :func:`geo.sources.resolve_snapshot_ref`).
    """
    text = str(text)
    if is_reference(text):
        _check_reference(text)
        return Path(resolve_snapshot_ref(text))
    path = Path(os.path.expanduser(text))
    if not path.is_file():
        raise SourceError("no such snapshot file", path=path)
    return path


def parse_since(text: str) -> int:
    """Days in a ``--since`` span: ``7d``, ``2w`` or a bare number of days.

    Raises
    ------
    UsageError
        Anything else, or zero days.
    """
    m = re.fullmatch(r"\s*(\d{1,5})\s*([dw]?)\s*", str(text))
    if not m or int(m.group(1)) == 0:
        raise UsageError(f"--since {text!r}: expected a span like 7d or 2w")
    return int(m.group(1)) * (7 if m.group(2) == "w" else 1)


def reference_for(day: dt.date) -> str:
    """The ``deepstate:`` reference of a date."""
    return f"{_PREFIX}{day.isoformat()}"


def default_credit(*paths: str | os.PathLike[str]) -> str | None:
    """DeepStateMap's credit when every file is a DeepStateMap daily snapshot, else None."""
    credits = {credit_for(p) for p in paths}
    return DEEPSTATE_CREDIT if credits == {DEEPSTATE_CREDIT} else None
