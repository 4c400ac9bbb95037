"""Change reports: what changed on the front between two dated snapshots.

``frontline change FROM TO`` is this package: :func:`compute_change` (gained, lost and net
km², geodesic; the front length at both dates; gained areas and their nearest places;
places that changed hands; the per-oblast table), :func:`summarise` (one plain-English
sentence built only from those figures) and :func:`write_report` (``report.json``,
``report.csv``, ``places.csv``, ``areas.csv`` and the map in HTML, PNG and SVG, written as
one set). FROM and TO are snapshot paths or ``deepstate:YYYY-MM-DD`` references
(:func:`resolve_input`).

One job per module: :mod:`~geo.change.inputs` (references, ``--since``, credit),
:mod:`~geo.change.places` (curated places + GeoNames gazetteer, nearest, compass),
:mod:`~geo.change.regions` (per-oblast table), :mod:`~geo.change.compute` (the report),
:mod:`~geo.change.summary` (the sentence) and :mod:`~geo.change.output` (the files).

Examples
--------
>>> figure_text(142.4), period_text("2026-08-01", "2026-08-08")
('142', 'Between 1 and 8 August 2026')
"""

from __future__ import annotations

from geo.change.compute import ChangeReport, Side, compute_change
from geo.change.inputs import (
    DEEPSTATE_CREDIT,
    default_credit,
    is_reference,
    parse_since,
    reference_for,
    resolve_input,
)
from geo.change.output import FILES, change_recipe, report_csv, report_document, write_report
from geo.change.summary import figure_text, period_text, summarise

__all__ = [
    "DEEPSTATE_CREDIT",
    "FILES",
    "ChangeReport",
    "Side",
    "change_recipe",
    "compute_change",
    "default_credit",
    "figure_text",
    "is_reference",
    "parse_since",
    "period_text",
    "reference_for",
    "report_csv",
    "report_document",
    "resolve_input",
    "summarise",
    "write_report",
]
