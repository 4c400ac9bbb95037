"""Tests for the recipe reference (``geo.recipe.reference``) and ``docs/recipes.md``.

The reference is generated from the schema, so it cannot drift from the parser: these tests
check that every key the parser accepts has a description and appears in the committed
page, that no description names a key the parser refuses, that every table of the schema
is placed in the reference, that the examples are TOML, and that the committed page is what
``scripts/recipe_reference.py`` writes.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from geo import styles
from geo.errors import RecipeError
from geo.recipe import keys, loads
from geo.recipe.reference import KEYS, TABLES, render_markdown, schema_keys

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "recipes.md"
SCRIPT = ROOT / "scripts" / "recipe_reference.py"

#: Schema constants that are choices or patterns, not the keys of a table.
NOT_TABLES = {"SECTIONS", "POSITIONS", "MEASURES", "GEOMETRIES", "SCHEMES", "FILE_LAYER"}


def test_every_parser_key_has_a_description():
    missing = [k for k in schema_keys() if k not in KEYS]
    assert not missing, (
        f"keys the parser accepts with no entry in geo/recipe/key_docs.py: {missing}"
    )


def test_no_description_of_a_key_the_parser_refuses():
    accepted = set(schema_keys())
    stale = [k for k in KEYS if k not in accepted]
    assert not stale, f"descriptions of keys the parser does not accept: {stale}"


def test_every_key_tuple_of_the_schema_is_placed_in_the_reference():
    placed = {t.schema for t in TABLES}
    for name in keys.__all__:
        value = getattr(keys, name)
        if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            assert name in NOT_TABLES or f"keys.{name}" in placed, (
                f"keys.{name} is not a table of geo.recipe.reference.TABLES (or NOT_TABLES)"
            )
    assert set(keys.FILE_LAYER) <= set(keys.LAYER)
    assert "styles.STYLE_KEYS" in placed and set(styles.STYLE_KEYS)


def test_the_committed_page_is_the_generated_one():
    assert DOC.is_file(), "docs/recipes.md is missing: run scripts/recipe_reference.py"
    assert DOC.read_text(encoding="utf-8") == render_markdown(), (
        "docs/recipes.md is out of date: run .venv/bin/python scripts/recipe_reference.py"
    )


def test_every_accepted_key_appears_in_the_committed_page():
    text = DOC.read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.MULTILINE)
    by_heading = {s.split("\n", 1)[0].strip("` "): s for s in sections[1:]}
    for table in TABLES:
        section = by_heading[table.heading]
        for key in table.accepted():
            assert f"| `{key}` |" in section, f"{table.heading}: {key} is not in docs/recipes.md"
    for section in keys.SECTIONS:
        assert f"`{section}`" in text


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.path)
def test_each_example_is_toml_naming_its_key(table):
    for key in table.accepted():
        example = KEYS[f"{table.path}.{key}"].example
        assert list(tomllib.loads(example)) == [key], f"{table.path}.{key}: {example!r}"


def test_choices_come_from_the_schema():
    text = render_markdown()
    for measure in keys.MEASURES:
        assert f"`{measure}`" in text
    for hatch in styles.HATCHES:
        assert f"`{hatch}`" in text


# --- the parser agrees: probe each table with a key no table has --------------------------

_BASE = '[text]\ntitle = "T"\n[view]\ncenter = [35.0, 48.5]\nzoom = 6\n'
_LAYER = '[[layers]]\nid = "tumen"\n'
#: A recipe with a bogus key in one table, and the reference table it must match.
PROBES = {
    "text": ('[text]\ntitle = "T"\nzzqx = 1\n[view]\ncenter = [35.0, 48.5]\nzoom = 6\n' + _LAYER),
    "view": ('[text]\ntitle = "T"\n[view]\ncenter = [35.0, 48.5]\nzoom = 6\nzzqx = 1\n' + _LAYER),
    "basemap": _BASE + "[basemap]\nzzqx = 1\n" + _LAYER,
    "layers": _BASE + _LAYER + "zzqx = 1\n",
    "style": _BASE + _LAYER + "style = { zzqx = 1 }\n",
    "labels": _BASE + _LAYER + "[[labels]]\nzzqx = 1\n",
    "callouts": _BASE + _LAYER + "[[callouts]]\nzzqx = 1\n",
    "figures": _BASE + _LAYER + "[[figures]]\nzzqx = 1\n",
    "inset": _BASE + _LAYER + "[inset]\nzzqx = 1\n",
    "static": _BASE + _LAYER + "[static]\nzzqx = 1\n",
    "timeline": _BASE + '[timeline]\nsource = "x"\ncredit = "c"\nzzqx = 1\n',
    "changes": _BASE + '[changes]\nfrom = "a"\nto = "b"\ncredit = "c"\nzzqx = 1\n',
    "changes.side": _BASE
    + '[changes]\nfrom = "a"\nto = "b"\ncredit = "c"\ngained = { zzqx = 1 }\n',
    "tooltip": _BASE + _LAYER + "tooltip = { zzqx = 1 }\n",
}


@pytest.mark.parametrize("path", sorted(PROBES))
def test_the_parser_accepts_exactly_the_documented_keys(path):
    table = next(t for t in TABLES if t.path == path)
    with pytest.raises(RecipeError, match="unknown key") as info:
        loads(PROBES[path], name="probe")
    known = str(info.value).split("known keys: ", 1)[1]
    assert tuple(k.strip() for k in known.split(",")) == table.accepted()


def test_the_style_by_keys_are_accepted_in_a_layer_style():
    text = _BASE + '[[layers]]\npath = "a.geojson"\ncredit = "c"\n'
    cases = {
        "by": 'style = { by = "kind" }',
        "values": 'style = { by = "kind", values = { dam = { fill = "#000" } } }',
        "scheme": 'style = { by = "n", scheme = "quantiles" }',
        "k": 'style = { by = "n", scheme = "quantiles", k = 4 }',
        "ramp": 'style = { by = "n", scheme = "quantiles", ramp = "Reds" }',
    }
    assert set(cases) == set(keys.STYLE_BY)
    for line in cases.values():
        loads(text + line + "\n", name="probe")


def test_the_script_checks_and_writes(tmp_path):
    out = tmp_path / "recipes.md"
    run = [sys.executable, str(SCRIPT), "--out", str(out)]
    assert subprocess.run([*run, "--check"], capture_output=True).returncode == 1
    assert subprocess.run(run, capture_output=True).returncode == 0
    assert out.read_text(encoding="utf-8") == render_markdown()
    assert subprocess.run([*run, "--check"], capture_output=True).returncode == 0


def test_build_help_links_the_reference(capsys):
    from geo import cli

    with pytest.raises(SystemExit):
        cli.main(["build", "--help"])
    assert "docs/recipes.md" in capsys.readouterr().out
