"""The public API is pinned, and importing it does no I/O (DESIGN.md: no I/O at import).

Changing a module's ``__all__`` is a deliberate act: update the pin here in the same commit.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

PUBLIC = {
    "geo.files": [
        "STAGE_PREFIX",
        "commit",
        "recover",
        "replace_set",
        "temp_beside",
        "write_atomic",
        "write_replaceable",
        "write_set",
    ],
    "geo.cache": [
        "ENV",
        "code_digest",
        "file_digest",
        "folder",
        "library_versions",
        "memo_text",
        "pack_wkb",
        "prune",
        "read_entry",
        "unpack_wkb",
        "write_entry",
    ],
    "geo.outpaths": [
        "SPECIAL_ROOTS",
        "check_output_dir",
        "check_output_file",
        "io_error",
        "why_write_failed",
    ],
    "geo.termtext": [
        "SafeStream",
        "escape",
        "escape_json",
        "is_unsafe",
        "one_line",
    ],
    "geo.frames": [
        "CENTRE_DECIMALS",
        "LocalFrame",
        "Projection",
        "centre_of",
        "frame_for",
        "local_frame",
    ],
    "geo.units": [
        "KM2_PER_SQ_MI",
        "KM_PER_MI",
        "MISSING",
        "SQ_MI_PER_KM2",
        "fmt_area",
        "fmt_km",
        "fmt_number",
        "km2_to_sq_mi",
        "km_to_mi",
    ],
    "geo.jsonfmt": [
        "dumps",
        "to_json_value",
    ],
    "geo.suggest": [
        "close_matches",
        "did_you_mean",
    ],
    "geo.geometry": [
        "count_non_polygonal",
        "dissolve_polygons",
        "line_parts",
        "polygon_parts",
    ],
    "geo.errors": [
        "GeoError",
        "GeometryError",
        "LayerError",
        "RecipeError",
        "SourceError",
        "UsageError",
    ],
    "geo.measure": [
        "Area",
        "GeoInput",
        "Length",
        "METHOD",
        "PointInput",
        "area",
        "distance",
        "length",
        "length_sweep",
        "perimeter",
    ],
    "geo.geoinput": [
        "GeoInput",
        "PointInput",
        "as_geometries",
        "as_lonlat",
        "check_present",
        "single_parts",
    ],
    "geo.quantities": ["Area", "Length", "METHOD"],
    "geo.borders": [
        "FeatureInput",
        "SharedBorder",
        "Tripoint",
        "find_feature",
        "line_between",
        "shared_border",
        "tripoint",
    ],
    "geo.checks": [
        "CHECK_KEYS",
        "Problem",
        "Severity",
        "check_feature",
        "check_file",
        "check_layer",
        "check_source",
        "has_errors",
        "repair",
    ],
    "geo.export": ["FORMATS", "export", "to_geodataframe"],
    "geo.io": [
        "CRS84_NAMES",
        "DRIVERS",
        "GEOJSON_SUFFIXES",
        "GEOMETRY_TYPES",
        "MAX_DEPTH",
        "MAX_INPUT_MB",
        "MAX_POSITIONS",
        "RawFeature",
        "build_geometry",
        "crs_of_document",
        "force_2d",
        "frame_from_document",
        "is_geojson_file",
        "iter_raw_features",
        "looks_like_layer_id",
        "parse_crs",
        "position_arrays",
        "positions_to_array",
        "read_geodata",
        "read_geojson_text",
        "read_ogr",
        "to_4326",
        "validate_document",
        "write_atomic",
        "write_geodata",
    ],
    "geo.facts": [
        "CLAIM_MI",
        "CONVENTIONS",
        "NEARLY_BAND_MI",
        "OFFICIAL_KM",
        "SWEEP_KM",
        "fact_sheet",
        "format_text",
        "judge",
        "verdict",
    ],
    "geo.layers": [
        "CATALOG_FILE",
        "Layer",
        "Source",
        "catalog",
        "country",
        "data_root",
        "file_facts",
        "find_feature",
        "get",
        "load_catalog",
        "normalise_id",
        "resolve_path",
        "verify",
        "verify_layer",
    ],
    "geo.recipe": [
        "Basemap",
        "Callout",
        "ChangeSide",
        "ChangesSpec",
        "FigureSpec",
        "Inset",
        "LabelSpec",
        "LayerSource",
        "LayerSpec",
        "LonLat",
        "MAX_TEXT",
        "PointRef",
        "Recipe",
        "StaticSpec",
        "Style",
        "StyleBy",
        "StyleClass",
        "Text",
        "TimelineSpec",
        "Tooltip",
        "View",
        "bundled",
        "find",
        "load",
        "loads",
    ],
    "geo.styles": [
        "CATALOG_KEYS",
        "DASH_PATTERN",
        "Fail",
        "HATCHES",
        "HEX_COLOUR",
        "MAX_TEXT",
        "STYLE_KEYS",
        "catalog_defaults",
        "check_keys",
        "choice",
        "colour",
        "dash",
        "number",
        "show",
        "style_value",
        "text",
        "validate_catalog_style",
        "validate_style",
    ],
    "geo.front": [
        "BUFFER_KM",
        "CoursePoint",
        "DNIPRO_COURSE",
        "FrontResult",
        "FrontSegment",
        "MIN_LENGTH_KM",
        "RIVER_KM",
        "country_polygon",
        "derive_front",
        "split_by_line",
    ],
    "geo.render": [
        "BuildResult",
        "Data",
        "FORMATS",
        "Map",
        "build",
        "make_map",
        "make_model",
        "quick",
        "to_html",
    ],
    "geo.render.model": [
        "Bounds",
        "LayerLike",
        "Loader",
        "MapLayer",
        "MapModel",
        "TimelineModel",
        "TipFields",
    ],
    "geo.render.frame_delta": [
        "DELTA_FORMAT",
        "DeltaEncoder",
        "KEYFRAME_EVERY",
        "MIN_COPY",
        "apply_delta",
        "decode_frames",
        "encode_frames",
        "frame_vertices",
        "make_delta",
        "vertex_count",
    ],
    "geo.render.prepare": [
        "ChangesResult",
        "DEFAULT_STYLES",
        "FIGURE_LINE",
        "PrepareContext",
        "TIMELINE_STYLE",
        "VECTOR_LAND",
        "change_figures",
        "prepare",
        "prepare_timeline",
        "read_changes",
        "select_snapshots",
    ],
    "geo.render.static": [
        "StaticLayout",
        "compose",
        "credit_text",
        "render_static",
        "scale_bar_lengths",
    ],
    "geo.change": [
        "ChangeReport",
        "DEEPSTATE_CREDIT",
        "FILES",
        "Side",
        "change_recipe",
        "compute_change",
        "default_credit",
        "figure_text",
        "is_reference",
        "parse_since",
        "period_text",
        "reference_for",
        "report_csv",
        "report_document",
        "resolve_input",
        "summarise",
        "write_report",
    ],
    "geo.timeline": [
        "COLUMNS",
        "Frame",
        "Timeline",
        "changes",
        "default_workers",
        "frames",
        "measure_snapshot",
        "timeline",
    ],
    "geo.sources": [
        "DEEPSTATE_CREDIT",
        "DEEPSTATE_LICENSE",
        "DEEPSTATE_NOTICE",
        "DeepStateMap",
        "FetchReport",
        "SNAPSHOT_SUFFIXES",
        "Snapshot",
        "SnapshotCache",
        "TIER_LABELS",
        "cache_dir",
        "classify_name",
        "credit_for",
        "date_from_name",
        "fetch_deepstate",
        "find_snapshots",
        "is_deepstate_document",
        "is_snapshot_ref",
        "kursk_pocket",
        "kursk_tiers",
        "parse_date",
        "read_deepstate",
        "read_kml",
        "read_ogr",
        "read_snapshot",
        "read_source",
        "resolve_date",
        "resolve_snapshot_ref",
        "resolve_snapshot_refs",
    ],
}

MODULES = [
    "geo",
    "geo.errors",
    "geo.measure",
    "geo.geoinput",
    "geo.quantities",
    "geo.borders",
    "geo.checks",
    "geo.io",
    "geo.layers",
    "geo.front",
    "geo.facts",
    "geo.reports",
    "geo.recipe",
    "geo.styles",
    "geo.render",
    "geo.timeline",
    "geo.change",
    "geo.sources",
    "geo.export",
    "geo.cli",
]


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_public_names_are_pinned(module: str) -> None:
    mod = importlib.import_module(module)
    assert sorted(mod.__all__) == PUBLIC[module]
    for name in mod.__all__:
        assert hasattr(mod, name), f"{module}.__all__ names {name}, which does not exist"


@pytest.mark.parametrize("module", MODULES)
def test_every_module_declares_all_and_documents_itself(module: str) -> None:
    mod = importlib.import_module(module)
    assert mod.__doc__ and mod.__doc__.strip()
    if module != "geo":
        assert isinstance(mod.__all__, list | tuple)


_AUDIT = """
import importlib, json, sys
events = {"open": [], "socket": []}
def hook(event, args):
    if event == "open":
        path = str(args[0])
        code = path.endswith((".py", ".pyc", ".so", ".pth", ".pyi")) or "dist-info" in path
        # the time-zone database is read by pandas' import itself, not by us
        if not (code or path.startswith(("/proc/", "/usr/share/zoneinfo")) or path.isdigit()):
            events["open"].append(path)
    elif event.startswith("socket."):
        events["socket"].append(event)
sys.addaudithook(hook)
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(events))
"""


def test_importing_does_no_file_or_network_io() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _AUDIT, *MODULES],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    events = json.loads(out.strip().splitlines()[-1])
    assert events == {"open": [], "socket": []}
