"""Snapshot dates: from a file name, or from a user option.

A folder of snapshots is only a timeline if every file has a date. Dates are read from the
file *name* (never from the modification time, which copying changes), in these forms:

- ``YYYYMMDD`` as a run of exactly eight digits, e.g. ``deepstatemap_data_20240708.geojson``;
- an ISO date ``YYYY-MM-DD`` (also with ``_`` or ``.`` as separators), e.g.
  ``occupied_2024-11-13.gpkg``;
- a Unix time in seconds (ten digits) or milliseconds (thirteen digits), taken as UTC, e.g.
  ``deepstate_raw_1724184993.geojson`` → 2024-08-20 (20:16 UTC).

A name holding two different dates, or none, is an error naming the file: a silently wrong
date would put a snapshot in the wrong place of a timeline.

Examples
--------
>>> date_from_name("deepstatemap_data_20240708.geojson")
datetime.date(2024, 7, 8)
>>> date_from_name("deepstate_raw_1724184993.geojson")
datetime.date(2024, 8, 20)
>>> date_from_name("front 2024-11-13.kml")
datetime.date(2024, 11, 13)
>>> date_from_name("notes.geojson") is None
True
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import PurePath

from geo.errors import SourceError

__all__ = ["MONTH_NAMES", "date_from_name", "long_date", "parse_date", "resolve_date"]

# Plausible years for a snapshot; anything else is taken as "not a date" (a feature id,
# a file size, ...), not silently accepted.
_MIN_YEAR, _MAX_YEAR = 1990, 2100

_ISO = re.compile(r"(?<!\d)(\d{4})[-_.](\d{2})[-_.](\d{2})(?!\d)")
_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_EPOCH_S = re.compile(r"(?<!\d)(\d{10})(?!\d)")
_EPOCH_MS = re.compile(r"(?<!\d)(\d{13})(?!\d)")

DateLike = dt.date | str

#: English month names, fixed here rather than taken from the locale (``calendar``), so
#: every sentence and credit reads the same on any machine.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(d: dt.date, *, year: bool = True) -> str:
    """A date as a reader writes it: ``22 August 2026`` (or ``22 August`` without the year).

    Examples
    --------
    >>> long_date(dt.date(2026, 8, 22)), long_date(dt.date(2026, 8, 1), year=False)
    ('22 August 2026', '1 August')
    """
    return f"{d.day} {MONTH_NAMES[d.month - 1]}" + (f" {d.year}" if year else "")


def _ymd(y: str, m: str, d: str) -> dt.date | None:
    try:
        value = dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    return value if _MIN_YEAR <= value.year <= _MAX_YEAR else None


def _epoch(seconds: float) -> dt.date | None:
    try:
        value = dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None
    return value if _MIN_YEAR <= value.year <= _MAX_YEAR else None


def _candidates(stem: str) -> list[dt.date]:
    found: list[dt.date] = []
    for m in _ISO.finditer(stem):
        found.append(_ymd(*m.groups()))  # type: ignore[arg-type]
    for m in _COMPACT.finditer(stem):
        found.append(_ymd(*m.groups()))  # type: ignore[arg-type]
    for m in _EPOCH_S.finditer(stem):
        found.append(_epoch(int(m.group(1))))  # type: ignore[arg-type]
    for m in _EPOCH_MS.finditer(stem):
        found.append(_epoch(int(m.group(1)) / 1000.0))  # type: ignore[arg-type]
    return [d for d in found if d is not None]


def date_from_name(path: str | os.PathLike[str]) -> dt.date | None:
    """Return the date written in a file name, or ``None`` when it holds none.

    Parameters
    ----------
    path : str or os.PathLike
        A file path; only the final component's stem (name without suffixes) is read.

    Returns
    -------
    datetime.date or None
        The date (UTC for Unix times), or ``None`` when the name has no date.

    Raises
    ------
    SourceError
        When the name holds two *different* dates (ambiguous).

    Examples
    --------
    >>> date_from_name("/data/deepstatemap_data_20260822.geojson")
    datetime.date(2026, 8, 22)
    """
    name = PurePath(os.fspath(path)).name
    # Drop the suffixes (".geojson", ".kml.zip") but keep dotted dates ("2024.11.13").
    stem = re.sub(r"(\.[A-Za-z][A-Za-z0-9]*)+$", "", name)
    dates = sorted(set(_candidates(stem)))
    if not dates:
        return None
    if len(dates) > 1:
        listed = ", ".join(d.isoformat() for d in dates)
        raise SourceError(
            f"the file name holds several dates ({listed}); rename it or give the date explicitly",
            path=os.fspath(path),
        )
    return dates[0]


def parse_date(value: DateLike, *, path: str | os.PathLike[str] | None = None) -> dt.date:
    """Parse a date given as an option: a :class:`datetime.date`, ``YYYY-MM-DD`` or ``YYYYMMDD``.

    Parameters
    ----------
    value : datetime.date or str
        The date. A :class:`datetime.datetime` is reduced to its date.
    path : str or os.PathLike, optional
        The file the date is for, named in the error message.

    Returns
    -------
    datetime.date

    Raises
    ------
    SourceError
        When ``value`` is not a valid date in one of those forms.

    Examples
    --------
    >>> parse_date("2024-11-13"), parse_date("20241113")
    (datetime.date(2024, 11, 13), datetime.date(2024, 11, 13))
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text
    )
    parsed = _ymd(*m.groups()) if m else None
    if parsed is None:
        raise SourceError(
            f"unparseable date {text!r}; expected YYYY-MM-DD (e.g. 2024-11-13)",
            path=None if path is None else os.fspath(path),
        )
    return parsed


def resolve_date(
    path: str | os.PathLike[str], date: DateLike | None = None, *, required: bool = True
) -> dt.date | None:
    """The date of a snapshot file: ``date`` when given, else the one in its name.

    Parameters
    ----------
    path : str or os.PathLike
        The snapshot file.
    date : datetime.date or str, optional
        An explicit date (wins over the file name).
    required : bool, default True
        Raise when no date can be found; with ``False`` return ``None`` instead.

    Returns
    -------
    datetime.date or None

    Raises
    ------
    SourceError
        An unparseable ``date``, an ambiguous name, or (``required``) a name with no date.
    """
    if date is not None:
        return parse_date(date, path=path)
    found = date_from_name(path)
    if found is None and required:
        raise SourceError(
            "unparseable date: the file name holds no date (expected e.g. "
            "deepstatemap_data_YYYYMMDD, YYYY-MM-DD or a Unix time like 1724184993); "
            "rename the file or give the date explicitly",
            path=os.fspath(path),
        )
    return found
