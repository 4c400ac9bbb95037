"""The strict GeoJSON reader: a file's bytes to a validated raw document, or one clear line.

GeoJSON is read here rather than by GDAL so that bad input gets a precise error (file,
feature index, line and column) instead of a driver message or a traceback. A file must be
UTF-8 (a BOM is tolerated) and strict JSON: ``NaN``, ``Infinity`` and numbers that overflow
to infinity are refused, naming the feature and line.

Examples
--------
>>> import json, pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "kyiv.geojson"
>>> _ = path.write_text(json.dumps({"type": "Point", "coordinates": [30.5, 50.45]}))
>>> read_geojson_text(path)["coordinates"]
[30.5, 50.45]
>>> _ = path.write_text('{"type": "Point", "coordinates": [30.5, NaN]}')
>>> read_geojson_text(path)  # doctest: +ELLIPSIS
Traceback (most recent call last):
geo.errors.SourceError: ...: feature 0: coordinate is NaN at line 1, column 41; JSON has ...
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import numpy as np

from geo.errors import GeoError, SourceError
from geo.io.limits import check_input_size, require_file
from geo.io.positions import position_arrays, validate_document
from geo.io.raw import iter_raw_features
from geo.io.scan import read_limited

__all__ = ["read_geojson_text"]

_BAD_CONSTANT = re.compile(r"-?Infinity|NaN")


class _NonFiniteError(ValueError):
    """Raised by the JSON parser on NaN/Infinity tokens (caught and reworded)."""


def _reject_constant(token: str) -> float:
    """``json.loads`` hook: refuse NaN, Infinity and -Infinity."""
    raise _NonFiniteError(token)


def read_geojson_text(path: str | os.PathLike[str], *, strict: bool = True) -> dict[str, Any]:
    """Read a GeoJSON file into its raw parsed document, validating its structure.

    The document is returned as parsed (coordinates are nested lists, nothing is closed,
    reoriented or dropped), for :mod:`geo.checks`. Its structure has been validated: the
    top-level ``type`` is ``FeatureCollection``, ``Feature`` or a geometry type; every
    geometry has the right nesting of arrays; every position holds 2 or more finite numbers.

    The size, position and depth limits are enforced while the bytes are read, before any
    JSON is parsed (:func:`geo.io.scan.read_limited`), so a huge file is refused in
    moments and with little memory.

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    strict : bool, default True
        ``False`` (what :mod:`geo.checks` uses) accepts what RFC 7946 allows but nothing can
        be measured from, an empty FeatureCollection, and leaves a Feature ``id`` that is not
        a string or number for the checks to report (see :func:`geo.io.iter_raw_features`).

    Returns
    -------
    dict
        The parsed JSON object.

    Raises
    ------
    SourceError
        Missing path, a directory, an empty or too large file, bytes that are not UTF-8,
        invalid or truncated JSON (with line and column), ``NaN``/``Infinity``, wrong
        GeoJSON types or nesting, an empty FeatureCollection, too many positions, nesting
        deeper than :data:`geo.io.scan.MAX_DEPTH`.
    """
    label = str(path)
    p = Path(path)
    size = require_file(p, label)
    check_input_size(size, label)
    data = read_limited(p, label, size)
    try:
        text = data.decode("utf-8-sig")  # RFC 7946 forbids a BOM but allows ignoring one
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} (line {line}); "
            "GeoJSON must be UTF-8 (RFC 7946), re-save the file as UTF-8",
            path=label,
        ) from None
    del data
    doc = _parse_json(text, label)
    validate_document(doc, label, strict=strict)
    return doc


def _parse_json(text: str, label: str) -> Any:
    """Strict JSON, with the line and column of the first error."""
    if not text.strip():
        raise SourceError("file holds only whitespace, expected a GeoJSON object", path=label)
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except _NonFiniteError as exc:
        raise _non_finite_error(text, str(exc), label) from None
    except json.JSONDecodeError as exc:
        line, col = exc.lineno, exc.colno
        if exc.pos >= len(text.rstrip()):
            raise SourceError(
                f"not valid JSON: the file ends early at line {line}, column {col} (truncated?)",
                path=label,
            ) from None
        raise SourceError(
            f"not valid JSON: {exc.msg} at line {line}, column {col}", path=label
        ) from None
    except RecursionError:
        raise SourceError(
            "not usable JSON: arrays or objects are nested too deeply", path=label
        ) from None


def _line_col(text: str, pos: int) -> tuple[int, int]:
    """1-based line and column of character offset ``pos``."""
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, col


def _non_finite_error(text: str, token: str, label: str) -> SourceError:
    """Say where a NaN/Infinity token is: which feature, which line and column."""
    match = _BAD_CONSTANT.search(text)
    where = ""
    if match is not None:
        line, col = _line_col(text, match.start())
        where = f" at line {line}, column {col}"
    feature: int | None = None
    try:  # Re-parse leniently only to find which feature holds the value.
        lenient = json.loads(text)
        for raw in iter_raw_features(lenient, label):
            arrays = list(position_arrays(raw.geometry, label, raw.index)) if raw.geometry else []
            if any(not np.isfinite(a).all() for a in arrays):
                feature = raw.index
                break
    except (ValueError, RecursionError, GeoError):
        pass
    what = "coordinate" if feature is not None else "value"
    return SourceError(
        f"{what} is {token}{where}; JSON has no NaN or Infinity (use null, or drop the feature)",
        path=label,
        feature=feature,
    )
