"""``frontline layers [--json]``: list the layer catalog.

The table shows each layer's id, kind, as-of date, feature count, accuracy and whether its
file matches the catalog (checksum, geometry type, feature count, bbox); ``--json`` prints
every catalog field, with the verification result under ``verified`` and ``problems``
(:func:`geo.reports.catalog.catalog_report`).
"""

from __future__ import annotations

import argparse
from typing import Any

from geo.commands._print import print_json, print_table
from geo.errors import LayerError
from geo.reports.catalog import catalog_report

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare ``layers``' arguments on ``parser``."""
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")


def run(args: argparse.Namespace) -> int:
    """List the catalog; a layer file that fails verification is listed, then exit 2.

    A bundled file that does not match its catalog entry (edited, corrupt, unreadable)
    makes the install unusable for the maps and figures that need it: the table still
    shows every layer, and one error line on stderr says what to do.

    Parameters
    ----------
    args : argparse.Namespace
        ``json`` (bool).

    Returns
    -------
    int
        0 when every file matches, 2 when one does not.
    """
    doc = catalog_report()
    bad = [layer for layer in doc["layers"] if not layer["verified"]]
    if getattr(args, "json", False):
        print_json(doc)
        return _refuse(bad)
    rows = [
        {
            "id": layer["id"],
            "kind": layer["kind"],
            "as_of": layer["as_of"],
            "features": layer["feature_count"],
            "accuracy": f"{layer['accuracy']['km']:g} km",
            "file": "ok" if layer["verified"] else "MISMATCH: " + layer["problems"][0],
            "title": layer["title"],
        }
        for layer in doc["layers"]
    ]
    print_table(rows, ["id", "kind", "as_of", "features", "accuracy", "file", "title"])
    return _refuse(bad)


def _refuse(bad: list[dict[str, Any]]) -> int:
    if not bad:
        return 0
    more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
    raise LayerError(
        f"{bad[0]['problems'][0]}{more}; reinstall frontline or rebuild with `make layers`"
    )
