"""Geometry made ready to draw: cut to the view, simplified for the zoom range, wrapped.

:func:`drawn_layer` is the one way a prepare step turns geometries into a
:class:`~geo.render.model.MapLayer`: empty features are dropped, and the rest are
simplified and quantised for the recipe's max zoom (:mod:`geo.render.simplify`), in
degrees for Leaflet paths or on the frame's pixel grid for fixed overlays.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely

from geo.render import encode, simplify
from geo.render.model import MapLayer, TipFields
from geo.render.view import BASEMAP_GRID

__all__ = ["drawn_layer", "has_points", "layer_kind", "polygons_within"]


def drawn_layer(
    layer_id: str,
    label: str,
    geoms: np.ndarray,
    props: Sequence[dict[str, Any]],
    style: dict[str, Any],
    kind: str,
    *,
    zoom: int,
    tooltip: TipFields | None = None,
    legend: bool = True,
    switcher: bool = True,
    basemap: bool = False,
    frame: dict[str, Any] | None = None,
) -> MapLayer:
    """Return a drawn layer of ``geoms``, simplified for ``zoom``.

    Parameters
    ----------
    layer_id, label : str
        Id (CSS class, report) and legend/switcher label.
    geoms : numpy.ndarray of shapely geometries
        Lon/lat, full detail; missing and empty ones are dropped with their ``props``.
    props : sequence of dict
        The properties shown for each feature (tooltips).
    style : dict
        The resolved style.
    kind : {"fill", "line", "point"}
        How the legend shows the layer.
    zoom : int
        The zoom the simplification is planned for (the recipe's max zoom).
    tooltip : tuple of (field, label) pairs, optional
        The properties shown on hover (label ``None``: the value alone).
    legend, switcher, basemap : bool
        Listed in the legend / layer switcher; drawn below everything.
    frame : dict, optional
        A pixel frame (:func:`geo.render.view.pixel_frame`): the layer is a fixed overlay
        snapped to :data:`~geo.render.view.BASEMAP_GRID` in that frame.

    Returns
    -------
    MapLayer
    """
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    geoms, props = geoms[keep], [p for p, k in zip(props, keep, strict=True) if k]
    b = shapely.total_bounds(geoms) if len(geoms) else np.zeros(4)
    lat = max(abs(float(b[1])), abs(float(b[3])))
    grid = None
    if frame is not None:
        p = simplify.plan(zoom, lat, grid=BASEMAP_GRID)
        out, grid, n_in, n_out = simplify.simplify_to_grid(geoms, p, frame["origin"])
    else:
        p = simplify.plan(zoom, lat)
        out, n_in, n_out = simplify.simplify_geometries(geoms, p)
    return MapLayer(
        id=layer_id,
        label=label,
        kind=kind,
        style=style,
        geoms=out,
        props=tuple(props),
        tooltip=tooltip,
        legend=legend,
        switcher=switcher,
        plan=p,
        vertices_in=n_in,
        vertices_out=n_out,
        basemap=basemap,
        frame=frame,
        grid_geoms=grid,
    )


def polygons_within(geoms: np.ndarray, bounds: Any) -> np.ndarray:
    """Shapes cut to lon/lat ``bounds`` ((W, S), (E, N)), keeping only polygons.

    ``clip_by_rect`` is GEOS's fast cut for drawing (about 10x faster than a general
    intersection). Cutting a polygon at a box can leave stray lines or points where it
    touches the box; they are not land and would be drawn as strokes.
    """
    (w, s), (e, n) = bounds
    cut = shapely.clip_by_rect(np.asarray(geoms, dtype=object), w, s, e, n)
    out = cut.copy()
    # Only a collection can mix polygons with lines or points (a few of thousands).
    for i in np.flatnonzero(shapely.get_type_id(cut) == 7).tolist():
        polys = [p for p in encode.split_kinds(cut[i])[0] if not shapely.is_empty(p)]
        out[i] = shapely.multipolygons(polys) if polys else shapely.Polygon()
    return out


def has_points(geoms: np.ndarray) -> bool:
    """Whether any geometry has a point part (points are Leaflet markers, never overlays)."""
    return any(encode.split_kinds(g)[2] for g in geoms)


def layer_kind(geoms: np.ndarray) -> str:
    """``"fill"`` if any polygon, else ``"line"`` if any line, else ``"point"``."""
    types = set(shapely.get_type_id(geoms[~shapely.is_empty(geoms)]).tolist())
    if types & {3, 6}:
        return "fill"
    if types & {1, 2, 5}:
        return "line"
    return "point"
