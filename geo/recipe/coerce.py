"""Value coercers for recipes: each checks one TOML value and returns it clean, or fails.

Every coercer takes the parse :class:`Context` (which knows the recipe's file), the key
path of the value (``layers[1].style.fill``) and the value, and raises a one-line
:class:`~geo.errors.RecipeError` naming the file, the key and the bad value. The checks
recipes share with the layer catalog (strings, numbers, choices, styles) live in
:mod:`geo.styles`.

Examples
--------
>>> ctx = Context("maps/m.toml")
>>> lonlat(ctx, "labels[0].at", [30.5, 50.45])
(30.5, 50.45)
>>> lonlat(ctx, "labels[0].at", [200, 10])
Traceback (most recent call last):
...
geo.errors.RecipeError: maps/m.toml: labels[0].at[0]: 200 is out of range [-180, 180]
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Any

from geo import styles
from geo.errors import RecipeError
from geo.recipe.keys import LAYER_ID, POINT_REF
from geo.recipe.model import LonLat, PointRef, Style

__all__ = [
    "Context",
    "Where",
    "array",
    "boolean",
    "bounds",
    "choice",
    "data_path",
    "date",
    "entries",
    "layer_id",
    "lonlat",
    "number",
    "point_ref",
    "string",
    "style",
    "table",
    "where",
    "whole",
]

#: A ``where = {...}`` selection: ``(property, allowed values)`` pairs, sorted.
Where = tuple[tuple[str, tuple[str, ...]], ...]


class Context:
    """Where the parser is, for error messages: the recipe's file (``None`` for text).

    Parameters
    ----------
    path : str or None
        The recipe file.
    """

    def __init__(self, path: str | None) -> None:
        self.path = path

    def fail(self, key: str, message: str) -> RecipeError:
        """Return the error for a bad value at ``key`` (the caller raises it)."""
        return RecipeError(message, path=self.path, key=key)


def table(ctx: Context, where: str, value: Any, allowed: tuple[str, ...]) -> dict[str, Any]:
    """Return ``value`` if it is a table with only ``allowed`` keys (closest key on a typo)."""
    return styles.check_keys(value, where, allowed, ctx.fail)


def string(ctx: Context, key: str, value: Any, *, empty: bool = True) -> str:
    """Return a string of bounded length; ``empty=False`` also refuses a blank one."""
    return styles.text(value, key, ctx.fail, empty=empty)


def boolean(ctx: Context, key: str, value: Any) -> bool:
    """Return ``value`` if it is ``true`` or ``false``."""
    if not isinstance(value, bool):
        raise ctx.fail(key, f"expected true or false, got {styles.show(value)}")
    return value


def number(
    ctx: Context, key: str, value: Any, lo: float = -math.inf, hi: float = math.inf
) -> float:
    """Return a finite number in ``[lo, hi]`` as a float."""
    return styles.number(value, key, ctx.fail, lo, hi)


def whole(ctx: Context, key: str, value: Any, lo: int, hi: int) -> int:
    """Return a whole number in ``[lo, hi]``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ctx.fail(key, f"expected a whole number, got {styles.show(value)}")
    if not lo <= value <= hi:
        raise ctx.fail(key, f"{value} is out of range [{lo}, {hi}]")
    return value


def lonlat(ctx: Context, key: str, value: Any) -> LonLat:
    """Return ``[lon, lat]`` degrees as a tuple (latitude within Web Mercator's ±85°)."""
    if not isinstance(value, list) or len(value) != 2:
        raise ctx.fail(key, f"expected [lon, lat], got {styles.show(value)}")
    lon = number(ctx, f"{key}[0]", value[0], -180, 180)
    lat = number(ctx, f"{key}[1]", value[1], -85, 85)
    return (lon, lat)


def bounds(ctx: Context, key: str, value: Any) -> tuple[LonLat, LonLat]:
    """Return ``[[lon_min, lat_min], [lon_max, lat_max]]`` as two corners, south-west first."""
    if not isinstance(value, list) or len(value) != 2:
        raise ctx.fail(
            key, f"expected [[lon_min, lat_min], [lon_max, lat_max]], got {styles.show(value)}"
        )
    sw = lonlat(ctx, f"{key}[0]", value[0])
    ne = lonlat(ctx, f"{key}[1]", value[1])
    if not (sw[0] < ne[0] and sw[1] < ne[1]):
        raise ctx.fail(key, f"south-west corner must be below and left of north-east: {value}")
    return (sw, ne)


def point_ref(ctx: Context, key: str, value: Any) -> PointRef:
    """Return ``[lon, lat]`` as a tuple, or a ``"LAYER:NAME"`` reference as written."""
    if isinstance(value, str):
        if not POINT_REF.match(value):
            raise ctx.fail(key, f"expected [lon, lat] or 'LAYER:NAME', got {styles.show(value)}")
        return value
    return lonlat(ctx, key, value)


def choice(ctx: Context, key: str, value: Any, options: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``options`` (the closest one is suggested)."""
    return styles.choice(value, key, ctx.fail, options)


def layer_id(ctx: Context, key: str, value: Any) -> str:
    """Return a well-formed catalog layer id (whether it exists is checked at build time)."""
    if not isinstance(value, str) or not LAYER_ID.match(value):
        raise ctx.fail(
            key, f"expected a layer id like 'front-line-2024-11-13', got {styles.show(value)}"
        )
    return value


def array(ctx: Context, key: str, value: Any) -> list[Any]:
    """Return ``value`` if it is an array."""
    if not isinstance(value, list):
        raise ctx.fail(key, f"expected an array of tables ([[{key}]]), got {styles.show(value)}")
    return value


def entries(ctx: Context, key: str, value: Any) -> Iterator[tuple[str, Any]]:
    """Yield ``("key[i]", item)`` for each item of an array of tables."""
    for i, item in enumerate(array(ctx, key, value)):
        yield f"{key}[{i}]", item


def date(ctx: Context, key: str, value: Any) -> str:
    """Return an ISO date from a TOML date (``2024-07-08``) or a string (``"2024-07-08"``)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ctx.fail(key, f"expected a date YYYY-MM-DD, got {styles.show(value)}")


def data_path(ctx: Context, key: str, value: Any) -> str:
    """Return a non-empty path string without NUL characters (resolved later)."""
    path = string(ctx, key, value, empty=False)
    if "\x00" in path:
        raise ctx.fail(key, "a path must not contain NUL characters")
    return path


def style(ctx: Context, key: str, value: Any) -> Style:
    """Return a ``style = {...}`` table as a :class:`~geo.recipe.Style`."""
    return Style(**styles.validate_style(value, where=key, error=RecipeError, path=ctx.path))


def where(ctx: Context, key: str, value: Any) -> Where:
    """Return a ``where = { kind = "border", name = ["A", "B"] }`` selection.

    A feature is kept when each property equals the value (or one of the values).
    """
    if not isinstance(value, dict) or not value:
        raise ctx.fail(
            key, f"expected a table like {{ kind = 'border' }}, got {styles.show(value)}"
        )
    out = []
    for prop, wanted in value.items():
        values = wanted if isinstance(wanted, list) else [wanted]
        if not values:
            raise ctx.fail(f"{key}.{prop}", "must not be an empty list")
        out.append((prop, tuple(string(ctx, f"{key}.{prop}", v, empty=False) for v in values)))
    return tuple(sorted(out))
