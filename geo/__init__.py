"""frontline: geodesic measurement and newsroom maps for curated GeoJSON layers.

The package is split into one module per family of operations (see DESIGN.md):
:mod:`geo.measure`, :mod:`geo.borders`, :mod:`geo.front`, :mod:`geo.checks`,
:mod:`geo.layers`, :mod:`geo.sources`, :mod:`geo.timeline`, :mod:`geo.recipe`,
:mod:`geo.render`. Nothing is read or fetched at import time.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
