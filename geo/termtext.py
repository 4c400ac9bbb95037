r"""Text that is safe to print to a terminal: control characters become visible escapes.

Strings from data files, recipes and file names reach the terminal in tables, text reports
and error lines. A hostile file could carry ANSI escape sequences (``"\x1b[2J"`` clears the
screen, ``"\x1b]8;;..."`` plants a link), carriage returns that overwrite a line, Unicode
bidirectional overrides that reorder what the reader sees, or lone surrogates that cannot be
encoded at all. :func:`escape` replaces each with a visible escape, the one form used for
every terminal line; :func:`escape_json` does the same inside a JSON document with JSON's
own ``\uXXXX`` escapes, so the document decodes to exactly the same values.

What is escaped (:func:`is_unsafe`): C0 controls other than newline and tab, DEL, C1
controls (U+0080-U+009F), lone surrogates, the bidirectional controls (U+061C, U+200E,
U+200F, U+202A-U+202E, U+2066-U+2069), and U+2028/U+2029 (line and paragraph separators).

Examples
--------
>>> escape("red \x1b[31mtext\x1b[0m")
'red \\x1b[31mtext\\x1b[0m'
>>> escape("lone \ud800 surrogate, Київ kept")
'lone \\ud800 surrogate, Київ kept'
>>> escape("two\nlines\r")
'two\nlines\\r'
>>> escape_json('{"name": "\u202e\x9b"}')
'{"name": "\\u202e\\u009b"}'
>>> import json; json.loads(escape_json(json.dumps("\x9b", ensure_ascii=False))) == "\x9b"
True
"""

from __future__ import annotations

import re
from typing import Any, TextIO

__all__ = ["SafeStream", "escape", "escape_json", "is_unsafe", "one_line"]

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2066-\u2069\ud800-\udfff]"
)


def is_unsafe(char: str) -> bool:
    """Whether one character is escaped before it reaches a terminal.

    Parameters
    ----------
    char : str
        A single character.

    Returns
    -------
    bool
    """
    return _UNSAFE.fullmatch(char) is not None


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    named = {0x0D: "\\r", 0x0B: "\\v", 0x0C: "\\f"}
    if code in named:
        return named[code]
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape(text: str) -> str:
    r"""``text`` with every unsafe character replaced by a visible escape (``\x1b``, ``\u202e``).

    Parameters
    ----------
    text : str
        Any text; newlines and tabs are kept.

    Returns
    -------
    str
        Safe to write to a terminal, and always encodable as UTF-8.
    """
    return _UNSAFE.sub(_visible, text)


def one_line(text: str) -> str:
    r"""``text`` escaped (:func:`escape`) and on one line: newlines become ``\n`` too.

    For error lines and linter-style lines, where a file name holding a newline must not
    start a second line.

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Examples
    --------
    >>> one_line("two\nlines\r.geojson")
    'two\\nlines\\r.geojson'
    """
    return escape(text).replace("\n", "\\n")


def escape_json(document: str) -> str:
    r"""A JSON document with every unsafe character written as a JSON ``\uXXXX`` escape.

    Parameters
    ----------
    document : str
        Valid JSON text. Unsafe characters can only occur inside its strings (JSON syntax is
        ASCII), where ``\uXXXX`` means the same character: the decoded value is unchanged.

    Returns
    -------
    str
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


class SafeStream:
    r"""A text stream that escapes what it writes (:func:`escape`) and never fails to encode.

    Characters the underlying stream's encoding cannot represent (e.g. Cyrillic on an ASCII
    terminal) are written as ``\uXXXX`` escapes instead of raising ``UnicodeEncodeError``.

    Parameters
    ----------
    raw : text stream
        The stream to write to (``sys.stdout``, ``sys.stderr``).
    """

    def __init__(self, raw: TextIO) -> None:
        self._raw = raw
        self._encoding = getattr(raw, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        """Write ``text``, escaped; return the number of characters given."""
        safe = escape(text)
        try:
            safe.encode(self._encoding)
        except UnicodeEncodeError:
            safe = safe.encode(self._encoding, "backslashreplace").decode(self._encoding)
        except LookupError:  # an encoding Python does not know: plain ASCII is safe
            safe = safe.encode("ascii", "backslashreplace").decode("ascii")
        self._raw.write(safe)
        return len(text)

    def flush(self) -> None:
        """Flush the underlying stream."""
        self._raw.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)
