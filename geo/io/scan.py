"""Read a GeoJSON file's bytes under the limits, stopping as soon as one is passed.

:func:`read_limited` streams a file in chunks of :data:`CHUNK_BYTES` and, before any JSON is
parsed, counts on the raw bytes (outside JSON strings) what would cost memory once parsed:

* the bytes themselves, against ``FRONTLINE_MAX_INPUT_MB`` (:data:`~geo.io.limits.MAX_INPUT_MB`);
* the positions, against ``FRONTLINE_MAX_POSITIONS`` (:data:`~geo.io.limits.MAX_POSITIONS`):
  every array whose first element is a number counts as one position (so a ``bbox`` or a
  numeric array in ``properties`` counts too: a slight over-count, never an under-count of
  coordinates);
* the nesting depth of arrays and objects, against :data:`MAX_DEPTH`.

Parsing JSON into Python lists costs about 100 bytes per position, so refusing before
``json.loads`` is what keeps a huge file from taking seconds and gigabytes: the scan holds
only the bytes read so far, and a refused file is never read to its end. The exact position
count is checked again on the parsed document (:func:`geo.io.validate_document`).

Examples
--------
>>> scan = Scanner("a.geojson", max_positions=2)
>>> scan.feed(b'{"type": "LineString", "coordinates": [[30, 50], [31')
>>> scan.positions, scan.depth
(2, 3)
>>> scan.feed(b', 50], [32, "]["]]}')  # doctest: +ELLIPSIS
Traceback (most recent call last):
geo.errors.SourceError: a.geojson: more than 2 positions; refusing to load a geometry ...
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from geo.errors import SourceError
from geo.io.limits import MAX_INPUT_MB, MAX_POSITIONS, env_limit

__all__ = ["CHUNK_BYTES", "MAX_DEPTH", "Scanner", "read_limited"]

#: Bytes read and scanned at a time.
CHUNK_BYTES = 1 << 20
#: Deepest nesting of arrays and objects a GeoJSON document may have. A MultiPolygon in a
#: FeatureCollection is 7 levels deep; the rest is room for nested properties.
MAX_DEPTH = 64

# A complete JSON string (escapes included), and the rest of one begun in an earlier chunk.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_STRING_REST = re.compile(rb'[^"\\]*(?:\\.[^"\\]*)*"', re.S)
# Everything up to the first string that does not end in this chunk.
_UNTIL_OPEN = re.compile(rb'(?:[^"]+|"[^"\\]*(?:\\.[^"\\]*)*")*', re.S)
# Whitespace is dropped and every byte that can start a number becomes b"0", so that a
# position (an array whose first element is a number) is the two bytes b"[0".
_NUMBERS = bytes.maketrans(b"0123456789-", b"00000000000")
_WHITESPACE = b" \t\r\n"
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEPS = np.zeros(256, np.int8)
_STEPS[[ord("["), ord("{")]] = 1
_STEPS[[ord("]"), ord("}")]] = -1


class Scanner:
    """Count positions, depth and bytes of a JSON text fed in chunks; raise past a limit.

    Parameters
    ----------
    label : str
        The file name used in error messages.
    max_positions : float, optional
        Default ``FRONTLINE_MAX_POSITIONS`` (or :data:`~geo.io.limits.MAX_POSITIONS`).
    max_depth : int, default :data:`MAX_DEPTH`
        Deepest nesting of arrays and objects.
    size : int, optional
        The text's size in bytes, when known: a text too small to hold more positions than
        allowed is not counted (the count is then 0).

    Attributes
    ----------
    positions : int
        Arrays starting with a number seen so far (outside strings).
    depth : int
        Current nesting depth.
    max_seen : int
        Deepest nesting seen so far (an upper bound while it is under the limit).
    """

    def __init__(
        self,
        label: str,
        *,
        max_positions: float | None = None,
        max_depth: int = MAX_DEPTH,
        size: int | None = None,
    ) -> None:
        self.label = label
        self.max_positions = (
            env_limit("FRONTLINE_MAX_POSITIONS", MAX_POSITIONS)
            if max_positions is None
            else max_positions
        )
        self.max_depth = max_depth
        self.positions = 0
        self.depth = 0
        self.max_seen = 0
        #: A position takes at least 6 bytes (``[0,0],``): a file of fewer than 6 bytes per
        #: allowed position cannot pass the limit, and its positions need not be counted.
        self.count_positions = size is None or size >= 6 * self.max_positions
        self._in_string = False
        self._carry = b""

    def feed(self, chunk: bytes) -> None:
        """Scan the next chunk of the text.

        Parameters
        ----------
        chunk : bytes

        Raises
        ------
        SourceError
            More positions than allowed, or nesting deeper than allowed.
        """
        buf = self._carry + chunk
        self._carry = b""
        pos = 0
        while pos < len(buf):
            if self._in_string:
                m = _STRING_REST.match(buf, pos)
                if m is None:  # the string goes on into the next chunk
                    tail = len(buf) - len(buf.rstrip(b"\\"))
                    self._carry = b"\\" if tail % 2 else b""
                    return
                pos, self._in_string = m.end(), False
                continue
            m = _UNTIL_OPEN.match(buf, pos)
            end = m.end() if m is not None else pos
            self._scan_outside(buf[pos:end], last=end == len(buf))
            if end < len(buf):  # an unterminated string starts here
                pos, self._in_string = end + 1, True
            else:
                pos = end

    def _scan_outside(self, text: bytes, *, last: bool) -> None:
        """Count positions and depth in text that holds only complete strings."""
        if b'"' in text:
            text = _STRING.sub(b'""', text)
        if self.count_positions:
            squeezed = text.translate(_NUMBERS, _WHITESPACE)
            if last and squeezed.endswith(b"["):  # count it when its first element arrives
                self._carry = b"["
                squeezed = squeezed[:-1]
            self.positions += squeezed.count(b"[0")
            if self.positions > self.max_positions:
                raise SourceError(
                    f"more than {self.max_positions:,.0f} positions; refusing to load a "
                    "geometry this large (simplify it, or raise FRONTLINE_MAX_POSITIONS)",
                    path=self.label,
                )
        else:
            squeezed = text
        brackets = squeezed.translate(None, _NOT_BRACKETS)
        if brackets:
            self._track_depth(brackets)

    def _track_depth(self, brackets: bytes) -> None:
        """Follow the nesting depth through a run of brackets; raise past the limit.

        Matched pairs are removed innermost first (C speed); what is left is unmatched
        closers, then unmatched openers, which bounds the deepest point from above. Only a
        chunk whose bound passes the limit is followed bracket by bracket.
        """
        opens = brackets.count(b"[") + brackets.count(b"{")
        end_depth = self.depth + 2 * opens - len(brackets)
        reduced, passes = brackets, 0
        while passes <= self.max_depth:
            shorter = reduced.replace(b"[]", b"").replace(b"{}", b"")
            if len(shorter) == len(reduced):
                break
            reduced, passes = shorter, passes + 1
        left_open = reduced.count(b"[") + reduced.count(b"{")
        bound = max(self.depth, self.depth - (len(reduced) - left_open) + left_open) + passes
        if bound > self.max_depth:
            depths = np.cumsum(_STEPS[np.frombuffer(brackets, np.uint8)], dtype=np.int64)
            self.max_seen = max(self.max_seen, self.depth + int(depths.max()))
        else:
            self.max_seen = max(self.max_seen, min(bound, self.max_depth))
        self.depth = end_depth
        if self.max_seen > self.max_depth:
            raise SourceError(
                f"not usable JSON: arrays or objects are nested too deeply (more than "
                f"{self.max_depth} levels; GeoJSON needs fewer than 10)",
                path=self.label,
            )


def read_limited(path: Path, label: str, size_hint: int = 0) -> bytearray:
    """Read a file's bytes, refusing it as soon as a size, position or depth limit is passed.

    Parameters
    ----------
    path : pathlib.Path
        A regular file.
    label : str
        The file name used in error messages.
    size_hint : int, default 0
        The file's size from ``stat``, to read into one buffer without copies.

    Returns
    -------
    bytearray
        The whole file.

    Raises
    ------
    SourceError
        The file cannot be read, grows past ``FRONTLINE_MAX_INPUT_MB`` while being read,
        holds more than ``FRONTLINE_MAX_POSITIONS`` positions or is nested deeper than
        :data:`MAX_DEPTH` (see :class:`Scanner`).
    """
    limit_mb = env_limit("FRONTLINE_MAX_INPUT_MB", MAX_INPUT_MB)
    max_bytes = int(limit_mb * 1024 * 1024)
    scanner = Scanner(label, size=size_hint or None)
    data = bytearray()  # grows as read: a file refused early never costs its full size
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK_BYTES):
                if len(data) + len(chunk) > max_bytes:
                    raise SourceError(
                        f"file is over the {limit_mb:g} MiB limit for GeoJSON "
                        "(simplify it, or raise FRONTLINE_MAX_INPUT_MB)",
                        path=label,
                    )
                bom = not data and chunk.startswith(b"\xef\xbb\xbf")
                scanner.feed(chunk[3:] if bom else chunk)
                data += chunk
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", path=label) from None
    return data
