"""Read a whole recipe: TOML text or a file in, a validated :class:`~geo.recipe.Recipe` out.

Examples
--------
>>> r = loads('''
... [text]
... title = "T"
... [view]
... center = [35.0, 48.5]
... zoom = 6
... [[layers]]
... id = "tumen"
... ''', name="demo")
>>> r.name, r.layer_ids()
('demo', ('countries', 'tumen'))
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from geo.errors import RecipeError
from geo.recipe import content, keys, limits, placeholders, sections, snapshots
from geo.recipe.coerce import Context, table
from geo.recipe.model import Recipe

__all__ = ["from_document", "load", "loads"]

#: The parser of each section, in the order of :data:`geo.recipe.keys.SECTIONS`.
_PARSERS: dict[str, Callable[[Context, Any], Any]] = {
    "text": sections.text,
    "view": sections.view,
    "basemap": sections.basemap,
    "layers": content.layers,
    "labels": content.labels,
    "callouts": content.callouts,
    "figures": content.figures,
    "inset": sections.inset,
    "static": sections.static,
    "page": sections.page,
    "publish": sections.publish,
    "timeline": snapshots.timeline,
    "changes": snapshots.changes,
}


def from_document(doc: dict[str, Any], *, name: str, path: str | None) -> Recipe:
    """Validate a parsed TOML document (a dict) as a recipe.

    Parameters
    ----------
    doc : dict
        As from :func:`tomllib.loads`.
    name : str
        The map's name.
    path : str or None
        The file, for error messages.

    Returns
    -------
    Recipe

    Raises
    ------
    RecipeError
        An unknown section or key, a bad value, or a missing required section.
    """
    limits.check_document(doc, path)
    ctx = Context(path)
    table(ctx, "", doc, keys.SECTIONS)
    for required in ("text", "view"):
        if required not in doc:
            raise ctx.fail(required, f"missing section [{required}]")
    parsed = {key: parse(ctx, doc[key]) for key, parse in _PARSERS.items() if key in doc}
    parsed.setdefault("layers", ())
    if not (parsed["layers"] or "timeline" in parsed or "changes" in parsed):
        raise ctx.fail(
            "layers", "a map needs at least one [[layers]] entry (or a [timeline] or [changes])"
        )
    return placeholders.check(Recipe(name=name, path=path, **parsed))


def loads(text: str, *, name: str = "map", path: str | None = None) -> Recipe:
    """Parse a recipe from TOML text.

    Parameters
    ----------
    text : str
        The TOML document.
    name : str, default "map"
        The map's name (used for output file names and element ids).
    path : str, optional
        The file the text came from, for error messages.

    Returns
    -------
    Recipe

    Raises
    ------
    RecipeError
        Invalid TOML, an unknown key (with the closest known key), or a bad value; the
        message names ``path``, the key path and the value.
    """
    if not keys.MAP_NAME.match(name):
        raise RecipeError(f"map name {name!r} must be letters, digits, - and _", path=path)
    limits.check_text(text, path)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RecipeError(f"not valid TOML: {exc}", path=path) from None
    return from_document(doc, name=name, path=path)


def load(path: str | Path) -> Recipe:
    """Read and validate a recipe file; the map's name is the file's stem.

    Parameters
    ----------
    path : str or Path
        A ``.toml`` file.

    Returns
    -------
    Recipe

    Raises
    ------
    RecipeError
        The file is missing/unreadable/not UTF-8, or the recipe is invalid.
    """
    p = Path(path)
    try:
        with p.open("rb") as fh:  # never more than the limit, even from /dev/zero
            data = fh.read(limits.MAX_BYTES + 1)
        limits.check_file_size(path, len(data))
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise RecipeError(f"cannot read recipe: {reason}", path=str(path)) from None
    return loads(text, name=p.stem, path=str(path))
