"""Map recipes: parse and validate ``maps/*.toml`` into frozen objects (no rendering).

A recipe is a short TOML file a journalist edits. Every section and key is checked here, so a
typo fails at once with one line naming the file, the key path and the bad value, and (for an
unknown key) the closest known key::

    maps/front.toml: layers[1].style.fil: unknown key; did you mean 'fill'?

Sections (all optional except ``[text]``, ``[view]`` and ``[[layers]]``)::

    [text]      title, dek, byline, as_of (YYYY-MM-DD), notes (list of str), alt
    [view]      bounds = [[lon_min, lat_min], [lon_max, lat_max]]  or  center = [lon, lat]
                + zoom; min_zoom, max_zoom (integers 0-19)
    [basemap]   provider = "vector" (countries layer) or an xyzservices name, e.g.
                "CartoDB.Positron"; layer = "countries" (for the vector basemap)
    [[layers]]  id (catalog layer id), label (legend text; default the layer title),
                where = {property = "value" or ["v1", "v2"]} (a subset of features),
                legend, switcher, tooltip (a property shown as text on hover),
                style = {stroke, weight, fill, fill_opacity, opacity, dash, hatch, radius}
    [[labels]]  either text + at = [lon, lat], or layer + field (+ names = [...]);
                position = "right" | "left" | "top" | "bottom"
    [[callouts]] text, at = [lon, lat] (the point), text_at = [lon, lat] (the label)
    [[figures]] id, label, measure = "length" | "area" | "distance"; layer (length/area)
                or start/end (distance): [lon, lat] or "LAYER:NAME"; draw (distance line)
    [inset]     enabled, bounds
    [static]    width, height (pixels), scale (device pixels per pixel)
    [timeline]  a time slider over dated occupied-area snapshots (your own data):
                source = "DIR" or "GLOB" (relative to the recipe file, or absolute),
                credit (required: where the snapshots come from, and their licence),
                label, start / end (YYYY-MM-DD), step_days, tolerance_km, interval_ms, style
    [changes]   territory gained and lost between two snapshots: from = PATH, to = PATH
                (relative to the recipe file, or absolute), credit (required),
                gained = {label, style, legend}, lost = {label, style, legend}

A map needs ``[[layers]]`` unless it has a ``[timeline]`` or ``[changes]`` section.

Examples
--------
>>> r = loads('''
... [text]
... title = "Front"
... as_of = "2024-11-13"
... [view]
... center = [35.0, 48.5]
... zoom = 6
... [[layers]]
... id = "front-line-2024-11-13"
... ''', name="demo")
>>> r.view.zoom, r.layers[0].id
(6.0, 'front-line-2024-11-13')
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from geo.errors import RecipeError

__all__ = [
    "Basemap",
    "Callout",
    "ChangeSide",
    "ChangesSpec",
    "FigureSpec",
    "Inset",
    "LabelSpec",
    "LayerSpec",
    "PointRef",
    "Recipe",
    "StaticSpec",
    "Style",
    "Text",
    "TimelineSpec",
    "View",
    "bundled",
    "find",
    "load",
    "loads",
]

LonLat = tuple[float, float]
#: A point: a ``(lon, lat)`` pair or a ``"LAYER:NAME"`` reference to a feature's
#: representative point, resolved when the map is built.
PointRef = LonLat | str

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_DASH = re.compile(r"^\d+(?:\.\d+)?(?:[ ,]+\d+(?:\.\d+)?)*$")
_LAYER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")
_REF = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.-]*):(.+)$")
_HATCH = ("none", "diagonal", "cross", "horizontal", "vertical")
_POSITIONS = ("right", "left", "top", "bottom", "center")
_MEASURES = ("length", "area", "distance")
MAX_TEXT = 20_000  # characters; long enough for any real note, bounded for the page


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
class LayerSpec:
    """One catalog layer drawn on the map."""

    id: str
    label: str | None = None
    legend: bool = True
    switcher: bool = True
    tooltip: str | None = None
    style: Style = field(default_factory=Style)
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def key(self) -> str:
        """Unique name of this entry: the layer id, plus the ``where`` values if any."""
        if not self.where:
            return self.id
        values = [v for _, vals in self.where for v in vals]
        key = "-".join([self.id, *values])
        if len(values) <= 4 and len(key) <= 48:
            return key
        # Long selections get a short stable suffix instead of every value.
        import hashlib

        digest = hashlib.sha256(repr(self.where).encode()).hexdigest()[:6]
        return f"{self.id}-{values[0]}-{digest}"


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
    measure: Literal["length", "area", "distance"]
    layer: str | None = None
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
    """Static PNG/SVG size in CSS pixels; ``scale`` device pixels per CSS pixel."""

    width: int = 800
    height: int = 450
    scale: float = 2.0


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

    def data_path(self, value: str) -> str:
        """A data path from the recipe: ``~`` expanded, relative ones joined to the recipe's
        folder (or the working directory for a recipe without a file). Globs stay globs."""
        import os

        text = os.path.expanduser(value)
        if os.path.isabs(text) or self.path is None:
            return text
        return os.path.join(os.path.dirname(os.path.abspath(self.path)), text)

    def layer_ids(self) -> tuple[str, ...]:
        """Every catalog layer the map uses (drawn, labelled, measured, basemap), in order."""
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


# --------------------------------------------------------------------------- validation


class _Ctx:
    """Where we are in the document, for error messages."""

    def __init__(self, path: str | None) -> None:
        self.path = path

    def fail(self, key: str, message: str) -> RecipeError:
        return RecipeError(message, path=self.path, key=key)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_keys(ctx: _Ctx, where: str, table: Any, allowed: tuple[str, ...]) -> dict:
    if not isinstance(table, dict):
        raise ctx.fail(where, f"expected a table, got {_show(table)}")
    for key in table:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.5)
            hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(allowed)}"
            name = f"{where}.{key}" if where else key
            raise ctx.fail(name, f"unknown key; {hint}")
    return table


def _str(ctx: _Ctx, key: str, value: Any, *, empty: bool = True) -> str:
    if not isinstance(value, str):
        raise ctx.fail(key, f"expected a string, got {_show(value)}")
    if not empty and not value.strip():
        raise ctx.fail(key, "must not be empty")
    if len(value) > MAX_TEXT:
        raise ctx.fail(key, f"string of {len(value)} characters is longer than {MAX_TEXT}")
    return value


def _bool(ctx: _Ctx, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ctx.fail(key, f"expected true or false, got {_show(value)}")
    return value


def _num(ctx: _Ctx, key: str, value: Any, lo: float = -math.inf, hi: float = math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ctx.fail(key, f"expected a number, got {_show(value)}")
    if not lo <= value <= hi:
        raise ctx.fail(key, f"{_show(value)} is out of range [{lo:g}, {hi:g}]")
    return float(value)


def _int(ctx: _Ctx, key: str, value: Any, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ctx.fail(key, f"expected a whole number, got {_show(value)}")
    if not lo <= value <= hi:
        raise ctx.fail(key, f"{value} is out of range [{lo}, {hi}]")
    return value


def _lonlat(ctx: _Ctx, key: str, value: Any) -> LonLat:
    if not isinstance(value, list) or len(value) != 2:
        raise ctx.fail(key, f"expected [lon, lat], got {_show(value)}")
    lon = _num(ctx, f"{key}[0]", value[0], -180, 180)
    lat = _num(ctx, f"{key}[1]", value[1], -85, 85)
    return (lon, lat)


def _bounds(ctx: _Ctx, key: str, value: Any) -> tuple[LonLat, LonLat]:
    if not isinstance(value, list) or len(value) != 2:
        raise ctx.fail(
            key, f"expected [[lon_min, lat_min], [lon_max, lat_max]], got {_show(value)}"
        )
    sw = _lonlat(ctx, f"{key}[0]", value[0])
    ne = _lonlat(ctx, f"{key}[1]", value[1])
    if not (sw[0] < ne[0] and sw[1] < ne[1]):
        raise ctx.fail(key, f"south-west corner must be below and left of north-east: {value}")
    return (sw, ne)


def _point_ref(ctx: _Ctx, key: str, value: Any) -> PointRef:
    if isinstance(value, str):
        if not _REF.match(value):
            raise ctx.fail(key, f"expected [lon, lat] or 'LAYER:NAME', got {_show(value)}")
        return value
    return _lonlat(ctx, key, value)


def _choice(ctx: _Ctx, key: str, value: Any, options: tuple[str, ...]) -> str:
    if value not in options:
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ctx.fail(key, f"{_show(value)} is not one of {', '.join(options)}{hint}")
    return value


def _color(ctx: _Ctx, key: str, value: Any) -> str:
    if not isinstance(value, str) or not _HEX.match(value):
        raise ctx.fail(key, f"expected a colour like '#8b0000', got {_show(value)}")
    return value.lower()


def _layer_id(ctx: _Ctx, key: str, value: Any) -> str:
    if not isinstance(value, str) or not _LAYER_ID.match(value):
        raise ctx.fail(key, f"expected a layer id like 'front-line-2024-11-13', got {_show(value)}")
    return value


def _array(ctx: _Ctx, key: str, value: Any) -> list:
    if not isinstance(value, list):
        raise ctx.fail(key, f"expected an array of tables ([[{key}]]), got {_show(value)}")
    return value


def _enumerate(ctx: _Ctx, key: str, value: Any) -> Iterator[tuple[str, Any]]:
    for i, item in enumerate(_array(ctx, key, value)):
        yield f"{key}[{i}]", item


def _style(ctx: _Ctx, key: str, table: Any) -> Style:
    t = _check_keys(ctx, key, table, tuple(Style.__dataclass_fields__))
    out: dict[str, Any] = {}
    for name in ("stroke", "fill"):
        if name in t:
            out[name] = _color(ctx, f"{key}.{name}", t[name])
    for name in ("fill_opacity", "opacity"):
        if name in t:
            out[name] = _num(ctx, f"{key}.{name}", t[name], 0, 1)
    if "weight" in t:
        out["weight"] = _num(ctx, f"{key}.weight", t["weight"], 0, 20)
    if "radius" in t:
        out["radius"] = _num(ctx, f"{key}.radius", t["radius"], 0, 50)
    if "dash" in t:
        dash = _str(ctx, f"{key}.dash", t["dash"])
        if not _DASH.match(dash):
            raise ctx.fail(f"{key}.dash", f"expected numbers like '6 4', got {_show(dash)}")
        out["dash"] = dash
    if "hatch" in t:
        out["hatch"] = _choice(ctx, f"{key}.hatch", t["hatch"], _HATCH)
    return Style(**out)


def _text(ctx: _Ctx, table: Any) -> Text:
    t = _check_keys(ctx, "text", table, ("title", "dek", "byline", "as_of", "notes", "alt"))
    if "title" not in t:
        raise ctx.fail("text.title", "missing; every map needs a title")
    notes = t.get("notes", [])
    if isinstance(notes, str):
        notes = [notes]
    if not isinstance(notes, list):
        raise ctx.fail("text.notes", f"expected a list of strings, got {_show(notes)}")
    as_of = _str(ctx, "text.as_of", t.get("as_of", ""))
    if as_of:
        try:
            _dt.date.fromisoformat(as_of)
        except ValueError:
            raise ctx.fail(
                "text.as_of", f"expected a date YYYY-MM-DD, got {_show(as_of)}"
            ) from None
    return Text(
        title=_str(ctx, "text.title", t["title"], empty=False),
        dek=_str(ctx, "text.dek", t.get("dek", "")),
        byline=_str(ctx, "text.byline", t.get("byline", "")),
        as_of=as_of,
        notes=tuple(_str(ctx, f"text.notes[{i}]", n) for i, n in enumerate(notes)),
        alt=_str(ctx, "text.alt", t.get("alt", "")),
    )


def _view(ctx: _Ctx, table: Any) -> View:
    t = _check_keys(ctx, "view", table, ("bounds", "center", "zoom", "min_zoom", "max_zoom"))
    bounds = _bounds(ctx, "view.bounds", t["bounds"]) if "bounds" in t else None
    center = _lonlat(ctx, "view.center", t["center"]) if "center" in t else None
    zoom = _num(ctx, "view.zoom", t["zoom"], 0, 19) if "zoom" in t else None
    if bounds is None and (center is None or zoom is None):
        raise ctx.fail("view", "give bounds = [[lon, lat], [lon, lat]], or center and zoom")
    if bounds is not None and center is not None:
        raise ctx.fail("view.center", "give either bounds or center + zoom, not both")
    min_zoom = _int(ctx, "view.min_zoom", t.get("min_zoom", 3), 0, 19)
    max_zoom = _int(ctx, "view.max_zoom", t.get("max_zoom", 10), 0, 19)
    if min_zoom > max_zoom:
        raise ctx.fail("view.min_zoom", f"{min_zoom} is above max_zoom {max_zoom}")
    if zoom is not None and not min_zoom <= zoom <= max_zoom:
        raise ctx.fail("view.zoom", f"{zoom:g} is outside min_zoom..max_zoom")
    return View(bounds, center, zoom, min_zoom, max_zoom)


def _basemap(ctx: _Ctx, table: Any) -> Basemap:
    t = _check_keys(ctx, "basemap", table, ("provider", "layer"))
    provider = _str(ctx, "basemap.provider", t.get("provider", "vector"), empty=False)
    if provider != "vector":
        import xyzservices  # small; only needed to check a tile provider's name

        try:
            tiles = xyzservices.providers.query_name(provider)
            provider = tiles.name
        except ValueError:
            names = list(xyzservices.providers.flatten())
            close = difflib.get_close_matches(provider, [*names, "vector"], n=1, cutoff=0.4)
            hint = f"did you mean {close[0]!r}?" if close else "e.g. 'CartoDB.Positron'"
            raise ctx.fail(
                "basemap.provider", f"{_show(provider)} is not 'vector' or a tile provider; {hint}"
            ) from None
        if tiles.requires_token():
            raise ctx.fail(
                "basemap.provider",
                f"{provider!r} needs an API key; use a keyless provider such as "
                "'Esri.WorldGrayCanvas' or 'OpenStreetMap.Mapnik', or 'vector'",
            )
    layer = _layer_id(ctx, "basemap.layer", t.get("layer", "countries"))
    return Basemap(provider, layer)


def _where(ctx: _Ctx, key: str, table: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``where = { kind = "border", name = ["A", "B"] }``: keep features whose property
    equals the value (or one of the values)."""
    if not isinstance(table, dict) or not table:
        raise ctx.fail(key, f"expected a table like {{ kind = 'border' }}, got {_show(table)}")
    out = []
    for prop, value in table.items():
        values = value if isinstance(value, list) else [value]
        if not values:
            raise ctx.fail(f"{key}.{prop}", "must not be an empty list")
        out.append((prop, tuple(_str(ctx, f"{key}.{prop}", v, empty=False) for v in values)))
    return tuple(sorted(out))


