"""``frontline fetch deepstate [--date D | --latest | --since D [--until D]] [--cache DIR]``.

Downloads DeepStateMap daily snapshots (cyterat/deepstate-map-data) into the local cache
with :func:`geo.sources.fetch_deepstate`: conditional requests, retries, validation, atomic
writes. Prints the licence notice on first use of a cache folder, then one line per state
(downloaded, not modified, cached, missing upstream) and the credit to carry; ``--json``
prints one document. Exit code 0 when every date is cached (404s in a range are listed,
not errors), 1 when some dates of a range failed (the others are cached), 2 for unusable
input: a bad date or option, a 404 or server failure for a single date, offline with
nothing cached, a cache folder that cannot be written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from geo.commands._print import print_json
from geo.sources import fetch_deepstate

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare ``fetch``'s arguments on ``parser``."""
    parser.add_argument("dataset", choices=["deepstate"], help="what to fetch")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="one day")
    group.add_argument("--latest", action="store_true", help="the newest day upstream has")
    group.add_argument("--since", default=None, metavar="YYYY-MM-DD", help="a range from")
    parser.add_argument("--until", default=None, metavar="YYYY-MM-DD", help="range end (today)")
    parser.add_argument(
        "--cache", default=None, metavar="DIR", help="cache folder (default $FRONTLINE_CACHE)"
    )
    parser.add_argument(
        "--base-url", default=None, metavar="URL", help="a mirror ($FRONTLINE_DEEPSTATE_URL)"
    )
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")


def _runs(days: list[dt.date]) -> str:
    """``2024-10-14..2024-10-16, 2024-11-01`` for consecutive runs of dates."""
    runs: list[list[dt.date]] = []
    for day in days:
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(
        r[0].isoformat() if len(r) == 1 else f"{r[0].isoformat()}..{r[-1].isoformat()}"
        for r in runs
    )


def run(args: argparse.Namespace) -> int:
    """Fetch what ``args`` ask for and report it.

    Parameters
    ----------
    args : argparse.Namespace
        ``date``, ``latest``, ``since``, ``until``, ``cache``, ``base_url``, ``json``.

    Returns
    -------
    int
        0 every date cached, 1 some dates of a range failed; unusable input raises
        :class:`~geo.errors.GeoError` (exit code 2 in the CLI).
    """
    report = fetch_deepstate(
        date=args.date,
        latest=args.latest,
        since=args.since,
        until=args.until,
        cache=args.cache,
        base_url=args.base_url,
        progress=None if not args.json else False,
    )
    if report.notice:
        sys.stderr.write(f"{report.notice}\n")
    for item in report.problems:
        sys.stderr.write(f"frontline fetch: warning: {item.date.isoformat()}: {item.note}\n")
    if args.json:
        print_json(report.to_dict())
        return 1 if report.problems else 0
    if report.offline:
        print(f"offline ({report.offline}): using the cache")
    counts = report.counts()
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    days = [i.date for i in report.items]
    span = days[0].isoformat() + ("" if len(days) == 1 else f" to {days[-1].isoformat()}")
    print(f"deepstate {span}: {summary}; {report.bytes_downloaded} bytes downloaded")
    missing = [i.date for i in report.items if i.status == "missing"]
    if missing:
        print(f"not published upstream: {_runs(missing)}")
    if len(report.paths) == 1:
        print(f"file: {report.paths[0]}")
    print(f"cache: {report.cache}")
    print(f"credit: {report.credit}")
    return 1 if report.problems else 0
