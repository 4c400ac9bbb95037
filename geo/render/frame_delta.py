"""Delta encoding of a time slider's frames: keyframes, and each other frame as its changes.

A timeline page holds one ``fl1`` document (:mod:`geo.render.encode`) per date, in integer
grid units. Consecutive days are ~92 % identical, so storing every frame in full makes a
page grow by a whole frame a day. Here a frame is stored either **in full** (a
*keyframe*: its ``fl1`` document, unchanged) or as **changes against the previous frame**
(an ``fl1d`` document); frame 0 and every :data:`KEYFRAME_EVERY`-th frame are keyframes, so
the page shows any date after decoding one keyframe and at most ``every - 1`` deltas.

Vertex stream of a frame: the integer vertices ``(x, y)`` of its ``fl1`` document in
document order (the ``c`` text, un-differenced). A delta rebuilds that stream from the
previous frame's stream, ``prev``, with a cursor ``src`` that starts at 0, by a list of
operations ``(skip, copy, lit)``::

    start = src + skip           # signed: jump back or forward in prev
    out += prev[start : start + copy]
    src = start + copy
    out += lit literal vertices  # the next ones of "c"

Delta document (keys sorted by :func:`~geo.render.assets.script_json`)::

    {"fmt": "fl1d", "ops": "<skip copy lit skip copy lit ...>", "c": "<literal vertices>",
     "n": "<count changes>" | "f": [...], "scale": 1, "merge": bool}

A delta inherits the previous frame's ``scale``, ``merge`` and feature list ``f``; each
key is written only when it changes. When only vertex counts change (the usual case: the
same rings, a vertex added here and there), ``n`` holds the change of every count of
``f`` in document order (each feature's ring counts polygon by polygon, then its line
counts, then its point count); when the structure changes, the new ``f`` is written in
full. ``ops``, ``c`` and ``n`` are written with :func:`~geo.render.encode.encode_ints`
(zig-zag, 5 bits per character, base64url); each literal vertex is stored as its
difference from the vertex before it in the output (copied or literal; ``(0, 0)`` before
the first), like ``fl1``'s ``c``.

The encoder finds copies by looking each new vertex up in the previous frame (where it
occurs once; a vertex that occurs more than once continues the current run if it can);
runs shorter than :data:`MIN_COPY` vertices are cheaper as literals. A delta that would
be no shorter than the frame's own ``c`` text is written as a keyframe instead. On the
page (:class:`geo.render.furniture.TimelineSlider`), each keyframe and the deltas after
it share one ``<script type="application/json">`` block, a JSON array.

**Why it is safe.** A delta carries only the base64url alphabet of ``fl1`` (no quote,
backslash, ``<``, ``&`` or ``{``) and, when it changes, the frame's ``f`` structure
(counts and the text-only properties), serialised by :func:`~geo.render.assets.script_json`
into a ``<script type="application/json">`` block read with ``JSON.parse``. The page's
decoder (``frontline.js``) checks that every copy lies inside the previous frame, every
count is a non-negative integer, the literals and count changes are used up exactly and
the vertex total matches ``f``; anything else throws, and the slider keeps the frame it
showed. It builds SVG path text of digits, spaces, ``-``, ``M``, ``l`` and ``Z`` only
(set with ``setAttribute("d", ...)``); no HTML is made from data and nothing is evaluated.

Determinism: the output is a pure function of the frames and ``every`` (no ``id``-based
hashing, no sets; ``np.unique`` sorts), so two builds give the same bytes.

Examples
--------
>>> import math, shapely
>>> from geo.render import encode
>>> ring = [(round(900 * math.cos(a / 10)), round(900 * math.sin(a / 10))) for a in range(62)]
>>> day1 = encode.encode_layer([shapely.Polygon(ring)], [{}], 0, merge=True)
>>> day2 = encode.encode_layer([shapely.Polygon([(0, 0), *ring[1:]])], [{}], 0, merge=True)
>>> enc = DeltaEncoder(every=10)
>>> [d["fmt"] for d in (enc.add(day1), enc.add(day1), enc.add(day2))]
['fl1', 'fl1d', 'fl1d']
>>> decode_frames(encode_frames([day1, day1, day2], every=10)) == [day1, day1, day2]
True
>>> delta = make_delta(frame_vertices(day1), day2, day1)  # 1 literal vertex, then 61 copied
>>> encode.decode_ints(delta["ops"]).tolist(), len(delta["c"]), len(day2["c"])
([0, 0, 1, 1, 61, 0], 2, 235)
>>> encode_frames([day1, day1], every=1) == [day1, day1]  # every frame a keyframe
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from geo.render.encode import ALPHABET, FORMAT, encode_ints

__all__ = [
    "DELTA_FORMAT",
    "KEYFRAME_EVERY",
    "MIN_COPY",
    "DeltaEncoder",
    "apply_delta",
    "decode_frames",
    "encode_frames",
    "frame_vertices",
    "make_delta",
    "vertex_count",
]

DELTA_FORMAT = "fl1d"
#: A keyframe every this many frames: a jump decodes at most ``KEYFRAME_EVERY - 1`` deltas.
KEYFRAME_EVERY = 20
#: Shortest run of vertices copied from the previous frame (shorter runs are literals).
MIN_COPY = 3

_LUT = np.full(256, -1, dtype=np.int64)
_LUT[np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)] = np.arange(64)


def _decode_ints(text: str) -> np.ndarray:
    """Vectorised inverse of :func:`~geo.render.encode.encode_ints` (int64 array)."""
    if not text:
        return np.zeros(0, dtype=np.int64)
    raw = np.frombuffer(text.encode("ascii", errors="replace"), dtype=np.uint8)
    d = _LUT[raw]
    if (d < 0).any():
        raise ValueError("character outside the base64url alphabet")
    last = (d & 32) == 0
    if not last[-1]:
        raise ValueError("truncated integer at the end of the text")
    starts = np.r_[0, np.flatnonzero(last)[:-1] + 1]
    k = np.arange(len(d)) - np.repeat(starts, np.diff(np.r_[starts, len(d)]))
    if k.max() > 11:
        raise ValueError("integer too long")
    groups = (d & 31).astype(np.uint64) << (np.uint64(5) * k.astype(np.uint64))
    z = np.add.reduceat(groups, starts).astype(np.int64)
    return np.where(z & 1, -(z + 1) // 2, z // 2)


def vertex_count(features: Sequence[dict[str, Any]]) -> int:
    """Number of vertices an ``fl1`` feature list ``f`` describes (rings, lines, points)."""
    n = 0
    for feat in features:
        n += sum(sum(poly) for poly in feat.get("P", []))
        n += sum(feat.get("L", []))
        n += int(feat.get("M", 0))
    return n


def frame_vertices(doc: dict[str, Any]) -> np.ndarray:
    """Integer vertex stream ``(n, 2)`` of an ``fl1`` document (see the module notes).

    Raises
    ------
    ValueError
        Not an ``fl1`` document, or its text does not match its feature structure.
    """
    if doc.get("fmt") != FORMAT:
        raise ValueError(f"not a {FORMAT} document")
    ints = _decode_ints(doc["c"])
    if len(ints) % 2 or len(ints) // 2 != vertex_count(doc["f"]):
        raise ValueError("coordinate count does not match the feature structure")
    return np.cumsum(ints.reshape(-1, 2), axis=0)


def _full_doc(like: dict[str, Any], xy: np.ndarray) -> dict[str, Any]:
    """The ``fl1`` document of vertex stream ``xy`` with ``like``'s scale, merge and ``f``."""
    deltas = np.diff(xy, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return {
        "fmt": FORMAT,
        "scale": like["scale"],
        "merge": like["merge"],
        "c": encode_ints(deltas.ravel()),
        "f": like["f"],
    }


def _counts(features: Sequence[dict[str, Any]]) -> list[int]:
    """Every count of ``f`` in document order (see the module notes)."""
    out: list[int] = []
    for feat in features:
        for poly in feat.get("P", []):
            out += poly
        out += feat.get("L", [])
        if "M" in feat:
            out.append(feat["M"])
    return out


def _with_counts(features: Sequence[dict[str, Any]], counts: Sequence[int]) -> list[Any]:
    """``features`` with its counts replaced by ``counts`` (document order)."""
    it = iter(counts)
    out: list[Any] = []
    for feat in features:
        new = dict(feat)
        if "P" in feat:
            new["P"] = [[next(it) for _ in poly] for poly in feat["P"]]
        if "L" in feat:
            new["L"] = [next(it) for _ in feat["L"]]
        if "M" in feat:
            new["M"] = next(it)
        out.append(new)
    return out


def _header(delta: dict[str, Any], like: dict[str, Any]) -> dict[str, Any]:
    """``scale``, ``merge`` and ``f`` of a delta frame whose previous frame is ``like``."""
    f = delta.get("f", like["f"])
    if "n" in delta:
        old = _counts(like["f"])
        change = _decode_ints(delta["n"])
        if len(change) != len(old):
            raise ValueError("delta count changes do not match the previous frame")
        new = (np.asarray(old, dtype=np.int64) + change).tolist()
        if any(c < 0 for c in new):
            raise ValueError("delta makes a negative count")
        f = _with_counts(like["f"], new)
    return {
        "scale": delta.get("scale", like["scale"]),
        "merge": delta.get("merge", like["merge"]),
        "f": f,
    }


def _matches(prev: np.ndarray, new: np.ndarray) -> np.ndarray:
    """For each new vertex, a position of the same vertex in ``prev`` (-1: none).

    A vertex that occurs once in ``prev`` matches there. One that occurs more than once
    (touching rings, a repeated ring) continues the previous new vertex's run when it can
    (``prev[p + 1]`` after a match at ``p``), else takes its first occurrence; those are
    settled in order, so a run through repeated vertices stays one run.
    """
    if not len(prev) or not len(new):
        return np.full(len(new), -1, dtype=np.int64)
    both = np.concatenate([prev, new])
    lo = both.min(axis=0)
    span = both.max(axis=0) - lo + 1
    if int(span[0]) * int(span[1]) < 2**62:  # one int64 key per vertex: a flat sort, ~10x faster
        key = (both[:, 0] - lo[0]) * span[1] + (both[:, 1] - lo[1])
        _, ids = np.unique(key, return_inverse=True)
    else:
        _, ids = np.unique(both, axis=0, return_inverse=True)
    ids = ids.ravel()
    id_prev, id_new = ids[: len(prev)], ids[len(prev) :]
    first = np.full(int(ids.max()) + 1, -1, dtype=np.int64)
    first[id_prev[::-1]] = np.arange(len(prev) - 1, -1, -1)  # smallest index wins
    match = first[id_new]
    repeated = np.bincount(id_prev, minlength=len(first))[id_new] > 1
    m = len(prev)
    for j in np.flatnonzero(repeated).tolist():
        p = int(match[j - 1]) + 1 if j else 0
        if j and p > 0 and p < m and id_prev[p] == id_new[j]:
            match[j] = p
    return match


def make_delta(prev: np.ndarray, doc: dict[str, Any], like: dict[str, Any]) -> dict[str, Any]:
    """The ``fl1d`` document of ``doc`` (an ``fl1`` frame) against the previous stream.

    Parameters
    ----------
    prev : array of int, shape (m, 2)
        The previous frame's vertex stream (:func:`frame_vertices`), grid units.
    doc : dict
        This frame's ``fl1`` document.
    like : dict
        The previous frame's ``fl1`` document (its ``scale``, ``merge`` and ``f`` are
        inherited).

    Returns
    -------
    dict
        ``{"fmt": "fl1d", "ops", "c"}``, plus ``n`` or ``f``, ``scale`` and ``merge`` where
        they change (see the module notes).
    """
    new = frame_vertices(doc)
    match = _matches(prev, new)
    # Runs: maximal stretches where each match continues the one before.
    n = len(new)
    found = match >= 0
    cont = np.zeros(n, dtype=bool)
    cont[1:] = found[1:] & (match[1:] == match[:-1] + 1)
    run_start = np.flatnonzero(found & ~cont)
    # A run ends at the next vertex that does not continue it (or at the end).
    breaks = np.flatnonzero(~cont)
    after = np.searchsorted(breaks, run_start, side="right")
    run_end = np.where(after < len(breaks), breaks[np.minimum(after, len(breaks) - 1)], n)
    long = (run_end - run_start) >= MIN_COPY
    run_start, run_end = run_start[long], run_end[long]
    ops: list[int] = []
    literal = np.ones(n, dtype=bool)
    if n and (not len(run_start) or run_start[0] > 0):
        ops += [0, 0, int(run_start[0]) if len(run_start) else n]
    src = 0
    for k, (a, b) in enumerate(zip(run_start.tolist(), run_end.tolist(), strict=True)):
        start = int(match[a])
        nxt = int(run_start[k + 1]) if k + 1 < len(run_start) else n
        ops += [start - src, b - a, nxt - b]
        literal[a:b] = False
        src = start + (b - a)
    before = np.vstack([np.zeros((1, 2), dtype=np.int64), new[:-1]]) if n else new
    lits = (new - before)[literal]
    out: dict[str, Any] = {
        "fmt": DELTA_FORMAT,
        "ops": encode_ints(np.asarray(ops, dtype=np.int64)),
        "c": encode_ints(lits.ravel()),
    }
    for key in ("scale", "merge"):
        if doc[key] != like[key]:
            out[key] = doc[key]
    if doc["f"] != like["f"]:
        old, new_counts = _counts(like["f"]), _counts(doc["f"])
        if len(old) == len(new_counts) and _with_counts(like["f"], new_counts) == doc["f"]:
            out["n"] = encode_ints(np.asarray(new_counts, dtype=np.int64) - old)
        else:
            out["f"] = doc["f"]
    return out


def apply_delta(prev: np.ndarray, delta: dict[str, Any], like: dict[str, Any]) -> np.ndarray:
    """Vertex stream of an ``fl1d`` frame, from the previous frame's stream.

    The reference for the page's decoder, with the same checks. ``like`` is the previous
    frame's ``fl1`` document (for the inherited ``f``).

    Raises
    ------
    ValueError
        Not an ``fl1d`` document, a copy outside ``prev``, a negative count, literals
        left over or missing, or a total that does not match ``f``.
    """
    if delta.get("fmt") != DELTA_FORMAT:
        raise ValueError(f"not a {DELTA_FORMAT} document")
    ops = _decode_ints(delta["ops"])
    lits = _decode_ints(delta["c"])
    if len(ops) % 3 or len(lits) % 2:
        raise ValueError("truncated delta")
    lits = lits.reshape(-1, 2)
    parts: list[np.ndarray] = []
    src = used = 0
    last = np.zeros(2, dtype=np.int64)
    for skip, copy, lit in ops.reshape(-1, 3).tolist():
        start = src + skip
        if copy < 0 or lit < 0 or start < 0 or start + copy > len(prev):
            raise ValueError("delta copies outside the previous frame")
        if used + lit > len(lits):
            raise ValueError("delta uses more literal vertices than it holds")
        if copy:
            parts.append(prev[start : start + copy])
            last = prev[start + copy - 1]
        if lit:
            run = last + np.cumsum(lits[used : used + lit], axis=0)
            parts.append(run)
            last = run[-1]
        src, used = start + copy, used + lit
    if used != len(lits):
        raise ValueError("delta holds literal vertices it does not use")
    out = np.concatenate(parts) if parts else np.zeros((0, 2), dtype=np.int64)
    if len(out) != vertex_count(_header(delta, like)["f"]):
        raise ValueError("delta vertex count does not match the feature structure")
    return out


class DeltaEncoder:
    """Encode frames one at a time (streaming: only the previous frame is kept).

    Parameters
    ----------
    every : int, default :data:`KEYFRAME_EVERY`
        Frame ``i`` is a keyframe when ``i % every == 0``; ``every=1`` stores every frame
        in full (the page format before deltas).
    """

    def __init__(self, every: int = KEYFRAME_EVERY) -> None:
        if every < 1:
            raise ValueError("keyframe interval must be at least 1")
        self.every = every
        self.count = 0
        self._prev: np.ndarray | None = None
        self._like: dict[str, Any] = {}

    def add(self, doc: dict[str, Any]) -> dict[str, Any]:
        """Return the page document of the next frame: ``doc`` itself or its delta."""
        xy = frame_vertices(doc)
        out = doc
        if self._prev is not None and self.count % self.every:
            delta = make_delta(self._prev, doc, self._like)
            if len(delta["ops"]) + len(delta["c"]) < len(doc["c"]):
                out = delta
        self._prev, self._like = xy, doc
        self.count += 1
        return out


def encode_frames(docs: Iterable[dict[str, Any]], every: int = KEYFRAME_EVERY) -> list[dict]:
    """Page documents of ``fl1`` frames: keyframes and deltas (see :class:`DeltaEncoder`)."""
    enc = DeltaEncoder(every)
    return [enc.add(d) for d in docs]


def decode_frames(docs: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ``fl1`` documents that page documents encode (inverse of :func:`encode_frames`).

    Raises
    ------
    ValueError
        A delta first, an unknown format, or a delta that does not apply.
    """
    out: list[dict[str, Any]] = []
    prev: np.ndarray | None = None
    for doc in docs:
        if doc.get("fmt") == FORMAT:
            prev = frame_vertices(doc)
            out.append(doc)
            continue
        if prev is None:
            raise ValueError("the first frame must be a keyframe")
        prev = apply_delta(prev, doc, out[-1])
        out.append(_full_doc(_header(doc, out[-1]), prev))
    return out
