"""``frontline build [RECIPE...|--all] [--out DIR] [--offline] [--format html,png,svg]``.

For each recipe: one self-contained HTML page, an embed snippet, a JSON of the figures the
map shows and, when asked, PNG/SVG. Prints what it wrote, the measured figures and the
worst-case displacement of the simplified geometry (screen px at the recipe's max zoom).
The work is done by :mod:`geo.reports.build` and :func:`geo.render.build`; matplotlib is
loaded only for png/svg.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from geo.reports.build import build_recipes, geometry_summary, load_recipes, parse_formats

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare ``build``'s arguments on ``parser``."""
    parser.add_argument("recipes", nargs="*", metavar="RECIPE")
    parser.add_argument("--all", action="store_true", help="build every bundled recipe")
    parser.add_argument("--out", default="build/maps", metavar="DIR")
    parser.add_argument("--offline", action="store_true", help="vector basemap, no network at all")
    parser.add_argument("--format", default="html", metavar="html,png,svg")


def _print_result(result: Any, out: TextIO) -> None:
    sizes = ", ".join(f"{p} ({p.stat().st_size:,} bytes)" for p in result.files)
    out.write(f"{result.name}: {sizes}\n")
    for fig in result.figures:
        out.write(f"  {fig['text']} [{fig['method']}, as of {fig['as_of']}]\n")
    if result.timeline:
        tl = result.timeline
        frames = tl["frames"]
        skipped = f"; {len(tl['skipped'])} file(s) left out" if tl["skipped"] else ""
        out.write(
            f"  timeline: {len(frames)} frame(s), {frames[0]['date']} to "
            f"{frames[-1]['date']}{skipped}\n"
        )
    summary = geometry_summary(result.geometry)
    if summary is not None:
        if summary["grid_per_px"]:
            quant = f"a 1/{summary['grid_per_px']} px grid"
        else:
            quant = f"{summary['decimals']} decimals"
        out.write(
            f"  geometry: worst-case displacement {summary['displacement_px']:.2f}"
            f" px at zoom {summary['max_zoom']} (at most {summary['ground_m']:,.0f} m on the"
            f" ground; simplify {summary['tolerance_px']:.2f} px + {quant});"
            f" vertices {summary['vertices_in']:,} -> {summary['vertices_out']:,}\n"
        )


def run(args: argparse.Namespace) -> int:
    """Build the recipes named in ``args`` (see module docstring); return the exit code.

    Parameters
    ----------
    args : argparse.Namespace
        ``recipes`` (names or paths), ``all`` (bool), ``out`` (directory), ``offline``
        (bool), ``format`` (comma-separated formats).

    Returns
    -------
    int
        0; a bad format, recipe or layer raises :class:`~geo.errors.GeoError`.
    """
    formats = parse_formats(args.format)
    parsed = load_recipes(args.recipes, build_all=args.all)
    out = sys.stdout
    for result in build_recipes(parsed, args.out, offline=args.offline, formats=formats):
        _print_result(result, out)
    out.flush()
    return 0
