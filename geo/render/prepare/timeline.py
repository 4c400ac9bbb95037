"""Prepare step 3, the ``[timeline]``: a time slider over the caller's dated snapshots.

The data is the caller's own (a folder of daily snapshot files, as read by
:mod:`geo.sources`), not a catalog layer, so its credit line comes from the recipe's
``credit`` key.

:func:`prepare_timeline` streams :func:`geo.timeline.frames` one snapshot at a time: each
frame is cut to the map's pan limits, simplified and snapped to the same Web Mercator
pixel grid as the map's fixed overlays (:func:`geo.render.simplify.simplify_to_grid`, 1/4
px at the recipe's max zoom) and encoded at once as a compact ``fl1`` document in integer
grid units (:func:`geo.render.encode.encode_layer` with 0 decimals), then delta-encoded
against the previous frame (:mod:`geo.render.frame_delta`: a keyframe every
:data:`~geo.render.frame_delta.KEYFRAME_EVERY` frames, the others as their changes). Only
the encoded text, the previous frame's vertices and the last frame's geometry (for
PNG/SVG) are kept, so memory does not grow with the number of snapshots beyond the page
itself. The page shows one SVG path and swaps its ``d`` when the slider moves; each
keyframe and its deltas share one JSON block, parsed when one of its frames is first shown.

Worst-case displacement: the grid plan's Douglas–Peucker tolerance plus the grid rounding
stay under :data:`geo.render.simplify.TOTAL_BUDGET_PX` (0.9 px) at the max zoom. A recipe
``tolerance_km`` (an extra simplification done by ``frames`` in a local equal-area
projection) is converted to screen pixels at each frame's highest latitude, with the
projection's worst scale error, and taken out of the Douglas–Peucker share; a tolerance
that alone would use the whole budget is a :class:`RecipeError`.
"""

from __future__ import annotations

import dataclasses
import math
import os
from typing import Any

import numpy as np
import shapely
from pyproj import Geod

from geo import timeline
from geo.errors import RecipeError, SourceError
from geo.recipe import Recipe
from geo.render import encode, frame_delta, simplify
from geo.render.assets import script_json
from geo.render.model import MapLayer, TimelineModel
from geo.render.prepare.context import PrepareContext
from geo.render.prepare.shapes import polygons_within
from geo.render.prepare.style import style_dict
from geo.render.view import BASEMAP_GRID
from geo.render.wording import area_text
from geo.sources import find_snapshots, resolve_date
from geo.units import km2_to_sq_mi

__all__ = ["TIMELINE_STYLE", "prepare_timeline", "select_snapshots", "timeline_of"]

#: Default style of the slider's area (the recipe's ``style`` keys win).
TIMELINE_STYLE = {"stroke": "#a52714", "weight": 0.8, "fill": "#d6604d", "fill_opacity": 0.45}
#: Mean Earth radius (m), for the angular size of a frame (projection scale error only).
_R_MEAN = 6371008.8


def timeline_of(ctx: PrepareContext) -> TimelineModel | None:
    """Return the slider's frames, or None when the recipe has no ``[timeline]``."""
    if ctx.recipe.timeline is None:
        return None
    return prepare_timeline(ctx.recipe, ctx.frame, ctx.max_bounds)


