"""``deepstate:`` references: a DeepState daily snapshot named by its date instead of a path.

Wherever a snapshot path is accepted (:func:`geo.sources.read_source`,
:func:`geo.sources.find_snapshots`, and so every command and recipe built on them), these work
too:

- ``deepstate:YYYY-MM-DD`` — that day's file;
- ``deepstate:latest`` — the newest file upstream (offline: the newest cached one);
- ``deepstate:FROM..TO`` — every file of a date range (where several files are accepted, such
  as a timeline); dates upstream does not have are left out.

A reference resolves through the cache (:mod:`geo.sources.cache`): a valid cached file is used
as it is, without contacting the server (daily files do not change once published); a date
not cached is fetched (:func:`geo.sources.fetch.fetch_deepstate`). The licence notice is
logged on first use of a cache folder, and "offline, using the cache" when it applies (both as
``logging`` warnings, which reach stderr when logging is not configured).

Examples
--------
>>> parse_snapshot_ref("deepstate:2024-08-01")
(datetime.date(2024, 8, 1), datetime.date(2024, 8, 1))
>>> parse_snapshot_ref("DeepState:2024-08-01..2024-08-03")
(datetime.date(2024, 8, 1), datetime.date(2024, 8, 3))
>>> parse_snapshot_ref("deepstate:latest")
(None, None)
>>> is_snapshot_ref("layers/occupied-2024-11-13.geojson")
False
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import Any

from geo.errors import SourceError
from geo.sources.cache import SnapshotCache, cache_dir
from geo.sources.dates import parse_date
from geo.sources.fetch import FetchReport, check_in_range, fetch_deepstate, today_utc

__all__ = [
    "REF_PREFIX",
    "is_snapshot_ref",
    "parse_snapshot_ref",
    "resolve_snapshot_ref",
    "resolve_snapshot_refs",
]

#: The prefix of a reference (case-insensitive).
REF_PREFIX = "deepstate:"

log = logging.getLogger("geo.sources.fetch")

_FORMS = "expected deepstate:YYYY-MM-DD, deepstate:latest or deepstate:FROM..TO"


def is_snapshot_ref(value: object) -> bool:
    """True when ``value`` is a string starting with ``deepstate:`` (any case)."""
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    return isinstance(value, str) and value.strip().lower().startswith(REF_PREFIX)


def parse_snapshot_ref(text: str) -> tuple[dt.date | None, dt.date | None]:
    """The date range a reference names: ``(day, day)``, ``(FROM, TO)`` or ``(None, None)``.

    Parameters
    ----------
    text : str
        ``deepstate:YYYY-MM-DD``, ``deepstate:FROM..TO`` or ``deepstate:latest``.

    Returns
    -------
    (datetime.date or None, datetime.date or None)
        ``(None, None)`` for ``latest``.

    Raises
    ------
    SourceError
        Not a reference, a malformed date, or FROM later than TO.
    """
    if not is_snapshot_ref(text):
        raise SourceError(f"not a deepstate: reference: {text!r}; {_FORMS}")
    body = text.strip()[len(REF_PREFIX) :].strip()
    if body.lower() == "latest":
        return None, None
    parts = body.split("..")
    if len(parts) > 2 or not all(parts):
        raise SourceError(f"malformed reference {text!r}; {_FORMS}")
    try:
        days = [parse_date(p.strip()) for p in parts]
    except SourceError:
        raise SourceError(f"malformed date in {text!r}; {_FORMS}") from None
    start, end = days[0], days[-1]
    if start > end:
        raise SourceError(f"{text!r}: FROM {start} is later than TO {end}")
    return start, end


def _announce(report: FetchReport) -> None:
    if report.notice:
        log.warning("%s", report.notice)
    if report.offline:
        log.warning("offline (%s): using the cache in %s", report.offline, report.cache)


def resolve_snapshot_refs(
    text: str,
    *,
    cache: str | os.PathLike[str] | None = None,
    base_url: str | None = None,
    today: dt.date | None = None,
    **options: Any,
) -> list[Path]:
    """The cached files a reference names, fetching the ones that are not cached.

    Parameters
    ----------
    text : str
        A reference (see the module docstring).
    cache : str or os.PathLike, optional
        The cache folder (default: ``FRONTLINE_CACHE`` or the user cache folder).
    base_url : str, optional
        A mirror (default: ``FRONTLINE_DEEPSTATE_URL`` or upstream).
    today : datetime.date, optional
        Today (UTC), for range checks; for tests.
    **options
        Passed to :func:`geo.sources.fetch.fetch_deepstate` (``timeout_s``, ``retries``,
        ``backoff_s``, ``client``).

    Returns
    -------
    list of pathlib.Path
        Sorted by date; one file for a date or ``latest``.

    Raises
    ------
    SourceError
        A malformed reference, a date outside the data's range, a date upstream does not
        have (naming the nearest), offline with the file not cached, a server failure.
    """
    start, end = parse_snapshot_ref(text)
    today = today or today_utc()
    common: dict[str, Any] = {"cache": cache, "base_url": base_url, "today": today, **options}
    if start is None or end is None:
        report = fetch_deepstate(latest=True, progress=False, **common)
        _announce(report)
        return [Path(p) for p in report.paths]
    check_in_range(start, today)
    check_in_range(end, today)
    store = SnapshotCache(cache_dir(cache))
    days = [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]
    found = {d: store.valid(d) for d in days}
    todo = [d for d, p in found.items() if p is None]
    if todo:
        if start == end:
            report = fetch_deepstate(date=start, progress=False, **common)
        else:
            try:
                report = fetch_deepstate(since=todo[0], until=todo[-1], revalidate=False, **common)
            except SourceError as exc:
                if not any(found.values()):
                    raise
                log.warning("%s", exc)
                return [p for _, p in sorted(found.items()) if p is not None]
        _announce(report)
        for item in report.items:
            if item.path is not None:
                found[item.date] = Path(item.path)
    return [p for _, p in sorted(found.items()) if p is not None]


def resolve_snapshot_ref(
    text: str,
    *,
    cache: str | os.PathLike[str] | None = None,
    base_url: str | None = None,
    **options: Any,
) -> Path:
    """The cached file of a one-date reference (``deepstate:YYYY-MM-DD`` or ``latest``).

    Fetched when it is not cached (see :func:`resolve_snapshot_refs` for the parameters).

    Parameters
    ----------
    text : str
        The reference.
    cache : str or os.PathLike, optional
    base_url : str, optional
    **options
        As :func:`resolve_snapshot_refs`.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    SourceError
        As :func:`resolve_snapshot_refs`; also for a range (it names several files).
    """
    start, end = parse_snapshot_ref(text)
    if start != end:
        raise SourceError(
            f"{text!r} names a range of dates; give one date here (ranges work where "
            "several files are accepted, e.g. frontline timeline)"
        )
    paths = resolve_snapshot_refs(text, cache=cache, base_url=base_url, **options)
    if not paths:  # pragma: no cover - fetch_deepstate raises first
        raise SourceError(f"{text!r}: no snapshot could be had")
    return paths[0]
