"""Parse the sections over the caller's own dated snapshots: ``[timeline]`` and ``[changes]``.

Both name data files (relative to the recipe's folder, or absolute) and need a
``credit``: where the snapshots come from and their licence, printed on the map.

Examples
--------
>>> from geo.recipe.coerce import Context
>>> spec = timeline(Context(None), {"source": "snaps/*.geojson", "credit": "Someone (CC0)"})
>>> spec.source, spec.step_days, spec.interval_ms
('snaps/*.geojson', 1, 700)
"""

from __future__ import annotations

from typing import Any

from geo.recipe import coerce, keys
from geo.recipe.coerce import Context
from geo.recipe.model import ChangeSide, ChangesSpec, TimelineSpec

__all__ = ["changes", "timeline"]


def _credit(ctx: Context, section: str, t: dict[str, Any]) -> str:
    """The section's required ``credit``."""
    if "credit" not in t:
        raise ctx.fail(
            f"{section}.credit",
            "missing; say where the snapshots come from and their licence, e.g. "
            "'DeepStateMap (deepstatemap.live), via cyterat/deepstate-map-data (GPL-3.0)'",
        )
    return coerce.string(ctx, f"{section}.credit", t["credit"], empty=False)


def timeline(ctx: Context, value: Any) -> TimelineSpec:
    """Parse ``[timeline]``: a time slider over dated occupied-area snapshots."""
    t = coerce.table(ctx, "timeline", value, keys.TIMELINE)
    if "source" not in t:
        raise ctx.fail("timeline.source", "missing; name a folder or glob of snapshot files")
    start = coerce.date(ctx, "timeline.start", t["start"]) if "start" in t else None
    end = coerce.date(ctx, "timeline.end", t["end"]) if "end" in t else None
    if start and end and start > end:
        raise ctx.fail("timeline.start", f"{start} is after end {end}")
    return TimelineSpec(
        source=coerce.data_path(ctx, "timeline.source", t["source"]),
        credit=_credit(ctx, "timeline", t),
        label=coerce.string(ctx, "timeline.label", t.get("label", "Occupied area"), empty=False),
        start=start,
        end=end,
        step_days=coerce.whole(ctx, "timeline.step_days", t.get("step_days", 1), 1, 3660),
        tolerance_km=coerce.number(ctx, "timeline.tolerance_km", t.get("tolerance_km", 0.0), 0, 50),
        interval_ms=coerce.whole(
            ctx, "timeline.interval_ms", t.get("interval_ms", 700), 50, 10_000
        ),
        keyframe_every=coerce.whole(
            ctx, "timeline.keyframe_every", t.get("keyframe_every", 20), 1, 1000
        ),
        style=coerce.style(ctx, "timeline.style", t.get("style", {})),
    )


def _side(ctx: Context, key: str, value: Any, default: ChangeSide) -> ChangeSide:
    """One side (``gained`` or ``lost``) of a ``[changes]`` map."""
    t = coerce.table(ctx, key, value, keys.CHANGE_SIDE)
    return ChangeSide(
        label=coerce.string(ctx, f"{key}.label", t.get("label", default.label), empty=False),
        style=coerce.style(ctx, f"{key}.style", t.get("style", {})),
        legend=coerce.boolean(ctx, f"{key}.legend", t.get("legend", True)),
    )


def changes(ctx: Context, value: Any) -> ChangesSpec:
    """Parse ``[changes]``: territory gained and lost between two snapshots."""
    t = coerce.table(ctx, "changes", value, keys.CHANGES)
    for need in ("from", "to"):
        if need not in t:
            raise ctx.fail(f"changes.{need}", "missing; give from = PATH and to = PATH")
    defaults = ChangesSpec("", "", "")
    return ChangesSpec(
        from_path=coerce.data_path(ctx, "changes.from", t["from"]),
        to_path=coerce.data_path(ctx, "changes.to", t["to"]),
        credit=_credit(ctx, "changes", t),
        gained=_side(ctx, "changes.gained", t.get("gained", {}), defaults.gained),
        lost=_side(ctx, "changes.lost", t.get("lost", {}), defaults.lost),
    )
