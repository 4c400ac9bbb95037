"""In-memory layers and recipes for the map tests (no catalog needed).

``payload_recipe()`` and ``fake_layers(PAYLOADS)`` put an XSS corpus into every string a map
shows: title, dek, byline, notes, alt, legend labels, layer titles/sources/licences (credits),
feature properties (tooltips, labels) and callouts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
from shapely.geometry import LineString, Point, Polygon, box

#: Each payload sets window.__xss or calls alert() if it ever runs as HTML or JS.
PAYLOADS = [
    '<img src=x onerror="window.__xss=1;alert(1)">',
    "<script>window.__xss=1;alert(2)</script>",
    "</script><script>window.__xss=1</script>",
    '<a href="javascript:window.__xss=1">click</a>',
    "`${window.__xss=1}` ${alert(3)}",
    "\"'; window.__xss=1; //",
    'back\\slash \\u003c \\" end',
    "<svg onload=window.__xss=1>",
    "{{7*7}} <!-- comment --> ]]> &amp; &lt;b&gt;",
    "\u202eright-to-left \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "emoji \U0001f1fa\U0001f1e6 \U0001f30d \u2028line\u2029sep",
]
LONG = "L" * 9_990 + "<b>x</b>"  # 10,000 characters


@dataclass
class FakeLayer:
    """Quacks like geo.layers.Layer for the renderer."""

    id: str
    gdf: Any
    title: str = "Layer"
    sources: Any = ("A source",)
    license: str = "CC0-1.0"
    as_of: str = "2024-11-13"
    style: dict = field(default_factory=dict)

    def read(self) -> Any:
        return self.gdf.copy()


def fake_layers(strings: list[str] | None = None) -> dict[str, FakeLayer]:
    """Small layers around eastern Ukraine; ``strings`` go into names/titles/sources."""
    s = strings or ["Alpha", "Beta", "Gamma"]
    pick = [s[i % len(s)] for i in range(8)]
    countries = gpd.GeoDataFrame(
        {"name": ["Ukraine", "Russia"]},
        geometry=[
            box(22, 44, 40, 52.3),
            Polygon([(40, 44), (60, 44), (60, 60), (30, 60), (30, 52.3), (40, 52.3)]),
        ],
        crs=4326,
    )
    front = gpd.GeoDataFrame(
        {"name": [pick[0]]},
        geometry=[
            LineString(
                [
                    (37.9, 50.3),
                    (37.4, 49.7),
                    (37.2, 48.3),
                    (35.8, 47.45),
                    (33.6, 46.8),
                    (31.6, 46.6),
                ]
            )
        ],
        crs=4326,
    )
    occupied = gpd.GeoDataFrame(
        {"name": [pick[1]]},
        geometry=[
            Polygon(
                [
                    (37.9, 50.3),
                    (37.4, 49.7),
                    (37.2, 48.3),
                    (35.8, 47.45),
                    (33.6, 46.8),
                    (31.6, 46.6),
                    (33, 44.4),
                    (36.6, 45.2),
                    (40, 47.0),
                    (40, 49.6),
                ]
            )
        ],
        crs=4326,
    )
    pocket = gpd.GeoDataFrame(
        {"name": [pick[2]]},
        geometry=[Polygon([(34.9, 51.15), (35.4, 51.1), (35.5, 51.35), (35.0, 51.4)])],
        crs=4326,
    )
    names = ["Kupiansk", "Pokrovsk", "Sudzha", *pick[3:8]]
    pts = [
        (37.583, 49.717),
        (37.183, 48.283),
        (35.27, 51.19),
        (36.0, 49.0),
        (34.0, 49.5),
        (36.5, 48.5),
        (38.5, 48.9),
        (34.6, 50.2),
    ]
    places = gpd.GeoDataFrame({"name": names}, geometry=[Point(p) for p in pts], crs=4326)
    layers = {
        "countries": FakeLayer("countries", countries, title="Countries", sources=(pick[3],)),
        "front-line-2024-11-13": FakeLayer(
            "front-line-2024-11-13", front, title=pick[4], sources=(pick[5],), license=pick[6]
        ),
        "occupied-2024-11-13": FakeLayer("occupied-2024-11-13", occupied, title="Occupied"),
        "kursk-pocket-2024-11-13": FakeLayer("kursk-pocket-2024-11-13", pocket, title="Pocket"),
        "places": FakeLayer("places", places, title="Places", sources=pick[7]),
    }
    return layers


def toml_str(text: str) -> str:
    """A TOML basic string literal for any text."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ch in "\x7f\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def recipe_text(strings: list[str] | None = None, *, basemap: str = "vector") -> str:
    """A recipe over :func:`fake_layers` using ``strings`` for every piece of text."""
    s = strings or [
        "Test map",
        "A dek",
        "A byline",
        "A note",
        "Alt text",
        "Front",
        "Held",
        "Pocket",
        "Callout",
        "Figure",
    ]
    t = [toml_str(s[i % len(s)]) for i in range(12)]
    return f"""
[text]
title = {t[0]}
dek = {t[1]}
byline = {t[2]}
as_of = "2024-11-13"
notes = [{t[3]}, {t[10]}]
alt = {t[4]}

[view]
bounds = [[30.0, 44.5], [40.5, 51.8]]
min_zoom = 4
max_zoom = 10

[basemap]
provider = "{basemap}"

[[layers]]
id = "occupied-2024-11-13"
label = {t[6]}
tooltip = "name"
style = {{ fill = "#d6604d", fill_opacity = 0.35, stroke = "#b2182b", weight = 0.5 }}

[[layers]]
id = "kursk-pocket-2024-11-13"
label = {t[7]}
tooltip = "name"
style = {{ fill = "#2166ac", fill_opacity = 0.4, stroke = "#2166ac", hatch = "diagonal" }}

[[layers]]
id = "front-line-2024-11-13"
label = {t[5]}
tooltip = "name"
style = {{ stroke = "#67000d", weight = 3, dash = "6 3" }}

[[layers]]
id = "places"
tooltip = "name"
legend = false

[[labels]]
layer = "places"
field = "name"

[[labels]]
text = {t[11]}
at = [33.0, 50.5]

[[callouts]]
text = {t[8]}
at = "places:Sudzha"
text_at = [33.5, 51.5]

[[figures]]
id = "front_length"
label = {t[9]}
measure = "length"
layer = "front-line-2024-11-13"

[[figures]]
id = "kupiansk_sudzha"
label = {t[9]}
measure = "distance"
start = "places:Kupiansk"
end = "places:Sudzha"
"""


