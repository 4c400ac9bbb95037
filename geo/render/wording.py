"""How a map words things: data values as text, and the sentences of measured figures.

Figures read the same in every output (the page, the static image, the figures JSON):
whole numbers from 100 up, one decimal below, miles beside kilometres, and the method
named (``geodesic``). The numbers come from :mod:`geo.measure`; units from :mod:`geo.units`.

Examples
--------
>>> from types import SimpleNamespace
>>> format_figure("Front line", "length", SimpleNamespace(km=1043.2, mi=648.2))
'Front line: 1,043 km (648 mi), geodesic'
>>> area_text("Occupied area", 116995.2)
'Occupied area: 116,995 km² (45,172 sq mi), geodesic'
>>> as_text(["a", None, 2]), is_missing(float("nan"))
('a; 2', True)
"""

from __future__ import annotations

import re
from typing import Any

from geo.units import fmt_number, km2_to_sq_mi

__all__ = ["area_text", "as_text", "format_figure", "is_missing", "reader_sources", "short_number"]


def is_missing(value: Any) -> bool:
    """None or a pandas/numpy missing value (NaN, NaT, NA)."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN is the only value not equal to itself
    except (TypeError, ValueError):
        return False


def as_text(value: Any) -> str:
    """Return a data or catalog value as plain text (sources, dates, lists and mappings joined)."""
    if value is None:
        return ""
    name = getattr(value, "name", None)
    if isinstance(name, str) and not isinstance(value, str):  # e.g. geo.layers.Source
        lic = getattr(value, "license", None)
        return f"{name} ({lic})" if isinstance(lic, str) and lic else name
    if isinstance(value, (list, tuple)):
        return "; ".join(as_text(v) for v in value if v is not None)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {as_text(v)}" for k, v in value.items())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def short_number(value: float) -> str:
    """Return a figure's number on a map: whole from 100 up, one decimal below.

    Examples
    --------
    >>> short_number(1043.2), short_number(42.25), short_number(-150.0)
    ('1,043', '42.2', '-150')
    """
    x = float(value)
    return fmt_number(x, 0 if abs(x) >= 100 else 1)


def format_figure(label: str, measure: str, value: Any) -> str:
    """Format a measured figure for the map, e.g. ``Front line: 1,043 km (648 mi), geodesic``.

    Parameters
    ----------
    label : str
        The recipe's label.
    measure : {"length", "area", "distance"}
        What was measured; a distance is called great-circle.
    value : geo.measure.Length or geo.measure.Area
        The measured value (``km``/``mi`` or ``km2``/``sq_mi``).

    Returns
    -------
    str
    """
    if measure == "area":
        km2, sq_mi = short_number(value.km2), short_number(value.sq_mi)
        return f"{label}: {km2} km² ({sq_mi} sq mi), geodesic"
    kind = "great-circle (geodesic)" if measure == "distance" else "geodesic"
    return f"{label}: {short_number(value.km)} km ({short_number(value.mi)} mi), {kind}"


def area_text(label: str, km2: float) -> str:
    """``"Occupied area: 116,995 km² (45,172 sq mi), geodesic"`` for an area in km²."""
    return f"{label}: {short_number(km2)} km² ({short_number(km2_to_sq_mi(km2))} sq mi), geodesic"


#: What a reader cannot use in a source line: file names and the catalog's own words.
_FILE = re.compile(r"\b[\w-]+\.(?:csv|md|geojson|json|toml|txt)\b|\b\w+_\w+\b")


def reader_sources(lines: list[str]) -> list[str]:
    """The full credit lines as a reader sees them (in the folded notes): no file names.

    A bracket naming a file goes, a file named in the text goes with its bracket or is
    called what it is, and ``(basemap)`` in a layer's title goes.

    Examples
    --------
    >>> reader_sources(["Countries (basemap): Natural Earth 10m admin-0, German point of "
    ...                 "view (ne_10m_admin_0_countries_deu); frontline's waypoint table "
    ...                 "(tumen-waypoints.csv); FACTS.md (the story's public facts)"])
    ["Countries: Natural Earth 10m admin-0, German point of view; frontline's waypoint table; the story's public facts"]
    """  # noqa: E501
    out = []
    for line in lines:
        text = re.sub(r"\s*\((?:basemap)\)", "", line)
        text = re.sub(
            r"\s*\([^()]*\)", lambda m: "" if _FILE.search(m.group()) else m.group(), text
        )
        text = re.sub(r"\b[\w-]+\.(?:csv|md|geojson|json|toml|txt)\s*\(([^()]*)\)", r"\1", text)
        text = _FILE.sub("", text)
        text = re.sub(r"\s+([,;)])", r"\1", " ".join(text.split()))
        text = re.sub(
            r"^Basemap: drawn from the (.+) layer \(no tiles\)$",
            r"Basemap: drawn from \1 (no map tiles)",
            text,
        )
        out.append(text.strip())
    return out
