"""Limits on a recipe's size and shape, checked before and right after TOML parsing.

A recipe is a small hand-written file. Without limits a hostile one (arrays or inline tables
thousands of levels deep, a megabyte title, a million labels) would crash the TOML parser
with a ``RecursionError`` or make every later step slow; with them it gets one line.

===================== ======================= ===============================================
limit                 value                   checked
===================== ======================= ===============================================
file size             :data:`MAX_BYTES`       before the file is read (and on the text)
nesting depth         :data:`MAX_DEPTH`       on the TOML text, before parsing: ``[``/``{``
                                              outside strings and comments; then on the
                                              parsed document (dotted keys, table headers)
string length         :data:`MAX_STRING`      every string value and key, after parsing
array length          :data:`MAX_ARRAY`       every array, after parsing
keys in one table     :data:`MAX_KEYS`        every table, after parsing
===================== ======================= ===============================================

Examples
--------
>>> check_text("a = [[1, 2], [3, 4]]  # [[[[")
>>> check_text("a = " + "[" * 40 + "]" * 40, "deep.toml")  # doctest: +ELLIPSIS
Traceback (most recent call last):
geo.errors.RecipeError: deep.toml: arrays or inline tables are nested more than 16 levels ...
>>> check_document({"text": {"title": "T" * 30_000}}, "long.toml")  # doctest: +ELLIPSIS
Traceback (most recent call last):
geo.errors.RecipeError: long.toml: text.title: the string is 30,000 characters long, ...
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from geo.errors import RecipeError
from geo.styles import MAX_TEXT

__all__ = [
    "MAX_ARRAY",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_KEYS",
    "MAX_STRING",
    "check_document",
    "check_file_size",
    "check_text",
]

#: Largest recipe file, in bytes (1 MiB; the bundled recipes are under 10 KiB).
MAX_BYTES = 1 << 20
#: Deepest nesting of tables and arrays (the bundled recipes need 5).
MAX_DEPTH = 16
#: Longest string value or key, in characters: :data:`geo.styles.MAX_TEXT`, the limit every
#: text of a map has (titles and notes are a few hundred).
MAX_STRING = MAX_TEXT
#: Longest array (layers, labels, callouts, snapshot dates).
MAX_ARRAY = 10_000
#: Most keys in one table.
MAX_KEYS = 1_000

# The TOML tokens that can hold a bracket without opening anything: strings (basic,
# literal, multi-line) and comments; then the brackets themselves.
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""|\Z)'
    r"|'''(?:[^']|'(?!''))*(?:'''|\Z)"
    r'|"(?:[^"\\\n]|\\.)*"?'
    r"|'[^'\n]*'?"
    r"|#[^\n]*"
    r"|[\[\]{}]",
    re.S,
)


def check_file_size(path: str | Path, size: int) -> None:
    """Refuse a recipe file larger than :data:`MAX_BYTES`.

    Parameters
    ----------
    path : str or Path
        The file, for the message.
    size : int
        Its size in bytes.

    Raises
    ------
    RecipeError
        The file is too large.
    """
    if size > MAX_BYTES:
        raise RecipeError(
            f"recipe is over the limit of {MAX_BYTES:,} bytes "
            "(a recipe is a short TOML file; put data in GeoJSON layers)",
            path=str(path),
        )


def check_text(text: str, path: str | None = None) -> None:
    """Refuse TOML text that is too large or nested too deeply, before it is parsed.

    Brackets inside strings and comments do not count; table headers (``[a]``,
    ``[[a]]``) count as the one or two levels their brackets open.

    Parameters
    ----------
    text : str
        The TOML document.
    path : str, optional
        The file, for the message.

    Raises
    ------
    RecipeError
        Over :data:`MAX_BYTES` (as UTF-8) or nested more than :data:`MAX_DEPTH` levels.
    """
    if len(text) > MAX_BYTES // 4:  # only then can the UTF-8 form pass the limit
        check_file_size(path or "<recipe>", len(text.encode("utf-8", "surrogatepass")))
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(path, "arrays or inline tables are")
        elif token in ("]", "}"):
            depth = max(depth - 1, 0)


def check_document(doc: Any, path: str | None = None) -> None:
    """Refuse a parsed recipe with too deep nesting, too long strings or arrays, too many keys.

    Walks the document without recursion, so a document built in code cannot overflow the
    stack either.

    Parameters
    ----------
    doc : Any
        As from :func:`tomllib.loads` (or built in code).
    path : str, optional
        The file, for the message.

    Raises
    ------
    RecipeError
        A limit of this module is passed; the message names the key path.
    """
    stack: list[tuple[Any, str, int]] = [(doc, "", 0)]
    while stack:
        node, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(path, "tables and arrays are", where)
        if isinstance(node, str):
            _check_length(node, where, path)
        elif isinstance(node, dict):
            if len(node) > MAX_KEYS:
                raise RecipeError(
                    f"the table has {len(node):,} keys, over the limit of {MAX_KEYS:,}",
                    path=path,
                    key=where or None,
                )
            for key, value in node.items():
                _check_length(str(key), where, path, "key")
                stack.append((value, f"{where}.{key}" if where else str(key), depth + 1))
        elif isinstance(node, (list, tuple)):
            if len(node) > MAX_ARRAY:
                raise RecipeError(
                    f"the array has {len(node):,} items, over the limit of {MAX_ARRAY:,}",
                    path=path,
                    key=where or None,
                )
            stack.extend((item, f"{where}[{i}]", depth + 1) for i, item in enumerate(node))


def _check_length(text: str, where: str, path: str | None, what: str = "string") -> None:
    """Refuse a string or key longer than :data:`MAX_STRING` characters."""
    if len(text) > MAX_STRING:
        raise RecipeError(
            f"the {what} is {len(text):,} characters long, over the limit of {MAX_STRING:,}",
            path=path,
            key=where or None,
        )


def _too_deep(path: str | None, what: str, where: str = "") -> RecipeError:
    """The error for nesting past :data:`MAX_DEPTH`."""
    return RecipeError(
        f"{what} nested more than {MAX_DEPTH} levels deep; a recipe needs fewer than 6",
        path=path,
        key=where or None,
    )