# ------------------------------------------------------------------ dated snapshots (timeline)


def snapshot_shape(day: int) -> Any:
    """The occupied area on ``day`` of the generated series: a box growing east by 0.05° a
    day, with a western strip held on days 0 and 1 only (so day 0 → last has gains and
    losses), and a hole from day 2."""
    from shapely import union_all

    grown = box(36.0, 47.0, 37.0 + 0.05 * day, 48.0)
    if day < 2:
        grown = union_all([grown, box(35.5, 47.0, 36.0, 47.3)])
    else:
        grown = grown.difference(box(36.4, 47.4, 36.6, 47.6))
    return grown


def write_snapshots(folder: Any, days: int = 6, *, start: str = "2024-07-01") -> list[Any]:
    """Write ``days`` daily snapshot files (``deepstatemap_data_YYYYMMDD.geojson``) into
    ``folder`` and return their paths, oldest first."""
    import datetime as dt
    import json
    from pathlib import Path

    from shapely.geometry import mapping

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    first = dt.date.fromisoformat(start)
    paths = []
    for day in range(days):
        when = first + dt.timedelta(days=day)
        doc = {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {}, "geometry": mapping(snapshot_shape(day))}
            ],
        }
        path = folder / f"deepstatemap_data_{when:%Y%m%d}.geojson"
        path.write_text(json.dumps(doc), encoding="utf-8")
        paths.append(path)
    return paths


def snapshots_recipe_text(
    source: str = "snaps",
    *,
    timeline: str = "",
    changes: tuple[str, str] | None = None,
    title: str = "Timeline test",
    credit: str = "Generated test snapshots (CC0)",
) -> str:
    """A recipe over :func:`fake_layers` (basemap only) with a ``[timeline]`` of ``source``
    (extra keys in ``timeline``) and, when given, ``[changes]`` between two files."""
    text = f"""
[text]
title = {toml_str(title)}
as_of = "2024-07-06"
alt = "Generated snapshots"

[view]
bounds = [[34.5, 46.0], [39.5, 49.0]]
min_zoom = 5
max_zoom = 9

[timeline]
source = {toml_str(source)}
credit = {toml_str(credit)}
label = "Held"
interval_ms = 100
{timeline}
"""
    if changes:
        text += f"""
[changes]
from = {toml_str(changes[0])}
to = {toml_str(changes[1])}
credit = {toml_str(credit)}
"""
    return text
