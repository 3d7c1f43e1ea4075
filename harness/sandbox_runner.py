"""The embedded sandbox for `--target sandbox`: started in this process on an ephemeral loopback port."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from connect_cert.harness.exitcodes import TargetUnreachable


class EmbeddedSandbox:
    """A started `connect_cert.sandbox.server.SandboxThread`; `url` is its origin, `stop()` ends it."""

    def __init__(self, db: str | None = None) -> None:
        try:
            from connect_cert.sandbox.server import SandboxThread

            self._thread: Any = SandboxThread(db=db).start()
        except Exception as exc:  # an incomplete or broken sandbox is an environment problem, not a crash
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise TargetUnreachable(f"the embedded sandbox did not start: {type(exc).__name__}: {detail}") from None
        self.url: str = self._thread.url

    def stop(self) -> None:
        self._thread.stop()


@contextmanager
def embedded_sandbox(db: str | None = None) -> Iterator[EmbeddedSandbox]:
    sandbox = EmbeddedSandbox(db)
    try:
        yield sandbox
    finally:
        sandbox.stop()
