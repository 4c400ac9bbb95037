"""The renderer-neutral map model: what :func:`geo.render.prepare.prepare` computes once.

A :class:`MapModel` holds everything a map shows, already read, selected, styled,
measured and simplified: the drawn layers (:class:`MapLayer`), labels, callouts, figures,
credits, the view, the inset and, for a ``[timeline]`` recipe, the slider's frames
(:class:`TimelineModel`). Every renderer (folium HTML, static PNG/SVG) consumes only this
model; none of them reads a recipe key or a catalog entry on its own.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import shapely
from shapely.geometry import mapping

from geo.recipe import Recipe
from geo.render import encode, frame_delta, simplify
from geo.render.assets import script_json
from geo.render.view import Bounds
from geo.render.wording import area_text

__all__ = ["Bounds", "LayerLike", "Loader", "MapLayer", "MapModel", "TimelineModel", "TipFields"]


class LayerLike(Protocol):
    """What a map needs from a catalog layer (see :class:`geo.layers.Layer`)."""

    @property
    def id(self) -> str:
        """Catalog id."""

    @property
    def title(self) -> str:
        """Human title (the default legend label)."""

    @property
    def sources(self) -> Any:
        """Where the data comes from (credited)."""

    @property
    def license(self) -> str:
        """The data's licence (credited)."""

    @property
    def as_of(self) -> Any:
        """The date the layer depicts."""

    @property
    def style(self) -> Mapping[str, Any]:
        """Default style (recipe keys win), validated by the catalog."""

    def read(self) -> Any:
        """Return the layer as a GeoDataFrame in EPSG:4326."""


