"""The caller's own layers: files named by a recipe, and GeoDataFrames passed in Python.

A ``[[layers]]`` entry with ``path`` (or with a ``name`` whose data the caller passes as
``make_map(recipe, data={"strikes": gdf})``) becomes an :class:`OwnLayer`: it quacks like a
catalog layer (:class:`~geo.render.model.LayerLike`: title, sources, licence, as-of date,
``read()``), so labels, figures, ``"LAYER:NAME"`` points and credits treat it as one. The
file is read once, when the map is built, whatever its format:

* GeoJSON (by suffix or content), strict (:func:`geo.io.read_geojson_text`); a DeepStateMap
  map document becomes one row per status (``occupied``, ``liberated``, ``unknown``: the
  grey zone) with its ``date`` and geodesic ``area_km2``;
* KML/KMZ, every folder (or the ``layer`` named), WGS84 by definition;
* anything else pyogrio reads (GeoPackage, FlatGeobuf, Shapefile...), one layer: the
  ``layer`` named, or the file's only layer.

Every CRS is transformed to EPSG:4326; a file without one is refused unless the entry names
it (``crs = "EPSG:32636"``), as :mod:`geo.io` does everywhere. Every failure is one line that
names the recipe key and the file; nothing is written.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.errors import GeoError, RecipeError, SourceError
from geo.io import frame_from_document, read_geodata, read_geojson_text, read_ogr
from geo.io.crs import parse_crs
from geo.io.limits import require_file
from geo.io.read import is_geojson_file
from geo.recipe import LayerSource, Recipe
from geo.sources.dates import date_from_name
from geo.sources.deepstate import is_deepstate_document, read_deepstate
from geo.sources.kml import read_kml_frame
from geo.sources.ogr import gdal_message
from geo.suggest import did_you_mean

__all__ = ["OwnLayer", "frame_of_data", "own_layers", "read_layer_file"]


@dataclass
class OwnLayer:
    """A layer that is not from the catalog: a file, or data passed in Python.

    Attributes
    ----------
    id : str
        The recipe-level name.
    source : LayerSource
        The entry's path, layer, CRS, credit and provenance.
    key : str
        The recipe key of the entry that defines it (``layers[2]``), for error messages.
    recipe_path : str or None
        The recipe file (for error messages).
    file : str or None
        The resolved file; ``None`` for data.
    data : Any
        The caller's data (GeoDataFrame, GeoSeries, anything :func:`geo.io.read_geodata`
        takes) when there is no file.
    label : str or None
        The entry's legend label (the default title).
    """

    id: str
    source: LayerSource
    key: str
    recipe_path: str | None = None
    file: str | None = None
    data: Any = None
    label: str | None = None
    style: dict[str, Any] = field(default_factory=dict)
    _frame: Any = field(default=None, repr=False)

    @property
    def title(self) -> str:
        """The title credited: the entry's ``title``, else its label, else its name."""
        return self.source.title or self.label or self.id

    @property
    def sources(self) -> str:
        """The credit, with the ``url`` after it (as text)."""
        return ", ".join(p for p in (self.source.credit, self.source.url) if p)

    @property
    def license(self) -> str:
        """The entry's ``license`` (may be empty)."""
        return self.source.license

    @property
    def as_of(self) -> str:
        """The entry's ``as_of`` date (may be empty)."""
        return self.source.as_of

    def read(self) -> Any:
        """Return the layer as a GeoDataFrame in EPSG:4326, read once.

        Raises
        ------
        RecipeError
            Unreadable, empty or CRS-less data; the message names the entry's key.
        """
        if self._frame is None:
            where = f"{self.key}.path" if self.file is not None else self.key
            try:
                if self.file is not None:
                    gdf = read_layer_file(self.file, layer=self.source.layer, crs=self.source.crs)
                else:
                    gdf = frame_of_data(self.data, f"data[{self.id!r}]")
            except GeoError as exc:
                raise RecipeError(str(exc), path=self.recipe_path, key=where) from None
            self._frame = gdf
        return self._frame.copy()


