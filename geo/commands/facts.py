"""``frontline facts [--json]``: the fact sheet, every headline figure with its method."""

from __future__ import annotations

import argparse
import sys

from geo.commands._output import print_json

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Print the fact sheet (:func:`geo.facts.fact_sheet`).

    Parameters
    ----------
    args : argparse.Namespace
        ``json`` (bool): one JSON document instead of text.

    Returns
    -------
    int
        0; a missing or mismatched layer raises :class:`~geo.errors.LayerError`, which the
        CLI reports on one line with exit code 2.
    """
    from geo.facts import fact_sheet, format_text

    sheet = fact_sheet()
    if getattr(args, "json", False):
        print_json(sheet)
    else:
        sys.stdout.write(format_text(sheet) + "\n")
    return 0
