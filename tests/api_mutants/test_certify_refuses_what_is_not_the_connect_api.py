"""`connect-cert certify --suites api` against something that is not the Connect API: exit 3, one line.

An empty HTTP server (404 with no body to everything), one that answers 200 with nothing, a port that
accepts and hangs up, and a closed port: each ends the run before any test with one clear line on
stderr and exit code 3 (unreachable or not the Connect API), never a traceback.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.harness.harness_fakes import serve

REPO = Path(__file__).resolve().parents[2]
CLI_TIMEOUT = 120
FAKE_TOKEN = "connect-cert-fake-token-0123456789"


def _empty_handler(status: int) -> type[BaseHTTPRequestHandler]:
    class Empty(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Empty


def _http_server(status: int) -> Iterator[str]:
    return serve(_empty_handler(status))


def _hang_up_server() -> Iterator[str]:
    """Accepts a connection and closes it at once: a port with no HTTP behind it."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    stop = threading.Event()

    def accept_and_hang_up() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            connection.close()

    thread = threading.Thread(target=accept_and_hang_up, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=10)
        listener.close()


def _closed_port() -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    yield f"http://127.0.0.1:{port}"


TARGETS = {
    "empty-404-server": lambda: _http_server(404),
    "empty-200-server": lambda: _http_server(200),
    "hang-up-port": _hang_up_server,
    "closed-port": _closed_port,
}


@pytest.fixture(params=sorted(TARGETS))
def not_connect(request: pytest.FixtureRequest) -> Iterator[str]:
    yield from TARGETS[request.param]()


def test_certify_exits_3_with_one_line(not_connect: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONNECT_CERT_")}
    env["CONNECT_CERT_TOKEN"] = FAKE_TOKEN  # a token, so the run gets as far as asking the target
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "connect_cert.harness.cli",
            "certify",
            "--suites",
            "api",
            "--target",
            not_connect,
            "--out",
            str(tmp_path / "out"),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT,
    )
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 3, (
        f"exit {result.returncode}\nstdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-2000:]}"
    )
    assert len(lines) == 1 and lines[0].startswith("connect-cert: error: "), result.stderr
    assert not_connect.split("//")[1] in lines[0], lines[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert FAKE_TOKEN not in result.stdout + result.stderr
