"""Compact, deterministic text encoding of a layer's quantised geometry for the web page.

GeoJSON coordinate text spends ~20 bytes per vertex (``[38.49753,49.94817],``). After
:mod:`geo.render.simplify` has rounded every coordinate to ``d`` decimals, each coordinate
*is* an integer ``round(value * 10**d)``; consecutive vertices are close, so we store the
difference from the previous vertex, zig-zag it to a non-negative integer and write it
5 bits per character, least significant group first, with a continuation bit (the scheme of
Google's encoded polylines), using the 64-character base64url alphabet
``A–Z a–z 0–9 - _``. Most differences need 1–2 characters: a vertex costs ~3–5 bytes.

The alphabet never needs escaping in JSON or HTML (no quote, backslash, ``<``, ``&`` or
``{``), so the layer still travels in a ``<script type="application/json">`` block through
:func:`geo.render.assets.script_json`. Decoding in the page (``frontline.js``) divides the
integers by ``10**d``, which gives exactly the double that parsing the decimal text would:
the drawn coordinates are the ones the simplification report describes.

Layer document (all keys sorted by :func:`~geo.render.assets.script_json`)::

    {"fmt": "fl1", "scale": 10**d, "merge": bool, "c": "<coordinates>",
     "f": [{"P": [[n_outer, n_hole, ...], ...], "L": [n, ...], "M": n, "p": {...}}, ...]}

Per feature: ``P`` lists polygons as the vertex counts of their rings (exterior first, the
closing vertex omitted), ``L`` the vertex counts of line parts, ``M`` the number of points,
``p`` the (text-only) properties shown. Coordinates follow in feature order, then P, L, M;
each vertex is (lon, lat); differences run across the whole layer from (0, 0).

The vector basemap is the one layer drawn as a single, never-changing SVG path (see
``frontline.js``); :func:`svg_path` writes it as SVG path text straight away, in integer
grid units with relative moves (``M x y l dx dy dx dy ... Z``), so the page only hands the
text to the browser's own path parser. It holds digits, spaces, ``-`` and ``M l Z`` only.

Examples
--------
>>> svg_path([shapely.Polygon([(0, 0), (4, 0), (4, -3)])])
'M0 0l4-3 0 3Z'
>>> encode_ints(np.array([0, 1, -1, 15, -16, 16, 1000]))
'ACBefgBw-B'
>>> decode_ints("ACBefgBw-B").tolist()
[0, 1, -1, 15, -16, 16, 1000]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely

__all__ = [
    "ALPHABET",
    "FORMAT",
    "decode_ints",
    "decode_layer",
    "encode_ints",
    "encode_layer",
    "split_kinds",
    "svg_path",
]

#: base64url: safe in JSON strings, HTML text, Jinja templates and URLs without escaping.
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
FORMAT = "fl1"
_ALPHA = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)
_INDEX = {c: i for i, c in enumerate(ALPHABET)}


def encode_ints(values: np.ndarray) -> str:
    """Zig-zag and write signed integers 5 bits per character (base64url alphabet).

    Parameters
    ----------
    values : array of int
        Any signed integers with ``|v| < 2**52`` (JavaScript decodes them exactly).

    Returns
    -------
    str
        ASCII text, one or more characters per value.
    """
    v = np.asarray(values, dtype=np.int64)
    if v.size and np.abs(v).max() >= 2**52:
        raise ValueError("integer too large to encode exactly for JavaScript")
    z = np.where(v >= 0, v * 2, -v * 2 - 1).astype(np.uint64)
    # Characters per value: ceil(bits / 5), at least one.
    bits = np.zeros(z.shape, dtype=np.int64)
    rest = z.copy()
    while rest.any():
        nz = rest > 0
        bits[nz] += 1
        rest >>= np.uint64(1)
    n = np.maximum(1, (bits + 4) // 5)
    width = int(n.max()) if n.size else 1
    k = np.arange(width, dtype=np.uint64)
    groups = (z[:, None] >> (np.uint64(5) * k[None, :])) & np.uint64(31)
    more = k[None, :].astype(np.int64) < (n[:, None] - 1)
    digits = groups.astype(np.int64) + np.where(more, 32, 0)
    keep = k[None, :].astype(np.int64) < n[:, None]
    return _ALPHA[digits[keep]].tobytes().decode("ascii")


def decode_ints(text: str) -> np.ndarray:
    """Inverse of :func:`encode_ints` (a reference for tests; the page decodes in JS)."""
    out: list[int] = []
    value = shift = 0
    for ch in text:
        d = _INDEX[ch]
        value |= (d & 31) << shift
        if d & 32:
            shift += 5
            continue
        out.append(-(value + 1) // 2 if value & 1 else value // 2)
        value = shift = 0
    if shift:
        raise ValueError("truncated integer at the end of the text")
    return np.array(out, dtype=np.int64)


def split_kinds(geom: Any) -> tuple[list[Any], list[Any], list[Any]]:
    """Polygons, lines and points of a geometry (collections flattened).

    Parameters
    ----------
    geom : shapely geometry or None

    Returns
    -------
    polygons, lines, points : list of shapely geometries
        Single-part geometries in the input's order; empty lists for ``None``/empty.
    """
    polys: list[Any] = []
    lines: list[Any] = []
    points: list[Any] = []
    if geom is None or shapely.is_empty(geom):
        return polys, lines, points
    for part in shapely.get_parts(geom):
        t = shapely.get_type_id(part)
        if t in (4, 5, 6, 7):  # a multi-part or collection inside a collection
            p, li, pt = split_kinds(part)
            polys += p
            lines += li
            points += pt
        elif shapely.is_empty(part):
            continue
        elif t == 3:
            polys.append(part)
        elif t in (1, 2):
            lines.append(part)
        elif t == 0:
            points.append(part)
    return polys, lines, points


def _single_parts(geoms: np.ndarray) -> np.ndarray:
    """The non-empty single-part geometries of ``geoms``, collections flattened, in order.

    The same parts as :func:`split_kinds` of each geometry in turn, in one vectorised pass
    per level of nesting rather than a Python call per geometry (a map has thousands).
    """
    flat = geoms[~shapely.is_missing(geoms)]
    while len(flat) and (shapely.get_type_id(flat) >= 4).any():
        flat = shapely.get_parts(flat)
    return flat[~shapely.is_empty(flat)] if len(flat) else flat


def encode_layer(
    geoms: Sequence[Any] | np.ndarray,
    props: Sequence[dict[str, Any]],
    decimals: int,
    *,
    merge: bool = False,
) -> dict[str, Any]:
    """Encode quantised lon/lat geometries as a compact layer document (see module doc).

    Parameters
    ----------
    geoms : sequence of shapely geometries
        Lon/lat, already rounded to ``decimals`` places (:func:`~.simplify.quantise`).
    props : sequence of dict
        The properties shown for each feature (same length as ``geoms``).
    decimals : int
        Decimal places of the coordinates; the integers are ``round(value * 10**decimals)``.
    merge : bool, default False
        Tell the page to draw all polygons as one path and all lines as one path (layers
        with one style and no per-feature tooltip): fewer DOM nodes, the same picture.

    Returns
    -------
    dict
        JSON-compatible; empty geometries are skipped.
    """
    scale = 10**decimals
    # Exteriors counter-clockwise, holes clockwise (lon/lat): the page fills with the
    # non-zero rule, so a merged path shows holes as holes and overlaps as filled.
    geoms = shapely.orient_polygons(np.asarray(geoms, dtype=object))
    features: list[dict[str, Any]] = []
    chunks: list[np.ndarray] = []
    for geom, prop in zip(geoms, props, strict=True):
        polys, lines, points = split_kinds(geom)
        if not (polys or lines or points):
            continue
        feat: dict[str, Any] = {"p": prop}
        if polys:
            feat["P"] = []
            for poly in polys:
                # Leaflet closes rings itself: drop the repeated closing vertex.
                holes = range(shapely.get_num_interior_rings(poly))
                rings = [shapely.get_exterior_ring(poly), *shapely.get_interior_ring(poly, holes)]
                counts = []
                for ring in rings:
                    xy = shapely.get_coordinates(ring)[:-1]
                    chunks.append(xy)
                    counts.append(len(xy))
                feat["P"].append(counts)
        if lines:
            feat["L"] = []
            for line in lines:
                xy = shapely.get_coordinates(line)
                chunks.append(xy)
                feat["L"].append(len(xy))
        if points:
            xy = shapely.get_coordinates(np.asarray(points, dtype=object))
            chunks.append(xy)
            feat["M"] = len(xy)
        features.append(feat)
    xy = np.concatenate(chunks) if chunks else np.zeros((0, 2))
    ints = np.rint(xy * scale).astype(np.int64)
    deltas = np.diff(ints, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return {
        "fmt": FORMAT,
        "scale": scale,
        "merge": bool(merge),
        "c": encode_ints(deltas.ravel()),
        "f": features,
    }


def decode_layer(doc: dict[str, Any]) -> list[Any]:
    """Shapely geometries (lon/lat) of a layer document; the reference for the page's JS.

    Each feature becomes a Polygon/MultiPolygon, LineString/MultiLineString, Point/MultiPoint
    or, when it mixes kinds, a GeometryCollection.
    """
    if doc.get("fmt") != FORMAT:
        raise ValueError(f"not a {FORMAT} layer document")
    xy = np.cumsum(decode_ints(doc["c"]).reshape(-1, 2), axis=0) / doc["scale"]
    pos = 0

    def take(n: int) -> np.ndarray:
        nonlocal pos
        pos += n
        return xy[pos - n : pos]

    out = []
    for feat in doc["f"]:
        parts: list[Any] = []
        polys = [[take(n) for n in poly] for poly in feat.get("P", [])]
        if polys:
            shells = [shapely.Polygon(p[0], p[1:]) for p in polys]
            parts.append(shells[0] if len(shells) == 1 else shapely.MultiPolygon(shells))
        lines = [take(n) for n in feat.get("L", [])]
        if lines:
            parts.append(
                shapely.LineString(lines[0]) if len(lines) == 1 else shapely.MultiLineString(lines)
            )
        if feat.get("M"):
            pts = take(feat["M"])
            parts.append(shapely.Point(pts[0]) if len(pts) == 1 else shapely.MultiPoint(pts))
        out.append(parts[0] if len(parts) == 1 else shapely.GeometryCollection(parts))
    if pos != len(xy):
        raise ValueError("coordinate count does not match the feature structure")
    return out


def svg_path(geoms: Sequence[Any]) -> str:
    """SVG path text of polygons or lines whose coordinates are integers (grid units).

    Parameters
    ----------
    geoms : sequence of shapely geometries
        Polygons and/or lines (points are an error) with integer coordinates, e.g. on the
        map's pixel grid (:func:`geo.render.simplify.simplify_to_grid`).

    Returns
    -------
    str
        ``M x y l dx dy ...`` per line and per ring, rings closed by ``Z`` (their repeated
        closing vertex omitted), exteriors and holes wound oppositely for the non-zero fill
        rule; only digits, space, ``-``, ``M``, ``l`` and ``Z``.

    Raises
    ------
    ValueError
        A point, or a coordinate that is not an integer.
    """
    flat = _single_parts(shapely.orient_polygons(np.asarray(geoms, dtype=object)))
    kind = shapely.get_type_id(flat)
    if (kind == 0).any():
        raise ValueError("svg_path draws polygons and lines only")
    polys, lines = flat[kind == 3], list(flat[(kind == 1) | (kind == 2)])
    # Every polygon's rings (exterior first, then its holes), then the lines.
    rings = list(shapely.get_rings(polys)) if len(polys) else []
    parts = [*rings, *lines]
    closed = [True] * len(rings) + [False] * len(lines)
    if not parts:
        return ""
    # All coordinates at once; drop each ring's repeated closing vertex, and any part left
    # with fewer than two vertices (it draws nothing).
    xy, which = shapely.get_coordinates(np.asarray(parts, dtype=object), return_index=True)
    closed_at = np.asarray(closed)[which]
    last = np.r_[which[1:] != which[:-1], True]
    keep = ~(last & closed_at)
    xy, which = xy[keep], which[keep]
    keep = np.bincount(which, minlength=len(parts))[which] >= 2
    xy, which = xy[keep], which[keep]
    if not len(xy):
        return ""
    ints = np.rint(xy).astype(np.int64)
    if not np.array_equal(ints, xy):
        raise ValueError("svg_path needs integer coordinates")
    start = np.r_[True, which[1:] != which[:-1]]
    end = np.r_[start[1:], True]
    steps = np.where(start[:, None], ints, np.diff(ints, axis=0, prepend=ints[:1]))
    # One token per number; each part reads "M x y l dx dy dx dy ..." (+ "Z" for a ring).
    values = steps.ravel()
    prefix = np.zeros(len(values), dtype=np.uint8)
    first = np.flatnonzero(start) * 2
    prefix[first] = ord("M")
    prefix[first + 2] = ord("l")  # every part has a second vertex
    ring_end = np.zeros(len(values), dtype=bool)
    ring_end[np.flatnonzero(end & np.asarray(closed)[which]) * 2 + 1] = True
    return _path_text(values, prefix, ring_end)


def _path_text(values: np.ndarray, prefix: np.ndarray, ring_end: np.ndarray) -> str:
    """The path tokens (``values`` with their ``M``/``l`` prefix and ``Z``) as SVG text.

    The same text as writing each token with ``str`` and joining them with spaces, minus
    the spaces the path grammar does not need (before ``-``, ``l`` and ``M``), but written
    as bytes with array operations: a basemap has 100,000s of numbers, and one Python
    ``str`` call each was most of this function's time. Written by hand because numpy's
    own conversion (``astype("S20")`` joined with ``np.strings.add``) gives the same text
    but took 3.2x as long (131 against 41 ms for 400,000 numbers, numpy 2.4).

    Parameters
    ----------
    values : ndarray of int64
        The numbers, in order (grid units).
    prefix : ndarray of uint8
        The character before each number (``ord("M")``, ``ord("l")``), 0 for none.
    ring_end : ndarray of bool
        Whether a ``Z`` follows the number.

    Returns
    -------
    str
        ASCII text.

    Examples
    --------
    >>> _path_text(np.array([0, -12, 4, 305]), np.array([77, 0, 108, 0], np.uint8),
    ...            np.array([False, False, False, True]))
    'M0-12l4 305Z'
    """
    magnitude = np.abs(values)
    digits = np.ones(len(values), dtype=np.int64)
    rest = magnitude // 10
    while rest.any():
        digits += rest > 0
        rest //= 10
    negative = values < 0
    has_prefix = prefix != 0
    # A space only where the grammar needs one: between two numbers, before a digit.
    space = ~(has_prefix | negative)
    space[:1] = False
    head = space.astype(np.int64) + has_prefix + negative  # characters before the digits
    size = head + digits + ring_end
    starts = np.concatenate([[0], np.cumsum(size)[:-1]]) if len(size) else size
    out = np.empty(int(size.sum()), dtype=np.uint8)
    out[starts[space]] = ord(" ")
    at = starts + space
    out[at[has_prefix]] = prefix[has_prefix]
    at = at + has_prefix
    out[at[negative]] = ord("-")
    at = at + negative
    # The digits, least significant first: each pass writes one digit of every number
    # that has that many, and drops the numbers that have no more.
    after = at + digits
    left, pos = magnitude, after - 1
    while len(left):
        out[pos] = ord("0") + left % 10
        left = left // 10
        more = left > 0
        left, pos = left[more], pos[more] - 1
    out[after[ring_end]] = ord("Z")
    return out.tobytes().decode("ascii")