def _layers(ctx: _Ctx, value: Any) -> tuple[LayerSpec, ...]:
    keys = ("id", "label", "legend", "switcher", "tooltip", "style", "where")
    out = []
    for key, item in _enumerate(ctx, "layers", value):
        t = _check_keys(ctx, key, item, keys)
        if "id" not in t:
            raise ctx.fail(f"{key}.id", "missing; name a catalog layer (frontline layers)")
        out.append(
            LayerSpec(
                id=_layer_id(ctx, f"{key}.id", t["id"]),
                label=_str(ctx, f"{key}.label", t["label"]) if "label" in t else None,
                legend=_bool(ctx, f"{key}.legend", t.get("legend", True)),
                switcher=_bool(ctx, f"{key}.switcher", t.get("switcher", True)),
                tooltip=_str(ctx, f"{key}.tooltip", t["tooltip"]) if "tooltip" in t else None,
                style=_style(ctx, f"{key}.style", t.get("style", {})),
                where=_where(ctx, f"{key}.where", t["where"]) if "where" in t else (),
            )
        )
    keys_seen = [spec.key for spec in out]
    for i, layer_key in enumerate(keys_seen):
        if layer_key in keys_seen[:i]:
            raise ctx.fail(
                f"layers[{i}].id",
                f"{out[i].id!r} is listed twice; give each entry a different where = {{...}}",
            )
    return tuple(out)


