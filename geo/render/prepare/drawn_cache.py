"""Drawn layers made only from catalog files, kept between builds (the build cache).

The vector basemap, its detail (:mod:`.basemap`, :mod:`.basemap_detail`) and the inset's
land (:mod:`.inset`) are the costliest part of preparing a map (cutting, simplifying and
snapping about 100,000 vertices of coast, borders, oblasts and water: 0.3 s for the four
bundled maps, and their SVG path text another 0.05 s), and they depend only on the map's
view and on catalog files that rarely change. So the drawn layers, with their page form
(:meth:`MapLayer.encoded`), are kept in the build cache (:mod:`geo.cache`, sub-folder
``drawn``).

A catalog layer drawn by a recipe's ``[[layers]]`` entry (:mod:`.data_layers`) is kept
the same way, one entry per recipe entry: selecting, styling, simplifying and encoding it
is the same work on every build while its file, its catalog entry and the recipe entry
are unchanged. A recipe's own files and data are never cached.

Steps whose result is plain values are kept the same way (:func:`cached_plain`): the
map's labels (:mod:`.labels`: places from a gazetteer of thousands, filtered and thinned,
and the basemap's rivers and lakes), keyed by the recipe's ``[[labels]]`` and ``[view]``
as parsed, the map's bounds and pan limits, and the labelled layers and the water layers
the basemap read; the callouts that point at a catalog feature, by the ``[[callouts]]``
and the layers they name; and each figure of catalog layers (:mod:`.figures`), by its
``[[figures]]`` entry, the recipe's as-of date and the layers it reads. So a warm build
parses no layer file at all (each is still read and its SHA-256 checked).

**The key** is the SHA-256 of: the entry format, the step, :func:`geo.cache.code_digest`
(our source and the geometry libraries' versions), the step's inputs (the map's pixel
frame and max zoom; the inset's bounds; a data layer's recipe entry as parsed), the title
of the recipe's basemap layer, the whole catalog entry of every layer the step may read
(:meth:`geo.layers.Layer.to_dict`: title, style, checksum, ...), and the SHA-256 of every
file the step may read, each computed from the file's bytes
(:func:`geo.cache.file_digest`). Any change to any of them is a miss.

**Verification is not skipped.** A file whose digest differs from its catalog checksum is
never looked up: the step runs as without a cache, and reading that file raises the
catalog's mismatch error, as it always did. The cache is used only when the loader serves
the catalog's files and no recipe layer takes one of the step's layer names.

**On a hit** the layers the step read are recorded as read, in the same order, without
reading them (:meth:`.PrepareContext.note`): the credits name them as before, and a later
step that needs one of their frames (the water labels) reads it then.

**Entry**: ``meta`` holds the key, the layers read and, per drawn layer, every
:class:`MapLayer` field but its geometries, in JSON with tuples kept as tuples, and its
page form; ``g<i>``/``q<i>`` hold layer ``i``'s lon/lat and grid geometries as WKB
(:func:`geo.cache.pack_wkb`, exact coordinates). A plain step's ``meta`` holds the key,
the layers read and its ``value``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from geo import cache
from geo.render.model import MapLayer
from geo.render.prepare.context import PrepareContext, default_loader
from geo.render.simplify import SimplifyPlan

__all__ = ["FORMAT", "cached_drawn", "cached_plain", "from_plain", "to_plain"]

#: Version of the entry layout and key.
FORMAT = 2
#: Entries kept per step (the newest): a map's basemap and inset change only with its view
#: or the files, and are large (up to 3 MB); its data layers, labels, callouts and figures
#: are small (at most 0.1 MB each) and there are several per map.
KEEP = {"basemap": 128, "inset": 128}
KEEP_OTHER = 1024
_NOT_KEPT = ("geoms", "grid_geoms", "page_doc")


def to_plain(value: Any) -> Any:
    """JSON-ready form of nested dicts, tuples, lists and scalars (tuples stay tuples).

    Raises
    ------
    TypeError
        Anything else (the layer is then not cached).

    Examples
    --------
    >>> v = {"origin": [1, 2], "bounds": ((30.0, 45.5), (40.0, 52.0)), "tip": None}
    >>> from_plain(json.loads(json.dumps(to_plain(v)))) == v
    True
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)) and type(value) in (int, float):
        return value
    if isinstance(value, tuple):
        return {"t": [to_plain(v) for v in value]}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"d": {k: to_plain(v) for k, v in value.items()}}
    raise TypeError(f"cannot keep {type(value).__name__} in the basemap cache")


def from_plain(value: Any) -> Any:
    """The value :func:`to_plain` was given."""
    if isinstance(value, list):
        return [from_plain(v) for v in value]
    if isinstance(value, dict):
        if "t" in value:
            return tuple(from_plain(v) for v in value["t"])
        return {k: from_plain(v) for k, v in value["d"].items()}
    return value


