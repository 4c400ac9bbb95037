"""One module per ``frontline`` sub-command; each exposes ``run(args) -> int``.

They hold only argument handling and printing; the work is done by the public API
(`geo.measure`, `geo.checks`, `geo.layers`, ...). Shared printing helpers live in
:mod:`geo.commands._output`.
"""
