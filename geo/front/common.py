"""What the front modules share: geodesic lengths of lon/lat lines, multilines, km checks.

Examples
--------
>>> from shapely.geometry import LineString
>>> round(measure_lines([LineString([(30, 48), (31, 48)])]).km, 3)
74.625
>>> measure_lines([]).m
0.0
>>> [round(float(m) / 1000, 3) for m in line_metres([LineString([(30, 48), (31, 48)])] * 2)]
[74.625, 74.625]
>>> lengths_of([1000.0, 500.0]).km, lengths_of([]).parts
(1.5, ())
>>> check_km(4, "buffer_km")
4.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from shapely.geometry import LineString, MultiLineString
from shapely.geometry.base import BaseGeometry

from geo.errors import GeometryError
from geo.measure import Length, length

__all__ = ["as_multiline", "check_km", "lengths_of", "line_metres", "measure_lines"]


def measure_lines(lines: Sequence[BaseGeometry] | BaseGeometry) -> Length:
    """Return the geodesic length of lon/lat lines; zero for nothing.

    Parameters
    ----------
    lines : shapely geometry or sequence of them
        Lon/lat degrees; None and empty geometries are skipped.

    Returns
    -------
    geo.measure.Length
        In metres (``.km``, ``.mi``), one part per line; ``Length(0.0, ())`` when empty.
    """
    items = [lines] if isinstance(lines, BaseGeometry) else list(lines)
    items = [g for g in items if g is not None and not g.is_empty]
    return length(items) if items else Length(0.0, ())


def line_metres(lines: Sequence[LineString]) -> np.ndarray:
    """Return the geodesic length in metres of each lon/lat line, in one vectorised call.

    All segments of all lines go through one :meth:`pyproj.Geod.inv` call (via
    :func:`geo.measure.length`), instead of one call per line; each line's length is the
    same float a call for it alone gives.

    Parameters
    ----------
    lines : sequence of shapely.LineString
        Lon/lat degrees, non-empty.

    Returns
    -------
    numpy.ndarray
        One float per line, metres.
    """
    if len(lines) == 0:
        return np.zeros(0)
    arr = np.empty(len(lines), dtype=object)
    arr[:] = list(lines)
    return np.asarray(length(arr).parts, dtype=float)


def lengths_of(metres: Sequence[float] | np.ndarray) -> Length:
    """Return a :class:`~geo.measure.Length` of lines already measured, one part per line.

    Parameters
    ----------
    metres : sequence of float
        Each line's geodesic length in metres, in order.

    Returns
    -------
    geo.measure.Length
        Total as :func:`measure_lines` sums it (numpy), with the parts; zero for none.
    """
    values = np.asarray(metres, dtype=float)
    return Length(float(values.sum()), tuple(float(v) for v in values))


def as_multiline(lines: Sequence[LineString]) -> MultiLineString:
    """Return the non-empty ``lines`` as one MultiLineString (empty when there are none)."""
    return MultiLineString([ln for ln in lines if not ln.is_empty])


def check_km(value: Any, name: str) -> float:
    """Return ``value`` as a float of km, refusing booleans, non-numbers, NaN and negatives.

    Parameters
    ----------
    value : Any
        The parameter as given.
    name : str
        Its name, for the error message.

    Returns
    -------
    float
        Kilometres, finite and >= 0.

    Raises
    ------
    geo.errors.GeometryError
        Anything else.
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not (math.isfinite(value) and value >= 0)
    ):
        raise GeometryError(f"{name} must be a finite number of km >= 0, got {value!r}")
    return float(value)
