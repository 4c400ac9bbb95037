"""Print the module map of ``geo/`` for docs/architecture.md: one line per module.

Each line is the module's path and the first line of its docstring, so the map cannot say
something the code does not. Run it after adding a module and paste its output into the
"Module map" section (``tests/test_docs.py`` checks that every module is listed).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "geo"


def module_lines() -> list[str]:
    out = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT.parent).as_posix()
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        first = " ".join(doc.strip().split("\n\n")[0].split())
        out.append(f"- `{rel}`: {first}")
    return out


if __name__ == "__main__":
    print("\n".join(module_lines()))
