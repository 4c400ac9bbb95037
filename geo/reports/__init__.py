"""The documents ``frontline`` prints, computed by the library (one module per command).

Each module turns a command's inputs into the one JSON-ready document its ``--json`` option
prints; the command's text table is drawn from the same document, so the two never
disagree. The commands in :mod:`geo.commands` only parse arguments, call one function here
and print:

- :mod:`geo.reports.provenance`: the catalog layer and ``as_of`` date behind a source, and
  a feature's human name (shared by the documents below);
- :mod:`geo.reports.catalog`: the layer catalog with each file's verification;
- :mod:`geo.reports.measure`: lengths, areas, perimeters, totals and a resolution sweep;
- :mod:`geo.reports.check`: the problems of several sources and the exit code they give;
- :mod:`geo.reports.borders`: the shared border of two features and the tripoint of three;
- :mod:`geo.reports.front`: the front line derived from an occupied-area file;
- :mod:`geo.reports.build`: recipes to build, a layer cache shared by the maps, and the
  geometry summary of a built map.

The fact sheet (``frontline facts``) is its own package, :mod:`geo.facts`.

Nothing is re-exported here on purpose: each command imports only its own report module,
so ``frontline measure`` never loads the renderers that ``frontline build`` needs.
"""

__all__: list[str] = []
