"""Maps of dated snapshots: a time slider over occupied areas, and gained/lost areas.

The data is the caller's own (a folder of daily snapshot files, as read by
:mod:`geo.sources`), not a catalog layer, so its credit line comes from the recipe's
``credit`` key.

``[timeline]``
    :func:`prepare_timeline` streams :func:`geo.timeline.frames` one snapshot at a time:
    each frame is cut to the map's pan limits, simplified and snapped to the same Web
    Mercator pixel grid as the map's fixed overlays (:func:`geo.render.simplify.simplify_to_grid`,
    1/4 px at the recipe's max zoom) and encoded at once as a compact ``fl1`` document in
    integer grid units (:func:`geo.render.encode.encode_layer` with 0 decimals). Only the
    encoded text and the last frame's geometry (for PNG/SVG) are kept, so memory does not
    grow with the number of snapshots beyond the page itself. The page shows one SVG path
    and swaps its ``d`` when the slider moves; each frame's JSON block is parsed only when
    first shown.

    Worst-case displacement: the grid plan's Douglas–Peucker tolerance plus the grid
    rounding stay under :data:`geo.render.simplify.TOTAL_BUDGET_PX` (0.9 px) at the max
    zoom. A recipe ``tolerance_km`` (an extra simplification done by ``frames`` in a local
    equal-area projection) is converted to screen pixels at each frame's highest latitude,
    with the projection's worst scale error, and taken out of the Douglas–Peucker share;
    a tolerance that alone would use the whole budget is a :class:`RecipeError`.

``[changes]``
    :func:`read_changes` calls :func:`geo.timeline.changes` (geodesic areas of the two
    differences); the renderer draws ``gained`` and ``lost`` as two fixed layers with legend
    entries, and :func:`change_figures` gives the gained, lost and net figures.
"""

from __future__ import annotations

import dataclasses
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from geo.errors import RecipeError, SourceError
from geo.recipe import Recipe
from geo.render import encode, simplify
from geo.render.folium_map import BASEMAP_GRID, MapLayer, _land

__all__ = [
    "TIMELINE_STYLE",
    "ChangesResult",
    "TimelineModel",
    "change_figures",
    "prepare_timeline",
    "read_changes",
    "select_snapshots",
]

#: Default styles (the recipe's ``style`` keys win).
TIMELINE_STYLE = {"stroke": "#a52714", "weight": 0.8, "fill": "#d6604d", "fill_opacity": 0.45}
GAINED_STYLE = {"stroke": "#8b0000", "weight": 0.8, "fill": "#d7301f", "fill_opacity": 0.75}
LOST_STYLE = {"stroke": "#08519c", "weight": 0.8, "fill": "#4292c6", "fill_opacity": 0.75}
_SQ_MI_PER_KM2 = 1.0 / 2.589988110336
#: Mean Earth radius (m), for the angular size of a frame (projection scale error only).
_R_MEAN = 6371008.8


def _fmt_area(km2: float) -> str:
    return f"{km2:,.0f}" if abs(km2) >= 100 else f"{km2:,.1f}"


def area_text(label: str, km2: float) -> str:
    """``"Occupied area: 116,995 km² (45,172 sq mi), geodesic"``."""
    return f"{label}: {_fmt_area(km2)} km² ({_fmt_area(km2 * _SQ_MI_PER_KM2)} sq mi), geodesic"


def _style(spec_style: Any, default: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in vars(spec_style).items() if v is not None}
    for key, value in default.items():
        out.setdefault(key, value)
    return dict(sorted(out.items()))


# ------------------------------------------------------------------------------ timeline


