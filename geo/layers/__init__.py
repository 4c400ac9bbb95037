"""The bundled layers: their catalog (``layers/catalog.toml``), file checks, country lookup.

A :class:`Layer` is one GeoJSON file plus what a reader needs to trust it: title, kind,
as-of date, sources (each named, with what was taken from it), license, accuracy and how
it was judged, a default style, the checks that apply, and the file's checksum, feature
count, geometry type and bounding box, against which the file is verified when it is read.
The style is checked by :mod:`geo.styles` when the catalog is read, with the rules of a
recipe's style: a bad value is a one-line :class:`~geo.errors.LayerError`.

Lookup forgives case and punctuation (``"Front Line 2024-11-13"`` finds
``front-line-2024-11-13``) and suggests close matches on a miss, the way xyzservices'
``query_name`` does.

The data directory is found with :mod:`importlib.resources`: inside an installed wheel it
is ``geo/_data/layers``; in a source checkout (including an editable install) it is the
repository's ``layers/`` folder. Nothing is read at import time.

Examples
--------
>>> from geo import layers
>>> layers.get("Tumen").id  # doctest: +SKIP
'tumen'
>>> layers.get("tumn")  # doctest: +SKIP
Traceback (most recent call last):
geo.errors.LayerError: unknown layer 'tumn'; did you mean: tumen?
"""

from geo.layers.lookup import country, find_feature
from geo.layers.registry import (
    CATALOG_FILE,
    Layer,
    Source,
    catalog,
    data_root,
    get,
    load_catalog,
    normalise_id,
    resolve_path,
    verify,
)
from geo.layers.verify import file_facts, verify_layer

__all__ = [
    "CATALOG_FILE",
    "Layer",
    "Source",
    "catalog",
    "country",
    "data_root",
    "file_facts",
    "find_feature",
    "get",
    "load_catalog",
    "normalise_id",
    "resolve_path",
    "verify",
    "verify_layer",
]
