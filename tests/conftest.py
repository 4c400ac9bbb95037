"""Shared pytest fixtures.

Tests that need something a user's machine may lack (the third-party data in
``../shared/data``, Chromium, a notebook kernel) skip with a reason, except when
``FRONTLINE_REQUIRE_ALL=1`` (set by ``.ci/run``): then a missing prerequisite fails the test,
so CI can never pass by skipping.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
CHROMIUM = Path(os.environ.get("FRONTLINE_CHROMIUM", "/usr/bin/chromium"))


# The build cache (geo.cache) is off for the suite: a test that patches a prepare step
# must see that step run, not an entry an earlier test left. Its own tests
# (test_cache.py, test_layers_parsed_cache.py, test_render_drawn_cache.py) turn it on in a
# temporary folder. Subprocesses inherit the setting.
os.environ["FRONTLINE_BUILD_CACHE"] = "off"


def require(condition: bool, reason: str) -> None:
    """Skip the calling test when ``condition`` is false, or fail it under CI."""
    if condition:
        return
    if os.environ.get("FRONTLINE_REQUIRE_ALL") == "1":
        pytest.fail(f"required in CI but missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The third-party fixture folder ``../shared/data`` (read in place, never copied)."""
    require(SHARED_DATA.is_dir(), f"third-party test data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium, for Playwright's ``executable_path``."""
    require(CHROMIUM.exists(), f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


#: Chromium's flags for the browser tests: headless in a container, no background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser(chromium_path: Path):
    """A headless Chromium (Playwright, Debian's binary) shared by a test module."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield b
        b.close()
