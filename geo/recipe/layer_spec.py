"""Parse one ``[[layers]]`` entry: a catalog layer, a file, or data passed in from Python.

A catalog layer is named by ``id``. A file layer gives ``path`` (relative to the recipe's
folder) and a ``credit``; its recipe-level ``name`` (default: the file's stem) is what
labels, figures and ``"LAYER:NAME"`` references call it. An entry with a ``name`` and a
``credit`` but no ``path`` is data the caller passes in Python
(``make_map(recipe, data={"strikes": gdf})``). Files are opened when the map is built,
never here.

Examples
--------
>>> from geo.recipe.coerce import Context
>>> spec = layer(Context(None), "layers[0]",
...              {"path": "data/strikes.geojson", "credit": "Our reporting",
...               "tooltip": ["name", "casualties"], "style": {"by": "kind"}})
>>> spec.id, spec.source.path, spec.tooltip.fields, spec.by.property
('strikes', 'data/strikes.geojson', ('name', 'casualties'), 'kind')
>>> layer(Context("m.toml"), "layers[0]", {"path": "a.gpkg"})
Traceback (most recent call last):
...
geo.errors.RecipeError: m.toml: layers[0].credit: missing; a layer that is not from \
the catalog needs a credit: where the data comes from, e.g. 'Our reporting; ACLED'
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from geo import styles
from geo.errors import RecipeError
from geo.recipe import coerce, keys
from geo.recipe.coerce import Context
from geo.recipe.model import LayerSource, LayerSpec, Style, StyleBy, StyleClass, Tooltip
from geo.suggest import did_you_mean

__all__ = ["COMPUTED_FIELDS", "layer", "layers", "source", "style_by", "tooltip"]

#: Tooltip fields computed per feature (geodesic, full detail) rather than read.
COMPUTED_FIELDS = ("=area", "=length")


def layers(ctx: Context, value: Any) -> tuple[LayerSpec, ...]:
    """Parse ``[[layers]]``: each entry's layer, label, style, selection and tooltip.

    Raises
    ------
    RecipeError
        A bad entry, an entry listed twice, or one name given to two different sources.
    """
    out = [layer(ctx, key, item) for key, item in coerce.entries(ctx, "layers", value)]
    keys_seen = [spec.key for spec in out]
    for i, layer_key in enumerate(keys_seen):
        if layer_key in keys_seen[:i]:
            raise ctx.fail(
                f"layers[{i}].{'id' if out[i].source is None else 'name'}",
                f"{out[i].id!r} is listed twice; give each entry a different where = {{...}}",
            )
    sources: dict[str, LayerSource] = {}
    for i, spec in enumerate(out):
        if spec.source is None:
            continue
        first = sources.setdefault(spec.id, spec.source)
        if first != spec.source:
            raise ctx.fail(
                f"layers[{i}].name",
                f"{spec.id!r} already names another source (path, layer, credit or "
                "provenance differ); give this entry its own name",
            )
    return tuple(out)


def layer(ctx: Context, key: str, item: Any) -> LayerSpec:
    """Parse one ``[[layers]]`` entry (``key`` is its path, e.g. ``layers[2]``)."""
    t = coerce.table(ctx, key, item, keys.LAYER)
    src = source(ctx, key, t)
    layer_id = coerce.layer_id(ctx, f"{key}.id", t["id"]) if src is None else _name(ctx, key, t)
    style, by = style_by(ctx, f"{key}.style", t.get("style", {}))
    return LayerSpec(
        id=layer_id,
        label=coerce.string(ctx, f"{key}.label", t["label"]) if "label" in t else None,
        legend=coerce.boolean(ctx, f"{key}.legend", t.get("legend", True)),
        switcher=coerce.boolean(ctx, f"{key}.switcher", t.get("switcher", True)),
        tooltip=tooltip(ctx, f"{key}.tooltip", t["tooltip"]) if "tooltip" in t else None,
        style=style,
        where=coerce.where(ctx, f"{key}.where", t["where"]) if "where" in t else (),
        source=src,
        geometry=(
            coerce.choice(ctx, f"{key}.geometry", t["geometry"], keys.GEOMETRIES)
            if "geometry" in t
            else None
        ),
        popup=tooltip(ctx, f"{key}.popup", t["popup"]) if "popup" in t else None,
        by=by,
    )


def source(ctx: Context, key: str, t: dict[str, Any]) -> LayerSource | None:
    """The file or data source of an entry, or ``None`` for a catalog layer (``id``)."""
    own = [k for k in keys.FILE_LAYER if k in t]
    if "id" in t:
        if own:
            raise ctx.fail(
                f"{key}.{own[0]}",
                "only for a layer that is not from the catalog; give either id (a catalog "
                "layer) or path (a file)",
            )
        return None
    if "path" not in t and "name" not in t:
        raise ctx.fail(
            f"{key}.id",
            "missing; give id (a catalog layer: frontline layers) or path (your own file)",
        )
    if "credit" not in t:
        raise ctx.fail(
            f"{key}.credit",
            "missing; a layer that is not from the catalog needs a credit: where the data "
            "comes from, e.g. 'Our reporting; ACLED'",
        )
    url = coerce.string(ctx, f"{key}.url", t.get("url", ""))
    if url and not re.match(r"^https?://\S+$", url):
        raise ctx.fail(f"{key}.url", f"expected an http(s) address, got {styles.show(url)}")
    optional = {
        name: coerce.string(ctx, f"{key}.{name}", t[name], empty=False)
        for name in ("layer", "crs")
        if name in t
    }
    return LayerSource(
        credit=coerce.string(ctx, f"{key}.credit", t["credit"], empty=False),
        path=coerce.data_path(ctx, f"{key}.path", t["path"]) if "path" in t else None,
        layer=optional.get("layer"),
        crs=optional.get("crs"),
        title=coerce.string(ctx, f"{key}.title", t.get("title", "")),
        as_of=coerce.date(ctx, f"{key}.as_of", t["as_of"]) if "as_of" in t else "",
        license=coerce.string(ctx, f"{key}.license", t.get("license", "")),
        url=url,
    )


def _name(ctx: Context, key: str, t: dict[str, Any]) -> str:
    """A file layer's recipe-level name: ``name``, else the file's stem made id-like."""
    if "name" in t:
        return coerce.layer_id(ctx, f"{key}.name", t["name"])
    stem = PurePath(str(t["path"])).stem
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-._")
    if not keys.LAYER_ID.match(name):
        raise ctx.fail(f"{key}.name", "missing; give the layer a name like 'strikes'")
    return name


def tooltip(ctx: Context, key: str, value: Any) -> Tooltip:
    """Parse ``tooltip`` (or ``popup``): a property, a list, ``true``, or a table.

    ``"name"`` shows one property's value; ``["name", "date"]`` several, each after its
    name; ``true`` every property; ``{fields = [...], aliases = [...]}`` names the labels.
    """
    if value is True:
        return Tooltip(all=True)
    if value is False:
        raise ctx.fail(key, "leave the key out for no tooltip (true shows every property)")
    if isinstance(value, str):
        return Tooltip(fields=(coerce.string(ctx, key, value, empty=False),))
    aliases: tuple[str, ...] = ()
    if isinstance(value, dict):
        t = coerce.table(ctx, key, value, keys.TOOLTIP)
        if "fields" not in t:
            raise ctx.fail(f"{key}.fields", "missing; list the properties to show")
        fields = _strings(ctx, f"{key}.fields", t["fields"])
        if "aliases" in t:
            aliases = _strings(ctx, f"{key}.aliases", t["aliases"], empty=True)
            if len(aliases) != len(fields):
                raise ctx.fail(
                    f"{key}.aliases",
                    f"{len(aliases)} aliases for {len(fields)} fields; give one per field",
                )
        return Tooltip(fields=fields, aliases=aliases)
    if isinstance(value, list):
        return Tooltip(fields=_strings(ctx, key, value))
    raise ctx.fail(
        key, f"expected a property name, a list of them, true or a table, got {styles.show(value)}"
    )


def _strings(ctx: Context, key: str, value: Any, *, empty: bool = False) -> tuple[str, ...]:
    """A non-empty list of strings (each non-blank unless ``empty``), no repeats."""
    if not isinstance(value, list) or not value:
        raise ctx.fail(key, f"expected a non-empty list of strings, got {styles.show(value)}")
    out = tuple(coerce.string(ctx, f"{key}[{i}]", v, empty=empty) for i, v in enumerate(value))
    for i, v in enumerate(out):
        if not empty and v in out[:i]:
            raise ctx.fail(f"{key}[{i}]", f"{styles.show(v)} is listed twice")
    return out


def style_by(ctx: Context, key: str, raw: Any) -> tuple[Style, StyleBy | None]:
    """Parse a layer's ``style``: the drawing keys, and ``by`` (+ ``values`` or ``scheme``).

    ``by = "kind"`` with ``values = { strike = {fill = "#d7301f"}, ... }`` styles each value
    (a value's table may also hold a legend ``label``); without ``values`` every value gets
    a palette colour. ``scheme = "quantiles"``, ``k = 5`` and ``ramp`` (a name from
    :data:`geo.recipe.keys.RAMPS` or a list of colours) grade a numeric property.
    """
    allowed = (*styles.STYLE_KEYS, *keys.STYLE_BY)
    if isinstance(raw, dict):
        for name in raw:
            if name not in allowed and not did_you_mean(name, allowed):
                coerce.style(ctx, key, raw)  # the drawing keys' own "known keys" message
    t = coerce.table(ctx, key, raw, allowed)
    base = coerce.style(ctx, key, {k: v for k, v in t.items() if k in styles.STYLE_KEYS})
    extra = [k for k in keys.STYLE_BY if k in t and k != "by"]
    if "by" not in t:
        if extra:
            raise ctx.fail(f"{key}.{extra[0]}", "needs by = 'PROPERTY' (the property to style by)")
        return base, None
    prop = coerce.string(ctx, f"{key}.by", t["by"], empty=False)
    if "values" in t and "scheme" in t:
        raise ctx.fail(f"{key}.scheme", "give either values (categories) or scheme (numbers)")
    if "scheme" not in t:
        for name in ("k", "ramp"):
            if name in t:
                raise ctx.fail(f"{key}.{name}", "only with scheme = 'quantiles' (or another)")
        values = _values(ctx, f"{key}.values", t["values"]) if "values" in t else ()
        return base, StyleBy(property=prop, values=values)
    return base, StyleBy(
        property=prop,
        scheme=coerce.choice(ctx, f"{key}.scheme", t["scheme"], keys.SCHEMES),
        k=coerce.whole(ctx, f"{key}.k", t.get("k", 5), 2, 9),
        ramp=_ramp(ctx, f"{key}.ramp", t.get("ramp", "YlOrRd")),
    )


def _values(ctx: Context, key: str, value: Any) -> tuple[StyleClass, ...]:
    """``values = { VALUE = { fill = ..., label = ... }, ... }`` in the order written."""
    if not isinstance(value, dict) or not value:
        raise ctx.fail(
            key,
            "expected a table like { strike = { fill = '#d7301f' } }, got " + styles.show(value),
        )
    out = []
    for name, sub in value.items():
        where = f"{key}.{name}"
        t = coerce.table(ctx, where, sub, (*styles.STYLE_KEYS, "label"))
        label = (
            coerce.string(ctx, f"{where}.label", t["label"], empty=False) if "label" in t else None
        )
        style = coerce.style(ctx, where, {k: v for k, v in t.items() if k != "label"})
        out.append(StyleClass(value=str(name), style=style, label=label))
    return tuple(out)


def _ramp(ctx: Context, key: str, value: Any) -> tuple[str, ...]:
    """A named ramp, or a list of two or more colours (light to dark)."""
    if isinstance(value, str):
        if value not in keys.RAMPS:
            raise RecipeError(
                f"{styles.show(value)} is not a ramp; choose from {', '.join(keys.RAMPS)} "
                "or give a list of colours",
                path=ctx.path,
                key=key,
            )
        return keys.RAMPS[value]
    if not isinstance(value, list) or len(value) < 2:
        raise ctx.fail(
            key, f"expected a ramp name or two or more colours, got {styles.show(value)}"
        )
    fail = ctx.fail
    return tuple(styles.colour(c, f"{key}[{i}]", fail) for i, c in enumerate(value))
