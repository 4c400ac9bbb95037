"""What each recipe key means: type, default, meaning and an example line of TOML.

The entries are keyed by ``"table.key"``, where ``table`` is a path of
:data:`geo.recipe.reference.TABLES` (``"layers"``, ``"style"``, ``"changes.side"``). The keys
themselves come from the schema (:mod:`geo.recipe.keys`); the tests fail when a key the
parser accepts has no entry here, or an entry names a key it does not accept.

Examples
--------
>>> KEYS["view.min_zoom"].default
'3'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KEYS", "Key"]


@dataclass(frozen=True)
class Key:
    """One key: type, default (``"required"``, ``"none"`` or a TOML value), meaning, example."""

    type: str
    default: str
    text: str
    example: str


_COLOUR = 'a colour, `"#rgb"` or `"#rrggbb"`'
_POINT = '`[lon, lat]` or `"LAYER:NAME"`'

#: What each key means, by ``"table.key"`` (see :data:`TABLES`). Types name TOML types;
#: ``{name}`` in a type is replaced by the choices of :data:`_CHOICES` when rendered.
KEYS: dict[str, Key] = {
    # [text]
    "text.title": Key(
        "string", "required", "The headline.", 'title = "Bridges cut on the Dnipro and the Donets"'
    ),
    "text.dek": Key(
        "string",
        '""',
        "The standfirst under the title: one sentence, what and when.",
        'dek = "Crossings reported destroyed since February 2022."',
    ),
    "text.byline": Key("string", '""', "Who made the map.", 'byline = "Data desk"'),
    "text.as_of": Key(
        "date string `YYYY-MM-DD`",
        "none",
        "The date the map describes, printed with the credits.",
        'as_of = "2024-11-13"',
    ),
    "text.notes": Key(
        "array of strings (or one string)",
        "[]",
        "Method and caveats, printed under the map.",
        'notes = ["Positions are approximate."]',
    ),
    "text.alt": Key(
        "string",
        '""',
        "Alternative text for the static image and screen readers: describe what the map shows.",
        'alt = "Map of southern Ukraine with six crossings marked."',
    ),
    # [view]
    "view.bounds": Key(
        "`[[lon_min, lat_min], [lon_max, lat_max]]`",
        "none",
        "The area to fit, south-west corner first. Give this, or `center` and `zoom`.",
        "bounds = [[30.2, 44.3], [40.3, 51.0]]",
    ),
    "view.center": Key(
        "`[lon, lat]`",
        "none",
        "The centre of the first view (with `zoom`).",
        "center = [35.0, 48.5]",
    ),
    "view.zoom": Key("number, 0-19", "none", "The first zoom level (with `center`).", "zoom = 6"),
    "view.min_zoom": Key("integer, 0-19", "3", "How far readers may zoom out.", "min_zoom = 5"),
    "view.max_zoom": Key(
        "integer, 0-19",
        "10",
        "How far readers may zoom in; also sets how finely geometry is kept.",
        "max_zoom = 12",
    ),
    # [basemap]
    "basemap.provider": Key(
        "string",
        '"vector"',
        '`"vector"` (our countries layer, no network) or a keyless xyzservices provider '
        "name, credited on the map.",
        'provider = "CartoDB.Positron"',
    ),
    "basemap.layer": Key(
        "catalog layer id",
        '"countries"',
        "The layer the vector basemap (and the inset) is drawn from.",
        'layer = "countries"',
    ),
    # [[layers]]
    "layers.id": Key(
        "catalog layer id",
        "required (or `path`)",
        "A bundled layer (`frontline layers` lists them); its catalog entry credits it.",
        'id = "front-line-2024-11-13"',
    ),
    "layers.path": Key(
        "string (a file path)",
        "required (or `id`)",
        "Your own file, relative to the recipe: GeoJSON, GeoPackage, FlatGeobuf, Shapefile, "
        "KML/KMZ or a DeepState document. Any CRS; it is transformed to WGS84.",
        'path = "data/bridges.geojson"',
    ),
    "layers.layer": Key(
        "string",
        "the first layer",
        "The layer (or KML folder) inside a multi-layer file.",
        'layer = "sectors"',
    ),
    "layers.name": Key(
        "string",
        "the file's name",
        'The layer\'s name inside this recipe, for `"LAYER:NAME"` points, `[[labels]]` '
        "and `[[figures]]`.",
        'name = "bridges"',
    ),
    "layers.credit": Key(
        "string, not empty",
        "required for `path`",
        "Where your data comes from and its licence, printed in the map's credits.",
        'credit = "Our reporting; coordinates from Wikipedia (CC BY-SA)"',
    ),
    "layers.title": Key(
        "string",
        "the label",
        "The data's title in the credits.",
        'title = "Damaged and destroyed crossings"',
    ),
    "layers.as_of": Key(
        "date string `YYYY-MM-DD`",
        "none",
        "The date your data describes, in the credits and figures.",
        'as_of = "2024-11-13"',
    ),
    "layers.license": Key(
        "string", "none", "The data's licence, in the credits.", 'license = "CC BY 4.0"'
    ),
    "layers.url": Key(
        "string",
        "none",
        "Where readers can find the data, in the credits (as text).",
        'url = "https://example.org/data"',
    ),
    "layers.label": Key("string", "the layer's title", "The legend text.", 'label = "Front line"'),
    "layers.legend": Key(
        "boolean", "true", "Whether the layer has a legend entry.", "legend = false"
    ),
    "layers.switcher": Key(
        "boolean", "true", "Whether readers can switch the layer off.", "switcher = false"
    ),
    "layers.crs": Key(
        'string, e.g. `"EPSG:32636"`',
        "the file's own",
        "The CRS of a file that names none (a Shapefile without `.prj`); frontline never guesses.",
        'crs = "EPSG:4326"',
    ),
    "layers.geometry": Key(
        "string, one of {geometries}",
        "every geometry",
        "Keep only the features of this kind (for a file that mixes points, lines and polygons).",
        'geometry = "point"',
    ),
    "layers.tooltip": Key(
        "string, array of strings, true, or a table (see `tooltip`)",
        "none",
        "Properties shown as text on hover: one, a list, `true` for all, or "
        '`{ fields, aliases }`. Works on points, lines and polygons; `"=area"` and '
        '`"=length"` show the feature\'s geodesic size.',
        'tooltip = ["name", "date"]',
    ),
    "layers.popup": Key(
        "like `tooltip`",
        "none",
        "Properties shown as text when a feature is clicked.",
        "popup = true",
    ),
    "layers.style": Key(
        "table (see `style`)",
        "{}",
        "How the layer is drawn.",
        'style = { stroke = "#67000d", weight = 3 }',
    ),
    "layers.where": Key(
        "table: property = value or [values]",
        "none (every feature)",
        "Draw only the features whose properties match.",
        'where = { kind = ["road bridge", "dam"] }',
    ),
    # style
    "style.stroke": Key(
        "string: " + _COLOUR,
        "catalog style",
        "Line colour (outline, for polygons and points).",
        'stroke = "#b2182b"',
    ),
    "style.weight": Key("number, 0-20 (CSS px)", "catalog style", "Line width.", "weight = 2"),
    "style.fill": Key(
        "string: " + _COLOUR,
        "catalog style",
        "Fill colour of polygons and points.",
        'fill = "#d6604d"',
    ),
    "style.fill_opacity": Key(
        "number, 0-1", "catalog style", "Fill opacity.", "fill_opacity = 0.35"
    ),
    "style.opacity": Key("number, 0-1", "catalog style", "Line opacity.", "opacity = 0.6"),
    "style.dash": Key(
        'string: dash pattern like `"6 4"`',
        "solid",
        "Line dashes (CSS px on, off).",
        'dash = "4 3"',
    ),
    "style.hatch": Key(
        "string, one of {hatches}",
        '"none"',
        "A fill pattern over polygons (survives greyscale print).",
        'hatch = "diagonal"',
    ),
    "style.radius": Key(
        "number, 0-50 (CSS px)", "catalog style", "Radius of point markers.", "radius = 5"
    ),
    # style = { by = ... } in [[layers]]
    "layers.style.by": Key(
        "string (a property name)",
        "none",
        "Style each feature by this property's value: one legend entry per value. Without "
        "`values` or `scheme`, each value gets a colour of a fixed palette.",
        'by = "kind"',
    ),
    "layers.style.values": Key(
        "table: value = style table (+ `label`)",
        "palette colours",
        "With `by`: the style (and legend `label`) of each value, in legend order.",
        'values = { dam = { fill = "#0072b2", label = "Dam" } }',
    ),
    "layers.style.scheme": Key(
        "string, one of {schemes}",
        "none",
        "With `by` on a numeric property: graduated colours, classed by mapclassify.",
        'scheme = "quantiles"',
    ),
    "layers.style.k": Key("integer, 2-9", "5", "With `scheme`: the number of classes.", "k = 5"),
    "layers.style.ramp": Key(
        "string, one of {ramps}; or an array of colours",
        '"YlOrRd"',
        "With `scheme`: the colours, light to dark, interpolated to `k` classes.",
        'ramp = "Reds"',
    ),
    # tooltip = { ... }
    "tooltip.fields": Key(
        "array of strings",
        "required",
        "The properties shown, in order.",
        'fields = ["name", "date"]',
    ),
    "tooltip.aliases": Key(
        "array of strings",
        "the property names",
        "The label shown before each value, one per field.",
        'aliases = ["Bridge", "Reported"]',
    ),
    # [[labels]]
    "labels.text": Key("string", "none", "A fixed label (with `at`).", 'text = "Crimea"'),
    "labels.at": Key("`[lon, lat]`", "none", "Where a fixed label sits.", "at = [34.2, 45.3]"),
    "labels.layer": Key(
        "layer id or name",
        "none",
        "Label the features of this layer instead (with `field`).",
        'layer = "places"',
    ),
    "labels.field": Key("string", '"name"', "The property labelled.", 'field = "name"'),
    "labels.names": Key(
        "array of strings",
        "every feature",
        "Only the features with these `field` values. Without `names`, every feature, each "
        "from a zoom its rank gives (`rank`, or a GeoNames `population`): more appear as the "
        "reader zooms in.",
        'names = ["Kherson", "Kharkiv"]',
    ),
    "labels.position": Key(
        "string, one of {positions}",
        '"right"',
        "Where the text sits relative to its point.",
        'position = "center"',
    ),
    # [[callouts]]
    "callouts.text": Key(
        "string", "required", "The callout's text.", 'text = "The Dnipro is the front here"'
    ),
    "callouts.at": Key(
        _POINT, "required", "The point the leader line goes to.", 'at = "places:Sudzha"'
    ),
    "callouts.text_at": Key(
        "`[lon, lat]`", "required", "Where the text sits.", "text_at = [31.6, 47.9]"
    ),
    # [[figures]]
    "figures.id": Key(
        "string: lower-case letters, digits and _",
        "required",
        "The figure's key in the figures JSON and in `{figure:NAME}` placeholders; unique.",
        'id = "front_length"',
    ),
    "figures.label": Key(
        "string", "required", "What the figure is, as printed.", 'label = "Front line"'
    ),
    "figures.measure": Key(
        "string, one of {measures}",
        "required",
        "What is measured; `length`/`area` need `layer`, `distance` needs `start` and `end`.",
        'measure = "length"',
    ),
    "figures.layer": Key(
        "layer id or name",
        "none",
        "The layer measured (every feature, or those matching `where`).",
        'layer = "front-line-2024-11-13"',
    ),
    "figures.field": Key(
        "string (a numeric property)",
        'required for `"sum"`',
        'With `measure = "sum"`: the property added up over the layer\'s features.',
        'field = "casualties"',
    ),
    "figures.start": Key(_POINT, "none", "Where a distance starts.", 'start = "places:Kursk"'),
    "figures.end": Key(_POINT, "none", "Where a distance ends.", "end = [130.6, 42.4]"),
    "figures.draw": Key(
        "boolean", "true", "Whether a distance is drawn as a geodesic line.", "draw = false"
    ),
    "figures.where": Key(
        "table: property = value or [values]",
        "none",
        "Measure only the matching features.",
        'where = { kind = "border" }',
    ),
    # [inset]
    "inset.enabled": Key(
        "boolean", "true", "Whether the locator inset is drawn.", "enabled = false"
    ),
    "inset.bounds": Key(
        "`[[lon_min, lat_min], [lon_max, lat_max]]`",
        "automatic",
        "The area the inset shows.",
        "bounds = [[20.0, 40.0], [50.0, 60.0]]",
    ),
    # [static]
    "static.width": Key("integer, 200-4000 (CSS px)", "800", "PNG/SVG width.", "width = 800"),
    "static.height": Key("integer, 200-4000 (CSS px)", "450", "PNG/SVG height.", "height = 450"),
    "static.scale": Key(
        "number, 0.5-4", "2.0", "Device pixels per CSS pixel in the PNG.", "scale = 2.0"
    ),
    "static.theme": Key(
        '`"light"` or `"dark"`',
        '"light"',
        "The PNG/SVG colours: `dark` draws the dark page's (a dark basemap with its water "
        "kept blue, light text and halos; the recipe's layers keep their colours). A "
        "static image cannot follow the reader's setting: build a second recipe for the "
        "other theme.",
        'theme = "dark"',
    ),
    # [page]
    "page.theme": Key(
        '`"auto"`, `"light"` or `"dark"`',
        '"auto"',
        "The page's colours: `auto` follows the reader's light or dark setting "
        "(`prefers-color-scheme`); `light` or `dark` forces one.",
        'theme = "dark"',
    ),
    "page.lang": Key(
        "language tag (`en`, `uk`, `pt-BR`)",
        '"en"',
        "The language of the map's text (the page's `lang`, read by screen readers).",
        'lang = "uk"',
    ),
    # [publish]
    "publish.url": Key(
        "absolute `http(s)` URL",
        "none (a relative `src`)",
        "Where the page will be published: the embed snippet's `src`. "
        "`frontline build --base-url URL` overrides it.",
        'url = "https://example.org/maps/front.html"',
    ),
    # [timeline]
    "timeline.source": Key(
        "string: a folder or glob",
        "required",
        "Dated snapshot files, relative to the recipe; the date is read from each file name.",
        'source = "snapshots/*.geojson"',
    ),
    "timeline.credit": Key(
        "string, not empty",
        "required",
        "Where the snapshots come from and their licence.",
        'credit = "DeepStateMap (GPL-3.0)"',
    ),
    "timeline.label": Key("string", '"Occupied area"', "Legend text.", 'label = "Held by Russia"'),
    "timeline.start": Key(
        "date `YYYY-MM-DD`", "the first file", "Leave out earlier snapshots.", "start = 2024-01-01"
    ),
    "timeline.end": Key(
        "date `YYYY-MM-DD`", "the last file", "Leave out later snapshots.", "end = 2024-11-13"
    ),
    "timeline.step_days": Key(
        "integer, 1-3660",
        "1",
        "Keep at most one snapshot per this many days (the last is always kept).",
        "step_days = 7",
    ),
    "timeline.tolerance_km": Key(
        "number, 0-50 (km)", "0", "Extra simplification before drawing.", "tolerance_km = 0.5"
    ),
    "timeline.interval_ms": Key(
        "integer, 50-10000 (ms)", "700", "Time per frame when playing.", "interval_ms = 500"
    ),
    "timeline.keyframe_every": Key(
        "integer, 1-1000",
        "20",
        "Store every this many frames in full, the others as changes (1 = all in full).",
        "keyframe_every = 10",
    ),
    "timeline.style": Key(
        "table (see `style`)", "{}", "How the area is drawn.", 'style = { fill = "#d6604d" }'
    ),
    # [changes]
    "changes.from": Key(
        "string (a file path)",
        "required",
        "The earlier snapshot, relative to the recipe.",
        'from = "snapshots/a_20240724.geojson"',
    ),
    "changes.to": Key(
        "string (a file path)",
        "required",
        "The later snapshot.",
        'to = "snapshots/a_20240822.geojson"',
    ),
    "changes.credit": Key(
        "string, not empty",
        "required",
        "Where the snapshots come from and their licence.",
        'credit = "DeepStateMap (GPL-3.0)"',
    ),
    "changes.gained": Key(
        "table (see `[changes.gained]`)",
        "{}",
        "Occupied in `to` but not in `from`.",
        'gained = { label = "Gained by Russia" }',
    ),
    "changes.lost": Key(
        "table (see `[changes.lost]`)",
        "{}",
        "Occupied in `from` but not in `to`.",
        "lost = { legend = false }",
    ),
    "changes.side.label": Key(
        "string",
        '"Gained by Russia"; "Lost by Russia (regained by Ukraine)"',
        "Legend text.",
        'label = "Advances"',
    ),
    "changes.side.style": Key(
        "table (see `style`)", "{}", "How the side is drawn.", 'style = { fill = "#b2182b" }'
    ),
    "changes.side.legend": Key(
        "boolean", "true", "Whether the side has a legend entry.", "legend = true"
    ),
}
