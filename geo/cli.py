r"""The ``frontline`` command line: it assembles the sub-commands and maps errors to exit codes.

Each sub-command is one module of :mod:`geo.commands` that declares its own arguments
(``add_arguments(parser)``) and runs them (``run(args) -> int``) by calling the library.
This module only lists the commands with their one-line help (:data:`COMMANDS`), imports a
command's module when that command is chosen (so ``frontline --help`` imports no command
and ``frontline measure`` only ``measure``'s), and turns what goes wrong into one line on
stderr and an exit code:

- 0 fine;
- 1 problems found (``check``) or partial results written (``timeline``), as the command
  returns;
- 2 unusable input: any :class:`geo.errors.GeoError`, a bad option, or an
  :class:`OSError` no lower layer caught (worded by :func:`geo.outpaths.io_error`: the
  path, what failed, what to do);
- 3 an internal error (a bug): one line, and the traceback only with ``FRONTLINE_DEBUG=1``;
- 130 interrupted.

Everything a command prints in text goes through :class:`geo.termtext.SafeStream`: control
characters and escape sequences from data, recipes or file names reach the terminal as
visible escapes (``\x1b``), and text the terminal cannot encode never crashes the command.
JSON documents are escaped by their printer with JSON's own escapes, so they stay exact.

Examples
--------
>>> main(["layers", "--json"])  # doctest: +SKIP
0
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import geo
from geo.errors import GeoError
from geo.outpaths import io_error
from geo.termtext import SafeStream, one_line

__all__ = [
    "COMMANDS",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_UNUSABLE",
    "build_parser",
    "main",
]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNUSABLE = 2
EXIT_INTERNAL = 3
_EXIT_INTERRUPTED = 130

#: Every sub-command, in the order ``frontline --help`` lists them, with its one-line help
#: (also the description atop ``frontline NAME --help``). The arguments and the work live
#: in the module ``geo.commands.NAME``.
COMMANDS: dict[str, str] = {
    "layers": "list the layer catalog",
    "measure": "geodesic length, area and perimeter of a file or layer",
    "check": "check files or layers; exit 1 when problems are found",
    "borders": "shared border of two features (ISO A3 code or name)",
    "tripoint": "where three features meet",
    "new": "write a commented recipe to start a map, with your data files",
    "build": "build maps from recipes",
    "front": "derive the front line from an occupied-area file",
    "timeline": "measures over dated snapshots",
    "fetch": "download DeepStateMap daily snapshots into the local cache",
    "change": "what changed between two dates: areas, front, oblasts, places, map",
    "facts": "the fact sheet: every headline figure, with its method",
}


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad option as one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {' '.join(message.split())}\n")
        raise SystemExit(EXIT_UNUSABLE)


def _command_module(name: str) -> Any:
    """The module of sub-command ``name``, imported on first use."""
    return importlib.import_module(f"geo.commands.{name}")


class _Version(argparse.Action):
    """``--version``: the package version, looked up only when asked (package metadata)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(f"frontline {geo.__version__}")
        parser.exit(0)


class _LazyCommands(argparse._SubParsersAction):
    """Sub-parsers whose arguments are declared by their module once the command is chosen."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        name = values[0]
        sub = self.choices.get(name)
        if isinstance(sub, argparse.ArgumentParser) and not getattr(sub, "_declared", False):
            _command_module(name).add_arguments(sub)
            sub._declared = True  # type: ignore[attr-defined]
        super().__call__(parser, namespace, values, option_string)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for ``frontline``.

    Every sub-command of :data:`COMMANDS` is listed; a sub-command's own arguments are
    declared by its module when the command is chosen on the command line.

    Returns
    -------
    argparse.ArgumentParser
        Bad options exit with one line on stderr and code 2.
    """
    parser = _Parser(
        prog="frontline",
        description="Geodesic measurement and newsroom maps for curated GeoJSON layers.",
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, action=_LazyCommands
    )
    sub.required = True
    for name, help_ in COMMANDS.items():
        sub.add_parser(name, help=help_, description=help_)
    return parser


def _internal_error(prog: str, exc: Exception) -> int:
    """Report a bug as one line (the traceback only with ``FRONTLINE_DEBUG=1``)."""
    if os.environ.get("FRONTLINE_DEBUG") == "1":
        raise exc
    try:
        message = " ".join(str(exc).split())
    except Exception:  # an exception whose str() fails
        message = ""
    sys.stderr.write(
        f"{prog}: internal error: {type(exc).__name__}"
        f"{': ' + message if message else ''} (FRONTLINE_DEBUG=1 shows the traceback)\n"
    )
    return EXIT_INTERNAL


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``frontline`` with ``argv`` and return the exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after ``frontline``; default ``sys.argv[1:]``.

    Returns
    -------
    int
        0 fine, 1 problems found or partial results, 2 unusable input, 3 internal error,
        130 interrupted. A bad option, or ``--help``, raises ``SystemExit`` (code 2 after
        its one-line message, or 0).

    Examples
    --------
    >>> main(["layers", "--json"])  # doctest: +SKIP
    0
    """
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(stdout), SafeStream(stderr)
    # The imports (pandas, geopandas, folium, ...) leave tens of thousands of objects that
    # live as long as the command: kept out of the collector, its full collections stop
    # walking them again (cold `build --all`: about 10 % less CPU, the same bytes out). A
    # caller that runs main() in its own process (a notebook, the tests) gets its collector
    # back as it was, so nothing made meanwhile stays uncollected.
    ours = gc.get_freeze_count() == 0  # nobody froze the collector before us
    try:
        return _run(argv, freeze=ours)
    finally:
        sys.stdout, sys.stderr = stdout, stderr
        if ours:
            gc.unfreeze()


def _run(argv: Sequence[str] | None, *, freeze: bool) -> int:
    prog = "frontline"
    try:
        # Parsing imports the chosen command's module (to declare its arguments).
        args = build_parser().parse_args(argv)
        prog = f"frontline {args.command}"
        if freeze:
            gc.freeze()  # after the command's imports, before its work
        return int(_command_module(args.command).run(args))
    except GeoError as exc:
        sys.stderr.write(f"{prog}: error: {one_line(str(exc))}\n")
        return EXIT_UNUSABLE
    except BrokenPipeError:  # e.g. `frontline layers | head -1`
        _quiet_stdout()
        return EXIT_OK
    except OSError as exc:  # the last resort: every I/O path should raise GeoError itself
        sys.stderr.write(f"{prog}: error: {one_line(str(io_error(exc, None, 'read or write')))}\n")
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        sys.stderr.write("frontline: interrupted\n")
        return _EXIT_INTERRUPTED
    except Exception as exc:
        return _internal_error(prog, exc)


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
    except (OSError, ValueError):
        pass


def _entry() -> NoReturn:
    raise SystemExit(main())


if __name__ == "__main__":  # pragma: no cover
    _entry()