#: ``layer_id -> layer``; the default is :func:`geo.layers.get`.
Loader = Callable[[str], LayerLike]
#: What a tooltip or popup shows: ``(field, label)`` pairs; a lone ``(field, None)`` shows
#: the value alone.
TipFields = tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class MapLayer:
    """One drawn layer, ready for any renderer."""

    id: str
    label: str
    kind: str  # "fill" | "line" | "point"
    style: dict[str, Any]
    geoms: np.ndarray  # simplified, quantised lon/lat shapely geometries
    props: tuple[dict[str, Any], ...]
    #: The tooltip's ``(field, label)`` pairs (label ``None``: the value alone), or None.
    tooltip: TipFields | None
    legend: bool
    switcher: bool
    plan: simplify.SimplifyPlan
    vertices_in: int
    vertices_out: int
    basemap: bool = False
    #: For a layer the page draws as one fixed SVG overlay (the vector basemap, and areas
    #: and lines without popups or points): the map's Web Mercator pixel frame at ``zoom``
    #: (``origin`` and ``size`` in whole pixels, ``bounds`` in lon/lat) and the geometry in
    #: that frame's integer grid units (``1/plan.grid`` px).
    frame: dict[str, Any] | None = None
    grid_geoms: np.ndarray | None = None
    #: The popup's ``(field, label)`` pairs (shown on click), or None.
    popup: TipFields | None = None
    #: For one class of a layer styled by a property (``style.by``): the layer's key and
    #: label (one switcher entry, one legend heading for all its classes).
    group: str | None = None
    group_label: str | None = None
    #: :meth:`encoded`'s result when it is already known (a layer from the build cache,
    #: :mod:`geo.render.prepare.drawn_cache`); it depends only on the geometries.
    page_doc: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def merged(self) -> bool:
        """Drawn as one path per geometry kind (no per-feature tooltip to tell them apart)."""
        return self.tooltip is None and self.popup is None

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
        """Return the page form of the simplified features (:mod:`geo.render.encode`).

        A compact ``fl1`` layer document (drawn by Leaflet: layers with points or popups),
        or for a fixed overlay (``frame`` set) SVG path text in the frame's grid units:
        ``polys`` (filled) and ``lines`` (stroked only), and for a layer with a tooltip
        ``f``, one ``{"p": props, "polys": ..., "lines": ...}`` per feature instead.
        """
        if self.page_doc is not None:
            return self.page_doc
        if self.frame is None or self.grid_geoms is None:
            return encode.encode_layer(
                self.geoms, self.props, self.plan.decimals, merge=self.merged
            )
        # A fixed overlay never changes after load: send it as SVG path text.
        polys, lines, feats = [], [], []
        for g, prop in zip(self.grid_geoms, self.props, strict=True):
            p, li, _ = encode.split_kinds(g)
            if self.merged:
                polys += p
                lines += li
                continue
            # A feature with a tooltip: its own paths (one tab stop, its own hover text).
            feat = {"p": prop, "polys": encode.svg_path(p), "lines": encode.svg_path(li)}
            if feat["polys"] or feat["lines"]:
                feats.append(feat)
        doc: dict[str, Any] = {
            "fmt": "svgpath1",
            "polys": encode.svg_path(polys),
            "lines": encode.svg_path(lines),
            "frame": {**self.frame, "grid": self.plan.grid},
        }
        if not self.merged:
            doc["f"] = feats
        return doc

    def geojson(self) -> dict[str, Any]:
        """Return a FeatureCollection of the simplified features (only the properties we show)."""
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
class TimelineModel:
    """The encoded frames of a time slider, and what the page and reports say about them.

    Attributes
    ----------
    label : str
        The slider's legend label.
    credit : str
        The recipe's one-line credit for the caller's own snapshots.
    source : str
        The resolved folder or glob.
    style : dict
        The drawn area's style.
    frame : dict
        The map's pixel frame (``zoom``, ``origin``, ``size``, ``bounds``).
    interval_ms : int
        Milliseconds per frame when the slider plays.
    tolerance_km : float
        The recipe's pre-simplification (0 for none).
    frames : list of dict
        Per date: ``date``, ``file``, ``area_km2`` (geodesic, full detail), ``area_sq_mi``,
        ``text``, ``vertices``.
    blocks : list of str
        Each frame's page document, already serialised: a keyframe's ``fl1`` document
        (grid units) or an ``fl1d`` delta against the frame before
        (:mod:`geo.render.frame_delta`); :meth:`frame_docs` gives every frame in full.
    keyframe_every : int
        Frame ``i`` of ``blocks`` is a keyframe when ``i % keyframe_every == 0`` (1: every
        frame in full); other frames may be keyframes too, when a delta would be no smaller.
    skipped : list of str
        Files left out (no date, unreadable), with the reason.
    last : MapLayer
        The newest frame as a drawn layer (for PNG/SVG).
    plan : SimplifyPlan
        The plan of the frame with the largest ground displacement.
    """

    label: str
    credit: str
    source: str
    style: dict[str, Any]
    frame: dict[str, Any]
    interval_ms: int
    tolerance_km: float
    frames: list[dict[str, Any]] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    keyframe_every: int = frame_delta.KEYFRAME_EVERY
    last: MapLayer | None = None
    plan: simplify.SimplifyPlan | None = None
    worst_px: float = 0.0
    pre_px: float = 0.0
    vertices_in: int = 0
    vertices_out: int = 0

    def frame_docs(self) -> list[dict[str, Any]]:
        """Return every frame's full ``fl1`` document (the deltas of ``blocks`` applied)."""
        return frame_delta.decode_frames(json.loads(b) for b in self.blocks)

    def reencoded(self, every: int) -> TimelineModel:
        """Return a copy whose ``blocks`` have a keyframe every ``every`` frames.

        ``every=1`` gives the page format without deltas (every frame in full), e.g. to
        compare page sizes or to check that both draw the same paths.
        """
        blocks = [script_json(d) for d in frame_delta.encode_frames(self.frame_docs(), every)]
        return dataclasses.replace(self, blocks=blocks, keyframe_every=every)

    @property
    def first_date(self) -> str:
        """ISO date of the oldest frame."""
        return self.frames[0]["date"]

    @property
    def last_date(self) -> str:
        """ISO date of the newest frame (the one a static image shows)."""
        return self.frames[-1]["date"]

    def caption(self) -> str:
        """Return what the newest frame shows, e.g. for a static image's header."""
        last = self.frames[-1]
        return (
            area_text(f"{self.label} on {last['date']}", last["area_km2"])
            + f" (the newest of {len(self.frames)} snapshots, {self.first_date} to"
            f" {self.last_date})"
        )

    def credit_line(self) -> str:
        """Return the credit line: label, date range, snapshot count and the recipe's credit."""
        n = len(self.frames)
        extra = f"; {len(self.skipped)} unusable file(s) left out" if self.skipped else ""
        return (
            f"{self.label}, {self.first_date} to {self.last_date} "
            f"({n} snapshot{'s' if n != 1 else ''}{extra}): {self.credit}"
        )

    def report(self) -> dict[str, Any]:
        """Simplification report in the shape of :meth:`MapLayer.report`, for all frames."""
        assert self.plan is not None
        return {
            "layer": "timeline",
            **self.plan.to_dict(),
            "worst_case_px": round(self.worst_px, 4),
            "frames": len(self.frames),
            "pre_simplification_km": self.tolerance_km,
            "pre_simplification_px": round(self.pre_px, 4),
            "vertices_in": self.vertices_in,
            "vertices_out": self.vertices_out,
        }

    def document(self) -> dict[str, Any]:
        """For ``NAME.figures.json``: every frame's date and geodesic area."""
        return {
            "label": self.label,
            "source": self.source,
            "credit": self.credit,
            "method": "geodesic-wgs84",
            "frames": [
                {k: f[k] for k in ("date", "file", "area_km2", "area_sq_mi")} for f in self.frames
            ],
            "skipped": self.skipped,
        }


