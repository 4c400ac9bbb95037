"""``frontline facts [--json]``: the fact sheet, every headline figure with its method.

The sheet and its text come from :func:`geo.facts.fact_sheet` and
:func:`geo.facts.format_text`.
"""

from __future__ import annotations

import argparse
import sys

from geo.commands._print import print_json
from geo.facts import fact_sheet, format_text

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare ``facts``' arguments on ``parser``."""
    parser.add_argument("--json", action="store_true")


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
    sheet = fact_sheet()
    if getattr(args, "json", False):
        print_json(sheet)
    else:
        sys.stdout.write(format_text(sheet) + "\n")
    return 0