def select_snapshots(recipe: Recipe) -> tuple[str, list[str], list[str]]:
    """Return the snapshot files a recipe's ``[timeline]`` shows, oldest first.

    Files outside ``start``..``end`` are dropped; with ``step_days`` > 1, a file is kept
    when it is at least ``step_days`` after the last kept one, and the newest file is
    always kept (the slider ends on the latest date).

    Returns
    -------
    source : str
        The resolved folder or glob.
    paths : list of str
        The selected files, by date.
    skipped : list of str
        ``"file: reason"`` for files without a date in their name.

    Raises
    ------
    RecipeError
        Nothing at ``source``, or no snapshot between ``start`` and ``end``.
    """
    spec = recipe.timeline
    assert spec is not None
    source = recipe.data_path(spec.source)
    dated, skipped = _dated_files(recipe, source)
    span = f"the files run from {dated[0][0]} to {dated[-1][0]}"
    chosen = [
        (d, p)
        for d, p in dated
        if (spec.start is None or d.isoformat() >= spec.start)
        and (spec.end is None or d.isoformat() <= spec.end)
    ]
    if not chosen:
        raise RecipeError(
            f"no snapshot between {spec.start or 'the start'} and {spec.end or 'the end'}; {span}",
            path=recipe.path,
            key="timeline.start" if spec.start else "timeline.end",
        )
    kept = [chosen[0]]
    for d, p in chosen[1:]:
        if (d - kept[-1][0]).days >= spec.step_days:
            kept.append((d, p))
    if kept[-1] != chosen[-1]:
        kept.append(chosen[-1])
    return source, [p for _, p in kept], skipped


def _dated_files(recipe: Recipe, source: str) -> tuple[list[tuple[Any, str]], list[str]]:
    """``(date, path)`` of every snapshot at ``source`` by date, and the undated ones."""
    try:
        found = find_snapshots(source)
    except SourceError:
        raise RecipeError(
            f"no snapshot files found at {source!r} (a folder of dated files, or a glob)",
            path=recipe.path,
            key="timeline.source",
        ) from None
    dated: list[tuple[Any, str]] = []
    skipped: list[str] = []
    for p in found:
        try:
            when = resolve_date(str(p), required=False)
        except SourceError as exc:
            skipped.append(f"{p.name}: {exc.message}")
            continue
        if when is None:
            skipped.append(f"{p.name}: no date in the file name")
            continue
        dated.append((when, str(p)))
    dated.sort()
    if not dated:
        raise RecipeError(
            f"no dated snapshot files at {source!r}", path=recipe.path, key="timeline.source"
        )
    return dated, skipped


def _angular_radius(geom: Any) -> float:
    """Angle (radians) from the centre of ``geom``'s bounding box to its farthest corner."""
    minx, miny, maxx, maxy = geom.bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    _, _, dist = Geod(ellps="WGS84").inv(
        [cx] * 4, [cy] * 4, [minx, minx, maxx, maxx], [miny, maxy, miny, maxy]
    )
    return float(max(dist)) / _R_MEAN


def _frame_plan(
    max_zoom: int, lat: float, tolerance_km: float, raw: Any, recipe: Recipe
) -> tuple[simplify.SimplifyPlan, float]:
    """Return the grid plan for one frame, with the DP share reduced by the pre-simplification."""
    p = simplify.plan(max_zoom, lat, grid=BASEMAP_GRID)
    if tolerance_km <= 0:
        return p, 0.0
    # frames() simplified in a local Lambert azimuthal equal-area projection: a distance d
    # there is at most d / cos(c/2) on the ground at angular distance c from its centre
    # (radial scale cos(c/2)); 1 % more covers the ellipsoid.
    slack = 1.01 / math.cos(_angular_radius(raw) / 2)
    pre_px = tolerance_km * 1000.0 * slack / simplify.metres_per_pixel(max_zoom, lat)
    room = simplify.TOTAL_BUDGET_PX - p.quant_px
    if pre_px >= room * 0.99:
        most = room * 0.5 * simplify.metres_per_pixel(max_zoom, lat) / 1000.0 / slack
        raise RecipeError(
            f"{tolerance_km:g} km moves the drawn area up to {pre_px:.1f} screen px at "
            f"view.max_zoom {max_zoom} (budget {simplify.TOTAL_BUDGET_PX} px); use at most "
            f"about {most:.3f}, or 0 (the pixel plan alone)",
            path=recipe.path,
            key="timeline.tolerance_km",
        )
    tol_px = room - pre_px
    m_per_px = simplify.M_PER_PX_Z0 / 2**max_zoom
    return dataclasses.replace(p, tolerance_px=tol_px, tolerance_m=tol_px * m_per_px), pre_px