def _labels(ctx: _Ctx, value: Any) -> tuple[LabelSpec, ...]:
    keys = ("text", "at", "layer", "field", "names", "position")
    out = []
    for key, item in _enumerate(ctx, "labels", value):
        t = _check_keys(ctx, key, item, keys)
        position = _choice(ctx, f"{key}.position", t.get("position", "right"), _POSITIONS)
        if "layer" in t:
            if "text" in t or "at" in t:
                raise ctx.fail(key, "give either layer (+ field, names) or text + at")
            names = t.get("names")
            if names is not None:
                names = tuple(
                    _str(ctx, f"{key}.names[{i}]", n)
                    for i, n in enumerate(_array(ctx, f"{key}.names", names))
                )
            out.append(
                LabelSpec(
                    layer=_layer_id(ctx, f"{key}.layer", t["layer"]),
                    field=_str(ctx, f"{key}.field", t.get("field", "name"), empty=False),
                    names=names,
                    position=position,
                )
            )
        else:
            if "text" not in t or "at" not in t:
                raise ctx.fail(key, "a label needs text and at = [lon, lat] (or a layer)")
            out.append(
                LabelSpec(
                    text=_str(ctx, f"{key}.text", t["text"], empty=False),
                    at=_lonlat(ctx, f"{key}.at", t["at"]),
                    position=position,
                )
            )
    return tuple(out)


