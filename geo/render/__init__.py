"""Render recipes: interactive folium maps (self-contained HTML) and static PNG/SVG.

Public API (:mod:`.api`, :mod:`.builder`)::

    make_map(recipe, offline=True, data=None) -> FrontlineMap   # a folium.Map; add freely
    build(recipe, out_dir, offline=True, formats=("html",), data=None) -> BuildResult
    Map(title).add_layer(gdf, label=..., credit=...).make_map()  # a recipe built in code
    quick(gdf, title=..., credit=...) -> FrontlineMap             # like explore()

``data={"strikes": gdf}`` gives GeoDataFrames to the recipe's ``[[layers]]`` entries that
have a ``name`` and a ``credit`` but no ``path``.

A recipe travels through four steps, one module (or package) each:

1. :mod:`geo.recipe` parses it into a frozen :class:`~geo.recipe.Recipe`;
2. :func:`geo.render.prepare.prepare` turns it into a renderer-neutral
   :class:`~geo.render.model.MapModel` (layers read, selected, styled, measured and
   simplified; figures, labels, inset, credits and view);
3. renderers draw only the model: :func:`geo.render.folium_map.to_folium` (the page, with
   its time slider) and :func:`geo.render.static.render_static` (PNG/SVG; matplotlib is
   imported only when asked for);
4. :mod:`geo.render.export` makes the page deterministic and self-contained and writes the
   files.

Shared helpers: :mod:`.view` (Web Mercator view and pixel frames), :mod:`.simplify`
(zoom-aware simplification with a stated worst-case displacement), :mod:`.encode` (compact
page geometry), :mod:`.assets` (inlined Leaflet and our JS/CSS, safe JSON),
:mod:`.wording` (figure sentences) and :mod:`.furniture` (our folium elements).

Examples
--------
>>> from geo.render import make_map  # doctest: +SKIP
>>> m = make_map("front", offline=True)  # doctest: +SKIP
>>> import folium; folium.Marker([50.45, 30.52]).add_to(m)  # doctest: +SKIP
>>> quick(strikes_gdf, title="Strikes", credit="Our reporting")  # doctest: +SKIP
"""

from geo.render.api import FORMATS, BuildResult, Data, build, make_map, make_model, to_html
from geo.render.builder import Map, quick

__all__ = [
    "FORMATS",
    "BuildResult",
    "Data",
    "Map",
    "build",
    "make_map",
    "make_model",
    "quick",
    "to_html",
]
