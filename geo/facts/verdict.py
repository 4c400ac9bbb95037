"""The verdict on the story's claim of "nearly 800 miles" of front.

The front has no single length (DESIGN.md: resolution is part of a length), so the claim is
set beside every *front-only* convention (:data:`CONVENTIONS`: the main line; the main line
plus the Kursk enclave front; plus the Dnipro–Buh estuary shore), each at full detail and at
each simplification tolerance of the sweep, and beside the published figures. The
international border is never added: no published front figure counts it (Ukraine's
commander-in-chief reports it separately), so it is shown apart, labelled as border.

:func:`judge` is the whole logic: a claim of "nearly X" *overstates* when every length is
below :data:`NEARLY_BAND_MI`, *understates* when every length is above it, and is
*consistent* when a length falls in the band (or lengths lie on both sides of it).

Examples
--------
>>> lo, hi = NEARLY_BAND_MI
>>> round(lo), round(hi)
(720, 820)
>>> judge([600.0, 650.0]), judge([700.0, 790.0]), judge([900.0])
('overstates', 'consistent', 'understates')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from geo.facts.figures import M_PER_MI
from geo.measure import METHOD

__all__ = ["CLAIM_MI", "CONVENTIONS", "NEARLY_BAND_MI", "judge", "verdict"]

#: The story's claim: "nearly 800 miles of front".
CLAIM_MI = 800.0

#: "Nearly 800 miles" is taken to hold for a length from 90 % of 800 mi up to 2.5 % over:
#: "nearly" means a little under, and a writer rounding 805 mi would still say "nearly
#: 800"; a length beyond that would have been reported as more than 800.
NEARLY_BAND_MI = (0.9 * CLAIM_MI, 1.025 * CLAIM_MI)

#: The front-only conventions: (label, the parts of the front summed). Never the border.
CONVENTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("main line (land front + Dnipro river front to its mouth)", ("land", "river")),
    ("main line + Kursk enclave front", ("land", "river", "enclave")),
    (
        "main line + Kursk enclave front + Dnipro–Buh estuary shore",
        ("land", "river", "enclave", "estuary"),
    ),
)


def judge(lengths_mi: Iterable[float], band_mi: tuple[float, float] = NEARLY_BAND_MI) -> str:
    """Whether a claim with this band overstates, is consistent with, or understates lengths.

    Parameters
    ----------
    lengths_mi : iterable of float
        The measured (or published) lengths, miles; at least one.
    band_mi : (float, float)
        The lengths, miles, the claim's wording covers.

    Returns
    -------
    str
        ``"overstates"`` (every length below the band), ``"understates"`` (every length
        above it) or ``"consistent"``.

    Raises
    ------
    ValueError
        No lengths.
    """
    values = list(lengths_mi)
    if not values:
        raise ValueError("judge needs at least one length")
    lo, hi = band_mi
    if max(values) < lo:
        return "overstates"
    if min(values) > hi:
        return "understates"
    return "consistent"


def _conventions(front: dict[str, Any]) -> list[dict[str, Any]]:
    """Every front-only convention at every resolution of the sweep, in miles and km."""
    lo, hi = NEARLY_BAND_MI
    out = []
    for label, parts in CONVENTIONS:
        for row in front["sweep"]:
            tol = row["tolerance_km"]
            km = sum(float(row.get(f"{p}_km", 0.0)) for p in parts)
            mi = km * 1000.0 / M_PER_MI
            out.append(
                {
                    "convention": label,
                    "parts": list(parts),
                    "resolution": "full detail" if tol is None else f"simplified at {tol:g} km",
                    "tolerance_km": tol,
                    "km": km,
                    "mi": mi,
                    "in_band": lo <= mi <= hi,
                    "method": METHOD,
                    "as_of": front["as_of"],
                }
            )
    return out


def _resolution_sentence(conventions: list[dict[str, Any]]) -> str:
    main = [c for c in conventions if c["convention"] == CONVENTIONS[0][0]]
    full, coarse = main[0], main[-1]
    return (
        "A more detailed line is longer: the main line measures "
        f"{full['km']:,.0f} km at full detail and {coarse['km']:,.0f} km "
        f"{coarse['resolution']}."
    )


def _text(v: dict[str, Any]) -> str:
    """The verdict in two or three sentences."""
    lo, hi = v["band_mi"]
    c = v["closest"]
    rng = v["range_mi"]
    pub = "; ".join(f"{p['mi']:,.0f} mi ({p['source']}, {p['date']})" for p in v["published"])
    word = {
        "overstates": "overstates",
        "understates": "understates",
        "consistent": "is consistent with",
    }
    lead = (
        f'"Nearly 800 miles" (1,287 km) {word[v["judgement"]]} the measured front: '
        f"front-only conventions give {rng[0]:,.0f}–{rng[1]:,.0f} mi, against the "
        f'{lo:,.0f}–{hi:,.0f} mi band taken for "nearly 800"; the closest is the '
        f"{c['convention']}, {c['resolution']}: {c['mi']:,.0f} mi ({c['km']:,.0f} km)."
    )
    published = (
        f" Published figures: {pub} (by the same band the claim "
        f"{word[v['published_judgement']]} them)."
        if v["published"]
        else ""
    )
    border = (
        f" The international border ({v['border_km']:,.0f} km on the generalised basemap) is "
        "not front and is not counted."
        if v.get("border_km") is not None
        else ""
    )
    return lead + published + " " + v["resolution_effect"] + border


def verdict(front: dict[str, Any]) -> dict[str, Any]:
    """Judge "nearly 800 miles of front" against the measured front and published figures.

    Parameters
    ----------
    front : dict
        The ``front`` section of the sheet: ``as_of``, ``sweep`` (rows with
        ``tolerance_km`` and ``<part>_km`` for ``land``, ``river``, ``enclave``,
        ``estuary``; a missing part counts 0), ``published`` (``km``, ``source``,
        ``date``) and optionally ``northern_border`` (shown apart, never added).

    Returns
    -------
    dict
        ``claim``, ``band_mi``, ``band_meaning``, ``conventions`` (each convention at each
        resolution: ``km``, ``mi``, ``in_band``), ``range_mi``, ``judgement``
        (overstates / consistent / understates), ``closest`` (the convention and
        resolution nearest 800 mi), ``published`` and ``published_judgement``,
        ``resolution_effect`` (one sentence), ``border_km`` (reported apart),
        ``text``, ``as_of``, ``method``.

    Examples
    --------
    >>> front = {"as_of": "2024-11-13", "published": [],
    ...          "sweep": [{"tolerance_km": None, "land_km": 700.0, "river_km": 300.0}]}
    >>> v = verdict(front)
    >>> v["judgement"], round(v["closest"]["mi"])
    ('overstates', 621)
    """
    conventions = _conventions(front)
    miles = [c["mi"] for c in conventions]
    published = [{**p, "mi": p["km"] * 1000.0 / M_PER_MI} for p in front.get("published", [])]
    border = front.get("northern_border")
    v: dict[str, Any] = {
        "claim": "nearly 800 miles of front (800 mi = 1,287.5 km)",
        "band_mi": list(NEARLY_BAND_MI),
        "band_meaning": "90 % of 800 mi up to 2.5 % over: 'nearly' means a little under, "
        "allowing for rounding",
        "conventions": conventions,
        "range_mi": [min(miles), max(miles)],
        "judgement": judge(miles),
        "closest": min(conventions, key=lambda c: (abs(c["mi"] - CLAIM_MI), c["km"])),
        "published": published,
        "published_judgement": judge([p["mi"] for p in published]) if published else None,
        "resolution_effect": _resolution_sentence(conventions),
        "border_km": border["km"] if border else None,
        "as_of": front["as_of"],
        "method": METHOD,
    }
    v["text"] = _text(v)
    return v
