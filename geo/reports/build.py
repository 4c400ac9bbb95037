"""What ``frontline build`` builds and reports: recipes, a shared layer cache, a summary.

:func:`load_recipes` turns the command line's recipe names (or ``--all``) into parsed
recipes, every one validated before any is built, so a typo in the last one costs
nothing. :func:`build_recipes` builds them one by one with :func:`geo.render.build`,
sharing one :class:`CachedLayer` per catalog layer (maps share layers, and reading one is
the costly part). :func:`geometry_summary` condenses a map's simplification report into the
worst-case displacement line the command prints.

Examples
--------
>>> parse_formats("HTML, png,html")
('html', 'png')
>>> parse_formats("gif")
Traceback (most recent call last):
...
geo.errors.UsageError: --format: 'gif' is not one of html, png, svg
>>> geometry_summary({"layers": [], "max_zoom": 8, "worst_case_displacement_px": 0.0}) is None
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from geo import layers
from geo import recipe as recipes
from geo.errors import UsageError
from geo.render import FORMATS, BuildResult, build

__all__ = [
    "CachedLayer",
    "build_recipes",
    "cached_loader",
    "geometry_summary",
    "load_recipes",
    "parse_formats",
]


def parse_formats(text: str) -> tuple[str, ...]:
    """The output formats named in ``text`` (``"html,png,svg"``), lower case, in order, once.

    Parameters
    ----------
    text : str
        Comma-separated format names.

    Returns
    -------
    tuple of str
        Each one of :data:`geo.render.FORMATS`.

    Raises
    ------
    UsageError
        None given, or one that is not a known format.
    """
    parts = tuple(dict.fromkeys(p.strip().lower() for p in text.split(",") if p.strip()))
    bad = [p for p in parts if p not in FORMATS]
    if not parts or bad:
        raise UsageError(
            f"--format: {bad[0] if bad else text!r} is not one of {', '.join(FORMATS)}"
        )
    return parts


def load_recipes(names: Sequence[str], *, build_all: bool = False) -> list[Any]:
    """Find and parse the recipes to build, every one before any is built.

    Parameters
    ----------
    names : sequence of str
        Bundled recipe names or paths to recipe files.
    build_all : bool, default False
        Every bundled recipe instead (``--all``).

    Returns
    -------
    list of geo.recipe.Recipe

    Raises
    ------
    UsageError
        Names and ``build_all`` together, or neither.
    RecipeError
        An unknown recipe (with close matches) or a bad one.
    """
    if build_all and names:
        raise UsageError("give recipe names or --all, not both")
    if build_all:
        wanted: list[str] = list(recipes.bundled())
    elif names:
        wanted = list(names)
    else:
        raise UsageError("name one or more recipes (e.g. front) or use --all")
    return [recipes.load(recipes.find(name)) for name in wanted]


class CachedLayer:
    """A catalog layer whose ``read()`` happens once per process (maps share layers).

    Parameters
    ----------
    layer : geo.layers.Layer
        The layer; every other attribute is the layer's own.
    """

    def __init__(self, layer: Any) -> None:
        self._layer = layer
        self._frame: Any = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._layer, name)

    def read(self) -> Any:
        """The layer's GeoDataFrame, read on the first call and kept."""
        if self._frame is None:
            self._frame = self._layer.read()
        return self._frame


def cached_loader() -> Callable[[str], CachedLayer]:
    """A ``layer_id -> layer`` loader for :func:`geo.render.build` that reads each layer once.

    Returns
    -------
    callable
        Looks ids up with :func:`geo.layers.get` and keeps one :class:`CachedLayer` each.
    """
    cache: dict[str, CachedLayer] = {}

    def load(layer_id: str) -> CachedLayer:
        if layer_id not in cache:
            cache[layer_id] = CachedLayer(layers.get(layer_id))
        return cache[layer_id]

    return load


