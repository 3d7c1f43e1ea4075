"""Fixtures of the self-test's own tests: a sandbox in-process with or without a fault mode, the same over
loopback for a browser page (helpers live in probes.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack

import pytest
from playwright.sync_api import Browser as PlaywrightBrowser

from connect_cert.sandbox.app import create_app
from connect_cert.sandbox.server import SandboxThread
from tests.in_process import InProcessSandbox, app_client
from tests.selftest.probes import Api, Browser

Modes = Sequence[str]


def _api(sandbox: InProcessSandbox, stack: ExitStack) -> Api:
    connect = sandbox.connect("partner_a")
    api = Api(
        http=sandbox.http,
        connect=connect,
        other=sandbox.connect("partner_b"),
        anonymous=sandbox.connect(None),
        frontend=sandbox.frontend(connect),
        control=sandbox.control(),
    )
    for client in (api.connect, api.other, api.anonymous, api.control, api.frontend.stripe):
        stack.callback(client.close)
    return api


@pytest.fixture
def api_with() -> Iterator[Callable[[Modes], Api]]:
    """`api_with(["auth.…"])`: a fresh in-process sandbox whose fault modes are set through its control API."""
    with ExitStack() as stack:

        def build(modes: Modes) -> Api:
            http = stack.enter_context(app_client(create_app()))
            api = _api(InProcessSandbox(http), stack)
            api.control.configure(fault_modes=list(modes)).expect(200)
            return api

        yield build


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, Api]]:
    """One sandbox on loopback for the browser probes (their fault modes set per test), and its HTTP clients."""
    with ExitStack() as stack:
        server = stack.enter_context(SandboxThread())
        http = stack.enter_context(app_client(server.app))
        yield server.url, _api(InProcessSandbox(http), stack)


@pytest.fixture
def browser_with(served: tuple[str, Api], browser: PlaywrightBrowser) -> Iterator[Callable[[Modes], Browser]]:
    """`browser_with(modes)`: the loopback sandbox set to those fault modes, and a new page on it."""
    url, api = served
    with ExitStack() as stack:

        def build(modes: Modes) -> Browser:
            api.control.configure(fault_modes=list(modes), preauth_amount="50.00").expect(200)
            context = browser.new_context()
            stack.callback(context.close)
            context.set_default_timeout(10_000)
            return Browser(context.new_page(), url, api)

        yield build
        api.control.configure(fault_modes=[]).expect(200)
