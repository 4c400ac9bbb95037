"""The lower Dnipro's reference course, traced through public named places.

A front segment counts as *river front* within :data:`RIVER_KM` of this course (see
:func:`geo.front.derive_front`). The course is authored from encyclopaedia coordinates,
deliberately not from DeepStateMap or any front-line data, so that the land/river split is
independent of the line being split.

Examples
--------
>>> DNIPRO_COURSE[0].name, DNIPRO_COURSE[-1].name
('Vasylivka', 'Dnieper estuary')
>>> RIVER_KM
10.0
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DNIPRO_COURSE", "RIVER_KM", "CoursePoint"]


@dataclass(frozen=True)
class CoursePoint:
    """A named public place on the lower Dnipro, used to trace its course.

    Attributes
    ----------
    name : str
        The place.
    lon, lat : float
        WGS84 degrees, from the place's encyclopaedia article (rounded to 0.001°).
    note : str
        Which bank it lies on, or what it marks.
    """

    name: str
    lon: float
    lat: float
    note: str


#: The lower Dnipro from the former Kakhovka reservoir to its estuary, upstream to
#: downstream, traced through public named places. Coordinates are those of the places'
#: English Wikipedia articles (infobox "Coordinates", consulted 2026), rounded to 0.001°;
#: the reservoir and estuary points are the articles' own coordinates for those water
#: bodies. It is a *reference course*, deliberately not derived from DeepStateMap or any
#: front-line data, so that the land/river split is independent of the line being split.
#: The Kakhovka reservoir was up to 23 km wide (drained since June 2023), so a front
#: segment counts as river front within :data:`RIVER_KM` of this course (see
#: :func:`geo.front.derive_front`).
DNIPRO_COURSE: tuple[CoursePoint, ...] = (
    CoursePoint("Vasylivka", 35.282, 47.443, "left bank; upstream end of the river front"),
    CoursePoint("Enerhodar", 34.656, 47.499, "left bank of the former Kakhovka reservoir"),
    CoursePoint("Kamianka-Dniprovska", 34.406, 47.463, "left bank, opposite Nikopol"),
    CoursePoint("Kakhovka Reservoir", 34.167, 47.467, "the reservoir's article coordinate"),
    CoursePoint("Nova Kakhovka", 33.375, 46.755, "left bank at the Kakhovka dam"),
    CoursePoint("Kherson", 32.625, 46.643, "right bank"),
    CoursePoint("Hola Prystan", 32.517, 46.517, "on the Konka arm of the Dnipro delta"),
    CoursePoint("Dnieper estuary", 31.950, 46.567, "the liman the Dnipro flows into"),
)

#: Default half-width of the river corridor around :data:`DNIPRO_COURSE`, in km.
RIVER_KM = 10.0
