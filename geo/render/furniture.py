"""folium elements of our own: inlined assets, safe GeoJSON layers and the map furniture.

Each element is an ordinary ``branca`` ``MacroElement``, so a notebook user can add more
folium elements to the map we return. None of them interpolates a data string into HTML or
JS source: data goes into ``<script type="application/json">`` blocks (see
:func:`geo.render.assets.script_json`) and our JS (``js/frontline.js``) reads it and sets
``textContent``. The title card (title, dek, legend, figures, byline), the permanent labels,
callouts, scale bar (metric + imperial), layer switcher, inset locator and credits are drawn
by :class:`Furniture`; ``js/page.js`` then lays the page out for every screen (a folding
header on phones, labels kept inside the view, the pan limits covered by the basemap),
follows the theme, talks to an embed's parent and adds the skip link and print layout.

branca reads colour tables from disk when it is imported, and ``import geo.render`` reads
nothing; so the classes, which subclass branca's, are defined when first asked for:
``furniture.SafeGeoJson`` (a module attribute looked up on first use) is the class.

Examples
--------
>>> css_class("Front-Line 2024/11/13")
'front-line-2024-11-13'
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Any

from geo.render import assets, frame_delta

# The classes are module attributes defined on first use (see __getattr__).
__all__ = [  # noqa: F822
    "Furniture",
    "InlineAssets",
    "SafeGeoJson",
    "TimelineSlider",
    "css_class",
]


def css_class(layer_id: str) -> str:
    """Return a CSS class fragment for a layer id: lower-case letters, digits and ``-``."""
    return re.sub(r"[^a-z0-9]+", "-", layer_id.lower()).strip("-") or "layer"


_ASSETS_TEMPLATE = """
{% macro header(this, kwargs) %}
<style>{{ this.leaflet_css }}</style>
<style>{{ this.our_css }}</style>
<script>{{ this.leaflet_js }}</script>
<script>{{ this.our_js }}</script>
<script>frontline.useInlineIcons({{ this.icons }});</script>
{% endmacro %}
"""

_LAYER_TEMPLATE = """
{% macro html(this, kwargs) %}
<script type="application/json" id="{{ this.get_name() }}-data">{{ this.payload }}</script>
{% endmacro %}
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = frontline.layer(
    {{ this._parent.get_name() }}, "{{ this.get_name() }}-data", {{ this.options }});
{% endmacro %}
"""

_FURNITURE_TEMPLATE = """
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

_TIMELINE_TEMPLATE = """
{% macro html(this, kwargs) %}
<script type="application/json" id="{{ this.get_name() }}-data">{{ this.payload }}</script>
{%- for group in this.groups %}
<script type="application/json" id="{{ this.get_name() }}-f{{ loop.index0 }}">{{ group }}</script>
{%- endfor %}
{% endmacro %}
{% macro script(this, kwargs) %}
frontline.timeline({{ this._parent.get_name() }}, "{{ this.get_name() }}-data");
{% endmacro %}
"""


def _pairs(fields: Any) -> list[list[Any]] | None:
    """Tooltip fields for the page: ``[[field, label or null], ...]`` (a name: its value alone)."""
    if fields is None:
        return None
    if isinstance(fields, str):
        return [[fields, None]]
    return [[str(f), None if label is None else str(label)] for f, label in fields]


