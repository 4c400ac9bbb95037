r"""DeepStateMap full map documents: classify the areas and keep the status tiers apart.

A DeepStateMap map document is a GeoJSON FeatureCollection of several hundred features:
Points (unit positions, attack arrows, airfields) and Polygons (areas) with 3-D
coordinates. Each feature's ``properties.name`` reads ``"Ukrainian /// English /// key"``,
e.g. ``"Окуповано /// Occupied /// geoJSON.status.occupied"``, often with stray non-breaking
spaces and newlines. The i18n *key* says what an area is:

============================================  ============  ===========================
key                                           class         drawn as
============================================  ============  ===========================
``geoJSON.status.occupied``                   occupied      red ``#a52714``
``geoJSON.territories.crimea|ordlo|tuzla``    occupied      dark red ``#880e4f`` (2014)
``geoJSON.status.dismissed`` (``_at {...}``)  liberated     green / blue
``geoJSON.status.unknown``                    unknown       grey (contested)
anything else (other countries' territories,  other         ignored
``zmiinyi_island``, unit markers, ...)
============================================  ============  ===========================

The occupied class includes the areas occupied since 2014 (Crimea, the "ORDLO" parts of
Donetsk and Luhansk oblasts, Tuzla island), because that is what the daily snapshot files
hold: the occupied + pre-2022 union of the 2024-08-20 document matches the next day's daily
snapshot to within 5 km² of 109,700 km². The ``territories.*`` keys for places outside
Ukraine (Transnistria, Abkhazia, Karelia, ...) are not Ukrainian territory and are left out.

The tiers stay separate (:attr:`DeepStateMap.tiers`: occupied, liberated, grey zone, each
dissolved, with a ``status`` column a map can style and hatch by). "Liberated" polygons inside
Russia are the Kursk pocket: :mod:`geo.sources.kursk` selects them (and the grey zone there)
against the ``countries`` layer's Russia polygon.

Examples
--------
>>> classify_name("Окуповано /// Occupied\u00a0/// geoJSON.status.occupied\n")
'occupied'
>>> classify_name("Звільнено /// Liberated /// geoJSON.status.dismissed_at {{at:25.03}}")
'liberated'
>>> classify_name("Придністров'я/// Transnistria /// geoJSON.territories.transnistria")
'other'
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from shapely.geometry import MultiPolygon

from geo.errors import SourceError
from geo.geometry import dissolve_polygons, polygon_parts
from geo.io import iter_raw_features, read_geojson_text, validate_document
from geo.measure import area
from geo.sources.credit import DEEPSTATE_MAP_CREDIT
from geo.sources.dates import DateLike, resolve_date
from geo.sources.snapshot import Snapshot, geometries_of_document

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "CLASSES",
    "PRE_2022_TERRITORIES",
    "TIER_FILLS",
    "TIER_LABELS",
    "DeepStateMap",
    "Status",
    "classify_name",
    "i18n_key",
    "is_deepstate_document",
    "read_deepstate",
    "tier_frame",
]

Status = Literal["occupied", "liberated", "unknown", "other"]

#: The classes an area can have, in the order they are reported.
CLASSES: tuple[str, ...] = ("occupied", "liberated", "unknown")

#: Legend text of each status tier: what the tier counts.
TIER_LABELS: dict[str, str] = {
    "occupied": "Occupied by Russia (incl. since 2014)",
    "liberated": "Liberated / held by Ukraine",
    "unknown": "Grey zone (status unknown)",
}

#: The colour DeepState draws each tier in.
TIER_FILLS: dict[str, str] = {"occupied": "#a52714", "liberated": "#0f9d58", "unknown": "#bcaaa4"}

#: ``geoJSON.territories.<name>`` keys that are Ukrainian territory occupied since 2014 and
#: therefore part of the occupied area (DeepState draws them dark red, ``#880e4f``).
PRE_2022_TERRITORIES = frozenset({"crimea", "ordlo", "tuzla"})

_KEY = re.compile(r"geoJSON\.[A-Za-z0-9_.\-]+")
_STATUS = {"occupied": "occupied", "dismissed": "liberated", "unknown": "unknown"}


def i18n_key(name: object) -> str | None:
    r"""The i18n key of a DeepStateMap feature name, e.g. ``geoJSON.status.occupied``.

    Parameters
    ----------
    name : object
        ``properties.name``; anything that is not a string gives ``None``.

    Returns
    -------
    str or None
        The key from the last ``///`` section, whitespace (including NBSP and newlines)
        ignored; ``None`` when the name holds no ``geoJSON.`` key.

    Examples
    --------
    >>> i18n_key("Статус невідомий /// Unknown status\u00a0/// geoJSON.status.unknown\n")
    'geoJSON.status.unknown'
    """
    if not isinstance(name, str):
        return None
    last = name.split("///")[-1]
    m = _KEY.search(" ".join(last.split()))
    return m.group(0).rstrip(".") if m else None


def classify_name(name: object) -> Status:
    """Classify a DeepStateMap feature by the suffix of its i18n key.

    Parameters
    ----------
    name : object
        The feature's ``properties.name``.

    Returns
    -------
    {"occupied", "liberated", "unknown", "other"}
        See the table in the module docstring. ``dismissed_at {{at:...}}`` (liberated on a
        given date) is liberated.
    """
    key = i18n_key(name)
    if key is None:
        return "other"
    parts = key.split(".")
    if len(parts) >= 3 and parts[1] == "status":
        suffix = parts[-1].split("_", 1)[0]
        return _STATUS.get(suffix, "other")  # type: ignore[return-value]
    if len(parts) >= 3 and parts[1] == "territories" and parts[-1] in PRE_2022_TERRITORIES:
        return "occupied"
    return "other"


def is_deepstate_document(doc: Any) -> bool:
    """True when ``doc`` is a FeatureCollection whose features carry DeepStateMap i18n names.

    Parameters
    ----------
    doc : Any
        A parsed GeoJSON object.

    Returns
    -------
    bool
    """
    if not isinstance(doc, Mapping) or doc.get("type") != "FeatureCollection":
        return False
    for feat in doc.get("features") or ():
        props = feat.get("properties") if isinstance(feat, Mapping) else None
        if isinstance(props, Mapping) and i18n_key(props.get("name")) is not None:
            return True
    return False


@dataclass(frozen=True)
class DeepStateMap:
    """A DeepStateMap document, its areas classified and dissolved by class.

    Attributes
    ----------
    path : str
        The file (``"<GeoJSON>"`` for an in-memory document).
    date : datetime.date or None
        Publication date (UTC) from the file name or given explicitly.
    areas : geopandas.GeoDataFrame
        One row per polygon feature (points dropped, 2-D, repaired): ``feature`` (index in
        the document), ``status`` (see :func:`classify_name`), ``key`` (the i18n key),
        ``fill`` (the colour DeepState draws it in), geometry (EPSG:4326).
    """

    path: str
    date: dt.date | None
    areas: geopandas.GeoDataFrame = field(repr=False)

    def dissolved(self, status: str) -> MultiPolygon:
        """The union of all areas of one class (an empty MultiPolygon when there are none).

        Parameters
        ----------
        status : {"occupied", "liberated", "unknown", "other"}

        Returns
        -------
        shapely.MultiPolygon
        """
        rows = self.areas[self.areas["status"] == status]
        if rows.empty:
            return MultiPolygon()
        return dissolve_polygons(rows.geometry, path=self.path)

    @property
    def occupied(self) -> MultiPolygon:
        """Occupied area (incl. territory occupied since 2014), dissolved, lon/lat."""
        return self.dissolved("occupied")

    @property
    def liberated(self) -> MultiPolygon:
        """Liberated / Ukrainian-held areas marked on the map (incl. the Kursk pocket)."""
        return self.dissolved("liberated")

    @property
    def unknown(self) -> MultiPolygon:
        """Grey-zone areas of unknown status."""
        return self.dissolved("unknown")

    def to_snapshot(self) -> Snapshot:
        """The occupied area as a :class:`~geo.sources.snapshot.Snapshot` (``kind="deepstate"``).

        Raises
        ------
        SourceError
            When the document has no occupied polygon.
        """
        rows = self.areas[self.areas["status"] == "occupied"]
        occupied = dissolve_polygons(rows.geometry, path=self.path, what="occupied polygons")
        return Snapshot(
            path=self.path,
            date=self.date,
            occupied=occupied,
            kind="deepstate",
            credit=DEEPSTATE_MAP_CREDIT,
        )

    @property
    def tiers(self) -> geopandas.GeoDataFrame:
        """The map's status tiers: one row per class of :data:`CLASSES`, each dissolved.

        Columns: ``status`` (``occupied``, ``liberated``, ``unknown``), ``label`` (legend
        text, :data:`TIER_LABELS`), ``fill`` (DeepState's colour, :data:`TIER_FILLS`),
        ``date`` (ISO or ``None``), ``features`` (polygons drawn), ``area_km2`` (geodesic,
        WGS84; 0 for an empty tier), ``method``, ``credit``, geometry (EPSG:4326). The tiers
        are kept as DeepState draws them: on the shared maps they overlap by under 0.1 km².
        """
        return tier_frame(self, {s: self.areas[self.areas["status"] == s] for s in CLASSES})

    def to_geodataframe(self) -> geopandas.GeoDataFrame:
        """The status tiers (see :attr:`tiers`)."""
        return self.tiers


def tier_frame(ds: DeepStateMap, parts: Mapping[str, Any]) -> geopandas.GeoDataFrame:
    """One dissolved row per status of ``parts``, the columns of :attr:`DeepStateMap.tiers`.

    Parameters
    ----------
    ds : DeepStateMap
        The map (its path, date).
    parts : mapping
        Status -> the rows of ``ds.areas`` that make the tier (possibly none).

    Returns
    -------
    geopandas.GeoDataFrame
    """
    import geopandas

    rows = []
    for status, chosen in parts.items():
        geoms = list(chosen.geometry) if len(chosen) else []
        geom = dissolve_polygons(geoms, path=ds.path) if geoms else MultiPolygon()
        rows.append(
            {
                "status": status,
                "label": TIER_LABELS[status],
                "fill": TIER_FILLS[status],
                "date": None if ds.date is None else ds.date.isoformat(),
                "features": len(geoms),
                "area_km2": area(geom).km2 if not geom.is_empty else 0.0,
                "method": "geodesic-wgs84",
                "credit": DEEPSTATE_MAP_CREDIT,
                "geometry": geom,
            }
        )
    return geopandas.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _areas_frame(doc: Mapping[str, Any], label: str) -> geopandas.GeoDataFrame:
    import geopandas

    geoms = geometries_of_document(doc, label)
    rows: list[dict[str, Any]] = []
    out_geoms = []
    for raw, geom in zip(iter_raw_features(doc, label), geoms, strict=True):
        parts = polygon_parts([geom])
        if not parts:  # points (units, arrows), lines, empty geometries
            continue
        name = raw.properties.get("name")
        fill = raw.properties.get("fill")
        rows.append(
            {
                "feature": raw.index,
                "status": classify_name(name),
                "key": i18n_key(name),
                "fill": fill if isinstance(fill, str) else None,
            }
        )
        out_geoms.append(parts[0] if len(parts) == 1 else MultiPolygon(parts))
    return geopandas.GeoDataFrame(
        rows or None,
        columns=["feature", "status", "key", "fill"],
        geometry=out_geoms,
        crs="EPSG:4326",
    )


def read_deepstate(
    source: str | os.PathLike[str] | Mapping[str, Any],
    *,
    date: DateLike | None = None,
    require_date: bool = True,
) -> DeepStateMap:
    """Read a DeepStateMap map document and classify its areas.

    Parameters
    ----------
    source : str, os.PathLike or mapping
        The document's file, or the parsed document itself.
    date : datetime.date or str, optional
        The publication date; by default from the file name (Unix times are UTC, e.g.
        ``deepstate_raw_1724184993`` → 2024-08-20). A mapping has no name: give ``date``
        or pass ``require_date=False``.
    require_date : bool, default True
        Raise when there is no date.

    Returns
    -------
    DeepStateMap

    Raises
    ------
    SourceError
        Not GeoJSON, empty, no polygons, not a DeepStateMap document (no i18n names), or
        no usable date. The message names the file.
    """
    if isinstance(source, Mapping):
        label = "<GeoJSON>"
        when = resolve_date(label, date, required=False) if date is not None else None
        if when is None and require_date:
            raise SourceError("an in-memory document has no file name: give date=", path=label)
        validate_document(source, label)
        doc: Mapping[str, Any] = source
    else:
        label = os.fspath(source)
        when = resolve_date(label, date, required=require_date)
        doc = read_geojson_text(label)
    if not is_deepstate_document(doc):
        raise SourceError(
            "not a DeepStateMap map document: no feature has a 'Ukrainian /// English /// "
            "geoJSON.…' name (for a plain polygon snapshot use read_snapshot)",
            path=label,
        )
    areas = _areas_frame(doc, label)
    if areas.empty:
        raise SourceError("no polygons: the document holds only points or lines", path=label)
    return DeepStateMap(path=label, date=when, areas=areas)
