"""Stand-ins for Appium providers: a /status that is ready, one that is not, one that never answers."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from tests.harness.harness_fakes import serve


class _Status(BaseHTTPRequestHandler):
    body: object = {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        found = self.path.rstrip("/") in ("/status", "/wd/hub/status")
        payload = json.dumps(self.body if found else {"value": {"error": "unknown command"}}).encode()
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class ReadyAppium(_Status):
    body = {
        "value": {
            "ready": True,
            "message": "The server is ready to accept new connections",
            "build": {"version": "3.0.2"},
        }
    }


class EmptyGrid(_Status):
    body = {"value": {"ready": False, "message": "Selenium Grid not ready.", "nodes": []}}


@pytest.fixture(scope="session")
def ready_appium() -> Iterator[str]:
    yield from serve(ReadyAppium)


@pytest.fixture(scope="session")
def empty_grid() -> Iterator[str]:
    yield from serve(EmptyGrid)


@pytest.fixture
def silent_port() -> Iterator[str]:
    """A loopback URL that accepts the connection and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
