"""The docs follow the code: the module map in docs/architecture.md lists every module."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_architecture_lists_every_module() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [
        p.relative_to(ROOT).as_posix()
        for p in sorted((ROOT / "geo").rglob("*.py"))
        if f"`{p.relative_to(ROOT).as_posix()}`" not in text
    ]
    assert missing == [], "run scripts/module_map.py and update docs/architecture.md"


def test_architecture_lists_no_missing_module() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    listed = [line.split("`")[1] for line in text.splitlines() if line.startswith("- `geo/")]
    gone = [p for p in listed if not (ROOT / p).is_file()]
    assert gone == []
