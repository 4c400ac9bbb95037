"""The bundled recipes (``maps/*.toml``), and a recipe argument resolved to a file.

A checkout has ``maps/`` next to ``geo/``; a wheel ships it as ``geo/_data/maps``.
Nothing is read at import time.

Examples
--------
>>> sorted(bundled())
['front', 'kursk', 'overview', 'tumen']
>>> find("front").name
'front.toml'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from geo.errors import RecipeError
from geo.suggest import did_you_mean

__all__ = ["bundled", "find"]


def _maps_dir() -> Path:
    """The folder of the bundled recipes: the checkout's ``maps/``, else the wheel's."""
    checkout = Path(__file__).resolve().parents[2] / "maps"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("geo") / "_data" / "maps"))


def bundled() -> dict[str, Path]:
    """Return the bundled recipes, name → path, sorted by name."""
    folder = _maps_dir()
    return {p.stem: p for p in sorted(folder.glob("*.toml"))}


def find(name_or_path: str | Path) -> Path:
    """Resolve a recipe argument: an existing file, or the name of a bundled recipe.

    Parameters
    ----------
    name_or_path : str or Path
        A ``.toml`` file, or a bundled map's name (``"front"``, ``"front.toml"``).

    Returns
    -------
    Path

    Raises
    ------
    RecipeError
        Neither a file nor a bundled recipe; lists the close bundled names.
    """
    p = Path(name_or_path)
    if p.is_file():
        return p
    maps = bundled()
    key = str(name_or_path).removesuffix(".toml")
    if key in maps:
        return maps[key]
    hint = did_you_mean(key, list(maps), n=2) or f"bundled: {', '.join(maps)}"
    raise RecipeError(f"no such recipe file or bundled map; {hint}", path=str(name_or_path))
