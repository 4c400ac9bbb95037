"""Styling a layer by a property (``style.by``): one class per value, or graduated colours.

Each class becomes its own drawn layer (a switcher entry shared with its siblings, a legend
entry under the layer's heading), so every renderer draws it, hatch and all, with the same
code as any layer:

* categories: ``values = { strike = {...}, shelling = {...} }`` styles the listed values in
  that order (features with another value are one "Other" class, in the layer's style);
  with no ``values``, each value (at most :data:`MAX_AUTO`) gets a colour of
  :data:`PALETTE`, sorted;
* graduated: ``scheme`` (mapclassify: ``quantiles``, ``equal_interval``, ``fisher_jenks``)
  splits a numeric property into ``k`` classes coloured along ``ramp``; features without a
  value are "No data".

Examples
--------
>>> ramp_colours(("#000000", "#ffffff"), 3)
['#000000', '#808080', '#ffffff']
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from geo.errors import RecipeError
from geo.recipe import Style, StyleBy
from geo.render.prepare.style import layer_style
from geo.render.prepare.tooltips import missing_property, value_text
from geo.render.wording import is_missing, short_number
from geo.suggest import did_you_mean
from geo.units import fmt_number

__all__ = ["MAX_AUTO", "NO_DATA", "PALETTE", "DrawnClass", "ramp_colours", "style_classes"]

#: Colours given to category values the recipe does not style (Tableau 10).
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
#: Most distinct values coloured automatically (more would make an unreadable legend).
MAX_AUTO = len(PALETTE)
#: The colour of features without a value.
NO_DATA = "#d9d9d9"


@dataclass(frozen=True)
class DrawnClass:
    """One class: its id suffix, legend label, resolved style and the features in it."""

    suffix: str
    label: str
    style: dict[str, Any]
    mask: np.ndarray


def ramp_colours(anchors: tuple[str, ...], n: int) -> list[str]:
    """``n`` colours evenly along the anchors (linear in RGB), as ``#rrggbb``."""
    rgb = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in map(_long_hex, anchors)])
    out = []
    for j in range(n):
        t = j / (n - 1) * (len(rgb) - 1) if n > 1 else 0.0
        lo = min(math.floor(t), len(rgb) - 2)
        c = rgb[lo] + (rgb[lo + 1] - rgb[lo]) * (t - lo)
        out.append("#" + "".join(f"{round(float(v)):02x}" for v in c))
    return out


def _long_hex(colour: str) -> str:
    """``#abc`` → ``#aabbcc``."""
    return "#" + "".join(ch * 2 for ch in colour[1:]) if len(colour) == 4 else colour


def _coloured(base: dict[str, Any], colour: str, kind: str) -> dict[str, Any]:
    """``base`` with ``colour`` as the line colour (lines) or the fill (areas, points)."""
    return {**base, ("stroke" if kind == "line" else "fill"): colour}


def style_classes(
    by: StyleBy,
    gdf: Any,
    base: dict[str, Any],
    kind: str,
    layer_id: str,
    path: str | None,
    key: str,
) -> list[DrawnClass]:
    """The classes of a layer styled by ``by.property``, in legend order.

    Parameters
    ----------
    by : StyleBy
        The entry's ``style.by`` (+ ``values`` or ``scheme``).
    gdf : geopandas.GeoDataFrame
        The selected features.
    base : dict
        The layer's resolved style (classes start from it).
    kind : {"fill", "line", "point"}
        The layer's kind: which colour a palette or ramp sets.
    layer_id, path, key : str
        For error messages: the layer, the recipe file and the entry's key (``layers[2]``).

    Returns
    -------
    list of DrawnClass
        Only classes with at least one feature.

    Raises
    ------
    RecipeError
        A property no feature has, a listed value no feature has (close values named), too
        many values to colour automatically, or a graduated property that is not numeric.
    """
    if by.property not in gdf.columns:
        raise RecipeError(
            missing_property(layer_id, by.property, gdf.columns), path=path, key=f"{key}.style.by"
        )
    column = gdf[by.property].tolist()
    if by.scheme is not None:
        out = _graduated(by, column, base, kind, path, f"{key}.style")
    else:
        out = _categories(by, column, base, kind, path, f"{key}.style")
    drawn = ~(gdf.geometry.isna() | gdf.geometry.is_empty).to_numpy()
    out = [DrawnClass(c.suffix, c.label, c.style, c.mask & drawn) for c in out]
    return [c for c in out if c.mask.any()]