def _callouts(ctx: _Ctx, value: Any) -> tuple[Callout, ...]:
    out = []
    for key, item in _enumerate(ctx, "callouts", value):
        t = _check_keys(ctx, key, item, ("text", "at", "text_at"))
        for need in ("text", "at", "text_at"):
            if need not in t:
                raise ctx.fail(f"{key}.{need}", "missing; a callout needs text, at and text_at")
        out.append(
            Callout(
                text=_str(ctx, f"{key}.text", t["text"], empty=False),
                at=_point_ref(ctx, f"{key}.at", t["at"]),
                text_at=_lonlat(ctx, f"{key}.text_at", t["text_at"]),
            )
        )
    return tuple(out)


def _figures(ctx: _Ctx, value: Any) -> tuple[FigureSpec, ...]:
    keys = ("id", "label", "measure", "layer", "start", "end", "draw", "where")
    out = []
    for key, item in _enumerate(ctx, "figures", value):
        t = _check_keys(ctx, key, item, keys)
        for need in ("id", "label", "measure"):
            if need not in t:
                raise ctx.fail(f"{key}.{need}", "missing; a figure needs id, label and measure")
        measure = _choice(ctx, f"{key}.measure", t["measure"], _MEASURES)
        fig_id = _str(ctx, f"{key}.id", t["id"], empty=False)
        if not re.match(r"^[a-z0-9_]+$", fig_id):
            raise ctx.fail(f"{key}.id", f"use lower-case letters, digits and _: {_show(fig_id)}")
        if measure == "distance":
            if "start" not in t or "end" not in t or "layer" in t:
                raise ctx.fail(key, "a distance needs start and end ([lon, lat] or 'LAYER:NAME')")
            spec = FigureSpec(
                id=fig_id,
                label=_str(ctx, f"{key}.label", t["label"], empty=False),
                measure="distance",
                start=_point_ref(ctx, f"{key}.start", t["start"]),
                end=_point_ref(ctx, f"{key}.end", t["end"]),
                draw=_bool(ctx, f"{key}.draw", t.get("draw", True)),
            )
        else:
            if "layer" not in t or "start" in t or "end" in t:
                raise ctx.fail(key, f"a {measure} figure needs layer (and no start/end)")
            spec = FigureSpec(
                id=fig_id,
                label=_str(ctx, f"{key}.label", t["label"], empty=False),
                measure=measure,  # type: ignore[arg-type]
                layer=_layer_id(ctx, f"{key}.layer", t["layer"]),
                draw=_bool(ctx, f"{key}.draw", t.get("draw", True)),
                where=_where(ctx, f"{key}.where", t["where"]) if "where" in t else (),
            )
        if any(f.id == spec.id for f in out):
            raise ctx.fail(f"{key}.id", f"{spec.id!r} is used twice")
        out.append(spec)
    return tuple(out)


