"""The fact sheet: every headline figure of the story, measured from the bundled layers.

:func:`fact_sheet` measures the front line (land and river, with a resolution sweep), the
occupied area, the Kursk pocket at both dates, the Tumen river border, the tripoint, the
China–North Korea and China–Russia borders of the basemap beside their official lengths,
and the Pyongyang–Kursk distance, and ends with a verdict on the story's "nearly 800
miles" of front. Every figure is geodesic on WGS84 (:mod:`geo.measure`) and carries its
``method`` and the ``as_of`` date of the layer it comes from.

A layer the sheet needs that is missing or does not match its catalog entry raises
:class:`~geo.errors.LayerError`: the sheet never prints a number it could not measure.

Examples
--------
>>> sheet = fact_sheet()  # doctest: +SKIP
>>> round(sheet["tumen"]["russia_north_korea"]["km"], 1)  # doctest: +SKIP
15.5
"""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from geo import layers
from geo.errors import GeometryError, LayerError

__all__ = [
    "CLAIM_MI",
    "NEARLY_BAND_MI",
    "OFFICIAL_KM",
    "SWEEP_KM",
    "fact_sheet",
    "format_text",
    "verdict",
]

#: Simplification tolerances (km) of the front-line resolution sweep (None = full detail).
SWEEP_KM: tuple[float, ...] = (0.5, 1.0, 2.0, 5.0, 10.0)

#: The story's claim: "nearly 800 miles of front".
CLAIM_MI = 800.0

#: "Nearly 800 miles" is taken to hold for a length from 90 % of 800 mi up to 2.5 % over:
#: "nearly" means a little under, and a writer rounding 805 mi would still say "nearly
#: 800"; a length beyond that would have been reported as more than 800.
NEARLY_BAND_MI = (0.9 * CLAIM_MI, 1.025 * CLAIM_MI)

#: Official or published figures the measurements are set beside.
OFFICIAL_KM: dict[str, dict[str, Any]] = {
    "RUS-PRK": {"km": 17.0, "source": "official Russian definition: 17 km along the river"},
    "CHN-PRK": {"km": 1352.0, "source": "official figure (older sources 1,420 km)"},
    "CHN-RUS": {"km": 4209.3, "source": "official figure"},
}

_METHOD = "geodesic-wgs84"
_FRONT = "front-line-2024-11-13"
_OCCUPIED = "occupied-2024-11-13"
_KURSK = ("kursk-pocket-2024-08-20", "kursk-pocket-2024-11-13")
_M_PER_MI = 1609.344


def _layer(layer_id: str) -> layers.Layer:
    """The catalog layer, verified against its file; a clear LayerError otherwise."""
    try:
        layer = layers.get(layer_id)
    except LayerError as exc:
        raise LayerError(
            f"the fact sheet needs layer {layer_id!r}, which is not in the catalog "
            f"(build it with scripts/build_layers.py): {exc.message}"
        ) from None
    problems = layers.verify(layer)
    if problems:
        raise LayerError(f"the fact sheet needs layer {layer_id!r}: {problems[0]}", path=layer.path)
    return layer


def _length_fig(length: Any, as_of: str, **extra: Any) -> dict[str, Any]:
    out = {"km": length.km, "mi": length.mi, "method": _METHOD, "as_of": as_of}
    out.update(extra)
    return out


def _area_fig(area: Any, as_of: str, **extra: Any) -> dict[str, Any]:
    out = {"km2": area.km2, "sq_mi": area.sq_mi, "method": _METHOD, "as_of": as_of}
    out.update(extra)
    return out


def _front_parts(gdf: Any) -> dict[str, BaseGeometry]:
    """Split the front-line layer into its ``land`` and ``river`` parts."""
    parts: dict[str, list[BaseGeometry]] = {"land": [], "river": []}
    for _, row in gdf.iterrows():
        geom = row.geometry
        names = row.get("segments") if "segments" in gdf.columns else None
        if isinstance(names, str):  # a JSON list may come back as text
            import json

            names = json.loads(names)
        pieces = list(shapely.get_parts(geom))
        if names is not None and len(list(names)) == len(pieces):
            for name, piece in zip(names, pieces, strict=True):
                parts.setdefault(str(name), []).append(piece)
        elif "segment" in gdf.columns:
            parts.setdefault(str(row["segment"]), []).extend(pieces)
        else:
            raise LayerError(f"{_FRONT}: cannot tell the land front from the river front")
    if not parts["land"] or not parts["river"]:
        raise LayerError(f"{_FRONT}: needs both a land and a river part")
    return {k: shapely.MultiLineString(v) for k, v in parts.items() if v}


