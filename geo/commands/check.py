"""``frontline check PATH|LAYER_ID... [--json]``: report what is wrong with files and layers.

Default output is one line per problem, linter style, so it greps and diffs well::

    layers/tumen.geojson: feature 0: error: unclosed-ring: a Polygon ring ends at ...
    layers/places.geojson: ok (7 features)

A source that cannot be read at all gets one line on stderr (``frontline check: error:
PATH: ...``) and the remaining sources are still checked. ``--json`` prints one document
listing every source with its status and problems (:func:`geo.reports.check.check_report`).

Exit codes: 0 when no source has an error-level problem (warnings are printed, not fatal),
1 when any has, 2 when any source is unusable (unreadable file, unknown layer id).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from geo.commands._print import print_json
from geo.reports.check import check_report, feature_count
from geo.termtext import one_line

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare ``check``'s arguments on ``parser``."""
    parser.add_argument("sources", nargs="+", metavar="PATH|LAYER_ID")
    parser.add_argument("--json", action="store_true")


def _print_lines(results: list[dict[str, Any]]) -> None:
    out = sys.stdout
    for r in results:
        if r["status"] == "unusable":
            continue
        if not r["problems"]:
            n = feature_count(r["source"])
            suffix = "" if n is None else f" ({n} feature{'s' if n != 1 else ''})"
            out.write(f"{one_line(r['source'])}: ok{suffix}\n")
            continue
        for p in r["problems"]:
            where = "" if p["feature"] is None else f"feature {p['feature']}: "
            msg = " ".join(str(p["message"]).split())
            out.write(f"{one_line(r['source'])}: {where}{p['severity']}: {p['code']}: {msg}\n")
    out.flush()


def run(args: argparse.Namespace) -> int:
    """Check each source in ``args.sources`` and print the problems.

    Parameters
    ----------
    args : argparse.Namespace
        ``sources`` (list of paths or layer ids) and ``json`` (bool).

    Returns
    -------
    int
        0 clean (or warnings only), 1 error-level problems found, 2 an unusable source.
    """
    doc = check_report(args.sources)
    for r in doc["sources"]:
        if r["status"] == "unusable":
            sys.stderr.write(f"frontline check: error: {one_line(r['error'])}\n")
    if args.json:
        print_json(doc)
    else:
        _print_lines(doc["sources"])
    return int(doc["exit_code"])
