"""The catalog of bundled layers (``layers/catalog.toml``): entries, lookup by id, data root."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.errors import LayerError
from geo.layers import parsed_cache
from geo.layers.verify import geometry_type_of, verify_bytes, verify_layer, verify_read
from geo.styles import validate_catalog_style
from geo.suggest import close_matches

__all__ = [
    "CATALOG_FILE",
    "Layer",
    "Source",
    "catalog",
    "data_root",
    "get",
    "load_catalog",
    "normalise_id",
    "resolve_path",
    "verify",
]

#: The catalog's file name inside :func:`data_root`.
CATALOG_FILE = "catalog.toml"

_REQUIRED = ("id", "file", "title", "kind", "as_of", "license", "sources", "accuracy")
_GENERATED = ("sha256", "feature_count", "geometry_type", "bbox")


@dataclass(frozen=True)
class Source:
    """A source a layer was made from.

    Attributes
    ----------
    name : str
        Who or what, e.g. ``"Natural Earth 10m admin-0 countries v5.1.1"``.
    took : str
        What was taken from it.
    url : str or None
        Where to find it, if public.
    license : str or None
        Its license, when it differs from the layer's.
    """

    name: str
    took: str
    url: str | None = None
    license: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        """Plain mapping for JSON output."""
        return {"name": self.name, "took": self.took, "url": self.url, "license": self.license}


@dataclass(frozen=True)
class Layer:
    """One bundled layer and its catalog entry.

    Attributes
    ----------
    id : str
        Catalog id, e.g. ``"tumen"``.
    file : str
        File name relative to :func:`data_root`.
    title, kind : str
        Human title; kind such as ``basemap``, ``front-line``, ``area``, ``reference``,
        ``places``.
    as_of : str
        ISO date (``YYYY-MM-DD``) the layer depicts.
    sources : tuple of Source
        Non-empty.
    license : str
        The layer's license.
    accuracy_km : float
        Positional accuracy in kilometres.
    accuracy_how : str
        How the accuracy was judged.
    style : dict
        Default style, as written in the catalog and checked by
        :func:`geo.styles.validate_catalog_style` (keys ``color``, ``weight``,
        ``opacity``, ``fill_color``, ``fill_opacity``, ``dash_array``, ``radius``,
        ``hatch``, and ``by_kind`` overrides); :func:`geo.styles.catalog_defaults` gives
        it as recipe style values.
    checks : dict
        Rules for :mod:`geo.checks` (e.g. ``within = "RUS"``).
    geometry_type : str or tuple of str
        The geometry type of every feature (``"MultiPolygon"``), or a sorted tuple of the
        types when a layer mixes them (``("LineString", "Point")``).
    feature_count : int
        Number of features.
    sha256 : str
        Hex SHA-256 of the file's bytes.
    bbox : tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)`` in degrees.
    attribution : str
        Short credit line for maps.
    description : str
        Longer note.
    corrections : tuple of dict
        Corrections applied to a source (what, where, why, source).
    build : dict
        How the file is rebuilt (``builder``, ``depends``, ``tables``).
    root : Path
        The data directory the entry was loaded from.
    """

    id: str
    file: str
    title: str
    kind: str
    as_of: str
    sources: tuple[Source, ...]
    license: str
    accuracy_km: float
    accuracy_how: str
    style: dict[str, Any]
    checks: dict[str, Any]
    geometry_type: str | tuple[str, ...]
    feature_count: int
    sha256: str
    bbox: tuple[float, float, float, float]
    attribution: str = ""
    description: str = ""
    corrections: tuple[dict[str, Any], ...] = ()
    build: dict[str, Any] = field(default_factory=dict)
    root: Path = field(default_factory=Path)

    @property
    def path(self) -> Path:
        """Absolute path of the layer file."""
        return self.root / self.file

    @property
    def as_of_date(self) -> dt.date:
        """:attr:`as_of` as a :class:`datetime.date`."""
        return dt.date.fromisoformat(self.as_of)

    def verify(self) -> None:
        """Check the file against the catalog: checksum, geometry type, feature count, bbox.

        Raises
        ------
        LayerError
            Naming the first mismatch, or a missing/unreadable file.
        """
        problems = verify_layer(self)
        if problems:
            raise LayerError(problems[0], path=self.path)

    def read(self, *, verify_file: bool = True) -> Any:
        """Read the layer as a GeoDataFrame (EPSG:4326), verifying it as it is read.

        The file's bytes are read once: their SHA-256 is checked against the catalog before
        they are parsed, and the feature count, geometry types and bbox are then taken from
        the parsed frame (vectorised; :func:`geo.layers.verify.verify_read`), so the JSON is
        not parsed a second time just to verify it.

        Parameters
        ----------
        verify_file : bool, default True
            Check the file against the catalog (checksum, count, types, bbox).

        Returns
        -------
        geopandas.GeoDataFrame

        Raises
        ------
        LayerError
            If the file is missing or does not match its catalog entry.
        """
        import geopandas

        if not verify_file:
            return _to_4326(_read_frame(geopandas, self.path, self.path))
        # Verified while read: the bytes are read once, their checksum checked first,
        # and the frame parsed from those same bytes gives the count, types and bbox
        # (geo.layers.verify, "Verified while read"): no second parse of the JSON.
        if not self.path.is_file():
            raise LayerError(f"layer file missing: {self.path}", path=self.path)
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise LayerError(f"cannot read layer file: {exc}", path=self.path) from None
        sha, problems = verify_bytes(self, data)
        if problems:
            raise LayerError(problems[0], path=self.path)
        folder = parsed_cache.cache_folder()
        gdf = parsed_cache.load(folder, self.path.name, sha)
        if gdf is None:
            gdf = _read_frame(geopandas, data, self.path)
            parsed_cache.store(folder, self.path.name, sha, gdf)
        problems = verify_read(self, data, sha, gdf)
        if problems:
            raise LayerError(problems[0], path=self.path)
        return _to_4326(gdf)

    def to_dict(self) -> dict[str, Any]:
        """Plain mapping for JSON output (``frontline layers --json``)."""
        return {
            "id": self.id,
            "file": self.file,
            "path": str(self.path),
            "title": self.title,
            "kind": self.kind,
            "as_of": self.as_of,
            "sources": [s.to_dict() for s in self.sources],
            "license": self.license,
            "attribution": self.attribution,
            "accuracy": {"km": self.accuracy_km, "how": self.accuracy_how},
            "style": self.style,
            "checks": self.checks,
            "geometry_type": self.geometry_type,
            "feature_count": self.feature_count,
            "sha256": self.sha256,
            "bbox": list(self.bbox),
            "corrections": list(self.corrections),
            "description": self.description,
        }


def _read_frame(geopandas: Any, source: Path | bytes, path: Path) -> Any:
    """``geopandas.read_file`` of a path or of a file's bytes; a failure names ``path``."""
    try:
        return geopandas.read_file(source)
    except Exception as exc:  # pyogrio raises several types; name the file
        raise LayerError(f"cannot read layer file: {exc}", path=path) from None