def _northern_border(countries: Any, land: BaseGeometry, as_of: str) -> dict[str, Any]:
    """Ukraine's border with Russia from the Belarus tripoint to the front's northern end."""
    from geo.borders import line_between, shared_border, tripoint
    from geo.measure import length

    ukr, rus, blr = (_country(countries, c) for c in ("UKR", "RUS", "BLR"))
    border = shared_border(ukr, rus).geometry
    ends = [shapely.get_point(line, i) for line in land.geoms for i in (0, -1)]
    north_end = max(ends, key=lambda p: p.y)
    start = tripoint(ukr, rus, blr).point
    piece = line_between(border, start, north_end)
    return _length_fig(
        length(piece),
        as_of,
        layer="countries",
        how=(
            "the Ukraine–Russia border from the Belarus tripoint to the point nearest the "
            "front's northern end (the border is itself a combat zone: Vovchansk since May "
            "2024, the Kursk incursion since August 2024)"
        ),
    )


def _front(front: layers.Layer, countries: Any, countries_as_of: str) -> dict[str, Any]:
    from geo.measure import length_sweep

    parts = _front_parts(front.read())
    total_geom = shapely.MultiLineString([*parts["land"].geoms, *parts["river"].geoms])
    sweeps = {
        name: length_sweep(geom, SWEEP_KM)
        for name, geom in (
            ("total", total_geom),
            ("land", parts["land"]),
            ("river", parts["river"]),
        )
    }
    rows = []
    for i, (tol, _) in enumerate(sweeps["total"]):
        row: dict[str, Any] = {"tolerance_km": tol}
        for name, sweep in sweeps.items():
            row[f"{name}_km"] = sweep[i][1].km
            row[f"{name}_mi"] = sweep[i][1].mi
        rows.append(row)
    as_of = front.as_of
    return {
        "layer": front.id,
        "as_of": as_of,
        "method": _METHOD,
        "total": _length_fig(sweeps["total"][0][1], as_of),
        "land": _length_fig(sweeps["land"][0][1], as_of),
        "river": _length_fig(sweeps["river"][0][1], as_of),
        "sweep": rows,
        "sweep_method": (
            "Douglas-Peucker simplification at each tolerance in a local azimuthal "
            "equidistant projection, then geodesic length on WGS84 (geo.measure.length_sweep)"
        ),
        "northern_border": _northern_border(countries, parts["land"], countries_as_of),
        "published": [
            {"km": 1000.0, "mi": 620.0, "source": "Reuters, 25 Nov 2024: 1,000-km front line"},
            {"km": 1040.0, "source": "Ukraine's commander-in-chief, Aug 2024: ~1,040 km active"},
        ],
    }


def _country(countries: Any, iso: str) -> BaseGeometry:
    hit = countries[countries["iso_a3"] == iso]
    if hit.empty:
        raise LayerError(f"countries: no feature with iso_a3 {iso!r}")
    return shapely.union_all(hit.geometry.values)


def _occupied(occupied: layers.Layer, countries: Any, as_of_countries: str) -> dict[str, Any]:
    from geo.measure import area

    occ = area(occupied.read())
    ukr = area(_country(countries, "UKR"))
    return _area_fig(
        occ,
        occupied.as_of,
        layer=occupied.id,
        share_of_ukraine_pct=100.0 * occ.km2 / ukr.km2,
        ukraine_km2=ukr.km2,
        note=(
            "Crimea included; Ukraine's area from the countries layer "
            f"(Natural Earth, as of {as_of_countries})"
        ),
    )


