"""Find a feature by ISO 3166 alpha-3 code or name, and a country's polygon by code.

The one place frontline looks up a country: ``borders``, ``front``, the DeepState
importer and the checks all come here.

Examples
--------
>>> import geopandas as gpd
>>> from shapely import Point
>>> gdf = gpd.GeoDataFrame({"iso_a3": ["PRK"], "name": ["North Korea"]},
...                        geometry=[Point(0, 0)], crs="EPSG:4326")
>>> find_feature(gdf, "North Korea")["iso_a3"]
'PRK'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING, Any

import numpy as np

from geo.errors import LayerError
from geo.layers.registry import get
from geo.suggest import close_matches

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    import shapely

__all__ = ["country", "find_feature"]


_ISO_COLUMNS = ("iso_a3", "adm0_a3", "iso_a3_eh", "iso3", "iso", "iso_code", "gu_a3", "su_a3")
_NAME_COLUMNS = (
    "name", "name_en", "name_long", "admin", "name_sort", "geounit", "sovereignt",
    "formal_en", "brk_name", "country", "title", "id",
)  # fmt: skip


# Natural Earth's "no code" placeholder in its ISO columns (France, Norway, Kosovo, ...).
_NE_NO_CODE = "-99"


def _norm(text: Any) -> str:
    """Case-, accent- and punctuation-free form: 'Korea, Dem. Rep.' -> 'koreademrep'."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "", stripped.casefold())


def find_feature(gdf: gpd.GeoDataFrame, name_or_iso: str) -> pd.Series:
    """The row of ``gdf`` whose ISO 3166 alpha-3 code or name matches ``name_or_iso``.

    Parameters
    ----------
    gdf : GeoDataFrame
        A layer, e.g. the ``countries`` layer read with :func:`geo.io.read_geodata`.
    name_or_iso : str
        An ISO A3 code (``"UKR"``) or a name (``"north korea"``). Case, accents, spaces
        and punctuation are ignored.

    Returns
    -------
    pandas.Series
        The row; its geometry (in ``gdf``'s CRS) is ``row["geometry"]``. The functions of
        this module accept the row itself.

    Raises
    ------
    LayerError
        No row matches (the message lists close matches) or several do.

    Notes
    -----
    ISO columns are tried first (case-insensitively: ``iso_a3``, ``adm0_a3``,
    ``iso_a3_eh``, ``iso3``, ...; Natural Earth's ``-99`` placeholder never matches), then
    name columns (``name``, ``name_en``, ``name_long``, ``admin``, ...).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import Point
    >>> gdf = gpd.GeoDataFrame({"ISO_A3": ["PRK", "RUS"], "NAME": ["North Korea", "Russia"]},
    ...                        geometry=[Point(0, 0), Point(1, 1)], crs="EPSG:4326")
    >>> find_feature(gdf, "prk")["NAME"], find_feature(gdf, "north-korea")["ISO_A3"]
    ('North Korea', 'PRK')
    >>> try:
    ...     find_feature(gdf, "Rusia")
    ... except LookupError as exc:
    ...     print(str(exc).split("; ")[-1])
    close matches: Russia, RUS
    """
    key = _norm(name_or_iso)
    if not key:
        raise LayerError(f"empty feature name {name_or_iso!r}")
    by_lower = {str(c).lower(): c for c in gdf.columns if c != gdf.geometry.name}
    iso_cols = [by_lower[c] for c in _ISO_COLUMNS if c in by_lower]
    name_cols = [by_lower[c] for c in _NAME_COLUMNS if c in by_lower]
    if not iso_cols and not name_cols:
        raise LayerError(
            "the layer has no ISO A3 or name column to search (looked for "
            f"{', '.join(_ISO_COLUMNS + _NAME_COLUMNS)})"
        )
    for cols in (iso_cols, name_cols):
        for col in cols:
            normed = gdf[col].map(
                lambda v: _norm(v) if isinstance(v, str) and v.strip() != _NE_NO_CODE else ""
            )
            hits = np.flatnonzero((normed == key).to_numpy())
            if len(hits) == 1:
                return gdf.iloc[int(hits[0])]
            if len(hits) > 1:
                labels = ", ".join(str(gdf.index[i]) for i in hits[:10])
                raise LayerError(
                    f"{name_or_iso!r} matches {len(hits)} features in column {col} "
                    f"(rows {labels}); use a more specific name or code"
                )
    raise _miss(gdf, name_or_iso, iso_cols + name_cols)


def _miss(gdf: gpd.GeoDataFrame, name_or_iso: str, columns: list[Any]) -> LayerError:
    """The error for a name that matches nothing: close values from every searched column."""
    values: dict[str, str] = {}
    for col in columns:
        for v in gdf[col]:
            if isinstance(v, str) and _norm(v) and v.strip() != _NE_NO_CODE:
                values.setdefault(_norm(v), v)
    close = close_matches(_norm(name_or_iso), list(values), n=5, cutoff=0.6)
    hint = f"; close matches: {', '.join(values[c] for c in close)}" if close else ""
    searched = ", ".join(str(c) for c in columns)
    return LayerError(f"no feature matches {name_or_iso!r} (searched {searched}){hint}")


@functools.lru_cache(maxsize=32)
def _country_wkb(key: str) -> bytes:
    import shapely

    gdf = get("countries").read()
    return shapely.to_wkb(find_feature(gdf, key)[gdf.geometry.name])


def country(name_or_iso: str) -> shapely.Geometry:
    """A country's (Multi)Polygon from the bundled ``countries`` layer, lon/lat (EPSG:4326).

    Parameters
    ----------
    name_or_iso : str
        An ISO A3 code (``"UKR"``) or a name, as :func:`find_feature` takes it.

    Returns
    -------
    shapely.Polygon or shapely.MultiPolygon
        A fresh geometry (the layer is read once per process and cached).

    Raises
    ------
    LayerError
        No country matches, or several do.
    """
    import shapely

    return shapely.from_wkb(_country_wkb(str(name_or_iso)))
