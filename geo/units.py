"""Units and how frontline prints them: the one home of unit constants and formatters.

Every length is carried in metres or kilometres and printed with miles beside it; every
area in square kilometres with square miles. The constants are exact by definition (the
international mile is 1,609.344 m).

Examples
--------
>>> fmt_km(1.609344)
'1.61 km (1.00 mi)'
>>> fmt_area(2.589988110336)
'2.6 km² (1.0 sq mi)'
>>> round(km_to_mi(1287.48), 1)
800.0
>>> fmt_number(1234.5678), fmt_number(12), fmt_number(None)
('1,234.57', '12', '-')
"""

from __future__ import annotations

import math

__all__ = [
    "KM2_PER_SQ_MI",
    "KM_PER_MI",
    "MISSING",
    "SQ_MI_PER_KM2",
    "fmt_area",
    "fmt_km",
    "fmt_number",
    "km2_to_sq_mi",
    "km_to_mi",
]

#: Kilometres in one international mile (exact).
KM_PER_MI = 1.609344
#: Square kilometres in one square mile (exact: 1.609344²).
KM2_PER_SQ_MI = 2.589988110336
#: Square miles in one square kilometre.
SQ_MI_PER_KM2 = 1.0 / KM2_PER_SQ_MI

#: How a missing value (``None``, NaN) prints.
MISSING = "-"


def km_to_mi(km: float) -> float:
    """Kilometres to international miles."""
    return km / KM_PER_MI


def km2_to_sq_mi(km2: float) -> float:
    """Square kilometres to square miles."""
    return km2 * SQ_MI_PER_KM2


def fmt_number(value: float | int | None, digits: int = 2) -> str:
    """Format a number with thousands separators and ``digits`` decimals.

    Parameters
    ----------
    value : float, int or None
        The number; ``None`` and non-finite values print as ``-``.
    digits : int, default 2
        Decimal places for non-integers.

    Returns
    -------
    str
    """
    if value is None or isinstance(value, bool):
        return MISSING if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if not math.isfinite(value):
        return MISSING
    return f"{value:,.{digits}f}"


def fmt_km(km: float | None, digits: int = 2) -> str:
    """Format a length in kilometres with miles in brackets, e.g. ``1,234.50 km (767.09 mi)``.

    Parameters
    ----------
    km : float or None
        Length in kilometres.
    digits : int, default 2
        Decimal places.

    Returns
    -------
    str
    """
    if km is None or not math.isfinite(km):
        return MISSING
    return f"{fmt_number(float(km), digits)} km ({fmt_number(km_to_mi(float(km)), digits)} mi)"


def fmt_area(km2: float | None, digits: int = 1) -> str:
    """Format an area in km² with square miles, e.g. ``2.6 km² (1.0 sq mi)``.

    Parameters
    ----------
    km2 : float or None
        Area in square kilometres.
    digits : int, default 1
        Decimal places.

    Returns
    -------
    str
    """
    if km2 is None or not math.isfinite(km2):
        return MISSING
    sq_mi = float(km2) / KM2_PER_SQ_MI
    return f"{fmt_number(float(km2), digits)} km² ({fmt_number(sq_mi, digits)} sq mi)"
