"""Official border lengths, and the caveat every border length measured on the basemap carries.

The countries basemap is Natural Earth 10m, a generalised map: it straightens the bends
of river borders and smooths land borders, so a border measured on it is shorter than
the surveyed one. Every border length the toolkit prints (``frontline facts``,
``frontline borders``) carries :data:`BASEMAP_CAVEAT` and, where one is known, the
official figure from :data:`OFFICIAL_BORDERS_KM` (:func:`official_border`).

This module has no dependencies inside ``geo``: reports and the fact sheet both use it.

Examples
--------
>>> official_border("pol", "UKR")["km"]
535.0
>>> official_border("UKR", "ATA") is None
True
"""

from __future__ import annotations

from typing import Any

__all__ = ["BASEMAP_CAVEAT", "OFFICIAL_BORDERS_KM", "border_note", "official_border"]

#: The caveat of a border length measured on the generalised basemap.
BASEMAP_CAVEAT = (
    "measured on the generalised Natural Earth 10m basemap: generalisation straightens "
    "river borders and smooths land borders, so this length is shorter than the surveyed "
    "one; it is not an independent measurement"
)

#: Official (surveyed or government-published) border lengths, keyed by the two ISO A3
#: codes in alphabetical order: ``km`` and the kind of ``source``.
OFFICIAL_BORDERS_KM: dict[tuple[str, str], dict[str, Any]] = {
    ("CHN", "PRK"): {"km": 1352.0, "source": "official figure (older sources 1,420 km)"},
    ("CHN", "RUS"): {"km": 4209.3, "source": "official figure"},
    ("PRK", "RUS"): {
        "km": 17.0,
        "source": "official Russian definition: 17 km along the river (17.3 in some sources)",
    },
    ("POL", "UKR"): {
        "km": 535.0,
        "source": "State Border Guard Service of Ukraine (encyclopaedia figure)",
    },
}


def official_border(a: str, b: str) -> dict[str, Any] | None:
    """The official length of the border between ISO A3 codes ``a`` and ``b``, if known.

    Parameters
    ----------
    a, b : str
        ISO A3 codes (any case, any order).

    Returns
    -------
    dict or None
        ``{"km": float, "source": str}``, or None when no official figure is listed.
    """
    key = tuple(sorted((str(a).upper(), str(b).upper())))
    found = OFFICIAL_BORDERS_KM.get((key[0], key[1]))
    return dict(found) if found else None


def border_note(a: str | None, b: str | None, measured_km: float) -> dict[str, Any]:
    """The caveat and official figure to print beside a border measured on the basemap.

    Parameters
    ----------
    a, b : str or None
        ISO A3 codes of the two sides (None when unknown: only the caveat is given).
    measured_km : float
        The length measured on the basemap, kilometres.

    Returns
    -------
    dict
        ``caveat``, ``official_km`` and ``official_source`` (None when unknown) and
        ``ratio_to_official`` (measured / official, or None).

    Examples
    --------
    >>> note = border_note("UKR", "POL", 412.0)
    >>> note["official_km"], round(note["ratio_to_official"], 2)
    (535.0, 0.77)
    """
    official = official_border(a, b) if a and b else None
    return {
        "caveat": BASEMAP_CAVEAT,
        "official_km": official["km"] if official else None,
        "official_source": official["source"] if official else None,
        "ratio_to_official": measured_km / official["km"] if official else None,
    }