def _inset(ctx: _Ctx, table: Any) -> Inset:
    t = _check_keys(ctx, "inset", table, ("enabled", "bounds"))
    return Inset(
        enabled=_bool(ctx, "inset.enabled", t.get("enabled", True)),
        bounds=_bounds(ctx, "inset.bounds", t["bounds"]) if "bounds" in t else None,
    )


def _static(ctx: _Ctx, table: Any) -> StaticSpec:
    t = _check_keys(ctx, "static", table, ("width", "height", "scale"))
    return StaticSpec(
        width=_int(ctx, "static.width", t.get("width", 800), 200, 4000),
        height=_int(ctx, "static.height", t.get("height", 450), 200, 4000),
        scale=_num(ctx, "static.scale", t.get("scale", 2.0), 0.5, 4),
    )


def _date(ctx: _Ctx, key: str, value: Any) -> str:
    """An ISO date from a TOML date (``2024-07-08``) or a string (``"2024-07-08"``)."""
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ctx.fail(key, f"expected a date YYYY-MM-DD, got {_show(value)}")


def _data_path(ctx: _Ctx, key: str, value: Any) -> str:
    path = _str(ctx, key, value, empty=False)
    if "\x00" in path:
        raise ctx.fail(key, "a path must not contain NUL characters")
    return path


