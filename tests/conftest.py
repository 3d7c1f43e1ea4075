"""Fixtures shared by the harness's and the devices' tests: a web server that is not the Connect API, a
Connect-like API, a loopback port where nothing listens (the servers live in tests/harness/harness_fakes.py)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.harness.harness_fakes import ConnectLike, PlainSite, serve


@pytest.fixture(scope="session")
def plain_site() -> Iterator[str]:
    yield from serve(PlainSite)


@pytest.fixture(scope="session")
def connect_like() -> Iterator[str]:
    yield from serve(ConnectLike)


@pytest.fixture
def closed_port_url() -> str:
    """A loopback URL where nothing listens (the port was just free)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
