"""``frontline new NAME [--from MAP|blank] [--data FILE...]``: a recipe to start from.

Writes ``NAME.toml``, a commented recipe that builds at once with
``frontline build NAME.toml``, and copies data files from outside its folder into
``data/`` beside it. It never overwrites a file, and checks every data file before it
writes anything. The work is done by :func:`geo.recipe.template.new_recipe`.
"""

from __future__ import annotations

import argparse
import sys

from geo.recipe.template import PLACEHOLDER_CREDIT, new_recipe

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare ``new``'s arguments on ``parser``."""
    parser.add_argument(
        "name", metavar="NAME", help="the recipe to write: NAME.toml (NAME may name a folder too)"
    )
    parser.add_argument(
        "--from",
        dest="start",
        default="blank",
        metavar="MAP",
        help="start from a bundled map: front, kursk, tumen, overview; or blank (the default)",
    )
    parser.add_argument(
        "--data",
        nargs="+",
        action="extend",
        default=[],
        metavar="FILE",
        help="your data files (GeoJSON, GeoPackage, FlatGeobuf, Shapefile, KML/KMZ): "
        "one layer each",
    )
    parser.epilog = "Every section and key of a recipe: docs/recipes.md."


def run(args: argparse.Namespace) -> int:
    """Write the recipe named in ``args``; return the exit code.

    Parameters
    ----------
    args : argparse.Namespace
        ``name`` (str), ``start`` (str), ``data`` (list of str).

    Returns
    -------
    int
        0; an existing file or a bad data file raises :class:`~geo.errors.GeoError`.
    """
    made = new_recipe(args.name, start=args.start, data=args.data)
    out = sys.stdout
    layers = len(made.layers)
    out.write(
        f"wrote {made.path}"
        + (f" ({layers} layer{'s' if layers != 1 else ''} of your data)" if layers else "")
        + "\n"
    )
    for layer in made.layers:
        where = "copied to" if layer.copies else "used in place as"
        inner = f" (layer {layer.layer})" if layer.layer else ""
        out.write(
            f"  {layer.source}{inner}: {where} {layer.path}, {layer.features} {layer.geometry}"
            f" feature{'s' if layer.features != 1 else ''}\n"
        )
    if layers:
        out.write(f'next: replace each "{PLACEHOLDER_CREDIT}" credit with your source, then\n')
    else:
        out.write("next:\n")
    out.write(f"  frontline build {made.path} --offline\n")
    out.flush()
    return 0