def select_snapshots(recipe: Recipe) -> tuple[str, list[str], list[str]]:
    """The snapshot files a recipe's ``[timeline]`` shows, oldest first.

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
    from geo.sources import find_snapshots, resolve_date

    spec = recipe.timeline
    assert spec is not None
    source = recipe.data_path(spec.source)
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


@dataclass
class TimelineModel:
    """The encoded frames of a time slider, and what the page and reports say about them.

    Attributes
    ----------
    label : str
    credit : str
    source : str
        The resolved folder or glob.
    style : dict
    frame : dict
        The map's pixel frame (``zoom``, ``origin``, ``size``, ``bounds``) plus ``grid``.
    frames : list of dict
        Per date: ``date``, ``file``, ``area_km2`` (geodesic, full detail), ``area_sq_mi``,
        ``text``, ``vertices``.
    blocks : list of str
        Each frame's ``fl1`` document (grid units), already serialised for the page.
    skipped : list of str
        Files left out (no date, unreadable), with the reason.
    last : MapLayer
        The newest frame as a drawn layer (for PNG/SVG).
    plan : SimplifyPlan
        The plan of the frame with the largest ground displacement.
    """

    label: str
    credit: str
    source: str
    style: dict[str, Any]
    frame: dict[str, Any]
    interval_ms: int
    tolerance_km: float
    frames: list[dict[str, Any]] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    last: MapLayer | None = None
    plan: simplify.SimplifyPlan | None = None
    worst_px: float = 0.0
    pre_px: float = 0.0
    vertices_in: int = 0
    vertices_out: int = 0

    @property
    def first_date(self) -> str:
        return self.frames[0]["date"]

    @property
    def last_date(self) -> str:
        return self.frames[-1]["date"]

    def caption(self) -> str:
        """What the newest frame shows, e.g. for a static image's header."""
        last = self.frames[-1]
        return (
            area_text(f"{self.label} on {last['date']}", last["area_km2"])
            + f" (the newest of {len(self.frames)} snapshots, {self.first_date} to"
            f" {self.last_date})"
        )

    def credit_line(self) -> str:
        n = len(self.frames)
        extra = f"; {len(self.skipped)} unusable file(s) left out" if self.skipped else ""
        return (
            f"{self.label}, {self.first_date} to {self.last_date} "
            f"({n} snapshot{'s' if n != 1 else ''}{extra}): {self.credit}"
        )

    def report(self) -> dict[str, Any]:
        """Simplification report in the shape of :meth:`MapLayer.report`, for all frames."""
        assert self.plan is not None
        return {
            "layer": "timeline",
            **self.plan.to_dict(),
            "worst_case_px": round(self.worst_px, 4),
            "frames": len(self.frames),
            "pre_simplification_km": self.tolerance_km,
            "pre_simplification_px": round(self.pre_px, 4),
            "vertices_in": self.vertices_in,
            "vertices_out": self.vertices_out,
        }

    def document(self) -> dict[str, Any]:
        """For ``NAME.figures.json``: every frame's date and geodesic area."""
        return {
            "label": self.label,
            "source": self.source,
            "credit": self.credit,
            "method": "geodesic-wgs84",
            "frames": [
                {k: f[k] for k in ("date", "file", "area_km2", "area_sq_mi")} for f in self.frames
            ],
            "skipped": self.skipped,
        }

    def page_data(self) -> dict[str, Any]:
        """The slider's index for the page (frame blocks are referenced by index)."""
        return {
            "cls": "timeline",
            "label": self.label,
            "style": self.style,
            "frame": {**self.frame, "grid": BASEMAP_GRID},
            "interval_ms": self.interval_ms,
            "start": len(self.frames) - 1,
            "frames": [{"date": f["date"], "text": f["text"]} for f in self.frames],
        }


def _angular_radius(geom: Any) -> float:
    """Angle (radians) from the centre of ``geom``'s bounding box to its farthest corner."""
    from pyproj import Geod

    minx, miny, maxx, maxy = geom.bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    _, _, dist = Geod(ellps="WGS84").inv(
        [cx] * 4, [cy] * 4, [minx, minx, maxx, maxx], [miny, maxy, miny, maxy]
    )
    return float(max(dist)) / _R_MEAN


def _frame_plan(
    max_zoom: int, lat: float, tolerance_km: float, raw: Any, recipe: Recipe
) -> tuple[simplify.SimplifyPlan, float]:
    """The grid plan for one frame, with the DP share reduced by the pre-simplification."""
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
        The map's pixel frame at the max zoom (see ``folium_map._pixel_frame``).
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
    from geo.timeline import frames

    spec = recipe.timeline
    assert spec is not None
    source, paths, skipped = select_snapshots(recipe)
    max_zoom = recipe.view.max_zoom
    style = _style(spec.style, TIMELINE_STYLE)
    model = TimelineModel(
        label=spec.label,
        credit=spec.credit,
        source=source,
        style=style,
        frame=frame,
        interval_ms=spec.interval_ms,
        tolerance_km=spec.tolerance_km,
        skipped=list(skipped),
    )
    worst_ground = -1.0
    for f in frames(paths, spec.tolerance_km, on_error="skip"):
        raw = np.array([f.occupied], dtype=object)
        cut = _land(raw, max_bounds)
        drawn = not shapely.is_empty(cut[0])
        b = shapely.total_bounds(cut) if drawn else np.zeros(4)
        lat = max(abs(float(b[1])), abs(float(b[3])))
        p, pre_px = _frame_plan(max_zoom, lat, spec.tolerance_km, f.occupied, recipe)
        if drawn:
            lonlat, grid, n_in, n_out = simplify.simplify_to_grid(cut, p, frame["origin"])
        else:
            lonlat = grid = np.array([shapely.Polygon()], dtype=object)
            n_in = n_out = 0
        model.blocks.append(_block(grid))
        km2 = float(f.area_km2)
        model.frames.append(
            {
                "date": f.date.isoformat(),
                "file": f.file,
                "area_km2": round(km2, 3),
                "area_sq_mi": round(km2 * _SQ_MI_PER_KM2, 3),
                "text": area_text(spec.label, km2),
                "vertices": n_out,
            }
        )
        model.vertices_in += n_in
        model.vertices_out += n_out
        model.worst_px = max(model.worst_px, p.worst_px)
        model.pre_px = max(model.pre_px, pre_px)
        if p.worst_m > worst_ground:
            worst_ground, model.plan = p.worst_m, p
        # Keep only the newest frame's geometry (for PNG/SVG): memory stays bounded.
        model.last = MapLayer(
            id="timeline",
            label=spec.label,
            kind="fill",
            style=style,
            geoms=lonlat,
            props=({},),
            tooltip=None,
            legend=True,
            switcher=True,
            plan=p,
            vertices_in=n_in,
            vertices_out=n_out,
            frame=frame,
            grid_geoms=grid,
        )
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


