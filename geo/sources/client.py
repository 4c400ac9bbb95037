"""The HTTP side of fetching DeepStateMap daily snapshots: one session, retries, validation.

:class:`DeepStateFetcher` holds an :mod:`httpx` client for one base URL and one cache
(:class:`~geo.sources.cache.SnapshotCache`). Every request has a timeout (:data:`TIMEOUT_S`);
a failed attempt (no connection, a timeout, a truncated transfer, a 5xx or 429 answer, a 200
body that is not a valid snapshot) is retried at most :data:`RETRIES` times with exponential
backoff from :data:`BACKOFF_S`. Requests for a valid cached file are conditional
(``If-None-Match`` / ``If-Modified-Since`` from the file's sidecar), so an unchanged file
costs a ``304`` and no body. Once the server cannot be reached at all, the fetcher is
:attr:`~DeepStateFetcher.offline` and stops trying. A network or server problem never raises:
it is the :class:`FetchItem`'s ``status``; :func:`geo.sources.fetch.fetch_deepstate` decides
what is an error.

Examples
--------
>>> snapshot_url(dt.date(2024, 7, 8), "http://127.0.0.1:8000/")
'http://127.0.0.1:8000/data/deepstatemap_data_20240708.geojson'
>>> resolve_base_url("https://example.org/mirror")
'https://example.org/mirror/'
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from geo.errors import SourceError, UsageError
from geo.io.limits import MAX_INPUT_MB, env_limit
from geo.sources.cache import SnapshotCache, check_snapshot_bytes, snapshot_name

if TYPE_CHECKING:  # httpx is imported when a fetcher is made, not by every command
    import httpx

__all__ = [
    "BACKOFF_S",
    "DEFAULT_BASE_URL",
    "ENV_URL",
    "RETRIES",
    "TIMEOUT_S",
    "DeepStateFetcher",
    "FetchItem",
    "resolve_base_url",
    "snapshot_url",
]

#: Upstream: the raw-file host of the GitHub repository, main branch (never contacted in tests).
DEFAULT_BASE_URL = "https://raw.githubusercontent.com/cyterat/deepstate-map-data/main/"
#: Environment variable naming a mirror (overridden by an explicit ``base_url``).
ENV_URL = "FRONTLINE_DEEPSTATE_URL"
#: Seconds each request may take (connect, read, write, pool).
TIMEOUT_S = 30.0
#: Retries after a failed attempt (so ``RETRIES + 1`` attempts at most).
RETRIES = 3
#: Backoff before the first retry, seconds; it doubles for each further retry.
BACKOFF_S = 0.5


def resolve_base_url(base_url: str | None = None) -> str:
    """The base URL: ``base_url`` if given, else ``$FRONTLINE_DEEPSTATE_URL``, else upstream.

    Parameters
    ----------
    base_url : str, optional
        A mirror with the repository's layout (``data/deepstatemap_data_YYYYMMDD.geojson``).

    Returns
    -------
    str
        Ending with ``/``.

    Raises
    ------
    UsageError
        Not an ``http://`` or ``https://`` URL.
    """
    url = base_url or os.environ.get(ENV_URL) or DEFAULT_BASE_URL
    if not url.lower().startswith(("http://", "https://")):
        raise UsageError(f"the DeepState base URL must start with http:// or https://, got {url!r}")
    return url if url.endswith("/") else url + "/"


def snapshot_url(day: dt.date, base_url: str) -> str:
    """The URL of ``day``'s snapshot under ``base_url`` (which ends with ``/``)."""
    return f"{base_url}data/{snapshot_name(day)}"


