"""The fact sheet: every section measured from the bundled layers, each layer verified first.

A layer the sheet needs that is missing or does not match its catalog entry raises
:class:`~geo.errors.LayerError`: the sheet never prints a number it could not measure.
"""

from __future__ import annotations

from typing import Any

from geo import layers
from geo.errors import GeometryError, LayerError
from geo.facts.korea import borders_section, pyongyang_kursk_section, tumen_section
from geo.facts.ukraine import (
    FRONT,
    KURSK,
    OCCUPIED,
    front_section,
    kursk_section,
    occupied_section,
)
from geo.facts.verdict import verdict
from geo.measure import METHOD

__all__ = ["LAYERS", "fact_sheet", "verified_layer"]

#: Every layer the sheet measures.
LAYERS = ("countries", "tumen", "places", FRONT, OCCUPIED, *KURSK)


def verified_layer(layer_id: str) -> layers.Layer:
    """The catalog layer, verified against its file; a clear LayerError otherwise.

    Parameters
    ----------
    layer_id : str
        A catalog id.

    Returns
    -------
    geo.layers.Layer

    Raises
    ------
    LayerError
        Not in the catalog, or the file does not match its entry (checksum, count, ...).
    """
    try:
        layer = layers.get(layer_id)
    except LayerError as exc:
        raise LayerError(
            f"the fact sheet needs layer {layer_id!r}, which is not in the catalog "
            f"(build it with scripts/build_layers.py): {exc.message}"
        ) from None
    problems = layers.verify(layer)
    if problems:
        raise LayerError(f"the fact sheet needs layer {layer_id!r}: {problems[0]}", path=layer.path)
    return layer


def fact_sheet() -> dict[str, Any]:
    """Measure every headline figure from the bundled layers.

    Returns
    -------
    dict
        JSON-ready sections ``front``, ``occupied``, ``kursk``, ``tumen``, ``borders``,
        ``pyongyang_kursk``, ``verdict`` and ``layers`` (id -> as_of, sha256 of each layer
        used). Lengths carry ``km`` and ``mi``, areas ``km2`` and ``sq_mi``; each figure
        states ``method`` (``geodesic-wgs84``) and ``as_of``.

    Raises
    ------
    LayerError
        A layer the sheet needs is not in the catalog or its file does not match.

    Examples
    --------
    >>> sheet = fact_sheet()  # doctest: +SKIP
    >>> round(sheet["tumen"]["russia_north_korea"]["km"], 1)  # doctest: +SKIP
    15.5
    """
    lay = {layer_id: verified_layer(layer_id) for layer_id in LAYERS}
    countries_layer = lay["countries"]
    countries = countries_layer.read()
    as_of = countries_layer.as_of
    try:
        front = front_section(lay[FRONT], countries, as_of, lay[KURSK[1]])
        sheet = {
            "as_of": lay[FRONT].as_of,
            "method": METHOD,
            "front": front,
            "occupied": occupied_section(lay[OCCUPIED], countries, as_of),
            "kursk": kursk_section(lay[KURSK[0]], lay[KURSK[1]]),
            "tumen": tumen_section(lay["tumen"], countries, as_of),
            "borders": borders_section(countries, as_of),
            "pyongyang_kursk": pyongyang_kursk_section(lay["places"]),
            "verdict": verdict(front),
            "layers": {
                k: {"as_of": v.as_of, "sha256": v.sha256, "title": v.title} for k, v in lay.items()
            },
        }
    except GeometryError as exc:
        raise LayerError(f"the fact sheet could not measure a layer: {exc}") from None
    return sheet
