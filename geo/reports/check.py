"""The ``frontline check`` document: the problems of several sources and their exit code.

:func:`check_report` checks each file or layer with :func:`geo.checks.check_source` and
keeps going past an unusable one. Each source gets a status: ``ok``, ``notes`` (only
informational notes, e.g. altitude), ``warnings`` (warning-level problems at most, which
are not fatal), ``problems`` (an error-level problem) or
``unusable`` (unreadable file, unknown layer id). The exit code is the worst of them:
0 clean or warnings only, 1 problems found, 2 a source unusable.

Examples
--------
>>> doc = check_report(["no/such/file.geojson"])
>>> doc["exit_code"], doc["sources"][0]["status"], doc["sources"][0]["error"]
(2, 'unusable', 'no/such/file.geojson: no such file')
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from geo import io, layers
from geo.checks import check_source, has_errors
from geo.errors import GeoError
from geo.outpaths import io_error

__all__ = [
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_UNUSABLE",
    "check_one",
    "check_report",
    "feature_count",
]

#: Exit codes of ``frontline check``: clean (or warnings only), problems found, unusable.
EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2


def check_one(source: str) -> dict[str, Any]:
    """Check one file or layer; an unusable one is reported, not raised.

    Parameters
    ----------
    source : str
        A path, or a layer id when the string is not an existing path.

    Returns
    -------
    dict
        ``source``, ``status`` (``ok``, ``notes``, ``warnings``, ``problems`` or
        ``unusable``),
        ``error`` (the one-line reason a source is unusable, else ``None``) and
        ``problems`` (:meth:`geo.checks.Problem.to_dict` each).
    """
    try:
        problems = check_source(source)
    except GeoError as exc:
        return {"source": source, "status": "unusable", "error": str(exc), "problems": []}
    except OSError as exc:  # a reader that let one through: still one line, still a status
        error = str(io_error(exc, source, "read"))
        return {"source": source, "status": "unusable", "error": error, "problems": []}
    status = _status(problems)
    return {
        "source": source,
        "status": status,
        "error": None,
        "problems": [p.to_dict() for p in problems],
    }


def _status(problems: list[Any]) -> str:
    """``problems``, ``warnings``, ``notes`` (informational only) or ``ok``."""
    if has_errors(problems):
        return "problems"
    if any(p.severity == "warning" for p in problems):
        return "warnings"
    return "notes" if problems else "ok"


def _exit_code(results: list[dict[str, Any]]) -> int:
    code = EXIT_OK
    for r in results:
        if r["status"] == "unusable":
            code = EXIT_UNUSABLE
        elif r["status"] == "problems" and code == EXIT_OK:
            code = EXIT_PROBLEMS
    return code


def check_report(sources: Iterable[str]) -> dict[str, Any]:
    """Check every source: the document ``frontline check --json`` prints.

    Parameters
    ----------
    sources : iterable of str
        Paths or layer ids.

    Returns
    -------
    dict
        ``sources`` (one :func:`check_one` result each, in order), ``errors`` and
        ``warnings`` (problem counts over all sources) and ``exit_code``.
    """
    results = [check_one(s) for s in sources]
    problems = [p for r in results for p in r["problems"]]
    return {
        "sources": results,
        "errors": sum(p["severity"] == "error" for p in problems),
        "warnings": sum(p["severity"] == "warning" for p in problems),
        "notes": sum(p["severity"] == "info" for p in problems),
        "exit_code": _exit_code(results),
    }


def feature_count(source: str) -> int | None:
    """How many features a checked source holds, for a friendly ``ok (N features)`` line.

    Parameters
    ----------
    source : str
        A path, or a layer id when the string is not an existing path.

    Returns
    -------
    int or None
        The number of GeoJSON features; ``None`` when they cannot be counted (never an
        error: the count is only a courtesy).
    """
    try:
        text = os.fspath(source)
        if not os.path.exists(text):
            # check_source read it as a layer id: count the layer's file.
            text = str(layers.resolve_path(text))
        return sum(1 for _ in io.iter_raw_features(io.read_geojson_text(text), text))
    except (GeoError, OSError):
        return None
