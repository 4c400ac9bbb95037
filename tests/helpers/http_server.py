"""A loopback HTTP server that serves a folder of daily snapshots in the upstream layout.

``SnapshotServer(folder)`` serves ``folder/deepstatemap_data_YYYYMMDD.geojson`` at
``http://127.0.0.1:PORT/data/deepstatemap_data_YYYYMMDD.geojson`` (the layout of
cyterat/deepstate-map-data), from a thread, on a free port, for the tests only. It answers
GET and HEAD with ``ETag`` and ``Last-Modified``, and ``304 Not Modified`` to
``If-None-Match`` / ``If-Modified-Since``, like the raw-file host. It counts what it sends
(requests, status codes, body bytes) and can be told to misbehave:

============  =====================================================================
``fault``     effect on GET/HEAD of a snapshot
============  =====================================================================
``None``      behave
``"500"``     every request answers 500
``"flaky"``   every other request (1st, 3rd, ...) answers 500, or ``flaky_ratio``
``"timeout"`` sleep ``delay_s`` before answering (the client should time out first)
``"html"``    200 with an HTML page instead of GeoJSON
``"truncate"`` 200 with the first half of the body and an honest Content-Length
``"short"``   200 promising the full Content-Length, then closing after half of it
============  =====================================================================

``missing`` (a set of file names) answers 404 for those files as if upstream had none.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.server
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["SnapshotServer"]

_HTML = b"<!DOCTYPE html><html><head><title>Rate limited</title></head><body>Oops</body></html>"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server  # type: ignore[assignment]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _send(self, status: int, body: bytes, headers: dict[str, str], head: bool) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and body:
            self.wfile.write(body)
            self.server.owner.count_body(len(body))

    def _answer(self, head: bool) -> None:
        owner = self.server.owner
        n = owner.count_request(self.command, self.path)
        name = self.path.split("?")[0].rsplit("/", 1)[-1]
        path = owner.folder / name
        if not self.path.startswith("/data/") or not path.is_file() or name in owner.missing:
            owner.statuses.append(404)
            return self._send(404, b"404: Not Found", {"Content-Type": "text/plain"}, head)
        fault = owner.fault
        if fault == "500" or (fault == "flaky" and owner.fails(n)):
            owner.statuses.append(500)
            return self._send(500, b"500: Internal Server Error", {}, head)
        if fault == "timeout":
            time.sleep(owner.delay_s)
        body = path.read_bytes()
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        modified = email.utils.formatdate(path.stat().st_mtime, usegmt=True)
        if fault is None and self._fresh(etag, path.stat().st_mtime):
            owner.statuses.append(304)
            return self._send(304, b"", {"ETag": etag, "Content-Length": "0"}, head=True)
        headers = {"ETag": etag, "Last-Modified": modified, "Content-Type": "text/plain"}
        owner.statuses.append(200)
        if fault == "html":
            return self._send(200, _HTML, {"Content-Type": "text/html"}, head)
        if fault == "truncate":
            return self._send(200, body[: len(body) // 2], headers, head)
        if fault == "short" and not head:
            self._send(
                200, body[: len(body) // 2], {**headers, "Content-Length": str(len(body))}, head
            )
            self.close_connection = True
            return None
        return self._send(200, body, headers, head)

    def _fresh(self, etag: str, mtime: float) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                return False
            return int(mtime) <= since
        return False


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    owner: SnapshotServer


class SnapshotServer:
    """The loopback server; a context manager (started on enter, stopped on exit).

    Parameters
    ----------
    folder : pathlib.Path
        Where the ``deepstatemap_data_YYYYMMDD.geojson`` files are (read in place).
    fault : str, optional
        See the module docstring; may be changed while running.
    missing : set of str, optional
        File names answered with 404.
    delay_s : float, default 3.0
        The sleep of the ``"timeout"`` fault.
    flaky_ratio : int, default 2
        With ``"flaky"``, request number ``n`` (from 1) fails when ``n % flaky_ratio == 1``.
    """

    def __init__(
        self,
        folder: Path,
        *,
        fault: str | None = None,
        missing: set[str] | None = None,
        delay_s: float = 3.0,
        flaky_ratio: int = 2,
    ) -> None:
        self.folder = Path(folder)
        self.fault = fault
        self.missing = set(missing or ())
        self.delay_s = delay_s
        self.flaky_ratio = flaky_ratio
        self.requests: list[tuple[str, str]] = []
        self.statuses: list[int] = []
        self.body_bytes = 0
        self._lock = threading.Lock()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    def count_request(self, method: str, path: str) -> int:
        with self._lock:
            self.requests.append((method, path))
            return len(self.requests)

    def count_body(self, n: int) -> None:
        with self._lock:
            self.body_bytes += n

    def fails(self, n: int) -> bool:
        return n % self.flaky_ratio == 1 or self.flaky_ratio == 1

    def reset_counts(self) -> None:
        with self._lock:
            self.requests.clear()
            self.statuses.clear()
            self.body_bytes = 0

    @property
    def url(self) -> str:
        assert self._httpd is not None, "not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def __enter__(self) -> SnapshotServer:
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._httpd is not None and self._thread is not None
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)
