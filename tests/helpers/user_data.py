"""The caller's own files for the map tests, written from hand-made coordinates.

:func:`write_user_files` writes three layers around Kharkiv into a folder: points
(GeoJSON, lon/lat, styled by ``kind``), lines (GeoPackage, in UTM zone 37N metres: a
projected CRS the reader must transform) and polygons (KML). :func:`user_recipe` is a recipe
drawing all three with tooltips, credits, ``style.by`` classes and figures. ``strings``
(e.g. the XSS corpus) go into property names and values.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

import geopandas as gpd
from pyproj import Transformer
from shapely.geometry import LineString

from helpers.maps import toml_str

#: The points' kinds, in the order the recipe lists them (one legend entry each).
KINDS = ("drone", "missile", "shelling")
POINTS = [
    ("Saltivka", "drone", 3, (36.335, 50.025)),
    ("Kholodna Hora", "missile", 12, (36.19, 49.99)),
    ("Industrialnyi", "shelling", 0, (36.33, 49.955)),
    ("Nemyshlia", "drone", 5, (36.29, 49.975)),
    ("Kyivskyi", "missile", 7, (36.245, 50.02)),
]
#: Lines in lon/lat; written in UTM 37N.
LINES = [
    ("Ring road north", "2024-05-10", [(36.12, 50.06), (36.25, 50.08), (36.38, 50.05)]),
    ("Rail to Kupiansk", "2024-05-12", [(36.3, 49.98), (36.6, 49.9), (37.0, 49.75)]),
]
#: Polygons in lon/lat; written as KML (always WGS84).
POLYGONS = [
    ("Northern districts", "evacuated", [(36.2, 50.05), (36.4, 50.05), (36.4, 50.1), (36.2, 50.1)]),
    ("Vovchansk area", "contested", [(36.8, 50.25), (37.0, 50.25), (37.0, 50.35), (36.8, 50.35)]),
]
CREDITS = {
    "strikes": "Newsroom reporting (strikes)",
    "routes": "Regional administration (routes)",
    "zones": "Volunteer map (zones)",
}


def write_user_files(folder: Path, strings: list[str] | None = None) -> dict[str, Path]:
    """Write ``strikes.geojson``, ``routes.gpkg`` and ``zones.kml``; return their paths.

    With ``strings``, the first three become extra property *names* and every string a
    property *value* (so tooltips with ``true`` show hostile names and values).
    """
    folder.mkdir(parents=True, exist_ok=True)
    s = strings or []
    features = []
    for i, (name, kind, casualties, (lon, lat)) in enumerate(POINTS):
        props = {"name": name, "kind": kind, "casualties": casualties}
        for j, key in enumerate(s[:3]):
            props[key] = s[(i * 3 + j) % len(s)]  # every string is some value
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
        )
    points = folder / "strikes.geojson"
    points.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    to_utm = Transformer.from_crs(4326, 32637, always_xy=True)
    lines = gpd.GeoDataFrame(
        {
            "name": [s[i % len(s)] if s else n for i, (n, _, _) in enumerate(LINES)],
            "date": [d for _, d, _ in LINES],
        },
        geometry=[LineString([to_utm.transform(x, y) for x, y in c]) for _, _, c in LINES],
        crs="EPSG:32637",
    )
    gpkg = folder / "routes.gpkg"
    lines.to_file(gpkg, layer="routes", driver="GPKG")
    placemarks = []
    for i, (name, status, ring) in enumerate(POLYGONS):
        shown = s[(i + 3) % len(s)] if s else name
        coords = " ".join(f"{x},{y},0" for x, y in [*ring, ring[0]])
        placemarks.append(
            f"<Placemark><name>{escape(shown)}</name>"
            f'<ExtendedData><Data name="status"><value>{escape(status)}</value></Data>'
            "</ExtendedData>"
            f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{coords}</coordinates>"
            "</LinearRing></outerBoundaryIs></Polygon></Placemark>"
        )
    kml = folder / "zones.kml"
    kml.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        + "".join(placemarks)
        + "</Document></kml>",
        encoding="utf-8",
    )
    return {"strikes": points, "routes": gpkg, "zones": kml}


def user_recipe(strings: list[str] | None = None, *, tooltip_all: bool = False) -> str:
    """A recipe over :func:`write_user_files` (paths relative to the recipe's folder)."""
    s = strings or []
    credit = {k: (f"{v} {s[i % len(s)]}" if s else v) for i, (k, v) in enumerate(CREDITS.items())}
    tip = "true" if tooltip_all else '["name", "kind", "casualties"]'
    values = ", ".join(
        f'{k} = {{ fill = "{c}"{extra} }}'
        for k, c, extra in (
            ("drone", "#1b9e77", ""),
            ("missile", "#d95f02", ', label = "Missile strike"'),
            ("shelling", "#7570b3", ""),
        )
    )
    zone_style = (
        '{ by = "status", values = { evacuated = { fill = "#fdb863" }, contested = '
        '{ fill = "#999999", hatch = "diagonal", label = "Contested (grey zone)" } } }'
    )
    return f"""
[text]
title = "Strikes on Kharkiv"
dek = "{{figure:n_strikes}} strikes, {{figure:casualties}} casualties"
as_of = "2024-05-12"

[view]
bounds = [[36.0, 49.7], [37.1, 50.4]]
min_zoom = 7
max_zoom = 12

[basemap]
provider = "vector"

[[layers]]
path = "zones.kml"
name = "zones"
label = "Zones"
credit = {toml_str(credit["zones"])}
tooltip = {{ fields = ["Name", "status", "=area"], aliases = ["Zone", "Status", "Area"] }}
style = {zone_style}

[[layers]]
path = "routes.gpkg"
layer = "routes"
name = "routes"
label = "Routes"
credit = {toml_str(credit["routes"])}
license = "CC BY 4.0"
tooltip = ["name", "date", "=length"]
style = {{ stroke = "#e7298a", weight = 3 }}

[[layers]]
path = "strikes.geojson"
name = "strikes"
label = "Strikes"
credit = {toml_str(credit["strikes"])}
url = "https://example.org/strikes"
tooltip = {tip}
popup = true
style = {{ radius = 5, by = "kind", values = {{ {values} }} }}

[[callouts]]
text = "Worst: {{figure:casualties}} casualties in all"
at = "strikes:Kholodna Hora"
text_at = [36.1, 49.8]

[[figures]]
id = "n_strikes"
label = "Strikes"
measure = "count"
layer = "strikes"

[[figures]]
id = "casualties"
label = "Casualties"
measure = "sum"
layer = "strikes"
field = "casualties"

[[figures]]
id = "route_length"
label = "Routes"
measure = "length"
layer = "routes"
"""
