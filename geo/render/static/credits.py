"""The static image's short credit: attributions, licences and the as-of date.

A still image has two lines for credits: the model's reader credit
(:func:`geo.render.prepare.credits.reader_credit`: sources by name, short licences) and
the as-of date; a model without one lists each layer's catalog ``attribution`` (falling
back to its title) and each licence once. The full credits (long source names) stay in
the HTML's Sources box and the figures JSON.

Examples
--------
>>> date_text("2024-11-13"), date_text("autumn 2024")
('13 November 2024', 'autumn 2024')
"""

from __future__ import annotations

import re
from typing import Any

from geo.render.model import MapModel
from geo.render.prepare.credits import reader_credit
from geo.sources.dates import MONTH_NAMES

__all__ = ["credit_parts", "credit_text", "date_text"]


def date_text(iso: str) -> str:
    """``2024-11-13`` → ``13 November 2024``; anything else unchanged."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso.strip())
    if not m or not 1 <= int(m[2]) <= 12:
        return iso
    return f"{int(m[3])} {MONTH_NAMES[int(m[2]) - 1]} {m[1]}"


def credit_text(model: MapModel, entries: dict[str, Any] | None = None) -> str:
    """Return the static image's short credit: attributions, licences and the as-of date.

    Parameters
    ----------
    model : MapModel
        The map.
    entries : dict, optional
        Catalog layers by id (default: the model's matched entries, ``model.catalog``).

    Returns
    -------
    str
    """
    return " ".join(p for p in credit_parts(model, entries) if p)


def credit_parts(
    model: MapModel,
    entries: dict[str, Any] | None = None,
    extra: list[tuple[str, str]] | None = None,
) -> tuple[str, str]:
    """Return ``("Sources: …", "Licences: … Data as of …")`` for :func:`credit_text`.

    ``extra`` adds ``(attribution, licence)`` pairs first (the land drawn under tiles).
    """
    reader = model.reader_credit
    if entries is not None and reader:
        reader = reader_credit(model.layer_meta, entries, {model.recipe.basemap.layer})
    entries = model.catalog if entries is None else entries
    as_of = model.recipe.text.as_of
    if model.timeline is not None and model.timeline.last is not None:
        as_of = model.timeline.last_date
    if reader:
        # The reader's credit (sources by name, each with its short licence); the full
        # sources and licences are in the page's notes and the figures JSON.
        head = [a for a, _ in extra or []]
        text = "; ".join([*head, reader])
        return f"Sources: {text}.", f"Data as of {date_text(str(as_of))}." if as_of else ""
    attributions: list[str] = []
    licences: list[str] = []
    metas: list[tuple[dict[str, Any], str | None]] = [
        ({"attribution": a, "license": lic}, None) for a, lic in extra or []
    ]
    metas += [(meta, lid) for lid, meta in model.layer_meta.items()]
    for meta, lid in metas:
        text = " ".join(_attribution(meta, lid, entries).split())
        if as_of:
            # "…news reports, 2024-11-13" repeats the date the line ends with.
            text = re.sub(rf",? {re.escape(str(as_of))}$", "", text)
        if text and text not in attributions:
            attributions.append(text)
        # "CC0 (authored); Natural Earth vertices public domain" → "CC0", "Natural Earth
        # vertices public domain": the notes in brackets stay in the HTML's full credits.
        for part in str(meta.get("license", "")).split(";"):
            lic = " ".join(re.sub(r"\([^()]*\)", " ", part).split()).strip(" ,.")
            if lic and lic.casefold() not in {x.casefold() for x in licences}:
                licences.append(lic)
    sources = ("Sources: " + "; ".join(attributions) + ".") if attributions else ""
    rest = []
    if licences:
        rest.append(
            ("Licences: " if len(licences) > 1 else "Licence: ") + "; ".join(licences) + "."
        )
    if as_of:
        rest.append(f"Data as of {date_text(str(as_of))}.")
    return sources, " ".join(rest)


def _attribution(meta: dict[str, Any], lid: str | None, entries: dict[str, Any]) -> str:
    """Return a layer's short credit: its own attribution, the catalog's, or its title."""
    entry = entries.get(lid) if lid is not None else None
    catalog_attribution = getattr(entry, "attribution", None) if entry is not None else None
    if meta.get("attribution"):
        return str(meta["attribution"])
    if catalog_attribution:
        return str(catalog_attribution)
    if lid in ("timeline", "changes") and meta.get("sources"):
        # The caller's own snapshots: the recipe's one-line credit is the attribution.
        return str(meta["sources"])
    return str(meta.get("title") or lid)