@functools.cache
def _rendered() -> Any:
    """Return the base of our elements: a MacroElement whose parts are inserted as they are.

    branca's ``MacroElement.render`` wraps each rendered macro in ``Element(text)``, which
    compiles the text as a Jinja template: it would lex the whole of Leaflet and every data
    block on every build (and evaluate any ``{{`` in them, which :func:`assets.script_json`
    escapes anyway). We insert the text as it is.
    """
    from branca.element import Element, Figure, MacroElement
    from folium.template import Template

    class Markup(Element):
        """Markup we have already rendered, placed in the page as it is."""

        _template = Template("{{ this.markup }}")

        def __init__(self, markup: str) -> None:
            super().__init__()
            self.markup = markup

    class Rendered(MacroElement):
        # branca's Element.render is annotated to return str; MacroElement's returns None.
        def render(self, **kwargs: Any) -> None:  # type: ignore[override]
            figure = self.get_root()
            if not isinstance(figure, Figure):  # pragma: no cover - same check as branca
                raise TypeError("You cannot render this Element if it is not in a Figure.")
            macros = self._template.module.__dict__
            for part in ("header", "html", "script"):
                macro = macros.get(part)
                if macro is not None:
                    text = str(macro(self, kwargs))
                    # Jinja drops one trailing newline when it compiles a template; so do
                    # we, so the page reads as before.
                    text = text[:-1] if text.endswith("\n") else text
                    getattr(figure, part).add_child(Markup(text), name=self.get_name())
            for element in self._children.values():
                element.render(**kwargs)

    return Rendered


def _compiled(text: str) -> Any:
    """Return a folium Jinja template (folium is imported only when a map is made)."""
    from folium.template import Template

    return Template(text)


#: The packed head: the assets as one minified, gzip + base85 JSON string (a data block, never run),
#: the fallback inflater as text (run by the boot script only where it is needed), then
#: the boot script. Filled with str.format, not Jinja: none of it is a template.
_PACKED_HEAD = (
    '<script type="application/json" id="fl-code">"{packed}"</script>\n'
    '<script type="text/plain" id="fl-inflate">{inflate}</script>\n'
    "<script>{boot}</script>"
)

#: figure.script's template: branca's own (one child after another); when the head is
#: packed, it first closes branca's ``<script>`` and opens a data block instead, so
#: folium's map script (which calls ``L.map`` at once) is kept as text, and ``boot.js``
#: runs it as a script, in the global scope as before, once Leaflet is unpacked.
_SCRIPT_TEMPLATE = (
    "{% if this._parent.fl_packed %}"
    '</script>\n<script type="text/plain" id="fl-map-script">'
    "{% endif %}"
    "{% for name, element in this._children.items() %}\n"
    "    {{element.render(**kwargs)}}"
    "{% endfor %}"
)


@functools.cache
def _script_template() -> Any:
    """:data:`_SCRIPT_TEMPLATE`, compiled once."""
    return _compiled(_SCRIPT_TEMPLATE)


@functools.cache
def _assets_head() -> type:
    """The head element of :class:`InlineAssets`: packed or plain, decided when rendered."""
    from branca.element import Element

    class AssetsHead(Element):
        """Leaflet and our JS/CSS in the head: packed unless the page can't wait for them.

        Decided when the head is rendered, i.e. once every element has added its parts:
        a folium plugin that puts a ``<script>`` into the head after ours runs it at once
        and needs ``L`` then, so such a page gets the plain assets (folium's own head
        script before ours, ``L_NO_TOUCH = ...``, only sets flags Leaflet reads). The
        choice is left on the figure (``fl_packed``) for the map script's template.
        """

        def __init__(self, owner: Any) -> None:
            super().__init__()
            self.owner = owner

        def render(self, **kwargs: Any) -> str:
            figure: Any = self.get_root()  # a branca Figure (InlineAssets.render checked)
            heads = list(figure.header._children.values())
            if any(isinstance(h, AssetsHead) for h in heads[: heads.index(self)]):
                return ""  # a second map in the figure: the assets are there already
            packed = self.owner.packed
            if packed is None:
                later = heads[heads.index(self) + 1 :]
                packed = not any("<script" in h.render(**kwargs) for h in later)
            figure.fl_packed = packed
            if not packed:
                return str(self.owner._template.module.header(self.owner, kwargs)).strip()
            return _PACKED_HEAD.format(
                packed=assets.packed_assets(), inflate=assets.inflate_js(), boot=assets.boot_js()
            )

    return AssetsHead


