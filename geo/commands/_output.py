"""Printing helpers shared by every ``frontline`` sub-command.

Two output forms only: one JSON document on stdout (``--json``, for machines) or an aligned
text table (for people). Both are deterministic: JSON keys are sorted, tables keep the
column order given, and numbers are formatted by the small ``fmt_*`` helpers so every
command prints figures the same way.

Examples
--------
>>> print_json({"b": 1, "a": "Київ"})
{
  "a": "Київ",
  "b": 1
}
>>> print_table([{"id": "tumen", "km": 17.2}, {"id": "places", "km": None}], ["id", "km"])
id      km
------  -----
tumen   17.20
places  -
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

__all__ = [
    "dumps_json",
    "fmt_area",
    "fmt_km",
    "fmt_number",
    "print_json",
    "print_table",
]

#: How a missing value (``None``) appears in a table cell.
MISSING = "-"


def _default(obj: Any) -> Any:
    """Turn the few non-JSON types our results contain into JSON values."""
    # Local import keeps `frontline --help` free of numpy when no JSON is printed.
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy is a hard dependency
        np = None  # type: ignore[assignment]
    if np is not None:
        if isinstance(obj, np.integer):
            return int(obj)
        if isinstance(obj, np.floating):
            return float(obj)
        if isinstance(obj, np.bool_):
            return bool(obj)
        if isinstance(obj, np.ndarray):
            return obj.tolist()
    if isinstance(obj, (set, frozenset)):
        return sorted(obj)
    if isinstance(obj, tuple):
        return list(obj)
    to_dict = getattr(obj, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if hasattr(obj, "__fspath__"):
        return str(obj)
    if hasattr(obj, "isoformat"):  # date / datetime
        return obj.isoformat()
    raise TypeError(f"cannot write {type(obj).__name__} as JSON")


def dumps_json(obj: Any) -> str:
    """Serialise ``obj`` the way every command prints JSON.

    Parameters
    ----------
    obj : Any
        Dicts, lists, strings, numbers, booleans, ``None``; also numpy scalars/arrays,
        tuples, sets, paths, dates and objects with a ``to_dict()`` method.

    Returns
    -------
    str
        Sorted keys, two-space indent, non-ASCII kept as is, no trailing newline.

    Raises
    ------
    ValueError
        If ``obj`` contains NaN or an infinity: JSON has no such numbers, and printing
        ``NaN`` would break every strict consumer. Callers should turn them into ``None``.
    """
    return json.dumps(
        obj, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False, default=_default
    )


def print_json(obj: Any, *, file: TextIO | None = None) -> None:
    """Print ``obj`` as one JSON document (see :func:`dumps_json`) followed by a newline.

    Parameters
    ----------
    obj : Any
        The document.
    file : text stream, optional
        Where to write; standard output by default.
    """
    out = sys.stdout if file is None else file
    out.write(dumps_json(obj) + "\n")
    out.flush()


def fmt_number(value: float | int | None, digits: int = 2) -> str:
    """Format a number with thousands separators and ``digits`` decimals.

    Parameters
    ----------
    value : float, int or None
        The number; ``None`` and non-finite values print as ``-``.
    digits : int, default 2
        Decimal places for non-integers.

    Returns
    -------
    str

    Examples
    --------
    >>> fmt_number(1234.5678)
    '1,234.57'
    >>> fmt_number(12)
    '12'
    >>> fmt_number(None)
    '-'
    """
    if value is None or isinstance(value, bool):
        return MISSING if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if not math.isfinite(value):
        return MISSING
    return f"{value:,.{digits}f}"


def fmt_km(km: float | None, digits: int = 2) -> str:
    """Format a length in kilometres with miles in brackets, e.g. ``1,234.50 km (767.09 mi)``.

    Parameters
    ----------
    km : float or None
        Length in kilometres.
    digits : int, default 2
        Decimal places.

    Returns
    -------
    str

    Examples
    --------
    >>> fmt_km(1.609344)
    '1.61 km (1.00 mi)'
    """
    if km is None or not math.isfinite(km):
        return MISSING
    return f"{fmt_number(float(km), digits)} km ({fmt_number(float(km) / 1.609344, digits)} mi)"


def fmt_area(km2: float | None, digits: int = 1) -> str:
    """Format an area in square kilometres with square miles, e.g. ``2.6 km² (1.0 sq mi)``.

    Parameters
    ----------
    km2 : float or None
        Area in square kilometres.
    digits : int, default 1
        Decimal places.

    Returns
    -------
    str

    Examples
    --------
    >>> fmt_area(2.589988110336)
    '2.6 km² (1.0 sq mi)'
    """
    if km2 is None or not math.isfinite(km2):
        return MISSING
    sq_mi = float(km2) / 2.589988110336
    return f"{fmt_number(float(km2), digits)} km² ({fmt_number(sq_mi, digits)} sq mi)"


def _cell(value: Any) -> str:
    if value is None:
        return MISSING
    if isinstance(value, float):
        return fmt_number(value)
    # Cells are one line: data strings with newlines or tabs must not break the layout.
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def print_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    headers: Mapping[str, str] | None = None,
    file: TextIO | None = None,
) -> None:
    """Print ``rows`` as an aligned text table with a header line.

    Parameters
    ----------
    rows : sequence of mappings
        One mapping per row; a missing key or ``None`` prints as ``-``. Floats print with
        two decimals and thousands separators; format them yourself for other precision.
    columns : sequence of str
        The keys to print, in order.
    headers : mapping, optional
        Display names for some columns (default: the key itself).
    file : text stream, optional
        Where to write; standard output by default.
    """
    out = sys.stdout if file is None else file
    names = [(headers or {}).get(c, c) for c in columns]
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [len(n) for n in names]
    for line in cells:
        widths = [max(w, len(v)) for w, v in zip(widths, line, strict=True)]

    def render(values: Sequence[str]) -> str:
        # Numbers read best right-aligned, but mixed columns stay left: keep it simple.
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out.write(render(names) + "\n")
    out.write(render(["-" * w for w in widths]) + "\n")
    for line in cells:
        out.write(render(line) + "\n")
    out.flush()
