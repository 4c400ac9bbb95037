"""Shared test helpers: in-memory fakes for the tests (``from helpers.maps import ...``)."""
