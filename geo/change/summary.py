"""The one plain-English sentence of a change report, built only from the report's figures.

The sentence names the period, the ground Russia gained and where most of it lies (the
reference town that the largest share of the gained area is nearest to, with the compass
direction of that share's centre as seen from the town), the ground Ukraine regained, and
how the main front's length changed, e.g.::

    Between 24 July and 22 August 2026 Russian forces gained 113 km², mostly north of
    Myrnohrad; Ukraine regained 120 km². The front grew by 4 km.

Every number in it is :func:`figure_text` of a figure in the report (``summary.figures``),
so the sentence and the tables can never disagree.

Examples
--------
>>> figure_text(142.4), figure_text(9.44), figure_text(0.0), figure_text(12345.6)
('142', '9.4', '0', '12,346')
>>> period_text("2026-08-01", "2026-08-08")
'Between 1 and 8 August 2026'
>>> period_text("2025-12-28", "2026-01-04")
'Between 28 December 2025 and 4 January 2026'
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pyproj import Geod

from geo.change.places import compass
from geo.sources.dates import long_date

__all__ = ["figure_text", "period_text", "summarise", "where_text"]

_GEOD = Geod(ellps="WGS84")


def figure_text(value: float) -> str:
    """A figure as the sentence prints it: one decimal under 10, else whole with commas."""
    v = abs(float(value))
    if v == 0:
        return "0"
    return f"{v:.1f}" if round(v, 1) < 10 else f"{round(v):,}"


def _day(d: dt.date, year: bool = True) -> str:
    return long_date(d, year=year)


def period_text(start: str, end: str) -> str:
    """``"Between 1 and 8 August 2026"``: the two dates with nothing repeated."""
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    if a == b:
        return f"On {_day(b)}"
    if (a.year, a.month) == (b.year, b.month):
        return f"Between {a.day} and {_day(b)}"
    if a.year == b.year:
        return f"Between {_day(a, year=False)} and {_day(b)}"
    return f"Between {_day(a)} and {_day(b)}"


def where_text(areas: list[dict[str, Any]]) -> tuple[str, dict[str, Any] | None]:
    """Where most of the gained ground lies, from the gained areas and their towns.

    Returns
    -------
    text : str
        ``"mostly north-west of Pokrovsk"`` (the town's share is at least half), ``"the
        most (38 %) north-west of Pokrovsk"``, or ``""`` without areas or towns.
    figures : dict or None
        ``town``, ``share``, ``direction``, ``km2`` behind the words.
    """
    by_town: dict[str, list[dict[str, Any]]] = {}
    for a in areas:
        if a.get("town"):
            by_town.setdefault(a["town"]["name"], []).append(a)
    total = sum(a["km2"] for a in areas)
    if not by_town or total <= 0:
        return "", None
    name, group = max(by_town.items(), key=lambda kv: (sum(a["km2"] for a in kv[1]), kv[0]))
    km2 = sum(a["km2"] for a in group)
    lon = sum(a["lon"] * a["km2"] for a in group) / km2
    lat = sum(a["lat"] * a["km2"] for a in group) / km2
    town = group[0]["town"]
    az, _, _ = _GEOD.inv(town["lon"], town["lat"], lon, lat)
    direction = compass(float(az))
    share = km2 / total
    figures = {"town": name, "share": share, "direction": direction, "km2": km2}
    if share >= 0.5:
        return f"mostly {direction} of {name}", figures
    return f"the most ({round(share * 100)} %) {direction} of {name}", figures


def _front_text(change_km: float | None) -> str:
    if change_km is None:
        return ""
    if abs(change_km) < 0.5:
        return " The front's length did not change."
    verb = "grew" if change_km > 0 else "shrank"
    return f" The front {verb} by {figure_text(change_km)} km."


def summarise(
    start: str,
    end: str,
    gained_km2: float,
    lost_km2: float,
    areas: list[dict[str, Any]],
    front_change_km: float | None,
) -> tuple[str, dict[str, Any]]:
    """The summary sentence and the figures it was built from.

    Parameters
    ----------
    start, end : str
        ISO dates of FROM and TO.
    gained_km2, lost_km2 : float
        Geodesic areas gained by Russia and regained by Ukraine, km².
    areas : list of dict
        The gained areas (with their ``town``), for where the ground was gained.
    front_change_km : float or None
        Change of the main front's length, km.

    Returns
    -------
    sentence : str
    figures : dict
        ``gained_km2``, ``lost_km2``, ``front_change_km`` as printed (strings) and
        ``where`` (see :func:`where_text`).
    """
    where, where_fig = where_text(areas) if gained_km2 > 0 else ("", None)
    gained = (
        f"Russian forces gained {figure_text(gained_km2)} km²"
        if gained_km2 > 0
        else "Russian forces gained no ground"
    )
    if where:
        gained += f", {where}"
    lost = (
        f"Ukraine regained {figure_text(lost_km2)} km²" if lost_km2 > 0 else "Ukraine regained none"
    )
    text = f"{period_text(start, end)} {gained}; {lost}.{_front_text(front_change_km)}"
    figures = {
        "gained_km2": figure_text(gained_km2),
        "lost_km2": figure_text(lost_km2),
        "front_change_km": None if front_change_km is None else figure_text(front_change_km),
        "where": where_fig,
    }
    return text, figures
