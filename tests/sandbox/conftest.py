"""Fixtures for the sandbox's own tests: an app in-process, the harness's typed clients over it (two
partners, Stripe as an app calls it, the control API), Stripe as the backend calls it, and a `flow` that
builds the usual preconditions (helpers live in support.py and tests/in_process.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from connect_cert.harness.clients import ApiResponse
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.clients.sandbox_control import SandboxControl
from connect_cert.harness.clients.stripe import StripeClient
from connect_cert.harness.frontend import Frontend
from connect_cert.sandbox.app import create_app
from connect_cert.sandbox.core import Sandbox
from tests.in_process import InProcessSandbox, StripeBackend, app_client
from tests.sandbox.support import Flow, rich_error


@pytest.fixture
def app() -> Starlette:
    return create_app()


@pytest.fixture
def control_from(app: Starlette) -> Iterator[Callable[[str], SandboxControl]]:
    """The control API of the same app as a client on another host sees it (it serves loopback only)."""
    clients: list[TestClient] = []

    def control(host: str) -> SandboxControl:
        clients.append(app_client(app, client=(host, 40000)))
        return InProcessSandbox(clients[-1]).control()

    yield control
    for test_client in clients:
        test_client.close()


@pytest.fixture
def sandbox(app: Starlette) -> Sandbox:
    return app.state.sandbox


@pytest.fixture
def client(app: Starlette) -> Iterator[TestClient]:
    """Raw HTTP to the app, for requests no client of the harness would send."""
    with app_client(app) as test_client:
        yield test_client


@pytest.fixture
def in_process(client: TestClient) -> InProcessSandbox:
    return InProcessSandbox(client)


@pytest.fixture
def api(in_process: InProcessSandbox) -> Iterator[ConnectClient]:
    with closing(in_process.connect("partner_a")) as connect:
        yield connect


@pytest.fixture
def api_b(in_process: InProcessSandbox) -> Iterator[ConnectClient]:
    with closing(in_process.connect("partner_b")) as connect:
        yield connect


@pytest.fixture
def stripe_client(in_process: InProcessSandbox) -> Iterator[StripeClient]:
    with closing(in_process.stripe()) as stripe:
        yield stripe


@pytest.fixture
def stripe_server(in_process: InProcessSandbox) -> Iterator[StripeBackend]:
    with closing(in_process.stripe_backend()) as backend:
        yield backend


@pytest.fixture
def control(in_process: InProcessSandbox) -> Iterator[SandboxControl]:
    with closing(in_process.control()) as sandbox_control:
        yield sandbox_control


@pytest.fixture
def frontend(api: ConnectClient, stripe_client: StripeClient, control: SandboxControl) -> Frontend:
    return Frontend(api, stripe_client, control)


@pytest.fixture
def flow(api: ConnectClient, frontend: Frontend, control: SandboxControl) -> Flow:
    return Flow(api, frontend, control)


@pytest.fixture
def flow_for() -> Iterator[Callable[[Starlette], Flow]]:
    """A `flow` against another app (e.g. one reopened on the same database file)."""
    clients: list[TestClient] = []

    def build(other: Starlette) -> Flow:
        clients.append(app_client(other))
        sandbox = InProcessSandbox(clients[-1])
        api = sandbox.connect("partner_a")
        return Flow(api, sandbox.frontend(api), sandbox.control())

    yield build
    for test_client in clients:
        test_client.close()


@pytest.fixture
def error_of() -> Callable[[ApiResponse], dict[str, Any]]:
    """The rich envelope's `error` part, after checking the envelope itself."""
    return rich_error
