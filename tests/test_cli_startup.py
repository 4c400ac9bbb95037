"""Start-up of ``frontline`` commands: each imports only what it needs (geo.cli).

Each command runs in a fresh interpreter, which then lists the heavy modules in its
``sys.modules``. The measuring and checking commands must not import the map stack
(folium, branca, Jinja, matplotlib); they read layers as GeoDataFrames, so geopandas (and
with it pandas) is expected there, and ``layers`` needs neither.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

MAP_STACK = ("folium", "branca", "jinja2", "matplotlib", "playwright", "imageio")
DATA_STACK = ("pandas", "geopandas")

_PROBE = """
import contextlib, io, json, sys
import geo.cli
with contextlib.redirect_stdout(io.StringIO()):
    code = geo.cli.main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(m.split(".")[0] for m in sys.modules)}))
"""


def _imported(*argv: str) -> tuple[int, set[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True
    )
    doc = json.loads(proc.stdout.strip().splitlines()[-1])
    return doc["code"], set(doc["modules"])


@pytest.mark.parametrize(
    "argv",
    [
        ("measure", "tumen"),
        ("measure", "tumen", "--json"),
        ("check", "tumen"),
        ("borders", "RUS", "PRK"),
        ("tripoint", "CHN", "PRK", "RUS"),
        ("facts",),
    ],
)
def test_measuring_commands_do_not_import_the_map_stack(argv: tuple[str, ...]) -> None:
    code, modules = _imported(*argv)
    assert code == 0
    assert not modules & set(MAP_STACK), sorted(modules & set(MAP_STACK))
    assert "geopandas" in modules  # layers are read as GeoDataFrames: needed, and expected


def test_layers_imports_neither_stack() -> None:
    code, modules = _imported("layers", "--json")
    assert code == 0
    assert not modules & set(MAP_STACK + DATA_STACK)