@functools.cache
def _inline_assets() -> type:
    class InlineAssets(_rendered()):  # type: ignore[misc]
        """Leaflet (from ``xstatic-leaflet``) and our JS/CSS, inlined into the page head.

        Packed by default (:func:`geo.render.assets.packed_assets`: one minified,
        gzip + base85 block that ``js/boot.js`` unpacks, about 35 % of the bytes); folium's
        map script is then a text block (``#fl-map-script``) that ``boot.js`` runs once Leaflet is
        there and the page is parsed, as a script in the global scope (its ``var
        map_...`` stay globals, as in the plain page). Plain (each file in its own
        ``<style>``/``<script>``) when ``packed=False``, or when left to decide
        (``None``) and another element puts a script into the head after ours (a folium
        plugin that needs ``L`` at once).

        Parameters
        ----------
        packed : bool or None, default None
            ``True`` always packed, ``False`` never, ``None`` packed unless a head script
            needs Leaflet at once.
        """

        _template = _compiled(_ASSETS_TEMPLATE)

        def __init__(self, packed: bool | None = None) -> None:
            super().__init__()
            self._name = "InlineAssets"
            self.packed = packed
            self.leaflet_css = assets.leaflet_css()
            self.leaflet_js = assets.leaflet_js()
            self.our_css = assets.our_css()
            self.our_js = assets.our_js()
            self.icons = assets.script_json(assets.marker_icons())

        def render(self, **kwargs: Any) -> None:
            from branca.element import Figure

            root = self.get_root()
            if not isinstance(root, Figure):  # pragma: no cover - same check as branca
                raise TypeError("You cannot render this Element if it is not in a Figure.")
            figure: Any = root  # it gets our attribute fl_packed
            figure.fl_packed = False  # until the head says otherwise (AssetsHead.render)
            figure.script._template = _script_template()
            figure.header.add_child(_assets_head()(self), name=self.get_name())
            for element in self._children.values():
                element.render(**kwargs)

    return InlineAssets


@functools.cache
def _safe_geojson() -> type:
    class SafeGeoJson(_rendered()):  # type: ignore[misc]
        """A map layer drawn by our JS; its paths carry ``fl-layer fl-layer-<class>``.

        Parameters
        ----------
        data : dict
            The layer in its page form (:meth:`geo.render.model.MapLayer.encoded`): a
            compact ``fl1`` document in lon/lat drawn as Leaflet paths, or SVG path text
            drawn as a fixed overlay. Property strings are shown as text only.
        layer_id : str
            Used for the CSS class (see :func:`css_class`).
        label : str
            Name in the layer switcher (escaped before Leaflet sees it).
        style : dict
            ``stroke, weight, fill, fill_opacity, opacity, dash, hatch, radius`` (CSS px).
        tooltip : str or sequence of (field, label) pairs, optional
            The properties shown as text on hover: a property name (its value alone), or
            pairs (label ``None``: the value alone).
        switcher : bool, default True
            List the layer in the layer switcher.
        basemap : bool, default False
            Draw below every other layer (and below folium layers added later).
        popup : sequence of (field, label) pairs, optional
            The properties shown as text on click.
        group, group_label : str, optional
            For one class of a layer styled by a property: that layer's id and label (its
            classes share one switcher entry).
        """

        _template = _compiled(_LAYER_TEMPLATE)

        def __init__(
            self,
            data: dict[str, Any],
            layer_id: str,
            label: str,
            style: dict[str, Any],
            tooltip: Any = None,
            switcher: bool = True,
            basemap: bool = False,
            *,
            popup: Any = None,
            group: str | None = None,
            group_label: str | None = None,
        ) -> None:
            super().__init__()
            self._name = "fl_layer_" + css_class(layer_id).replace("-", "_")
            self.layer_id = layer_id
            self.payload = assets.script_json(data)
            options: dict[str, Any] = {"cls": css_class(layer_id), "label": label, "style": style}
            options |= {"tooltip": _pairs(tooltip), "switcher": switcher, "basemap": basemap}
            if popup is not None:
                options["popup"] = _pairs(popup)
            if group is not None:
                options |= {"group": css_class(group), "group_label": group_label or ""}
            self.options = assets.script_json(options)

    return SafeGeoJson


