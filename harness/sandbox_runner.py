"""The embedded sandbox for `--target sandbox`: started in this process on an ephemeral loopback port.

`CONNECT_CERT_SANDBOX_FAULTS=NAME,…` starts it with those fault modes (`connect_cert.sandbox.faults`): a wrong
sandbox on purpose, which `connect-cert selftest` certifies to show that the suites catch each fault.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from connect_cert.harness.exitcodes import ConfigError, TargetUnreachable

FAULTS_ENV = "CONNECT_CERT_SANDBOX_FAULTS"


def fault_modes_from_env(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The fault modes `CONNECT_CERT_SANDBOX_FAULTS` names (comma-separated), each checked against the catalog."""
    raw = (os.environ if environ is None else environ).get(FAULTS_ENV, "")
    names = [name.strip() for name in raw.split(",") if name.strip()]
    if not names:
        return ()
    from connect_cert.sandbox.faults import UnknownFault, validate

    try:
        return validate(names)
    except UnknownFault as exc:
        raise ConfigError(f"{FAULTS_ENV}: {exc}") from None


class EmbeddedSandbox:
    """A started `connect_cert.sandbox.server.SandboxThread`; `url` is its origin, `stop()` ends it."""

    def __init__(self, db: str | None = None, fault_modes: Sequence[str] | None = None) -> None:
        """`fault_modes` None: the ones `CONNECT_CERT_SANDBOX_FAULTS` names (usually none)."""
        self.fault_modes: tuple[str, ...] = fault_modes_from_env() if fault_modes is None else tuple(fault_modes)
        try:
            from connect_cert.sandbox.app import create_app
            from connect_cert.sandbox.server import SandboxThread

            app = create_app(db_path=db, fault_modes=self.fault_modes)
            self._thread: Any = SandboxThread(app=app).start()
        except Exception as exc:  # an incomplete or broken sandbox is an environment problem, not a crash
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise TargetUnreachable(f"the embedded sandbox did not start: {type(exc).__name__}: {detail}") from None
        self.url: str = self._thread.url

    def stop(self) -> None:
        self._thread.stop()


@contextmanager
def embedded_sandbox(db: str | None = None, fault_modes: Sequence[str] | None = None) -> Iterator[EmbeddedSandbox]:
    sandbox = EmbeddedSandbox(db, fault_modes)
    try:
        yield sandbox
    finally:
        sandbox.stop()
