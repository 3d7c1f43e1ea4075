"""Fixtures of the partner tests: an in-process sandbox for the binding model, a sandbox in a thread and a
plain page for the sandbox's own web, a sandbox port for `certify --sandbox-port`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from connect_cert.sandbox import create_app
from connect_cert.sandbox.server import SandboxThread
from tests.in_process import InProcessSandbox, app_client
from tests.partner.support import free_port


@pytest.fixture
def in_process() -> InProcessSandbox:
    return InProcessSandbox(app_client(create_app()))


@pytest.fixture
def sandbox_port() -> int:
    """The port `certify --sandbox-port` starts the sandbox on, which the example app is pointed at."""
    return free_port()


@pytest.fixture(scope="module")
def sandbox_url() -> Iterator[str]:
    """A whole sandbox on a loopback port, in a thread."""
    with SandboxThread() as sandbox:
        yield sandbox.url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A plain page of the harness's browser (no trace or video: these tests look at the sandbox)."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
