"""A change report's files: ``report.json``, ``report.csv`` and the map (HTML, PNG, SVG).

:func:`report_document` is the JSON document (also what ``frontline change --json``
prints). :func:`report_csv` is the per-region table for the desk's own charts, with a
``Total`` row; ``places.csv`` and ``areas.csv`` list the places that changed hands and the
gained areas. :func:`change_recipe` is the map, built in code: a ``[changes]`` recipe with
the summary sentence as its dek, the oblast borders and the named towns; it is rendered
with the normal pipeline (:func:`geo.render.make_model`, :func:`geo.render.to_html`,
:func:`geo.render.static.render_static`), in memory, and :func:`write_report` writes every
file as one set (:func:`geo.files.replace_set`): all new files, or none.

Examples
--------
>>> sorted(FILES)[:3]
['areas.csv', 'change.embed.html', 'change.figures.json']
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

import shapely

from geo.change.compute import ChangeReport
from geo.change.summary import summarise
from geo.files import replace_set
from geo.jsonfmt import dumps
from geo.layers import get as get_layer
from geo.recipe import ChangesSpec, LabelSpec, LayerSpec, Recipe, StaticSpec, Style, Text, View
from geo.render import make_model, to_html
from geo.render.export import embed_snippet, figures_json
from geo.render.folium_map import to_folium
from geo.render.static import render_static
from geo.units import km2_to_sq_mi, km_to_mi

__all__ = [
    "FILES",
    "MAP_NAME",
    "change_recipe",
    "map_files",
    "report_csv",
    "report_document",
    "write_report",
]

MAP_NAME = "change"
FILES = (
    "report.json",
    "report.csv",
    "places.csv",
    "areas.csv",
    f"{MAP_NAME}.html",
    f"{MAP_NAME}.embed.html",
    f"{MAP_NAME}.figures.json",
    f"{MAP_NAME}.png",
    f"{MAP_NAME}.svg",
)
_METHOD = "geodesic-wgs84"
#: Width / height (ground distance) the map view is widened to.
_ASPECT = 2.2


def _area(km2: float | None) -> dict[str, Any] | None:
    if km2 is None:
        return None
    return {"km2": round(km2, 3), "sq_mi": round(km2_to_sq_mi(km2), 3)}


def _length(km: float | None) -> dict[str, Any] | None:
    return None if km is None else {"km": round(km, 3), "mi": round(km_to_mi(km), 3)}


def _side(side: Any) -> dict[str, Any]:
    return {
        "date": side.date,
        "file": side.file,
        "occupied": _area(side.occupied_km2),
        "front_main": _length(side.front_main_km),
        "front_total": _length(side.front_total_km),
        "front_error": side.front_error,
    }


def _place(p: dict[str, Any] | None) -> dict[str, Any] | None:
    if p is None:
        return None
    keep = ("name", "country", "admin1", "population", "source", "lon", "lat")
    return {**{k: p.get(k) for k in keep}, "km": round(p["km"], 3), "direction": p["direction"]}


def report_document(rep: ChangeReport) -> dict[str, Any]:
    """The report as one JSON-ready document (``report.json``; ``change --json``)."""
    sentence, figures = summarise(
        rep.start.date,
        rep.end.date,
        rep.gained_km2,
        rep.lost_km2,
        rep.areas,
        rep.front_change_km,
    )
    areas = [
        {
            "rank": a["rank"],
            "area": _area(a["km2"]),
            "pieces": a["pieces"],
            "lon": a["lon"],
            "lat": a["lat"],
            "nearest_place": _place(a.get("nearest")),
            "nearest_town": _place(a.get("town")),
        }
        for a in rep.areas
    ]
    return {
        "from": _side(rep.start),
        "to": _side(rep.end),
        "method": _METHOD,
        "as_of": rep.end.date,
        "country": rep.country,
        "gained": _area(rep.gained_km2),
        "lost": _area(rep.lost_km2),
        "net": _area(rep.net_km2),
        "front": {
            "change": _length(rep.front_change_km),
            "convention": (
                f"main front line of geo.front.derive_front at both dates: country "
                f"{rep.country}, border/coast band {rep.buffer_km:g} km, full detail"
            ),
            "buffer_km": rep.buffer_km,
        },
        "summary": sentence,
        "summary_figures": figures,
        "regions": [_region(r) for r in rep.regions],
        "gained_areas": areas,
        "places_changed_hands": rep.places,
        "credit": rep.credit,
        "sources": _sources(rep),
    }


def _region(row: dict[str, Any]) -> dict[str, Any]:
    """A region row for JSON: km² to 3 decimals (1,000 m²), the share to 6."""
    out = {}
    for k, v in row.items():
        if isinstance(v, float):
            v = round(v, 6 if k == "held_share" else 3)
        out[k] = v
    return out


def _sources(rep: ChangeReport) -> list[dict[str, str]]:
    out = [{"what": "occupied areas", "credit": rep.credit}]
    for lid in ("oblasts-ukr", "gazetteer-ua", "places"):
        layer = get_layer(lid)
        out.append({"what": layer.title, "credit": layer.attribution, "license": layer.license})
    return out


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return buf.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else value


def report_csv(rep: ChangeReport) -> str:
    """The per-region table as CSV (km², geodesic), with a final ``Total`` row."""
    cols = ["name", "iso_3166_2", "gained_km2", "lost_km2", "net_km2", "held_to_km2"]
    cols += ["held_share", "area_km2"]
    total = {"name": "Total", "gained_km2": rep.gained_km2, "lost_km2": rep.lost_km2}
    total["net_km2"] = rep.net_km2
    return _csv([*rep.regions, total], cols)


def _places_csv(rep: ChangeReport) -> str:
    cols = ["change", "name", "country", "admin1", "population", "lon", "lat", "source"]
    return _csv(rep.places, cols)


def _areas_csv(rep: ChangeReport) -> str:
    rows = []
    for a in rep.areas:
        near, town = a.get("nearest") or {}, a.get("town") or {}
        rows.append(
            {
                "rank": a["rank"],
                "km2": a["km2"],
                "pieces": a["pieces"],
                "lon": a["lon"],
                "lat": a["lat"],
                "nearest_place": near.get("name"),
                "nearest_place_km": near.get("km"),
                "direction": near.get("direction"),
                "nearest_town": town.get("name"),
                "nearest_town_km": town.get("km"),
                "town_direction": town.get("direction"),
            }
        )
    return _csv(rows, list(rows[0]) if rows else ["rank", "km2"])


def _view(rep: ChangeReport) -> View:
    geoms = [g for g in (rep.gained, rep.lost) if not g.is_empty]
    if not geoms:
        return View(bounds=((30.2, 44.3), (40.3, 51.0)), min_zoom=5, max_zoom=10)
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    pad_x, pad_y = max((x1 - x0) * 0.15, 0.3), max((y1 - y0) * 0.15, 0.2)
    x0, x1, y0, y1 = x0 - pad_x, x1 + pad_x, y0 - pad_y, y1 + pad_y
    # Widen (or heighten) to about the static map band's shape, so the picture shows
    # the recipe's view rather than the basemap's clip edge.
    cos = math.cos(math.radians((y0 + y1) / 2.0))
    want = _ASPECT * (y1 - y0) / cos
    if x1 - x0 < want:
        x0, x1 = (x0 + x1 - want) / 2.0, (x0 + x1 + want) / 2.0
    else:
        grow = (x1 - x0) * cos / _ASPECT
        y0, y1 = (y0 + y1 - grow) / 2.0, (y0 + y1 + grow) / 2.0
    return View(bounds=((x0, y0), (x1, y1)), min_zoom=5)


def change_recipe(rep: ChangeReport, sentence: str) -> Recipe:
    """The report's map as an in-code recipe: ``[changes]`` with the sentence as the dek."""
    towns: list[LabelSpec] = []
    for a in rep.areas[:5]:
        t = a.get("town")
        if t and t["name"] not in [x.text for x in towns]:
            towns.append(LabelSpec(text=t["name"], at=(t["lon"], t["lat"])))
    title = f"What changed on the front, {rep.start.date} to {rep.end.date}"
    return Recipe(
        name=MAP_NAME,
        path=None,
        text=Text(
            title=title,
            dek=sentence,
            byline="frontline change",
            as_of=rep.end.date,
            notes=("Areas are geodesic (WGS84) differences of the two full-detail snapshots.",),
            alt=f"Map of the areas gained and lost between {rep.start.date} and "
            f"{rep.end.date}. {sentence}",
        ),
        view=_view(rep),
        layers=(
            LayerSpec(
                id="oblasts-ukr",
                label="Oblast borders",
                legend=False,
                switcher=False,
                style=Style(fill_opacity=0.0, stroke="#8a8a8a", weight=0.8),
            ),
        ),
        labels=tuple(towns),
        static=StaticSpec(width=800, height=500, scale=2.0),
        changes=ChangesSpec(from_path=rep.start.path, to_path=rep.end.path, credit=rep.credit),
    )


