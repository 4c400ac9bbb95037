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
"""

from __future__ import annotations

import argparse

__all__ = ["float_list", "non_negative_float", "positive_int"]


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
