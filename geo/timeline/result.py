"""The result of a timeline run: its rows, and how they are written (CSV, JSON, PNG chart).

Files are written atomically (:func:`geo.files.write_atomic`), CSV with a fixed number of
decimals and JSON through :func:`geo.jsonfmt.dumps`, so the same run gives the same bytes.

Examples
--------
>>> tl = Timeline(rows=({"date": "2024-01-01", "file": "a.geojson", "status": "ok",
...                      "occupied_area_km2": 109360.868782},))
>>> print(tl.to_csv().splitlines()[1])
2024-01-01,ok,a.geojson,,109360.869,,,,,,,,,,,,,,
>>> tl.to_dict()["units"]
{'area': 'km2', 'length': 'km'}
"""

from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.errors import UsageError
from geo.files import write_atomic
from geo.jsonfmt import dumps
from geo.sources.credit import credit_for
from geo.timeline.chart import chart_png

__all__ = ["COLUMNS", "Timeline"]

#: CSV/JSON columns, in order.
COLUMNS: tuple[str, ...] = (
    "date",
    "status",
    "file",
    "kind",
    "occupied_area_km2",
    "occupied_area_sq_mi",
    "front_main_km",
    "front_main_km_simplified",
    "tolerance_km",
    "front_enclaves_km",
    "front_land_km",
    "front_river_km",
    "previous_date",
    "days_since_previous",
    "gained_km2",
    "lost_km2",
    "net_km2",
    "skipped_features",
    "error",
)


def _csv_cell(value: Any) -> str:
    """A CSV cell: empty for missing or non-finite, floats with 3 decimals."""
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if not math.isfinite(value) else f"{value:.3f}"
    return str(value)


def _json_value(value: Any) -> Any:
    """A JSON value: non-finite floats become None (JSON has no NaN)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


@dataclass(frozen=True)
class Timeline:
    """The result of :func:`geo.timeline.timeline`.

    Attributes
    ----------
    rows : tuple of dict
        One per file, sorted by date (files without a date last), with the keys of
        :data:`COLUMNS`. ``status`` is ``"ok"``, ``"partial"`` (area measured, no front) or
        ``"error"`` (the file was unusable: only ``date``, ``file`` and ``error`` are set).
    parameters : dict
        ``country``, ``buffer_km``, ``tolerance_km``, ``workers`` / ``scheduler``, ``files``.
    """

    rows: tuple[dict[str, Any], ...]
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[dict[str, Any]]:
        """``{"file", "date", "error"}`` for every unusable file."""
        return [
            {"file": r["file"], "date": r.get("date"), "error": r.get("error")}
            for r in self.rows
            if r.get("status") == "error"
        ]

    @property
    def missing_dates(self) -> list[str]:
        """ISO dates whose file was unusable (so the date has no measures)."""
        return [r["date"] for r in self.rows if r.get("status") == "error" and r.get("date")]

    def to_dataframe(self) -> Any:
        """The rows as a :class:`pandas.DataFrame` with :data:`COLUMNS`."""
        import pandas as pd

        return pd.DataFrame([{c: r.get(c) for c in COLUMNS} for r in self.rows], columns=COLUMNS)

    def to_csv(self) -> str:
        """CSV text: a header of :data:`COLUMNS`, one row per file; empty cells for missing.

        Floats are written with 3 decimals (metres and hundredths of km² are beyond the
        data's accuracy), so the file is byte-identical across runs and platforms.
        """
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in self.rows:
            writer.writerow([_csv_cell(r.get(c)) for c in COLUMNS])
        return buf.getvalue()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready document: ``rows``, ``errors``, ``missing_dates``, ``parameters``."""
        rows = [{c: _json_value(r.get(c)) for c in COLUMNS} for r in self.rows]
        # Third-party data keeps its attribution in every report made from it.
        credits = sorted({c for r in self.rows if r.get("file") and (c := credit_for(r["file"]))})
        return {
            "rows": rows,
            "credits": credits,
            "errors": self.errors,
            "missing_dates": self.missing_dates,
            "parameters": self.parameters,
            "method": "geodesic-wgs84",
            "units": {"area": "km2", "length": "km"},
        }

    def chart_png(self) -> bytes:
        """A PNG chart of occupied area and main front length over time (matplotlib, Agg)."""
        return chart_png(self.rows, self.parameters.get("tolerance_km"), self.missing_dates)

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write CSV (``.csv``), JSON (``.json``) or the chart (``.png``), atomically.

        Parameters
        ----------
        path : str or os.PathLike
            The target; its suffix picks the format.

        Returns
        -------
        pathlib.Path

        Raises
        ------
        UsageError
            An unsupported suffix.
        """
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix == ".csv":
            return write_atomic(target, self.to_csv())
        if suffix == ".json":
            return write_atomic(target, dumps(self.to_dict(), newline=True))
        if suffix == ".png":
            return write_atomic(target, self.chart_png())
        raise UsageError(
            f"cannot write a timeline as {suffix or 'a file without suffix'}; "
            "use .csv, .json or .png"
        )