def map_files(recipe: Recipe) -> dict[str, bytes | str]:
    """Render the map in memory: page, embed snippet, figures JSON, PNG and SVG."""
    model = make_model(recipe, offline=True)
    page = to_html(to_folium(model), name=recipe.name, title=recipe.text.title)
    return {
        f"{recipe.name}.html": page,
        f"{recipe.name}.embed.html": embed_snippet(
            f"{recipe.name}.html", title=recipe.text.title, alt=recipe.text.alt
        ),
        f"{recipe.name}.figures.json": figures_json(model.figures_document()),
        f"{recipe.name}.png": render_static(model, "png"),
        f"{recipe.name}.svg": render_static(model, "svg"),
    }


def write_report(rep: ChangeReport, out_dir: str | Path) -> list[Path]:
    """Render everything in memory, then write the whole set into ``out_dir`` (or nothing).

    Returns
    -------
    list of pathlib.Path
        The files written, in :data:`FILES` order.
    """
    doc = report_document(rep)
    files: dict[str, bytes | str] = {
        "report.json": dumps(doc, newline=True),
        "report.csv": report_csv(rep),
        "places.csv": _places_csv(rep),
        "areas.csv": _areas_csv(rep),
    }
    files.update(map_files(change_recipe(rep, doc["summary"])))
    return replace_set(out_dir, {name: files[name] for name in FILES})