def _credit(ctx: _Ctx, section: str, t: dict) -> str:
    if "credit" not in t:
        raise ctx.fail(
            f"{section}.credit",
            "missing; say where the snapshots come from and their licence, e.g. "
            "'DeepStateMap (deepstatemap.live), via cyterat/deepstate-map-data (GPL-3.0)'",
        )
    return _str(ctx, f"{section}.credit", t["credit"], empty=False)


def _timeline(ctx: _Ctx, table: Any) -> TimelineSpec:
    keys = (
        "source",
        "credit",
        "label",
        "start",
        "end",
        "step_days",
        "tolerance_km",
        "interval_ms",
        "style",
    )
    t = _check_keys(ctx, "timeline", table, keys)
    if "source" not in t:
        raise ctx.fail("timeline.source", "missing; name a folder or glob of snapshot files")
    start = _date(ctx, "timeline.start", t["start"]) if "start" in t else None
    end = _date(ctx, "timeline.end", t["end"]) if "end" in t else None
    if start and end and start > end:
        raise ctx.fail("timeline.start", f"{start} is after end {end}")
    return TimelineSpec(
        source=_data_path(ctx, "timeline.source", t["source"]),
        credit=_credit(ctx, "timeline", t),
        label=_str(ctx, "timeline.label", t.get("label", "Occupied area"), empty=False),
        start=start,
        end=end,
        step_days=_int(ctx, "timeline.step_days", t.get("step_days", 1), 1, 3660),
        tolerance_km=_num(ctx, "timeline.tolerance_km", t.get("tolerance_km", 0.0), 0, 50),
        interval_ms=_int(ctx, "timeline.interval_ms", t.get("interval_ms", 700), 50, 10_000),
        style=_style(ctx, "timeline.style", t.get("style", {})),
    )


def _change_side(ctx: _Ctx, key: str, table: Any, default: ChangeSide) -> ChangeSide:
    t = _check_keys(ctx, key, table, ("label", "style", "legend"))
    return ChangeSide(
        label=_str(ctx, f"{key}.label", t.get("label", default.label), empty=False),
        style=_style(ctx, f"{key}.style", t.get("style", {})),
        legend=_bool(ctx, f"{key}.legend", t.get("legend", True)),
    )


