"""The folium renderer: a :class:`~geo.render.model.MapModel` as an interactive ``folium.Map``.

:func:`to_folium` draws the model, and only the model, as a :class:`FrontlineMap`: a
``folium.Map`` subclass without any CDN links, whose layers, time slider and furniture are
our own elements (:mod:`geo.render.furniture`). Notebook users can keep adding folium
elements; :func:`geo.render.export.render_html` then makes the page self-contained and
deterministic.

folium reads files when it is imported (branca's colour tables, xyzservices' provider
list), and ``import geo.render`` reads none: so folium is imported when the first map is
made, and ``FrontlineMap`` is defined then (a module attribute looked up on first use).
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING, Any

from geo.render import furniture, view
from geo.render.furniture import css_class
from geo.render.model import MapModel, TimelineModel
from geo.render.view import BASEMAP_GRID, NOMINAL_SIZE
from geo.render.wording import reader_sources

if TYPE_CHECKING:
    import folium

__all__ = ["FrontlineMap", "to_folium"]  # noqa: F822 - FrontlineMap: see __getattr__


@functools.cache
def _map_class() -> type[folium.Map]:
    """:class:`FrontlineMap`, defined once, when folium is first needed."""
    import folium

    class FrontlineMap(folium.Map):
        """A ``folium.Map`` whose page needs no CDN: no jQuery, Bootstrap or Font Awesome.

        Leaflet and our JS/CSS are inlined by an :class:`~geo.render.furniture.InlineAssets`
        child. Add any folium element as usual; :func:`geo.render.export.render_html` makes
        the result deterministic.
        """

        # Instance-independent: folium's defaults link 12 external files; we inline our own.
        default_js: list[tuple[str, str]] = []  # noqa: RUF012 - folium's own API is a list
        default_css: list[tuple[str, str]] = []  # noqa: RUF012

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("tiles", None)
            super().__init__(*args, **kwargs)
            self.default_js = []
            self.default_css = []
            self.add_child(furniture.InlineAssets(), name="fl_assets")

    FrontlineMap.__qualname__ = "FrontlineMap"
    return FrontlineMap


def __getattr__(name: str) -> Any:
    """``FrontlineMap``, defined on first use (see the module notes)."""
    if name == "FrontlineMap":
        return _map_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def to_folium(model: MapModel) -> folium.Map:
    """Build the interactive map for a :class:`~geo.render.model.MapModel`.

    Parameters
    ----------
    model : MapModel
        From :func:`geo.render.prepare.prepare`.

    Returns
    -------
    FrontlineMap
        Ids are still random until :func:`geo.render.export.render_html` fixes them.
    """
    m = _start(model)
    _add_layers(m, model)
    inset = model.inset_layer.encoded() if model.inset_layer is not None else None
    m.add_child(furniture.Furniture(_furniture_data(model), inset), name="fl_furniture")
    m.fl_lang = model.recipe.page.lang  # the page's <html lang> (geo.render.export)
    return m


def _start(model: MapModel) -> Any:
    """Start the map: its view, zoom and pan limits, and the tile layer if any."""
    import folium

    r = model.recipe
    (w, s), (e, n) = model.bounds
    zoom: float = min(
        max(math.floor(view.fit_zoom(model.bounds, NOMINAL_SIZE)), r.view.min_zoom),
        r.view.max_zoom,
    )
    if r.view.center is not None and r.view.zoom is not None:
        center, zoom = (r.view.center[1], r.view.center[0]), r.view.zoom
    else:
        center = ((s + n) / 2, (w + e) / 2)
    m = _map_class()(
        location=list(center),
        zoom_start=zoom,  # type: ignore[arg-type]  # Leaflet takes fractional zooms
        control_scale=False,
        zoom_control="topright",
    )
    (mw, ms), (me, mn) = model.max_bounds
    m.options.update(
        {
            "minZoom": r.view.min_zoom,
            "maxZoom": r.view.max_zoom,
            "maxBounds": [[ms, mw], [mn, me]],
            "maxBoundsViscosity": 1.0,
            "zoomSnap": 0.25,
            "zoomDelta": 0.5,
            "attributionControl": model.tile_provider is not None,
        }
    )
    if r.view.bounds is not None:
        # Fit before any layer is added, without animation: fitting afterwards would draw
        # every layer twice (once at the start zoom, again when the zoom animation ends).
        fit = folium.FitBounds([[s, w], [n, e]])
        fit.options["animate"] = False
        m.add_child(fit)
    if model.tile_provider is not None:
        folium.TileLayer(
            tiles=model.tile_provider,
            min_zoom=r.view.min_zoom,
            max_zoom=r.view.max_zoom,
            name=model.tile_provider,
            control=False,
        ).add_to(m)
    return m


def _add_layers(m: Any, model: MapModel) -> None:
    """Every drawn layer, with the time slider above the basemap and below the rest."""
    slider = None
    if model.timeline is not None:
        slider = furniture.TimelineSlider(_slider_data(model.timeline), model.timeline.blocks)
    for lyr in model.layers:
        if slider is not None and not lyr.basemap:
            # Above the basemap, below every recipe layer (lines and labels stay on top).
            m.add_child(slider, name="fl_timeline")
            slider = None
        m.add_child(
            furniture.SafeGeoJson(
                lyr.encoded(),
                lyr.id,
                lyr.label,
                lyr.style,
                lyr.tooltip,
                lyr.switcher,
                basemap=lyr.basemap,
                popup=lyr.popup,
                group=lyr.group,
                group_label=lyr.group_label,
            ),
            name=f"fl_layer_{css_class(lyr.id)}",
        )
    if slider is not None:
        m.add_child(slider, name="fl_timeline")


def _slider_data(timeline: TimelineModel) -> dict[str, Any]:
    """Return the slider's index for the page (frame blocks are referenced by index)."""
    return {
        "cls": "timeline",
        "label": timeline.label,
        "style": timeline.style,
        "frame": {**timeline.frame, "grid": BASEMAP_GRID},
        "interval_ms": timeline.interval_ms,
        "start": len(timeline.frames) - 1,
        "frames": [{"date": f["date"], "text": f["text"]} for f in timeline.frames],
    }


