"""``frontline build [RECIPE...|--all] [--out DIR] [--tiles] [--format FMT] [--jobs N]``.

Offline is the default: the page draws our vector basemap and makes no request. ``--tiles``
opts in to the tile provider a recipe names (the reader's browser loads the tiles, and the
vector basemap shows if they fail); ``--offline`` is still accepted and changes nothing.
``--base-url URL`` makes each embed snippet's ``src`` absolute. ``--jobs N`` builds up to N
recipes at once, each in its own process, writing the same bytes as a serial build.

For each recipe: one self-contained HTML page, an embed snippet, a JSON of the figures the
map shows and, when asked, PNG/SVG. Prints what it wrote, the measured figures and the
worst-case displacement of the simplified geometry (screen px at the recipe's max zoom).
The work is done by :mod:`geo.reports.build` and :func:`geo.render.build`; matplotlib is
loaded only for png/svg.

``--out`` is checked before any work (a folder, writable, not under ``/proc``, ``/sys`` or
``/dev``). Each recipe's files are written as one set (:func:`geo.files.write_set`): the
complete new set, or, if anything fails (a full disk), the old set untouched.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from geo.errors import UsageError
from geo.outpaths import check_output_dir
from geo.render.export import page_url
from geo.reports.build import build_recipes, geometry_summary, load_recipes, parse_formats

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare ``build``'s arguments on ``parser``."""
    parser.add_argument("recipes", nargs="*", metavar="RECIPE")
    parser.add_argument("--all", action="store_true", help="build every bundled recipe")
    parser.add_argument(
        "--out",
        default="build/maps",
        metavar="DIR",
        help="output folder (made if missing); each map's files are replaced as one set",
    )
    basemap = parser.add_mutually_exclusive_group()
    basemap.add_argument(
        "--offline",
        action="store_true",
        help="vector basemap, no network at all (the default)",
    )
    basemap.add_argument(
        "--tiles",
        action="store_true",
        help="use the tile provider a recipe names (the vector basemap shows if tiles fail)",
    )
    parser.add_argument(
        "--base-url",
        default=None,
        metavar="URL",
        help="where the pages are published: the embed snippet's src becomes URL/NAME.html",
    )
    parser.add_argument("--format", default="html", metavar="html,png,svg")
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="build up to N recipes at once, in separate processes (same files as serial)",
    )
    parser.epilog = (
        "Recipe reference, every section and key with its default: docs/recipes.md. "
        "Start a recipe of your own with: frontline new NAME --data FILE"
    )


def _print_result(result: Any, out: TextIO) -> None:
    sizes = ", ".join(f"{p} ({p.stat().st_size:,} bytes)" for p in result.files)
    out.write(f"{result.name}: {sizes}\n")
    for fig in result.figures:
        when = f", as of {fig['as_of']}" if fig.get("as_of") else ""
        out.write(f"  {fig['text']} [{fig['method']}{when}]\n")
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
        ``recipes`` (names or paths), ``all`` (bool), ``out`` (directory), ``tiles``
        (bool; ``offline`` is the default), ``format`` (comma-separated formats),
        ``base_url`` (optional), ``jobs`` (recipes built at once, default 1).

    Returns
    -------
    int
        0; a bad format, recipe or layer raises :class:`~geo.errors.GeoError`.
    """
    formats = parse_formats(args.format)
    jobs = getattr(args, "jobs", 1)
    if jobs < 1:
        raise UsageError(f"--jobs: {jobs} is not a whole number of 1 or more")
    if args.base_url is not None:
        page_url("map", base_url=args.base_url)  # a bad URL: one line, exit 2, no work
    check_output_dir(args.out)  # before any recipe is read or rendered
    parsed = load_recipes(args.recipes, build_all=args.all)
    out = sys.stdout
    results = build_recipes(
        parsed,
        args.out,
        offline=not args.tiles,
        formats=formats,
        base_url=args.base_url,
        jobs=jobs,
    )
    for result in results:
        _print_result(result, out)
    out.flush()
    return 0
