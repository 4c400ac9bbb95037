"""What a check returns: :class:`Problem` (a code, a feature, a reason, a severity).

Examples
--------
>>> p = Problem("unclosed-ring", 2, "a Polygon ring ends elsewhere")
>>> str(p)
'feature 2: error: unclosed-ring: a Polygon ring ends elsewhere'
>>> has_errors([p]), has_errors([Problem("ring-orientation", 0, "...", "warning")])
(True, False)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Problem", "Severity", "has_errors"]

#: ``error`` makes ``frontline check`` exit 1; ``warning`` (against a SHOULD of RFC 7946, or
#: likely to surprise) and ``info`` (legal but unusual, e.g. altitude) are printed only.
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a feature, a file or a layer.

    Attributes
    ----------
    code : str
        Stable identifier, e.g. ``"unclosed-ring"`` (see :mod:`geo.checks` for the list).
    feature : int, str or None
        The feature's index in its file (0-based), or ``None`` for file/layer problems.
    message : str
        One line saying what is wrong and, where possible, how to fix it.
    severity : {"error", "warning", "info"}
        ``error`` makes ``frontline check`` exit 1; ``warning`` and ``info`` are printed
        only.
    """

    code: str
    feature: int | str | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = "" if self.feature is None else f"feature {self.feature}: "
        return f"{where}{self.severity}: {self.code}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """Return the problem as a JSON-ready dict (keys code, feature, message, severity)."""
        return {
            "code": self.code,
            "feature": self.feature,
            "message": self.message,
            "severity": self.severity,
        }


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any problem has severity ``error``.

    Parameters
    ----------
    problems : iterable of Problem

    Returns
    -------
    bool
    """
    return any(p.severity == "error" for p in problems)
