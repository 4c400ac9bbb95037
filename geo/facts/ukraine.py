"""The fact sheet's Ukraine sections: the front line, the occupied area, the Kursk pocket.

:func:`front_section` measures the front's parts (the land front, the Dnipro river front
to its mouth, the Dnipro–Buh estuary shore and the Kursk enclave front), each with a
resolution sweep at :data:`SWEEP_KM`, and, apart and labelled as such, the Ukraine–Russia
border north of it; :func:`occupied_section` the occupied area and its share of Ukraine's
official area (:data:`UKRAINE_OFFICIAL_KM2`, Crimea included); :func:`kursk_section` the
Kursk pocket at its two dates (:data:`KURSK_TIER`: held or contested) and the change.
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
from geo.facts.official import BASEMAP_CAVEAT
from geo.measure import METHOD, area, length, length_sweep

__all__ = [
    "FRONT",
    "KURSK",
    "KURSK_TIER",
    "OCCUPIED",
    "PARTS",
    "PUBLISHED_FRONT",
    "SWEEP_KM",
    "UKRAINE_OFFICIAL_KM2",
    "enclave_front",
    "front_section",
    "kursk_section",
    "occupied_section",
]

#: Simplification tolerances (km) of the front-line resolution sweep (None = full detail).
SWEEP_KM: tuple[float, ...] = (0.5, 1.0, 2.0, 5.0, 10.0)

#: The parts of the front, in the order the sheet lists them.
PARTS = ("land", "river", "enclave", "estuary")

#: Ukraine's official area, km² (Crimea included): the occupied share's denominator.
UKRAINE_OFFICIAL_KM2 = 603_550.0

#: What the Kursk pocket layers measure: the public sources do not separate the tiers.
KURSK_TIER = (
    "held or contested: the published figures count Ukrainian-held and contested (grey-zone) "
    "ground together, and the sources at hand name contested villages but draw no line "
    "between the two"
)

#: The layers the Ukraine sections measure.
FRONT = "front-line-2024-11-13"
OCCUPIED = "occupied-2024-11-13"
KURSK = ("kursk-pocket-2024-08-20", "kursk-pocket-2024-11-13")


def _front_parts(gdf: Any) -> dict[str, BaseGeometry]:
    """Split the front-line layer into its named parts (``land``, ``river``, ``estuary``)."""
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


def enclave_front(pocket: BaseGeometry, countries: Any) -> BaseGeometry:
    """The Kursk pocket's front: its outline inside Russia, the Ukraine–Russia border left out.

    Parameters
    ----------
    pocket : shapely (Multi)Polygon
        The pocket, lon/lat; its southern edge is the basemap's state border.
    countries : geopandas.GeoDataFrame
        The countries layer, read.

    Returns
    -------
    shapely.MultiLineString
        The pocket's outline minus the parts within about 20 m of Ukraine's polygon.
    """
    ukr = country_geometry(countries, "UKR")
    outline = shapely.line_merge(pocket.boundary.difference(ukr.buffer(2e-4)))
    return shapely.MultiLineString(list(shapely.get_parts(outline)))


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
        label="international border, not front",
        how=(
            "the Ukraine–Russia border from the Belarus tripoint to the point nearest the "
            "front's northern end; reported apart, never added to the front (no published "
            "front figure counts it)"
        ),
        caveat=BASEMAP_CAVEAT,
    )


#: The figures the front is set beside.
PUBLISHED_FRONT: tuple[dict[str, Any], ...] = (
    {"km": 1000.0, "source": "Reuters: a 1,000-km (620-mile) front line", "date": "2024-11-25"},
    {
        "km": 1040.0,
        "source": "Ukraine's commander-in-chief (Syrskyi): ~1,040 km of active front",
        "date": "2024-08",
    },
)


def front_section(
    front: layers.Layer,
    countries: Any,
    countries_as_of: str,
    pocket: layers.Layer | None = None,
) -> dict[str, Any]:
    """The front line: its parts, the front-only conventions and their resolution sweep.

    Parameters
    ----------
    front : geo.layers.Layer
        The front-line layer (``land``, ``river`` and ``estuary`` parts named per feature;
        a layer without an estuary part counts it 0).
    countries : geopandas.GeoDataFrame
        The countries layer, read.
    countries_as_of : str
        Its as-of date.
    pocket : geo.layers.Layer, optional
        The Kursk pocket on the front's date: its front (outline inside Russia, border
        left out) is the enclave front. Without it the enclave counts 0.

    Returns
    -------
    dict
        ``layer``, ``as_of``, ``method``, one length figure per part (``land``,
        ``river``, ``estuary``, ``enclave``) and ``main`` (land + river), ``sweep`` (one
        row per tolerance: ``tolerance_km`` and ``<part>_km``/``_mi``), ``sweep_method``,
        ``northern_border`` (international border, reported apart) and ``published``.

    Raises
    ------
    LayerError
        The layer does not say which part is land and which river.
    """
    parts = _front_parts(front.read())
    if pocket is not None:
        parts["enclave"] = enclave_front(
            shapely.union_all(pocket.read().geometry.values), countries
        )
    parts["main"] = shapely.MultiLineString([*parts["land"].geoms, *parts["river"].geoms])
    sweeps = {name: length_sweep(geom, SWEEP_KM) for name, geom in parts.items()}
    rows = []
    for i, tol in enumerate(t for t, _ in sweeps["main"]):
        row: dict[str, Any] = {"tolerance_km": tol}
        for name in ("main", *PARTS):
            km = sweeps[name][i][1].km if name in sweeps else 0.0
            row[f"{name}_km"] = km
            row[f"{name}_mi"] = km * 1000.0 / M_PER_MI
        rows.append(row)
    as_of = front.as_of
    out: dict[str, Any] = {"layer": front.id, "as_of": as_of, "method": METHOD}
    for name in ("main", *PARTS):
        if name in sweeps:
            extra = (
                {"layer": pocket.id, "as_of_pocket": pocket.as_of}
                if name == "enclave" and pocket
                else {}
            )
            out[name] = length_figure(sweeps[name][0][1], as_of, **extra)
    out.update(
        {
            "sweep": rows,
            "sweep_method": (
                "Douglas-Peucker simplification at each tolerance in a local azimuthal "
                "equidistant projection, then geodesic length on WGS84 (geo.measure.length_sweep)"
            ),
            "northern_border": _northern_border(countries, parts["land"], countries_as_of),
            "published": [dict(p) for p in PUBLISHED_FRONT],
        }
    )
    return out


def occupied_section(
    occupied: layers.Layer, countries: Any, as_of_countries: str
) -> dict[str, Any]:
    """The occupied area (Crimea included) and its share of Ukraine's official area.

    Parameters
    ----------
    occupied : geo.layers.Layer
        The occupied-area layer.
    countries : geopandas.GeoDataFrame
        The countries layer, read (the basemap's own area of Ukraine is given beside).
    as_of_countries : str
        Its as-of date.

    Returns
    -------
    dict
        An area figure with ``layer``, ``crimea_included`` (True),
        ``share_of_ukraine_pct`` (of :data:`UKRAINE_OFFICIAL_KM2`), ``denominator``,
        ``ukraine_km2`` (the official area), ``basemap_ukraine_km2`` and
        ``share_of_basemap_pct`` (Natural Earth's polygon, for comparison) and ``note``.
    """
    occ = area(occupied.read())
    basemap = area(country_geometry(countries, "UKR"))
    return area_figure(
        occ,
        occupied.as_of,
        layer=occupied.id,
        crimea_included=True,
        share_of_ukraine_pct=100.0 * occ.km2 / UKRAINE_OFFICIAL_KM2,
        denominator="Ukraine's official area, 603,550 km², Crimea included",
        ukraine_km2=UKRAINE_OFFICIAL_KM2,
        basemap_ukraine_km2=basemap.km2,
        share_of_basemap_pct=100.0 * occ.km2 / basemap.km2,
        note=(
            "Crimea included in the occupied area and in Ukraine's area; share of Ukraine's "
            "official area (603,550 km²); the basemap's polygon (Natural Earth, as of "
            f"{as_of_countries}) measures {basemap.km2:,.0f} km²"
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
        "tier": KURSK_TIER,
        "published": [
            {
                "date": "2024-08-20/21",
                "km2": 1320.0,
                "source": "news-agency analysis of ISW maps (held and contested together)",
            },
            {
                "date": "2024-11-23",
                "km2": 800.0,
                "km2_max": 1376.0,
                "source": "Ukrainian General Staff source to a news agency (~800 held, "
                "1,376 at most)",
            },
        ],
    }