def build_recipes(
    parsed: Sequence[Any],
    out_dir: str | Path,
    *,
    offline: bool = False,
    formats: tuple[str, ...] = ("html",),
    base_url: str | None = None,
    jobs: int = 1,
) -> Iterator[BuildResult]:
    """Build each recipe into ``out_dir``, yielding its result as soon as it is written.

    Parameters
    ----------
    parsed : sequence of geo.recipe.Recipe
        As :func:`load_recipes` gives them.
    out_dir : str or Path
        The output directory.
    offline : bool, default False
        Vector basemap, no network at all.
    formats : tuple of str, default ("html",)
        As :func:`parse_formats` gives them.
    base_url : str, optional
        Where the pages are published: the embed snippets' ``src`` (absolute http/https).
    jobs : int, default 1
        Build up to this many recipes at once, each in a process of its own. The files
        are the same bytes as a serial build (every build is independent and
        deterministic); results still come in recipe order, and the first error in that
        order is raised (recipes after it may already be written, each as a whole set).

    Yields
    ------
    geo.render.BuildResult
        One per recipe, in order.
    """
    if jobs < 1:
        raise UsageError(f"--jobs: {jobs} is not a whole number of 1 or more")
    if jobs == 1 or len(parsed) < 2:
        load = cached_loader()
        for r in parsed:
            yield build(
                r, out_dir, offline=offline, formats=formats, loader=load, base_url=base_url
            )
        return
    yield from _build_in_processes(
        parsed, out_dir, min(jobs, len(parsed)), offline, formats, base_url
    )


#: Each worker process's layer cache (shared by the recipes that process builds).
_WORKER_LOADER: list[Callable[..., Any]] = []


def _build_one(
    r: Any, out_dir: str | Path, offline: bool, formats: tuple[str, ...], base_url: str | None
) -> BuildResult:
    if not _WORKER_LOADER:
        _WORKER_LOADER.append(cached_loader())
    load = _WORKER_LOADER[0]
    return build(r, out_dir, offline=offline, formats=formats, loader=load, base_url=base_url)


def _build_in_processes(
    parsed: Sequence[Any],
    out_dir: str | Path,
    workers: int,
    offline: bool,
    formats: tuple[str, ...],
    base_url: str | None,
) -> Iterator[BuildResult]:
    """:func:`build_recipes` with a pool of ``workers`` processes (forked where possible)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: the workers inherit the imported libraries instead of importing them again
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures = [pool.submit(_build_one, r, out_dir, offline, formats, base_url) for r in parsed]
        try:
            for future in futures:
                yield future.result()
        finally:
            for future in futures:
                future.cancel()


def geometry_summary(geometry: dict[str, Any]) -> dict[str, Any] | None:
    """The worst case of a built map's simplification report (``BuildResult.geometry``).

    Parameters
    ----------
    geometry : dict
        ``layers`` (one report per simplified layer), ``max_zoom`` and
        ``worst_case_displacement_px``.

    Returns
    -------
    dict or None
        ``displacement_px`` and ``max_zoom`` (the map's worst case), ``ground_m`` (the
        largest displacement on the ground), ``tolerance_px``, ``grid_per_px`` and
        ``decimals`` (of the worst layer: its simplification and quantisation), and
        ``vertices_in`` / ``vertices_out`` (all layers); ``None`` without layers.
    """
    reports = geometry["layers"]
    if not reports:
        return None
    worst = max(reports, key=lambda d: d["worst_case_px"])
    return {
        "displacement_px": geometry["worst_case_displacement_px"],
        "max_zoom": geometry["max_zoom"],
        "ground_m": max(d["worst_case_ground_m"] for d in reports),
        "tolerance_px": worst["tolerance_px"],
        "grid_per_px": worst.get("grid_per_px"),
        "decimals": worst.get("decimals"),
        "vertices_in": sum(d["vertices_in"] for d in reports),
        "vertices_out": sum(d["vertices_out"] for d in reports),
    }
