"""folium elements of our own: inlined assets, safe GeoJSON layers and the map furniture.

Each element is an ordinary ``branca`` ``MacroElement``, so a notebook user can add more
folium elements to the map we return. None of them interpolates a data string into HTML or
JS source: data goes into ``<script type="application/json">`` blocks (see
:func:`geo.render.assets.script_json`) and our JS (``js/frontline.js``) reads it and sets
``textContent``. The title card (title, dek, legend, figures, byline), the permanent labels,
callouts, scale bar (metric + imperial), layer switcher, inset locator and credits are drawn
by :class:`Furniture`.
"""

from __future__ import annotations

import re
from typing import Any

from branca.element import MacroElement
from folium.template import Template

from geo.render import assets

__all__ = ["Furniture", "InlineAssets", "SafeGeoJson", "css_class"]


def css_class(layer_id: str) -> str:
    """A CSS class fragment for a layer id: lower-case letters, digits and ``-``.

    Examples
    --------
    >>> css_class("Front-Line 2024/11/13")
    'front-line-2024-11-13'
    """
    return re.sub(r"[^a-z0-9]+", "-", layer_id.lower()).strip("-") or "layer"


class InlineAssets(MacroElement):
    """Leaflet (from ``xstatic-leaflet``) and our JS/CSS, inlined into the page ``<head>``."""

    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>{{ this.leaflet_css }}</style>
<style>{{ this.our_css }}</style>
<script>{{ this.leaflet_js }}</script>
<script>{{ this.our_js }}</script>
<script>frontline.useInlineIcons({{ this.icons }});</script>
{% endmacro %}
"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "InlineAssets"
        self.leaflet_css = assets.leaflet_css()
        self.leaflet_js = assets.leaflet_js()
        self.our_css = assets.our_css()
        self.our_js = assets.our_js()
        self.icons = assets.script_json(assets.marker_icons())


class SafeGeoJson(MacroElement):
    """A GeoJSON layer drawn by our JS; its paths carry ``fl-layer fl-layer-<class>``.

    Parameters
    ----------
    data : dict
        A GeoJSON FeatureCollection in lon/lat. Property strings are shown as text only.
    layer_id : str
        Used for the CSS class (see :func:`css_class`).
    label : str
        Name in the layer switcher (escaped before Leaflet sees it).
    style : dict
        ``stroke, weight, fill, fill_opacity, opacity, dash, hatch, radius`` (CSS px).
    tooltip : str, optional
        A property whose value is shown as a text tooltip on hover.
    switcher : bool, default True
        List the layer in the layer switcher.
    """

    _template = Template(
        """
{% macro html(this, kwargs) %}
<script type="application/json" id="{{ this.get_name() }}-data">{{ this.payload }}</script>
{% endmacro %}
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = frontline.layer(
    {{ this._parent.get_name() }}, "{{ this.get_name() }}-data", {{ this.options }});
{% endmacro %}
"""
    )

    def __init__(
        self,
        data: dict[str, Any],
        layer_id: str,
        label: str,
        style: dict[str, Any],
        tooltip: str | None = None,
        switcher: bool = True,
    ) -> None:
        super().__init__()
        self._name = "fl_layer_" + css_class(layer_id).replace("-", "_")
        self.layer_id = layer_id
        self.payload = assets.script_json(data)
        self.options = assets.script_json(
            {
                "cls": css_class(layer_id),
                "label": label,
                "style": style,
                "tooltip": tooltip,
                "switcher": switcher,
            }
        )


class Furniture(MacroElement):
    """Title card, legend, figures, labels, callouts, scale, switcher, inset and credits.

    Parameters
    ----------
    data : dict
        Keys ``text`` (title, dek, byline, as_of, notes, alt), ``legend``, ``figures``,
        ``labels``, ``callouts``, ``credits``, ``labels_title`` and ``inset`` (bounds; the
        inset's country shapes are passed separately as ``inset_data``).
    inset_data : dict, optional
        GeoJSON of the inset's land shapes.
    """

    _template = Template(
        """
{% macro html(this, kwargs) %}
<script type="application/json" id="{{ this.get_name() }}-data">{{ this.payload }}</script>
{%- if this.inset_payload %}
<script type="application/json" id="{{ this.get_name() }}-inset">{{ this.inset_payload }}</script>
{%- endif %}
{% endmacro %}
{% macro script(this, kwargs) %}
frontline.furniture({{ this._parent.get_name() }}, "{{ this.get_name() }}-data");
{% endmacro %}
"""
    )

    def __init__(self, data: dict[str, Any], inset_data: dict[str, Any] | None = None) -> None:
        super().__init__()
        self._name = "fl_furniture"
        self.data = data
        self.inset_data = inset_data
        self.inset_payload = assets.script_json(inset_data) if inset_data else ""

    def render(self, **kwargs: Any) -> None:
        # The inset's JSON id depends on our (deterministic) name, known only at render time.
        data = dict(self.data)
        if self.inset_data and data.get("inset"):
            data["inset"] = {**data["inset"], "data": f"{self.get_name()}-inset"}
        else:
            data["inset"] = None
        self.payload = assets.script_json(data)
        super().render(**kwargs)
