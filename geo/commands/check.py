"""``frontline check PATH|LAYER_ID... [--json]``: report what is wrong with files and layers.

Default output is one line per problem, linter style, so it greps and diffs well::

    layers/tumen.geojson: feature 0: error: unclosed-ring: a Polygon ring ends at ...
    layers/places.geojson: ok (7 features)

A source that cannot be read at all gets one line on stderr (``frontline check: error:
PATH: ...``) and the remaining sources are still checked. ``--json`` prints one document
listing every source with its status and problems.

Exit codes: 0 when no source has an error-level problem (warnings are printed, not fatal),
1 when any has, 2 when any source is unusable (unreadable file, unknown layer id).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from geo.commands._output import print_json
from geo.errors import GeoError

__all__ = ["run"]

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2


def _check_one(source: str) -> dict[str, Any]:
    from geo.checks import check_source, has_errors

    try:
        problems = check_source(source)
    except GeoError as exc:
        return {"source": source, "status": "unusable", "error": str(exc), "problems": []}
    status = "problems" if has_errors(problems) else ("warnings" if problems else "ok")
    return {
        "source": source,
        "status": status,
        "error": None,
        "problems": [p.to_dict() for p in problems],
    }


def _feature_count(source: str) -> int | None:
    # Only for the friendly "ok (N features)" line; never fatal.
    try:
        from geo import io

        text = os.fspath(source)
        if not os.path.exists(text) and io._looks_like_layer_id(text):
            from geo import layers

            text = str(layers.resolve_path(text))
        return sum(1 for _ in io.iter_raw_features(io.read_geojson_text(text), text))
    except (GeoError, OSError):
        return None


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
    results = [_check_one(s) for s in args.sources]
    code = EXIT_OK
    for r in results:
        if r["status"] == "unusable":
            sys.stderr.write(f"frontline check: error: {r['error']}\n")
            code = EXIT_UNUSABLE
        elif r["status"] == "problems" and code == EXIT_OK:
            code = EXIT_PROBLEMS
    if args.json:
        n_err = sum(p["severity"] == "error" for r in results for p in r["problems"])
        n_warn = sum(p["severity"] == "warning" for r in results for p in r["problems"])
        print_json({"sources": results, "errors": n_err, "warnings": n_warn, "exit_code": code})
        return code
    out = sys.stdout
    for r in results:
        if r["status"] == "unusable":
            continue
        if not r["problems"]:
            n = _feature_count(r["source"])
            suffix = "" if n is None else f" ({n} feature{'s' if n != 1 else ''})"
            out.write(f"{r['source']}: ok{suffix}\n")
            continue
        for p in r["problems"]:
            where = "" if p["feature"] is None else f"feature {p['feature']}: "
            msg = " ".join(str(p["message"]).split())
            out.write(f"{r['source']}: {where}{p['severity']}: {p['code']}: {msg}\n")
    out.flush()
    return code
