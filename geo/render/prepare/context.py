"""What the steps of :func:`~geo.render.prepare.prepare` share: the recipe, its view, the layers.

:class:`PrepareContext` reads each layer once per map (through the loader, by default
:func:`geo.layers.get`), resolves point references (``"places:Sudzha"``) and turns a
missing layer, feature or property into a :class:`~geo.errors.RecipeError` that names the
recipe key. Its view is computed once: the recipe's bounds, and the pixel frame of the pan
limits at the max zoom that every fixed overlay is drawn in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from geo import layers
from geo.errors import RecipeError
from geo.recipe import PointRef, Recipe
from geo.render import view
from geo.render.model import LayerLike, Loader
from geo.render.prepare.own_data import OwnLayer, own_layers
from geo.render.view import Bounds

__all__ = ["PrepareContext", "default_loader", "select_features"]


def default_loader(layer_id: str) -> LayerLike:
    """Return the catalog layer ``layer_id`` (:func:`geo.layers.get`)."""
    return layers.get(layer_id)


@dataclass
class PrepareContext:
    """One map being prepared: the recipe, its view and every layer read so far.

    Parameters
    ----------
    recipe : Recipe
        The parsed recipe.
    offline : bool, default False
        Force the vector basemap (no tiles, no network at all).
    loader : callable, optional
        ``layer_id -> Layer``; default :func:`geo.layers.get`.
    data : mapping of str to GeoDataFrame, optional
        Data for the recipe's layers without ``path``, by name.

    Attributes
    ----------
    bounds : ((W, S), (E, N))
        The recipe's view, degrees.
    frame : dict
        The pan limits as a whole-pixel frame at the max zoom (:func:`.view.pixel_frame`).
    read : dict of str to LayerLike
        The layers read so far, by id, in reading order (credited later).
    own : dict of str to OwnLayer
        The recipe's file and data layers, by name.
    """

    recipe: Recipe
    offline: bool = False
    loader: Loader = default_loader
    data: Mapping[str, Any] | None = None
    bounds: Bounds = field(init=False)
    frame: dict[str, Any] = field(init=False)
    read: dict[str, LayerLike] = field(default_factory=dict, init=False)
    own: dict[str, OwnLayer] = field(default_factory=dict, init=False)
    _frames: dict[str, Any] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        """Compute the view once: the recipe's bounds and the pan limits' pixel frame.

        The recipe's own layers (files, and ``data``) are listed, not read, here.
        """
        self.own = own_layers(self.recipe, self.data)
        self.bounds = view.view_bounds(self.recipe)
        pan = view.expand(self.bounds, view.MARGIN)
        self.frame = view.pixel_frame(pan, self.recipe.view.max_zoom)

    @property
    def path(self) -> str | None:
        """The recipe's file (for error messages)."""
        return self.recipe.path

    @property
    def max_zoom(self) -> int:
        """The recipe's maximum zoom: every layer is simplified for it."""
        return self.recipe.view.max_zoom

    @property
    def max_bounds(self) -> Bounds:
        """The pan limits, degrees (the frame's whole-pixel bounds)."""
        return self.frame["bounds"]

    @property
    def vector(self) -> bool:
        """Whether the map draws its own vector basemap (no tiles)."""
        return self.recipe.basemap.is_vector or self.offline

    def layer(self, layer_id: str, key: str) -> tuple[LayerLike, Any]:
        """Return the layer ``layer_id`` and its GeoDataFrame, read once per map.

        ``layer_id`` is the recipe-level name of a file or data layer, or a catalog id.

        Raises
        ------
        RecipeError
            The loader does not know ``layer_id`` (the message names recipe ``key``), or
            the recipe's own file cannot be read (naming its entry's key).
        """
        if layer_id not in self._frames:
            meta: LayerLike
            if layer_id in self.read:
                meta = self.read[layer_id]  # noted (:meth:`note`), not read yet
            elif layer_id in self.own:
                meta = self.own[layer_id]  # a name in the recipe wins over a catalog id
            else:
                try:
                    meta = self.loader(layer_id)
                except LookupError as exc:
                    raise RecipeError(str(exc), path=self.path, key=key) from None
            self.read[layer_id] = meta
            self._frames[layer_id] = meta.read()
        return self.read[layer_id], self._frames[layer_id]

    def note(self, layer_id: str) -> None:
        """Record a catalog layer as used, in reading order, without reading its file.

        For a step whose result came from the build cache (:mod:`.basemap_cache`): the
        layer is credited as if read, and :meth:`layer` reads its frame only if a later
        step asks for it.
        """
        if layer_id not in self.read:
            self.read[layer_id] = self.loader(layer_id)

    def point(self, ref: PointRef, key: str) -> tuple[float, float]:
        """Return a ``[lon, lat]`` pair as it is, or a ``"LAYER:NAME"`` feature's point."""
        if isinstance(ref, str):
            layer_id, name = ref.split(":", 1)
            _, gdf = self.layer(layer_id, key)
            return _feature_point(gdf, name, ref, self.path)
        return ref


def select_features(gdf: Any, where: Any, layer_id: str, path: str | None, key: str) -> Any:
    """Features whose properties match every ``(property, values)`` pair of ``where``.

    Raises
    ------
    RecipeError
        A property the layer lacks, or no feature matching.
    """
    if not where:
        return gdf
    keep = np.ones(len(gdf), dtype=bool)
    for prop, values in where:
        if prop not in gdf.columns:
            raise RecipeError(
                f"layer {layer_id!r} has no property {prop!r}", path=path, key=f"{key}.{prop}"
            )
        keep &= gdf[prop].astype(str).isin(values).to_numpy()
    if not keep.any():
        raise RecipeError(f"no feature of layer {layer_id!r} matches", path=path, key=key)
    return gdf[keep]


def _name_columns(gdf: Any) -> list[str]:
    preferred = ["name", "name_en", "NAME", "NAME_EN", "Name", "id", "ISO_A3", "iso_a3", "title"]
    return [c for c in preferred if c in gdf.columns]


def _feature_point(gdf: Any, name: str, ref: str, path: str | None) -> tuple[float, float]:
    wanted = name.strip().casefold()
    for col in _name_columns(gdf):
        hits = gdf[gdf[col].astype(str).str.strip().str.casefold() == wanted]
        if len(hits):
            geom = hits.geometry.iloc[0]
            pt = geom if geom.geom_type == "Point" else geom.representative_point()
            return (float(pt.x), float(pt.y))
    raise RecipeError(f"no feature named {name!r} in layer (reference {ref!r})", path=path)
