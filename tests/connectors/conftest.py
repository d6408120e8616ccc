"""A local HTTP server on 127.0.0.1 that replays recorded platform responses.

Each route (path, optionally with required query parameters) holds a queue of responses that
are served in order; the last one repeats. Every request is recorded for assertions.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

RECORDINGS = Path(__file__).parent / "recordings"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Route:
    path: str
    query: Mapping[str, str]
    replies: list[Reply]


class ReplayServer:
    def __init__(self) -> None:
        self.routes: list[Route] = []
        self.requests: list[tuple[str, str, dict[str, list[str]], Mapping[str, str]]] = []
        self._httpd: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def add(
        self,
        path: str,
        *replies: Reply | Any,
        query: Mapping[str, str] | None = None,
    ) -> None:
        queue = [r if isinstance(r, Reply) else json_reply(r) for r in replies]
        self.routes.append(Route(path, dict(query or {}), queue))

    # Helpers for the tests (they cannot import this conftest module).
    @staticmethod
    def reply(status: int = 200, body: bytes | str = b"", headers: Mapping[str, str] | None = None) -> Reply:
        return Reply(status, body.encode() if isinstance(body, str) else body, dict(headers or {}))

    @staticmethod
    def json(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Reply:
        return json_reply(data, status, headers)

    @staticmethod
    def recording(name: str, content_type: str = "application/json") -> Reply:
        return Reply(200, recording(name), {"Content-Type": content_type})

    def hits(self, path: str) -> list[dict[str, list[str]]]:
        return [q for _m, p, q, _h in self.requests if p == path]

    def _find(self, path: str, query: dict[str, list[str]]) -> Reply:
        candidates = [
            r for r in self.routes if r.path == path and all(query.get(k, [None])[0] == v for k, v in r.query.items())
        ]
        if not candidates:
            return Reply(404, b'{"error": "not recorded"}', {"Content-Type": "application/json"})
        # The most specific recording wins; among equals, the one added last (a test overriding a recording).
        route = max(reversed(candidates), key=lambda r: len(r.query))
        return route.replies.pop(0) if len(route.replies) > 1 else route.replies[0]

    def start(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                parsed = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(parsed.query)
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                server.requests.append((self.command, parsed.path, query, dict(self.headers.items())))
                reply = server._find(parsed.path, query)
                body = reply.body.replace(b"{BASE}", server.url.encode())
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value.replace("{BASE}", server.url))
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_DELETE = _serve  # http.server dispatches on these names

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()


def json_reply(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Reply:
    return Reply(status, json.dumps(data).encode(), {"Content-Type": "application/json", **(headers or {})})


def recording(name: str) -> bytes:
    return (RECORDINGS / name).read_bytes()


@pytest.fixture
def replay() -> Iterator[ReplayServer]:
    server = ReplayServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Back-off waits, recorded instead of slept, so the 429/5xx tests run in milliseconds."""
    waits: list[float] = []
    monkeypatch.setattr("tatakelola.connectors.http.time.sleep", waits.append)
    return waits