def _kursk(early: layers.Layer, late: layers.Layer) -> dict[str, Any]:
    from geo.measure import area

    a1, a2 = area(early.read()), area(late.read())
    change = a2.km2 - a1.km2
    return {
        early.as_of: _area_fig(a1, early.as_of, layer=early.id),
        late.as_of: _area_fig(a2, late.as_of, layer=late.id),
        "change": {
            "km2": change,
            "sq_mi": change * 1e6 / (_M_PER_MI**2),
            "pct": 100.0 * change / a1.km2,
            "method": _METHOD,
            "as_of": f"{early.as_of}..{late.as_of}",
        },
        "published": [
            {"date": "2024-08-20/21", "km2": 1320.0, "source": "news-agency analysis of ISW maps"},
            {"date": "2024-11-23", "km2": 800.0, "source": "Ukrainian General Staff source"},
        ],
    }


def _tumen(tumen: layers.Layer, countries: Any, countries_as_of: str) -> dict[str, Any]:
    from geo.borders import shared_border, tripoint
    from geo.measure import distance, length

    gdf = tumen.read()
    tri_rows = gdf[gdf["kind"] == "tripoint"]
    if len(tri_rows) != 1:
        raise LayerError("tumen: expected exactly one feature of kind 'tripoint'")
    tri = tri_rows.geometry.iloc[0]
    border = gdf[gdf["name"].str.startswith("Russia–North Korea")]
    if len(border) != 1:
        raise LayerError("tumen: expected one Russia–North Korea border line")
    river = length(border.geometry.iloc[0])
    markers = gdf[gdf["kind"] == "border-marker"]
    dists = {row["name"]: distance(tri, row.geometry).m for _, row in markers.iterrows()}
    bank = markers[markers["name"].isin(["China–Russia marker No. 423", "Korean bank marker"])]
    if len(bank) != 2:
        raise LayerError("tumen: the two facing bank markers (No. 423, Korean) are missing")
    (x1, y1), (x2, y2) = (g.coords[0] for g in bank.geometry)
    mid = ((x1 + x2) / 2.0, (y1 + y2) / 2.0)
    bridge = gdf[gdf["kind"] == "bridge"].geometry
    chn, rus, prk = (_country(countries, c) for c in ("CHN", "RUS", "PRK"))
    basemap_tri = tripoint(chn, rus, prk)
    basemap_river = shared_border(rus, prk)
    return {
        "layer": tumen.id,
        "as_of": tumen.as_of,
        "russia_north_korea": _length_fig(
            river,
            tumen.as_of,
            official_km=OFFICIAL_KM["RUS-PRK"]["km"],
            official_source=OFFICIAL_KM["RUS-PRK"]["source"],
            basemap_km=basemap_river.length.km,
            note=(
                "tripoint to where the river meets the coast, along Natural Earth's generalised "
                "channel: shorter than the official 17 km because the river's bends are smoothed"
            ),
        ),
        "tripoint": {
            "lon": tri.x,
            "lat": tri.y,
            "as_of": tumen.as_of,
            "how": "midpoint of the facing bank markers (no surveyed in-river coordinate)",
            "distance_to_markers_m": dists,
            "distance_to_marker_midpoint_m": distance(tri, mid).m,
            "distance_to_bridge_m": distance(tri, bridge.iloc[0]).m if len(bridge) else None,
            "basemap": {
                "lon": basemap_tri.point.x,
                "lat": basemap_tri.point.y,
                "error_m": basemap_tri.error_m,
                "method": basemap_tri.method,
                "distance_to_layer_tripoint_m": distance(tri, basemap_tri.point).m,
                "as_of": countries_as_of,
            },
            "method": _METHOD,
        },
    }


def _borders(countries: Any, as_of: str) -> dict[str, Any]:
    from geo.borders import shared_border

    out = {}
    for key, (a, b) in {"CHN-PRK": ("CHN", "PRK"), "CHN-RUS": ("CHN", "RUS")}.items():
        border = shared_border(_country(countries, a), _country(countries, b))
        official = OFFICIAL_KM[key]
        out[key] = _length_fig(
            border.length,
            as_of,
            layer="countries",
            parts=len(border.length.parts),
            official_km=official["km"],
            official_source=official["source"],
            ratio_to_official=border.length.km / official["km"],
            caveat=(
                "measured on the simplified Natural Earth basemap: generalisation straightens "
                "river borders (the Yalu, Tumen, Amur, Ussuri), so the basemap length is "
                "shorter than the surveyed one; it is not an independent measurement"
            ),
        )
    return out


