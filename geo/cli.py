"""The ``frontline`` command line: a thin layer over the public API.

Each sub-command parses its options, calls one API function and prints the result as a
readable table, or as one JSON document with ``--json``. Exit codes: 0 fine, 1 problems
found (``check``), 2 unusable input. Any :class:`geo.errors.GeoError` becomes a single
line on stderr and exit code 2, never a traceback. Heavy modules are imported inside the
handlers so that ``frontline --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from geo.errors import GeoError

__all__ = ["main"]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNUSABLE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad option as one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {' '.join(message.split())}\n")
        raise SystemExit(EXIT_UNUSABLE)


def _float_list(text: str) -> list[float]:
    try:
        values = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected comma-separated numbers like 0.5,1,2, got {text!r}"
        ) from None
    if not values or any(not (v >= 0) or v == float("inf") for v in values):
        raise argparse.ArgumentTypeError(f"expected finite non-negative numbers, got {text!r}")
    return values


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (0 <= value < float("inf")):
        raise argparse.ArgumentTypeError(f"expected a finite number >= 0, got {text!r}")
    return value


def _run_command(args: argparse.Namespace) -> int:
    # One module per sub-command under geo.commands, imported only when used.
    module = importlib.import_module(f"geo.commands.{args.command}")
    return module.run(args)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for ``frontline`` (all sub-commands)."""
    parser = _Parser(
        prog="frontline",
        description="Geodesic measurement and newsroom maps for curated GeoJSON layers.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_, description=help_)

    p = add("layers", "list the layer catalog")
    p.add_argument("--json", action="store_true", help="one JSON document on stdout")

    p = add("measure", "geodesic length, area and perimeter of a file or layer")
    p.add_argument("source", metavar="PATH|LAYER_ID")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--tolerance-km",
        type=_float_list,
        default=None,
        metavar="LIST",
        help="also report line length after simplifying at these tolerances, e.g. 0.5,1,2,5,10",
    )
    p.add_argument(
        "--repair",
        action="store_true",
        help="measure invalid polygons after shapely.make_valid (never done silently)",
    )

    p = add("check", "check files or layers; exit 1 when problems are found")
    p.add_argument("sources", nargs="+", metavar="PATH|LAYER_ID")
    p.add_argument("--json", action="store_true")

    p = add("borders", "shared border of two features (ISO A3 code or name)")
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--layer", default="countries", metavar="ID|PATH")
    p.add_argument("--snap-m", type=_non_negative_float, default=None, metavar="METRES")
    p.add_argument("--json", action="store_true")

    p = add("tripoint", "where three features meet")
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("c")
    p.add_argument("--layer", default="countries", metavar="ID|PATH")
    p.add_argument("--json", action="store_true")

    p = add("build", "build maps from recipes")
    p.add_argument("recipes", nargs="*", metavar="RECIPE")
    p.add_argument("--all", action="store_true", help="build every bundled recipe")
    p.add_argument("--out", default="build/maps", metavar="DIR")
    p.add_argument("--offline", action="store_true", help="vector basemap, no network at all")
    p.add_argument("--format", default="html", metavar="html,png,svg")

    p = add("front", "derive the front line from an occupied-area file")
    p.add_argument("source", metavar="PATH")
    p.add_argument("--country", default="UKR", metavar="ISO_A3")
    p.add_argument("--buffer-km", type=_non_negative_float, default=4.0)
    p.add_argument("--out", default=None, metavar="FILE")
    p.add_argument("--json", action="store_true")

    p = add("timeline", "measures over dated snapshots")
    p.add_argument("source", metavar="DIR|GLOB")
    p.add_argument(
        "--out", default=None, metavar="FILE.csv", help="write the rows (.csv, .json or .png)"
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument("--workers", type=_positive_int, default=None, metavar="N")
    group.add_argument("--scheduler", default=None, metavar="ADDRESS")
    p.add_argument("--json", action="store_true", help="one JSON document on stdout")
    p.add_argument("--chart", default=None, metavar="FILE.png", help="area and length chart")
    p.add_argument("--country", default="UKR", metavar="ISO_A3")
    p.add_argument("--buffer-km", type=_non_negative_float, default=4.0)
    p.add_argument(
        "--tolerance-km",
        type=_non_negative_float,
        default=1.0,
        help="also report the main front length simplified at this tolerance (default 1)",
    )

    p = add("facts", "the fact sheet: every headline figure, with its method")
    p.add_argument("--json", action="store_true")

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``frontline`` with ``argv`` and return the exit code.

    Examples
    --------
    >>> main(["layers", "--json"])  # doctest: +SKIP
    0
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run_command(args)
    except GeoError as exc:
        sys.stderr.write(f"frontline {args.command}: error: {exc}\n")
        return EXIT_UNUSABLE
    except BrokenPipeError:  # e.g. `frontline layers | head -1`
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("frontline: interrupted\n")
        return 130


def _entry() -> NoReturn:
    raise SystemExit(main())


if __name__ == "__main__":  # pragma: no cover
    _entry()
