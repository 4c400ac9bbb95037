"""geo.recipe.limits: a recipe's size and shape are bounded, and refused in one line.

The recipe cases of the bad-input corpus (``[recipes]`` in tests/data/bad/MANIFEST.toml)
go through the real ``frontline build``: exit code 2, one stderr line naming the file and the
limit, no traceback, nothing written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from geo.errors import RecipeError
from geo.recipe import load, loads
from geo.recipe.limits import (
    MAX_ARRAY,
    MAX_BYTES,
    MAX_DEPTH,
    MAX_KEYS,
    MAX_STRING,
    check_document,
    check_text,
)

REPO = Path(__file__).resolve().parent.parent
BAD = REPO / "tests" / "data" / "bad"
RECIPES = tomllib.loads((BAD / "MANIFEST.toml").read_text(encoding="utf-8"))["recipes"]

HEAD = """[text]
title = "T"
as_of = "2024-11-13"

[view]
center = [35.0, 48.5]
zoom = 6

[[layers]]
id = "tumen"
"""


def test_every_recipe_case_has_a_manifest_entry() -> None:
    committed = {p.name for p in (BAD / "recipes").iterdir()}
    assert committed == set(RECIPES)
    for name, entry in RECIPES.items():
        assert entry["what"] and entry["build"]["exit"] == 2 and entry["build"]["message"], name


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_bad_recipe_through_the_cli(name: str, tmp_path: Path) -> None:
    rel = f"tests/data/bad/recipes/{name}"
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "geo", "build", rel, "--out", str(out), "--format", "svg"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if k != "FRONTLINE_DEBUG"},
    )
    where = f"{name}: rc={proc.returncode} stdout={proc.stdout!r} stderr={proc.stderr[:500]!r}"
    assert "Traceback" not in proc.stdout + proc.stderr, where
    assert proc.returncode == RECIPES[name]["build"]["exit"], where
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, where
    assert lines[0].startswith(f"frontline build: error: {rel}: "), where
    assert RECIPES[name]["build"]["message"].lower() in lines[0].lower(), where
    assert len(lines[0]) < 600, where
    assert not out.exists() or not any(out.iterdir()), where


def test_brackets_in_strings_and_comments_do_not_count() -> None:
    text = HEAD.replace('title = "T"', 'title = "' + "[" * 100 + '"  # ' + "{" * 100)
    text = text.replace('id = "tumen"', "id = \"tumen\"\nlabel = '''" + "]" * 50 + "'''")
    check_text(text)
    assert loads(text).text.title == "[" * 100


def test_the_bundled_recipes_are_well_inside_the_limits() -> None:
    for path in sorted((REPO / "maps").glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        assert len(text.encode()) < MAX_BYTES // 10
        check_text(text, str(path))
        check_document(tomllib.loads(text), str(path))
        load(path)


def test_limits_at_the_edge() -> None:
    check_text("a = " + "[" * MAX_DEPTH + "]" * MAX_DEPTH)
    with pytest.raises(RecipeError, match=f"more than {MAX_DEPTH} levels"):
        check_text("a = " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    check_document({"a": "x" * MAX_STRING, "b": [0] * MAX_ARRAY})
    with pytest.raises(RecipeError, match="a: the string is"):
        check_document({"a": "x" * (MAX_STRING + 1)})
    with pytest.raises(RecipeError, match=r"b\[1\]: the array has"):
        check_document({"b": [[], [0] * (MAX_ARRAY + 1)]})
    with pytest.raises(RecipeError, match="keys, over the limit"):
        check_document({"t": {str(i): i for i in range(MAX_KEYS + 1)}})


def test_a_document_built_in_code_cannot_overflow_the_stack() -> None:
    doc: dict = {}
    node = doc
    for _ in range(100_000):
        node["a"] = {}
        node = node["a"]
    with pytest.raises(RecipeError, match="nested more than"):
        check_document(doc, "built-in-code")


def test_oversized_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(HEAD + "# " + "x" * MAX_BYTES + "\n", encoding="utf-8")
    with pytest.raises(RecipeError, match="recipe is over the limit of 1,048,576 bytes"):
        load(path)
