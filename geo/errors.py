"""The exceptions frontline raises, in one place.

Every error the toolkit raises on purpose derives from :class:`GeoError`, so a caller
(and the CLI, which turns it into one line and exit code 2) can catch them all. Each is
also a built-in exception, so code that already catches ``ValueError`` or ``LookupError``
keeps working::

    GeoError                      base; never raised itself
    ├── SourceError(ValueError)   an input that cannot be read or parsed: missing path,
    │                             directory, invalid JSON, non-UTF-8, unknown format,
    │                             missing or foreign CRS, unparseable date
    ├── GeometryError(ValueError) a geometry that cannot be measured or used: empty,
    │                             non-finite or out-of-range coordinates, wrong type
    ├── LayerError(LookupError)   a layer id not in the catalog, or a bundled file that
    │                             does not match its catalog entry
    ├── RecipeError(ValueError)   a map recipe with an unknown key or a bad value
    └── UsageError(ValueError)    a bad command-line option or argument value

Messages are one line and say what to fix. The optional ``path`` (the file), ``feature``
(an index or id) and ``key`` (a recipe key path) are kept as attributes and prefixed to the
message, e.g. ``tests/data/bad/nan.geojson: feature 0: coordinate is NaN``.

Examples
--------
>>> from geo.errors import GeoError, SourceError
>>> err = SourceError("not valid JSON (line 1, column 5)", path="a.geojson")
>>> str(err)
'a.geojson: not valid JSON (line 1, column 5)'
>>> isinstance(err, (GeoError, ValueError))
True
"""

from __future__ import annotations

from os import PathLike

__all__ = [
    "GeoError",
    "GeometryError",
    "LayerError",
    "RecipeError",
    "SourceError",
    "UsageError",
]


class GeoError(Exception):
    """Base of every error frontline raises on purpose.

    Parameters
    ----------
    message : str
        What is wrong and, where possible, what to do about it. One line.
    path : str or os.PathLike, optional
        The file the problem is in.
    feature : int or str, optional
        The feature index or id within that file.
    key : str, optional
        A dotted key path (recipes, catalog entries), e.g. ``layers[2].style.color``.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | PathLike[str] | None = None,
        feature: int | str | None = None,
        key: str | None = None,
    ) -> None:
        self.message = " ".join(str(message).split())  # always one line
        self.path = None if path is None else str(path)
        self.feature = feature
        self.key = key
        super().__init__(self.__str__())

    def __str__(self) -> str:
        parts = []
        if self.path is not None:
            parts.append(self.path)
        if self.key is not None:
            parts.append(self.key)
        if self.feature is not None:
            parts.append(f"feature {self.feature}")
        parts.append(self.message)
        return ": ".join(parts)


class SourceError(GeoError, ValueError):
    """An input that cannot be read or parsed (file, format, CRS, date)."""


class GeometryError(GeoError, ValueError):
    """A geometry that cannot be measured or used as asked."""


class LayerError(GeoError, LookupError):
    """A layer id not in the catalog, or a bundled layer that fails its catalog entry."""


class RecipeError(GeoError, ValueError):
    """A map recipe with an unknown key or a bad value."""


class UsageError(GeoError, ValueError):
    """A bad command-line option or argument value."""
