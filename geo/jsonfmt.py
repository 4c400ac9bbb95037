"""Deterministic JSON: the one way frontline turns a document into JSON text.

The same document gives the same bytes in any process: keys sorted, fixed indentation,
non-ASCII kept as UTF-8, and NaN/infinity refused (JSON has no such numbers, and printing
``NaN`` breaks every strict consumer; callers turn them into ``None``). The few non-JSON
types our results contain (numpy scalars and arrays, tuples, sets, paths, dates, objects
with ``to_dict()``) are converted the same way everywhere.

Examples
--------
>>> print(dumps({"b": 1, "a": "Київ"}))
{
  "a": "Київ",
  "b": 1
}
>>> dumps({"b": [1, 2], "a": None}, indent=None)
'{"a": null, "b": [1, 2]}'
>>> dumps({"x": float("nan")})
Traceback (most recent call last):
...
ValueError: Out of range float values are not JSON compliant: nan
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["dumps", "to_json_value"]


def to_json_value(obj: Any) -> Any:
    """Turn one non-JSON value our results contain into a JSON value (``json`` default hook).

    Raises
    ------
    TypeError
        For any other type.
    """
    # Local import keeps `frontline --help` free of numpy when no JSON is printed.
    import numpy as np

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


def dumps(
    obj: Any, *, indent: int | None = 2, sort_keys: bool = True, newline: bool = False
) -> str:
    """Serialise ``obj`` deterministically.

    Parameters
    ----------
    obj : Any
        Dicts, lists, strings, numbers, booleans, ``None``, plus the types
        :func:`to_json_value` converts.
    indent : int or None, default 2
        Indentation; ``None`` gives one compact line (``", "`` and ``": "`` separators).
    sort_keys : bool, default True
        Sort object keys. Turn off only where key order is itself data (GeoJSON features
        written in a fixed order are lists, so they stay sorted-safe).
    newline : bool, default False
        Append a final newline (for files).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        ``obj`` contains NaN or an infinity.
    """
    text = json.dumps(
        obj,
        sort_keys=sort_keys,
        indent=indent,
        ensure_ascii=False,
        allow_nan=False,
        default=to_json_value,
    )
    return text + "\n" if newline else text
