"""Front lines and the areas they divide.

A front line is a line drawn across a country: :func:`split_by_line` splits a country's
polygon along it, which is how the occupied area of a date is made from the country
polygon and that date's front line; :func:`derive_front` goes the other way, deriving the
front line from an occupied area (its boundary minus the country's border and coast) and
splitting it into land and river front along the Dnipro (:data:`DNIPRO_COURSE`).

Coordinates are longitude/latitude degrees on WGS84 (EPSG:4326, lon first); distances given
to these functions are geodesic kilometres on the WGS84 ellipsoid.

One module per job: :mod:`geo.front.split` (:func:`split_by_line`),
:mod:`geo.front.derive` (:func:`derive_front`), :mod:`geo.front.inputs`
(:func:`country_polygon`), :mod:`geo.front.dnipro` (the reference course),
:mod:`geo.front.river` (the land/river split), :mod:`geo.front.result` (:class:`FrontResult`)
and :mod:`geo.front.common` (shared helpers).

Examples
--------
>>> from shapely.geometry import LineString, box
>>> parts = split_by_line(box(0, 0, 2, 1), LineString([(1, 0.05), (1, 0.95)]))
>>> [round(p.area, 3) for p in parts]
[1.0, 1.0]
"""

from geo.front.derive import BUFFER_KM, MIN_LENGTH_KM, derive_front
from geo.front.dnipro import DNIPRO_COURSE, RIVER_KM, CoursePoint
from geo.front.inputs import country_polygon
from geo.front.result import FrontResult, FrontSegment
from geo.front.split import split_by_line

__all__ = [
    "BUFFER_KM",
    "DNIPRO_COURSE",
    "MIN_LENGTH_KM",
    "RIVER_KM",
    "CoursePoint",
    "FrontResult",
    "FrontSegment",
    "country_polygon",
    "derive_front",
    "split_by_line",
]
