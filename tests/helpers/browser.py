"""A page opened offline for a browser test: what it asked the network for, and what broke.

:func:`watch` is installed before ``page.goto``: every request that is not ``file:`` or
``data:`` (or another allowed scheme) is aborted and recorded, console errors and uncaught
exceptions are collected, and any dialog (an ``alert`` from injected script) is recorded
and dismissed, so a test can assert that a page made no request, logged no error and ran
none of the XSS corpus.
"""

from __future__ import annotations

from typing import Any


def watch(
    page: Any,
    *,
    allow: tuple[str, ...] = ("file:", "data:"),
    block: bool = True,
    console: bool = True,
) -> dict[str, list[str]]:
    """Record (and, with ``block``, abort) requests, errors and dialogs of ``page``.

    Returns the live record: ``{"requests": [...], "errors": [...], "dialogs": [...]}``.
    ``console=False`` leaves console errors out (only uncaught exceptions count).
    """
    state: dict[str, list[str]] = {"requests": [], "errors": [], "dialogs": []}

    def route(r: Any) -> None:
        if r.request.url.startswith(allow):
            r.continue_()
        else:
            state["requests"].append(r.request.url)
            r.abort()

    def dialog(d: Any) -> None:
        state["dialogs"].append(d.message)
        d.dismiss()

    if block:
        page.route("**/*", route)
    if console:
        page.on("console", lambda m: state["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: state["errors"].append(str(e)))
    page.on("dialog", dialog)
    return state
