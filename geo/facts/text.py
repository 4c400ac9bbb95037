"""The fact sheet as readable text: one figure per line, with its method and date.

Examples
--------
>>> _km({"km": 1287.475, "mi": 800.0})
'1,287.5 km (800.0 mi)'
"""

from __future__ import annotations

from typing import Any

from geo.facts.official import BASEMAP_CAVEAT
from geo.units import fmt_area, fmt_km

__all__ = ["format_text"]


def _km(fig: dict[str, Any]) -> str:
    return fmt_km(fig["km"], 1)


def _km2(fig: dict[str, Any]) -> str:
    return fmt_area(fig["km2"], 0)


_PART_LABELS = (
    ("main", "main line (land + Dnipro to its mouth)"),
    ("land", "land front"),
    ("river", "Dnipro river front"),
    ("estuary", "Dnipro–Buh estuary shore"),
    ("enclave", "Kursk enclave front"),
)


def _front_lines(f: dict[str, Any]) -> list[str]:
    lines = [f"Front line ({f['layer']}, as of {f['as_of']}), front only:"]
    for name, label in _PART_LABELS:
        if name in f:
            lines.append(f"  {label:<38} {_km(f[name])}")
    lines.append("  resolution sweep (main / land / river / estuary / enclave, km):")
    for row in f["sweep"]:
        tol = "full detail" if row["tolerance_km"] is None else f"{row['tolerance_km']:g} km"
        lines.append(
            f"    {tol:<12} {row['main_km']:>8,.1f} / {row['land_km']:>7,.1f} / "
            f"{row['river_km']:>6,.1f} / {row['estuary_km']:>5,.1f} / {row['enclave_km']:>5,.1f}"
        )
    for p in f["published"]:
        lines.append(f"  published: {p['km']:,.0f} km, {p['source']} ({p['date']})")
    nb = f["northern_border"]
    lines.append(
        f"  International border, not front (Ukraine–Russia north of the front; never added): "
        f"{_km(nb)}, {nb['caveat']}"
    )
    return lines


def _area_lines(o: dict[str, Any], k: dict[str, Any]) -> list[str]:
    lines = [
        f"Occupied area ({o['layer']}, as of {o['as_of']}): {_km2(o)}, "
        f"{o['share_of_ukraine_pct']:.1f} % of Ukraine ({o['denominator']}; "
        f"{o['share_of_basemap_pct']:.1f} % of the basemap's {o['basemap_ukraine_km2']:,.0f} km²)",
        f"Kursk pocket ({k['tier']}):",
    ]
    for d in (d for d in k if d not in ("change", "published", "tier")):
        lines.append(f"  {d}: {_km2(k[d])}")
    ch = k["change"]
    lines.append(f"  change: {ch['km2']:+,.0f} km² ({ch['pct']:+.0f} %)")
    for p in k["published"]:
        lines.append(f"  published {p['date']}: {p['km2']:,.0f} km², {p['source']}")
    return lines


def _korea_lines(t: dict[str, Any], b: dict[str, Any]) -> list[str]:
    rn = t["russia_north_korea"]
    tp = t["tripoint"]
    markers = ", ".join(f"{n} {m:,.0f} m" for n, m in tp["distance_to_markers_m"].items())
    bm = tp["basemap"]
    lines = [
        f"Russia–North Korea border on the Tumen ({t['layer']}, as of {t['as_of']}): "
        f"{_km(rn)}; official {rn['official_km']:g} km",
        f"Tripoint: {tp['lat']:.4f} N, {tp['lon']:.4f} E, position uncertain by about "
        f"{tp['position_uncertainty_m'] / 1000:.1f} km (bank-marker spread: {markers}); "
        f"the basemap's tripoint is {bm['distance_to_layer_tripoint_m']:,.0f} m away",
        "Borders measured on the basemap (generalised: shorter than surveyed):",
    ]
    for key, fig in b.items():
        lines.append(
            f"  {key}: {_km(fig)} vs official {fig['official_km']:,.1f} km "
            f"({100 * fig['ratio_to_official']:.0f} %; {fig['official_source']})"
        )
    lines.append(f"  caveat: {BASEMAP_CAVEAT}")
    return lines


def format_text(sheet: dict[str, Any]) -> str:
    """The fact sheet as readable text, one figure per line with its method and date.

    Parameters
    ----------
    sheet : dict
        As returned by :func:`geo.facts.fact_sheet`.

    Returns
    -------
    str
        Lines joined by newlines, no trailing newline.
    """
    return "\n".join(
        [
            f"Fact sheet, as of {sheet['as_of']} (every figure geodesic on WGS84)",
            "",
            *_front_lines(sheet["front"]),
            "",
            *_area_lines(sheet["occupied"], sheet["kursk"]),
            "",
            *_korea_lines(sheet["tumen"], sheet["borders"]),
            f"Pyongyang–Kursk, great circle: {_km(sheet['pyongyang_kursk'])}",
            "",
            "Verdict: " + sheet["verdict"]["text"],
        ]
    )
