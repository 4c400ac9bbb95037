r"""Update the generated fields of ``layers/catalog.toml`` from the layer files.

``sha256``, ``feature_count``, ``geometry_type`` and ``bbox`` are facts about a file, so
they are computed, never typed. This module rewrites exactly those four lines in each
``[[layer]]`` table (inserting them after ``file = ...`` when absent) and leaves every other
byte of the hand-written catalog alone: comments, order and layout survive. The output is
a pure function of the catalog text and the files, so re-running it changes nothing.

Examples
--------
>>> text = '[[layer]]\nid = "x"\nfile = "x.geojson"\nsha256 = "old"\n'
>>> facts = {"x": {"sha256": "new", "feature_count": 1, "geometry_type": "Point",
...                "bbox": [1.0, 2.0, 1.0, 2.0]}}
>>> print(sync_text(text, facts))
[[layer]]
id = "x"
file = "x.geojson"
sha256 = "new"
feature_count = 1
geometry_type = "Point"
bbox = [1.0, 2.0, 1.0, 2.0]
<BLANKLINE>
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from geo import jsonfmt
from geo.authoring import LAYERS_DIR
from geo.errors import LayerError
from geo.files import write_atomic
from geo.layers import CATALOG_FILE, file_facts

__all__ = ["GENERATED_KEYS", "sync_catalog", "sync_text"]

#: The keys this module owns, in the order they are written.
GENERATED_KEYS = ("sha256", "feature_count", "geometry_type", "bbox")

_HEADER = re.compile(r"^\s*\[")
_KEY = re.compile(r"^\s*([A-Za-z0-9_]+)\s*=")
_STRING = re.compile(r'^\s*(id|file)\s*=\s*"([^"]*)"')


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return jsonfmt.dumps(value, indent=None)  # a TOML basic string for our values
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to the catalog")


def sync_text(text: str, facts: Mapping[str, Mapping[str, Any]]) -> str:
    """Return the catalog text with the generated fields of the given layers replaced.

    Parameters
    ----------
    text : str
        The catalog's TOML text.
    facts : mapping
        Layer id -> ``{"sha256", "feature_count", "geometry_type", "bbox"}`` (as from
        :func:`geo.layers.file_facts`). Layers not named are left alone.

    Returns
    -------
    str
        The new text (ends with a newline).
    """
    lines = text.splitlines()
    out: list[str] = []
    # Work block by block: a block starts at a "[[layer]]" line.
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip() == "[[layer]]":
            blocks.append([])
        blocks[-1].append(line)
    out.extend(blocks[0])
    for block in blocks[1:]:
        # main part: from the header to the first sub-table header
        end = next((i for i in range(1, len(block)) if _HEADER.match(block[i])), len(block))
        main, rest = block[:end], block[end:]
        ids = [m.group(2) for ln in main if (m := _STRING.match(ln)) and m.group(1) == "id"]
        layer_facts = facts.get(ids[0]) if ids else None
        if layer_facts is None:
            out.extend(block)
            continue
        kept = [ln for ln in main if not ((m := _KEY.match(ln)) and m.group(1) in GENERATED_KEYS)]
        new_lines = [f"{k} = {_toml_value(layer_facts[k])}" for k in GENERATED_KEYS]
        at = next(
            (
                i + 1
                for i, ln in enumerate(kept)
                if (m := _STRING.match(ln)) and m.group(1) == "file"
            ),
            len(kept),
        )
        out.extend(kept[:at] + new_lines + kept[at:] + rest)
    return "\n".join(out) + "\n"


def sync_catalog(
    layers_dir: str | Path = LAYERS_DIR,
    *,
    ids: Iterable[str] | None = None,
    catalog_path: str | Path | None = None,
    write: bool = True,
) -> list[str]:
    """Recompute the generated fields of ``catalog.toml`` from the files in ``layers_dir``.

    Parameters
    ----------
    layers_dir : str or Path
        Where the layer files are (``layers/``, or a build directory).
    ids : iterable of str, optional
        Only these layers (default: every layer whose file exists in ``layers_dir``).
    catalog_path : str or Path, optional
        The catalog to update; default ``layers_dir / catalog.toml``.
    write : bool, default True
        Write the file; with False only report what would change.

    Returns
    -------
    list of str
        Ids whose generated fields changed.

    Raises
    ------
    LayerError
        If the catalog cannot be parsed, or a named id is unknown.
    """
    layers_dir = Path(layers_dir)
    path = Path(catalog_path) if catalog_path else layers_dir / CATALOG_FILE
    try:
        text = path.read_text(encoding="utf-8")
        doc = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LayerError(f"cannot read the catalog: {exc}", path=path) from None
    entries = {e["id"]: e for e in doc.get("layer", []) if "id" in e and "file" in e}
    wanted = list(entries) if ids is None else list(ids)
    unknown = [i for i in wanted if i not in entries]
    if unknown:
        raise LayerError(f"not in the catalog: {', '.join(unknown)}", path=path)
    facts = {}
    changed = []
    for layer_id in wanted:
        file = layers_dir / entries[layer_id]["file"]
        if not file.is_file():
            if ids is not None:
                raise LayerError(f"layer file missing for {layer_id}", path=file)
            continue
        facts[layer_id] = file_facts(file)
        old = {k: entries[layer_id].get(k) for k in GENERATED_KEYS}
        if old != facts[layer_id]:
            changed.append(layer_id)
    new_text = sync_text(text, facts)
    if write and new_text != text:
        write_atomic(path, new_text)
    return changed
