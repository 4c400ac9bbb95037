"""The frozen recipe types: what a parsed map recipe holds (no parsing, no rendering)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "Basemap",
    "Callout",
    "ChangeSide",
    "ChangesSpec",
    "FigureSpec",
    "Inset",
    "LabelSpec",
    "LayerSource",
    "LayerSpec",
    "LonLat",
    "Page",
    "PointRef",
    "Publish",
    "Recipe",
    "StaticSpec",
    "Style",
    "StyleBy",
    "StyleClass",
    "Text",
    "TimelineSpec",
    "Tooltip",
    "View",
]

#: A ``(lon, lat)`` pair in degrees.
LonLat = tuple[float, float]
#: A point: a ``(lon, lat)`` pair or a ``"LAYER:NAME"`` reference to a feature's
#: representative point, resolved when the map is built.
PointRef = LonLat | str


@dataclass(frozen=True)
class Text:
    """Words on the map. Every string reaches the page as text, never as HTML."""

    title: str
    dek: str = ""
    byline: str = ""
    as_of: str = ""
    notes: tuple[str, ...] = ()
    alt: str = ""


@dataclass(frozen=True)
class View:
    """Initial view: ``bounds`` (lon/lat corners) or ``center`` + ``zoom``; zoom range."""

    bounds: tuple[LonLat, LonLat] | None = None
    center: LonLat | None = None
    zoom: float | None = None
    min_zoom: int = 3
    max_zoom: int = 10


@dataclass(frozen=True)
class Basemap:
    """``provider`` is ``"vector"`` (drawn from ``layer``) or an xyzservices provider name."""

    provider: str = "vector"
    layer: str = "countries"

    @property
    def is_vector(self) -> bool:
        """True when the basemap is drawn from our own country layer (no tiles)."""
        return self.provider == "vector"


@dataclass(frozen=True)
class Style:
    """Layer style. Colours are ``#rgb``/``#rrggbb``; ``weight`` and ``radius`` in CSS px."""

    stroke: str | None = None
    weight: float | None = None
    fill: str | None = None
    fill_opacity: float | None = None
    opacity: float | None = None
    dash: str | None = None
    hatch: str | None = None
    radius: float | None = None

    def merged(self, other: Mapping[str, Any]) -> Style:
        """Return this style with unset fields taken from ``other`` (e.g. the catalog style)."""
        values = {}
        for name in self.__dataclass_fields__:
            mine = getattr(self, name)
            values[name] = mine if mine is not None else other.get(name)
        return Style(**values)


@dataclass(frozen=True)
class Tooltip:
    """Which properties a tooltip (or popup) shows, as text.

    ``fields`` are property names, or ``"=area"`` / ``"=length"`` for the feature's geodesic
    area or length; ``aliases`` (same length, or empty) the labels shown before the values.
    ``all`` shows every property. A single field with no alias shows its value alone.
    """

    fields: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    all: bool = False

    def labelled(self) -> bool:
        """Whether values are shown after a label (not a lone value)."""
        return self.all or bool(self.aliases) or len(self.fields) != 1


@dataclass(frozen=True)
class StyleClass:
    """The style of one value of a ``style.by`` property (``label``: legend text)."""

    value: str
    style: Style = field(default_factory=Style)
    label: str | None = None


@dataclass(frozen=True)
class StyleBy:
    """Styling by a property: a style per value, or graduated colours for a number.

    Attributes
    ----------
    property : str
        The property (column) whose value picks the style.
    values : tuple of StyleClass
        Categorical: the listed values, in legend order. Empty with no ``scheme``: every
        value gets a colour of a fixed qualitative palette.
    scheme : str or None
        Graduated: a :data:`geo.recipe.keys.SCHEMES` classification of a numeric property.
    k : int
        The number of classes of a graduated scheme.
    ramp : tuple of str
        Anchor colours (light to dark) interpolated to ``k`` classes.
    """

    property: str
    values: tuple[StyleClass, ...] = ()
    scheme: str | None = None
    k: int = 5
    ramp: tuple[str, ...] = ()