def _pyongyang_kursk(places: layers.Layer) -> dict[str, Any]:
    from geo.measure import distance

    gdf = places.read()
    pts = {}
    for name in ("Pyongyang", "Kursk"):
        hit = gdf[gdf["name"] == name]
        if hit.empty:
            raise LayerError(f"places: no place named {name!r}")
        pts[name] = hit.geometry.iloc[0]
    d = distance(pts["Pyongyang"], pts["Kursk"])
    return _length_fig(
        d, places.as_of, layer=places.id, how="great-circle (geodesic) between the city points"
    )


def verdict(front: dict[str, Any]) -> dict[str, Any]:
    """Judge "nearly 800 miles of front" against the measured front.

    Parameters
    ----------
    front : dict
        The ``front`` section of the sheet (needs ``sweep`` and ``northern_border``).

    Returns
    -------
    dict
        ``claim``, ``band_mi`` (what "nearly 800" is taken to mean), ``conventions`` (each
        measured convention with its miles and whether it falls in the band), ``holds``
        (bool: under at least one convention) and ``text`` (one line naming the
        convention under which the claim holds, or the nearest one when it does not).
    """
    lo, hi = NEARLY_BAND_MI
    conventions = []

    def add(label: str, part: str, tol: float | None, km: float) -> None:
        mi = km * 1000.0 / _M_PER_MI
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
    holding = [c for c in conventions if c["holds"]]
    first = conventions[0]
    lead = (
        f"The front measures {first['mi']:,.0f} mi ({first['km']:,.0f} km) as the "
        f"{first['convention']}"
    )
    if holding:
        best = min(holding, key=lambda c: abs(c["mi"] - CLAIM_MI))
        text = (
            f'{lead}; "nearly 800 miles" (1,287 km) holds only if the front is counted as '
            f"the {best['convention']}: {best['mi']:,.0f} mi ({best['km']:,.0f} km)"
        )
    else:
        nearest = min(conventions, key=lambda c: abs(c["mi"] - CLAIM_MI))
        side = "over" if nearest["mi"] > CLAIM_MI else "short of"
        text = (
            f'{lead}; "nearly 800 miles" (1,287 km) does not hold under any measured '
            f"convention: the nearest, the {nearest['convention']}, is "
            f"{nearest['mi']:,.0f} mi, {abs(nearest['mi'] - CLAIM_MI):,.0f} mi {side} 800"
        )
    return {
        "claim": "nearly 800 miles of front (800 mi = 1,287.5 km)",
        "band_mi": [lo, hi],
        "band_meaning": "90 % of 800 mi up to 2.5 % over: 'nearly' means a little under, "
        "allowing for rounding",
        "conventions": conventions,
        "holds": bool(holding),
        "text": text,
        "as_of": front["as_of"],
        "method": _METHOD,
    }


def fact_sheet() -> dict[str, Any]:
    """Measure every headline figure from the bundled layers.

    Returns
    -------
    dict
        JSON-ready sections ``front``, ``occupied``, ``kursk``, ``tumen``, ``borders``,
        ``pyongyang_kursk``, ``verdict`` and ``layers`` (id -> as_of, sha256 of each layer
        used). Lengths carry ``km`` and ``mi``, areas ``km2`` and ``sq_mi``; each figure
        states ``method`` (``geodesic-wgs84``) and ``as_of``.

    Raises
    ------
    LayerError
        A layer the sheet needs is not in the catalog or its file does not match.
    """
    wanted = ["countries", "tumen", "places", _FRONT, _OCCUPIED, *_KURSK]
    lay = {layer_id: _layer(layer_id) for layer_id in wanted}
    countries_layer = lay["countries"]
    countries = countries_layer.read()
    try:
        front = _front(lay[_FRONT], countries, countries_layer.as_of)
        sheet = {
            "as_of": lay[_FRONT].as_of,
            "method": _METHOD,
            "front": front,
            "occupied": _occupied(lay[_OCCUPIED], countries, countries_layer.as_of),
            "kursk": _kursk(lay[_KURSK[0]], lay[_KURSK[1]]),
            "tumen": _tumen(lay["tumen"], countries, countries_layer.as_of),
            "borders": _borders(countries, countries_layer.as_of),
            "pyongyang_kursk": _pyongyang_kursk(lay["places"]),
            "verdict": verdict(front),
            "layers": {
                k: {"as_of": v.as_of, "sha256": v.sha256, "title": v.title} for k, v in lay.items()
            },
        }
    except GeometryError as exc:
        raise LayerError(f"the fact sheet could not measure a layer: {exc}") from None
    return sheet


