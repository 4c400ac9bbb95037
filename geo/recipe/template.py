"""Start a map: write a commented recipe, and put the data files next to it.

:func:`new_recipe` is what ``frontline new NAME [--from MAP|blank] [--data FILE...]``
does. It checks everything first and writes nothing when anything is wrong: the recipe
must not exist yet, and every data file must be readable and hold features. Then:

- each data file becomes a ``[[layers]]`` entry (polygons drawn first, then lines, then
  points, so nothing hides a marker) with its ``path``, a placeholder ``credit``
  (``"Your source here ..."``: valid, so the map builds at once, but to be replaced before
  publishing), a legend label, a tooltip of its first properties and a style chosen by
  its geometry (points, lines or polygons); a GeoPackage with several layers gives one
  entry per layer. Each gets a figure measured at build time: a count of points, a length
  of lines, an area of polygons;
- a file already in the recipe's folder (or below it) is used where it is; any other file
  is copied into ``data/`` beside the recipe (a Shapefile with its ``.dbf``, ``.prj``...
  sidecars). The recipe's header says which files went where;
- ``blank`` fits the view to the data (or shows Ukraine's front line when no data is
  given); ``--from front`` (or ``kursk``, ``tumen``, ``overview``) starts from that bundled
  map, with a comment above each section saying what it is for.

The result is validated as a recipe before it is written, so ``frontline build NAME.toml``
works with no edits.

Examples
--------
>>> import json, pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> point = {"type": "Feature", "properties": {"name": "Antonivskyi Bridge"},
...          "geometry": {"type": "Point", "coordinates": [32.7206, 46.6692]}}
>>> doc = {"type": "FeatureCollection", "features": [point]}
>>> _ = (folder / "x.geojson").write_text(json.dumps(doc))
>>> made = new_recipe(folder / "demo", data=[folder / "x.geojson"])
>>> made.path.name, [(d.name, d.geometry, d.features, d.path) for d in made.layers]
('demo.toml', [('x', 'point', 1, 'x.geojson')])
>>> new_recipe(folder / "demo")
Traceback (most recent call last):
...
geo.errors.UsageError: ...demo.toml: already exists; frontline new never overwrites a file
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo import layers as catalog_layers
from geo.errors import RecipeError, SourceError, UsageError
from geo.files import commit, temp_beside, write_atomic
from geo.io import GEOJSON_SUFFIXES, read_geodata
from geo.io.crs import force_2d, to_4326
from geo.recipe import keys
from geo.recipe import template_text as words
from geo.recipe.lookup import bundled
from geo.recipe.parse import loads
from geo.sources.kml import read_kml_frame
from geo.suggest import did_you_mean

__all__ = ["DATA_FOLDER", "PLACEHOLDER_CREDIT", "DataLayer", "NewRecipe", "new_recipe", "plan"]

#: Where data files from outside the recipe's folder are copied (beside the recipe).
DATA_FOLDER = "data"
#: The start of every generated credit: a valid credit that says it must be replaced.
PLACEHOLDER_CREDIT = "Your source here"
#: Files that travel with a Shapefile.
_SIDECARS = (".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".shp.xml")
_NAME_FIELDS = ("name", "Name", "NAME", "title", "label")
_KINDS = {
    "Point": "point",
    "MultiPoint": "point",
    "LineString": "line",
    "MultiLineString": "line",
    "LinearRing": "line",
    "Polygon": "polygon",
    "MultiPolygon": "polygon",
}


@dataclass(frozen=True)
class DataLayer:
    """One ``[[layers]]`` entry made from a data file.

    Attributes
    ----------
    source : pathlib.Path
        The file as given.
    path : str
        The ``path`` written in the recipe (relative to the recipe's folder, ``/``-separated).
    copies : tuple of (Path, Path)
        ``(from, to)`` files to copy; empty when the file is used where it is.
    layer : str or None
        The layer inside a multi-layer file.
    name : str
        The layer's recipe-level name (``name = ...``).
    geometry : str
        ``"point"``, ``"line"``, ``"polygon"`` or ``"mixed"``.
    features : int
        How many features it holds.
    fields : tuple of str
        Its property names that hold a value in at least one feature.
    bounds : tuple of float
        ``(lon_min, lat_min, lon_max, lat_max)`` in degrees.
    category : str or None
        A text property with 2 to 8 distinct values (and not the name), worth styling by.
    """

    source: Path
    path: str
    copies: tuple[tuple[Path, Path], ...]
    layer: str | None
    name: str
    geometry: str
    features: int
    fields: tuple[str, ...]
    bounds: tuple[float, float, float, float]
    category: str | None = None


@dataclass(frozen=True)
class NewRecipe:
    """A recipe :func:`plan` has checked (and :func:`new_recipe` has written)."""

    path: Path
    start: str
    text: str
    layers: tuple[DataLayer, ...]


def new_recipe(
    name: str | os.PathLike[str],
    *,
    start: str = "blank",
    data: Sequence[str | os.PathLike[str]] = (),
) -> NewRecipe:
    """Write ``NAME.toml`` and copy its data files (see the module docstring).

    Parameters
    ----------
    name : str or os.PathLike
        The recipe to write: ``NAME``, ``NAME.toml`` or a path; the map's name is the stem.
    start : str, default "blank"
        ``"blank"`` or a bundled map (``front``, ``kursk``, ``tumen``, ``overview``).
    data : sequence of path
        Data files: GeoJSON, GeoPackage, FlatGeobuf, Shapefile, KML/KMZ, anything OGR reads.

    Returns
    -------
    NewRecipe

    Raises
    ------
    UsageError
        The recipe (or a copy's target) exists, a bad name, or an unknown ``start``.
    SourceError
        A data file that is missing, a folder, unreadable, empty or without a CRS.
    """
    made = plan(name, start=start, data=data)
    if made.path.exists():  # checked again: it may have appeared since plan()
        raise _exists(made.path)
    for layer in made.layers:
        for src, dst in layer.copies:
            if not dst.exists():
                _copy(src, dst)
    write_atomic(made.path, made.text, parents=True)
    return made


def plan(
    name: str | os.PathLike[str],
    *,
    start: str = "blank",
    data: Sequence[str | os.PathLike[str]] = (),
) -> NewRecipe:
    """Check everything and compose the recipe, writing nothing (:func:`new_recipe`).

    Returns
    -------
    NewRecipe
        The recipe's path and text, and what will be copied where.
    """
    target = Path(name)
    if target.suffix.lower() != ".toml":
        target = target.with_name(target.name + ".toml")
    if not keys.MAP_NAME.match(target.stem):
        raise UsageError(
            f"NAME: {target.stem!r} must be letters, digits, - and _ (it names the map's files)"
        )
    if target.exists() or target.is_symlink():
        raise _exists(target)
    maps = bundled()
    if start != "blank" and start not in maps:
        hint = did_you_mean(start, [*maps, "blank"]) or f"choose from {', '.join(maps)}, blank"
        raise UsageError(f"--from: {start!r} is not a bundled map; {hint}")
    folder = target.parent.resolve()
    entries = _data_layers(folder, [Path(p) for p in data])
    if start == "blank":
        body = words.blank_sections(target.stem, entries)
    else:
        body = words.annotated(maps[start].read_text(encoding="utf-8"))
    blocks = [
        words.layer_block(d, i, f"{PLACEHOLDER_CREDIT}: who made {d.source.name}, and its licence")
        for i, d in enumerate(entries)
    ]
    text = words.header(target, start, entries, PLACEHOLDER_CREDIT) + body + "".join(blocks)
    figures = [words.figure_block(d, first=i == 0) for i, d in enumerate(entries)]
    text = (text + "".join(figures)).rstrip("\n") + "\n"
    try:
        loads(text, name=target.stem, path=str(target))
    except RecipeError as exc:  # a bug here, not the user's: say so plainly
        raise RuntimeError(f"frontline new wrote an invalid recipe: {exc}") from None
    return NewRecipe(path=target, start=start, text=text, layers=tuple(entries))


def _exists(path: Path) -> UsageError:
    return UsageError("already exists; frontline new never overwrites a file", path=path)


def _copy(src: Path, dst: Path) -> None:
    """Copy one file atomically (a temporary file beside ``dst``, renamed)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    with temp_beside(dst) as tmp:
        try:
            shutil.copyfile(src, tmp)
        except OSError as exc:
            raise SourceError(f"cannot copy: {exc.strerror or exc}", path=src) from None
        commit(tmp, dst)


# --- the data files ---------------------------------------------------------------------------


def _data_layers(folder: Path, files: list[Path]) -> list[DataLayer]:
    """Read every data file (all of them, before anything is written) into layer entries."""
    taken = set(catalog_layers.catalog())
    out: list[DataLayer] = []
    planned: dict[Path, Path] = {}
    for file in files:
        rel, copies = _placement(folder, file, planned)
        for layer, frame in _read_layers(file):
            stem = Path(file.name).stem if layer is None else f"{Path(file.name).stem}-{layer}"
            name = _unique(_slug(stem), taken)
            taken.add(name)
            out.append(_describe(file, rel, copies, layer, name, frame))
    return sorted(out, key=lambda d: _ORDER[d.geometry])  # stable: file order within a kind


def _placement(
    folder: Path, file: Path, planned: dict[Path, Path]
) -> tuple[str, tuple[tuple[Path, Path], ...]]:
    """Where a data file will be, relative to the recipe, and what must be copied for it."""
    _require_data_file(file)
    real = file.resolve()
    if real.is_relative_to(folder):
        return real.relative_to(folder).as_posix(), ()
    if real in planned:
        return planned[real].relative_to(folder).as_posix(), ()
    group = [real] + [
        side
        for suffix in _SIDECARS
        if real.suffix.lower() == ".shp"
        for side in (real.with_suffix(suffix), real.with_suffix(suffix.upper()))
        if side.is_file()
    ]
    dest = folder / DATA_FOLDER / real.name
    copies = []
    for src in group:
        dst = dest.with_name(dest.stem + src.name[len(real.stem) :])
        if dst.exists() and not (dst.is_file() and filecmp.cmp(src, dst, shallow=False)):
            raise _exists(dst)
        if dst in planned.values():
            raise UsageError(f"two data files are both named {real.name!r}; rename one", path=file)
        copies.append((src, dst))
    planned[real] = dest
    return dest.relative_to(folder).as_posix(), tuple(copies)


def _require_data_file(file: Path) -> None:
    if not file.exists():
        raise SourceError("no such file", path=file)
    if file.is_dir():
        raise SourceError("is a folder, not a data file", path=file)
    if not file.is_file():
        raise SourceError("is not a regular file", path=file)
    if not os.access(file, os.R_OK):
        raise SourceError("cannot read: permission denied", path=file)


def _read_layers(file: Path) -> list[tuple[str | None, Any]]:
    """``(layer name or None, GeoDataFrame in EPSG:4326)`` for each layer with features."""
    suffix = file.suffix.lower()
    if suffix in (".kml", ".kmz"):
        return [(None, _nonempty(read_kml_frame(file), file))]
    if suffix in GEOJSON_SUFFIXES or suffix == ".shp":
        return [(None, _nonempty(read_geodata(file), file))]
    import pyogrio

    try:
        listed = [(str(n), g) for n, g in pyogrio.list_layers(file) if g is not None]
    except Exception:  # not an OGR file: let the reader say what it is
        return [(None, _nonempty(read_geodata(file), file))]
    if len(listed) <= 1:
        return [(None, _nonempty(read_geodata(file), file))]
    out: list[tuple[str | None, Any]] = []
    for layer, _ in listed:
        frame = pyogrio.read_dataframe(file, layer=layer)
        if len(frame) == 0:
            continue
        if frame.crs is None:
            raise SourceError(f"layer {layer!r} has no CRS; frontline does not guess", path=file)
        out.append((layer, to_4326(force_2d(frame), f"{file}:{layer}")))
    if not out:
        raise SourceError("has no features", path=file)
    return out


#: Drawing order of data layers, bottom first: areas under lines under points.
_ORDER = {"polygon": 0, "mixed": 1, "line": 2, "point": 3}


def _nonempty(frame: Any, file: Path) -> Any:
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    if len(frame) == 0:
        raise SourceError("has no features with a geometry", path=file)
    return frame


def _describe(
    file: Path,
    rel: str,
    copies: tuple[tuple[Path, Path], ...],
    layer: str | None,
    name: str,
    frame: Any,
) -> DataLayer:
    kinds = {_KINDS.get(t, "mixed") for t in frame.geom_type}
    geometry = kinds.pop() if len(kinds) == 1 else "mixed"
    columns = [c for c in frame.columns if c != frame.geometry.name]
    fields = tuple(str(c) for c in columns if frame[c].notna().any() and c != "layer")
    lon0, lat0, lon1, lat1 = (float(v) for v in frame.total_bounds)
    category = next(
        (
            f
            for f in fields
            if f not in _NAME_FIELDS
            and frame[f].dropna().map(type).eq(str).all()
            and 2 <= frame[f].dropna().astype(str).nunique() <= min(8, len(frame) - 1)
        ),
        None,
    )
    return DataLayer(
        file,
        rel,
        copies,
        layer,
        name,
        geometry,
        len(frame),
        fields,
        (lon0, lat0, lon1, lat1),
        category,
    )


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]
    return slug or "data"


def _unique(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    n = 2
    while f"{name}-{n}" in taken:
        n += 1
    return f"{name}-{n}"