def _sort_key(text: str) -> tuple[int, float, str]:
    """Numbers in numeric order, then words alphabetically."""
    try:
        return (0, float(text), "")
    except ValueError:
        return (1, 0.0, text.casefold())


def _categories(
    by: StyleBy, column: list[Any], base: dict[str, Any], kind: str, path: str | None, key: str
) -> list[DrawnClass]:
    """One class per listed value (then "Other"), or per value with palette colours."""
    texts = np.array(["" if is_missing(v) else value_text(v) for v in column], dtype=object)
    present = list(dict.fromkeys(t for t in texts.tolist() if t))
    out = []
    if by.values:
        for j, sc in enumerate(by.values):
            if sc.value not in present:
                hint = did_you_mean(sc.value, present) or f"its values: {', '.join(present[:8])}"
                raise RecipeError(
                    f"no feature has {by.property} = {sc.value!r}; {hint}",
                    path=path,
                    key=f"{key}.values.{sc.value}",
                )
            own = sc.style
            style = layer_style(own, base, kind)
            if own.stroke is None and own.fill is None:
                style = _coloured(style, PALETTE[j % len(PALETTE)], kind)
            out.append(DrawnClass(f"v{j}", sc.label or sc.value, style, texts == sc.value))
        listed = [sc.value for sc in by.values]
        rest = np.array([t not in listed for t in texts.tolist()], dtype=bool)
        out.append(DrawnClass("other", "Other", layer_style(Style(), base, kind), rest))
        return out
    if len(present) > MAX_AUTO:
        raise RecipeError(
            f"{by.property!r} has {len(present)} different values, too many to colour (at "
            f"most {MAX_AUTO}); list the ones to style in values = {{...}}, or grade numbers "
            "with scheme = 'quantiles'",
            path=path,
            key=f"{key}.by",
        )
    for j, value in enumerate(sorted(present, key=_sort_key)):
        out.append(DrawnClass(f"v{j}", value, _coloured(base, PALETTE[j], kind), texts == value))
    out.append(DrawnClass("none", "No data", _coloured(base, NO_DATA, kind), texts == ""))
    return out


def _numbers(column: list[Any], prop: str, path: str | None, key: str) -> np.ndarray:
    """The property as floats (NaN where missing); a value that is not a number fails."""
    out = np.full(len(column), np.nan)
    for i, v in enumerate(column):
        if is_missing(v):
            continue
        try:
            if isinstance(v, bool):
                raise TypeError
            out[i] = float(v)
        except (TypeError, ValueError):
            raise RecipeError(
                f"graduated colours need numbers, but feature {i} has {prop} = {v!r}",
                path=path,
                key=f"{key}.by",
            ) from None
    return out


def _bound(x: float) -> str:
    """A class bound as text: whole numbers without decimals (``1``, ``2.8``, ``1,250``)."""
    return fmt_number(x, 0) if float(x).is_integer() else short_number(x)


def _graduated(
    by: StyleBy, column: list[Any], base: dict[str, Any], kind: str, path: str | None, key: str
) -> list[DrawnClass]:
    """``k`` classes of a numeric property (mapclassify), coloured along the ramp."""
    import mapclassify

    y = _numbers(column, by.property, path, key)
    ok = np.isfinite(y)
    if not ok.any():
        raise RecipeError(f"no feature has a number in {by.property!r}", path=path, key=f"{key}.by")
    values = y[ok]
    if np.unique(values).size < 2:
        bins, yb = np.array([values.max()]), np.zeros(values.size, dtype=int)
    else:
        make = {
            "quantiles": mapclassify.Quantiles,
            "equal_interval": mapclassify.EqualInterval,
            "fisher_jenks": mapclassify.FisherJenks,
        }[str(by.scheme)]
        with warnings.catch_warnings():  # "not enough unique values": k shrinks, as it should
            warnings.simplefilter("ignore")
            classified = make(values, k=min(by.k, int(np.unique(values).size)))
        bins, yb = np.asarray(classified.bins, dtype=float), np.asarray(classified.yb)
    colours = ramp_colours(by.ramp, len(bins))
    which = np.full(len(y), -1)
    which[ok] = yb
    out = []
    lo = float(values.min())
    for j, hi in enumerate(bins.tolist()):
        label = f"{_bound(lo)} – {_bound(hi)}" if lo != hi else _bound(hi)
        out.append(DrawnClass(f"c{j}", label, _coloured(base, colours[j], kind), which == j))
        lo = hi
    out.append(DrawnClass("none", "No data", _coloured(base, NO_DATA, kind), which == -1))
    return out
