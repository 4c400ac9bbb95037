"""How the fact sheet writes a figure, and how it picks a country from the basemap.

Every figure is a dict with its value in two units (``km`` and ``mi``, or ``km2`` and
``sq_mi``), its ``method`` (``geodesic-wgs84``) and the ``as_of`` date of the layer it was
measured on, plus any notes the section adds.

Examples
--------
>>> from geo.measure import Length
>>> length_figure(Length(1609.344), "2024-11-13", layer="places")
{'km': 1.609344, 'mi': 1.0, 'method': 'geodesic-wgs84', 'as_of': '2024-11-13', 'layer': 'places'}
"""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from geo.errors import LayerError
from geo.measure import METHOD, Area, Length
from geo.units import KM_PER_MI

__all__ = ["M_PER_MI", "area_figure", "country_geometry", "length_figure"]

#: Metres in one international mile (exactly 1,609.344).
M_PER_MI = KM_PER_MI * 1000.0


def length_figure(length: Length, as_of: str, **extra: Any) -> dict[str, Any]:
    """A length as a fact-sheet figure: ``km``, ``mi``, ``method``, ``as_of`` and ``extra``.

    Parameters
    ----------
    length : geo.measure.Length
        The measured length.
    as_of : str
        The as-of date of the layer it was measured on.
    **extra
        Further keys (``layer``, ``how``, ``note``, ...).

    Returns
    -------
    dict
    """
    out = {"km": length.km, "mi": length.mi, "method": METHOD, "as_of": as_of}
    out.update(extra)
    return out


def area_figure(area: Area, as_of: str, **extra: Any) -> dict[str, Any]:
    """An area as a fact-sheet figure: ``km2``, ``sq_mi``, ``method``, ``as_of``, ``extra``.

    Parameters
    ----------
    area : geo.measure.Area
        The measured area.
    as_of : str
        The as-of date of the layer it was measured on.
    **extra
        Further keys.

    Returns
    -------
    dict
    """
    out = {"km2": area.km2, "sq_mi": area.sq_mi, "method": METHOD, "as_of": as_of}
    out.update(extra)
    return out


def country_geometry(countries: Any, iso: str) -> BaseGeometry:
    """The union of the features with ISO A3 code ``iso`` in the (verified) countries frame.

    The sheet measures the countries layer it has verified, not the process-wide cache of
    :func:`geo.layers.country`, so every figure comes from the file whose checksum it
    printed.

    Parameters
    ----------
    countries : geopandas.GeoDataFrame
        The countries layer, with an ``iso_a3`` column.
    iso : str
        The exact ISO A3 code.

    Returns
    -------
    shapely geometry

    Raises
    ------
    LayerError
        No feature has that code.
    """
    hit = countries[countries["iso_a3"] == iso]
    if hit.empty:
        raise LayerError(f"countries: no feature with iso_a3 {iso!r}")
    return shapely.union_all(hit.geometry.values)