def prepare_timeline(recipe: Recipe, frame: dict[str, Any], max_bounds: Any) -> TimelineModel:
    """Stream, simplify and encode every snapshot of the recipe's ``[timeline]``.

    Parameters
    ----------
    recipe : Recipe
        With a ``timeline`` section.
    frame : dict
        The map's pixel frame at the max zoom (see :func:`geo.render.view.pixel_frame`).
    max_bounds : ((W, S), (E, N))
        The map's pan limits (degrees); frames are cut to them.

    Returns
    -------
    TimelineModel

    Raises
    ------
    RecipeError
        No snapshot at ``source``/in the date range, none readable, or a ``tolerance_km``
        over the pixel budget.
    """
    spec = recipe.timeline
    assert spec is not None
    source, paths, skipped = select_snapshots(recipe)
    model = TimelineModel(
        label=spec.label,
        credit=spec.credit,
        source=source,
        style=style_dict(spec.style, TIMELINE_STYLE),
        frame=frame,
        interval_ms=spec.interval_ms,
        tolerance_km=spec.tolerance_km,
        skipped=list(skipped),
        keyframe_every=spec.keyframe_every,
    )
    encoder = frame_delta.DeltaEncoder(model.keyframe_every)
    worst_ground = -1.0
    for f in timeline.frames(paths, spec.tolerance_km, on_error="skip"):
        p = _add_frame(model, recipe, f, max_bounds, encoder)
        if p.worst_m > worst_ground:
            worst_ground, model.plan = p.worst_m, p
    shown = {f["file"] for f in model.frames}
    for path in paths:
        if os.path.basename(path) not in shown:
            model.skipped.append(f"{os.path.basename(path)}: unreadable (see the warning)")
    if not model.frames:
        raise RecipeError(
            f"none of the {len(paths)} snapshot file(s) at {source!r} could be read",
            path=recipe.path,
            key="timeline.source",
        )
    return model


def _add_frame(
    model: TimelineModel,
    recipe: Recipe,
    f: Any,
    max_bounds: Any,
    encoder: frame_delta.DeltaEncoder,
) -> simplify.SimplifyPlan:
    """Cut, simplify and encode one snapshot into ``model``; return its plan."""
    raw = np.array([f.occupied], dtype=object)
    cut = polygons_within(raw, max_bounds)
    drawn = not shapely.is_empty(cut[0])
    b = shapely.total_bounds(cut) if drawn else np.zeros(4)
    lat = max(abs(float(b[1])), abs(float(b[3])))
    max_zoom = recipe.view.max_zoom
    p, pre_px = _frame_plan(max_zoom, lat, model.tolerance_km, f.occupied, recipe)
    if drawn:
        lonlat, grid, n_in, n_out = simplify.simplify_to_grid(cut, p, model.frame["origin"])
    else:
        lonlat = grid = np.array([shapely.Polygon()], dtype=object)
        n_in = n_out = 0
    # One frame for the page: an fl1 document of integer grid units (scale 1), or its
    # changes against the previous frame.
    doc = encode.encode_layer(grid, [{}], 0, merge=True)
    model.blocks.append(script_json(encoder.add(doc)))
    km2 = float(f.area_km2)
    model.frames.append(
        {
            "date": f.date.isoformat(),
            "file": f.file,
            "area_km2": round(km2, 3),
            "area_sq_mi": round(km2_to_sq_mi(km2), 3),
            "text": area_text(model.label, km2),
            "vertices": n_out,
        }
    )
    model.vertices_in += n_in
    model.vertices_out += n_out
    model.worst_px = max(model.worst_px, p.worst_px)
    model.pre_px = max(model.pre_px, pre_px)
    # Keep only the newest frame's geometry (for PNG/SVG): memory stays bounded.
    model.last = MapLayer(
        id="timeline",
        label=model.label,
        kind="fill",
        style=model.style,
        geoms=lonlat,
        props=({},),
        tooltip=None,
        legend=True,
        switcher=True,
        plan=p,
        vertices_in=n_in,
        vertices_out=n_out,
        frame=model.frame,
        grid_geoms=grid,
    )
    return p
