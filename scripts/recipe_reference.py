"""Write ``docs/recipes.md``, the recipe reference, from the recipe schema.

The page is rendered by :func:`geo.recipe.reference.render_markdown` from the keys the
parser accepts (:mod:`geo.recipe.keys`) and their descriptions
(:mod:`geo.recipe.key_docs`). ``tests/test_recipe_reference.py`` fails when the committed
page differs from what this script writes, or when a key has no description.

Usage::

    .venv/bin/python scripts/recipe_reference.py           # rewrite docs/recipes.md
    .venv/bin/python scripts/recipe_reference.py --check   # exit 1 if it is out of date
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from geo.files import write_atomic
from geo.recipe.reference import render_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "recipes.md"


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or, with ``--check``, compare) the reference; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report, do not rewrite")
    parser.add_argument("--out", type=Path, default=DOC, help=f"default {DOC}")
    args = parser.parse_args(argv)
    text = render_markdown()
    current = args.out.read_text(encoding="utf-8") if args.out.is_file() else None
    if args.check:
        if current != text:
            print(f"{args.out} is out of date: run python scripts/recipe_reference.py")
            return 1
        return 0
    if current != text:
        write_atomic(args.out, text, parents=True)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
