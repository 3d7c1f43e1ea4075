"""Stand-ins for the harness's own tests: a Connect-like API, a plain web server, a closed port, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FAKE_TOKEN = "fake-partner-token-0123456789"


class _Quiet(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class PlainSite(_Quiet):
    """Any web server that is not the Connect API."""

    def do_GET(self) -> None:
        self._send(200, b"<html><body>It works!</body></html>", "text/html")


class ConnectLike(_Quiet):
    """Answers like the Connect API on GET /api/v1/users/ and has no /_sandbox/info."""

    def _json(self, status: int, body: object) -> None:
        self._send(status, json.dumps(body).encode(), "application/json")

    def do_GET(self) -> None:
        if not self.path.startswith("/api/v1/users/"):
            self._json(404, {"detail": "Not found."})
            return
        auth = self.headers.get("Authorization")
        if auth is None:
            self._json(401, {"detail": "Authentication credentials were not provided."})
        elif auth == f"Bearer {FAKE_TOKEN}":
            self._json(200, {"count": 0, "next": None, "previous": None, "results": []})
        else:
            self._json(403, {"detail": "Given token not valid for any token type"})


def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without connect-cert variables, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONNECT_CERT_")}
    env.update(extra)
    return env


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path = REPO, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "connect_cert.harness.cli", *args],
        cwd=cwd,
        env=env or clean_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
