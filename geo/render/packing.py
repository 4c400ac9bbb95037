r"""Packing text for a page: deterministic gzip, and base85 that cannot break out of HTML.

:func:`pack` is UTF-8, gzip (:func:`gzip_bytes`: a fixed header, so the same bytes in any
process) and base85 (:func:`encode85`: 4 bytes in 5 characters, 25 % over the bytes where
base64 takes 33 %, with digits that need no escape in a JSON string, cannot close an HTML
element and hold no Jinja syntax). ``js/boot.js`` undoes it in the browser; :func:`unpack`
here. :func:`zopfli_gzip` is the slower, smaller deflate for what is packed once ahead of
time. What is packed, and where it goes in the page, is :mod:`geo.render.assets`.

Examples
--------
>>> unpack(pack("Leaflet ✓")) == "Leaflet ✓"
True
>>> encode85(b"frontline")
'Fvfn0KIUa2FM'
"""

from __future__ import annotations

import gzip
import struct
import zlib

import numpy as np

__all__ = [
    "B85_DIGITS",
    "GZIP_LEVEL",
    "decode85",
    "encode85",
    "gzip_bytes",
    "pack",
    "unpack",
    "zopfli_gzip",
]

#: zlib level of :func:`pack` by default, and of the packed head when its precomputed
#: zopfli file is stale (fixed: part of what makes a build byte-identical).
GZIP_LEVEL = 9
#: The digits of :func:`encode85`, in order of value: the 85 printable ASCII characters
#: other than ``" & ' < > \ ` { }``, so base85 text needs no escape in a JSON string,
#: cannot close an HTML element or start a comment, and holds no Jinja syntax.
B85_DIGITS = "!#$%()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_abcdefghijklmnopqrstuvwxyz|~"


def gzip_bytes(
    data: bytes,
    level: int = GZIP_LEVEL,
    strategy: int = zlib.Z_DEFAULT_STRATEGY,
    *,
    part_end: bytes | None = None,
) -> bytes:
    r"""Compress ``data`` to a deterministic gzip member (RFC 1952).

    The header is fixed (no name, no comment, modification time 0, OS 255 "unknown"), so
    the output depends only on ``data``, the settings and the zlib library, never on the
    clock or the platform, unlike :func:`gzip.compress` whose OS byte follows the system.

    Parameters
    ----------
    data : bytes
        What to compress.
    level : int, default :data:`GZIP_LEVEL`
        zlib compression level, 1 (fastest) to 9 (smallest).
    strategy : int, default ``zlib.Z_DEFAULT_STRATEGY``
        zlib strategy, e.g. ``zlib.Z_FILTERED`` (fewer short matches: better on numbers).
    part_end : bytes, optional
        ``data`` is parts of different kinds, each ending with this separator (e.g.
        ``b"\n"``: one JSON text a line): a deflate block ends at each, so each part gets
        Huffman codes of its own while matches still reach back into the parts before
        (``zlib.Z_BLOCK``; 1 % smaller than one run on the bundled maps' data blocks,
        and than a stream each).

    Returns
    -------
    bytes
        A gzip stream that :func:`gzip.decompress` and a browser's
        ``DecompressionStream('gzip')`` read.

    Examples
    --------
    >>> parts = b"[1,2]\n" * 3000 + b"xyz" * 3000
    >>> gzip.decompress(gzip_bytes(parts, 6, part_end=b"\n")) == parts
    True
    """
    deflate = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS, 8, strategy)
    if part_end is None:
        body = deflate.compress(data)
    else:
        parts = data.split(part_end)
        last = parts.pop()
        chunks = [deflate.compress(p + part_end) + deflate.flush(zlib.Z_BLOCK) for p in parts]
        body = b"".join([*chunks, deflate.compress(last)])
    return _gzip_member(body + deflate.flush(), data, level)


def _gzip_member(body: bytes, data: bytes, level: int) -> bytes:
    """The raw deflate stream ``body`` of ``data`` in a fixed gzip header and trailer."""
    xfl = 2 if level >= 9 else 4 if level == 1 else 0
    header = b"\x1f\x8b\x08\x00" + struct.pack("<I", 0) + bytes([xfl, 255])
    trailer = struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
    return header + body + trailer


