"""Fixtures of the partner tests: an in-process sandbox for the binding model, the run's embedded sandbox for
pages in the browser (with the web plugin's `page`), a sandbox port for `certify --sandbox-port`."""

from __future__ import annotations

import pytest

from connect_cert.harness.target import Target
from connect_cert.sandbox import create_app
from tests.in_process import InProcessSandbox, app_client
from tests.partner.support import free_port


@pytest.fixture
def in_process() -> InProcessSandbox:
    return InProcessSandbox(app_client(create_app()))


@pytest.fixture
def sandbox_port() -> int:
    """The port `certify --sandbox-port` starts the sandbox on, which the example app is pointed at."""
    return free_port()


@pytest.fixture(scope="session")
def sandbox_url(target: Target) -> str:
    """The origin of the run's embedded sandbox (the harness's `target`)."""
    return target.origin
