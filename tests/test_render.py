"""Tests for geo.render: self-contained, deterministic, safe HTML; embed; figures JSON."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
from conftest import require
from helpers.maps import LONG, PAYLOADS, fake_layers, recipe_text

from geo import recipe
from geo.errors import RecipeError, UsageError
from geo.render import build, make_map, make_model, simplify, to_html
from geo.render.assets import leaflet_css, leaflet_js, script_json, unpack_data_blocks
from geo.render.export import EMBED_SCRIPT, embed_snippet, external_urls, fix_ids, page_url

TESTS = Path(__file__).resolve().parent
SNAPSHOT = TESTS / "snapshots" / "render_fake.html"


def _recipe(strings=None, basemap="vector"):
    return recipe.loads(recipe_text(strings, basemap=basemap), name="fake", path="fake.toml")


def _page(strings=None, offline=True, basemap="vector"):
    layers = fake_layers(strings)
    m = make_map(_recipe(strings, basemap), offline=offline, loader=layers.__getitem__)
    return to_html(m, name="fake", title=_recipe(strings, basemap).text.title)


def normalise(page: str) -> str:
    """Drop the inlined asset bytes (tested separately) so snapshots show the page's own
    structure and data, and do not repeat geo/render/js and css line for line."""
    from geo.render.assets import boot_js, inflate_js, our_css, our_js, packed_assets

    page = page.replace(packed_assets(), "/* packed: leaflet.js, leaflet.css, frontline.* */")
    page = page.replace(inflate_js(), "/* fflate-inflate.min.js */")
    page = page.replace(boot_js(), "/* boot.js */")
    page = page.replace(leaflet_js(), "/* leaflet.js */").replace(
        leaflet_css(), "/* leaflet.css */"
    )
    page = page.replace(our_js(), "/* frontline.js */").replace(our_css(), "/* frontline.css */")
    page = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "data:…", page)
    return page


def test_page_is_self_contained():
    page = _page()
    assert external_urls(page) == []
    low = page.lower()
    for banned in ("jquery", "bootstrap", "font-awesome", "fontawesome", "cdn.", "awesome-markers"):
        assert banned not in low, banned
    # Leaflet and our JS/CSS arrive minified and packed (gzip + base85;
    # tests/test_render_assets.py).
    from geo.render.assets import (
        asset_document,
        boot_js,
        inflate_js,
        our_css,
        our_js,
        packed_assets,
        unpack,
    )

    assert packed_assets() in page
    unpacked = json.loads(unpack(packed_assets()))
    assert unpacked == asset_document()
    assert unpacked["js"].startswith(leaflet_js() + "\n")
    assert "images/layers.png" not in leaflet_css() and "data:image/png;base64," in leaflet_css()
    assert "sourceMappingURL" not in page + unpacked["js"]
    # Inlined code must not contain markup that could end or confuse its <script>/<style>.
    shipped = (unpacked["js"], *unpacked["css"])  # what the page really runs: minified
    for code in (
        our_js(),
        our_css(),
        leaflet_js(),
        leaflet_css(),
        boot_js(),
        inflate_js(),
        *shipped,
    ):
        assert "</script" not in code.lower() and "</style" not in code.lower()
        assert "<!--" not in code and "<script" not in code.lower()
        # branca re-renders element output as a Jinja template: no Jinja syntax allowed.
        assert not re.search(r"\{[{%#]", code)
    assert "L.control" not in normalise(page).split("/* boot.js */")[0]  # no stray JS


def test_online_basemap_has_tiles_and_attribution():
    page = _page(offline=False, basemap="OpenStreetMap.Mapnik")
    assert "tile.openstreetmap.org" in page
    assert "OpenStreetMap" in page and "Basemap tiles: (C) OpenStreetMap contributors" in page
    offline = _page(offline=True, basemap="OpenStreetMap.Mapnik")
    assert "tile.openstreetmap" not in offline and "L.tileLayer(" not in offline
    # The tiled page carries the vector basemap too: page.js shows it when tiles fail.
    assert '"basemap":true' in page and '"tiles":true' in page
    assert '"tiles":false' in offline


def test_page_head_has_lang_and_allows_pinch_zoom():
    page = _page()
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert '<meta name="viewport" content="width=device-width, initial-scale=1" />' in page
    assert "user-scalable" not in page and "maximum-scale" not in page
    r = recipe.loads(recipe_text() + '\n[page]\nlang = "uk"\ntheme = "dark"\n', name="fake")
    uk = to_html(make_map(r, offline=True, loader=fake_layers().__getitem__), name="fake")
    assert uk.startswith('<!DOCTYPE html>\n<html lang="uk">')
    assert '"theme":"dark"' in uk


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ('[page]\ntheme = "dim"', "page.theme"),
        ('[page]\nlang = "en_GB!"', "page.lang"),
        ('[publish]\nurl = "front.html"', "publish.url"),
        ('[publish]\nurl = "https://x.org/a b.html"', "publish.url"),
        ('[publish]\nurl = "javascript:alert(1)"', "publish.url"),
    ],
)
def test_page_and_publish_keys_are_checked(section, message):
    with pytest.raises(RecipeError, match=message):
        recipe.loads(recipe_text() + "\n" + section + "\n", name="fake")


def test_deterministic_ids_and_snapshot():
    a, b = _page(), _page()
    assert a == b
    assert not re.search(r"[0-9a-f]{32}", a), "a random folium id survived"
    got = normalise(a)
    if not SNAPSHOT.exists():  # a local run writes it (review and commit it); CI fails
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(got, encoding="utf-8")
        require(False, f"snapshot {SNAPSHOT.name} was missing: written now, review and commit")
    assert got == SNAPSHOT.read_text(encoding="utf-8"), (
        "HTML changed; if intended, delete tests/snapshots/render_fake.html and re-run"
    )


_BUILD = """
import sys
sys.path.insert(0, {tests!r})
from helpers.maps import fake_layers, recipe_text, PAYLOADS
from geo import recipe
from geo.render import build
r = recipe.loads(recipe_text(PAYLOADS), name="fake", path="fake.toml")
build(r, {out!r}, offline=True, formats=("html",), loader=fake_layers(PAYLOADS).__getitem__)
"""


def test_two_processes_byte_identical(tmp_path):
    outs = []
    for i in range(2):
        out = tmp_path / f"run{i}"
        code = _BUILD.format(tests=str(TESTS), out=str(out))
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        outs.append(out)
    names = sorted(p.name for p in outs[0].iterdir())
    assert names == ["fake.embed.html", "fake.figures.json", "fake.html"]
    for name in names:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_script_json_cannot_break_out():
    for s in [*PAYLOADS, LONG]:
        text = script_json({"s": s})
        assert "<" not in text and ">" not in text and "&" not in text
        assert "\u2028" not in text and "\u2029" not in text
        assert json.loads(text) == {"s": s}
        assert not re.search(r"\{[{%#]", text)


def test_no_template_injection_at_build_time():
    # branca renders MacroElement output a second time as a Jinja template; a recipe or
    # layer string like "{{7*7}}" must stay text, never be evaluated in Python.
    strings = ["{{7*7}}", "{% for x in [1] %}loop{% endfor %}", "{# c #}", "{{ self }}"]
    page = unpack_data_blocks(_page(strings))
    blocks = re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', page, re.S)
    found = json.dumps([json.loads(b) for b in blocks], ensure_ascii=False)
    for s in strings:
        assert json.dumps(s, ensure_ascii=False)[1:-1] in found, s


def test_payloads_never_reach_the_page_as_markup():
    strings = [*PAYLOADS, LONG]
    page = _page(strings)
    body = page.split("</head>", 1)[1]
    # Every payload string is present only as escaped JSON: no raw tag, no raw handler.
    for s in strings:
        if "<" in s:
            assert s not in page
    assert "<img src=x" not in page and "<svg onload" not in page
    assert body.count("<script>") == 1  # folium's single script block, nothing injected
    # Title in <title> is escaped by us (branca does not escape it).
    found = re.search(r"<title>(.*?)</title>", page, re.S)
    assert found is not None
    title = found.group(1)
    assert "<" not in title


def test_embed_snippet_is_escaped_and_responsive():
    snip = embed_snippet("front.html", title='A "map" <b>', alt="Alt & <i>text</i>")
    assert '<iframe src="front.html"' in snip
    assert 'title="A &quot;map&quot; &lt;b&gt;"' in snip
    assert "Alt &amp; &lt;i&gt;text&lt;/i&gt;" in snip
    # Without its script: one aspect ratio with a floor (no min-height on top of padding).
    assert "aspect-ratio:16/10;min-height:420px" in snip and "padding-top" not in snip
    assert 'aria-describedby="frontline-front-alt"' in snip
    # The script only sets a height from a number the page sends; it never writes HTML.
    assert EMBED_SCRIPT in snip and "innerHTML" not in EMBED_SCRIPT
    assert "e.source!==f.contentWindow" in EMBED_SCRIPT
    url = page_url("front", base_url="https://example.org/maps/")
    absolute = embed_snippet(url, title="T", alt="A")
    assert '<iframe src="https://example.org/maps/front.html"' in absolute
    assert 'aria-describedby="frontline-front-alt"' in absolute


def test_page_url_needs_an_absolute_http_url():
    assert page_url("kursk", base_url="https://x.org") == "https://x.org/kursk.html"
    assert page_url("kursk", base_url="http://x.org/a/", publish_url="https://y") == (
        "http://x.org/a/kursk.html"
    )
    for bad in ("x.org/maps", "ftp://x.org", 'https://x.org/"><script>', "/maps/"):
        with pytest.raises(UsageError, match="--base-url"):
            page_url("kursk", base_url=bad)


def test_build_writes_files_and_figures(tmp_path):
    layers = fake_layers()
    res = build(_recipe(), tmp_path, offline=True, loader=layers.__getitem__)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "fake.embed.html",
        "fake.figures.json",
        "fake.html",
    ]
    doc = json.loads((tmp_path / "fake.figures.json").read_text("utf-8"))
    assert doc["map"] == "fake" and doc["as_of"] == "2024-11-13"
    figs = {f["id"]: f for f in doc["figures"]}
    from geo import measure

    want = measure.length(layers["front-line-2024-11-13"].read())
    length = figs["front_length"]
    assert length["method"] == want.method == "geodesic-wgs84"
    assert length["as_of"] == "2024-11-13"
    assert abs(length["km"] - want.km) < 0.001
    assert length["text"] == f"Figure: {want.km:,.0f} km ({want.mi:,.0f} mi), geodesic"
    dist = figs["kupiansk_sudzha"]
    want_d = measure.distance((37.583, 49.717), (35.27, 51.19))
    assert abs(dist["km"] - want_d.km) < 0.001 and "great-circle" in dist["text"]
    assert doc["geometry"]["worst_case_displacement_px"] < 1
    assert res.worst_px < 1
    assert not list(tmp_path.glob(".*.tmp"))


def test_unknown_layer_feature_and_property_are_recipe_errors():
    layers = fake_layers()
    text = recipe_text()
    bad = recipe.loads(text.replace('"places:Sudzha"', '"places:Nowhere"'), name="f", path="f.toml")
    with pytest.raises(RecipeError, match=r"f\.toml: no feature named 'Nowhere'"):
        make_model(bad, offline=True, loader=layers.__getitem__)

    def loader(layer_id):
        if layer_id == "places":
            raise LookupError("no layer 'places'")
        return layers[layer_id]

    with pytest.raises(RecipeError, match=r"f.toml: layers\[3\].id: no layer"):
        make_model(recipe.loads(text, name="f", path="f.toml"), offline=True, loader=loader)
    bad = recipe.loads(
        text.replace('tooltip = "name"', 'tooltip = "nom"', 1), name="f", path="f.toml"
    )
    with pytest.raises(RecipeError, match=r"layers\[0\].tooltip: layer .* has no property 'nom'"):
        make_model(bad, offline=True, loader=layers.__getitem__)


def test_fix_ids_covers_user_added_elements():
    import folium

    layers = fake_layers()
    m = make_map(_recipe(), offline=True, loader=layers.__getitem__)
    folium.Marker([48.0, 35.0]).add_to(m)
    n = fix_ids(m, "x")
    assert n > 5
    page = to_html(m, name="x")
    assert not re.search(r"[0-9a-f]{32}", page)
    assert page == to_html(m, name="x")


@pytest.mark.parametrize(("zoom", "lat"), [(6, 50.0), (10, 52.0), (12, 51.5), (15, 42.5)])
@pytest.mark.parametrize("grid", [0, 4])
def test_simplify_plan_under_one_pixel(zoom, lat, grid):
    p = simplify.plan(zoom, lat, grid=grid)
    assert p.worst_px < 1 and p.quant_px <= simplify.QUANT_BUDGET_PX
    assert abs(p.tolerance_px + p.quant_px - p.worst_px) < 1e-12
    if grid:
        assert p.quant_px == pytest.approx(2**0.5 / (2 * grid))
        assert p.to_dict()["grid_per_px"] == grid and p.to_dict()["decimals"] is None
    with pytest.raises(ValueError):
        simplify.plan(zoom, lat, grid=2)  # a 1/2 px grid moves points 0.35 px: over budget


def test_grid_simplification_within_bound():
    rng = np.random.default_rng(5)
    t = np.linspace(0, 1, 4000)
    line = shapely.LineString(
        np.column_stack([30 + 8 * t, 50 + 0.5 * np.sin(12 * t) + 0.01 * rng.standard_normal(4000)])
    )
    geoms = np.array([line, line.buffer(0.05)], dtype=object)
    for zoom in (6, 9, 12):
        p = simplify.plan(zoom, 51.0, grid=4)
        from geo.render.view import pixel_frame

        frame = pixel_frame(((29.0, 49.0), (39.0, 51.5)), zoom)
        lonlat, grid, n_in, n_out = simplify.simplify_to_grid(geoms, p, frame["origin"])
        coords = shapely.get_coordinates(grid)
        assert np.array_equal(coords, np.rint(coords))  # integer grid units
        back = simplify.grid_to_lonlat(coords, zoom, 4, frame["origin"])
        assert np.allclose(back, shapely.get_coordinates(lonlat), atol=1e-9)
        got = simplify.measured_displacement_px(geoms, lonlat, zoom)
        assert got <= p.worst_px + 1e-9, (zoom, got, p.worst_px)
        assert n_out < n_in


def test_model_layers_paths_and_frame():
    from geo.render import encode
    from geo.render.view import pixel_frame

    layers = fake_layers()
    model = make_model(_recipe(), offline=True, loader=layers.__getitem__)
    base = model.layers[0]
    assert base.basemap and base.merged and base.frame is not None
    assert base.plan.grid == 4
    # The basemap holds polygons only, drawn as one path; the frame is whole pixels.
    types = set(shapely.get_type_id(shapely.get_parts(base.geoms)).tolist())
    assert types <= {3} and base.paths() == 1
    frame = base.frame
    assert model.max_bounds == frame["bounds"]
    z = frame["zoom"]
    corners = simplify.to_mercator(np.array(frame["bounds"], dtype=float))
    px = (corners + simplify.R * np.pi) / (simplify.M_PER_PX_Z0 / 2**z)
    assert np.allclose(px[:, 0], [frame["origin"][0], frame["origin"][0] + frame["size"][0]])
    ys = 256 * 2**z - px[:, 1]
    assert np.allclose(ys, [frame["origin"][1] + frame["size"][1], frame["origin"][1]])
    again = pixel_frame(frame["bounds"], z)
    assert again["origin"] == frame["origin"] and again["size"] == frame["size"]
    for lyr in model.layers:
        n_feat = sum(1 for g in lyr.geoms if not g.is_empty)
        doc = lyr.encoded()
        if lyr.frame is not None:  # a fixed overlay: SVG path text, no popup, no points
            assert doc["fmt"] == "svgpath1" and lyr.popup is None
            feats = doc.get("f", [])
            texts = [doc["polys"], doc["lines"], *(f[k] for f in feats for k in ("polys", "lines"))]
            assert re.fullmatch(r"[MlZ0-9 -]*", "".join(texts))
            if lyr.merged:
                assert lyr.paths() == bool(doc["polys"]) + bool(doc["lines"]) and not feats
            else:  # a tooltip: each feature's own path texts, with its tooltip's properties
                assert lyr.paths() == sum(bool(f["polys"]) + bool(f["lines"]) for f in feats)
                assert [f["p"] for f in feats] == list(lyr.props)
            assert doc["frame"] == {**frame, "grid": 4}
        elif lyr.merged:
            assert doc["fmt"] == "fl1" and lyr.paths() <= n_feat
        else:
            assert doc["fmt"] == "fl1" and lyr.paths() == n_feat
            assert encode.decode_layer(doc)  # round-trips
    # Layers with a popup, and points, stay Leaflet paths (click popups, fixed radius);
    # areas and lines with a tooltip are fixed overlays (the page binds it per feature path).
    for lyr in model.layers:
        points = any(encode.split_kinds(g)[2] for g in lyr.geoms)
        assert (lyr.frame is None) == (lyr.popup is not None or points), lyr.id
    assert {lyr.frame is None for lyr in model.layers} == {True, False}


def test_svg_path_text():
    from geo.render import encode

    square = shapely.Polygon([(0, 0), (0, 10), (10, 10), (10, 0)], [[(2, 2), (4, 2), (4, 4)]])
    text = encode.svg_path([square, shapely.LineString([(0, 0), (5, -7)])])
    assert text == "M0 0l10 0 0 10-10 0ZM2 2l2 2 0-2ZM0 0l5-7"
    with pytest.raises(ValueError, match="integer"):
        encode.svg_path([shapely.LineString([(0, 0.5), (1, 1)])])
    with pytest.raises(ValueError, match="only"):
        encode.svg_path([shapely.Point(1, 1)])


def test_measured_displacement_within_bound():
    rng = np.random.default_rng(7)
    # A wiggly line and polygon of ~5,000 vertices near 50° N.
    t = np.linspace(0, 1, 5000)
    lon = 30 + 8 * t + 0.01 * rng.standard_normal(5000)
    lat = 50 + 0.5 * np.sin(12 * t) + 0.01 * rng.standard_normal(5000)
    line = shapely.LineString(np.column_stack([lon, lat]))
    poly = line.buffer(0.05)
    geoms = np.array([line, poly], dtype=object)
    for zoom in (6, 9, 12):
        p = simplify.plan(zoom, 51.0)
        out, n_in, n_out = simplify.simplify_geometries(geoms, p)
        assert n_out < n_in
        got = simplify.measured_displacement_px(geoms, out, zoom)
        assert got <= p.worst_px + 1e-9, (zoom, got, p.worst_px)


def _require_catalog():
    """Skip (or fail under CI) unless every layer the bundled recipes use is in the catalog."""
    try:
        from geo import layers

        needed = {i for p in recipe.bundled().values() for i in recipe.load(p).layer_ids()}
        missing = sorted(needed - set(layers.catalog()))
    except Exception as exc:  # any failure means the catalog is not ready
        missing = [f"catalog not usable: {exc}"]
    require(not missing, f"layers missing from the catalog: {missing}")


def test_real_recipes_build(tmp_path, repo_root):
    _require_catalog()
    for name in recipe.bundled():
        res = build(name, tmp_path, offline=True)
        page = (tmp_path / f"{name}.html").read_text("utf-8")
        assert external_urls(page) == []
        assert res.worst_px < 1
        assert res.figures


@pytest.mark.slow
def test_cli_build_all_two_processes(tmp_path, repo_root):
    _require_catalog()
    exe = [sys.executable, "-m", "geo", "build", "--all", "--offline", "--format", "html"]
    outs = []
    for i in range(2):
        out = tmp_path / f"run{i}"
        proc = subprocess.run(
            [*exe, "--out", str(out)], capture_output=True, text=True, cwd=repo_root
        )
        assert proc.returncode == 0, proc.stderr
        assert "worst-case displacement" in proc.stdout
        outs.append(out)
    names = sorted(p.name for p in outs[0].iterdir())
    assert len(names) == 3 * len(recipe.bundled())
    for name in names:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_cli_errors(tmp_path, capsys):
    from geo.cli import main

    assert main(["build", "frnt", "--out", str(tmp_path)]) == 2
    assert "did you mean 'front'" in capsys.readouterr().err
    assert main(["build", "front", "--format", "html,gif", "--out", str(tmp_path)]) == 2
    assert "'gif' is not one of html, png, svg" in capsys.readouterr().err
    assert main(["build", "--out", str(tmp_path)]) == 2
    bad = ["build", "front", "--base-url", "ftp://x", "--out", str(tmp_path)]
    assert main(bad) == 2
    assert "--base-url: 'ftp://x' is not an absolute http(s) URL" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_cli_build_is_offline_by_default_with_an_absolute_embed(tmp_path, capsys):
    from geo.cli import main

    _require_catalog()
    assert not recipe.load(recipe.find("front")).basemap.is_vector  # it names tiles
    out = tmp_path / "maps"
    assert main(["build", "front", "--base-url", "https://x.org/m", "--out", str(out)]) == 0
    page = unpack_data_blocks((out / "front.html").read_text("utf-8"))
    assert external_urls(page) == [] and "arcgisonline" not in page
    assert '"tiles":false' in page
    embed = (out / "front.embed.html").read_text("utf-8")
    assert '<iframe src="https://x.org/m/front.html"' in embed
    assert main(["build", "front", "--offline", "--out", str(out)]) == 0
    # --offline: still accepted, and the same page
    assert unpack_data_blocks((out / "front.html").read_text("utf-8")) == page
    assert main(["build", "front", "--tiles", "--out", str(tmp_path / "t")]) == 0
    assert "arcgisonline" in (tmp_path / "t" / "front.html").read_text("utf-8")


def test_api_is_offline_by_default_like_the_cli(tmp_path):
    layers = fake_layers()
    tiled = _recipe(basemap="OpenStreetMap.Mapnik")
    page = to_html(make_map(tiled, loader=layers.__getitem__), name="fake")
    assert "tile.openstreetmap" not in page and "L.tileLayer(" not in page
    assert '"tiles":false' in page and external_urls(page) == []
    assert make_model(tiled, loader=layers.__getitem__).tile_provider is None
    build(tiled, tmp_path, loader=layers.__getitem__)
    assert "tile.openstreetmap" not in (tmp_path / "fake.html").read_text("utf-8")
    opted = to_html(make_map(tiled, offline=False, loader=layers.__getitem__), name="fake")
    assert "tile.openstreetmap" in opted  # tiles are an explicit opt-in


def test_front_page_carries_zoom_places_compactly_and_reader_credits():
    _require_catalog()
    page = unpack_data_blocks(to_html(make_map("front"), name="front"))
    data = json.loads(re.search(r'"places":(\{[^{}]*\})', page).group(1))
    n = len(data["text"])
    assert n > 500 and len(data["xy"]) == 2 * n and len(data["z"]) == n
    assert len(data["dot"]) == n and len(data["pos"]) == n and set(data["pos"]) <= set("rltbc")
    assert data["z"] == sorted(data["z"])  # the most important places claim room first
    assert '"credit":"Natural Earth;' in page
    for jargon in ("ne_10m_admin_0_countries_deu", "tumen-waypoints.csv", "FACTS.md"):
        assert jargon not in page, jargon
