"""Render recipes: interactive folium maps (self-contained HTML) and static PNG/SVG.

Public API::

    make_map(recipe, offline=False) -> FrontlineMap   # a folium.Map; add elements freely
    build(recipe, out_dir, offline=False, formats=("html",)) -> BuildResult

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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.errors import UsageError
from geo.recipe import Recipe, find, load
from geo.render import prepare as _prepare
from geo.render.export import embed_snippet, figures_json, render_html, write_files
from geo.render.folium_map import to_folium
from geo.render.model import Loader, MapModel
from geo.render.static import render_static

if TYPE_CHECKING:
    import folium

__all__ = ["FORMATS", "BuildResult", "build", "make_map", "make_model", "to_html"]

FORMATS = ("html", "png", "svg")


@dataclass
class BuildResult:
    """What :func:`build` wrote for one recipe."""

    name: str
    files: list[Path] = field(default_factory=list)
    worst_px: float = 0.0
    figures: list[dict] = field(default_factory=list)
    geometry: dict = field(default_factory=dict)
    #: The time slider's frames (date, file, geodesic area) when the recipe has one.
    timeline: dict | None = None


def _recipe(recipe: Recipe | str | Path) -> Recipe:
    return recipe if isinstance(recipe, Recipe) else load(find(recipe))


def make_model(
    recipe: Recipe | str | Path, *, offline: bool = False, loader: Loader | None = None
) -> MapModel:
    """Read, measure and simplify everything a recipe shows (:func:`.prepare.prepare`)."""
    return _prepare.prepare(_recipe(recipe), offline=offline, loader=loader)


def make_map(
    recipe: Recipe | str | Path, *, offline: bool = False, loader: Loader | None = None
) -> folium.Map:
    """Return the folium map for a recipe (a bundled name, a path or a :class:`Recipe`).

    Parameters
    ----------
    recipe : Recipe, str or Path
        A parsed recipe, a bundled recipe's name or a recipe file.
    offline : bool, default False
        Vector basemap from the countries layer; the page makes no network request.
    loader : callable, optional
        ``layer_id -> Layer``; default :func:`geo.layers.get`.

    Returns
    -------
    FrontlineMap
        A ``folium.Map``. Export it with :func:`to_html` for a deterministic page.
    """
    return to_folium(make_model(recipe, offline=offline, loader=loader))


def to_html(m: Any, name: str = "map", title: str | None = None) -> str:
    """Deterministic, self-contained HTML for a map (see :func:`.export.render_html`)."""
    return render_html(m, name=name, title=title)


def build(
    recipe: Recipe | str | Path,
    out_dir: str | Path,
    *,
    offline: bool = False,
    formats: tuple[str, ...] = ("html",),
    loader: Loader | None = None,
) -> BuildResult:
    """Build one recipe into ``out_dir``.

    Writes ``NAME.html`` (self-contained), ``NAME.embed.html`` (iframe snippet),
    ``NAME.figures.json`` (figures with method and as-of, plus the simplification report)
    and, when asked, ``NAME.png`` / ``NAME.svg``.

    Parameters
    ----------
    recipe : Recipe, str or Path
        A parsed recipe, a bundled recipe's name or a recipe file.
    out_dir : str or Path
        Created if missing.
    offline : bool, default False
        Force the vector basemap.
    formats : tuple of {"html", "png", "svg"}
        The figures JSON is always written.
    loader : callable, optional
        ``layer_id -> Layer``; default :func:`geo.layers.get`.

    Returns
    -------
    BuildResult

    Raises
    ------
    UsageError
        An unknown format.
    RecipeError
        A bad recipe, or a layer/feature it names that does not exist.
    """
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise UsageError(f"unknown format {bad[0]!r}; choose from {', '.join(FORMATS)}")
    r = _recipe(recipe)
    model = make_model(r, offline=offline, loader=loader)
    out = Path(out_dir)
    doc = model.figures_document()
    result = BuildResult(name=r.name, worst_px=model.worst_px, figures=model.figures)
    result.geometry = doc["geometry"]
    result.timeline = doc.get("timeline")
    # Render everything in memory first, then write: a failure leaves no partial set.
    blobs: list[tuple[Path, str | bytes]] = []
    if "html" in formats:
        page = render_html(to_folium(model), name=r.name, title=r.text.title)
        alt = r.text.alt or r.text.title
        blobs.append((out / f"{r.name}.html", page))
        blobs.append(
            (
                out / f"{r.name}.embed.html",
                embed_snippet(f"{r.name}.html", title=r.text.title, alt=alt),
            )
        )
    blobs.append((out / f"{r.name}.figures.json", figures_json(doc)))
    for fmt in ("png", "svg"):
        if fmt in formats:
            blobs.append((out / f"{r.name}.{fmt}", render_static(model, fmt)))
    result.files = write_files(blobs)
    return result
