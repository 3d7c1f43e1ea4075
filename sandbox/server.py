"""Serve the sandbox on 127.0.0.1: in the foreground (`connect-cert sandbox serve`) or in a thread."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Sequence
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from connect_cert.sandbox.app import create_app

HOST = "127.0.0.1"


def bind(port: int = 0) -> socket.socket:
    """A listening socket on loopback; port 0 picks a free ephemeral port."""
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say TCP, and without it every
    # response waits ~40 ms for a delayed ACK (Nagle).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _config(app: ASGIApp, log_level: str) -> uvicorn.Config:
    return uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="off", ws="none")


def serve(port: int = 8765, db: str | None = None, log_level: str = "warning", fault_modes: Sequence[str] = ()) -> None:
    """Run until interrupted; `fault_modes` makes it wrong on purpose (`connect_cert.sandbox.faults`)."""
    app = create_app(db_path=db, fault_modes=fault_modes)
    sock = bind(port)
    server = uvicorn.Server(_config(app, log_level))
    print(f"Sandbox serving on http://{HOST}:{sock.getsockname()[1]} (Ctrl+C to stop)", flush=True)
    if fault_modes:
        print(f"Fault modes: {', '.join(fault_modes)} (a wrong sandbox on purpose)", flush=True)
    server.run(sockets=[sock])


class SandboxThread:
    """The sandbox in a background thread of this process, on an ephemeral loopback port."""

    def __init__(self, db: str | None = None, port: int = 0, log_level: str = "error", app: Any = None) -> None:
        """`app` serves a prepared ASGI app instead (tests wrap the sandbox to make it wrong on purpose)."""
        self.app = app if app is not None else create_app(db_path=db)
        self._sock = bind(port)
        self.port: int = self._sock.getsockname()[1]
        self.url = f"http://{HOST}:{self.port}"
        self._server = uvicorn.Server(_config(self.app, log_level))
        self._thread = threading.Thread(target=self._run, name="connect-cert-sandbox", daemon=True)

    def _run(self) -> None:
        asyncio.run(self._server.serve(sockets=[self._sock]))

    def start(self, timeout: float = 10.0) -> SandboxThread:
        self._thread.start()
        deadline = time.monotonic() + timeout
        tick = threading.Event()  # never set: a bounded pause between polls
        while not self._server.started and self._thread.is_alive() and time.monotonic() < deadline:
            tick.wait(0.005)
        if not self._server.started:
            self.stop()
            raise RuntimeError(f"sandbox did not start within {timeout:.0f} s")
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self._sock.close()
        state = getattr(self.app, "state", None)
        if state is not None and hasattr(state, "sandbox"):
            state.sandbox.store.close()

    def __enter__(self) -> SandboxThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