def _block(grid: np.ndarray) -> str:
    """One frame for the page: an ``fl1`` document of integer grid units (scale 1)."""
    from geo.render.assets import script_json

    return script_json(encode.encode_layer(grid, [{}], 0, merge=True))


# ------------------------------------------------------------------------------ changes


@dataclass(frozen=True)
class ChangesResult:
    """Gained and lost areas between two snapshots, as read for a map."""

    gained: Any  # shapely MultiPolygon, lon/lat
    lost: Any
    gained_km2: float
    lost_km2: float
    date_from: str | None
    date_to: str | None
    file_from: str
    file_to: str


def read_changes(recipe: Recipe) -> ChangesResult:
    """Gained/lost areas for the recipe's ``[changes]`` (:func:`geo.timeline.changes`).

    Raises
    ------
    RecipeError
        A missing or unreadable file (naming it and the recipe key), or ``from`` dated
        after ``to``.
    """
    from geo.timeline import changes

    spec = recipe.changes
    assert spec is not None
    a = recipe.data_path(spec.from_path)
    b = recipe.data_path(spec.to_path)
    for key, p in (("changes.from", a), ("changes.to", b)):
        if not Path(p).is_file():
            raise RecipeError(f"no such snapshot file: {p}", path=recipe.path, key=key)
    try:
        gdf = changes(a, b)
    except SourceError as exc:
        key = "changes.to" if exc.path is not None and os.fspath(exc.path) == b else "changes.from"
        raise RecipeError(str(exc), path=recipe.path, key=key) from None
    rows = {row["change"]: row for _, row in gdf.iterrows()}
    date_from = rows["gained"]["date_from"]
    date_to = rows["gained"]["date_to"]
    if date_from and date_to and date_from > date_to:
        raise RecipeError(
            f"from is dated {date_from}, after to ({date_to}); swap them",
            path=recipe.path,
            key="changes.from",
        )
    return ChangesResult(
        gained=rows["gained"]["geometry"],
        lost=rows["lost"]["geometry"],
        gained_km2=float(rows["gained"]["area_km2"]),
        lost_km2=float(rows["lost"]["area_km2"]),
        date_from=date_from,
        date_to=date_to,
        file_from=os.path.basename(a),
        file_to=os.path.basename(b),
    )


def change_styles(recipe: Recipe) -> tuple[dict[str, Any], dict[str, Any]]:
    """Styles of the gained and lost layers (recipe keys over the defaults)."""
    spec = recipe.changes
    assert spec is not None
    return _style(spec.gained.style, GAINED_STYLE), _style(spec.lost.style, LOST_STYLE)


def change_period(res: ChangesResult) -> str:
    """``"2024-07-08 to 2024-08-06"`` (file names when a date is unknown)."""
    return f"{res.date_from or res.file_from} to {res.date_to or res.file_to}"


def change_figures(recipe: Recipe, res: ChangesResult) -> list[dict[str, Any]]:
    """Gained, lost and net figures (km², geodesic) for the map and its figures JSON."""
    spec = recipe.changes
    assert spec is not None
    period = change_period(res)
    net = res.gained_km2 - res.lost_km2
    sign = "+" if net > 0 else "\u2212" if net < 0 else "\u00b1"
    common = {
        "measure": "area",
        "method": "geodesic-wgs84",
        "as_of": res.date_to or "",
        "from": res.date_from,
        "to": res.date_to,
        "files": [res.file_from, res.file_to],
    }
    out = []
    for fig_id, label, km2 in (
        ("changes_gained", spec.gained.label, res.gained_km2),
        ("changes_lost", spec.lost.label, res.lost_km2),
    ):
        out.append(
            {
                "id": fig_id,
                "label": label,
                "text": area_text(label, km2),
                "km2": round(km2, 3),
                "sq_mi": round(km2 * _SQ_MI_PER_KM2, 3),
                **common,
            }
        )
    text = (
        f"Net change for Russia, {period}: {sign}{_fmt_area(abs(net))} km² "
        f"({sign}{_fmt_area(abs(net) * _SQ_MI_PER_KM2)} sq mi), geodesic"
    )
    out.append(
        {
            "id": "changes_net",
            "label": "Net change for Russia",
            "text": text,
            "km2": round(net, 3),
            "sq_mi": round(net * _SQ_MI_PER_KM2, 3),
            **common,
        }
    )
    return out


def change_credit(recipe: Recipe, res: ChangesResult) -> str:
    """Credit line naming the two files and the recipe's ``credit``."""
    spec = recipe.changes
    assert spec is not None
    return (
        f"{spec.gained.label} / {spec.lost.label}, {change_period(res)}: {spec.credit} "
        f"(files {res.file_from}, {res.file_to}; differences computed by frontline)"
    )
