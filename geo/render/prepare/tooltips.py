"""Tooltips and popups of a data layer: which properties each feature shows, as text.

A recipe's ``tooltip`` (shown on hover) and ``popup`` (on click) name properties, or
``true`` for all of them; ``"=area"`` and ``"=length"`` are the feature's geodesic area and
length, measured on full detail. Values become plain strings here; the page sets them with
``textContent`` (never as HTML), on points, lines and polygons alike.

Examples
--------
>>> import geopandas as gpd, shapely
>>> gdf = gpd.GeoDataFrame({"name": ["A"], "n": [3.0]}, geometry=[shapely.Point(30, 50)])
>>> from geo.recipe import Tooltip
>>> fields, props = tip_props(Tooltip(fields=("name", "n")), None, gdf, "x", None, "k")
>>> fields, props
((('name', 'name'), ('n', 'n')), [{'name': 'A', 'n': '3'}])
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from geo import measure
from geo.errors import GeoError, RecipeError
from geo.recipe import Tooltip
from geo.render.model import TipFields
from geo.render.wording import as_text, is_missing, short_number
from geo.suggest import did_you_mean
from geo.units import km2_to_sq_mi

__all__ = ["COMPUTED", "missing_property", "tip_fields", "tip_props", "value_text"]

#: Tooltip fields computed per feature, and their default labels.
COMPUTED = {"=area": "Area", "=length": "Length"}


def missing_property(layer_id: str, prop: str, columns: Any) -> str:
    """The message for a property no feature has, naming the close ones."""
    names = [str(c) for c in columns if c != "geometry"]
    hint = did_you_mean(prop, names) or (f"it has {', '.join(names)}" if names else "")
    return f"layer {layer_id!r} has no property {prop!r}" + (f"; {hint}" if hint else "")


def tip_fields(tip: Tooltip, gdf: Any, layer_id: str, path: str | None, key: str) -> TipFields:
    """The ``(field, label)`` pairs ``tip`` shows (label ``None``: the value alone).

    Raises
    ------
    RecipeError
        A field no feature has; the message names the close ones.
    """
    if tip.all:
        return tuple((str(c), str(c)) for c in gdf.columns if c != "geometry")
    for j, name in enumerate(tip.fields):
        if name not in COMPUTED and name not in gdf.columns:
            where = key if len(tip.fields) == 1 and not tip.aliases else f"{key}[{j}]"
            raise RecipeError(missing_property(layer_id, name, gdf.columns), path=path, key=where)
    labels = tip.aliases or tuple(COMPUTED.get(f, f) for f in tip.fields)
    if not tip.labelled():
        return ((tip.fields[0], None),)
    return tuple((f, label or None) for f, label in zip(tip.fields, labels, strict=True))


def value_text(value: Any) -> str:
    """A property value as text (``3.0`` → ``"3"``; a timestamp at midnight → its date)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0) and value.tzinfo is None:
        return value.date().isoformat()  # a date read as a timestamp: 2024-11-13
    return as_text(value)


def _computed(name: str, geom: Any) -> str | None:
    """The geodesic area or length of one feature, as text (None when it has none)."""
    if geom is None or geom.is_empty:
        return None
    try:
        if name == "=area":
            km2 = measure.area(geom).km2
            return f"{short_number(km2)} km² ({short_number(km2_to_sq_mi(km2))} sq mi)"
        km = measure.length(geom)
        return f"{short_number(km.km)} km ({short_number(km.mi)} mi)"
    except GeoError:  # a point has no length, a line no area
        return None


def tip_props(
    tooltip: Tooltip | None,
    popup: Tooltip | None,
    gdf: Any,
    layer_id: str,
    path: str | None,
    key: str,
) -> tuple[TipFields | None, list[dict[str, str]]]:
    """The tooltip's fields and, per feature, the text of every field shown.

    Parameters
    ----------
    tooltip, popup : Tooltip or None
        What the entry shows on hover and on click.
    gdf : geopandas.GeoDataFrame
        The selected features.
    layer_id, path, key : str
        For error messages: the layer, the recipe file and the entry's key (``layers[2]``).

    Returns
    -------
    fields : tuple or None
        The tooltip's ``(field, label)`` pairs; the popup's come from :func:`tip_fields`.
    props : list of dict
        Per feature ``{field: text}`` for the fields of both, missing values left out.
    """
    shown: list[str] = []
    for tip, name in ((tooltip, "tooltip"), (popup, "popup")):
        if tip is not None:
            pairs = tip_fields(tip, gdf, layer_id, path, f"{key}.{name}")
            shown += [f for f, _ in pairs if f not in shown]
    fields = tip_fields(tooltip, gdf, layer_id, path, f"{key}.tooltip") if tooltip else None
    props: list[dict[str, str]] = [{} for _ in range(len(gdf))]
    for name in shown:
        if name in COMPUTED:
            values: Any = [_computed(name, g) for g in gdf.geometry]
        else:
            values = gdf[name].tolist()
        for row, v in zip(props, values, strict=True):
            if not is_missing(v) and (name in COMPUTED or v is not None):
                row[name] = v if name in COMPUTED else value_text(v)
    return fields, props