@functools.cache
def _furniture() -> type:
    class Furniture(_rendered()):  # type: ignore[misc]
        """Title card, legend, figures, labels, callouts, scale, switcher, inset, credits.

        Parameters
        ----------
        data : dict
            Keys ``text`` (title, dek, byline, as_of, notes, alt), ``legend``, ``figures``,
            ``labels``, ``callouts``, ``credits``, ``labels_title`` and ``inset`` (bounds;
            the inset's country shapes are passed separately as ``inset_data``).
        inset_data : dict, optional
            The inset's land shapes as a compact document (:mod:`geo.render.encode`).
        """

        _template = _compiled(_FURNITURE_TEMPLATE)

        def __init__(self, data: dict[str, Any], inset_data: dict[str, Any] | None = None) -> None:
            super().__init__()
            self._name = "fl_furniture"
            self.data = data
            self.inset_data = inset_data
            self.inset_payload = assets.script_json(inset_data) if inset_data else ""

        def render(self, **kwargs: Any) -> None:
            # The inset's JSON id depends on our (deterministic) name, known only now.
            data = dict(self.data)
            if self.inset_data and data.get("inset"):
                data["inset"] = {**data["inset"], "data": f"{self.get_name()}-inset"}
            else:
                data["inset"] = None
            self.payload = assets.script_json(data)
            super().render(**kwargs)

    return Furniture


@functools.cache
def _timeline_slider() -> type:
    class TimelineSlider(_rendered()):  # type: ignore[misc]
        """A time slider over dated snapshots: one drawn area whose frame a range picks.

        Parameters
        ----------
        data : dict
            The slider's index: label, style, the overlay's pixel ``frame``,
            ``interval_ms``, the ``start`` frame and per frame its ``date`` and ``text``
            (shown with ``textContent``).
        blocks : list of str
            Each frame's geometry, already serialised with :func:`assets.script_json`: a
            keyframe's ``fl1`` document or an ``fl1d`` delta against the frame before
            (:mod:`geo.render.frame_delta`). Each keyframe and the deltas after it go into
            one ``<script type="application/json">`` block (a JSON array), parsed only
            when one of its frames is first shown; the index gives the block ids' prefix
            (``blocks``) and each group's first frame (``keys``).
        """

        _template = _compiled(_TIMELINE_TEMPLATE)

        def __init__(self, data: dict[str, Any], blocks: list[str]) -> None:
            super().__init__()
            self._name = "fl_timeline"
            self.data = data
            self.blocks = blocks
            self.payload = ""
            # A group starts at each keyframe (any block that is not a delta).
            self.keys: list[int] = []
            groups: list[list[str]] = []
            for i, block in enumerate(blocks):
                if not groups or json.loads(block).get("fmt") != frame_delta.DELTA_FORMAT:
                    self.keys.append(i)
                    groups.append([])
                groups[-1].append(block)
            # Each block is already script_json text: a JSON array of them is too.
            self.groups = ["[" + ",".join(g) + "]" for g in groups]

        def render(self, **kwargs: Any) -> None:
            # Frame block ids depend on our (deterministic) name, known only now.
            data = {**self.data, "blocks": f"{self.get_name()}-f", "keys": self.keys}
            self.payload = assets.script_json(data)
            super().render(**kwargs)

    return TimelineSlider


_CLASSES: dict[str, Callable[[], type]] = {
    "Furniture": _furniture,
    "InlineAssets": _inline_assets,
    "SafeGeoJson": _safe_geojson,
    "TimelineSlider": _timeline_slider,
}


def __getattr__(name: str) -> type:
    """Return the element class ``name``, defined on first use (see the module notes)."""
    make = _CLASSES.get(name)
    if make is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    cls = make()
    cls.__qualname__ = name
    return cls
