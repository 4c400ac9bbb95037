r"""DeepStateMap full map documents: classify, dissolve, and find the Kursk pocket.

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

"Liberated" (``dismissed``) polygons inside Russia are the Kursk pocket: areas of Russia
held by Ukraine. :func:`kursk_pocket` selects them against the ``countries`` layer's Russia
polygon, with a small tolerance for the basemap's generalised border.

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

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, box

from geo.errors import GeometryError, SourceError
from geo.frames import frame_for
from geo.geometry import dissolve_polygons, polygon_parts
from geo.io import iter_raw_features, read_geojson_text, validate_document
from geo.layers import country
from geo.measure import area
from geo.sources.dates import DateLike, resolve_date
from geo.sources.snapshot import Snapshot, geometries_of_document

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "CLASSES",
    "PRE_2022_TERRITORIES",
    "DeepStateMap",
    "Status",
    "classify_name",
    "i18n_key",
    "is_deepstate_document",
    "kursk_pocket",
    "read_deepstate",
]

Status = Literal["occupied", "liberated", "unknown", "other"]

#: The classes an area can have, in the order they are reported.
CLASSES: tuple[str, ...] = ("occupied", "liberated", "unknown")

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
        return Snapshot(path=self.path, date=self.date, occupied=occupied, kind="deepstate")

    def to_geodataframe(self) -> geopandas.GeoDataFrame:
        """One row per class (occupied, liberated, unknown) with its dissolved area, EPSG:4326."""
        import geopandas

        rows = []
        for status in CLASSES:
            geom = self.dissolved(status)
            rows.append(
                {
                    "status": status,
                    "date": None if self.date is None else self.date.isoformat(),
                    "area_km2": area(geom).km2 if not geom.is_empty else 0.0,
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


def _within_grown(candidates: np.ndarray, russia: shapely.Geometry, tolerance_km: float) -> Any:
    """Which ``candidates`` lie within ``russia`` grown by ``tolerance_km`` (boolean array).

    The test runs in a local equal-area frame centred on the candidates.
    """
    minx, miny, maxx, maxy = shapely.total_bounds(candidates)
    # Russia spans the antimeridian: clip it to the area of interest before projecting.
    window = box(minx - 1.0, miny - 1.0, maxx + 1.0, maxy + 1.0)
    # Densify first: a coarse outline's long edges would bow in the projection.
    near = shapely.segmentize(shapely.make_valid(russia).intersection(window), 0.05)
    if near.is_empty:
        return np.zeros(len(candidates), dtype=bool)
    frame = frame_for(candidates, "laea")
    zone = frame.to_local(near).buffer(float(tolerance_km) * 1000.0)
    shapely.prepare(zone)
    return shapely.within(frame.to_local(candidates), zone)


def kursk_pocket(
    doc: DeepStateMap | str | os.PathLike[str] | Mapping[str, Any],
    *,
    russia: shapely.Geometry | None = None,
    tolerance_km: float = 2.0,
) -> MultiPolygon:
    """The Kursk pocket: the liberated (Ukrainian-held) polygons lying inside Russia.

    Each liberated polygon *as drawn* (before dissolving, so a pocket polygon touching a
    liberated area in Ukraine is not swallowed by it) is kept when it lies entirely within
    Russia's polygon grown by ``tolerance_km``; the kept polygons are then dissolved. The
    tolerance absorbs the generalisation of the basemap's border (Natural Earth 1:10m puts
    it up to ~2 km off), which would otherwise drop pocket polygons DeepState draws right
    up to the real border. Polygons are kept whole, not clipped to the basemap's border.

    Parameters
    ----------
    doc : DeepStateMap, path or mapping
        A classified map (see :func:`read_deepstate`) or what it is read from.
    russia : shapely geometry, optional
        Russia's polygon, lon/lat. Default: the ``countries`` layer's Russia (``RUS``).
    tolerance_km : float, default 2.0
        How far (km, in a local equal-area projection) a pocket polygon may reach beyond the
        basemap's Russia.

    Returns
    -------
    shapely.MultiPolygon
        The pocket, lon/lat; empty when no liberated polygon lies in Russia.

    Raises
    ------
    SourceError
        As :func:`read_deepstate`.
    GeometryError
        A negative or non-finite tolerance, or an empty Russia polygon.
    """
    if not (isinstance(tolerance_km, int | float) and np.isfinite(tolerance_km)) or (
        tolerance_km < 0
    ):
        raise GeometryError(f"tolerance_km must be a finite number >= 0, got {tolerance_km!r}")
    ds = doc if isinstance(doc, DeepStateMap) else read_deepstate(doc, require_date=False)
    liberated = ds.areas[ds.areas["status"] == "liberated"]
    if liberated.empty:
        return MultiPolygon()
    if russia is None:
        russia = country("RUS")
    if russia.is_empty:
        raise GeometryError("the Russia polygon is empty")
    candidates = np.asarray(liberated.geometry.values, dtype=object)
    inside = _within_grown(candidates, russia, tolerance_km)
    if not inside.any():
        return MultiPolygon()
    return dissolve_polygons(candidates[inside], path=ds.path, what="pocket polygons")
