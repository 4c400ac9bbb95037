"""``frontline layers [--json]``: list the layer catalog.

The table shows each layer's id, kind, as-of date, feature count, accuracy and whether its
file matches the catalog (checksum, geometry type, feature count, bbox); ``--json`` prints
every catalog field, with the verification result under ``verified`` and ``problems``
(:func:`geo.reports.catalog.catalog_report`).
"""

from __future__ import annotations

import argparse

from geo.commands._print import print_json, print_table
from geo.reports.catalog import catalog_report

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare ``layers``' arguments on ``parser``."""
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")


def run(args: argparse.Namespace) -> int:
    """List the catalog; exit 0 (a file that fails verification is reported, not fatal).

    Parameters
    ----------
    args : argparse.Namespace
        ``json`` (bool).

    Returns
    -------
    int
        0.
    """
    doc = catalog_report()
    if getattr(args, "json", False):
        print_json(doc)
        return 0
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
    return 0
