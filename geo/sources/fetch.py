"""Fetch DeepStateMap daily snapshots from ``cyterat/deepstate-map-data`` into the local cache.

The repository publishes one file a day, ``data/deepstatemap_data_YYYYMMDD.geojson``, from
:data:`FIRST_DATE`. :func:`fetch_deepstate` downloads the files of one date, the newest date,
or a range, into a :class:`~geo.sources.cache.SnapshotCache` (see there for where the
folder is), with:

- an :mod:`httpx` client with a timeout on every request (:data:`TIMEOUT_S`);
- a bounded number of retries (:data:`RETRIES`) with exponential backoff (:data:`BACKOFF_S`,
  doubling) for connection failures, timeouts, truncated transfers, 5xx/429 answers and
  bodies that are not a valid snapshot;
- conditional requests: the ``ETag`` and ``Last-Modified`` of each download are kept beside
  the file and sent back as ``If-None-Match`` / ``If-Modified-Since``, so a re-run on a warm
  cache transfers no body (``304 Not Modified``);
- validation of every body with the snapshot reader before it enters the cache, written
  atomically: a bad download never replaces a good cached file, and a corrupt cached file is
  fetched again, never used;
- a progress bar (tqdm, on a terminal) for many files.

Offline (no connection to the server), dates already cached are used and the report says so;
a date that is not cached is an error naming the URL tried and how to point frontline at a
folder of files (``--cache DIR`` or ``FRONTLINE_CACHE``).

**The newest date** (``latest=True``): HEAD requests for today (UTC) and back, one day at a
time, at most :data:`LATEST_WINDOW_DAYS` days (upstream publishes daily, so this normally
takes one or two requests). Any server that answers ``HEAD`` for the files, such as a plain
static mirror, supports it; no listing endpoint is needed.

**A missing date** (404): the error names the nearest available dates, from the cache and
from HEAD probes on either side (days 1 to 7, then 14, 30, 60 and 120 days away, narrowed by
bisection), at most about 20 requests a side.

``base_url`` (or ``FRONTLINE_DEEPSTATE_URL``) points at a mirror with the same layout.
Nothing is fetched at import; only the functions named ``fetch_*`` and the
:class:`DeepStateFetcher` methods contact the server.

Examples
--------
>>> snapshot_url(dt.date(2024, 7, 8), "http://127.0.0.1:8000/")
'http://127.0.0.1:8000/data/deepstatemap_data_20240708.geojson'
>>> resolve_base_url("https://example.org/mirror")
'https://example.org/mirror/'
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from geo.errors import SourceError, UsageError
from geo.sources.cache import SnapshotCache, cache_dir
from geo.sources.client import (
    BACKOFF_S,
    RETRIES,
    TIMEOUT_S,
    DeepStateFetcher,
    FetchItem,
    resolve_base_url,
    snapshot_url,
)
from geo.sources.credit import DEEPSTATE_CREDIT, DEEPSTATE_LICENSE, DEEPSTATE_NOTICE
from geo.sources.dates import DateLike, parse_date
from geo.sources.probe import find_latest, nearest_dates

if TYPE_CHECKING:  # httpx is imported when a fetch starts, not by every command
    import httpx

__all__ = [
    "FIRST_DATE",
    "LATEST_WINDOW_DAYS",
    "FetchReport",
    "check_in_range",
    "fetch_deepstate",
    "today_utc",
]

#: The first date the repository has a snapshot for.
FIRST_DATE = dt.date(2024, 7, 8)
#: How many days back from today ``latest`` looks.
LATEST_WINDOW_DAYS = 14

log = logging.getLogger(__name__)

_OFFLINE_HINT = (
    "to work offline, point --cache DIR (or FRONTLINE_CACHE) at a folder of "
    "deepstatemap_data_YYYYMMDD.geojson files"
)


def today_utc() -> dt.date:
    """Today's date in UTC (upstream names files by UTC date)."""
    return dt.datetime.now(dt.UTC).date()


