"""Published figures text may quote, each with its source and date, and a finder for numbers.

A number in prose (a notebook's Markdown, a recipe's dek, notes, labels and callouts) is
either *measured* -- printed by code, or inserted in a recipe by a ``{figure:NAME}``
placeholder the build fills in -- or *published*: one of :data:`PUBLISHED`, which says who
published it and when. :func:`numbers_in_text` finds the numbers a reader would take for
figures (dates, list numbers, code spans and links are not figures), so a test can fail on
any number that is neither.

Examples
--------
>>> numbers_in_text("Reuters (25 Nov 2024): a 1,000-km front; see `x = 3`.")
[1000.0]
>>> numbers_in_text("Pocket: {figure:pocket_area}, down from ~1,320 km².")
[1320.0]
>>> 1000.0 in published_values()
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["PUBLISHED", "Published", "numbers_in_text", "published_values"]


@dataclass(frozen=True)
class Published:
    """One published figure: its value and unit, what it is, who published it and when."""

    value: float
    unit: str
    what: str
    source: str
    date: str


#: Every published figure the project's prose may quote (FACTS.md and the sources it names).
PUBLISHED: tuple[Published, ...] = (
    # The story (an opinion piece of mid-November 2024).
    Published(800.0, "mi", "nearly 800 miles of front", "the story (opinion piece)", "2024-11"),
    Published(1287.0, "km", "800 mi in km", "the story, converted", "2024-11"),
    Published(50000.0, "troops", "Russian troops massed at Kursk", "the story", "2024-11"),
    Published(10000.0, "troops", "North Korean soldiers", "the story", "2024-11"),
    # Front lengths.
    Published(1000.0, "km", "1,000-km front line", "Reuters", "2024-11-25"),
    Published(620.0, "mi", "620-mile front line", "Reuters", "2024-11-25"),
    Published(1040.0, "km", "~1,040 km of active front", "Ukraine's commander-in-chief", "2024-08"),
    Published(
        2393.0,
        "km",
        "~2,393 km of border with Russia, Belarus and Moldova (not front)",
        "Ukraine's commander-in-chief",
        "2024-08",
    ),
    # The Kursk pocket.
    Published(1000.0, "km2", "~1,000 km² held", "Ukraine's commander-in-chief", "2024-08-12"),
    Published(1294.0, "km2", "1,294 km² held", "Ukraine's commander-in-chief", "2024-08-27"),
    Published(
        1320.0, "km2", "~1,320 km² at the peak", "news-agency analysis of ISW maps", "2024-08-21"
    ),
    Published(
        800.0,
        "km2",
        "~800 km² held",
        "Ukrainian General Staff source to a news agency",
        "2024-11-23",
    ),
    Published(
        1376.0,
        "km2",
        "1,376 km² at most",
        "Ukrainian General Staff source to a news agency",
        "2024-11-23",
    ),
    Published(482.0, "km2", "~482 km²", "news-agency analysis of ISW maps", "2024-12-30"),
    # Official areas and border lengths.
    Published(603550.0, "km2", "area of Ukraine, Crimea included", "official figure", "1991"),
    Published(17.0, "km", "Russia–North Korea river border", "official Russian figure", "2024"),
    Published(17.3, "km", "Russia–North Korea river border", "some official sources", "2024"),
    Published(22.1, "km", "Russia–North Korea sea border", "official figure", "2024"),
    Published(1352.0, "km", "China–North Korea border", "official figure", "2024"),
    Published(1420.0, "km", "China–North Korea border", "older official sources", "2024"),
    Published(4209.3, "km", "China–Russia border", "official figure", "2024"),
    Published(
        535.0, "km", "Ukraine–Poland border", "State Border Guard Service of Ukraine", "2024"
    ),
    Published(500.0, "m", "tripoint ~500 m upstream of the Friendship Bridge", "FACTS.md", "2024"),
    # Conventions of the text itself.
    Published(84.0, "", "WGS 84, the datum's name", "a name, not a figure", ""),
)

_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# Placeholders, dates, code spans, links and identifiers are not figures: removed first.
_NOT_FIGURES = [
    re.compile(r"\{figure:[^}]*\}"),
    re.compile(r"^\s*\d+\.\s", re.MULTILINE),  # numbered list items
    re.compile(r"`[^`]*`"),
    re.compile(r"\]\([^)]*\)"),
    re.compile(r"https?://\S+"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    re.compile(rf"\b\d{{1,2}}(?:[–/-]\d{{1,2}})?\s+{_MONTHS}(?:\s+\d{{4}})?"),
    re.compile(rf"\b{_MONTHS}\s+\d{{4}}\b"),
    re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}(?:,\s*\d{{4}})?"),
    re.compile(r"\b(?:19|20)\d{2}\b"),
]
_NUMBER = re.compile(r"(?<![\w.,:/-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w.]\d|\w)")


def numbers_in_text(text: str) -> list[float]:
    """The numbers in ``text`` that a reader would take for figures.

    Parameters
    ----------
    text : str
        Prose (Markdown or plain text).

    Returns
    -------
    list of float
        In order of appearance; ``{figure:NAME}`` placeholders, dates, years, numbered
        list markers, code spans and links are left out.
    """
    for pattern in _NOT_FIGURES:
        text = pattern.sub(" ", text)
    return [float(m.group(1).replace(",", "") + (m.group(2) or "")) for m in _NUMBER.finditer(text)]


def published_values() -> dict[float, str]:
    """Every published value, mapped to who published it and when (for test messages).

    Returns
    -------
    dict
        ``{value: "what (source, date)"}``; a value published twice names both.
    """
    out: dict[float, str] = {}
    for p in PUBLISHED:
        line = f"{p.what} ({p.source}, {p.date})" if p.date else p.what
        out[p.value] = f"{out[p.value]}; {line}" if p.value in out else line
    return out
