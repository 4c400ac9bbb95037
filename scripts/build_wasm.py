"""Assemble boot.js's base85 decoder from ``geo/render/js/base85.wat`` and write its line.

``js/boot.js`` carries the WebAssembly module in base85, as the line
``var WASM = "...";``. This script assembles the readable source with wasmtime's
``wat2wasm``, drops the module's custom sections (the ``name`` section wat2wasm always
writes: debugging names the page has no use for), and writes that line into boot.js;
``tests/test_render_assets.py`` fails until it is run again after an edit of the source.

Run it after editing ``geo/render/js/base85.wat``::

    python scripts/build_wasm.py           # rewrite the line if it is stale
    python scripts/build_wasm.py --check   # exit 1 if it is stale, write nothing

Needs the ``wasmtime`` package (build and test time only).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from geo.files import write_atomic
from geo.render import assets

__all__ = ["BOOT_PATH", "WAT_PATH", "main", "module_bytes", "wasm_line"]

JS = Path(__file__).resolve().parent.parent / "geo" / "render" / "js"
WAT_PATH = JS / "base85.wat"
BOOT_PATH = JS / "boot.js"
_LINE = re.compile(r'^  var WASM = "[^"\n]*";$', re.M)


def _uleb(data: bytes, at: int) -> tuple[int, int]:
    """The unsigned LEB128 integer at ``data[at:]`` and the offset after it."""
    value = shift = 0
    while True:
        byte = data[at]
        value, shift, at = value | (byte & 0x7F) << shift, shift + 7, at + 1
        if not byte & 0x80:
            return value, at


def _without_custom_sections(module: bytes) -> bytes:
    """``module`` with its custom sections (id 0) left out; every other byte as it was.

    Written by hand: wasmtime has no option to leave out the ``name`` section, and a
    section is only an id byte and a LEB128 size before its payload.
    """
    out, at = bytearray(module[:8]), 8  # magic and version
    while at < len(module):
        size, body = _uleb(module, at + 1)
        if module[at] != 0:
            out += module[at : body + size]
        at = body + size
    return bytes(out)


def module_bytes(wat: str | None = None) -> bytes:
    r"""The decoder module assembled from ``wat`` (default: :data:`WAT_PATH`'s text).

    Examples
    --------
    >>> module_bytes()[:4], len(module_bytes())
    (b'\x00asm', 288)
    """
    import wasmtime

    text = WAT_PATH.read_text("utf-8") if wat is None else wat
    return _without_custom_sections(bytes(wasmtime.wat2wasm(text)))


def wasm_line() -> str:
    """boot.js's ``var WASM`` line for the current source (base85, as the page decodes)."""
    return f'  var WASM = "{assets.encode85(module_bytes())}";'


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with ``--check`` only compare) boot.js's WASM line; 1 when it was stale."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if stale")
    args = parser.parse_args(argv)
    boot = BOOT_PATH.read_text("utf-8")
    (have,) = _LINE.findall(boot)
    want = wasm_line()
    if have == want:
        print(f"{BOOT_PATH.name}: WASM up to date ({len(module_bytes())} bytes)")
        return 0
    if args.check:
        print(f"{BOOT_PATH.name}: WASM stale; run python scripts/build_wasm.py", file=sys.stderr)
        return 1
    write_atomic(BOOT_PATH, boot.replace(have, want))
    print(f"{BOOT_PATH.name}: WASM written ({len(module_bytes())} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
