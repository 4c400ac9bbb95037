"""frontline: geodesic measurement and newsroom maps for curated GeoJSON layers.

The package is split into one module per family of operations (see DESIGN.md):
:mod:`geo.measure`, :mod:`geo.borders`, :mod:`geo.front`, :mod:`geo.checks`,
:mod:`geo.layers`, :mod:`geo.sources`, :mod:`geo.timeline`, :mod:`geo.recipe`,
:mod:`geo.render`; the documents the command line prints come from :mod:`geo.reports`
and :mod:`geo.facts`, and :mod:`geo.cli` is the ``frontline`` command.

Nothing is read or fetched at import time. ``geo.__version__`` is the installed
distribution's version (:func:`importlib.metadata.version`), looked up on first access:
the lookup scans ``sys.path``, which is file I/O.

Examples
--------
>>> import geo
>>> isinstance(geo.__version__, str) and geo.__version__ != ""
True
"""

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

#: The version reported by a source tree that was never installed.
_UNKNOWN_VERSION = "0+unknown"


def __getattr__(name: str) -> str:
    """Look ``__version__`` up in the distribution's metadata (once), on first access."""
    if name != "__version__":
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    try:
        found = version("frontline")
    except PackageNotFoundError:
        found = _UNKNOWN_VERSION
    globals()["__version__"] = found
    return found