def _to_4326(gdf: Any) -> Any:
    """The frame in EPSG:4326 (a file without a CRS is taken as lon/lat, RFC 7946)."""
    if gdf.crs is None:
        gdf = gdf.set_crs("EPSG:4326")
    return gdf.to_crs("EPSG:4326")


@functools.cache
def _root_candidates() -> tuple[Path, Path]:
    """Where the catalog may be (fixed for a process; which one holds it is checked)."""
    packaged = importlib.resources.files("geo").joinpath("_data", "layers")
    return (
        Path(str(packaged)),
        Path(__file__).resolve().parents[2] / "layers",  # source checkout / editable
    )


def data_root() -> Path:
    """The directory holding ``catalog.toml`` and the layer files.

    Returns
    -------
    Path
        ``geo/_data/layers`` inside an installed wheel, else the checkout's ``layers/``.

    Raises
    ------
    LayerError
        If neither exists (a broken install).
    """
    candidates = _root_candidates()
    for candidate in candidates:
        if (candidate / CATALOG_FILE).is_file():
            return candidate
    raise LayerError(
        f"no {CATALOG_FILE} found (looked in {', '.join(str(c) for c in candidates)}); "
        "reinstall frontline"
    )


def normalise_id(text: str) -> str:
    """Normalise a layer id for lookup: lower case, punctuation and spaces to ``-``.

    Examples
    --------
    >>> normalise_id("  Front_Line 2024.11.13 ")
    'front-line-2024-11-13'
    >>> normalise_id("Kursk pocket (2024-08-20)")
    'kursk-pocket-2024-08-20'
    """
    return re.sub(r"[^0-9a-z]+", "-", text.casefold()).strip("-")


def _entry_error(message: str, path: Path, index: int, key: str | None = None) -> LayerError:
    where = f"layer[{index}]" + (f".{key}" if key else "")
    return LayerError(message, path=path, key=where)


