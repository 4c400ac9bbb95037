"""Tests for the storytelling notebooks in ``notebooks/``.

Three kinds of check:

- **Stripped.** Every committed notebook is valid nbformat 4, has no outputs, no execution
  counts and no widget state, and is byte-identical to what ``scripts/strip_notebooks.py``
  writes (fast; always run).
- **Prose.** Markdown cells cannot compute, so the only numbers they may contain are fixed
  published figures (the story's, the news agencies', the official border lengths) listed
  below with their source. Every measured figure is printed by a code cell from a variable,
  so prose and code cannot disagree.
- **Executed.** Each notebook runs top to bottom with nbclient, with ``notebooks/`` as the
  working directory, on a kernel started from the interpreter running these tests (the
  project's venv): a kernelspec is written to a temporary directory for the test, so a
  globally registered ``python3`` kernel pointing elsewhere is never used. Any error fails
  the test. The executed copies and their run times go to ``test-artifacts/notebooks/``.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import time
from pathlib import Path

import pytest
from conftest import require

from geo.facts.published import published_values

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
ARTIFACTS = REPO_ROOT / "test-artifacts" / "notebooks"
EXPECTED = (
    "01_is_the_front_800_miles.ipynb",
    "02_kursk_pocket.ipynb",
    "03_tumen_tripoint.ipynb",
    "04_your_own_data.ipynb",
)
NOTEBOOKS = sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb")) or list(EXPECTED)

# nbclient limits: one cell may take at most this long; a notebook is meant to run in well
# under two minutes in total (the time is recorded, not asserted: see the module docstring).
CELL_TIMEOUT_S = 120
KERNEL_STARTUP_S = 90
KERNEL_NAME = "frontline-test-venv"

# Fixed published figures the Markdown prose may quote (FACTS.md), normalised to floats.
# Measured figures must come from code output, never from this list.
PUBLISHED = {
    # The story: "nearly 800 miles of front" = 1,287 km; ~50,000 Russian troops massed,
    # ~10,000 North Korean soldiers.
    800.0: "story: nearly 800 miles of front",
    1287.0: "story: 800 mi in km",
    50000.0: "story: ~50,000 troops massed at Kursk",
    10000.0: "story: ~10,000 North Korean soldiers",
    # Other published front lengths.
    1000.0: "Reuters, 25 Nov 2024: 1,000-km front",
    620.0: "Reuters, 25 Nov 2024: 620-mile front",
    1040.0: "Ukraine's commander-in-chief, Aug 2024: ~1,040 km active front",
    # Kursk pocket (FACTS.md table).
    1320.0: "news-agency analysis of ISW maps, 20/21 Aug 2024: ~1,320 km2 peak",
    1294.0: "Ukrainian commander-in-chief, 27 Aug 2024: 1,294 km2",
    1376.0: "Ukrainian General Staff source, 23 Nov 2024: 1,376 km2 at most",
    482.0: "news-agency analysis of ISW maps, 30 Dec 2024: ~482 km2",
    # Tumen: official border lengths and the tripoint's place.
    17.0: "official RU-PRK river border, km",
    17.3: "official RU-PRK river border in some sources, km",
    22.1: "official RU-PRK sea border, km",
    1352.0: "official CN-PRK border, km",
    1420.0: "older official CN-PRK figure, km",
    4209.3: "official CN-RU border, km",
    500.0: "tripoint ~500 m upstream of the Friendship Bridge",
    # Conventions of the text itself.
    84.0: "WGS 84",
}

# The library's list (geo.facts.published.PUBLISHED, each with source and date) is the
# master list: the recipes' text is held to it too; the notebooks may quote any of it.
PUBLISHED.update(published_values())

_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# Dates, code spans, links and identifiers are not figures: remove them before looking.
_NOT_FIGURES = [
    re.compile(r"^\s*\d+\.\s", re.MULTILINE),  # numbered list items
    re.compile(r"`[^`]*`"),
    re.compile(r"\]\([^)]*\)"),
    re.compile(r"https?://\S+"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    re.compile(rf"\b\d{{1,2}}(?:[–/-]\d{{1,2}})?\s+{_MONTHS}(?:\s+\d{{4}})?"),
    re.compile(rf"\b{_MONTHS}\s+\d{{4}}\b"),
    re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}(?:,\s*\d{{4}})?"),
    re.compile(r"\b(?:19|20)\d{2}\b"),
]
_NUMBER = re.compile(r"(?<![\w.,:/-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w.]\d|\w)")


def _kernel_manager(tmp_path: Path):
    """An AsyncKernelManager whose only kernelspec runs this interpreter's ipykernel."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    kernels = tmp_path / "kernels"
    spec_dir = kernels / KERNEL_NAME
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "frontline (test venv)",
        "language": "python",
        # CI exports MPLBACKEND=Agg for headless scripts; in a kernel that would swallow the
        # figures, so run the notebooks with the inline backend a reader gets in Jupyter.
        "env": {"MPLBACKEND": "module://matplotlib_inline.backend_inline"},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    ksm = KernelSpecManager(kernel_dirs=[str(kernels)], ensure_native_kernel=False)
    return AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=ksm)


