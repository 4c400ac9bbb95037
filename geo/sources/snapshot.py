"""Snapshot GeoJSON: a dated file holding the occupied area as (Multi)Polygons.

The daily DeepStateMap files republished by ``cyterat/deepstate-map-data`` are of this kind:
a FeatureCollection with a ``crs`` member naming OGC CRS84 and one Feature with a
MultiPolygon. Any GeoJSON whose polygons together make the area works: every polygon of
every feature is dissolved into one MultiPolygon, points and lines are ignored.

:class:`Snapshot` is also what every other importer in :mod:`geo.sources` returns.

Examples
--------
>>> import json, tempfile, pathlib
>>> doc = {"type": "Polygon", "coordinates": [[[30, 48], [31, 48], [31, 49], [30, 48]]]}
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "occupied_2024-11-13.geojson").write_text(json.dumps(doc))
>>> snap = read_snapshot(folder / "occupied_2024-11-13.geojson")
>>> snap.date.isoformat(), snap.kind, round(snap.area().km2)
('2024-11-13', 'snapshot', 4149)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, shape

from geo.errors import GeoError, SourceError
from geo.geometry import count_non_polygonal, dissolve_polygons
from geo.io import crs_of_document, iter_raw_features, read_geodata, read_geojson_text
from geo.measure import Area
from geo.measure import area as geodesic_area
from geo.sources.credit import credit_for
from geo.sources.dates import DateLike, resolve_date

if TYPE_CHECKING:
    import geopandas

__all__ = ["Snapshot", "geometries_of_document", "read_snapshot", "snapshot_from_document"]


@dataclass(frozen=True)
class Snapshot:
    """The occupied area on one date, as read from one file.

    Attributes
    ----------
    path : str
        The file it was read from.
    date : datetime.date or None
        The snapshot date (from the file name or given explicitly); ``None`` only when the
        reader was called with ``require_date=False`` and the name holds no date.
    occupied : shapely.MultiPolygon
        The occupied area, lon/lat degrees (EPSG:4326), valid, 2-D, dissolved.
    kind : str
        Which importer read it: ``"snapshot"`` (polygon GeoJSON), ``"deepstate"`` (a full
        DeepStateMap document), ``"kml"`` or ``"ogr"`` (any other format pyogrio reads).
    credit : str or None
        The credit line anything made from it must carry (DeepStateMap data, see
        :func:`geo.sources.credit.credit_for`); ``None`` when the source is not known to
        need one.
    skipped : int
        Features left out because they hold no polygon (null geometry, points, lines);
        DeepState documents' markers and arrows are not counted.
    """

    path: str
    date: dt.date | None
    occupied: MultiPolygon
    kind: str
    credit: str | None = None
    skipped: int = 0

    def area(self) -> Area:
        """Geodesic area of the occupied area (WGS84), see :func:`geo.measure.area`."""
        return geodesic_area(self.occupied)

    def to_geodataframe(self) -> geopandas.GeoDataFrame:
        """One-row GeoDataFrame (EPSG:4326) with ``date``, ``kind``, ``source`` and the area."""
        import geopandas

        return geopandas.GeoDataFrame(
            {
                "date": [None if self.date is None else self.date.isoformat()],
                "kind": [self.kind],
                "source": [os.path.basename(self.path)],
                "area_km2": [self.area().km2],
            },
            geometry=[self.occupied],
            crs="EPSG:4326",
        )


def _polygon(rings: list[Any]) -> shapely.Polygon:
    arrays = [np.asarray(r, dtype=float) for r in rings]
    if any(a.ndim != 2 or a.shape[1] < 2 for a in arrays):
        raise ValueError("ragged or malformed positions")
    xy = [a[:, :2] for a in arrays]
    return shapely.Polygon(xy[0], xy[1:])


def _build(geom: Mapping[str, Any]) -> shapely.Geometry:
    """Build a shapely geometry from a raw GeoJSON geometry; polygons built from numpy arrays.

    ``shapely.geometry.shape`` walks every coordinate in Python; building (Multi)Polygons
    from arrays is ~5x faster, which matters over hundreds of snapshots. Anything unusual
    (mixed 2-D/3-D positions, other types) goes through ``shape``.
    """
    kind = geom.get("type")
    try:
        if kind == "Polygon":
            return _polygon(geom["coordinates"])
        if kind == "MultiPolygon":
            return shapely.MultiPolygon([_polygon(p) for p in geom["coordinates"]])
    except (ValueError, TypeError, IndexError):
        pass
    return shape(geom)


def geometries_of_document(doc: Mapping[str, Any], label: str) -> list[shapely.Geometry | None]:
    """Build the shapely geometries of a validated raw GeoJSON document, lon/lat.

    Documents in CRS84 (no ``crs`` member, or one naming CRS84/EPSG:4326) are built directly,
    which is several times faster than a GeoDataFrame; a document naming another CRS goes
    through :func:`geo.io.read_geodata`, which transforms it.

    Parameters
    ----------
    doc : mapping
        A document returned by :func:`geo.io.read_geojson_text`.
    label : str
        The file name, for error messages.

    Returns
    -------
    list of shapely geometries or None
        One per feature (``None`` for a feature without geometry).

    Raises
    ------
    SourceError
        A geometry that cannot be built (e.g. a ring with fewer than three positions).
    """
    if crs_of_document(doc, label) is not None:
        try:
            return list(read_geodata(doc).geometry)
        except GeoError as exc:  # the mapping reader cannot know the file name
            raise type(exc)(exc.message, path=label, feature=exc.feature) from None
    out: list[shapely.Geometry | None] = []
    for raw in iter_raw_features(doc, label):
        if raw.geometry is None:
            out.append(None)
            continue
        try:
            out.append(_build(raw.geometry))
        except (ValueError, TypeError, IndexError, shapely.errors.GEOSException) as exc:
            raise SourceError(
                f"geometry cannot be built: {exc}", path=label, feature=raw.index
            ) from None
    return out


def read_snapshot(
    path: str | os.PathLike[str],
    *,
    date: DateLike | None = None,
    require_date: bool = True,
) -> Snapshot:
    """Read a polygon GeoJSON snapshot (like ``deepstatemap_data_YYYYMMDD.geojson``).

    Parameters
    ----------
    path : str or os.PathLike
        The GeoJSON file.
    date : datetime.date or str, optional
        The snapshot date; by default read from the file name (see :mod:`geo.sources.dates`).
    require_date : bool, default True
        Raise when there is no date; with ``False`` the snapshot's ``date`` may be ``None``.

    Returns
    -------
    Snapshot
        ``kind="snapshot"``.

    Raises
    ------
    SourceError
        Not GeoJSON (invalid JSON, not UTF-8, wrong structure), an empty file or collection,
        no polygons, an unparseable or missing date. The message names the file.
    """
    label = os.fspath(path)
    when = resolve_date(label, date, required=require_date)
    return snapshot_from_document(read_geojson_text(label), label, when)


def snapshot_from_document(doc: Any, label: str, when: dt.date | None) -> Snapshot:
    """A :class:`Snapshot` from an already-parsed polygon GeoJSON document.

    Parameters
    ----------
    doc : mapping
        The validated raw document (:func:`geo.io.read_geojson_text`).
    label : str
        The file, for messages and the credit.
    when : datetime.date or None
        The snapshot date.

    Returns
    -------
    Snapshot
        ``kind="snapshot"``; ``skipped`` counts the features that hold no polygon.
    """
    geoms = geometries_of_document(doc, label)
    return Snapshot(
        path=label,
        date=when,
        occupied=dissolve_polygons(geoms, path=label),
        kind="snapshot",
        credit=credit_for(label),
        skipped=count_non_polygonal(geoms),
    )
