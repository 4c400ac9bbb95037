"""Which dates upstream has: the newest one, and the nearest ones to a missing date.

Both work with HEAD requests only (through a :class:`geo.sources.fetch.DeepStateFetcher`'s
``exists``), so any static mirror of the repository's layout supports them, and both also
look in the cache, so they still answer offline.

- :func:`find_latest`: today, yesterday, ... at most ``window`` days back.
- :func:`nearest_dates`: the closest available date before and after a missing one: from
  the cache, and by probing days 1 to 7 away, then 14, 30, 60 and 120, narrowed by bisection
  (about 20 requests a side at most).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from geo.errors import SourceError

__all__ = ["PROBE_OFFSETS", "find_latest", "nearest_dates"]

#: Days away from a missing date that are probed, nearest first (then bisected).
PROBE_OFFSETS = (1, 2, 3, 4, 5, 6, 7, 14, 30, 60, 120)


def find_latest(fetcher: Any, *, today: dt.date, window: int, first: dt.date) -> dt.date:
    """The newest date upstream has, probing back from ``today``; offline, the newest cached.

    Parameters
    ----------
    fetcher : DeepStateFetcher
        Its ``exists(day)`` makes the HEAD requests; ``cache`` and ``offline`` are read.
    today : datetime.date
        Where to start (UTC).
    window : int
        How many days to try.
    first : datetime.date
        The first date the data has.

    Returns
    -------
    datetime.date

    Raises
    ------
    SourceError
        Nothing within the window (naming the newest cached date), or offline with an empty
        cache.
    """
    for k in range(window):
        day = today - dt.timedelta(days=k)
        if day < first:
            break
        found = fetcher.exists(day)
        if found:
            return day
        if found is None and fetcher.offline:
            break
    cached = fetcher.cache.dates()
    if fetcher.offline:
        if cached:
            return cached[-1]
        raise SourceError(
            f"offline ({fetcher.offline}): cannot find the newest snapshot at "
            f"{fetcher.base_url} and the cache {fetcher.cache.root} is empty; point --cache DIR "
            "(or FRONTLINE_CACHE) at a folder of deepstatemap_data_YYYYMMDD.geojson files"
        )
    newest = f"; newest cached: {cached[-1].isoformat()}" if cached else ""
    raise SourceError(
        f"no snapshot at {fetcher.base_url} in the {window} days up to {today.isoformat()}"
        f"{newest}; give a date with --date"
    )


def _probe_side(
    fetcher: Any, day: dt.date, sign: int, bounds: tuple[dt.date, dt.date], within: int
) -> dt.date | None:
    """The nearest available date on one side of ``day`` (``sign`` -1 before, +1 after).

    Only offsets below ``within`` days are probed (a cached date is that close already).
    """
    lo, hi = bounds
    missed = 0
    for offset in PROBE_OFFSETS:
        probe = day + dt.timedelta(days=sign * offset)
        if offset >= within or not lo <= probe <= hi:
            return None
        found = fetcher.exists(probe)
        if found is None:
            return None
        if not found:
            missed = offset
            continue
        # available at `offset`, not at `missed`: bisect the days in between
        good = offset
        while good - missed > 1:
            mid = (good + missed) // 2
            if fetcher.exists(day + dt.timedelta(days=sign * mid)):
                good = mid
            else:
                missed = mid
        return day + dt.timedelta(days=sign * good)
    return None


def nearest_dates(fetcher: Any, day: dt.date, *, today: dt.date, first: dt.date) -> list[dt.date]:
    """The nearest dates before and after ``day`` that are available (cached or upstream).

    Parameters
    ----------
    fetcher : DeepStateFetcher
    day : datetime.date
        The missing date.
    today, first : datetime.date
        The data's range.

    Returns
    -------
    list of datetime.date
        At most one before and one after, sorted; empty when none is found.
    """
    cached = [d for d in fetcher.cache.dates() if d != day]
    out: list[dt.date] = []
    for sign in (-1, 1):
        side = [d for d in cached if (d - day).days * sign > 0]
        best = min(side, key=lambda d: abs((d - day).days)) if side else None
        within = abs((best - day).days) if best is not None else PROBE_OFFSETS[-1] + 1
        probed = _probe_side(fetcher, day, sign, (first, today), within)
        candidates = [d for d in (best, probed) if d is not None]
        if candidates:
            out.append(min(candidates, key=lambda d: abs((d - day).days)))
    return sorted(out)
