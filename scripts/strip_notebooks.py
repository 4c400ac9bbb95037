"""Strip outputs from the storytelling notebooks and write them in one canonical form.

The notebooks in ``notebooks/`` are committed without outputs: outputs are large, change on
every run (folium ids, timings, Python versions) and could carry third-party data read at run
time. This script removes them and normalises what Jupyter rewrites on every save, so that a
notebook's bytes change only when its cells do:

- every code cell loses its outputs and gets ``execution_count: null``;
- per-cell run metadata (``execution``, ``ExecuteTime``, ``collapsed``, ``scrolled``) is
  dropped; ``tags`` (e.g. ``parameters``) are kept;
- notebook metadata keeps only ``kernelspec`` (reset to the standard Python 3 kernel) and
  ``language_info`` without its ``version``; ipywidgets state (``widgets``) is removed;
- cells missing an id get a deterministic one; the JSON is written the way nbformat writes
  it (sorted keys, one-space indent, UTF-8) with a final newline.

Usage::

    python scripts/strip_notebooks.py             # rewrite notebooks/*.ipynb in place
    python scripts/strip_notebooks.py --check     # exit 1 and list files that are not clean
    python scripts/strip_notebooks.py a.ipynb b.ipynb

The test suite (``tests/test_notebooks.py``) runs the same check on every notebook.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import nbformat

__all__ = ["KERNELSPEC", "canonical_text", "main", "problems", "strip"]

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

#: The kernelspec every committed notebook names. The tests do not rely on it: they run the
#: notebooks on a kernel built from the interpreter running the tests (the project's venv).
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

# Cell metadata that records a particular run or view, not the content.
_RUN_CELL_METADATA = ("execution", "ExecuteTime", "collapsed", "scrolled", "jupyter")


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` with outputs and run metadata removed (see the module docstring).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A version-4 notebook.

    Returns
    -------
    nbformat.NotebookNode
        The stripped copy; ``nb`` itself is not modified.
    """
    out = copy.deepcopy(nb)
    language_info = dict(out.metadata.get("language_info", {"name": "python"}))
    language_info.pop("version", None)
    out.metadata = nbformat.from_dict(
        {"kernelspec": dict(KERNELSPEC), "language_info": language_info}
    )
    out.nbformat, out.nbformat_minor = 4, max(int(out.get("nbformat_minor", 5)), 5)
    for index, cell in enumerate(out.cells):
        if "id" not in cell:
            # nbformat >= 4.5 requires ids; a fixed one keeps the file deterministic.
            cell["id"] = f"cell-{index:02d}"
        for key in _RUN_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
            if cell.cell_type == "markdown" and not cell.get("attachments"):
                cell.pop("attachments", None)
    return out


def canonical_text(nb: nbformat.NotebookNode) -> str:
    """The canonical file text of the stripped ``nb`` (what this script writes)."""
    text = nbformat.writes(strip(nb), version=4)
    return text if text.endswith("\n") else text + "\n"


def problems(path: Path) -> list[str]:
    """Reasons why the notebook at ``path`` is not clean (empty list when it is).

    Parameters
    ----------
    path : pathlib.Path
        A ``.ipynb`` file.

    Returns
    -------
    list of str
        One line per problem: outputs, execution counts, widget state, invalid nbformat, or
        bytes that differ from :func:`canonical_text`.
    """
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    found: list[str] = []
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        found.append(f"{path.name}: not valid nbformat 4: {exc.message}")
    if "widgets" in nb.metadata:
        found.append(f"{path.name}: notebook metadata holds widget state")
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            found.append(f"{path.name}: cell {index}: has {len(cell.outputs)} output(s)")
        if cell.get("execution_count") is not None:
            found.append(f"{path.name}: cell {index}: execution_count is {cell.execution_count}")
    if text != canonical_text(nb):
        found.append(
            f"{path.name}: not in canonical stripped form (run scripts/strip_notebooks.py)"
        )
    return found


def _write_atomic(path: Path, text: str) -> None:
    # Temp file in the same directory + rename: an interrupted run never leaves half a file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status (0 clean/written, 1 not clean)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: notebooks/*)")
    parser.add_argument("--check", action="store_true", help="report, do not rewrite")
    args = parser.parse_args(argv)
    paths = args.paths or sorted(NOTEBOOKS.glob("*.ipynb"))
    status = 0
    for path in paths:
        if args.check:
            for line in problems(path):
                print(line)
                status = 1
            continue
        text = path.read_text(encoding="utf-8")
        new = canonical_text(nbformat.reads(text, as_version=4))
        if new != text:
            _write_atomic(path, new)
            print(f"stripped {path}")
    return status


if __name__ == "__main__":
    sys.exit(main())