class _TransientError(Exception):
    """One failed attempt that may succeed when retried."""

    def __init__(self, reason: str, *, connect: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.connect = connect


class _OfflineError(Exception):
    """Every attempt failed to connect: the server cannot be reached."""


class _FailedError(Exception):
    """Every attempt failed, not (only) for want of a connection."""


@dataclass(frozen=True)
class FetchItem:
    """What happened to one date.

    Attributes
    ----------
    date : datetime.date
    status : str
        ``downloaded`` (a new body, validated and cached), ``not-modified`` (304: the
        cached file is current), ``cached`` (the cached file used without revalidation:
        offline, or the server failed), ``missing`` (404 upstream), ``unavailable``
        (offline and not cached) or ``failed`` (the server failed and it is not cached).
    path : pathlib.Path or None
        The valid cached file, when there is one.
    bytes : int
        Bytes of body transferred.
    note : str or None
        Why, for anything but a plain download or 304.
    """

    date: dt.date
    status: str
    path: Any = None
    bytes: int = 0
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``date`` (ISO), ``status``, ``path``, ``bytes``, ``note``."""
        return {
            "date": self.date.isoformat(),
            "status": self.status,
            "path": None if self.path is None else str(self.path),
            "bytes": self.bytes,
            "note": self.note,
        }


class DeepStateFetcher:
    """An HTTP session against one base URL, storing into one cache.

    Parameters
    ----------
    cache : SnapshotCache
    base_url : str
        Ending with ``/`` (see :func:`resolve_base_url`).
    timeout_s : float, default :data:`TIMEOUT_S`
    retries : int, default :data:`RETRIES`
    backoff_s : float, default :data:`BACKOFF_S`
    client : httpx.Client, optional
        A client to use (left open); by default one is made and closed by :meth:`close`.

    Attributes
    ----------
    offline : str or None
        Set once the server could not be reached; later calls do not try again.
    """

    def __init__(
        self,
        cache: SnapshotCache,
        base_url: str,
        *,
        timeout_s: float = TIMEOUT_S,
        retries: int = RETRIES,
        backoff_s: float = BACKOFF_S,
        client: httpx.Client | None = None,
    ) -> None:
        if retries < 0 or not timeout_s > 0 or backoff_s < 0:
            raise UsageError("retries and backoff_s must be >= 0 and timeout_s > 0")
        self.cache = cache
        self.base_url = base_url
        self.timeout_s = float(timeout_s)
        self.retries = int(retries)
        self.backoff_s = float(backoff_s)
        self._owned = client is None
        import httpx  # lazily: only a fetch needs it (about 30 ms of start-up)

        self.client = client or httpx.Client(
            timeout=httpx.Timeout(self.timeout_s),
            follow_redirects=True,
            headers={"User-Agent": "frontline (DeepStateMap snapshot fetcher)"},
        )
        self.offline: str | None = None

    def close(self) -> None:
        """Close the HTTP client if this fetcher made it."""
        if self._owned:
            self.client.close()

    def __enter__(self) -> DeepStateFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _retrying(self, attempt: Callable[[], Any]) -> Any:
        """Call ``attempt`` until it succeeds, at most ``retries + 1`` times, with backoff."""
        reasons: list[_TransientError] = []
        for k in range(self.retries + 1):
            if k:
                time.sleep(self.backoff_s * 2 ** (k - 1))
            try:
                return attempt()
            except _TransientError as exc:
                reasons.append(exc)
        tries = f"{len(reasons)} attempt{'s' if len(reasons) > 1 else ''}"
        if all(r.connect for r in reasons):
            raise _OfflineError(f"{reasons[-1].reason} ({tries})")
        raise _FailedError(f"{reasons[-1].reason} ({tries})")

    def _request(self, method: str, url: str, headers: dict[str, str]) -> tuple[int, Any, bytes]:
        """One attempt: (status, headers, body); transient failures raise ``_TransientError``."""
        import httpx  # already imported by __init__: a dictionary look-up

        limit = int(env_limit("FRONTLINE_MAX_INPUT_MB", MAX_INPUT_MB) * 1024 * 1024)
        try:
            with self.client.stream(method, url, headers=headers) as resp:
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise _TransientError(f"body over the input limit of {limit} bytes")
                    chunks.append(chunk)
        except httpx.ConnectError as exc:
            raise _TransientError(f"cannot connect ({exc})", connect=True) from None
        except httpx.TimeoutException:
            raise _TransientError(f"timed out after {self.timeout_s:g} s") from None
        except httpx.TransportError as exc:
            raise _TransientError(f"transfer failed, body truncated? ({exc})") from None
        if resp.status_code >= 500 or resp.status_code == 429:
            raise _TransientError(f"server error {resp.status_code}")
        return resp.status_code, resp.headers, b"".join(chunks)

    def exists(self, day: dt.date) -> bool | None:
        """Whether upstream has ``day`` (a HEAD request); ``None`` when it cannot be told.

        Parameters
        ----------
        day : datetime.date

        Returns
        -------
        bool or None
            ``None`` offline (then :attr:`offline` is set) or when the server keeps failing.
        """
        if self.offline:
            return None
        try:
            status, _, _ = self._retrying(lambda: self._request("HEAD", self._url(day), {}))
        except _OfflineError as exc:
            self.offline = str(exc)
            return None
        except _FailedError:
            return None
        return 200 <= status < 300

    def _url(self, day: dt.date) -> str:
        return snapshot_url(day, self.base_url)

    def _get(self, day: dt.date, headers: dict[str, str]) -> tuple[int, Any, bytes]:
        """GET with retries; a 200 body must validate, else the attempt is retried."""
        url = self._url(day)

        def attempt() -> tuple[int, Any, bytes]:
            status, resp_headers, body = self._request("GET", url, headers)
            if status == 200:
                try:
                    check_snapshot_bytes(body, self.cache.root, day, url=url)
                except SourceError as exc:
                    raise _TransientError(exc.message) from None
            return status, resp_headers, body

        return self._retrying(attempt)

    def fetch_date(self, day: dt.date, *, revalidate: bool = True) -> FetchItem:
        """Bring ``day``'s file into the cache (or confirm it is current) and say how it went.

        Parameters
        ----------
        day : datetime.date
        revalidate : bool, default True
            Ask the server whether a valid cached file is current (a conditional request);
            with ``False`` a valid cached file is used without contacting the server.

        Returns
        -------
        FetchItem
            Never raises for a network or server problem: that is the item's ``status``.

        Raises
        ------
        SourceError
            The cache folder cannot be written.
        """
        cached = self.cache.valid(day)
        if cached is not None and not revalidate:
            return FetchItem(day, "cached", cached)
        if self.offline:
            return self._without_server(day, cached, f"offline: {self.offline}")
        if cached is None:
            self.cache.ensure_writable()  # before any request: a read-only cache is an error
        meta = self.cache.meta(day) if cached is not None else {}
        headers = {}
        if meta.get("etag"):
            headers["If-None-Match"] = str(meta["etag"])
        if meta.get("last_modified"):
            headers["If-Modified-Since"] = str(meta["last_modified"])
        try:
            status, resp_headers, body = self._get(day, headers)
        except _OfflineError as exc:
            self.offline = str(exc)
            return self._without_server(day, cached, f"offline: {exc}")
        except _FailedError as exc:
            return self._without_server(day, cached, f"{self._url(day)}: {exc}", "failed")
        if status == 304 and cached is not None:
            return FetchItem(day, "not-modified", cached)
        if status == 404:
            note = "no snapshot upstream (404)" + ("; using the cached file" if cached else "")
            return FetchItem(day, "cached" if cached else "missing", cached, note=note)
        if status != 200:
            return self._without_server(day, cached, f"{self._url(day)}: HTTP {status}", "failed")
        path = self.cache.store(day, body, url=self._url(day), headers=resp_headers, checked=True)
        return FetchItem(day, "downloaded", path, bytes=len(body))

    def _without_server(
        self, day: dt.date, cached: Any, why: str, status: str = "unavailable"
    ) -> FetchItem:
        if cached is not None:
            return FetchItem(day, "cached", cached, note=f"{why}; using the cached file")
        return FetchItem(day, status, None, note=why)