def _changes(ctx: _Ctx, table: Any) -> ChangesSpec:
    t = _check_keys(ctx, "changes", table, ("from", "to", "credit", "gained", "lost"))
    for need in ("from", "to"):
        if need not in t:
            raise ctx.fail(f"changes.{need}", "missing; give from = PATH and to = PATH")
    defaults = ChangesSpec("", "", "")
    return ChangesSpec(
        from_path=_data_path(ctx, "changes.from", t["from"]),
        to_path=_data_path(ctx, "changes.to", t["to"]),
        credit=_credit(ctx, "changes", t),
        gained=_change_side(ctx, "changes.gained", t.get("gained", {}), defaults.gained),
        lost=_change_side(ctx, "changes.lost", t.get("lost", {}), defaults.lost),
    )


_SECTIONS: dict[str, Callable[[_Ctx, Any], Any]] = {
    "text": _text,
    "view": _view,
    "basemap": _basemap,
    "layers": _layers,
    "labels": _labels,
    "callouts": _callouts,
    "figures": _figures,
    "inset": _inset,
    "static": _static,
    "timeline": _timeline,
    "changes": _changes,
}


def _from_document(doc: dict, *, name: str, path: str | None) -> Recipe:
    ctx = _Ctx(path)
    _check_keys(ctx, "", doc, tuple(_SECTIONS))
    for required in ("text", "view"):
        if required not in doc:
            raise ctx.fail(required, f"missing section [{required}]")
    parsed = {key: fn(ctx, doc[key]) for key, fn in _SECTIONS.items() if key in doc}
    parsed.setdefault("layers", ())
    if not (parsed["layers"] or "timeline" in parsed or "changes" in parsed):
        raise ctx.fail(
            "layers", "a map needs at least one [[layers]] entry (or a [timeline] or [changes])"
        )
    return Recipe(name=name, path=path, **parsed)


def loads(text: str, *, name: str = "map", path: str | None = None) -> Recipe:
    """Parse a recipe from TOML text.

    Parameters
    ----------
    text : str
        The TOML document.
    name : str, default "map"
        The map's name (used for output file names and element ids).
    path : str, optional
        The file the text came from, for error messages.

    Returns
    -------
    Recipe

    Raises
    ------
    RecipeError
        Invalid TOML, an unknown key (with the closest known key), or a bad value; the
        message names ``path``, the key path and the value.
    """
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", name):
        raise RecipeError(f"map name {name!r} must be letters, digits, - and _", path=path)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RecipeError(f"not valid TOML: {exc}", path=path) from None
    return _from_document(doc, name=name, path=path)


def load(path: str | Path) -> Recipe:
    """Read and validate a recipe file; the map's name is the file's stem.

    Parameters
    ----------
    path : str or Path
        A ``.toml`` file.

    Returns
    -------
    Recipe

    Raises
    ------
    RecipeError
        The file is missing/unreadable/not UTF-8, or the recipe is invalid.
    """
    p = Path(path)
    try:
        text = p.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise RecipeError(f"cannot read recipe: {reason}", path=str(path)) from None
    return loads(text, name=p.stem, path=str(path))


def _maps_dir() -> Path:
    # A checkout has maps/ next to geo/; a wheel ships it as geo/_data/maps.
    checkout = Path(__file__).resolve().parent.parent / "maps"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("geo") / "_data" / "maps"))


def bundled() -> dict[str, Path]:
    """Return the bundled recipes, name → path, sorted by name."""
    folder = _maps_dir()
    return {p.stem: p for p in sorted(folder.glob("*.toml"))}


def find(name_or_path: str | Path) -> Path:
    """Resolve a recipe argument: an existing file, or the name of a bundled recipe.

    Raises
    ------
    RecipeError
        Neither a file nor a bundled recipe; lists the close bundled names.
    """
    p = Path(name_or_path)
    if p.is_file():
        return p
    maps = bundled()
    key = str(name_or_path).removesuffix(".toml")
    if key in maps:
        return maps[key]
    close = difflib.get_close_matches(key, list(maps), n=2, cutoff=0.5)
    hint = (
        f"did you mean {' or '.join(map(repr, close))}?" if close else f"bundled: {', '.join(maps)}"
    )
    raise RecipeError(f"no such recipe file or bundled map; {hint}", path=str(name_or_path))
