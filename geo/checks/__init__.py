"""Checks for geometries, files and catalog layers that return reasons instead of raising.

Like :func:`shapely.is_valid_reason`, every check says *why*: each :class:`Problem` carries a
stable ``code``, the feature (index in the file), a one-line ``message`` and a ``severity``.
Only unusable input raises (a :class:`~geo.errors.SourceError` for a file that cannot be read
at all); anything readable is reported. ``frontline check`` exits 1 when an ``error`` is found,
0 when there are only ``warning`` or ``info`` problems or none.

Nothing is ever fixed silently: :func:`repair` (``shapely.make_valid``) exists, and messages
point at it, but no check or reader applies it.

Modules: :mod:`~geo.checks.problem` (:class:`Problem`), :mod:`~geo.checks.feature` (one
geometry), :mod:`~geo.checks.file` (a file and its CRS), :mod:`~geo.checks.layer` (a catalog
layer, and :func:`check_source`), :mod:`~geo.checks.rules` (the catalog's ``checks`` rules),
:mod:`~geo.checks.rfc7946` (a document's members: bbox, misplaced and foreign members,
GeometryCollections, I-JSON), :mod:`~geo.checks.repair` (lenient building and
:func:`repair`).

Problem codes
-------------
``docs/check.md`` is the full table: every MUST and SHOULD of RFC 7946 with the code that
reports it (or why it is not checked), and frontline's own rules. In short, per feature
(:func:`check_feature`):

======================== ======== =======================================================
code                     severity meaning
======================== ======== =======================================================
null-geometry            info     an unlocated Feature (RFC 7946 3.2)
empty-geometry           warning  a geometry with no positions (3.1: read as null)
non-finite               error    NaN or infinite coordinates
out-of-range             error    longitude outside -180..180 or latitude outside -90..90
lat-lon-swapped          error    latitude outside ±90 with longitude inside ±90, or (layers)
                                  the data falls inside the declared bbox only when swapped
altitude                 info     3 values per position (3.1.1 MAY)
extra-dimensions         warning  4 or more values per position (3.1.1 SHOULD NOT)
mixed-dimensions         warning  positions of different lengths
too-few-positions        error    a line with < 2 positions or a ring with < 4
unclosed-ring            error    a ring whose last position is not its first (3.1.6)
duplicate-vertex         warning  the same position twice in a row
ring-orientation         error    an exterior ring clockwise or a hole counter-clockwise
                                  (3.1.6 MUST; readers accept it, ``check`` does not)
antimeridian             warning  a segment spanning more than 180° of longitude (3.1.9)
coordinate-precision     warning  more than 7 decimal places (11.2)
self-intersection        error    a polygon ring that crosses itself (bow-tie); for lines a
                                  warning
invalid-geometry         error    any other invalidity, with shapely's reason
======================== ======== =======================================================

Per file (:func:`check_file`, :mod:`~geo.checks.rfc7946`): ``foreign-crs``, ``crs-member``,
``bbox-malformed``, ``bbox-mismatch``, ``misplaced-member``, ``foreign-geojson``,
``missing-properties``, ``id-type``, ``nested-collection``, ``single-type-collection``,
``empty-collection``, ``byte-order-mark``, ``duplicate-member``, ``not-i-json``. Per layer
(:func:`check_layer`), from the catalog entry in ``layers/catalog.toml``: ``geometry-type``,
``feature-count``, ``missing-property``, ``outside-bbox``, ``not-within``,
``end-not-near-border``, ``not-on-boundary``, ``unknown-check``.

Examples
--------
>>> bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
>>> [str(p) for p in check_feature(bowtie, 3)]  # doctest: +NORMALIZE_WHITESPACE
['feature 3: error: self-intersection: a ring crosses itself at (0.5, 0.5) (bow-tie);
  repair() (make_valid) can split it']
>>> check_feature({"type": "Point", "coordinates": [30.5, 50.4]}, 0)
[]
"""

from geo.checks.feature import check_feature
from geo.checks.file import check_file
from geo.checks.layer import check_layer, check_source
from geo.checks.problem import Problem, Severity, has_errors
from geo.checks.repair import repair
from geo.checks.rules import CHECK_KEYS

__all__ = [
    "CHECK_KEYS",
    "Problem",
    "Severity",
    "check_feature",
    "check_file",
    "check_layer",
    "check_source",
    "has_errors",
    "repair",
]
