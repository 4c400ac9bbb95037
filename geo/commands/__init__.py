"""One module per ``frontline`` sub-command, and the argument types they share.

Each command module declares its own arguments and runs them::

    def add_arguments(parser: argparse.ArgumentParser) -> None: ...
    def run(args: argparse.Namespace) -> int: ...

and holds only argument handling and printing: the work, including the document a
command prints, is done by the library (:mod:`geo.reports`, :mod:`geo.facts`,
:mod:`geo.timeline`, ...). :mod:`geo.cli` loads a command module only when that command
runs. Commands never import one another: what they share is here (argument types) and in
:mod:`geo.commands._print` (JSON and table printing).

Examples
--------
>>> float_list("0.5,1, 2")
[0.5, 1.0, 2.0]
>>> positive_int("3"), non_negative_float("4")
(3, 4.0)
>>> float_list("1,-2")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: expected finite non-negative numbers, got '1,-2'

Every numeric option has a documented range, checked while the command line is parsed
(before any file is read), and shown in ``--help`` (:func:`ranged`):

>>> snap = bounded_float(0, 50_000, "m")
>>> snap("100"), snap.range_text
(100.0, '0 to 50,000 m')
>>> snap("1e12")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: expected a number from 0 to 50,000 m, got '1e12'
>>> bounded_int(1, 64)("0")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: expected a whole number from 1 to 64, got '0'
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import Any

__all__ = [
    "bounded_float",
    "bounded_float_list",
    "bounded_int",
    "float_list",
    "non_negative_float",
    "positive_int",
    "ranged",
]


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


class _Bounded:
    """An argparse ``type`` for numbers in ``[lo, hi]``; ``range_text`` goes into ``--help``."""

    def __init__(self, lo: float, hi: float, unit: str, *, whole: bool, many: int) -> None:
        self.lo, self.hi, self.unit, self.whole, self.many = lo, hi, unit, whole, many
        self.range_text = f"{_num(lo)} to {_num(hi)}" + (f" {unit}" if unit else "")
        self.__name__ = "whole number" if whole else "number"  # argparse names it in errors

    def _one(self, text: str, original: str) -> Any:
        kind = "a whole number" if self.whole else "a number"
        what = f"{'numbers' if self.many > 1 else kind} from {self.range_text}"
        try:
            value: float = int(text) if self.whole else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {what}, got {original!r}") from None
        if not (math.isfinite(value) and self.lo <= value <= self.hi):
            raise argparse.ArgumentTypeError(f"expected {what}, got {original!r}")
        return value

    def __call__(self, text: str) -> Any:
        if len(text) > 1000:
            raise argparse.ArgumentTypeError(
                f"expected {self.range_text}, got {len(text)} characters"
            )
        if self.many == 1:
            return self._one(text.strip(), text)
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if not parts or len(parts) > self.many:
            raise argparse.ArgumentTypeError(
                f"expected 1 to {self.many} comma-separated numbers from {self.range_text}, "
                f"got {text!r}"
            )
        return [self._one(p, text) for p in parts]


def bounded_float(lo: float, hi: float, unit: str = "") -> Callable[[str], float]:
    """An argparse ``type``: a finite number from ``lo`` to ``hi`` (inclusive).

    Parameters
    ----------
    lo, hi : float
        The range.
    unit : str, default ""
        Shown after the range (``"m"``, ``"km"``).

    Returns
    -------
    callable
        ``str -> float``; raises :class:`argparse.ArgumentTypeError` outside the range
        (NaN and infinities included). Its ``range_text`` is e.g. ``"0 to 50,000 m"``.
    """
    return _Bounded(lo, hi, unit, whole=False, many=1)


def bounded_int(lo: int, hi: int, unit: str = "") -> Callable[[str], int]:
    """An argparse ``type``: a whole number from ``lo`` to ``hi`` (inclusive).

    Parameters
    ----------
    lo, hi : int
        The range.
    unit : str, default ""
        Shown after the range.

    Returns
    -------
    callable
        ``str -> int``, with ``range_text``.
    """
    return _Bounded(lo, hi, unit, whole=True, many=1)


def bounded_float_list(
    lo: float, hi: float, unit: str = "", *, most: int = 20
) -> Callable[[str], list[float]]:
    """An argparse ``type``: ``"0.5,1,2"``, up to ``most`` numbers each from ``lo`` to ``hi``.

    Parameters
    ----------
    lo, hi : float
        The range of each number.
    unit : str, default ""
        Shown after the range.
    most : int, default 20
        The most numbers accepted.

    Returns
    -------
    callable
        ``str -> list of float``, with ``range_text``.
    """
    return _Bounded(lo, hi, unit, whole=False, many=most)


def ranged(help_text: str, kind: Callable[[str], Any]) -> str:
    """``help_text`` with the option's range appended, for ``add_argument(help=...)``.

    Parameters
    ----------
    help_text : str
        The option's help.
    kind : callable
        A type from :func:`bounded_float`, :func:`bounded_int` or
        :func:`bounded_float_list`.

    Returns
    -------
    str
        E.g. ``"snapping distance (range 0 to 50,000 m; default: %(default)s)"``.
    """
    return f"{help_text} (range {getattr(kind, 'range_text', '?')}; default: %(default)s)"


def float_list(text: str) -> list[float]:
    """Parse ``"0.5,1,2"`` into finite non-negative floats (an argparse ``type``).

    Parameters
    ----------
    text : str
        Comma-separated numbers; empty items are skipped.

    Returns
    -------
    list of float

    Raises
    ------
    argparse.ArgumentTypeError
        Not numbers, none at all, or a negative or infinite one.
    """
    try:
        values = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected comma-separated numbers like 0.5,1,2, got {text!r}"
        ) from None
    if not values or any(not (v >= 0) or v == float("inf") for v in values):
        raise argparse.ArgumentTypeError(f"expected finite non-negative numbers, got {text!r}")
    return values


def positive_int(text: str) -> int:
    """Parse a whole number of at least 1 (an argparse ``type``).

    Parameters
    ----------
    text : str

    Returns
    -------
    int

    Raises
    ------
    argparse.ArgumentTypeError
        Not a whole number, or under 1.
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def non_negative_float(text: str) -> float:
    """Parse a finite number of at least 0 (an argparse ``type``).

    Parameters
    ----------
    text : str

    Returns
    -------
    float

    Raises
    ------
    argparse.ArgumentTypeError
        Not a number, negative, infinite or NaN.
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (0 <= value < float("inf")):
        raise argparse.ArgumentTypeError(f"expected a finite number >= 0, got {text!r}")
    return value