@dataclass(frozen=True)
class LayerSource:
    """Where a layer that is not from the catalog comes from, and its credit.

    Attributes
    ----------
    credit : str
        Where the data comes from (required; printed in the map's credits).
    path : str or None
        The file as written in the recipe (resolved by :meth:`Recipe.data_path`); ``None``
        for data passed in Python (``make_map(recipe, data={name: gdf})``).
    layer : str or None
        The layer (or KML folder) inside a multi-layer file.
    crs : str or None
        The CRS of a file that names none (a Shapefile without ``.prj``).
    title, as_of, license, url : str
        Provenance, credited like a catalog layer's (``url`` is shown as text, never a link).
    """

    credit: str
    path: str | None = None
    layer: str | None = None
    crs: str | None = None
    title: str = ""
    as_of: str = ""
    license: str = ""
    url: str = ""


@dataclass(frozen=True)
class LayerSpec:
    """One layer drawn on the map: a catalog layer (``id``), or a file or data (``source``).

    For a file or data layer, ``id`` is its recipe-level name (``name = "strikes"``): what
    labels, figures and ``"LAYER:NAME"`` references call it.
    """

    id: str
    label: str | None = None
    legend: bool = True
    switcher: bool = True
    tooltip: Tooltip | None = None
    style: Style = field(default_factory=Style)
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    source: LayerSource | None = None
    geometry: str | None = None
    popup: Tooltip | None = None
    by: StyleBy | None = None

    @property
    def key(self) -> str:
        """Unique name of this entry: the layer id, plus the ``where`` values if any.

        An entry that keeps one ``geometry`` kind ends in it (``strikes-point``).
        """
        base = self.id if self.geometry is None else f"{self.id}-{self.geometry}"
        if not self.where:
            return base
        values = [v for _, vals in self.where for v in vals]
        key = "-".join([base, *values])
        if len(values) <= 4 and len(key) <= 48:
            return key
        # Long selections get a short stable suffix instead of every value.
        digest = hashlib.sha256(repr(self.where).encode()).hexdigest()[:6]
        return f"{base}-{values[0]}-{digest}"


@dataclass(frozen=True)
class LabelSpec:
    """A permanent text label: fixed ``text`` at ``at``, or one per feature of ``layer``."""

    text: str | None = None
    at: LonLat | None = None
    layer: str | None = None
    field: str = "name"
    names: tuple[str, ...] | None = None
    position: str = "right"


@dataclass(frozen=True)
class Callout:
    """Text at ``text_at`` with a leader line to the point ``at``."""

    text: str
    at: PointRef
    text_at: LonLat


@dataclass(frozen=True)
class FigureSpec:
    """A figure measured at build time by :mod:`geo.measure` (never typed in)."""

    id: str
    label: str
    measure: Literal["length", "area", "distance", "count", "sum"]
    layer: str | None = None
    #: The numeric property a ``sum`` adds up.
    field: str | None = None
    start: PointRef | None = None
    end: PointRef | None = None
    draw: bool = True
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Inset:
    """The locator inset: where on the globe the map is."""

    enabled: bool = True
    bounds: tuple[LonLat, LonLat] | None = None


@dataclass(frozen=True)
class StaticSpec:
    """Static PNG/SVG size in CSS pixels; ``scale`` device pixels per CSS pixel.

    ``theme`` is the image's colours: ``light``, or ``dark`` (the dark page's colours).
    """

    width: int = 800
    height: int = 450
    scale: float = 2.0
    theme: Literal["light", "dark"] = "light"


@dataclass(frozen=True)
class Page:
    """The interactive page: ``theme`` (``auto`` follows the reader's setting) and ``lang``."""

    theme: Literal["auto", "light", "dark"] = "auto"
    lang: str = "en"


@dataclass(frozen=True)
class Publish:
    """Where the page is published: its absolute ``url`` (the embed's ``src``), if known."""

    url: str | None = None


