"""The header and footer bands of a static image.

The header reads like the web page's title card: title, dek, the measured figures and,
for a time slider, which frame the still shows; the byline sits at its right when it fits
beside the title. The footer holds the short credits (:mod:`.credits`, at most two lines,
shortening the list of sources before anything else) and otherwise the byline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from geo.render.model import MapModel
from geo.render.static.credits import credit_parts
from geo.render.static.page import GAP, PAD, TOP, Page, clip
from geo.render.static.svg import tag

__all__ = ["Band", "footer", "header"]

_BYLINE_SIZE = 7.5
_CREDIT_SIZE = 6.0


@dataclass
class Band:
    """A drawn band: its texts and height (display px).

    Attributes
    ----------
    texts : list of matplotlib.text.Text
        In drawing order.
    height : float
        From the page's edge to the map, display px.
    byline : str
        The clipped byline ("" for none).
    byline_placed : bool
        Whether this band drew the byline.
    credit : str
        The footer's full credit text, before wrapping.
    """

    texts: list[Any] = field(default_factory=list)
    height: float = 0.0
    byline: str = ""
    byline_placed: bool = False
    credit: str = ""


def header(page: Page, model: MapModel) -> Band:
    """Draw the header: the same order as the web page, wrapped by measured width."""
    r = model.recipe
    px, ruler, c = page.px, page.ruler, page.colours
    lines: list[tuple[str, float, str, str, int]] = [
        (clip(r.text.title, 200), 15, "bold", c.ink, 2),
        (clip(r.text.dek, 600), 9, "normal", c.dek, 3),  # a dek is a sentence or two: never cut
    ]
    figs = "   ·   ".join(f["text"] for f in model.figures)
    if figs:
        lines.append((clip(figs, 600), 8.5, "bold", c.ink, 2))
    if model.timeline is not None:
        # A still image cannot slide: it shows the newest frame and says so.
        lines.append((clip(model.timeline.caption(), 400), 8.5, "bold", c.timeline, 2))
    band = Band(byline=clip(r.text.byline, 80))
    y = TOP * px
    title_w = ruler.width(lines[0][0], lines[0][1], "bold")
    band.byline_placed = bool(band.byline) and title_w + _byline_width(page, band) <= (
        page.text_width
    )
    if band.byline_placed:
        x = page.width - PAD * px
        band.texts.append(
            page.put(x, y + 4 * px, band.byline, _BYLINE_SIZE, "bold", c.muted, ha="right")
        )
    for text, size, weight, color, max_lines in lines:
        if not text:
            continue
        for line in ruler.wrap(text, size, weight, page.text_width, max_lines):
            band.texts.append(page.put(PAD * px, y, line, size, weight, color))
            y += size * 1.3 * page.pt
        y += 2 * px
    band.height = y + GAP * px
    for text in band.texts:
        tag(text, "header")
    return band


def _byline_width(page: Page, band: Band) -> float:
    """Room the byline takes beside other text (with its gap), display px."""
    if not band.byline:
        return 0.0
    return page.ruler.width(band.byline, _BYLINE_SIZE, "bold") + 16 * page.px


def footer(page: Page, model: MapModel, top: Band, land: Any) -> Band:
    """Draw the footer: short credits (``land`` is credited when drawn) and the byline."""
    px = page.px
    extra = [(land.attribution or land.title, land.license)] if land is not None else []
    sources, rest = credit_parts(model, None, extra)
    band = Band(byline=top.byline, credit=" ".join(p for p in (sources, rest) if p))
    credit_w = page.text_width - (0.0 if top.byline_placed else _byline_width(page, top))
    lines = _credit_lines(page, band.credit, sources, rest, credit_w)
    line_h = _CREDIT_SIZE * 1.35 * page.pt
    band.height = max(1, len(lines)) * line_h + 2 * GAP * px
    y = page.height - band.height + GAP * px
    for i, line in enumerate(lines):
        band.texts.append(
            tag(
                page.put(
                    PAD * px, y + i * line_h, line, _CREDIT_SIZE, "normal", page.colours.credit
                ),
                "credits",
            )
        )
    if band.byline and not top.byline_placed:
        x = page.width - PAD * px
        byline = page.put(x, y, band.byline, _BYLINE_SIZE, "bold", page.colours.muted, ha="right")
        band.texts.append(tag(byline, "byline"))
        band.byline_placed = True
    return band


def _credit_lines(page: Page, credit: str, sources: str, rest: str, width: float) -> list[str]:
    """Return the credit wrapped to two lines of ``width`` px.

    Too long for two lines: the list of sources is shortened (it is complete in the
    HTML), never the licences and the date.
    """
    ruler = page.ruler
    lines = ruler.wrap(credit, _CREDIT_SIZE, "normal", width, 2) if credit else []
    if not (lines and lines[-1].endswith("…") and sources and rest):
        return lines
    words = sources.split()

    def shortened(n: int) -> str:
        return " ".join(words[:n]).rstrip(";,.:") + "… " + rest

    def fits(n: int) -> bool:
        return not ruler.wrap(shortened(n), _CREDIT_SIZE, "normal", width, 2)[-1].endswith("…")

    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid - 1)
    if lo > 1:
        return ruler.wrap(shortened(lo), _CREDIT_SIZE, "normal", width, 2)
    return lines
