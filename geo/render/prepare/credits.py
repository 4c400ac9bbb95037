"""Prepare step 8, the credits: every map names the sources, licence and date of its data.

The credit lines come from the catalog entries of the layers the recipe uses (title,
sources, licence, as-of date), then the basemap (tiles and their attribution, or our own
vector land), with the caller's own snapshots (``[timeline]``, ``[changes]``) first,
credited by the recipe. The same entries go into the figures JSON (``layers``).
"""

from __future__ import annotations

from typing import Any

from geo import layers
from geo.errors import GeoError
from geo.render.model import TimelineModel
from geo.render.prepare.changes import Changes
from geo.render.prepare.context import PrepareContext
from geo.render.wording import as_text

__all__ = ["catalog_credits", "catalog_entries", "data_credits"]


def catalog_credits(
    ctx: PrepareContext, tile_attribution: str | None
) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """Credit lines and their entries for the catalog layers read, and the basemap.

    Parameters
    ----------
    ctx : PrepareContext
        After every other step (so every layer used has been read).
    tile_attribution : str, optional
        The tile provider's attribution, when the map uses tiles.

    Returns
    -------
    lines : list of str
        ``"Title: sources, licence: L, as of D"`` per layer, in recipe order, then the basemap.
    meta : dict of str to dict
        Per layer id: ``title``, ``sources``, ``license``, ``as_of``.
    """
    recipe = ctx.recipe
    lines: list[str] = []
    meta_out: dict[str, dict[str, Any]] = {}
    for layer_id in recipe.layer_ids():
        meta = ctx.read.get(layer_id)
        if meta is None:
            continue
        title = as_text(getattr(meta, "title", "")) or layer_id
        sources = as_text(getattr(meta, "sources", ""))
        lic = as_text(getattr(meta, "license", ""))
        as_of = as_text(getattr(meta, "as_of", ""))
        if layer_id == recipe.basemap.layer and not ctx.vector and not recipe.inset.enabled:
            continue
        parts = [
            p
            for p in (sources, f"licence: {lic}" if lic else "", f"as of {as_of}" if as_of else "")
            if p
        ]
        lines.append(f"{title}: {', '.join(parts)}" if parts else title)
        meta_out[layer_id] = {"title": title, "sources": sources, "license": lic, "as_of": as_of}
    if tile_attribution:
        lines.append(f"Basemap tiles: {tile_attribution}")
    elif ctx.vector:
        title = meta_out.get(recipe.basemap.layer, {}).get("title", recipe.basemap.layer)
        lines.append(f"Basemap: drawn from the {title} layer (no tiles)")
    return lines, meta_out


def data_credits(
    timeline: TimelineModel | None, changes: Changes | None
) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """Credit lines and entries for the caller's own snapshots (``timeline``, ``changes``)."""
    lines: list[str] = []
    meta: dict[str, dict[str, Any]] = {}
    if timeline is not None:
        lines.append(timeline.credit_line())
        meta["timeline"] = {
            "title": timeline.label,
            "sources": timeline.credit,
            "license": "",
            "as_of": timeline.last_date,
        }
    if changes is not None:
        lines.append(changes.credit)
        meta["changes"] = changes.meta
    return lines, meta


def catalog_entries(layer_meta: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Catalog layers the map was built from (same id, title and as-of date).

    The model keeps only the catalog's title/sources/licence; the short ``attribution``
    and the places' ``rank`` that still images use live in the catalog. A layer supplied
    by another loader (tests, user data) that merely shares an id is not matched, so it
    never borrows a credit. An unreadable catalog matches nothing.
    """
    try:
        cat = layers.catalog()
    except (GeoError, OSError):
        return {}
    out = {}
    for lid, meta in layer_meta.items():
        entry = cat.get(lid)
        if (
            entry is not None
            and str(entry.title) == str(meta.get("title", ""))
            and str(entry.as_of) == str(meta.get("as_of", ""))
        ):
            out[lid] = entry
    return out