@dataclass(frozen=True)
class TimelineSpec:
    """A time slider over dated occupied-area snapshots (see :func:`geo.timeline.frames`).

    Attributes
    ----------
    source : str
        A folder or glob of snapshot files, as written in the recipe (relative paths are
        resolved against the recipe's folder by :meth:`Recipe.data_path`).
    credit : str
        Where the snapshots come from (author, licence): printed in the map's credits.
    label : str
        Legend text for the drawn area.
    start, end : str or None
        ISO dates: only snapshots in ``[start, end]`` are shown.
    step_days : int
        Keep one snapshot every ``step_days`` days at least (the last one is always kept).
    tolerance_km : float
        Extra simplification (km, in :func:`geo.timeline.frames`) before the pixel plan;
        0 = none. It counts against the map's one-pixel displacement budget.
    interval_ms : int
        Milliseconds per frame when playing.
    keyframe_every : int
        The page stores every this many frames in full and the others as their changes
        against the frame before (:mod:`geo.render.frame_delta`): 1 = every frame in full
        (largest page); larger = a smaller page, and a jump decodes up to this many - 1
        changes.
    style : Style
    """

    source: str
    credit: str
    label: str = "Occupied area"
    start: str | None = None
    end: str | None = None
    step_days: int = 1
    tolerance_km: float = 0.0
    interval_ms: int = 700
    keyframe_every: int = 20
    style: Style = field(default_factory=Style)


@dataclass(frozen=True)
class ChangeSide:
    """How one side of a gained/lost map is drawn (legend text, style)."""

    label: str
    style: Style = field(default_factory=Style)
    legend: bool = True


@dataclass(frozen=True)
class ChangesSpec:
    """Territory gained and lost between two snapshots (see :func:`geo.timeline.changes`).

    ``gained`` is what is occupied in ``to_path`` but not in ``from_path`` (gained by
    Russia); ``lost`` the reverse (lost by Russia, regained by Ukraine).
    """

    from_path: str
    to_path: str
    credit: str
    gained: ChangeSide = field(default_factory=lambda: ChangeSide("Gained by Russia"))
    lost: ChangeSide = field(
        default_factory=lambda: ChangeSide("Lost by Russia (regained by Ukraine)")
    )


@dataclass(frozen=True)
class Recipe:
    """A parsed, validated map recipe."""

    name: str
    path: str | None
    text: Text
    view: View
    layers: tuple[LayerSpec, ...]
    basemap: Basemap = field(default_factory=Basemap)
    labels: tuple[LabelSpec, ...] = ()
    callouts: tuple[Callout, ...] = ()
    figures: tuple[FigureSpec, ...] = ()
    inset: Inset = field(default_factory=Inset)
    static: StaticSpec = field(default_factory=StaticSpec)
    timeline: TimelineSpec | None = None
    changes: ChangesSpec | None = None
    page: Page = field(default_factory=Page)
    publish: Publish = field(default_factory=Publish)

    def data_path(self, value: str) -> str:
        """A data path from the recipe, ready to open.

        ``~`` is expanded; a relative path is joined to the recipe's folder (or left
        relative to the working directory for a recipe without a file). Globs stay globs.
        """
        text = os.path.expanduser(value)
        if os.path.isabs(text) or self.path is None:
            return text
        return os.path.join(os.path.dirname(os.path.abspath(self.path)), text)

    def sources(self) -> dict[str, LayerSource]:
        """The layers that are not from the catalog (files, data), by recipe-level name."""
        return {spec.id: spec.source for spec in self.layers if spec.source is not None}

    def layer_ids(self) -> tuple[str, ...]:
        """Every layer the map uses (drawn, labelled, measured, basemap), in order.

        File and data layers are named by their recipe-level name (see :meth:`sources`).
        """
        ids: list[str] = []
        if self.basemap.is_vector or self.inset.enabled:
            ids.append(self.basemap.layer)
        ids += [spec.id for spec in self.layers]
        ids += [label.layer for label in self.labels if label.layer]
        ids += [fig.layer for fig in self.figures if fig.layer]
        for ref in [c.at for c in self.callouts] + [
            p for f in self.figures for p in (f.start, f.end) if p is not None
        ]:
            if isinstance(ref, str):
                ids.append(ref.split(":", 1)[0])
        return tuple(dict.fromkeys(ids))
