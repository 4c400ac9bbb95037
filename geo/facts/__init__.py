"""The fact sheet: every headline figure of the story, measured from the bundled layers.

:func:`fact_sheet` measures the front line (land and river, with a resolution sweep), the
occupied area, the Kursk pocket at both dates, the Tumen river border, the tripoint, the
China–North Korea and China–Russia borders of the basemap beside their official lengths,
and the Pyongyang–Kursk distance, and ends with a verdict on the story's "nearly 800
miles" of front. Every figure is geodesic on WGS84 (:mod:`geo.measure`) and carries its
``method`` and the ``as_of`` date of the layer it comes from.

A layer the sheet needs that is missing or does not match its catalog entry raises
:class:`~geo.errors.LayerError`: the sheet never prints a number it could not measure.

The package, one job per module: :mod:`~geo.facts.sheet` (the sheet and its layers),
:mod:`~geo.facts.ukraine` (front, occupied area, Kursk pocket), :mod:`~geo.facts.korea`
(Tumen border and tripoint, basemap borders, Pyongyang–Kursk), :mod:`~geo.facts.verdict`
(the "nearly 800 miles" claim against front-only conventions), :mod:`~geo.facts.text` (the
sheet as text), :mod:`~geo.facts.figures` (how a figure is written),
:mod:`~geo.facts.official` (official border lengths and the basemap caveat) and
:mod:`~geo.facts.published` (published figures prose may quote, with source and date).

Examples
--------
>>> sheet = fact_sheet()  # doctest: +SKIP
>>> round(sheet["tumen"]["russia_north_korea"]["km"], 1)  # doctest: +SKIP
15.5
"""

from geo.facts.korea import OFFICIAL_KM
from geo.facts.sheet import fact_sheet
from geo.facts.text import format_text
from geo.facts.ukraine import SWEEP_KM
from geo.facts.verdict import CLAIM_MI, CONVENTIONS, NEARLY_BAND_MI, judge, verdict

__all__ = [
    "CLAIM_MI",
    "CONVENTIONS",
    "NEARLY_BAND_MI",
    "OFFICIAL_KM",
    "SWEEP_KM",
    "fact_sheet",
    "format_text",
    "judge",
    "verdict",
]
