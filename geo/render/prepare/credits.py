"""Prepare step 8, the credits: every map names the sources, licence and date of its data.

The credit lines come from the catalog entries of the layers the recipe uses (title,
sources, licence, as-of date; for the caller's own files and data, the entry's ``credit``,
``url``, ``license`` and ``as_of``), then the basemap (tiles and their attribution, or our own
vector land), with the caller's own snapshots (``[timeline]``, ``[changes]``) first,
credited by the recipe. The same entries go into the figures JSON (``layers``).
"""

from __future__ import annotations

import re
from typing import Any

from geo import layers
from geo.errors import GeoError
from geo.render.model import TimelineModel
from geo.render.prepare.changes import Changes
from geo.render.prepare.context import PrepareContext
from geo.render.prepare.own_data import OwnLayer
from geo.render.wording import as_text

__all__ = [
    "catalog_credits",
    "catalog_entries",
    "data_credits",
    "reader_credit",
    "short_source",
]


def catalog_credits(
    ctx: PrepareContext, tile_attribution: str | None, basemap_sources: tuple[str, ...] = ()
) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """Credit lines and their entries for the catalog layers read, and the basemap.

    Parameters
    ----------
    ctx : PrepareContext
        After every other step (so every layer used has been read).
    tile_attribution : str, optional
        The tile provider's attribution, when the map uses tiles.
    basemap_sources : tuple of str
        The catalog layers the basemap's geography drew (credited after the recipe's).

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
    for layer_id in dict.fromkeys([*recipe.layer_ids(), *basemap_sources]):
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
        if isinstance(meta, OwnLayer):
            # The recipe's credit is also the static image's short attribution.
            own = {"attribution": meta.source.credit, "url": meta.source.url}
            meta_out[layer_id] |= {**own, "own": True}
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
            and not meta.get("own")
            and str(entry.title) == str(meta.get("title", ""))
            and str(entry.as_of) == str(meta.get("as_of", ""))
        ):
            out[lid] = entry
    return out


def short_source(attribution: str, basemap: bool) -> str:
    """A layer's catalog attribution as a reader reads it: who, not which file.

    Brackets, dates and anything after the first ``;`` go (the full sources are in the
    notes); "frontline authors" is "frontline". A basemap layer is named by its source only.

    Examples
    --------
    >>> short_source("Natural Earth (public domain), corrected at the Tumen", True)
    'Natural Earth'
    >>> short_source("Rivers: World Data Bank II via GSHHG", True)
    'World Data Bank II via GSHHG'
    >>> short_source("Front line: frontline authors from ISW assessments and news reports, "
    ...              "2024-11-13; rivers: GSHHG", False)
    'Front line: frontline, from ISW assessments and news reports'
    """
    text = attribution.split(";")[0]
    text = re.sub(r"\([^()]*\)", "", text)
    text = re.sub(r",?\s*\d{4}-\d{2}-\d{2}", "", text)
    text = text.replace("frontline authors from", "frontline, from")
    text = text.replace("frontline authors", "frontline")
    text = re.sub(r"\s+,", ",", " ".join(text.split())).strip(" ,.")
    if basemap:
        text = text.split(": ", 1)[-1].split(",")[0].strip()
    return text


def _short_licence(licence: str) -> str:
    """The licence in brackets after a source, when it is one short name (``CC0``)."""
    first = re.sub(r"\([^()]*\)", "", licence.split(";")[0]).strip(" ,.")
    return first if first and len(first) <= 12 else ""


def reader_credit(
    layer_meta: dict[str, dict[str, Any]], entries: dict[str, Any], basemap_ids: set[str]
) -> str:
    """The one-line credit a reader sees, e.g. ``Natural Earth; front line: frontline, from ...``.

    Parameters
    ----------
    layer_meta : dict
        Per layer id: ``title``, ``sources``, ``license`` (and ``attribution`` for the
        caller's own data), as :func:`catalog_credits` returns them.
    entries : dict
        Matched catalog entries (:func:`catalog_entries`), for their ``attribution``.
    basemap_ids : set of str
        Layers drawn as the basemap (named by source only, first).

    Returns
    -------
    str
        Basemap sources, then each data layer's source with its licence, ``"; "``-joined.
    """
    base: list[str] = []
    data: list[str] = []
    for lid, meta in layer_meta.items():
        entry = entries.get(lid)
        attribution = meta.get("attribution") or getattr(entry, "attribution", "") or ""
        if lid in ("timeline", "changes"):
            attribution = attribution or meta.get("sources", "")
        attribution = as_text(attribution) or as_text(meta.get("title", lid))
        is_base = lid in basemap_ids or getattr(entry, "kind", "") == "basemap"
        text = short_source(attribution, is_base)
        if not is_base and text in base:
            continue  # already named as the basemap's source
        if not is_base:
            lic = _short_licence(as_text(meta.get("license", "")))
            text = f"{text} ({lic})" if lic else text
        bucket = base if is_base else data
        if text and text not in bucket:
            bucket.append(text)
    return "; ".join(base + _ours_as_one(data))


#: ``"Front line: frontline, from ISW assessments (CC0)"``: a layer this project authored.
_OURS = re.compile(
    r"^(?P<title>[^:;]+): frontline(?:, from (?P<src>.+?))?(?: \((?P<lic>[^()]+)\))?$"
)


def _and(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _ours_as_one(data: list[str]) -> list[str]:
    """The layers this project authored named once: ``Front line and places: frontline, ...``.

    Examples
    --------
    >>> _ours_as_one(["Occupied area: frontline (CC0)", "Front line: frontline, from ISW "
    ...               "assessments and news reports", "Places: frontline, from gazetteers and "
    ...               "dated news reports (CC0)", "Places: GeoNames (CC BY 4.0)"])
    ['Occupied area, front line and places: frontline, from ISW assessments, news reports and gazetteers (CC0)', 'Places: GeoNames (CC BY 4.0)']
    """  # noqa: E501
    ours = [m for m in map(_OURS.match, data) if m]
    if len(ours) < 2:
        return data
    titles = list(dict.fromkeys(m["title"].strip() for m in ours))
    titles = [titles[0]] + [t[:1].lower() + t[1:] for t in titles[1:]]
    phrases: list[str] = []
    for m in ours:
        for ph in re.split(r",\s*|\s+and\s+", m["src"] or ""):
            ph = ph.strip()
            if ph and not any(ph == q or ph.endswith(" " + q) for q in phrases):
                phrases.append(ph)
    lics = {m["lic"] for m in ours if m["lic"]}
    text = f"{_and(titles)}: frontline" + (f", from {_and(phrases)}" if phrases else "")
    text += f" ({lics.pop()})" if len(lics) == 1 else ""
    first = data.index(ours[0].string)
    rest = [d for d in data if not _OURS.match(d)]
    return [*rest[:first], text, *rest[first:]]
