"""The exception tree in geo.errors: shape, messages, and built-in bases."""

from __future__ import annotations

import pytest

from geo import errors
from geo.errors import (
    GeoError,
    GeometryError,
    LayerError,
    RecipeError,
    SourceError,
    UsageError,
)


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (SourceError, ValueError),
        (GeometryError, ValueError),
        (LayerError, LookupError),
        (RecipeError, ValueError),
        (UsageError, ValueError),
    ],
)
def test_each_error_is_a_geoerror_and_a_builtin(cls: type[GeoError], builtin: type) -> None:
    err = cls("boom")
    assert isinstance(err, GeoError)
    assert isinstance(err, builtin)


def test_message_names_file_key_and_feature_in_order() -> None:
    err = RecipeError(
        "expected a colour, got 'rde'", path="maps/x.toml", key="layers[0].style.color"
    )
    assert str(err) == "maps/x.toml: layers[0].style.color: expected a colour, got 'rde'"
    err = SourceError("coordinate is NaN", path="a.geojson", feature=3)
    assert str(err) == "a.geojson: feature 3: coordinate is NaN"
    assert err.path == "a.geojson" and err.feature == 3


def test_message_is_always_one_line() -> None:
    err = GeometryError("line one\nline two\r\n  line three")
    assert "\n" not in str(err) and "\r" not in str(err)
    assert str(err) == "line one line two line three"


def test_public_names_are_pinned() -> None:
    assert sorted(errors.__all__) == [
        "GeoError",
        "GeometryError",
        "LayerError",
        "RecipeError",
        "SourceError",
        "UsageError",
    ]
