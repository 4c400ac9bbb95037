"""Geodesic results that carry their units: :class:`Length` and :class:`Area`.

The figures of :mod:`geo.measure`, :mod:`geo.borders` and :mod:`geo.front` are held in
SI units (metres, square metres) with a per-part breakdown, and converted on access:
:class:`Length` gives ``m``, ``km``, ``mi`` (international statute mile, 1609.344 m) and
``nmi`` (nautical mile, 1852 m); :class:`Area` gives ``m2``, ``km2``, ``sq_mi`` and ``ha``.
Both state their :data:`METHOD`. They are re-exported by :mod:`geo.measure`, their home
for users.

Examples
--------
>>> Length(1609.344).mi
1.0
>>> Area(1e6).km2
1.0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geo.units import KM_PER_MI

__all__ = ["METHOD", "Area", "Length"]

#: The ``method`` every figure states.
METHOD = "geodesic-wgs84"

_M_PER_MI = KM_PER_MI * 1000.0  # 1609.344 m exactly
_M_PER_NMI = 1852.0
_M2_PER_SQ_MI = _M_PER_MI * _M_PER_MI


@dataclass(frozen=True)
class Length:
    """A geodesic length on WGS84.

    Parameters
    ----------
    m : float
        Total length in metres.
    parts : tuple of float
        Length of each part in metres (each line of a multi-line, each ring of a polygon,
        in input order). Their sum is ``m``.

    Examples
    --------
    >>> Length(1852.0, (1852.0,)).nmi
    1.0
    >>> Length(1000.0, (400.0, 600.0)).to_dict()["parts_km"]
    [0.4, 0.6]
    """

    m: float
    parts: tuple[float, ...] = ()

    @property
    def km(self) -> float:
        """Length in kilometres."""
        return self.m / 1000.0

    @property
    def mi(self) -> float:
        """Length in international statute miles (1 mi = 1609.344 m)."""
        return self.m / _M_PER_MI

    @property
    def nmi(self) -> float:
        """Length in nautical miles (1 nmi = 1852 m)."""
        return self.m / _M_PER_NMI

    @property
    def method(self) -> str:
        """How the figure was computed: always ``"geodesic-wgs84"``."""
        return METHOD

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: ``m``, ``km``, ``mi``, ``nmi``, ``parts_km``, ``method``."""
        return {
            "m": self.m,
            "km": self.km,
            "mi": self.mi,
            "nmi": self.nmi,
            "parts_km": [p / 1000.0 for p in self.parts],
            "method": METHOD,
        }


@dataclass(frozen=True)
class Area:
    """A geodesic area on WGS84, always positive, holes subtracted.

    Parameters
    ----------
    m2 : float
        Total area in square metres.
    parts : tuple of float
        Area of each polygon (exterior minus its holes) in square metres, in input order.

    Examples
    --------
    >>> Area(2_589_988.110336, (2_589_988.110336,)).sq_mi
    1.0
    >>> Area(1e6).ha
    100.0
    """

    m2: float
    parts: tuple[float, ...] = ()

    @property
    def km2(self) -> float:
        """Area in square kilometres."""
        return self.m2 / 1e6

    @property
    def sq_mi(self) -> float:
        """Area in square international statute miles (1 sq mi = 2,589,988.110336 m²)."""
        return self.m2 / _M2_PER_SQ_MI

    @property
    def ha(self) -> float:
        """Area in hectares (1 ha = 10,000 m²)."""
        return self.m2 / 1e4

    @property
    def method(self) -> str:
        """How the figure was computed: always ``"geodesic-wgs84"``."""
        return METHOD

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: ``km2``, ``sq_mi``, ``m2``, ``parts_km2``, ``method``."""
        return {
            "km2": self.km2,
            "sq_mi": self.sq_mi,
            "m2": self.m2,
            "parts_km2": [p / 1e6 for p in self.parts],
            "method": METHOD,
        }