def _km(fig: dict[str, Any]) -> str:
    return f"{fig['km']:,.1f} km ({fig['mi']:,.1f} mi)"


def _km2(fig: dict[str, Any]) -> str:
    return f"{fig['km2']:,.0f} km² ({fig['sq_mi']:,.0f} sq mi)"


def format_text(sheet: dict[str, Any]) -> str:
    """The fact sheet as readable text, one figure per line with its method and date.

    Parameters
    ----------
    sheet : dict
        As returned by :func:`fact_sheet`.

    Returns
    -------
    str
    """
    f, k, t, b = sheet["front"], sheet["kursk"], sheet["tumen"], sheet["borders"]
    lines: list[str] = [f"Fact sheet, as of {sheet['as_of']} (every figure geodesic on WGS84)"]
    lines.append("")
    lines.append(f"Front line ({f['layer']}, as of {f['as_of']}):")
    for name, label in (("total", "total"), ("land", "land"), ("river", "Dnipro river")):
        lines.append(f"  {label:<13} {_km(f[name])}")
    lines.append("  resolution sweep (total / land / river, km):")
    for row in f["sweep"]:
        tol = "full detail" if row["tolerance_km"] is None else f"{row['tolerance_km']:g} km"
        lines.append(
            f"    {tol:<12} {row['total_km']:>8,.1f} / {row['land_km']:>8,.1f} / "
            f"{row['river_km']:>6,.1f}   ({row['total_mi']:,.0f} mi total)"
        )
    nb = f["northern_border"]
    lines.append(f"  Ukraine–Russia border north of the front (not counted above): {_km(nb)}")
    o = sheet["occupied"]
    lines.append("")
    lines.append(
        f"Occupied area ({o['layer']}, as of {o['as_of']}): {_km2(o)}, "
        f"{o['share_of_ukraine_pct']:.1f} % of Ukraine (Crimea included)"
    )
    dates = [d for d in k if d not in ("change", "published")]
    lines.append("Kursk pocket:")
    for d in dates:
        lines.append(f"  {d}: {_km2(k[d])}")
    ch = k["change"]
    lines.append(f"  change: {ch['km2']:+,.0f} km² ({ch['pct']:+.0f} %)")
    lines.append("")
    rn = t["russia_north_korea"]
    lines.append(
        f"Russia–North Korea border on the Tumen ({t['layer']}, as of {t['as_of']}): "
        f"{_km(rn)}; official {rn['official_km']:g} km"
    )
    tp = t["tripoint"]
    markers = ", ".join(f"{n} {m:,.0f} m" for n, m in tp["distance_to_markers_m"].items())
    lines.append(
        f"Tripoint: {tp['lat']:.6f} N, {tp['lon']:.6f} E; "
        f"{tp['distance_to_marker_midpoint_m']:,.0f} m from the bank markers' midpoint; {markers}"
    )
    lines.append("Borders measured on the basemap (generalised: shorter than surveyed):")
    for key, fig in b.items():
        lines.append(
            f"  {key}: {_km(fig)} vs official {fig['official_km']:,.1f} km "
            f"({100 * fig['ratio_to_official']:.0f} %)"
        )
    pk = sheet["pyongyang_kursk"]
    lines.append(f"Pyongyang–Kursk, great circle: {_km(pk)}")
    lines.append("")
    lines.append("Verdict: " + sheet["verdict"]["text"])
    return "\n".join(lines)
