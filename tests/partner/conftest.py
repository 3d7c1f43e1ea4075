"""Fixtures of the partner tests: an in-process sandbox for the binding model, a sandbox in a thread and a
plain page for the sandbox's own web, a sandbox port for `certify --sandbox-port`."""

from __future__ import annotations

import pytest

from connect_cert.sandbox import create_app
from tests.in_process import InProcessSandbox, app_client
from tests.partner.support import free_port
from tests.web.conftest import page, sandbox_url  # noqa: F401  (the same sandbox thread and plain page)


@pytest.fixture
def in_process() -> InProcessSandbox:
    return InProcessSandbox(app_client(create_app()))


@pytest.fixture
def sandbox_port() -> int:
    """The port `certify --sandbox-port` starts the sandbox on, which the example app is pointed at."""
    return free_port()
