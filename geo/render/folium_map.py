"""Recipe → :class:`MapModel` (data, measured figures, credits) → :class:`FrontlineMap`.

:func:`prepare` does all the work that both renderers share: it reads each catalog layer
once, measures the figures with :mod:`geo.measure` on the full-detail geometry, simplifies
and quantises what is drawn for the recipe's zoom range (:mod:`geo.render.simplify`),
resolves labels and callouts, and writes the credit line from the catalog. :func:`to_folium`
turns the model into a ``folium.Map`` subclass without any CDN links; the static renderer
(:mod:`geo.render.static`) draws the same model with matplotlib.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import folium
import numpy as np
import shapely
from shapely.geometry import mapping

from geo.errors import RecipeError
from geo.recipe import FigureSpec, PointRef, Recipe, Style
from geo.render import encode, simplify
from geo.render.furniture import Furniture, InlineAssets, SafeGeoJson, css_class

__all__ = [
    "DEFAULT_STYLES",
    "FrontlineMap",
    "LayerLike",
    "MapLayer",
    "MapModel",
    "format_figure",
    "prepare",
    "to_folium",
]

#: Nominal page size (CSS px) used to turn centre + zoom into bounds, and bounds into zoom.
NOMINAL_SIZE = (1200, 750)
INSET_SIZE = (150, 110)
#: How far the map can be panned beyond the recipe's view, as a fraction of the view's
#: Web Mercator width/height on every side (maxBounds; the vector basemap covers exactly
#: that). A full view on each side keeps the start view covered on screens up to about
#: twice as wide or as tall as the view, and leaves room to pan when zoomed in.
MARGIN = 1.0
#: The vector basemap is snapped to 1/4 px at the max zoom (moves points <= 0.18 px).
BASEMAP_GRID = 4
VECTOR_LAND = {"stroke": "#9a9a9a", "weight": 0.8, "fill": "#f4f1ea", "fill_opacity": 1.0}
FIGURE_LINE = {"stroke": "#5e3c99", "weight": 2.5, "dash": "2 6", "opacity": 0.95}
#: Styles for layer kinds when neither the recipe nor the catalog gives one.
DEFAULT_STYLES: dict[str, dict[str, Any]] = {
    "fill": {"stroke": "#555555", "weight": 1.0, "fill": "#888888", "fill_opacity": 0.3},
    "line": {"stroke": "#222222", "weight": 2.0},
    "point": {"stroke": "#ffffff", "weight": 1.0, "fill": "#222222", "radius": 4.0},
}


class LayerLike(Protocol):
    """What the renderer needs from a catalog layer (see :class:`geo.layers.Layer`)."""

    id: str
    title: str
    sources: Any
    license: str
    as_of: Any
    style: dict

    def read(self) -> Any:
        """Return the layer as a GeoDataFrame in EPSG:4326."""
        ...


Loader = Callable[[str], LayerLike]


@dataclass(frozen=True)
class MapLayer:
    """One drawn layer, ready for either renderer."""

    id: str
    label: str
    kind: str  # "fill" | "line" | "point"
    style: dict[str, Any]
    geoms: np.ndarray  # simplified, quantised lon/lat shapely geometries
    props: tuple[dict[str, Any], ...]
    tooltip: str | None
    legend: bool
    switcher: bool
    plan: simplify.SimplifyPlan
    vertices_in: int
    vertices_out: int
    basemap: bool = False
    #: For a layer the page draws as one fixed SVG overlay (the vector basemap, and areas
    #: and lines without tooltips): the map's Web Mercator pixel frame at ``zoom``
    #: (``origin`` and ``size`` in whole pixels, ``bounds`` in lon/lat) and the geometry in
    #: that frame's integer grid units (``1/plan.grid`` px).
    frame: dict[str, Any] | None = None
    grid_geoms: np.ndarray | None = None

    @property
    def merged(self) -> bool:
        """Drawn as one path per geometry kind (no per-feature tooltip to tell them apart)."""
        return self.tooltip is None

    def paths(self) -> int:
        """How many SVG paths the page draws for this layer (what the browser tests count).

        Merged layers draw all their polygons as one path and all their lines as another;
        otherwise each feature's polygons and lines are one path each. Every point is its own
        circle marker.
        """
        n_poly = n_line = n_point = 0
        for g in self.geoms:
            polys, lines, points = encode.split_kinds(g)
            n_poly += bool(polys)
            n_line += bool(lines)
            n_point += len(points)
        if self.merged:
            return int(n_poly > 0) + int(n_line > 0) + n_point
        return n_poly + n_line + n_point

    def encoded(self) -> dict[str, Any]:
        """The page form of the simplified features (:mod:`geo.render.encode`).

        A compact ``fl1`` layer document (drawn by Leaflet: layers with tooltips or
        points), or for a fixed overlay (``frame`` set) SVG path text in the frame's grid
        units: ``polys`` (filled) and ``lines`` (stroked only).
        """
        if self.frame is None or self.grid_geoms is None:
            return encode.encode_layer(
                self.geoms, self.props, self.plan.decimals, merge=self.merged
            )
        # A fixed overlay never changes after load: send it as SVG path text.
        polys, lines = [], []
        for g in self.grid_geoms:
            p, li, _ = encode.split_kinds(g)
            polys += p
            lines += li
        return {
            "fmt": "svgpath1",
            "polys": encode.svg_path(polys),
            "lines": encode.svg_path(lines),
            "frame": {**self.frame, "grid": self.plan.grid},
        }

    def geojson(self) -> dict[str, Any]:
        """A FeatureCollection of the simplified features (only the properties we show)."""
        features = [
            {"type": "Feature", "properties": p, "geometry": mapping(g)}
            for g, p in zip(self.geoms, self.props, strict=True)
            if g is not None and not shapely.is_empty(g)
        ]
        return {"type": "FeatureCollection", "features": features}

    def report(self) -> dict[str, Any]:
        """Simplification report: plan, vertices in/out."""
        return {
            "layer": self.id,
            **self.plan.to_dict(),
            "vertices_in": self.vertices_in,
            "vertices_out": self.vertices_out,
        }


@dataclass
class MapModel:
    """Everything a renderer needs, computed once from a recipe."""

    recipe: Recipe
    offline: bool
    bounds: tuple[tuple[float, float], tuple[float, float]]  # ((W, S), (E, N)) degrees
    max_bounds: tuple[tuple[float, float], tuple[float, float]]
    layers: list[MapLayer]
    labels: list[dict[str, Any]]
    callouts: list[dict[str, Any]]
    figures: list[dict[str, Any]]
    credits: list[str]
    tile_provider: str | None
    tile_attribution: str | None
    inset_layer: MapLayer | None
    inset_bounds: tuple[tuple[float, float], tuple[float, float]] | None
    layer_meta: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The time slider's frames (:class:`geo.render.snapshots.TimelineModel`), if any.
    timeline: Any = None

    @property
    def worst_px(self) -> float:
        """Worst-case displacement of any drawn layer, screen px at the recipe's max zoom."""
        worst = max((lyr.plan.worst_px for lyr in self.layers), default=0.0)
        if self.timeline is not None:
            worst = max(worst, self.timeline.worst_px)
        return worst

    def drawn_layers(self) -> list[MapLayer]:
        """Every layer in drawing order, with the time slider's newest frame above the
        basemap (what a static image shows of the slider)."""
        if self.timeline is None or self.timeline.last is None:
            return list(self.layers)
        n_base = sum(1 for lyr in self.layers if lyr.basemap)
        return [*self.layers[:n_base], self.timeline.last, *self.layers[n_base:]]

    def legend(self) -> list[dict[str, Any]]:
        """Legend entries (label, kind, style) in drawing order, top layer first."""
        items = [
            {"label": lyr.label, "kind": lyr.kind, "style": lyr.style}
            for lyr in self.drawn_layers()
            if lyr.legend and not lyr.basemap
        ]
        return items[::-1]

    def figures_document(self) -> dict[str, Any]:
        """The JSON written next to the map: every figure it shows, with method and as-of."""
        reports = [lyr.report() for lyr in self.layers]
        doc: dict[str, Any] = {
            "map": self.recipe.name,
            "title": self.recipe.text.title,
            "as_of": self.recipe.text.as_of,
            "figures": self.figures,
            "layers": {k: self.layer_meta[k] for k in sorted(self.layer_meta)},
            "geometry": {
                "max_zoom": self.recipe.view.max_zoom,
                "worst_case_displacement_px": round(self.worst_px, 4),
                "layers": reports,
            },
        }
        if self.timeline is not None:
            doc["timeline"] = self.timeline.document()
            reports.append(self.timeline.report())
        return doc


