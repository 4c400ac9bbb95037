"""Suggestions for a mistyped name ("did you mean"): the one place frontline makes them.

Examples
--------
>>> close_matches("fil", ["fill", "color", "weight"])
['fill']
>>> did_you_mean("fil", ["fill", "color"])
"did you mean 'fill'?"
>>> did_you_mean("xyz", ["fill", "color"])
''
>>> did_you_mean("kursk-24", ["kursk-2024", "kursk-2025", "front"], n=2)
"did you mean 'kursk-2024' or 'kursk-2025'?"
>>> did_you_mean("tumn", ["tumen"], quote=False, colon=True)
'did you mean: tumen?'
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["close_matches", "did_you_mean"]


def close_matches(word: str, options: Iterable[str], n: int = 1, cutoff: float = 0.5) -> list[str]:
    """The ``n`` options closest to ``word`` (:func:`difflib.get_close_matches`), best first.

    Matching ignores case; the options are returned as given.

    Parameters
    ----------
    word : str
        What the user typed.
    options : iterable of str
        The valid names.
    n : int, default 1
        At most this many matches.
    cutoff : float, default 0.5
        Similarity in [0, 1] below which an option is not offered.

    Returns
    -------
    list of str
    """
    opts = list(options)
    by_lower: dict[str, str] = {}
    for o in opts:
        by_lower.setdefault(str(o).lower(), o)
    hits = difflib.get_close_matches(str(word).lower(), list(by_lower), n=n, cutoff=cutoff)
    return [by_lower[h] for h in hits]


def did_you_mean(
    word: str,
    options: Iterable[str],
    n: int = 1,
    cutoff: float = 0.5,
    *,
    quote: bool = True,
    colon: bool = False,
) -> str:
    """A hint such as ``did you mean 'fill'?``, or ``""`` when nothing is close.

    Parameters
    ----------
    word, options, n, cutoff
        As :func:`close_matches`.
    quote : bool, default True
        Quote the suggestions with ``repr``.
    colon : bool, default False
        Write ``did you mean: x?`` (the catalog's style) instead of ``did you mean x?``.

    Returns
    -------
    str
    """
    hits = close_matches(word, options, n=n, cutoff=cutoff)
    if not hits:
        return ""
    shown = " or ".join(repr(h) if quote else h for h in hits)
    return f"did you mean{':' if colon else ''} {shown}?"