def _strip_module():
    path = REPO_ROOT / "scripts" / "strip_notebooks.py"
    spec = importlib.util.spec_from_file_location("strip_notebooks", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(name: str):
    nbformat = pytest.importorskip("nbformat")
    return nbformat.read(NOTEBOOKS_DIR / name, as_version=4)


def markdown_figures(text: str) -> list[float]:
    """The numbers in Markdown ``text`` that would read as figures (dates etc. removed)."""
    for pattern in _NOT_FIGURES:
        text = pattern.sub(" ", text)
    return [float(m.group(1).replace(",", "") + (m.group(2) or "")) for m in _NUMBER.finditer(text)]


# --- the files --------------------------------------------------------------------------------


def test_every_storytelling_notebook_is_there():
    missing = [name for name in EXPECTED if not (NOTEBOOKS_DIR / name).is_file()]
    assert not missing, f"missing notebooks: {missing}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_is_stripped_and_canonical(name):
    require(importlib.util.find_spec("nbformat") is not None, "nbformat is not installed")
    found = _strip_module().problems(NOTEBOOKS_DIR / name)
    assert not found, "\n".join(found)


def test_strip_removes_outputs_counts_and_widget_state():
    nbformat = pytest.importorskip("nbformat")
    strip = _strip_module()
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.2"}
    cell = nbformat.v4.new_code_cell("1 + 1", id="abc")
    cell.execution_count = 3
    cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"})]
    cell.metadata["execution"] = {"iopub.status.idle": "2024-11-13T00:00:00Z"}
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_markdown_cell("text", id="def")]
    out = strip.strip(nb)
    assert out.cells[0].outputs == [] and out.cells[0].execution_count is None
    assert out.cells[0].metadata == {"tags": ["parameters"]}
    assert "widgets" not in out.metadata and "version" not in out.metadata.language_info
    assert nb.cells[0].outputs, "strip() must not modify its argument"
    text = strip.canonical_text(nb)
    assert text == strip.canonical_text(nbformat.reads(text, as_version=4))  # idempotent


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_starts_with_a_parameters_cell(name):
    nb = _read(name)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, f"{name} has no code"
    assert "parameters" in code[0].metadata.get("tags", []), (
        f"{name}: the first code cell should be tagged 'parameters' (the cell a reader edits)"
    )
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


# --- prose ------------------------------------------------------------------------------------


def test_markdown_figure_finder():
    text = (
        "On 13 November 2024 (`AS_OF = '2024-11-13'`), Reuters (25 Nov 2024) said 1,000 km "
        "(620 mi); WGS84, EPSG:4326, Natural Earth 10m admin-0 v5.1.1; 4,209.3 km and 17 km.\n"
        "1. First item, 2 km\n  2. nested item"
    )
    assert markdown_figures(text) == [1000.0, 620.0, 4209.3, 17.0, 2.0]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_markdown_quotes_only_published_figures(name):
    nb = _read(name)
    bad = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        bad += [(index, f) for f in markdown_figures(cell.source) if f not in PUBLISHED]
    assert not bad, (
        f"{name}: Markdown cells hold figures that are not fixed published facts "
        f"(print measured figures from code instead): {bad}"
    )


# --- execution --------------------------------------------------------------------------------


@pytest.mark.notebook
@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_top_to_bottom(name, tmp_path, record_property):
    have = {m: importlib.util.find_spec(m) is not None for m in ("nbclient", "ipykernel")}
    require(all(have.values()), f"notebook tests need nbclient and ipykernel: {have}")
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = _read(name)
    client = NotebookClient(
        nb,
        km=_kernel_manager(tmp_path),
        timeout=CELL_TIMEOUT_S,
        startup_timeout=KERNEL_STARTUP_S,
        allow_errors=False,
        record_timing=True,
        resources={"metadata": {"path": str(NOTEBOOKS_DIR)}},
    )
    started = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as exc:
        pytest.fail(f"{name} failed:\n{exc}")
    finally:
        seconds = time.perf_counter() - started
        record_property("seconds", round(seconds, 1))
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, ARTIFACTS / name)
        times = ARTIFACTS / "times.json"
        recorded = json.loads(times.read_text()) if times.is_file() else {}
        recorded[name] = round(seconds, 1)
        times.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")

    # A clean run: no error output slipped through, and no warning printed to stderr (a
    # reader sees warnings as alarming red boxes; the notebooks should not need them).
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{name}: cell {index} raised"
            if output.output_type == "stream" and output.name == "stderr":
                assert "Warning" not in output.text, f"{name}: cell {index}: {output.text}"
    # The executed notebook shows at least one figure or map (a story, not just numbers).
    rich = {
        mime
        for cell in nb.cells
        for output in cell.get("outputs", [])
        for mime in output.get("data", {})
    }
    assert rich & {"image/png", "text/html"}, f"{name}: no chart or map in the outputs"