# ------------------------------------------------------------------------------ helpers


def _merc_bounds(bounds: Sequence[Sequence[float]]) -> np.ndarray:
    return simplify.to_mercator(np.asarray(bounds, dtype=float))


def _lonlat_bounds(merc: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    ll = simplify.from_mercator(merc)
    return (
        (round(float(ll[0, 0]), 6), round(float(ll[0, 1]), 6)),
        (round(float(ll[1, 0]), 6), round(float(ll[1, 1]), 6)),
    )


def _fit_zoom(bounds: Sequence[Sequence[float]], size: tuple[int, int]) -> float:
    """Largest zoom at which ``bounds`` fit a ``size`` (CSS px) viewport."""
    m = _merc_bounds(bounds)
    dx, dy = m[1, 0] - m[0, 0], m[1, 1] - m[0, 1]
    zx = math.log2(size[0] * simplify.M_PER_PX_Z0 / dx)
    zy = math.log2(size[1] * simplify.M_PER_PX_Z0 / dy)
    return min(zx, zy)


def _view_bounds(recipe: Recipe) -> tuple[tuple[float, float], tuple[float, float]]:
    v = recipe.view
    if v.bounds is not None:
        return v.bounds
    assert v.center is not None and v.zoom is not None
    c = simplify.to_mercator(np.array([v.center], dtype=float))[0]
    half = np.array(NOMINAL_SIZE, dtype=float) / 2 * simplify.M_PER_PX_Z0 / 2**v.zoom
    return _lonlat_bounds(np.array([c - half, c + half]))


def _expand(bounds: Any, factor: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """Grow lon/lat bounds by ``factor`` of their Mercator size on every side."""
    m = _merc_bounds(bounds)
    span = m[1] - m[0]
    limit = simplify.R * math.pi
    grown = np.array([m[0] - span * factor, m[1] + span * factor])
    grown = np.clip(grown, -limit * 0.999, limit * 0.999)
    return _lonlat_bounds(grown)


def _pixel_frame(bounds: Any, zoom: int) -> dict[str, Any]:
    """Grow lon/lat bounds to whole Web Mercator pixels at ``zoom``.

    Returns ``{"zoom", "origin": [x, y], "size": [w, h], "bounds": ((W, S), (E, N))}``, pixels
    counted from the world's north-west corner. The page draws the basemap in this frame
    (``frontline.js``); whole-pixel corners make Leaflet's placement exact at ``zoom``.
    """
    m = _merc_bounds(bounds)
    mpp = simplify.M_PER_PX_Z0 / 2**zoom
    half = simplify.R * math.pi
    x0 = math.floor((m[0, 0] + half) / mpp)
    x1 = math.ceil((m[1, 0] + half) / mpp)
    y0 = math.floor((half - m[1, 1]) / mpp)
    y1 = math.ceil((half - m[0, 1]) / mpp)
    corners = simplify.from_mercator(
        np.array([[x0 * mpp - half, half - y1 * mpp], [x1 * mpp - half, half - y0 * mpp]])
    )
    return {
        "zoom": zoom,
        "origin": [x0, y0],
        "size": [x1 - x0, y1 - y0],
        "bounds": (
            (float(corners[0, 0]), float(corners[0, 1])),
            (float(corners[1, 0]), float(corners[1, 1])),
        ),
    }


def _land(geoms: np.ndarray, bounds: Any) -> np.ndarray:
    """Basemap shapes cut to lon/lat ``bounds`` ((W, S), (E, N)), keeping only polygons.

    ``clip_by_rect`` is GEOS's fast cut for drawing (about 10x faster than a general
    intersection). Cutting a polygon at a box can leave stray lines or points where it
    touches the box; they are not land and would be drawn as strokes.
    """
    (w, s), (e, n) = bounds
    cut = shapely.clip_by_rect(np.asarray(geoms, dtype=object), w, s, e, n)
    out = np.empty(len(cut), dtype=object)
    for i, g in enumerate(cut):
        if g is None or shapely.get_type_id(g) != 7:
            out[i] = g
            continue
        polys = [p for p in encode.split_kinds(g)[0] if not shapely.is_empty(p)]
        out[i] = shapely.multipolygons(polys) if polys else shapely.Polygon()
    return out


def _has_points(geoms: np.ndarray) -> bool:
    return any(encode.split_kinds(g)[2] for g in geoms)


def _kind(geoms: np.ndarray) -> str:
    types = set(shapely.get_type_id(geoms[~shapely.is_empty(geoms)]).tolist())
    if types & {3, 6}:
        return "fill"
    if types & {1, 2, 5}:
        return "line"
    return "point"


def _clean_style(raw: Any) -> dict[str, Any]:
    """Keep only well-formed catalog style values (catalog text is not trusted either)."""
    if not isinstance(raw, dict):
        return {}
    aliases = {
        "color": "stroke",
        "fill_color": "fill",
        "fillColor": "fill",
        "fillOpacity": "fill_opacity",
        "dash_array": "dash",
        "dashArray": "dash",
    }
    out: dict[str, Any] = {}
    for key, value in raw.items():
        name = aliases.get(key, key)
        if name in ("stroke", "fill") and isinstance(value, str):
            from geo.recipe import _HEX

            if _HEX.match(value):
                out[name] = value.lower()
        elif (
            name in ("weight", "opacity", "fill_opacity", "radius")
            and isinstance(value, (int, float))
            and not isinstance(value, bool)
            and math.isfinite(value)
            and value >= 0
        ):
            out[name] = float(min(value, 50.0))
        elif name == "dash" and isinstance(value, str):
            from geo.recipe import _DASH

            if _DASH.match(value):
                out[name] = value
        elif name == "hatch" and value in ("none", "diagonal", "cross", "horizontal", "vertical"):
            out[name] = value
    return out


def _style_dict(recipe_style: Style, catalog: dict[str, Any], kind: str) -> dict[str, Any]:
    merged = recipe_style.merged(catalog)
    out = {k: v for k, v in vars(merged).items() if v is not None}
    for key, value in DEFAULT_STYLES[kind].items():
        out.setdefault(key, value)
    if kind == "line":
        out.pop("fill", None)
    return dict(sorted(out.items()))


def _missing(value: Any) -> bool:
    """None or a pandas/numpy missing value (NaN, NaT, NA)."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN is the only value not equal to itself
    except (TypeError, ValueError):
        return False


def _text(value: Any) -> str:
    if value is None:
        return ""
    name = getattr(value, "name", None)
    if isinstance(name, str) and not isinstance(value, str):  # e.g. geo.layers.Source
        lic = getattr(value, "license", None)
        return f"{name} ({lic})" if isinstance(lic, str) and lic else name
    if isinstance(value, (list, tuple)):
        return "; ".join(_text(v) for v in value if v is not None)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _select(gdf: Any, where: Any, layer_id: str, path: str | None, key: str) -> Any:
    """Features whose properties match every ``(property, values)`` pair of ``where``."""
    if not where:
        return gdf
    keep = np.ones(len(gdf), dtype=bool)
    for prop, values in where:
        if prop not in gdf.columns:
            raise RecipeError(
                f"layer {layer_id!r} has no property {prop!r}", path=path, key=f"{key}.{prop}"
            )
        keep &= gdf[prop].astype(str).isin(values).to_numpy()
    if not keep.any():
        raise RecipeError(f"no feature of layer {layer_id!r} matches", path=path, key=key)
    return gdf[keep]


def _name_columns(gdf: Any) -> list[str]:
    preferred = ["name", "name_en", "NAME", "NAME_EN", "id", "ISO_A3", "iso_a3", "title"]
    return [c for c in preferred if c in gdf.columns]


def _feature_point(gdf: Any, name: str, ref: str, path: str | None) -> tuple[float, float]:
    wanted = name.strip().casefold()
    for col in _name_columns(gdf):
        hits = gdf[gdf[col].astype(str).str.strip().str.casefold() == wanted]
        if len(hits):
            geom = hits.geometry.iloc[0]
            pt = geom if geom.geom_type == "Point" else geom.representative_point()
            return (float(pt.x), float(pt.y))
    raise RecipeError(f"no feature named {name!r} in layer (reference {ref!r})", path=path)


def _fmt_len(km: float) -> str:
    return f"{km:,.0f}" if km >= 100 else f"{km:,.1f}"


def format_figure(label: str, measure: str, value: Any) -> str:
    """Format a measured figure for the map, e.g. ``Front line: 1,043 km (648 mi), geodesic``.

    Parameters
    ----------
    label : str
        The recipe's label.
    measure : {"length", "area", "distance"}
    value : geo.measure.Length or geo.measure.Area

    Returns
    -------
    str
    """
    if measure == "area":
        return f"{label}: {_fmt_len(value.km2)} km² ({_fmt_len(value.sq_mi)} sq mi), geodesic"
    kind = "great-circle (geodesic)" if measure == "distance" else "geodesic"
    return f"{label}: {_fmt_len(value.km)} km ({_fmt_len(value.mi)} mi), {kind}"


# ------------------------------------------------------------------------------ prepare


def _default_loader(layer_id: str) -> LayerLike:
    from geo import layers  # imported lazily: the catalog is read only when building

    return layers.get(layer_id)


def prepare(
    recipe: Recipe,
    *,
    offline: bool = False,
    loader: Loader | None = None,
) -> MapModel:
    """Compute everything a map shows from a recipe.

    Parameters
    ----------
    recipe : Recipe
    offline : bool, default False
        Force the vector basemap (no tiles, no network at all).
    loader : callable, optional
        ``layer_id -> Layer``; default :func:`geo.layers.get`. Pass a caching loader to read
        each layer once when building several maps.

    Returns
    -------
    MapModel

    Raises
    ------
    RecipeError
        A layer, feature or property the recipe names does not exist.
    """
    from geo import measure

    load = loader or _default_loader
    path = recipe.path
    layers_meta: dict[str, LayerLike] = {}
    frames: dict[str, Any] = {}

    def get(layer_id: str, key: str) -> tuple[LayerLike, Any]:
        if layer_id not in frames:
            try:
                meta = load(layer_id)
            except LookupError as exc:
                raise RecipeError(str(exc), path=path, key=key) from None
            layers_meta[layer_id] = meta
            frames[layer_id] = meta.read()
        return layers_meta[layer_id], frames[layer_id]

    def point(ref: PointRef, key: str) -> tuple[float, float]:
        if isinstance(ref, str):
            layer_id, name = ref.split(":", 1)
            _, gdf = get(layer_id, key)
            return _feature_point(gdf, name, ref, path)
        return ref

    bounds = _view_bounds(recipe)
    max_zoom = recipe.view.max_zoom
    frame = _pixel_frame(_expand(bounds, MARGIN), max_zoom)
    max_bounds = frame["bounds"]
    drawn: list[MapLayer] = []
    vector = recipe.basemap.is_vector or offline

    def make_layer(
        layer_id: str,
        label: str,
        geoms: np.ndarray,
        props: list[dict[str, Any]],
        style: dict[str, Any],
        kind: str,
        *,
        zoom: int = max_zoom,
        tooltip: str | None = None,
        legend: bool = True,
        switcher: bool = True,
        basemap: bool = False,
        frame: dict[str, Any] | None = None,
    ) -> MapLayer:
        keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        geoms, props = geoms[keep], [p for p, k in zip(props, keep, strict=True) if k]
        b = shapely.total_bounds(geoms) if len(geoms) else np.zeros(4)
        lat = max(abs(float(b[1])), abs(float(b[3])))
        grid = None
        if frame is not None:
            p = simplify.plan(zoom, lat, grid=BASEMAP_GRID)
            out, grid, n_in, n_out = simplify.simplify_to_grid(geoms, p, frame["origin"])
        else:
            p = simplify.plan(zoom, lat)
            out, n_in, n_out = simplify.simplify_geometries(geoms, p)
        return MapLayer(
            id=layer_id,
            label=label,
            kind=kind,
            style=style,
            geoms=out,
            props=tuple(props),
            tooltip=tooltip,
            legend=legend,
            switcher=switcher,
            plan=p,
            vertices_in=n_in,
            vertices_out=n_out,
            basemap=basemap,
            frame=frame,
            grid_geoms=grid,
        )

    if vector:
        meta, gdf = get(recipe.basemap.layer, "basemap.layer")
        geoms = _land(gdf.geometry.values, max_bounds)
        drawn.append(
            make_layer(
                recipe.basemap.layer,
                meta.title or recipe.basemap.layer,
                geoms,
                [{} for _ in range(len(geoms))],
                dict(VECTOR_LAND),
                "fill",
                legend=False,
                switcher=False,
                basemap=True,
                frame=frame,
            )
        )

    for i, spec in enumerate(recipe.layers):
        meta, gdf = get(spec.id, f"layers[{i}].id")
        gdf = _select(gdf, spec.where, spec.id, path, f"layers[{i}].where")
        geoms = np.asarray(gdf.geometry.values, dtype=object)
        if spec.tooltip and spec.tooltip not in gdf.columns:
            raise RecipeError(
                f"layer {spec.id!r} has no property {spec.tooltip!r}; it has "
                f"{', '.join(map(str, gdf.columns.drop('geometry')))}",
                path=path,
                key=f"layers[{i}].tooltip",
            )
        props = [
            {spec.tooltip: _text(v)} if spec.tooltip and not _missing(v) else {}
            for v in (gdf[spec.tooltip] if spec.tooltip else [None] * len(gdf))
        ]
        kind = _kind(geoms)
        style = _style_dict(spec.style, _clean_style(getattr(meta, "style", {})), kind)
        # Areas and lines with no tooltip are drawn as a fixed SVG overlay like the
        # basemap; layers with tooltips or points are Leaflet paths.
        fixed = spec.tooltip is None and not _has_points(geoms)
        drawn.append(
            make_layer(
                spec.key,
                spec.label or meta.title or spec.id,
                geoms,
                props,
                style,
                kind,
                tooltip=spec.tooltip,
                legend=spec.legend,
                switcher=spec.switcher,
                frame=frame if fixed else None,
            )
        )

    # The caller's own dated snapshots: a time slider, and gained/lost between two dates.
    data_credits: list[str] = []
    data_meta: dict[str, dict[str, Any]] = {}
    figures: list[dict[str, Any]] = []
    timeline = None
    if recipe.timeline is not None:
        from geo.render.snapshots import prepare_timeline

        timeline = prepare_timeline(recipe, frame, max_bounds)
        data_credits.append(timeline.credit_line())
        data_meta["timeline"] = {
            "title": timeline.label,
            "sources": timeline.credit,
            "license": "",
            "as_of": timeline.last_date,
        }
    if recipe.changes is not None:
        from geo.render import snapshots

        spec = recipe.changes
        res = snapshots.read_changes(recipe)
        gained_style, lost_style = snapshots.change_styles(recipe)
        for side, geom, style in (
            (spec.gained, res.gained, gained_style),
            (spec.lost, res.lost, lost_style),
        ):
            change = "gained" if side is spec.gained else "lost"
            drawn.append(
                make_layer(
                    f"changes-{change}",
                    side.label,
                    np.array([geom], dtype=object),
                    [{}],
                    style,
                    "fill",
                    legend=side.legend,
                    frame=frame,
                )
            )
        figures += snapshots.change_figures(recipe, res)
        data_credits.append(snapshots.change_credit(recipe, res))
        data_meta["changes"] = {
            "title": f"{spec.gained.label} / {spec.lost.label}",
            "sources": spec.credit,
            "license": "",
            "as_of": res.date_to or "",
            "files": [res.file_from, res.file_to],
        }

    # Figures: measured on the catalog's full-detail geometry, never on the simplified copy.
    labels: list[dict[str, Any]] = []
    for i, fig in enumerate(recipe.figures):
        figures.append(_measure_figure(fig, i, get, point, measure, recipe))
        if fig.measure == "distance" and fig.draw:
            a, b = figures[-1]["start"], figures[-1]["end"]
            line = _geodesic_line(a, b)
            drawn.append(
                make_layer(
                    f"figure-{fig.id}",
                    fig.label,
                    np.array([line], dtype=object),
                    [{}],
                    dict(FIGURE_LINE),
                    "line",
                    switcher=False,
                    frame=frame,
                )
            )
            mid = line.interpolate(0.5, normalized=True)
            labels.append(
                {
                    "text": figures[-1]["text"],
                    "lon": round(mid.x, 5),
                    "lat": round(mid.y, 5),
                    "position": "top",
                    "kind": "figure",
                    "dot": False,
                }
            )

    for i, lab in enumerate(recipe.labels):
        key = f"labels[{i}]"
        if lab.layer is None:
            assert lab.at is not None and lab.text is not None
            labels.append(
                {
                    "text": lab.text,
                    "lon": lab.at[0],
                    "lat": lab.at[1],
                    "position": lab.position,
                    "kind": "place",
                    "dot": False,
                }
            )
            continue
        _, gdf = get(lab.layer, f"{key}.layer")
        if lab.field not in gdf.columns:
            raise RecipeError(
                f"layer {lab.layer!r} has no property {lab.field!r}",
                path=path,
                key=f"{key}.field",
            )
        wanted = None if lab.names is None else {n.casefold(): n for n in lab.names}
        found = set()
        for value, geom in zip(gdf[lab.field], gdf.geometry, strict=True):
            if _missing(value) or geom is None or geom.is_empty:
                continue
            text = _text(value)
            if wanted is not None and text.casefold() not in wanted:
                continue
            found.add(text.casefold())
            pt = geom if geom.geom_type == "Point" else geom.representative_point()
            labels.append(
                {
                    "text": text,
                    "lon": round(pt.x, 5),
                    "lat": round(pt.y, 5),
                    "position": lab.position,
                    "kind": "place",
                    "dot": geom.geom_type == "Point",
                }
            )
        if wanted is not None:
            missing = [n for k, n in wanted.items() if k not in found]
            if missing:
                raise RecipeError(
                    f"no feature with {lab.field} = {missing[0]!r} in layer {lab.layer!r}",
                    path=path,
                    key=f"{key}.names",
                )

    callouts = []
    for i, c in enumerate(recipe.callouts):
        at = point(c.at, f"callouts[{i}].at")
        callouts.append(
            {"text": c.text, "at": [round(at[0], 5), round(at[1], 5)], "text_at": list(c.text_at)}
        )

    # Inset locator: the basemap layer, simplified for the inset's own (small) zoom.
    inset_layer = None
    inset_bounds = None
    if recipe.inset.enabled:
        inset_bounds = recipe.inset.bounds or _expand(bounds, 2.5)
        meta, gdf = get(recipe.basemap.layer, "basemap.layer")
        zoom = max(0, math.ceil(_fit_zoom(inset_bounds, INSET_SIZE)))
        # A fixed picture: drawn like the overlays, in its own whole-pixel frame.
        inset_frame = _pixel_frame(inset_bounds, zoom)
        geoms = _land(gdf.geometry.values, inset_frame["bounds"])
        inset_layer = make_layer(
            "inset",
            "inset",
            geoms,
            [{} for _ in range(len(geoms))],
            dict(VECTOR_LAND),
            "fill",
            zoom=zoom,
            legend=False,
            switcher=False,
            basemap=True,
            frame=inset_frame,
        )

    provider = None if vector else recipe.basemap.provider
    tile_attr = None
    if provider is not None:
        import xyzservices

        tile_attr = xyzservices.providers.query_name(provider).get("attribution", provider)

    credits, meta_out = _credits(recipe, layers_meta, tile_attr, vector)
    credits = data_credits + credits
    meta_out.update(data_meta)
    return MapModel(
        recipe=recipe,
        offline=offline,
        bounds=bounds,
        max_bounds=max_bounds,
        layers=drawn,
        labels=labels,
        callouts=callouts,
        figures=figures,
        credits=credits,
        tile_provider=provider,
        tile_attribution=tile_attr,
        inset_layer=inset_layer,
        inset_bounds=inset_bounds,
        layer_meta=meta_out,
        timeline=timeline,
    )


def _measure_figure(
    fig: FigureSpec, i: int, get: Callable, point: Callable, measure: Any, recipe: Recipe
) -> dict[str, Any]:
    key = f"figures[{i}]"
    if fig.measure == "distance":
        assert fig.start is not None and fig.end is not None
        a = point(fig.start, f"{key}.start")
        b = point(fig.end, f"{key}.end")
        value = measure.distance(a, b)
        out = {
            "start": [round(a[0], 6), round(a[1], 6)],
            "end": [round(b[0], 6), round(b[1], 6)],
            "as_of": recipe.text.as_of,
        }
        refs = [r for r in (fig.start, fig.end) if isinstance(r, str)]
        if refs:
            out["points"] = refs
    else:
        assert fig.layer is not None
        meta, gdf = get(fig.layer, f"{key}.layer")
        gdf = _select(gdf, fig.where, fig.layer, recipe.path, f"{key}.where")
        value = measure.area(gdf) if fig.measure == "area" else measure.length(gdf)
        out = {"layer": fig.layer, "as_of": _text(getattr(meta, "as_of", "")) or recipe.text.as_of}
    data = value.to_dict()
    data.pop("parts_km", None)
    data.pop("parts_km2", None)
    rounded = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in data.items()}
    return {
        "id": fig.id,
        "label": fig.label,
        "measure": fig.measure,
        "text": format_figure(fig.label, fig.measure, value),
        **rounded,
        **out,
    }


def _geodesic_line(a: Sequence[float], b: Sequence[float], n: int = 128) -> shapely.LineString:
    from pyproj import Geod

    pts = Geod(ellps="WGS84").npts(a[0], a[1], b[0], b[1], n)
    return shapely.LineString([tuple(a), *pts, tuple(b)])


def _credits(
    recipe: Recipe, metas: dict[str, LayerLike], tile_attr: str | None, vector: bool
) -> tuple[list[str], dict[str, dict[str, Any]]]:
    lines: list[str] = []
    meta_out: dict[str, dict[str, Any]] = {}
    for layer_id in recipe.layer_ids():
        meta = metas.get(layer_id)
        if meta is None:
            continue
        title = _text(getattr(meta, "title", "")) or layer_id
        sources = _text(getattr(meta, "sources", ""))
        lic = _text(getattr(meta, "license", ""))
        as_of = _text(getattr(meta, "as_of", ""))
        if layer_id == recipe.basemap.layer and not vector and not recipe.inset.enabled:
            continue
        parts = [
            p
            for p in (sources, f"licence: {lic}" if lic else "", f"as of {as_of}" if as_of else "")
            if p
        ]
        lines.append(f"{title}: {', '.join(parts)}" if parts else title)
        meta_out[layer_id] = {"title": title, "sources": sources, "license": lic, "as_of": as_of}
    if tile_attr:
        lines.append(f"Basemap tiles: {tile_attr}")
    elif vector:
        title = meta_out.get(recipe.basemap.layer, {}).get("title", recipe.basemap.layer)
        lines.append(f"Basemap: drawn from the {title} layer (no tiles)")
    return lines, meta_out


# ------------------------------------------------------------------------------ folium


class FrontlineMap(folium.Map):
    """A ``folium.Map`` whose page needs no CDN: no jQuery, Bootstrap or Font Awesome.

    Leaflet and our JS/CSS are inlined by an :class:`~geo.render.furniture.InlineAssets`
    child. Add any folium element as usual; :func:`geo.render.export.render_html` makes the
    result deterministic.
    """

    # Instance-independent: folium's defaults link 12 external files; we inline our own.
    default_js: list[tuple[str, str]] = []  # noqa: RUF012 - folium's own API is a list
    default_css: list[tuple[str, str]] = []  # noqa: RUF012

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("tiles", None)
        super().__init__(*args, **kwargs)
        self.default_js = []
        self.default_css = []
        self.add_child(InlineAssets(), name="fl_assets")


def to_folium(model: MapModel) -> FrontlineMap:
    """Build the interactive map for a :class:`MapModel`.

    Parameters
    ----------
    model : MapModel

    Returns
    -------
    FrontlineMap
        Ids are still random until :func:`geo.render.export.render_html` fixes them.
    """
    r = model.recipe
    (w, s), (e, n) = model.bounds
    zoom = min(
        max(math.floor(_fit_zoom(model.bounds, NOMINAL_SIZE)), r.view.min_zoom), r.view.max_zoom
    )
    if r.view.center is not None and r.view.zoom is not None:
        center, zoom = (r.view.center[1], r.view.center[0]), r.view.zoom
    else:
        center = ((s + n) / 2, (w + e) / 2)
    m = FrontlineMap(
        location=list(center), zoom_start=zoom, control_scale=False, zoom_control="topright"
    )
    (mw, ms), (me, mn) = model.max_bounds
    m.options.update(
        {
            "minZoom": r.view.min_zoom,
            "maxZoom": r.view.max_zoom,
            "maxBounds": [[ms, mw], [mn, me]],
            "maxBoundsViscosity": 0.8,
            "zoomSnap": 0.25,
            "zoomDelta": 0.5,
            "attributionControl": model.tile_provider is not None,
        }
    )
    if r.view.bounds is not None:
        # Fit before any layer is added, without animation: fitting afterwards would draw
        # every layer twice (once at the start zoom, again when the zoom animation ends).
        fit = folium.FitBounds([[s, w], [n, e]])
        fit.options["animate"] = False
        m.add_child(fit)
    if model.tile_provider is not None:
        folium.TileLayer(
            tiles=model.tile_provider,
            min_zoom=r.view.min_zoom,
            max_zoom=r.view.max_zoom,
            name=model.tile_provider,
            control=False,
        ).add_to(m)
    slider = None
    if model.timeline is not None:
        from geo.render.furniture import TimelineSlider

        slider = TimelineSlider(model.timeline.page_data(), model.timeline.blocks)
    for lyr in model.layers:
        if slider is not None and not lyr.basemap:
            # Above the basemap, below every recipe layer (lines and labels stay on top).
            m.add_child(slider, name="fl_timeline")
            slider = None
        m.add_child(
            SafeGeoJson(
                lyr.encoded(),
                lyr.id,
                lyr.label,
                lyr.style,
                lyr.tooltip,
                lyr.switcher,
                basemap=lyr.basemap,
            ),
            name=f"fl_layer_{css_class(lyr.id)}",
        )
    if slider is not None:
        m.add_child(slider, name="fl_timeline")
    data = {
        "text": {
            "title": r.text.title,
            "dek": r.text.dek,
            "byline": r.text.byline,
            "as_of": r.text.as_of,
            "notes": list(r.text.notes),
            "alt": r.text.alt,
        },
        "legend": model.legend(),
        "figures": [{"id": f["id"], "text": f["text"]} for f in model.figures],
        "labels": model.labels,
        "labels_title": "Labels",
        "callouts": model.callouts,
        "credits": model.credits,
        "inset": None if model.inset_bounds is None else {"bounds": model.inset_bounds},
    }
    inset = model.inset_layer.encoded() if model.inset_layer is not None else None
    m.add_child(Furniture(data, inset), name="fl_furniture")
    return m
