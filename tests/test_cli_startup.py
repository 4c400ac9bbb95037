"""Start-up of ``frontline`` commands: each imports only what it needs (geo.cli).

Each command runs in a fresh interpreter, which then lists the heavy modules in its
``sys.modules``. The measuring and checking commands must not import the map stack
(folium, branca, Jinja, matplotlib); they read layers as GeoDataFrames, so geopandas (and
with it pandas) is expected there, and ``layers`` needs neither. No command but ``fetch``
imports the HTTP client (httpx, and the click/pygments/rich its command line pulls in),
and ``build`` loads no other command's module.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

MAP_STACK = ("folium", "branca", "jinja2", "matplotlib", "playwright", "imageio")
DATA_STACK = ("pandas", "geopandas")
NET_STACK = ("httpx", "httpcore", "click", "pygments", "rich")

_PROBE = """
import contextlib, io, json, sys
import geo.cli
with contextlib.redirect_stdout(io.StringIO()):
    code = geo.cli.main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _imported_modules(*argv: str) -> tuple[int, set[str]]:
    """Exit code of ``frontline ARGV`` and every module it imported (full dotted names)."""
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True
    )
    doc = json.loads(proc.stdout.strip().splitlines()[-1])
    return doc["code"], set(doc["modules"])


def _imported(*argv: str) -> tuple[int, set[str]]:
    """Exit code of ``frontline ARGV`` and the top-level packages it imported."""
    code, modules = _imported_modules(*argv)
    return code, {m.split(".")[0] for m in modules}


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


@pytest.mark.parametrize(
    "argv",
    [
        ("measure", "tumen"),
        ("check", "tumen"),
        ("facts",),
        ("layers", "--json"),
        ("borders", "RUS", "PRK"),
    ],
)
def test_commands_that_fetch_nothing_do_not_import_the_http_client(argv: tuple[str, ...]) -> None:
    code, modules = _imported(*argv)
    assert code == 0
    assert not modules & set(NET_STACK), sorted(modules & set(NET_STACK))


def test_build_imports_no_http_client_and_no_other_command(tmp_path) -> None:
    code, modules = _imported_modules("build", "kursk", "--out", str(tmp_path))
    assert code == 0
    assert (tmp_path / "kursk.html").is_file()
    top = {m.split(".")[0] for m in modules}
    assert not top & set(NET_STACK), sorted(top & set(NET_STACK))
    commands = sorted(m for m in modules if m.startswith("geo.commands."))
    assert commands == ["geo.commands._print", "geo.commands.build"] or commands == [
        "geo.commands.build"
    ], commands
    assert {"folium", "geopandas"} <= top  # a map needs them: the build really ran


def test_fetch_still_imports_the_http_client_when_it_fetches() -> None:
    """The lazy import is not a lost one: the fetcher makes its httpx client on demand."""
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, tempfile\n"
            "from geo.sources.cache import SnapshotCache\n"
            "from geo.sources.client import DeepStateFetcher\n"
            "assert 'httpx' not in sys.modules\n"
            "f = DeepStateFetcher(SnapshotCache(tempfile.mkdtemp()), 'http://127.0.0.1:9/')\n"
            "f.close()\n"
            "print('httpx' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.strip() == "True"


def test_a_command_runs_with_its_imports_frozen_and_hands_the_collector_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The command's work sees the imports frozen (kept out of full collections); a caller
    # running main() in its own process gets the collector back unfrozen, and a caller that
    # froze it first keeps its own freeze.
    import gc

    import geo.cli
    import geo.commands.layers as layers

    seen: list[int] = []
    monkeypatch.setattr(layers, "run", lambda args: seen.append(gc.get_freeze_count()) or 0)
    assert gc.get_freeze_count() == 0
    assert geo.cli.main(["layers"]) == 0
    assert seen[0] > 10_000 and gc.get_freeze_count() == 0
    gc.freeze()
    try:
        mine = gc.get_freeze_count()
        assert geo.cli.main(["layers"]) == 0
        assert seen[1] == mine and gc.get_freeze_count() == mine
    finally:
        gc.unfreeze()
