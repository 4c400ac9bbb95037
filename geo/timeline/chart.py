"""The timeline chart: occupied area and main front length over time, as PNG bytes.

Drawn with matplotlib's Agg backend (imported only when a chart is drawn). The PNG carries
no timestamp or software version, so the same rows give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from typing import Any

__all__ = ["MAX_GAP_DAYS", "chart_png"]

#: A gap of more than this many days between snapshots is drawn as a gap, not a line.
MAX_GAP_DAYS = 7


def _with_gaps(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Usable dated rows, with a gap marker before each jump of over a week."""
    usable = [r for r in rows if r.get("status") in ("ok", "partial") and r.get("date")]
    good: list[dict[str, Any]] = []
    for r in usable:
        if good and (r.get("days_since_previous") or 0) > MAX_GAP_DAYS:
            good.append({"date": good[-1]["date"], "gap": True})
        good.append(r)
    return good


def _values(good: Sequence[dict[str, Any]], key: str) -> list[float]:
    """The ``key`` of each row, NaN (a break in the line) where missing or at a gap."""
    out = []
    for r in good:
        v = None if r.get("gap") else r.get(key)
        out.append(math.nan if v is None else v)
    return out


def chart_png(
    rows: Sequence[dict[str, Any]], tolerance_km: float | None, missing_dates: Sequence[str]
) -> bytes:
    """A PNG chart of occupied area and main front length over time (matplotlib, Agg).

    Parameters
    ----------
    rows : sequence of dict
        Timeline rows (see :data:`geo.timeline.COLUMNS`), sorted by date.
    tolerance_km : float or None
        The simplification tolerance, named in the legend.
    missing_dates : sequence of str
        ISO dates of unusable files, marked with dotted lines.

    Returns
    -------
    bytes
        The PNG file.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    good = _with_gaps(rows)
    dates = [dt.date.fromisoformat(r["date"]) for r in good]
    fig = Figure(figsize=(10, 6), dpi=100)
    ax1, ax2 = fig.subplots(2, 1, sharex=True)
    ax1.plot(dates, _values(good, "occupied_area_km2"), color="#a52714", lw=1.2)
    ax1.set_ylabel("occupied area (km²)")
    ax1.grid(alpha=0.3)
    ax2.plot(dates, _values(good, "front_main_km"), lw=1.0, label="main front, full detail")
    simplified = (
        f"main front, simplified at {tolerance_km:g} km"
        if tolerance_km is not None
        else "simplified"
    )
    ax2.plot(dates, _values(good, "front_main_km_simplified"), lw=1.0, label=simplified)
    ax2.set_ylabel("length (km)")
    ax2.grid(alpha=0.3)
    ax2.legend(loc="best", fontsize=8)
    bad = [dt.date.fromisoformat(d) for d in missing_dates]
    for d in bad:
        for ax in (ax1, ax2):
            ax.axvline(d, color="grey", lw=0.6, ls=":")
    fig.suptitle(
        "Occupied area and front length (geodesic, WGS84)"
        + (f" — {len(bad)} unusable file(s) marked" if bad else "")
    )
    fig.autofmt_xdate()
    buf = io.BytesIO()
    # No timestamp or software version in the metadata: same data, same bytes.
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