def _key(
    ctx: PrepareContext, step: str, inputs: dict[str, Any], names: tuple[str, ...]
) -> str | None:
    """The entry's key, or None when this step must not be cached."""
    if any(name in ctx.own for name in names):
        return None
    files = {}
    entries = {}
    try:
        for name in names:
            meta: Any = ctx.loader(name)
            catalog = default_loader(name)
            if (meta.path, meta.sha256) != (catalog.path, catalog.sha256):  # type: ignore[attr-defined]
                return None  # a loader of other data: not cached
            digest = cache.file_digest(meta.path)
            if digest != meta.sha256:
                return None  # computed without the cache: the read reports the mismatch
            files[name] = digest
            entries[name] = to_plain(meta.to_dict())  # as the loader serves it
        title = ctx.loader(ctx.recipe.basemap.layer).title
        text = json.dumps(
            {
                "format": FORMAT,
                "step": step,
                "code": cache.code_digest(),
                "basemap": ctx.recipe.basemap.layer,
                "title": title,
                "inputs": to_plain(inputs),
                "files": files,
                "catalog": entries,
            },
            sort_keys=True,
        )
    except (LookupError, OSError, TypeError, ValueError, AttributeError):
        return None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached_drawn(
    ctx: PrepareContext,
    step: str,
    inputs: dict[str, Any],
    names: tuple[str, ...],
    compute: Callable[[], list[MapLayer]],
) -> list[MapLayer]:
    """``compute()``'s drawn layers, from the cache when the same inputs made them.

    Parameters
    ----------
    ctx : PrepareContext
        The map being prepared (its loader and own layers decide whether to cache).
    step : str
        Which step this is (``"basemap"``, ``"inset"``, ``"layer"``): part of the key.
    inputs : dict
        Everything besides the files that ``compute`` depends on (plain values).
    names : tuple of str
        The catalog layers ``compute`` may read.
    compute : callable
        Draws the layers.

    Returns
    -------
    list of MapLayer
        Equal, field by field, to what ``compute()`` returns.
    """

    def drawn() -> list[MapLayer]:
        # The page form is made once, here: kept in the entry, and carried by the layers.
        return [dataclasses.replace(lyr, page_doc=lyr.encoded()) for lyr in compute()]

    result: list[MapLayer] = _cached(ctx, step, inputs, names, drawn, _load, _store)
    return result


def cached_plain(
    ctx: PrepareContext,
    step: str,
    inputs: dict[str, Any],
    names: tuple[str, ...],
    compute: Callable[[], Any],
) -> Any:
    """``compute()``'s plain result (nested dicts, lists, tuples, scalars), from the cache.

    As :func:`cached_drawn` (the same key, the same checks, the layers read noted on a
    hit), for a step whose result is plain values; a result :func:`to_plain` refuses is
    returned and not kept.

    Returns
    -------
    Any
        Equal to what ``compute()`` returns.
    """

    def load(path: Path, key: str) -> tuple[Any, list[str]] | None:
        found = cache.read_entry(path)
        if found is None or found[0].get("key") != key:
            return None
        try:
            return from_plain(found[0]["value"]), [str(n) for n in found[0]["read"]]
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def store(path: Path, key: str, value: Any, read: list[str]) -> None:
        try:
            plain = to_plain(value)
        except TypeError:
            return
        cache.write_entry(path, {"key": key, "read": read, "value": plain}, {})

    return _cached(ctx, step, inputs, names, compute, load, store)


def _cached(
    ctx: PrepareContext,
    step: str,
    inputs: dict[str, Any],
    names: tuple[str, ...],
    compute: Callable[[], Any],
    load: Callable[[Path, str], tuple[Any, list[str]] | None],
    store: Callable[[Path, str, Any, list[str]], None],
) -> Any:
    """The lookup both kinds share: key, hit (its layers noted as read), or compute and keep."""
    where = cache.folder("drawn")
    key = None if where is None else _key(ctx, step, inputs, names)
    if where is None or key is None:
        return compute()
    path = where / f"{step}-{key[:40]}.npz"
    hit = load(path, key)
    if hit is not None:
        value, read = hit
        for name in read:
            ctx.note(name)
        return value
    before = set(ctx.read)
    value = compute()
    store(path, key, value, [name for name in ctx.read if name not in before])
    _prune(where, step)
    return value


_PRUNED: set[tuple[str, str]] = set()


def _prune(where: Any, step: str) -> None:
    """Keep the newest entries of ``step``: once per process and folder (a build writes few)."""
    if (str(where), step) not in _PRUNED:
        _PRUNED.add((str(where), step))
        cache.prune(where, f"{step}-*.npz", KEEP.get(step, KEEP_OTHER))


def _store(path: Any, key: str, layers: list[MapLayer], read: list[str]) -> None:
    described: list[dict[str, Any]] = []
    arrays: dict[str, np.ndarray] = {}
    try:
        for i, lyr in enumerate(layers):
            fields = {
                f.name: getattr(lyr, f.name)
                for f in dataclasses.fields(lyr)
                if f.name not in _NOT_KEPT
            }
            fields["plan"] = dataclasses.asdict(lyr.plan)
            fields["page_doc"] = lyr.encoded()
            described.append(to_plain(fields))
            arrays[f"g{i}"], arrays[f"g{i}_end"] = cache.pack_wkb(lyr.geoms)
            if lyr.grid_geoms is not None:
                arrays[f"q{i}"], arrays[f"q{i}_end"] = cache.pack_wkb(lyr.grid_geoms)
    except TypeError:
        return
    cache.write_entry(path, {"key": key, "read": read, "layers": described}, arrays)


def _load(path: Any, key: str) -> tuple[list[MapLayer], list[str]] | None:
    found = cache.read_entry(path)
    if found is None or found[0].get("key") != key:
        return None
    meta, arrays = found
    try:
        layers = []
        for i, plain in enumerate(meta["layers"]):
            fields = from_plain(plain)
            fields["plan"] = SimplifyPlan(**fields["plan"])
            fields["geoms"] = cache.unpack_wkb(arrays[f"g{i}"], arrays[f"g{i}_end"])
            q = f"q{i}"
            fields["grid_geoms"] = (
                cache.unpack_wkb(arrays[q], arrays[f"{q}_end"]) if q in arrays else None
            )
            layers.append(MapLayer(**fields))
        read = [str(name) for name in meta["read"]]
    except (KeyError, TypeError, ValueError):
        return None
    return layers, read
