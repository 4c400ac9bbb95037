"""``frontline build [RECIPE...|--all] [--out DIR] [--offline] [--format html,png,svg]``.

For each recipe: one self-contained HTML page, an embed snippet, a JSON of the figures the
map shows and, when asked, PNG/SVG. Prints what it wrote, the measured figures and the
worst-case displacement of the simplified geometry (screen px at the recipe's max zoom).
Imports stay lean: matplotlib is loaded only for png/svg.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from geo.errors import UsageError

__all__ = ["run"]


class _CachedLayer:
    """A catalog layer whose ``read()`` happens once per process (maps share layers)."""

    def __init__(self, layer: Any) -> None:
        self._layer = layer
        self._frame: Any = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._layer, name)

    def read(self) -> Any:
        if self._frame is None:
            self._frame = self._layer.read()
        return self._frame


def _loader() -> Any:
    from geo import layers

    cache: dict[str, _CachedLayer] = {}

    def load(layer_id: str) -> _CachedLayer:
        if layer_id not in cache:
            cache[layer_id] = _CachedLayer(layers.get(layer_id))
        return cache[layer_id]

    return load


def _formats(text: str) -> tuple[str, ...]:
    from geo.render import FORMATS

    parts = tuple(dict.fromkeys(p.strip().lower() for p in text.split(",") if p.strip()))
    bad = [p for p in parts if p not in FORMATS]
    if not parts or bad:
        raise UsageError(
            f"--format: {bad[0] if bad else text!r} is not one of {', '.join(FORMATS)}"
        )
    return parts


def run(args: argparse.Namespace) -> int:
    """Build the recipes named in ``args`` (see module docstring); return the exit code."""
    from geo import recipe as recipes
    from geo.render import build

    formats = _formats(args.format)
    if args.all and args.recipes:
        raise UsageError("give recipe names or --all, not both")
    if args.all:
        names: list[str] = list(recipes.bundled())
    elif args.recipes:
        names = list(args.recipes)
    else:
        raise UsageError("name one or more recipes (e.g. front) or use --all")
    # Validate every recipe before building any, so a typo in the last one costs nothing.
    parsed = [recipes.load(recipes.find(name)) for name in names]
    load = _loader()
    out = sys.stdout
    for r in parsed:
        result = build(r, args.out, offline=args.offline, formats=formats, loader=load)
        sizes = ", ".join(f"{p} ({p.stat().st_size:,} bytes)" for p in result.files)
        out.write(f"{r.name}: {sizes}\n")
        for fig in result.figures:
            out.write(f"  {fig['text']} [{fig['method']}, as of {fig['as_of']}]\n")
        if result.timeline:
            tl = result.timeline
            frames = tl["frames"]
            skipped = f"; {len(tl['skipped'])} file(s) left out" if tl["skipped"] else ""
            out.write(
                f"  timeline: {len(frames)} frame(s), {frames[0]['date']} to "
                f"{frames[-1]['date']}{skipped}\n"
            )
        geo_report = result.geometry
        layers = geo_report["layers"]
        worst = max(layers, key=lambda d: d["worst_case_px"]) if layers else None
        if worst is not None:
            n_in = sum(d["vertices_in"] for d in layers)
            n_out = sum(d["vertices_out"] for d in layers)
            ground = max(d["worst_case_ground_m"] for d in layers)
            px = geo_report["worst_case_displacement_px"]
            if worst.get("grid_per_px"):
                quant = f"a 1/{worst['grid_per_px']} px grid"
            else:
                quant = f"{worst['decimals']} decimals"
            out.write(
                f"  geometry: worst-case displacement {px:.2f}"
                f" px at zoom {geo_report['max_zoom']} (at most {ground:,.0f} m on the ground;"
                f" simplify {worst['tolerance_px']:.2f} px + {quant});"
                f" vertices {n_in:,} -> {n_out:,}\n"
            )
    out.flush()
    return 0
