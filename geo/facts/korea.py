"""The fact sheet's Korea sections: the Tumen border and tripoint, basemap borders, distance.

:func:`tumen_section` measures the Russia–North Korea border along the Tumen and checks
the layer's tripoint against the bank markers and the basemap's own tripoint;
:func:`borders_section` measures the China–North Korea and China–Russia borders of the
basemap beside their official lengths (:data:`OFFICIAL_KM`); :func:`pyongyang_kursk_section`
gives the great-circle distance from Pyongyang to Kursk.
"""

from __future__ import annotations

import math
from typing import Any

from geo import layers
from geo.borders import shared_border, tripoint
from geo.errors import LayerError
from geo.facts.figures import country_geometry, length_figure
from geo.facts.official import BASEMAP_CAVEAT, official_border
from geo.measure import METHOD, distance, length

__all__ = ["OFFICIAL_KM", "borders_section", "pyongyang_kursk_section", "tumen_section"]

#: Official or published figures the measurements are set beside (from
#: :data:`geo.facts.official.OFFICIAL_BORDERS_KM`).
OFFICIAL_KM: dict[str, dict[str, Any]] = {
    f"{a}-{b}": dict(official_border(a, b) or {})
    for a, b in (("RUS", "PRK"), ("CHN", "PRK"), ("CHN", "RUS"))
}

_BANK_MARKERS = ["China–Russia marker No. 423", "Korean bank marker"]


def _tripoint_checks(gdf: Any, tri: Any) -> dict[str, Any]:
    """The layer tripoint's distances to the bank markers, their midpoint and the bridge."""
    markers = gdf[gdf["kind"] == "border-marker"]
    dists = {row["name"]: distance(tri, row.geometry).m for _, row in markers.iterrows()}
    bank = markers[markers["name"].isin(_BANK_MARKERS)]
    if len(bank) != 2:
        raise LayerError("tumen: the two facing bank markers (No. 423, Korean) are missing")
    (x1, y1), (x2, y2) = (g.coords[0] for g in bank.geometry)
    mid = ((x1 + x2) / 2.0, (y1 + y2) / 2.0)
    bridge = gdf[gdf["kind"] == "bridge"].geometry
    rms = math.sqrt(sum(d * d for d in dists.values()) / len(dists))
    return {
        "position_uncertainty_m": rms,
        "uncertainty_how": (
            "root mean square of the distances to the bank markers: no surveyed in-river "
            "coordinate is published, so the point is known to about the markers' spread"
        ),
        "distance_to_markers_m": dists,
        "distance_to_marker_midpoint_m": distance(tri, mid).m,
        "distance_to_bridge_m": distance(tri, bridge.iloc[0]).m if len(bridge) else None,
    }


def tumen_section(tumen: layers.Layer, countries: Any, countries_as_of: str) -> dict[str, Any]:
    """The Russia–North Korea border on the Tumen and the China–Russia–North Korea tripoint.

    Parameters
    ----------
    tumen : geo.layers.Layer
        The Tumen layer: one ``tripoint``, the ``Russia–North Korea`` border line,
        ``border-marker`` points (the two facing bank markers among them), a ``bridge``.
    countries : geopandas.GeoDataFrame
        The countries layer, read (for the basemap's border and tripoint).
    countries_as_of : str
        Its as-of date.

    Returns
    -------
    dict
        ``layer``, ``as_of``, ``russia_north_korea`` (a length figure with the official
        and basemap lengths) and ``tripoint`` (lon/lat, how it was placed, distances in
        metres to the markers, their midpoint and the bridge, and the basemap's tripoint).

    Raises
    ------
    LayerError
        The layer lacks the tripoint, the border line or the bank markers.
    """
    gdf = tumen.read()
    tri_rows = gdf[gdf["kind"] == "tripoint"]
    if len(tri_rows) != 1:
        raise LayerError("tumen: expected exactly one feature of kind 'tripoint'")
    tri = tri_rows.geometry.iloc[0]
    border = gdf[gdf["name"].str.startswith("Russia–North Korea")]
    if len(border) != 1:
        raise LayerError("tumen: expected one Russia–North Korea border line")
    river = length(border.geometry.iloc[0])
    checks = _tripoint_checks(gdf, tri)
    chn, rus, prk = (country_geometry(countries, c) for c in ("CHN", "RUS", "PRK"))
    basemap_tri = tripoint(chn, rus, prk)
    basemap_river = shared_border(rus, prk)
    return {
        "layer": tumen.id,
        "as_of": tumen.as_of,
        "russia_north_korea": length_figure(
            river,
            tumen.as_of,
            official_km=OFFICIAL_KM["RUS-PRK"]["km"],
            official_source=OFFICIAL_KM["RUS-PRK"]["source"],
            basemap_km=basemap_river.length.km,
            basemap_caveat=BASEMAP_CAVEAT,
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
            **checks,
            "basemap": {
                "lon": basemap_tri.point.x,
                "lat": basemap_tri.point.y,
                "error_m": basemap_tri.error_m,
                "error_meaning": (
                    "the gap between the basemap's three outlines where they meet (topology), "
                    "not the position's accuracy: see distance_to_layer_tripoint_m and the "
                    "layer tripoint's position_uncertainty_m"
                ),
                "method": basemap_tri.method,
                "distance_to_layer_tripoint_m": distance(tri, basemap_tri.point).m,
                "as_of": countries_as_of,
            },
            "method": METHOD,
        },
    }


def borders_section(countries: Any, as_of: str) -> dict[str, Any]:
    """Basemap borders beside official figures: China–North Korea, China–Russia, Ukraine–Poland.

    Parameters
    ----------
    countries : geopandas.GeoDataFrame
        The countries layer, read.
    as_of : str
        Its as-of date.

    Returns
    -------
    dict
        ``CHN-PRK``, ``CHN-RUS`` and ``UKR-POL``: length figures with ``parts``, ``official_km``,
        ``official_source``, ``ratio_to_official`` and a ``caveat`` on generalisation.
    """
    out = {}
    for key, (a, b) in {
        "CHN-PRK": ("CHN", "PRK"),
        "CHN-RUS": ("CHN", "RUS"),
        "UKR-POL": ("UKR", "POL"),
    }.items():
        border = shared_border(country_geometry(countries, a), country_geometry(countries, b))
        official = official_border(a, b) or {}
        out[key] = length_figure(
            border.length,
            as_of,
            layer="countries",
            parts=len(border.length.parts),
            official_km=official["km"],
            official_source=official["source"],
            ratio_to_official=border.length.km / official["km"],
            caveat=BASEMAP_CAVEAT,
        )
    return out


def pyongyang_kursk_section(places: layers.Layer) -> dict[str, Any]:
    """The great-circle (geodesic) distance between the Pyongyang and Kursk city points.

    Parameters
    ----------
    places : geo.layers.Layer
        The places layer, with features named ``Pyongyang`` and ``Kursk``.

    Returns
    -------
    dict
        A length figure with ``layer`` and ``how``.

    Raises
    ------
    LayerError
        One of the two places is missing.
    """
    gdf = places.read()
    pts = {}
    for name in ("Pyongyang", "Kursk"):
        hit = gdf[gdf["name"] == name]
        if hit.empty:
            raise LayerError(f"places: no place named {name!r}")
        pts[name] = hit.geometry.iloc[0]
    d = distance(pts["Pyongyang"], pts["Kursk"])
    return length_figure(
        d, places.as_of, layer=places.id, how="great-circle (geodesic) between the city points"
    )
