"""Pack the page head (Leaflet, our JS/CSS, the marker icons) with zopfli, ahead of time.

Every bundled page carries the same packed head (:func:`geo.render.assets.packed_assets`).
zopfli makes its gzip stream about 5 % smaller than zlib level 9, but costs about half a
second of CPU, so it is done here once, not on every build: the result is written to
``geo/render/js/packed-head.txt`` with the SHA-256 of the exact (minified) document it
encodes. A build uses the file only when that key is the current document's, and packs
with zlib otherwise, so an outdated file is never shipped in a page; the test suite
(``tests/test_render_assets.py``) fails until this script is run again.

Run it after editing ``geo/render/js/frontline.js``, ``page.js``, ``css/frontline.css``,
or after updating Leaflet, ``rjsmin`` or ``rcssmin``::

    python scripts/pack_head.py           # rewrite the file if it is stale
    python scripts/pack_head.py --check   # exit 1 if it is stale, write nothing

Needs the ``zopfli`` package (build time only).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from geo.files import write_atomic
from geo.render import assets

__all__ = ["HEAD_PATH", "current_text", "main"]

HEAD_PATH = Path(__file__).resolve().parent.parent / "geo" / "render" / "js" / assets.HEAD_FILE


def current_text() -> str:
    """What :data:`HEAD_PATH` should hold for the current sources (zopfli, deterministic)."""
    document = assets.asset_document_bytes()
    return assets.head_file_text(assets.encode85(assets.zopfli_gzip(document)), document)


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with ``--check`` only compare) :data:`HEAD_PATH`; 1 when it was stale."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if stale")
    args = parser.parse_args(argv)
    want = current_text()
    have = HEAD_PATH.read_text("ascii") if HEAD_PATH.exists() else ""
    if have == want:
        print(f"{HEAD_PATH.name}: up to date ({len(want.splitlines()[2]):,} characters)")
        return 0
    if args.check:
        print(f"{HEAD_PATH.name}: stale; run python scripts/pack_head.py", file=sys.stderr)
        return 1
    write_atomic(HEAD_PATH, want)
    print(f"{HEAD_PATH.name}: written ({len(want.splitlines()[2]):,} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
