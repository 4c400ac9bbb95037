"""The ``frontline front`` document: the front line derived from an occupied-area file.

:func:`front_report` reads an occupied-area file (any format :func:`geo.sources.read_source`
reads), derives the front line with :func:`geo.front.derive_front` and gives its lengths:
main line, enclave fronts, the land/river split; geodesic, km and mi. With ``out`` it also
writes the line to GeoJSON, GeoPackage or FlatGeobuf (:func:`geo.export.export`).

Examples
--------
>>> doc = front_report("layers/occupied-2024-11-13.geojson")  # doctest: +SKIP
>>> round(doc["main"]["length"]["km"])  # doctest: +SKIP
1154
"""

from __future__ import annotations

import os
from typing import Any

from geo.errors import SourceError
from geo.export import export
from geo.front import BUFFER_KM, derive_front
from geo.measure import length
from geo.outpaths import io_error, why_write_failed
from geo.sources import read_source

__all__ = ["DEFAULT_COUNTRY", "front_report"]

#: The country whose front is derived when none is given.
DEFAULT_COUNTRY = "UKR"


def _export(front: Any, out: str | os.PathLike[str]) -> Any:
    """:func:`geo.export.export`, with the OS reason when GDAL's own message hides it."""
    try:
        return export(front, out)
    except SourceError:
        reason = why_write_failed(out)
        if reason is None:
            raise
        raise io_error(reason, out, "write") from None


def front_report(
    source: str | os.PathLike[str],
    *,
    country: str = DEFAULT_COUNTRY,
    buffer_km: float = BUFFER_KM,
    out: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """Derive the front from ``source``: the document ``frontline front --json`` prints.

    Parameters
    ----------
    source : str or os.PathLike
        An occupied-area file; its date, if any, comes from the file name.
    country : str, default "UKR"
        ISO A3 code (or name) of the country the front runs through.
    buffer_km : float, default 4.0
        Width of the band along the country's border and coast that is not front, km.
    out : str or os.PathLike, optional
        Also write the front line there (format by suffix), atomically.

    Returns
    -------
    dict
        ``source``, ``kind`` (the importer), ``as_of`` (ISO date or ``None``), ``country``,
        every key of :meth:`geo.front.FrontResult.to_dict` (``main``, ``enclaves``,
        ``total``, ``land``, ``river``, ``slivers_dropped``, ``parameters``, ``method``),
        ``enclave_fronts`` (each enclave front's ``index`` from 1 and ``length``) and
        ``out`` (the file written, or ``None``).

    Raises
    ------
    GeoError
        Unusable file, unknown country, or no front to derive.
    """
    snap = read_source(source, require_date=False)
    front = derive_front(snap, country, buffer_km)
    written = None if not out else str(_export(front, out))
    return {
        "source": os.fspath(source),
        "kind": snap.kind,
        "as_of": snap.date.isoformat() if snap.date else None,
        # Third-party data keeps its attribution in everything made from it.
        "credit": snap.credit,
        # Features with no polygon (null geometry, points, lines) are left out, and said so.
        "skipped_features": snap.skipped,
        "country": country,
        **front.to_dict(),
        "enclave_fronts": [
            {"index": i, "length": length(line).to_dict()}
            for i, line in enumerate(front.enclaves, start=1)
        ],
        "out": written,
    }