def own_layers(recipe: Recipe, data: Mapping[str, Any] | None = None) -> dict[str, OwnLayer]:
    """The recipe's file and data layers, by name (nothing is read yet).

    Parameters
    ----------
    recipe : Recipe
        The parsed recipe.
    data : mapping of str to GeoDataFrame, optional
        Data for the entries without ``path``, by their ``name``.

    Returns
    -------
    dict of str to OwnLayer

    Raises
    ------
    RecipeError
        An entry with no path and no data, data for a name no entry has (close names
        listed), or data for an entry that reads a file.
    """
    data = dict(data or {})
    names = [spec.id for spec in recipe.layers if spec.source is not None]
    unused = [name for name in data if name not in names]
    if unused:
        hint = did_you_mean(str(unused[0]), names) or (
            f"the data layers are {', '.join(names)}" if names else "no [[layers]] entry has a name"
        )
        raise RecipeError(f"data[{unused[0]!r}] is not used by any [[layers]] entry; {hint}")
    out: dict[str, OwnLayer] = {}
    for i, spec in enumerate(recipe.layers):
        src = spec.source
        if src is None or spec.id in out:
            continue
        key = f"layers[{i}]"
        own = OwnLayer(spec.id, src, key, recipe.path, label=spec.label)
        if src.path is not None:
            if spec.id in data:
                raise RecipeError(
                    f"{spec.id!r} reads its file {src.path!r}; data= is for entries without path",
                    path=recipe.path,
                    key=f"{key}.path",
                )
            own.file = recipe.data_path(src.path)
        elif spec.id in data:
            own.data = data[spec.id]
        else:
            raise RecipeError(
                f"no data for {spec.id!r}: give path = 'FILE' (or, in Python, pass "
                f"data={{{spec.id!r}: geodataframe}})",
                path=recipe.path,
                key=key,
            )
        out[spec.id] = own
    return out


def frame_of_data(value: Any, label: str) -> Any:
    """The caller's GeoDataFrame (or GeoSeries, mapping, geometry) in EPSG:4326.

    Raises
    ------
    SourceError
        No CRS (a GeoDataFrame or GeoSeries without one), no features, or a path.
    """
    import geopandas

    if isinstance(value, (geopandas.GeoDataFrame, geopandas.GeoSeries)) and value.crs is None:
        raise SourceError(
            "has no CRS; set one first, e.g. gdf.set_crs('EPSG:4326') for lon/lat degrees",
            path=label,
        )
    if isinstance(value, (str, os.PathLike)):
        raise SourceError("pass a GeoDataFrame here; a file goes in path = '...'", path=label)
    gdf = read_geodata(value)
    return _non_empty(gdf, label)


def _non_empty(gdf: Any, label: str) -> Any:
    """``gdf`` if it has at least one feature with a geometry."""
    if len(gdf) == 0:
        raise SourceError("has no features", path=label)
    geoms = gdf.geometry
    if bool((geoms.isna() | geoms.is_empty).all()):
        raise SourceError("has no geometry: every feature's geometry is empty", path=label)
    return gdf


def read_layer_file(path: str, *, layer: str | None = None, crs: str | None = None) -> Any:
    """Read a user's file into a GeoDataFrame in EPSG:4326, whatever its format.

    Parameters
    ----------
    path : str
        The file (resolved).
    layer : str, optional
        The layer (GeoPackage) or folder (KML) to read.
    crs : str, optional
        The CRS of a file that names none.

    Returns
    -------
    geopandas.GeoDataFrame
        At least one feature with a geometry.

    Raises
    ------
    SourceError
        Missing, a directory or device, unreadable, empty, no CRS, an unknown layer.
    GeometryError
        Non-finite or out-of-range coordinates.
    """
    p = Path(path)
    require_file(p, path)
    assumed = parse_crs(crs, path) if crs is not None else None
    suffix = p.suffix.lower()
    if suffix in (".kml", ".kmz"):
        return _non_empty(read_kml_frame(path, layer=layer), path)
    if is_geojson_file(p, path):
        if layer is not None:
            raise SourceError("a GeoJSON file has one layer; leave out layer = ...", path=path)
        doc = read_geojson_text(path)
        if is_deepstate_document(doc):
            ds = read_deepstate(doc, date=date_from_name(path), require_date=False)
            return _non_empty(ds.to_geodataframe(), path)
        return _non_empty(frame_from_document(doc, path, assumed), path)
    return _non_empty(_read_ogr_layer(path, layer, assumed), path)


def _read_ogr_layer(path: str, layer: str | None, crs: Any) -> Any:
    """One layer of a file pyogrio reads: the one named, or the file's only layer."""
    import pyogrio

    try:
        names = [str(row[0]) for row in pyogrio.list_layers(path)]
    except Exception as exc:  # pyogrio/GDAL raise many types; all mean "unreadable"
        msg = gdal_message(exc, path)
        if "not recognized as being in a supported file format" in msg:
            msg = (
                "not GeoJSON, KML or a format GDAL/OGR recognises (GeoPackage, FlatGeobuf, "
                "Shapefile, ...)"
            )
        raise SourceError(msg, path=path) from None
    if layer is None and len(names) > 1:
        raise SourceError(
            f"has {len(names)} layers ({', '.join(names[:8])}); choose one with layer = '...'",
            path=path,
        )
    if layer is not None and layer not in names:
        hint = did_you_mean(layer, names) or f"the layers are {', '.join(names[:8])}"
        raise SourceError(f"no layer {layer!r}; {hint}", path=path)
    return read_ogr(
        Path(path),
        path,
        crs,
        layer=layer or (names[0] if names else None),
        crs_hint="add crs = 'EPSG:...' to the layer entry, or a .prj file next to a Shapefile",
    )
