"""Importers for third-party occupied-area data: one dated file in, one :class:`Snapshot` out.

Four kinds of input:

- DeepStateMap full map documents (:mod:`geo.sources.deepstate`): areas classified as
  occupied, liberated or unknown by their i18n key; the Kursk pocket;
- single-(Multi)Polygon snapshot GeoJSON like the daily DeepStateMap files
  (:mod:`geo.sources.snapshot`);
- KML/KMZ (:mod:`geo.sources.kml`);
- anything pyogrio reads: GeoPackage, FlatGeobuf, Shapefile (:mod:`geo.sources.ogr`).

:func:`read_source` picks the importer. Dates come from file names or an option
(:mod:`geo.sources.dates`). Every error is a :class:`geo.errors.SourceError` naming the file.
Nothing is read at import time.

Examples
--------
>>> from geo.sources import date_from_name
>>> date_from_name("deepstatemap_data_20240708.geojson").isoformat()
'2024-07-08'
"""

from __future__ import annotations

from geo.sources.dates import date_from_name, parse_date, resolve_date
from geo.sources.deepstate import (
    DeepStateMap,
    classify_name,
    is_deepstate_document,
    kursk_pocket,
    read_deepstate,
)
from geo.sources.kml import read_kml
from geo.sources.ogr import read_ogr
from geo.sources.read import SNAPSHOT_SUFFIXES, find_snapshots, read_source
from geo.sources.snapshot import Snapshot, read_snapshot

__all__ = [
    "SNAPSHOT_SUFFIXES",
    "DeepStateMap",
    "Snapshot",
    "classify_name",
    "date_from_name",
    "find_snapshots",
    "is_deepstate_document",
    "kursk_pocket",
    "parse_date",
    "read_deepstate",
    "read_kml",
    "read_ogr",
    "read_snapshot",
    "read_source",
    "resolve_date",
]
