"""Licence and attribution of DeepStateMap data, for every map and report made from it.

DeepStateMap (https://deepstatemap.live) draws the map; the public GitHub repository
``cyterat/deepstate-map-data`` (a GPL-3.0 repository) republishes its occupied area as one
GeoJSON file a day, which :mod:`geo.sources.fetch` downloads. Whatever frontline makes from
those files (a timeline, a change report, a map) carries :data:`DEEPSTATE_CREDIT`; the full
:data:`DEEPSTATE_NOTICE` is printed the first time a cache folder is used.

:func:`credit_for` gives the credit a snapshot file needs, from its name, so readers and
reports need not know where a file came from.

Examples
--------
>>> credit_for("cache/deepstatemap_data_20240708.geojson") == DEEPSTATE_CREDIT
True
>>> credit_for("deepstate_raw_1724184993.geojson", kind="deepstate") == DEEPSTATE_MAP_CREDIT
True
>>> credit_for("layers/occupied-2024-11-13.geojson") is None
True
"""

from __future__ import annotations

import os
import re
from pathlib import PurePath

__all__ = [
    "DEEPSTATE_CREDIT",
    "DEEPSTATE_LICENSE",
    "DEEPSTATE_MAP_CREDIT",
    "DEEPSTATE_NOTICE",
    "DEEPSTATE_REPOSITORY",
    "credit_for",
]

#: The GitHub repository that republishes the daily snapshots.
DEEPSTATE_REPOSITORY = "cyterat/deepstate-map-data"

#: SPDX identifier of the repository's licence.
DEEPSTATE_LICENSE = "GPL-3.0"

#: Credit line for anything made from the daily snapshot files.
DEEPSTATE_CREDIT = (
    "Occupied area: DeepStateMap (deepstatemap.live), daily snapshots via "
    f"github.com/{DEEPSTATE_REPOSITORY} ({DEEPSTATE_LICENSE} repository)"
)

#: Credit line for anything made from a full DeepStateMap map document.
DEEPSTATE_MAP_CREDIT = "Map data: DeepStateMap (deepstatemap.live)"

#: Printed on first use of a cache folder.
DEEPSTATE_NOTICE = (
    "DeepStateMap data: the occupied area as drawn by DeepStateMap (https://deepstatemap.live), "
    f"republished daily by https://github.com/{DEEPSTATE_REPOSITORY} under {DEEPSTATE_LICENSE}. "
    "Credit DeepStateMap on every map and report made from it; frontline adds the line "
    f"{DEEPSTATE_CREDIT!r}."
)

_DAILY = re.compile(r"^deepstatemap_data_\d{8}\.geojson$", re.IGNORECASE)


def credit_for(path: str | os.PathLike[str], *, kind: str | None = None) -> str | None:
    """The credit line a snapshot file needs, or ``None`` when it is not DeepStateMap data.

    Parameters
    ----------
    path : str or os.PathLike
        The file; a daily file is recognised by its upstream name
        ``deepstatemap_data_YYYYMMDD.geojson``.
    kind : str, optional
        The importer that read it (:attr:`geo.sources.Snapshot.kind`); ``"deepstate"`` (a
        full DeepStateMap document) gets :data:`DEEPSTATE_MAP_CREDIT`.

    Returns
    -------
    str or None
    """
    if _DAILY.match(PurePath(os.fspath(path)).name):
        return DEEPSTATE_CREDIT
    if kind == "deepstate":
        return DEEPSTATE_MAP_CREDIT
    return None