def zopfli_gzip(data: bytes, iterations: int = 15) -> bytes:
    """Like :func:`gzip_bytes`, deflated with zopfli: about 5 % smaller, ~40× the CPU.

    For what is packed once, ahead of time (``scripts/pack_head.py``): zopfli (the
    ``zopfli`` package) is needed only there and by the test that checks the result.

    Parameters
    ----------
    data : bytes
        What to compress.
    iterations : int, default 15
        zopfli's iterations (more: slightly smaller, slower).

    Returns
    -------
    bytes
        A gzip stream with the same fixed header as :func:`gzip_bytes` (level 9's XFL).
    """
    import zopfli.zopfli  # build-time only; a compiled module, not needed by pages

    stream = zopfli.zopfli.compress(data, numiterations=iterations, gzip_mode=0)
    return _gzip_member(stream[2:-4], data, 9)  # the zlib container's header and Adler-32


_B85_ENCODE = np.frombuffer(B85_DIGITS.encode("ascii"), dtype=np.uint8)
_B85_VALUE = np.full(256, 255, dtype=np.uint8)
_B85_VALUE[_B85_ENCODE] = np.arange(85, dtype=np.uint8)
_B85_POWERS = np.array([85**4, 85**3, 85**2, 85, 1], dtype=np.uint64)


def encode85(data: bytes) -> str:
    r"""``data`` in base85 with the digits :data:`B85_DIGITS` (4 bytes in 5 characters).

    Each 4 bytes (big-endian) are 5 digits, most significant first; a last group of
    ``k`` bytes (1 to 3) is padded with zero bytes and written as its first ``k + 1``
    digits, as in Ascii85 and RFC 1924. 25 % larger than the bytes, against base64's
    33 %. Written here, vectorised with numpy (2 ms per 100 KB, decoding 1 ms), because
    Python's :func:`base64.b85encode` is pure Python (12 ms per 100 KB, decoding 9 ms) and
    its digits include ``< > & { }``; the two agree digit for digit once renamed (tested).

    Parameters
    ----------
    data : bytes

    Returns
    -------
    str
        ASCII text of ``ceil(len(data) * 5 / 4)`` characters, none of ``" & ' < > \ ` { }``.

    Examples
    --------
    >>> encode85(b"")
    ''
    >>> decode85(encode85(bytes(range(256)))) == bytes(range(256))
    True
    """
    rest = len(data) % 4
    padded = data + b"\0" * (-len(data) % 4)
    words = np.frombuffer(padded, dtype=">u4").astype(np.uint64)
    digits = (words[:, None] // _B85_POWERS) % 85
    text = _B85_ENCODE[digits.astype(np.intp)].tobytes()
    return text[: len(text) - (4 - rest if rest else 0)].decode("ascii")


def decode85(text: str) -> bytes:
    """The inverse of :func:`encode85` (as ``js/boot.js`` does it).

    Parameters
    ----------
    text : str

    Returns
    -------
    bytes

    Raises
    ------
    ValueError
        A character that is not a digit, a group worth 2**32 or more, or a length that is
        1 more than a multiple of 5 (no byte count gives it).
    """
    raw = text.encode("utf-8")
    values = _B85_VALUE[np.frombuffer(raw, dtype=np.uint8)]  # a non-ASCII byte: 255
    if (values == 255).any():
        raise ValueError("not base85: a character outside frontline's digits")
    rest = len(raw) % 5
    if rest == 1:
        raise ValueError("not base85: a length of 5n + 1 characters")
    pad = (5 - rest) % 5
    values = np.concatenate([values, np.full(pad, 84, dtype=np.uint8)]).astype(np.uint64)
    words = values.reshape(-1, 5) @ _B85_POWERS
    if (words > 0xFFFFFFFF).any():
        raise ValueError("not base85: a group worth 2**32 or more")
    out = words.astype(">u4").tobytes()
    return out[: len(out) - pad]


def pack(
    text: str,
    *,
    level: int = GZIP_LEVEL,
    strategy: int = zlib.Z_DEFAULT_STRATEGY,
    lines: bool = False,
) -> str:
    """Return ``text`` as UTF-8, gzip-compressed (:func:`gzip_bytes`), in base85 (ASCII).

    The result holds only :data:`B85_DIGITS`: it cannot close a ``<script>`` element, need
    an escape inside a JSON string or start Jinja syntax, wherever it is placed.
    ``lines``: each line of ``text`` is a part of its own kind (``gzip_bytes``'s
    ``part_end``: a deflate block ends at each line break).
    """
    part_end = b"\n" if lines else None
    return encode85(gzip_bytes(text.encode("utf-8"), level, strategy, part_end=part_end))


def unpack(packed: str) -> str:
    """The inverse of :func:`pack` (as the page's ``boot.js`` does it).

    Raises
    ------
    ValueError
        ``packed`` is not base85 (:func:`decode85`).
    OSError
        It is, but not of a gzip stream (``gzip.BadGzipFile``).
    """
    return gzip.decompress(decode85(packed)).decode("utf-8")
