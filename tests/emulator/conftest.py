"""Fixtures for the Stripe emulator's own tests: an app in-process and Stripe's API over it (helpers live in
support.py); a sandbox on a loopback port and Stripe's official SDK pointed at it (sdk_support.py)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from starlette.testclient import TestClient

from connect_cert.sandbox import create_app
from connect_cert.sandbox.server import SandboxThread
from tests.emulator import stripe_schemas
from tests.emulator.sdk_support import OfficialStripe, Served, connect, schema_problems
from tests.emulator.support import StripeCalls
from tests.in_process import app_client


@pytest.fixture
def emulator_client() -> Iterator[TestClient]:
    with app_client(create_app()) as client:
        yield client


@pytest.fixture
def stripe(emulator_client: TestClient) -> Iterator[StripeCalls]:
    calls = StripeCalls(emulator_client)
    yield calls
    calls.close()


@pytest.fixture(scope="module")
def sandbox_server() -> Iterator[Served]:
    with SandboxThread() as server, httpx.Client(base_url=server.url, timeout=10) as http:
        yield Served(server.url, http)


@pytest.fixture
def official_stripe(sandbox_server: Served) -> Iterator[OfficialStripe]:
    """Every answer the SDK receives in the test is checked against Stripe's published schemas at its end."""
    if not stripe_schemas.available():
        pytest.skip(f"Stripe's published schemas are not at {stripe_schemas.REFERENCE} (../shared/reference)")
    sdk = connect(sandbox_server)
    yield sdk
    problems = schema_problems(sdk.recorder)
    assert not problems, "answers that do not fit Stripe's published schemas:\n" + "\n".join(problems)
