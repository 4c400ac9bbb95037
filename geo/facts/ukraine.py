"""The fact sheet's Ukraine sections: the front line, the occupied area, the Kursk pocket.

:func:`front_section` measures the front (land and Dnipro river parts, with a resolution
sweep at :data:`SWEEP_KM`) and the Ukraine–Russia border north of it;
:func:`occupied_section` the occupied area and its share of Ukraine; :func:`kursk_section`
the Kursk pocket at its two dates and the change between them.
"""

from __future__ import annotations

import json
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from geo import layers
from geo.borders import line_between, shared_border, tripoint
from geo.errors import LayerError
from geo.facts.figures import M_PER_MI, area_figure, country_geometry, length_figure
from geo.measure import METHOD, area, length, length_sweep

__all__ = [
    "FRONT",
    "KURSK",
    "OCCUPIED",
    "SWEEP_KM",
    "front_section",
    "kursk_section",
    "occupied_section",
]

#: Simplification tolerances (km) of the front-line resolution sweep (None = full detail).
SWEEP_KM: tuple[float, ...] = (0.5, 1.0, 2.0, 5.0, 10.0)

#: The layers the Ukraine sections measure.
FRONT = "front-line-2024-11-13"
OCCUPIED = "occupied-2024-11-13"
KURSK = ("kursk-pocket-2024-08-20", "kursk-pocket-2024-11-13")


def _front_parts(gdf: Any) -> dict[str, BaseGeometry]:
    """Split the front-line layer into its ``land`` and ``river`` parts."""
    parts: dict[str, list[BaseGeometry]] = {"land": [], "river": []}
    for _, row in gdf.iterrows():
        geom = row.geometry
        names = row.get("segments") if "segments" in gdf.columns else None
        if isinstance(names, str):  # a JSON list may come back as text
            names = json.loads(names)
        pieces = list(shapely.get_parts(geom))
        if names is not None and len(list(names)) == len(pieces):
            for name, piece in zip(names, pieces, strict=True):
                parts.setdefault(str(name), []).append(piece)
        elif "segment" in gdf.columns:
            parts.setdefault(str(row["segment"]), []).extend(pieces)
        else:
            raise LayerError(f"{FRONT}: cannot tell the land front from the river front")
    if not parts["land"] or not parts["river"]:
        raise LayerError(f"{FRONT}: needs both a land and a river part")
    return {k: shapely.MultiLineString(v) for k, v in parts.items() if v}


def _northern_border(countries: Any, land: BaseGeometry, as_of: str) -> dict[str, Any]:
    """Ukraine's border with Russia from the Belarus tripoint to the front's northern end."""
    ukr, rus, blr = (country_geometry(countries, c) for c in ("UKR", "RUS", "BLR"))
    border = shared_border(ukr, rus).geometry
    ends = [shapely.get_point(line, i) for line in land.geoms for i in (0, -1)]
    north_end = max(ends, key=lambda p: p.y)
    start = tripoint(ukr, rus, blr).point
    piece = line_between(border, start, north_end)
    return length_figure(
        length(piece),
        as_of,
        layer="countries",
        how=(
            "the Ukraine–Russia border from the Belarus tripoint to the point nearest the "
            "front's northern end (the border is itself a combat zone: Vovchansk since May "
            "2024, the Kursk incursion since August 2024)"
        ),
    )


def front_section(front: layers.Layer, countries: Any, countries_as_of: str) -> dict[str, Any]:
    """The front line: total, land and river lengths, their sweep, the border north of it.

    Parameters
    ----------
    front : geo.layers.Layer
        The front-line layer (land and river parts named per feature).
    countries : geopandas.GeoDataFrame
        The countries layer, read.
    countries_as_of : str
        Its as-of date.

    Returns
    -------
    dict
        ``layer``, ``as_of``, ``method``, ``total``, ``land``, ``river`` (full detail),
        ``sweep`` (one row per tolerance: ``tolerance_km`` and ``total_km``/``_mi``,
        ``land_km``/``_mi``, ``river_km``/``_mi``), ``sweep_method``,
        ``northern_border`` and ``published`` (figures reported elsewhere).

    Raises
    ------
    LayerError
        The layer does not say which part is land and which river.
    """
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
        "method": METHOD,
        "total": length_figure(sweeps["total"][0][1], as_of),
        "land": length_figure(sweeps["land"][0][1], as_of),
        "river": length_figure(sweeps["river"][0][1], as_of),
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


def occupied_section(
    occupied: layers.Layer, countries: Any, as_of_countries: str
) -> dict[str, Any]:
    """The occupied area (Crimea included) and its share of Ukraine's area.

    Parameters
    ----------
    occupied : geo.layers.Layer
        The occupied-area layer.
    countries : geopandas.GeoDataFrame
        The countries layer, read (Ukraine's area comes from it).
    as_of_countries : str
        Its as-of date.

    Returns
    -------
    dict
        An area figure with ``layer``, ``share_of_ukraine_pct``, ``ukraine_km2`` and
        ``note``.
    """
    occ = area(occupied.read())
    ukr = area(country_geometry(countries, "UKR"))
    return area_figure(
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


def kursk_section(early: layers.Layer, late: layers.Layer) -> dict[str, Any]:
    """The Kursk pocket at two dates and the change between them.

    Parameters
    ----------
    early, late : geo.layers.Layer
        The pocket's layers, earlier date first.

    Returns
    -------
    dict
        One area figure per date (keyed by the date), ``change`` (``km2``, ``sq_mi``,
        ``pct`` of the earlier area, ``method``, ``as_of`` as ``EARLY..LATE``) and
        ``published``.
    """
    a1, a2 = area(early.read()), area(late.read())
    change = a2.km2 - a1.km2
    return {
        early.as_of: area_figure(a1, early.as_of, layer=early.id),
        late.as_of: area_figure(a2, late.as_of, layer=late.id),
        "change": {
            "km2": change,
            "sq_mi": change * 1e6 / (M_PER_MI**2),
            "pct": 100.0 * change / a1.km2,
            "method": METHOD,
            "as_of": f"{early.as_of}..{late.as_of}",
        },
        "published": [
            {"date": "2024-08-20/21", "km2": 1320.0, "source": "news-agency analysis of ISW maps"},
            {"date": "2024-11-23", "km2": 800.0, "source": "Ukrainian General Staff source"},
        ],
    }
