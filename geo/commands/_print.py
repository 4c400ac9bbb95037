r"""Printing shared by every ``frontline`` sub-command: one JSON document, or a text table.

Two output forms only: one JSON document on stdout (``--json``, for machines, written by
:func:`geo.jsonfmt.dumps`) or an aligned text table (for people). Both are deterministic:
JSON keys are sorted, tables keep the column order given, and numbers are formatted by
:mod:`geo.units` so every command prints figures the same way.

Both are safe in a terminal: JSON documents write control characters, bidirectional
overrides and lone surrogates as JSON ``\uXXXX`` escapes (:func:`geo.termtext.escape_json`:
the decoded document is exactly the data), and table cells are one line each; the CLI
escapes everything else it prints (:class:`geo.termtext.SafeStream`).

Examples
--------
>>> print_json({"b": 1, "a": "Київ\x1b[2J"})
{
  "a": "Київ\u001b[2J",
  "b": 1
}
>>> print_table([{"id": "tumen", "km": 17.2}, {"id": "places", "km": None}], ["id", "km"])
id      km
------  -----
tumen   17.20
places  -
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from geo.jsonfmt import dumps
from geo.termtext import escape, escape_json
from geo.units import MISSING, fmt_number

__all__ = ["print_json", "print_table"]


def print_json(obj: Any, *, file: TextIO | None = None) -> None:
    """Print ``obj`` as one JSON document (see :func:`geo.jsonfmt.dumps`) and a newline.

    Parameters
    ----------
    obj : Any
        The document.
    file : text stream, optional
        Where to write; standard output by default.

    Raises
    ------
    ValueError
        ``obj`` contains NaN or an infinity (JSON has no such numbers).
    """
    out = sys.stdout if file is None else file
    out.write(escape_json(dumps(obj)) + "\n")
    out.flush()


def _cell(value: Any) -> str:
    """One table cell: ``-`` for None, floats with two decimals, text on one line."""
    if value is None:
        return MISSING
    if isinstance(value, float):
        return fmt_number(value)
    # Cells are one line: data strings with newlines or tabs must not break the layout.
    return escape(" ".join(str(value).split()) if isinstance(value, str) else str(value))


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
