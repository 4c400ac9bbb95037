"""Importers for third-party occupied-area data: one dated file in, one :class:`Snapshot` out.

Four kinds of input:

- DeepStateMap full map documents (:mod:`geo.sources.deepstate`): areas classified as
  occupied, liberated or unknown by their i18n key; the Kursk pocket;
- single-(Multi)Polygon snapshot GeoJSON like the daily DeepStateMap files
  (:mod:`geo.sources.snapshot`);
- KML/KMZ (:mod:`geo.sources.kml`);
- anything pyogrio reads: GeoPackage, FlatGeobuf, Shapefile (:mod:`geo.sources.ogr`).

DeepState maps keep their status tiers apart (:attr:`DeepStateMap.tiers`; the Kursk salient's
in :mod:`geo.sources.kursk`). The daily snapshots are fetched into a local cache
(:mod:`geo.sources.fetch`, :mod:`geo.sources.cache`, :mod:`geo.sources.probe`); wherever a
snapshot path is accepted, ``deepstate:YYYY-MM-DD``, ``deepstate:latest`` and
``deepstate:FROM..TO`` are too (:mod:`geo.sources.refs`). What is made from DeepStateMap data
carries :data:`DEEPSTATE_CREDIT` (:mod:`geo.sources.credit`).

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

from geo.sources.cache import SnapshotCache, cache_dir
from geo.sources.credit import DEEPSTATE_CREDIT, DEEPSTATE_LICENSE, DEEPSTATE_NOTICE, credit_for
from geo.sources.dates import date_from_name, parse_date, resolve_date
from geo.sources.deepstate import (
    TIER_LABELS,
    DeepStateMap,
    classify_name,
    is_deepstate_document,
    read_deepstate,
)
from geo.sources.fetch import FetchReport, fetch_deepstate
from geo.sources.kml import read_kml
from geo.sources.kursk import kursk_pocket, kursk_tiers
from geo.sources.ogr import read_ogr
from geo.sources.read import SNAPSHOT_SUFFIXES, find_snapshots, read_source
from geo.sources.refs import is_snapshot_ref, resolve_snapshot_ref, resolve_snapshot_refs
from geo.sources.snapshot import Snapshot, read_snapshot

__all__ = [
    "DEEPSTATE_CREDIT",
    "DEEPSTATE_LICENSE",
    "DEEPSTATE_NOTICE",
    "SNAPSHOT_SUFFIXES",
    "TIER_LABELS",
    "DeepStateMap",
    "FetchReport",
    "Snapshot",
    "SnapshotCache",
    "cache_dir",
    "classify_name",
    "credit_for",
    "date_from_name",
    "fetch_deepstate",
    "find_snapshots",
    "is_deepstate_document",
    "is_snapshot_ref",
    "kursk_pocket",
    "kursk_tiers",
    "parse_date",
    "read_deepstate",
    "read_kml",
    "read_ogr",
    "read_snapshot",
    "read_source",
    "resolve_date",
    "resolve_snapshot_ref",
    "resolve_snapshot_refs",
]