def _parse_entry(raw: Mapping[str, Any], index: int, root: Path, path: Path) -> Layer:
    missing = [k for k in _REQUIRED + _GENERATED if k not in raw]
    if missing:
        raise _entry_error(f"missing key(s): {', '.join(missing)}", path, index)
    try:
        as_of = raw["as_of"]
        as_of = as_of.isoformat() if isinstance(as_of, dt.date) else str(as_of)
        dt.date.fromisoformat(as_of)
    except ValueError:
        raise _entry_error(
            f"as_of {raw['as_of']!r} is not an ISO date", path, index, "as_of"
        ) from None
    sources = raw["sources"]
    if not isinstance(sources, list) or not sources:
        raise _entry_error("sources must be a non-empty list", path, index, "sources")
    parsed_sources = []
    for j, src in enumerate(sources):
        if not isinstance(src, Mapping) or not src.get("name") or not src.get("took"):
            raise _entry_error(
                "each source needs a name and what was taken (took)", path, index, f"sources[{j}]"
            )
        parsed_sources.append(
            Source(str(src["name"]), str(src["took"]), src.get("url"), src.get("license"))
        )
    accuracy = raw["accuracy"]
    if not isinstance(accuracy, Mapping) or "km" not in accuracy or not accuracy.get("how"):
        raise _entry_error("accuracy needs km and how", path, index, "accuracy")
    bbox = raw["bbox"]
    if not (isinstance(bbox, list) and len(bbox) == 4):
        raise _entry_error("bbox must be [min_lon, min_lat, max_lon, max_lat]", path, index, "bbox")
    # Checked with the recipe style's rules; kept as written (``layers --json`` shows it).
    style = validate_catalog_style(
        raw.get("style", {}), where=f"layer[{index}].style", error=LayerError, path=path
    )
    try:
        return Layer(
            id=str(raw["id"]),
            file=str(raw["file"]),
            title=str(raw["title"]),
            kind=str(raw["kind"]),
            as_of=as_of,
            sources=tuple(parsed_sources),
            license=str(raw["license"]),
            accuracy_km=float(accuracy["km"]),
            accuracy_how=str(accuracy["how"]),
            style=style,
            checks=dict(raw.get("checks", {})),
            geometry_type=geometry_type_of(raw["geometry_type"]),
            feature_count=int(raw["feature_count"]),
            sha256=str(raw["sha256"]),
            bbox=(float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3])),
            attribution=str(raw.get("attribution", "")),
            description=str(raw.get("description", "")),
            corrections=tuple(dict(c) for c in raw.get("corrections", [])),
            build=dict(raw.get("build", {})),
            root=root,
        )
    except (TypeError, ValueError) as exc:
        raise _entry_error(f"bad value: {exc}", path, index) from None


def load_catalog(root: Path) -> dict[str, Layer]:
    """Parse ``root / catalog.toml`` (uncached; see :func:`catalog`).

    Parameters
    ----------
    root : Path
        The data directory.

    Returns
    -------
    dict of str to Layer
        In catalog order.

    Raises
    ------
    LayerError
        On unreadable TOML, a missing key, a bad value or a duplicate id.
    """
    path = root / CATALOG_FILE
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LayerError(f"cannot read the catalog: {exc}", path=path) from None
    entries = doc.get("layer", [])
    if not isinstance(entries, list):
        raise LayerError("expected [[layer]] tables", path=path)
    out: dict[str, Layer] = {}
    for i, raw in enumerate(entries):
        layer = _parse_entry(raw, i, root, path)
        if layer.id in out:
            raise _entry_error(f"duplicate id {layer.id!r}", path, i, "id")
        out[layer.id] = layer
    return out


@functools.cache
def _cached_catalog(root: Path) -> dict[str, Layer]:
    return load_catalog(root)


def catalog() -> dict[str, Layer]:
    """All layers of the bundled catalog, by id, in catalog order.

    Returns
    -------
    dict of str to Layer
        A fresh dict on each call (the entries themselves are frozen).

    Notes
    -----
    The catalog is parsed once per process and data root; a process that rewrites
    ``catalog.toml`` (the build script) and then needs the new entries should call
    :func:`load_catalog` directly.
    """
    return dict(_cached_catalog(data_root()))


def get(layer_id: str) -> Layer:
    """Look a layer up by id, forgiving case and punctuation.

    Parameters
    ----------
    layer_id : str
        E.g. ``"tumen"``, ``"Kursk pocket 2024-08-20"``.

    Returns
    -------
    Layer

    Raises
    ------
    LayerError
        If no layer matches; the message lists close matches, or every id.
    """
    layers = catalog()
    wanted = normalise_id(layer_id)
    by_norm = {normalise_id(k): v for k, v in layers.items()}
    if wanted in by_norm:
        return by_norm[wanted]
    close = close_matches(wanted, list(by_norm), n=3, cutoff=0.5)
    prefix = [k for k in by_norm if wanted and (k.startswith(wanted) or wanted in k)]
    suggestions = list(dict.fromkeys(prefix + close))[:5]
    names = [by_norm[s].id for s in suggestions]
    hint = f"did you mean: {', '.join(names)}?" if names else f"known layers: {', '.join(layers)}"
    raise LayerError(f"unknown layer {layer_id!r}; {hint}")


def resolve_path(layer_id: str) -> Path:
    """Path of a layer's file, by (forgiving) id.

    Parameters
    ----------
    layer_id : str

    Returns
    -------
    Path

    Raises
    ------
    LayerError
        Unknown id (with suggestions).
    """
    return get(layer_id).path


def verify(layer: Layer | str) -> list[str]:
    """Compare a layer's file with its catalog entry (see :func:`geo.layers.verify_layer`).

    Parameters
    ----------
    layer : Layer or str
        The layer or its id.

    Returns
    -------
    list of str
        One message per mismatch; empty when the file matches.
    """
    return verify_layer(get(layer) if isinstance(layer, str) else layer)