def check_in_range(day: dt.date, today: dt.date, what: str = "date") -> dt.date:
    """Raise unless ``FIRST_DATE <= day <= today``; return ``day``.

    Raises
    ------
    SourceError
        The date is outside the data's range.
    """
    if not FIRST_DATE <= day <= today:
        raise SourceError(
            f"{what} {day.isoformat()} is outside the data's range: DeepState daily snapshots "
            f"run from {FIRST_DATE.isoformat()} to today ({today.isoformat()})"
        )
    return day


@dataclass
class FetchReport:
    """The outcome of :func:`fetch_deepstate`.

    Attributes
    ----------
    cache : pathlib.Path
    base_url : str
    items : list of FetchItem
        One per requested date, in date order.
    offline : str or None
        Why the server could not be reached, when it could not.
    notice : str or None
        The licence notice, on first use of this cache folder.
    credit : str
        :data:`geo.sources.credit.DEEPSTATE_CREDIT`, for what is made from the files.
    """

    cache: Any
    base_url: str
    items: list[FetchItem] = field(default_factory=list)
    offline: str | None = None
    notice: str | None = None
    credit: str = DEEPSTATE_CREDIT

    @property
    def paths(self) -> list[Any]:
        """The valid cached files of the requested dates, in date order."""
        return [i.path for i in self.items if i.path is not None]

    @property
    def bytes_downloaded(self) -> int:
        """Bytes of body transferred in all."""
        return sum(i.bytes for i in self.items)

    @property
    def problems(self) -> list[FetchItem]:
        """Dates that failed or are unavailable offline (404s are not problems in a range)."""
        return [i for i in self.items if i.status in ("failed", "unavailable")]

    def counts(self) -> dict[str, int]:
        """How many dates ended in each status."""
        out: dict[str, int] = {}
        for item in self.items:
            out[item.status] = out.get(item.status, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        """The document ``frontline fetch deepstate --json`` prints."""
        return {
            "source": "deepstate",
            "cache": str(self.cache),
            "base_url": self.base_url,
            "offline": self.offline,
            "credit": self.credit,
            "license": DEEPSTATE_LICENSE,
            "bytes_downloaded": self.bytes_downloaded,
            "counts": self.counts(),
            "files": [i.to_dict() for i in self.items],
        }


def _dates(
    date: DateLike | None,
    latest: bool,
    since: DateLike | None,
    until: DateLike | None,
    today: dt.date,
) -> list[dt.date] | None:
    """The requested dates (``None`` for ``latest``), checked; UsageError/SourceError if bad."""
    chosen = sum(x for x in (date is not None, latest, since is not None))
    if chosen != 1:
        raise UsageError("give exactly one of --date, --latest or --since")
    if until is not None and since is None:
        raise UsageError("--until needs --since")
    if latest:
        return None
    if date is not None:
        return [check_in_range(parse_date(date), today)]
    start = check_in_range(parse_date(since), today, "--since")  # type: ignore[arg-type]
    end = today if until is None else parse_date(until)
    if start > end:
        raise UsageError(
            f"--since {start.isoformat()} is later than --until {end.isoformat()} (FROM > TO)"
        )
    check_in_range(end, today, "--until")
    return [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]


def _progress(days: list[dt.date], progress: bool | None) -> Iterable[dt.date]:
    if len(days) < 2 or progress is False:
        return days
    from tqdm import tqdm

    # disable=None: shown only on a terminal
    return tqdm(days, desc="deepstate", unit="file", file=sys.stderr, leave=False, disable=None)


def _single_date_error(fetcher: DeepStateFetcher, item: FetchItem, today: dt.date) -> SourceError:
    url = snapshot_url(item.date, fetcher.base_url)
    if item.status == "missing":
        near = nearest_dates(fetcher, item.date, today=today, first=FIRST_DATE)
        listed = ", ".join(d.isoformat() for d in near) or "none found within 120 days"
        return SourceError(
            f"no DeepState snapshot for {item.date.isoformat()} upstream (404 at {url}); "
            f"nearest available: {listed}"
        )
    if item.status == "unavailable":
        return SourceError(
            f"{item.note}; tried {url}; no cached copy in {fetcher.cache.root}; {_OFFLINE_HINT}"
        )
    return SourceError(f"{item.note}; nothing cached for {item.date.isoformat()}")


def fetch_deepstate(
    *,
    date: DateLike | None = None,
    latest: bool = False,
    since: DateLike | None = None,
    until: DateLike | None = None,
    cache: str | os.PathLike[str] | None = None,
    base_url: str | None = None,
    timeout_s: float | None = None,
    retries: int | None = None,
    backoff_s: float | None = None,
    progress: bool | None = None,
    revalidate: bool = True,
    today: dt.date | None = None,
    client: httpx.Client | None = None,
) -> FetchReport:
    """Fetch the DeepState daily snapshots of one date, the newest date, or a range.

    Parameters
    ----------
    date, since, until : datetime.date or str, optional
        ``YYYY-MM-DD``. Exactly one of ``date``, ``latest`` and ``since``; ``until``
        (default today, UTC) only with ``since``. Dates before :data:`FIRST_DATE` or after
        today are refused.
    latest : bool, default False
        The newest date upstream has (see the module docstring).
    cache : str or os.PathLike, optional
        The cache folder (see :func:`geo.sources.cache.cache_dir`).
    base_url : str, optional
        A mirror (see :func:`resolve_base_url`).
    timeout_s, retries, backoff_s : float, int, float, optional
        Per-request timeout (s), retries after a failed attempt, first backoff (s); by
        default :data:`TIMEOUT_S`, :data:`RETRIES`, :data:`BACKOFF_S` (read at call time).
    progress : bool or None, default None
        Progress bar for several files: ``None`` on a terminal only, ``False`` never.
    revalidate : bool, default True
        Send conditional requests for valid cached files; ``False`` uses them as they are.
    today : datetime.date, optional
        Today's date (UTC) for the range checks and ``latest``; for tests.
    client : httpx.Client, optional
        An HTTP client to use.

    Returns
    -------
    FetchReport
        For a range, 404s are ``missing`` items and server failures ``failed`` ones (see
        :attr:`FetchReport.problems`); the other dates are fetched.

    Raises
    ------
    UsageError
        Conflicting options, ``--since`` later than ``--until``.
    SourceError
        A malformed date or one outside the data's range; for one date (or ``latest``):
        404 (naming the nearest available dates), a server failure after retries, a body
        that is not a snapshot, offline with nothing cached; for a range: no date at all
        could be had; a cache folder that cannot be written.
    """
    today = today or today_utc()
    days = _dates(date, latest, since, until, today)
    store = SnapshotCache(cache_dir(cache))
    report = FetchReport(cache=store.root, base_url=resolve_base_url(base_url))
    if store.first_use():
        report.notice = DEEPSTATE_NOTICE
    with DeepStateFetcher(
        store,
        report.base_url,
        timeout_s=TIMEOUT_S if timeout_s is None else timeout_s,
        retries=RETRIES if retries is None else retries,
        backoff_s=BACKOFF_S if backoff_s is None else backoff_s,
        client=client,
    ) as fetcher:
        _fetch_all(fetcher, report, days, today, progress=progress, revalidate=revalidate)
    if report.notice:
        store.mark_used()
    return report


def _fetch_all(
    fetcher: DeepStateFetcher,
    report: FetchReport,
    days: list[dt.date] | None,
    today: dt.date,
    *,
    progress: bool | None,
    revalidate: bool,
) -> None:
    """Fetch ``days`` (``None``: the latest) into ``report.items``; raise what is an error."""
    if days is None:
        days = [find_latest(fetcher, today=today, window=LATEST_WINDOW_DAYS, first=FIRST_DATE)]
    for day in _progress(days, progress):
        report.items.append(fetcher.fetch_date(day, revalidate=revalidate))
    report.offline = fetcher.offline
    if len(report.items) == 1 and report.items[0].path is None:
        raise _single_date_error(fetcher, report.items[0], today)
    if not report.paths:
        first = report.problems[0].note if report.problems else "every date is missing upstream"
        hint = f"; tried {fetcher.base_url}; {_OFFLINE_HINT}" if fetcher.offline else ""
        raise SourceError(f"no snapshot could be had for {len(days)} date(s): {first}{hint}")
    if report.offline:
        log.info("offline (%s): using the cache in %s", report.offline, fetcher.cache.root)
