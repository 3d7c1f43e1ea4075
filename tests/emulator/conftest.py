"""Fixtures for the Stripe emulator's own tests: an app in-process and Stripe's API over it (helpers live in
support.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from connect_cert.sandbox import create_app
from tests.emulator.sdk_support import official_stripe, sandbox_server  # noqa: F401  (the official SDK's fixtures)
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
