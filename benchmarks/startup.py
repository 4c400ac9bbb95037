"""Benchmark: start-up of the commands a newsroom script runs, against the bare imports.

Side by side, interleaved in every round (each a fresh process, timed with ``wait4``):

1. ``frontline build --all --offline`` (HTML, into a temporary folder) against
   ``python -c "import geopandas, folium"``: what building every map costs on top of
   importing the libraries any folium map needs. Target <= 1.5x CPU. Three builds, each
   with its own row, because the build cache (:mod:`geo.cache`) decides what a build redoes:

   - **warm cache**: the daily rebuild. The layer files have not changed since the last
     build, so their parsed frames and the drawn basemaps and insets are loaded, not
     computed (every file is still read and checked against its catalog checksum);
   - **empty cache**: the first build on a machine (a new, empty cache folder every
     round): everything is parsed and drawn, and the entries are written;
   - **cache off** (``FRONTLINE_BUILD_CACHE=off``): everything is parsed and drawn,
     nothing is written.
2. ``frontline measure LAYER`` against ``python -c "import geopandas"``: measuring a
   bundled layer needs geopandas (and with it pandas) to read it; everything else it
   adds is ours. Target <= 1.3x CPU.

Every command first runs once untimed, with bytecode caching on (in a temporary
``PYTHONPYCACHEPREFIX``), so every timed run, ours and the bare imports', reads compiled
bytecode as an installed package does.

``--importtime`` prints instead the top imports of each command (``build --all`` first),
from ``python -X importtime`` (cumulative microseconds of each top-level import, and
whether folium, branca, pandas, geopandas or httpx were imported at all).

Run: ``.venv/bin/python benchmarks/startup.py [--pairs 5] [--layer tumen] [--importtime]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path

from _harness import Report, interleave, measure_command

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
HEAVY = (
    "folium",
    "branca",
    "jinja2",
    "pandas",
    "geopandas",
    "matplotlib",
    "pyogrio",
    "httpx",
)


def _frontline() -> list[str]:
    script = Path(sys.executable).with_name("frontline")
    return [str(script)] if script.exists() else [sys.executable, "-m", "geo"]


def importtime(argv: list[str], top: int = 12) -> None:
    """Print the ``top`` costliest packages ``frontline ARGV`` imports, and the heavy ones.

    A package's figure is the cumulative time of its own top module (``pandas``, nested
    wherever it was first imported: it includes what it imports); ``geo`` is the sum of
    our modules' self times.
    """
    code = (
        "import io, contextlib, sys, geo.cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    geo.cli.main({argv!r})\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    packages: dict[str, int] = {}
    ours = 0
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        self_us, cum_us, name = line[len("import time:") :].split("|")
        name = name.strip()
        if name == "geo" or name.startswith("geo."):
            ours += int(self_us)
        elif "." not in name and not name.startswith("_"):
            packages[name] = max(packages.get(name, 0), int(cum_us))
    rows = sorted(((us, n) for n, us in packages.items()), reverse=True)[:top]
    heavy = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    print(f"\nfrontline {' '.join(argv)}: imports by cumulative time (nested ones included)")
    for us, name in [(ours, "geo (our modules, self time)"), *rows]:
        print(f"  {us / 1000:8.1f} ms  {name}")
    print(f"  heavy modules imported: {heavy or 'none'}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the rows; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5, help="interleaved rounds (>= 5)")
    parser.add_argument("--layer", default="tumen", help="layer for the measure row")
    parser.add_argument("--importtime", action="store_true", help="print import profiles")
    args = parser.parse_args(argv)
    if args.importtime:
        with tempfile.TemporaryDirectory() as tmp:
            importtime(["build", "--all", "--offline", "--out", str(Path(tmp) / "maps")])
        for cmd in (
            ["measure", args.layer],
            ["check", args.layer],
            ["borders", "RUS", "PRK"],
            ["tripoint", "CHN", "PRK", "RUS"],
            ["facts"],
        ):
            importtime(cmd)
        return 0
    cli = _frontline()
    py = sys.executable
    report = Report("start-up: frontline commands against bare imports", args.pairs)
    with tempfile.TemporaryDirectory() as tmp:
        # Bytecode as an installed package has it: written once (into a folder of our
        # own, not the checkout) and read by every later run, ours and the bare imports'
        # alike. (With PYTHONDONTWRITEBYTECODE=1 every run would compile our sources
        # again, while site-packages keep the .pyc files pip wrote.)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        build = [*cli, "build", "--all", "--offline", "--out", str(Path(tmp) / "maps")]
        warm = {**env, "FRONTLINE_BUILD_CACHE": str(Path(tmp) / "cache")}
        empty = [0]

        def empty_cache() -> dict[str, str]:
            empty[0] += 1
            return {**env, "FRONTLINE_BUILD_CACHE": str(Path(tmp) / f"empty{empty[0]}")}

        commands = {
            "build, warm cache": (build, lambda: warm),
            "build, empty cache": (build, empty_cache),
            "build, cache off": (build, lambda: {**env, "FRONTLINE_BUILD_CACHE": "off"}),
            "import geopandas, folium": ([py, "-c", "import geopandas, folium"], lambda: env),
            "measure": ([*cli, "measure", args.layer], lambda: env),
            "import geopandas": ([py, "-c", "import geopandas"], lambda: env),
        }
        for cmd, environ in commands.values():  # untimed: bytecode, OS file cache, entries
            measure_command(cmd, cwd=ROOT, env=environ())
        samples = interleave(
            {
                name: partial(lambda c, e: measure_command(c, cwd=ROOT, env=e()), cmd, environ)
                for name, (cmd, environ) in commands.items()
            },
            args.pairs,
        )
    for name, runs in samples.items():
        cpu = [statistics.median(s.cpu_s for s in runs), *sorted(s.cpu_s for s in runs)]
        report.info(f"  {name}", f"CPU {cpu[0]:.2f} s median ({cpu[1]:.2f}-{cpu[-1]:.2f})")
    for cache in ("warm cache", "empty cache", "cache off"):
        report.ratio(
            f"frontline build --all ({cache}) / bare import geopandas, folium",
            samples[f"build, {cache}"],
            samples["import geopandas, folium"],
            target=1.5,
        )
    report.ratio(
        f"frontline measure {args.layer} / bare import geopandas",
        samples["measure"],
        samples["import geopandas"],
        target=1.3,
    )
    return report.finish()


if __name__ == "__main__":
    raise SystemExit(main())
