"""Prepare step 5, the figures: what the map states, measured on full-detail geometry.

Each ``[[figures]]`` entry is measured with :mod:`geo.measure` (geodesic, WGS84) on the
layer as read, never on the simplified copy that is drawn; a ``count`` of features or the
``sum`` of a numeric property (``field``) is tallied on the selected features. A distance
with ``draw = true`` also gets a great-circle line and a label with its value at the line's
middle.

A figure of catalog layers is kept in the build cache (:mod:`.drawn_cache`, step
``"figure"``), keyed by the recipe entry as parsed, the recipe's as-of date, and the
catalog entries and files of the layers it reads; on a hit those files are not parsed for
it. Figures of the recipe's own files or data are measured on every build.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from pyproj import Geod

from geo import measure
from geo.errors import RecipeError
from geo.recipe import FigureSpec
from geo.render.model import MapLayer
from geo.render.prepare.context import PrepareContext, select_features
from geo.render.prepare.drawn_cache import cached_plain
from geo.render.prepare.shapes import drawn_layer
from geo.render.prepare.tooltips import missing_property
from geo.render.wording import as_text, format_figure, is_missing, short_number
from geo.units import fmt_number

__all__ = ["FIGURE_LINE", "Figures", "measure_figure", "measured_figures", "tally", "value_text"]

#: How a drawn distance is styled.
FIGURE_LINE = {"stroke": "#5e3c99", "weight": 2.5, "dash": "2 6", "opacity": 0.95}


@dataclass
class Figures:
    """The measured figures, with the lines and labels of the drawn distances."""

    figures: list[dict[str, Any]] = field(default_factory=list)
    layers: list[MapLayer] = field(default_factory=list)
    labels: list[dict[str, Any]] = field(default_factory=list)


def measured_figures(ctx: PrepareContext) -> Figures:
    """Every ``[[figures]]`` entry, in recipe order."""
    out = Figures()
    for i, fig in enumerate(ctx.recipe.figures):
        figure = _cached_figure(ctx, i, fig)
        out.figures.append(figure)
        if fig.measure == "distance" and fig.draw:
            line = _geodesic_line(figure["start"], figure["end"])
            out.layers.append(
                drawn_layer(
                    f"figure-{fig.id}",
                    fig.label,
                    np.array([line], dtype=object),
                    [{}],
                    dict(FIGURE_LINE),
                    "line",
                    zoom=ctx.max_zoom,
                    switcher=False,
                    frame=ctx.frame,
                )
            )
            mid = line.interpolate(0.5, normalized=True)
            out.labels.append(
                {
                    "text": figure["text"],
                    "lon": round(mid.x, 5),
                    "lat": round(mid.y, 5),
                    "position": "top",
                    "kind": "figure",
                    "dot": False,
                }
            )
    return out


def _cached_figure(ctx: PrepareContext, i: int, fig: FigureSpec) -> dict[str, Any]:
    """:func:`measure_figure`, from the build cache when it reads catalog layers only."""
    refs = [r for r in (fig.start, fig.end) if isinstance(r, str)]
    names = tuple(
        dict.fromkeys(([fig.layer] if fig.layer else []) + [r.split(":", 1)[0] for r in refs])
    )
    if not names:
        return measure_figure(ctx, i, fig)
    inputs = {"figure": dataclasses.asdict(fig), "as_of": ctx.recipe.text.as_of}
    result: dict[str, Any] = cached_plain(
        ctx, "figure", inputs, names, lambda: measure_figure(ctx, i, fig)
    )
    return result


def measure_figure(ctx: PrepareContext, i: int, fig: FigureSpec) -> dict[str, Any]:
    """Return the figure of recipe entry ``figures[i]``: value, units, method, text and as-of.

    Raises
    ------
    RecipeError
        An unknown layer or point reference, or a ``where`` matching nothing.
    """
    key = f"figures[{i}]"
    out: dict[str, Any]
    if fig.measure == "distance":
        assert fig.start is not None and fig.end is not None
        a = ctx.point(fig.start, f"{key}.start")
        b = ctx.point(fig.end, f"{key}.end")
        value: Any = measure.distance(a, b)
        out = {
            "start": [round(a[0], 6), round(a[1], 6)],
            "end": [round(b[0], 6), round(b[1], 6)],
            "as_of": ctx.recipe.text.as_of,
        }
        refs = [r for r in (fig.start, fig.end) if isinstance(r, str)]
        if refs:
            out["points"] = refs
    else:
        assert fig.layer is not None
        meta, gdf = ctx.layer(fig.layer, f"{key}.layer")
        gdf = select_features(gdf, fig.where, fig.layer, ctx.path, f"{key}.where")
        as_of = as_text(getattr(meta, "as_of", "")) or ctx.recipe.text.as_of
        out = {"layer": fig.layer, "as_of": as_of}
        if fig.measure in ("count", "sum"):
            head = {"id": fig.id, "label": fig.label, "measure": fig.measure}
            return head | tally(ctx, key, fig, gdf) | out
        value = measure.area(gdf) if fig.measure == "area" else measure.length(gdf)
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


def tally(ctx: PrepareContext, key: str, fig: FigureSpec, gdf: Any) -> dict[str, Any]:
    """A ``count`` of features or the ``sum`` of a numeric property: value, text, method.

    Missing values are left out of a sum (``count`` says how many were added).

    Raises
    ------
    RecipeError
        A ``field`` the layer lacks (close names listed), or a value that is not a number.
    """
    if fig.measure == "count":
        n = len(gdf)
        return {"text": f"{fig.label}: {fmt_number(n, 0)}", "count": n, "method": "count"}
    assert fig.field is not None
    if fig.field not in gdf.columns:
        raise RecipeError(
            missing_property(str(fig.layer), fig.field, gdf.columns),
            path=ctx.path,
            key=f"{key}.field",
        )
    total, n = 0.0, 0
    for i, v in enumerate(gdf[fig.field].tolist()):
        if is_missing(v):
            continue
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
            raise RecipeError(
                f"a sum needs numbers, but feature {i} of {fig.layer!r} has {fig.field} = {v!r}",
                path=ctx.path,
                key=f"{key}.field",
            )
        total += float(v)
        n += 1
    whole = float(total).is_integer()
    shown = fmt_number(total, 0) if whole else short_number(total)
    value: float | int = int(total) if whole else round(total, 3)
    return {
        "text": f"{fig.label}: {shown}",
        "sum": value,
        "field": fig.field,
        "count": n,
        "method": "sum",
    }


def value_text(figure: dict[str, Any]) -> str:
    """A figure's value as text without its label (``"1,043 km (648 mi)"``, ``"37"``).

    What a ``{figure:NAME}`` placeholder in the recipe's text becomes.
    """
    text = str(figure["text"])
    prefix = f"{figure.get('label', '')}: "
    return text[len(prefix) :] if text.startswith(prefix) else text


def _geodesic_line(a: Sequence[float], b: Sequence[float], n: int = 128) -> shapely.LineString:
    """Return the great circle from ``a`` to ``b`` (lon/lat) through ``n`` geodesic points."""
    pts = Geod(ellps="WGS84").npts(a[0], a[1], b[0], b[1], n)
    return shapely.LineString([tuple(a), *pts, tuple(b)])
