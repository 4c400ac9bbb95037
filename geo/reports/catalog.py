"""The ``frontline layers`` document: the layer catalog, each file verified against it.

Examples
--------
>>> doc = catalog_report()
>>> "tumen" in [d["id"] for d in doc["layers"]]
True
"""

from __future__ import annotations

from typing import Any

from geo import layers

__all__ = ["catalog_report"]


def catalog_report() -> dict[str, Any]:
    """Every catalog layer with its verification: the document ``frontline layers --json``.

    A file that does not match its catalog entry is reported (``verified`` false, the
    reasons in ``problems``), never an error.

    Returns
    -------
    dict
        ``data_root`` (the layers directory) and ``layers``: each layer's
        :meth:`geo.layers.Layer.to_dict` plus ``verified`` (bool) and ``problems`` (one
        message per mismatch of checksum, geometry type, feature count or bbox).
    """
    docs = []
    for layer in layers.catalog().values():
        problems = layers.verify(layer)
        doc = layer.to_dict()
        doc["verified"] = not problems
        doc["problems"] = problems
        docs.append(doc)
    return {"data_root": str(layers.data_root()), "layers": docs}
