"""Style values shared by recipes and the layer catalog: the patterns and coercers.

A style reaches the page from two places, a recipe's ``style`` table and a catalog
entry's ``style``; both are checked by the same rules, so a bad value is a one-line error
wherever it was written, never silently dropped or clamped. The two use different names
for the same things (the catalog keeps Leaflet's: ``color``, ``fill_color``,
``dash_array``), mapped by :data:`CATALOG_KEYS`.

A coercer takes the value, its key path and a ``fail(key, message)`` callable that builds
the error to raise (a :class:`~geo.errors.RecipeError` for a recipe, a
:class:`~geo.errors.LayerError` for the catalog), and returns the clean value.

Examples
--------
>>> from geo.errors import LayerError, RecipeError
>>> validate_style({"stroke": "#8B0000", "weight": 2}, where="layers[0].style",
...                error=RecipeError)
{'stroke': '#8b0000', 'weight': 2.0}
>>> validate_style({"weight": 25}, where="layers[0].style", error=RecipeError,
...                path="maps/m.toml")
Traceback (most recent call last):
...
geo.errors.RecipeError: maps/m.toml: layers[0].style.weight: 25 is out of range [0, 20]
>>> validate_catalog_style({"colour": "#000"}, where="layer[3].style", error=LayerError)
Traceback (most recent call last):
...
geo.errors.LayerError: layer[3].style.colour: unknown key; did you mean 'color'?
>>> catalog_defaults({"color": "#9E9E9E", "weight": 1, "dash_array": ""})
{'stroke': '#9e9e9e', 'weight': 1.0}
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from typing import Any

from geo.errors import GeoError, LayerError
from geo.suggest import did_you_mean

__all__ = [
    "CATALOG_KEYS",
    "DASH_PATTERN",
    "HATCHES",
    "HEX_COLOUR",
    "MAX_TEXT",
    "STYLE_KEYS",
    "Fail",
    "catalog_defaults",
    "check_keys",
    "choice",
    "colour",
    "dash",
    "number",
    "show",
    "style_value",
    "text",
    "validate_catalog_style",
    "validate_style",
]

#: A CSS hex colour: ``#rgb`` or ``#rrggbb``.
HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
#: An SVG ``stroke-dasharray``: numbers separated by spaces or commas, e.g. ``"6 4"``.
DASH_PATTERN = re.compile(r"^\d+(?:\.\d+)?(?:[ ,]+\d+(?:\.\d+)?)*$")
#: Fill patterns a polygon may carry.
HATCHES = ("none", "diagonal", "cross", "horizontal", "vertical")
#: Longest string accepted anywhere (characters): long enough for any real note, bounded
#: for the page.
MAX_TEXT = 20_000

#: A recipe style's keys, in the order of :class:`geo.recipe.Style`'s fields.
STYLE_KEYS = ("stroke", "weight", "fill", "fill_opacity", "opacity", "dash", "hatch", "radius")
#: A catalog style's keys and the recipe style key each one sets. A catalog style may
#: also hold ``by_kind``: per-``kind`` overrides, tables of these same keys.
CATALOG_KEYS = {
    "color": "stroke",
    "weight": "weight",
    "opacity": "opacity",
    "fill_color": "fill",
    "fill_opacity": "fill_opacity",
    "dash_array": "dash",
    "radius": "radius",
    "hatch": "hatch",
}
#: The ranges of the numeric style values: opacities in [0, 1], weight and radius in CSS px.
_RANGES = {"fill_opacity": (0, 1), "opacity": (0, 1), "weight": (0, 20), "radius": (0, 50)}
#: The order a recipe style's values are checked in (which error a table with several
#: bad values reports first).
_CHECK_ORDER = ("stroke", "fill", "fill_opacity", "opacity", "weight", "radius", "dash", "hatch")

#: ``fail(key, message)``: the error to raise for a bad value at ``key``.
Fail = Callable[[str, str], GeoError]


def _failing(error: type[GeoError], path: str | os.PathLike[str] | None) -> Fail:
    """A :data:`Fail` that builds ``error(message, path=path, key=key)``."""

    def fail(key: str, message: str) -> GeoError:
        return error(message, path=path, key=key)

    return fail


def show(value: Any) -> str:
    """Return ``repr(value)`` cut to 60 characters, for an error message.

    Examples
    --------
    >>> show("red")
    "'red'"
    >>> len(show("x" * 100))
    60
    """
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def check_keys(table: Any, where: str, allowed: tuple[str, ...], fail: Fail) -> dict[str, Any]:
    """Return ``table`` if it is a table whose keys are all in ``allowed``.

    Parameters
    ----------
    table : Any
        The value read from TOML.
    where : str
        Its key path (``""`` for the document itself).
    allowed : tuple of str
        The known keys, in the order they are listed when nothing is close.
    fail : Fail
        Builds the error.

    Raises
    ------
    GeoError
        Not a table, or an unknown key (naming the closest known key).
    """
    if not isinstance(table, dict):
        raise fail(where, f"expected a table, got {show(table)}")
    for key in table:
        if key not in allowed:
            hint = did_you_mean(key, allowed) or f"known keys: {', '.join(allowed)}"
            raise fail(f"{where}.{key}" if where else key, f"unknown key; {hint}")
    return table


def text(value: Any, key: str, fail: Fail, *, empty: bool = True) -> str:
    """Return ``value`` if it is a string of at most :data:`MAX_TEXT` characters.

    ``empty=False`` also refuses an empty or blank string.
    """
    if not isinstance(value, str):
        raise fail(key, f"expected a string, got {show(value)}")
    if not empty and not value.strip():
        raise fail(key, "must not be empty")
    if len(value) > MAX_TEXT:
        raise fail(key, f"string of {len(value)} characters is longer than {MAX_TEXT}")
    return value


def number(value: Any, key: str, fail: Fail, lo: float = -math.inf, hi: float = math.inf) -> float:
    """Return ``value`` as a float if it is a finite number in ``[lo, hi]`` (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise fail(key, f"expected a number, got {show(value)}")
    if not lo <= value <= hi:
        raise fail(key, f"{show(value)} is out of range [{lo:g}, {hi:g}]")
    return float(value)


def choice(value: Any, key: str, fail: Fail, options: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``options``; else fail, naming the closest one."""
    if value not in options:
        hint = did_you_mean(str(value), options)
        listed = ", ".join(options)
        raise fail(key, f"{show(value)} is not one of {listed}{'; ' + hint if hint else ''}")
    return str(value)


def colour(value: Any, key: str, fail: Fail) -> str:
    """Return a ``#rgb``/``#rrggbb`` colour, lower-cased.

    Examples
    --------
    >>> from geo.errors import RecipeError
    >>> colour("#8B0000", "style.fill", lambda k, m: RecipeError(m, key=k))
    '#8b0000'
    """
    if not isinstance(value, str) or not HEX_COLOUR.match(value):
        raise fail(key, f"expected a colour like '#8b0000', got {show(value)}")
    return value.lower()


def dash(value: Any, key: str, fail: Fail, *, solid: bool = False) -> str:
    """Return a dash pattern such as ``"6 4"``; ``solid=True`` also accepts ``""`` (no dash)."""
    pattern = text(value, key, fail)
    if not DASH_PATTERN.match(pattern) and not (solid and pattern == ""):
        raise fail(key, f"expected numbers like '6 4', got {show(pattern)}")
    return pattern


def style_value(name: str, value: Any, key: str, fail: Fail, *, solid: bool = False) -> Any:
    """Coerce one style value by its recipe style name (one of :data:`STYLE_KEYS`).

    Colours are lower-cased, numbers become floats (opacities in [0, 1], ``weight`` in
    [0, 20] px, ``radius`` in [0, 50] px), ``dash`` is a pattern (``solid`` allows ``""``)
    and ``hatch`` one of :data:`HATCHES`.
    """
    if name in ("stroke", "fill"):
        return colour(value, key, fail)
    if name in _RANGES:
        return number(value, key, fail, *_RANGES[name])
    if name == "dash":
        return dash(value, key, fail, solid=solid)
    if name == "hatch":
        return choice(value, key, fail, HATCHES)
    raise ValueError(f"not a style key: {name!r}")


def validate_style(
    raw: Any,
    *,
    where: str,
    error: type[GeoError],
    path: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """Check a recipe ``style`` table and return its clean values.

    Parameters
    ----------
    raw : Any
        The table as read from TOML (keys from :data:`STYLE_KEYS`).
    where : str
        Its key path, e.g. ``"layers[1].style"``.
    error : type of GeoError
        The error to raise, e.g. :class:`~geo.errors.RecipeError`.
    path : str or os.PathLike, optional
        The file, named in the error.

    Returns
    -------
    dict
        The keys given, with values as :func:`style_value` makes them.

    Raises
    ------
    GeoError
        Of type ``error``: not a table, an unknown key, or a bad value; one line naming
        ``path``, the key path and the value.
    """
    fail = _failing(error, path)
    table = check_keys(raw, where, STYLE_KEYS, fail)
    return {
        name: style_value(name, table[name], f"{where}.{name}", fail)
        for name in _CHECK_ORDER
        if name in table
    }


def _check_catalog_table(table: Any, where: str, fail: Fail, *, by_kind: bool) -> dict[str, Any]:
    """Check one catalog style table (``by_kind`` allows per-kind override tables)."""
    allowed = (*CATALOG_KEYS, "by_kind") if by_kind else tuple(CATALOG_KEYS)
    table = check_keys(table, where, allowed, fail)
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key == "by_kind":
            if not isinstance(value, dict):
                raise fail(f"{where}.by_kind", f"expected a table, got {show(value)}")
            out[key] = {
                kind: _check_catalog_table(sub, f"{where}.by_kind.{kind}", fail, by_kind=False)
                for kind, sub in value.items()
            }
        else:
            style_value(CATALOG_KEYS[key], value, f"{where}.{key}", fail, solid=True)
            out[key] = value
    return out


def validate_catalog_style(
    raw: Any,
    *,
    where: str,
    error: type[GeoError],
    path: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """Check a catalog entry's ``style`` table with the recipe style's rules.

    Parameters
    ----------
    raw : Any
        The table as read from TOML: keys from :data:`CATALOG_KEYS`, plus ``by_kind``
        (``{kind: table}`` overrides). ``dash_array = ""`` means a solid line.
    where : str
        Its key path, e.g. ``"layer[3].style"``.
    error : type of GeoError
        The error to raise, e.g. :class:`~geo.errors.LayerError`.
    path : str or os.PathLike, optional
        The catalog file, named in the error.

    Returns
    -------
    dict
        A plain copy of ``raw``, values exactly as written (the catalog's ``--json``
        listing shows them so); :func:`catalog_defaults` turns it into recipe style values.

    Raises
    ------
    GeoError
        Of type ``error``: not a table, an unknown key, or a bad value; one line naming
        ``path``, the key path and the value.
    """
    return _check_catalog_table(raw, where, _failing(error, path), by_kind=True)


def catalog_defaults(style: Mapping[str, Any]) -> dict[str, Any]:
    """Return a catalog style as recipe style values: the defaults a map layer starts from.

    Keys become :data:`STYLE_KEYS` names, colours are lower-cased and numbers floats;
    ``dash_array = ""`` (solid) and the ``by_kind`` overrides give no value.

    Parameters
    ----------
    style : mapping
        A catalog style (as :attr:`geo.layers.Layer.style`); checked first with
        :func:`validate_catalog_style`.

    Returns
    -------
    dict

    Raises
    ------
    GeoError
        A bad value (a :class:`~geo.errors.LayerError` naming ``style.KEY``).
    """
    from_catalog = validate_catalog_style(dict(style), where="style", error=LayerError)
    fail = _failing(GeoError, None)
    out: dict[str, Any] = {}
    for key, value in from_catalog.items():
        if key == "by_kind" or (key == "dash_array" and value == ""):
            continue
        name = CATALOG_KEYS[key]
        out[name] = style_value(name, value, key, fail)
    return out
