"""``frontline layers [--json]``: list the layer catalog.

The table shows each layer's id, kind, as-of date, feature count, accuracy and whether its
file matches the catalog (checksum, geometry type, feature count, bbox); ``--json`` prints
every catalog field, with the verification result under ``verified`` and ``problems``.
"""

from __future__ import annotations

import argparse

from geo import layers
from geo.commands._output import print_json, print_table

__all__ = ["run"]


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
    entries = []
    for layer in layers.catalog().values():
        problems = layers.verify(layer)
        entries.append((layer, problems))
    if getattr(args, "json", False):
        docs = []
        for layer, problems in entries:
            doc = layer.to_dict()
            doc["verified"] = not problems
            doc["problems"] = problems
            docs.append(doc)
        print_json({"data_root": str(layers.data_root()), "layers": docs})
        return 0
    rows = [
        {
            "id": layer.id,
            "kind": layer.kind,
            "as_of": layer.as_of,
            "features": layer.feature_count,
            "accuracy": f"{layer.accuracy_km:g} km",
            "file": "ok" if not problems else "MISMATCH: " + problems[0],
            "title": layer.title,
        }
        for layer, problems in entries
    ]
    print_table(rows, ["id", "kind", "as_of", "features", "accuracy", "file", "title"])
    return 0