@dataclass
class MapModel:
    """Everything a renderer needs, computed once from a recipe.

    ``catalog`` and ``land`` serve renderers that show more than the page does: the
    static image's short credits and place ranks come from the matched catalog entries,
    and it draws ``land`` (the basemap layer, read only then) where the page shows tiles.
    """

    recipe: Recipe
    offline: bool
    bounds: Bounds
    max_bounds: Bounds
    layers: list[MapLayer]
    labels: list[dict[str, Any]]
    callouts: list[dict[str, Any]]
    figures: list[dict[str, Any]]
    credits: list[str]
    tile_provider: str | None
    tile_attribution: str | None
    inset_layer: MapLayer | None
    inset_bounds: Bounds | None
    layer_meta: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The time slider's frames, if the recipe has a ``[timeline]``.
    timeline: TimelineModel | None = None
    #: Catalog entries of the layers used (same id, title and as-of date as read).
    catalog: dict[str, Any] = field(default_factory=dict)
    #: The basemap layer when no vector basemap is drawn (tiles), else None.
    land: Any = None
    #: The one-line credit a reader sees (sources by name, short licences); the full
    #: sources are ``credits`` (for the notes).
    reader_credit: str = ""

    @property
    def worst_px(self) -> float:
        """Worst-case displacement of any drawn layer, screen px at the recipe's max zoom."""
        worst = max((lyr.plan.worst_px for lyr in self.layers), default=0.0)
        if self.timeline is not None:
            worst = max(worst, self.timeline.worst_px)
        return worst

    def drawn_layers(self) -> list[MapLayer]:
        """Every layer in drawing order, the slider's newest frame just above the basemap.

        That frame is what a static image shows of the slider.
        """
        if self.timeline is None or self.timeline.last is None:
            return list(self.layers)
        n_base = sum(1 for lyr in self.layers if lyr.basemap)
        return [*self.layers[:n_base], self.timeline.last, *self.layers[n_base:]]

    def legend(self) -> list[dict[str, Any]]:
        """Legend entries (label, kind, style), top layer first.

        The classes of a layer styled by a property follow a ``"heading"`` entry (the
        layer's label), in their own order (as listed, or low to high).
        """
        blocks: list[list[dict[str, Any]]] = []
        group = None
        for lyr in self.drawn_layers():
            if not lyr.legend or lyr.basemap:
                continue
            entry = {"label": lyr.label, "kind": lyr.kind, "style": lyr.style}
            if lyr.group is None:
                blocks.append([entry])
            elif lyr.group == group:
                blocks[-1].append(entry)
            else:
                heading = {"label": lyr.group_label or "", "kind": "heading", "style": {}}
                blocks.append([heading, entry])
            group = lyr.group
        return [entry for block in blocks[::-1] for entry in block]

    def figures_document(self) -> dict[str, Any]:
        """Return the JSON written next to the map: every figure it shows, with method and as-of."""
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
