"""Dated snapshots → measures over time, streamed, on local processes or a Dask cluster.

For a folder (or glob) of dated occupied-area snapshots, :func:`timeline` computes one row
per date:

- ``occupied_area_km2`` (and ``occupied_area_sq_mi``): geodesic area on WGS84;
- ``front_main_km``: the main front line (:func:`geo.front.derive_front`) at the data's full
  detail, and ``front_main_km_simplified`` after Douglas–Peucker simplification at
  ``tolerance_km`` (stated in the ``tolerance_km`` column: a front has no single length);
  ``front_enclaves_km``, ``front_land_km`` and ``front_river_km`` from the same derivation;
- the change since the previous usable snapshot (``previous_date``): ``gained_km2`` (area
  occupied now but not then), ``lost_km2`` (the reverse) and ``net_km2``, all geodesic
  areas of the polygon differences.

For the maps: :func:`frames` yields the (simplified) occupied area per date for a time
slider, and :func:`changes` returns the gained/lost areas between any two snapshots as a
GeoDataFrame (exportable with :mod:`geo.export`).

One job per module:

- :mod:`~geo.timeline.measures`: the measures of one snapshot;
- :mod:`~geo.timeline.inputs`: the files of a folder or glob, dated and sorted;
- :mod:`~geo.timeline.chunks`: chunks of consecutive dates, and the task that streams one;
- :mod:`~geo.timeline.executors`: in this process, a process pool, or a Dask cluster;
- :mod:`~geo.timeline.run`: :func:`timeline` itself;
- :mod:`~geo.timeline.result`: :class:`Timeline` and its CSV/JSON output;
- :mod:`~geo.timeline.chart`: the PNG chart;
- :mod:`~geo.timeline.maps`: :class:`Frame`, :func:`frames` and :func:`changes`.

Examples
--------
>>> COLUMNS[:5]
('date', 'status', 'file', 'kind', 'occupied_area_km2')
>>> tl = timeline("../shared/data/deepstate-daily", workers=2)  # doctest: +SKIP
>>> tl.rows[-1]["date"], round(tl.rows[-1]["occupied_area_km2"])  # doctest: +SKIP
('2026-08-22', 116995)
"""

from __future__ import annotations

from geo.timeline.executors import SCHEDULER_TIMEOUT_S as SCHEDULER_TIMEOUT_S
from geo.timeline.executors import default_workers
from geo.timeline.maps import Frame, changes, frames
from geo.timeline.measures import measure_snapshot
from geo.timeline.result import COLUMNS, Timeline
from geo.timeline.run import timeline

__all__ = [
    "COLUMNS",
    "Frame",
    "Timeline",
    "changes",
    "default_workers",
    "frames",
    "measure_snapshot",
    "timeline",
]
