"""Static PNG/SVG of a map with matplotlib (no browser): for print and social cards.

The picture shows the same :class:`~geo.render.model.MapModel` as the web page, in the
same Web Mercator plane (EPSG:3857, conformal, as on the page): vector basemap, layers
(hatched where the recipe says so), labels, callouts, title + dek + figures, legend, a metric
and imperial scale bar, a locator inset and the credit line. Three bands: a header (title,
dek, figures), the map edge to edge with the recipe's view fitted at the band's aspect ratio
(the shorter axis grows; the view is never cropped), and a footer with the short credits
(each layer's catalog ``attribution``, licences, as-of date; at most two lines). Labels are
placed by rank, skipping any that would collide.

A time slider cannot move on paper: the image shows its newest frame and says which date
it is in the header. Default size 800×450 CSS px at 2× (1600×900 device px).

Output is deterministic: no dates in the metadata, a fixed SVG hash salt, and the Agg
renderer (no pyplot, no global state). matplotlib is imported only when an image is drawn,
so building HTML alone never pays for it.

Modules, in the order :func:`compose` uses them: :mod:`.page` (figure, sizes, text ruler),
:mod:`.bands` (header and footer) with :mod:`.credits`, :mod:`.draw` (layers and land),
:mod:`.furniture` (legend, inset, scale bar), :mod:`.labels`, :mod:`.callouts`.
"""

from __future__ import annotations

from geo.render.static.compose import compose, render_static
from geo.render.static.credits import credit_text
from geo.render.static.furniture import scale_bar_lengths
from geo.render.static.page import StaticLayout

__all__ = ["StaticLayout", "compose", "credit_text", "render_static", "scale_bar_lengths"]
