"""The verdict on the story's claim of "nearly 800 miles" of front.

The front has no single length (DESIGN.md: resolution is part of a length), so the claim is
judged under every measured convention (land and river front or land front only, at each
simplification tolerance, with or without the Ukraine–Russia border north of it) against
:data:`NEARLY_BAND_MI`, what "nearly 800 miles" is taken to mean.

Examples
--------
>>> lo, hi = NEARLY_BAND_MI
>>> round(lo), round(hi)
(720, 820)
"""

from __future__ import annotations

from typing import Any

from geo.facts.figures import M_PER_MI
from geo.measure import METHOD

__all__ = ["CLAIM_MI", "NEARLY_BAND_MI", "verdict"]

#: The story's claim: "nearly 800 miles of front".
CLAIM_MI = 800.0

#: "Nearly 800 miles" is taken to hold for a length from 90 % of 800 mi up to 2.5 % over:
#: "nearly" means a little under, and a writer rounding 805 mi would still say "nearly
#: 800"; a length beyond that would have been reported as more than 800.
NEARLY_BAND_MI = (0.9 * CLAIM_MI, 1.025 * CLAIM_MI)


def _conventions(front: dict[str, Any]) -> list[dict[str, Any]]:
    """Every measured way of counting the front, with its miles and whether the claim holds."""
    lo, hi = NEARLY_BAND_MI
    conventions = []

    def add(label: str, part: str, tol: float | None, km: float) -> None:
        mi = km * 1000.0 / M_PER_MI
        conventions.append(
            {
                "convention": label,
                "part": part,
                "tolerance_km": tol,
                "km": km,
                "mi": mi,
                "holds": lo <= mi <= hi,
            }
        )

    for row in front["sweep"]:
        tol = row["tolerance_km"]
        res = "full detail" if tol is None else f"simplified at {tol:g} km"
        add(f"land + Dnipro river front, {res}", "total", tol, row["total_km"])
        add(f"land front only, {res}", "land", tol, row["land_km"])
    border_km = front["northern_border"]["km"]
    full = front["sweep"][0]
    add(
        "land + Dnipro river front + the Ukraine–Russia border north of it, full detail",
        "total+border",
        None,
        full["total_km"] + border_km,
    )
    add(
        "land front + the Ukraine–Russia border north of it, full detail",
        "land+border",
        None,
        full["land_km"] + border_km,
    )
    return conventions


def _text(conventions: list[dict[str, Any]]) -> str:
    """One line: the front's length, and the convention under which the claim holds (or not)."""
    holding = [c for c in conventions if c["holds"]]
    first = conventions[0]
    lead = (
        f"The front measures {first['mi']:,.0f} mi ({first['km']:,.0f} km) as the "
        f"{first['convention']}"
    )
    if holding:
        best = min(holding, key=lambda c: abs(c["mi"] - CLAIM_MI))
        return (
            f'{lead}; "nearly 800 miles" (1,287 km) holds only if the front is counted as '
            f"the {best['convention']}: {best['mi']:,.0f} mi ({best['km']:,.0f} km)"
        )
    nearest = min(conventions, key=lambda c: abs(c["mi"] - CLAIM_MI))
    side = "over" if nearest["mi"] > CLAIM_MI else "short of"
    return (
        f'{lead}; "nearly 800 miles" (1,287 km) does not hold under any measured '
        f"convention: the nearest, the {nearest['convention']}, is "
        f"{nearest['mi']:,.0f} mi, {abs(nearest['mi'] - CLAIM_MI):,.0f} mi {side} 800"
    )


def verdict(front: dict[str, Any]) -> dict[str, Any]:
    """Judge "nearly 800 miles of front" against the measured front.

    Parameters
    ----------
    front : dict
        The ``front`` section of the sheet (needs ``sweep``, ``northern_border`` and
        ``as_of``; see :func:`geo.facts.ukraine.front_section`).

    Returns
    -------
    dict
        ``claim``, ``band_mi`` (what "nearly 800" is taken to mean), ``conventions`` (each
        measured convention with its miles and whether it falls in the band), ``holds``
        (bool: under at least one convention) and ``text`` (one line naming the
        convention under which the claim holds, or the nearest one when it does not).

    Examples
    --------
    >>> front = {"as_of": "2024-11-13", "northern_border": {"km": 300.0},
    ...          "sweep": [{"tolerance_km": None, "total_km": 1300.0, "land_km": 1000.0}]}
    >>> v = verdict(front)
    >>> v["holds"], [c["part"] for c in v["conventions"] if c["holds"]]
    (True, ['total', 'land+border'])
    """
    conventions = _conventions(front)
    lo, hi = NEARLY_BAND_MI
    return {
        "claim": "nearly 800 miles of front (800 mi = 1,287.5 km)",
        "band_mi": [lo, hi],
        "band_meaning": "90 % of 800 mi up to 2.5 % over: 'nearly' means a little under, "
        "allowing for rounding",
        "conventions": conventions,
        "holds": any(c["holds"] for c in conventions),
        "text": _text(conventions),
        "as_of": front["as_of"],
        "method": METHOD,
    }
