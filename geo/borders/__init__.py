"""Borders between polygons: shared boundaries, tripoints, stretches of a line, lookups.

Geometries are lon/lat (EPSG:4326) shapely objects or anything :mod:`geo.measure`
accepts (GeoJSON mappings, GeoSeries/GeoDataFrames in any CRS, a row returned by
:func:`find_feature`). Every length is geodesic on WGS84 (:mod:`geo.measure`); projected
coordinates are used only to buffer, to find nearest points and to interpolate, in an
azimuthal equidistant projection centred on the place being examined
(:func:`geo.frames.frame_for`), where distances are true to well under 0.1 % within a few
hundred kilometres of the centre. An edge between two vertices is thereby read as (nearly)
a geodesic, as :mod:`geo.measure` reads it; with vertices every few kilometres, as in real
layers, that and the straight lon/lat segment shapely draws are metres apart at most.

Why a tolerant mode: two real layers rarely share their border vertex for vertex. One
country's outline overlaps its neighbour's by a sliver here and leaves a gap there, so the
intersection of their boundaries is empty or a few scraps. :func:`shared_border` with
``snap_m`` takes, instead, the part of A's boundary lying within ``snap_m`` metres of B
(inside B, or outside it by at most ``snap_m``) — see its Notes.

The package holds one module per operation: :mod:`geo.borders.shared`
(:func:`shared_border`), :mod:`geo.borders.tripoints` (:func:`tripoint`),
:mod:`geo.borders.stretch` (:func:`line_between`) and :mod:`geo.borders.common` (inputs
and shared steps). :func:`find_feature` lives in :mod:`geo.layers` and is re-exported here.

Examples
--------
>>> from shapely import Polygon
>>> from geo.borders import shared_border, tripoint
>>> west = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
>>> east = Polygon([(1, 0), (2, 0), (2, 1), (1, 1)])
>>> north = Polygon([(0, 1), (2, 1), (2, 2), (0, 2)])
>>> round(shared_border(west, east).length.km, 3)
110.574
>>> t = tripoint(west, east, north)
>>> t.point.wkt, t.error_m
('POINT (1 1)', 0.0)
"""

from geo.borders.common import FeatureInput
from geo.borders.shared import SharedBorder, shared_border
from geo.borders.stretch import line_between
from geo.borders.tripoints import Tripoint, tripoint
from geo.layers.lookup import find_feature

__all__ = [
    "FeatureInput",
    "SharedBorder",
    "Tripoint",
    "find_feature",
    "line_between",
    "shared_border",
    "tripoint",
]
