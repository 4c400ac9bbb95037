"""The map API: a recipe (and the caller's own data) in, a folium map or files out.

:func:`make_map` returns the interactive :class:`~geo.render.folium_map.FrontlineMap`;
:func:`build` writes HTML, PNG and SVG. Both take ``data={"name": geodataframe}`` for the
recipe's ``[[layers]]`` entries that name data instead of a file, so a notebook's
GeoDataFrame gets the same legend, credits, tooltips and static image as a bundled layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.errors import UsageError
from geo.recipe import Recipe, find, load
from geo.render import prepare as _prepare
from geo.render.export import embed_snippet, figures_json, page_url, render_html, write_files
from geo.render.folium_map import to_folium
from geo.render.model import Loader, MapModel
from geo.render.static import render_static

if TYPE_CHECKING:
    import folium

__all__ = ["FORMATS", "BuildResult", "Data", "build", "make_map", "make_model", "to_html"]

FORMATS = ("html", "png", "svg")
#: The caller's own data: GeoDataFrames (or GeoSeries) by their recipe-level ``name``.
Data = Mapping[str, Any]


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
    recipe: Recipe | str | Path,
    *,
    offline: bool = True,
    loader: Loader | None = None,
    data: Data | None = None,
) -> MapModel:
    """Read, measure and simplify everything a recipe shows (:func:`.prepare.prepare`).

    Offline by default, like ``frontline build``: pass ``offline=False`` for tiles.
    """
    return _prepare.prepare(_recipe(recipe), offline=offline, loader=loader, data=data)


def make_map(
    recipe: Recipe | str | Path,
    *,
    offline: bool = True,
    loader: Loader | None = None,
    data: Data | None = None,
) -> folium.Map:
    """Return the folium map for a recipe (a bundled name, a path or a :class:`Recipe`).

    Parameters
    ----------
    recipe : Recipe, str or Path
        A parsed recipe, a bundled recipe's name or a recipe file.
    offline : bool, default True
        Vector basemap from the countries layer; the page makes no network request (as
        ``frontline build`` does). ``False`` uses the recipe's tile provider, if it names
        one (the vector basemap still shows if the tiles fail to load).
    loader : callable, optional
        ``layer_id -> Layer``; default :func:`geo.layers.get`.
    data : mapping of str to GeoDataFrame, optional
        Data for the recipe's ``[[layers]]`` entries without ``path``, by their ``name``
        (a GeoDataFrame or GeoSeries with a CRS).

    Returns
    -------
    FrontlineMap
        A ``folium.Map``. Export it with :func:`to_html` for a deterministic page.

    Raises
    ------
    RecipeError
        A bad recipe, an unreadable file, data without a CRS, data for no entry.
    """
    return to_folium(make_model(recipe, offline=offline, loader=loader, data=data))


def to_html(m: Any, name: str = "map", title: str | None = None) -> str:
    """Deterministic, self-contained HTML for a map (see :func:`.export.render_html`)."""
    return render_html(m, name=name, title=title)


def build(
    recipe: Recipe | str | Path,
    out_dir: str | Path,
    *,
    offline: bool = True,
    formats: tuple[str, ...] = ("html",),
    loader: Loader | None = None,
    data: Data | None = None,
    base_url: str | None = None,
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
    offline : bool, default True
        The vector basemap, no request; ``False``: the recipe's tiles (``--tiles``).
    formats : tuple of {"html", "png", "svg"}
        The figures JSON is always written.
    loader : callable, optional
        ``layer_id -> Layer``; default :func:`geo.layers.get`.
    data : mapping of str to GeoDataFrame, optional
        Data for the recipe's entries without ``path`` (see :func:`make_map`).
    base_url : str, optional
        The folder the pages are published in (absolute http/https): the embed's ``src``
        becomes ``base_url/NAME.html``; default the recipe's ``[publish] url``, else
        relative.

    Returns
    -------
    BuildResult

    Raises
    ------
    UsageError
        An unknown format, or a ``base_url`` that is not an absolute http(s) URL.
    RecipeError
        A bad recipe, or a layer/feature it names that does not exist.
    """
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise UsageError(f"unknown format {bad[0]!r}; choose from {', '.join(FORMATS)}")
    if base_url is not None:
        page_url("map", base_url=base_url)  # a bad URL fails before any work
    model = make_model(recipe, offline=offline, loader=loader, data=data)
    r = model.recipe  # placeholders filled
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
                embed_snippet(
                    page_url(r.name, base_url=base_url, publish_url=r.publish.url),
                    title=r.text.title,
                    alt=alt,
                ),
            )
        )
    blobs.append((out / f"{r.name}.figures.json", figures_json(doc)))
    for fmt in ("png", "svg"):
        if fmt in formats:
            blobs.append((out / f"{r.name}.{fmt}", render_static(model, fmt)))
    result.files = write_files(blobs)
    return result
