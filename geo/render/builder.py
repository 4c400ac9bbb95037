"""Maps built in code: :class:`Map` (a recipe, one call per layer) and :func:`quick`.

For a notebook holding GeoDataFrames. :class:`Map` collects what a TOML recipe would say
and validates it with the same parser (:func:`geo.recipe.parse.from_document`), so every key
and error is the one the recipe reference documents; each GeoDataFrame becomes a data
layer, credited and in the legend, tooltips, figures and static image like a bundled one.
Without ``bounds`` the view fits every layer.

Examples
--------
>>> import geopandas as gpd, shapely
>>> strikes = gpd.GeoDataFrame(
...     {"name": ["A", "B"], "kind": ["drone", "missile"]},
...     geometry=[shapely.Point(36.2, 49.99), shapely.Point(36.3, 50.02)], crs=4326)
>>> m = Map("Strikes on Kharkiv").add_layer(strikes, label="Strikes", credit="Our reporting",
...                                         tooltip=["name", "kind"], style={"by": "kind"})
>>> r = m.recipe()
>>> r.layers[0].id, r.layers[0].source.credit, r.view.bounds is not None
('strikes', 'Our reporting', True)
>>> fmap = m.make_map()  # doctest: +SKIP
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.errors import GeoError, RecipeError
from geo.layers import get as get_layer
from geo.recipe import Recipe
from geo.recipe.parse import from_document
from geo.render import view
from geo.render.api import BuildResult, build, make_map
from geo.render.prepare.own_data import frame_of_data

if TYPE_CHECKING:
    import folium

__all__ = ["Map", "quick"]

#: Degrees kept free around the data when the view fits it (and the least span shown).
_PAD = 0.1
_MIN_SPAN = 0.05


class Map:
    """A map recipe built in code; layers are GeoDataFrames or catalog layer ids.

    Parameters
    ----------
    title : str
        The headline.
    name : str, default "map"
        The map's name (output file names, element ids).
    bounds : ((lon_min, lat_min), (lon_max, lat_max)), optional
        The view; default: every layer's extent, with a margin.
    dek, byline, as_of, alt : str, optional
        As in a recipe's ``[text]`` (``as_of`` is ``YYYY-MM-DD``).
    notes : sequence of str, optional
        Method and caveats, printed under the map.
    min_zoom, max_zoom : int, optional
        Zoom range; ``max_zoom`` defaults to three levels closer than the fitted view.
    basemap : str, default "vector"
        ``"vector"`` (no network) or a keyless xyzservices provider name.
    inset : bool, default True
        Draw the locator inset.
    """

    def __init__(
        self,
        title: str,
        *,
        name: str = "map",
        bounds: Any = None,
        dek: str = "",
        byline: str = "",
        as_of: str = "",
        notes: Any = (),
        alt: str = "",
        min_zoom: int | None = None,
        max_zoom: int | None = None,
        basemap: str = "vector",
        inset: bool = True,
    ) -> None:
        text = {"title": title, "dek": dek, "byline": byline, "notes": list(notes), "alt": alt}
        if as_of:
            text["as_of"] = as_of
        self.name = name
        self.text = text
        self.bounds = bounds
        self.zoom = (min_zoom, max_zoom)
        self.basemap = basemap
        self.inset = inset
        self.layers: list[dict[str, Any]] = []
        self.labels: list[dict[str, Any]] = []
        self.callouts: list[dict[str, Any]] = []
        self.figures: list[dict[str, Any]] = []
        self.data: dict[str, Any] = {}

    def add_layer(self, data: Any, *, credit: str | None = None, **keys: Any) -> Map:
        """Add a layer: a GeoDataFrame/GeoSeries (``credit`` required) or a catalog id.

        Parameters
        ----------
        data : GeoDataFrame, GeoSeries or str
            Your data (with a CRS), or a catalog layer id (``frontline layers``).
        credit : str
            Where your data comes from; required for anything not from the catalog.
        **keys
            Any ``[[layers]]`` key: ``name`` (default: from ``label``), ``label``,
            ``style``, ``tooltip``, ``popup``, ``where``, ``geometry``, ``legend``,
            ``switcher``, ``title``, ``as_of``, ``license``, ``url``.

        Returns
        -------
        Map
            ``self``, to chain calls.
        """
        if isinstance(data, str):
            entry = {"id": data, **keys}
            if credit is not None:
                entry["credit"] = credit
            self.layers.append(entry)
            return self
        name = keys.pop("name", None) or self._name_for(keys.get("label"))
        if name in self.data:
            raise RecipeError(f"two layers are named {name!r}; give each its own name=")
        entry = {"name": name, **keys}
        if credit is not None:
            entry["credit"] = credit
        self.layers.append(entry)
        self.data[name] = data
        return self

    def _name_for(self, label: Any) -> str:
        """A layer name from its label (``"Strikes"`` → ``strikes``), else ``data1``..."""
        base = re.sub(r"[^a-z0-9_-]+", "-", str(label or "").lower()).strip("-_")[:40]
        name = base if base and base[0].isalnum() else f"data{len(self.data) + 1}"
        while name in self.data:
            name = f"{name}-{len(self.data) + 1}"
        return name

    def add_label(self, text: str, at: tuple[float, float], position: str = "right") -> Map:
        """Add a fixed text label at ``at`` (lon, lat degrees)."""
        self.labels.append({"text": text, "at": list(at), "position": position})
        return self

    def add_callout(self, text: str, at: Any, text_at: tuple[float, float]) -> Map:
        """Add a callout: ``text`` at ``text_at`` with a leader line to ``at``."""
        target = at if isinstance(at, str) else list(at)
        self.callouts.append({"text": text, "at": target, "text_at": list(text_at)})
        return self

    def add_figure(self, id: str, label: str, measure: str, **keys: Any) -> Map:
        """Add a measured figure (``length``, ``area``, ``distance``, ``count``, ``sum``).

        ``keys`` are the ``[[figures]]`` keys: ``layer``, ``field``, ``start``, ``end``,
        ``where``, ``draw``.
        """
        self.figures.append({"id": id, "label": label, "measure": measure, **keys})
        return self

    def document(self) -> dict[str, Any]:
        """The recipe as a TOML-shaped document (what :meth:`recipe` validates)."""
        bounds = self.bounds if self.bounds is not None else self._fit()
        (w, s), (e, n) = bounds
        fit = view.fit_zoom(((w, s), (e, n)), view.NOMINAL_SIZE)
        lo, hi = self.zoom
        hi = hi if hi is not None else max(10, min(19, math.ceil(fit) + 3))
        lo = lo if lo is not None else max(0, min(3, hi))
        doc: dict[str, Any] = {
            "text": dict(self.text),
            "view": {"bounds": [[w, s], [e, n]], "min_zoom": lo, "max_zoom": hi},
            "basemap": {"provider": self.basemap},
            "inset": {"enabled": self.inset},
            "layers": [dict(entry) for entry in self.layers],
        }
        for key, items in (
            ("labels", self.labels),
            ("callouts", self.callouts),
            ("figures", self.figures),
        ):
            if items:
                doc[key] = [dict(item) for item in items]
        return doc

    def _fit(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """Every layer's extent (lon/lat), with a margin, inside Web Mercator's range."""
        if not self.layers:
            raise RecipeError("the map has no layers; add one with add_layer(...)")
        boxes = []
        for i, entry in enumerate(self.layers):
            if "name" in entry:
                try:
                    gdf = frame_of_data(self.data[entry["name"]], f"data[{entry['name']!r}]")
                except GeoError as exc:
                    raise RecipeError(str(exc), key=f"layers[{i}]") from None
                boxes.append(gdf.total_bounds)
            else:
                boxes.append(get_layer(entry["id"]).read().total_bounds)
        w = min(b[0] for b in boxes)
        s = min(b[1] for b in boxes)
        e = max(b[2] for b in boxes)
        n = max(b[3] for b in boxes)
        pad_x = max((e - w) * _PAD, _MIN_SPAN / 2)
        pad_y = max((n - s) * _PAD, _MIN_SPAN / 2)
        return (
            (max(-180.0, float(w - pad_x)), max(-85.0, float(s - pad_y))),
            (min(180.0, float(e + pad_x)), min(85.0, float(n + pad_y))),
        )

    def recipe(self) -> Recipe:
        """The validated recipe (the same checks and errors as a TOML file's)."""
        return from_document(self.document(), name=self.name, path=None)

    def make_map(self, *, offline: bool = True) -> folium.Map:
        """The interactive map (a :class:`~geo.render.folium_map.FrontlineMap`)."""
        return make_map(self.recipe(), offline=offline, data=self.data)

    def build(
        self, out_dir: str | Path, *, formats: tuple[str, ...] = ("html",), offline: bool = True
    ) -> BuildResult:
        """Write the map's files (HTML, PNG, SVG, figures JSON) to ``out_dir``."""
        return build(self.recipe(), out_dir, offline=offline, formats=formats, data=self.data)


def quick(
    data: Any,
    *,
    title: str,
    credit: str,
    tooltip: Any = True,
    label: str | None = None,
    style: dict[str, Any] | None = None,
    offline: bool = True,
) -> folium.Map:
    """A quick look at a GeoDataFrame, like ``GeoDataFrame.explore()``, with credits.

    Parameters
    ----------
    data : GeoDataFrame or GeoSeries
        With a CRS (any; it is transformed).
    title : str
        The map's title.
    credit : str
        Where the data comes from (printed in the credits).
    tooltip : bool, str or list of str, default True
        What hovering shows (``True``: every property).
    label : str, optional
        The legend text (default: the title).
    style : dict, optional
        A recipe ``style`` table, e.g. ``{"by": "kind"}``.
    offline : bool, default True
        The vector basemap (no network).

    Returns
    -------
    FrontlineMap
        Shown inline by Jupyter; a ``folium.Map``.

    Raises
    ------
    RecipeError
        Data without a CRS or without features, a tooltip property no feature has.
    """
    keys: dict[str, Any] = {"label": label or title, "name": "data"}
    if tooltip is not None and tooltip is not False:
        keys["tooltip"] = tooltip
    if style:
        keys["style"] = style
    return Map(title).add_layer(data, credit=credit, **keys).make_map(offline=offline)