def _furniture_data(model: MapModel) -> dict[str, Any]:
    """Return what the furniture shows: text, legend, figures, labels, callouts, credits, inset."""
    t = model.recipe.text
    return {
        "text": {
            "title": t.title,
            "dek": t.dek,
            "byline": t.byline,
            "as_of": t.as_of,
            "notes": list(t.notes),
            "alt": t.alt,
        },
        "legend": model.legend(),
        "figures": [{"id": f["id"], "text": f["text"]} for f in model.figures],
        "labels": [lab for lab in model.labels if "min_zoom" not in lab],
        "places": _zoom_places(model.labels),
        "labels_title": "Labels",
        "callouts": model.callouts,
        "credits": _credits(model),
        "credit": model.reader_credit,
        "inset": None if model.inset_bounds is None else {"bounds": model.inset_bounds},
        "page": _page_data(model),
    }


def _credits(model: MapModel) -> list[str]:
    """The full sources for the folded notes, as a reader reads them.

    The catalog's lines lose their file names (:func:`.wording.reader_sources`); the
    caller's own snapshots (``[timeline]``, ``[changes]``, first) are credited as the
    recipe words them, file names included: they are the caller's sources.
    """
    own = sum(key in model.layer_meta for key in ("timeline", "changes"))
    return list(model.credits[:own]) + reader_sources(list(model.credits[own:]))


def _zoom_places(labels: list[dict[str, Any]]) -> dict[str, Any]:
    """The labels revealed by zoom (those with a ``min_zoom``), as compact columns.

    There can be thousands (a gazetteer's towns and villages): ``text``, ``lon``/``lat``
    interleaved in ``xy``, ``z`` (their least zoom), ``dot`` (1 for a point) and ``pos``
    (each one's position by its first letter: ``r`` for right, ``l`` for left...). The page
    expands them into labels placed like the others (``frontline.js``).
    """
    # The most important first (they claim their room first), each layer's order kept.
    zoomed = sorted((lab for lab in labels if "min_zoom" in lab), key=lambda x: x["min_zoom"])
    return {
        "text": [lab["text"] for lab in zoomed],
        "xy": [v for lab in zoomed for v in (lab["lon"], lab["lat"])],
        "z": [lab["min_zoom"] for lab in zoomed],
        "dot": [int(bool(lab["dot"])) for lab in zoomed],
        "pos": "".join(str(lab["position"])[:1] for lab in zoomed),
    }


def _page_data(model: MapModel) -> dict[str, Any]:
    """Return how the page behaves: theme, language, tiles (with the vector fallback), view."""
    r = model.recipe
    (w, s), (e, n) = model.bounds
    return {
        "theme": r.page.theme,
        "lang": r.page.lang,
        "tiles": model.tile_provider is not None,
        "bounds": [[s, w], [n, e]],
        "fit": r.view.bounds is not None,  # the page fits them clear of the title card
    }
