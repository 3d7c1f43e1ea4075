"""Fault modes are turned on by name: `create_app`, `PUT /_sandbox/config`, `sandbox serve --fault`, and
`CONNECT_CERT_SANDBOX_FAULTS` for the embedded sandbox; an unknown name is refused with one line."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.sandbox_runner import FAULTS_ENV, EmbeddedSandbox, fault_modes_from_env
from connect_cert.sandbox.app import create_app
from connect_cert.sandbox.faults import FAMILIES, UnknownFault, catalog
from tests.in_process import InProcessSandbox, app_client

FAULT = "auth.unknown_token_accepted"
OTHER = "lifecycle.invoice_missing"
STARTUP_TIMEOUT_S = 20


@pytest.fixture
def sandbox() -> Iterator[InProcessSandbox]:
    with app_client(create_app()) as http:
        yield InProcessSandbox(http)


def test_the_catalog_has_at_least_35_faults_each_named_by_its_family_with_one_line() -> None:
    faults = catalog()
    assert len(faults) >= 35
    for fault in faults:
        assert fault.family in FAMILIES and fault.name.startswith(f"{fault.family}.")
        assert fault.description and "\n" not in fault.description
    assert {f.family for f in faults} >= set(FAMILIES) - {"paymentsheet"}


def test_put_config_replaces_the_active_fault_modes_and_a_reset_keeps_them(sandbox: InProcessSandbox) -> None:
    control = sandbox.control()
    assert control.settings().expect(200)["fault_modes"] == []
    assert control.configure(fault_modes=[FAULT, OTHER]).expect(200)["fault_modes"] == [FAULT, OTHER]
    assert control.info().expect(200)["fault_modes"] == [FAULT, OTHER]
    control.reset().expect(204)
    assert control.configure(fault_modes=[OTHER]).expect(200)["fault_modes"] == [OTHER]
    control.reset().expect(204)
    assert control.info().expect(200)["fault_modes"] == [OTHER]
    assert control.configure(fault_modes=[]).expect(200)["fault_modes"] == []


def test_an_unknown_fault_mode_is_refused_and_changes_nothing(sandbox: InProcessSandbox) -> None:
    control = sandbox.control()
    control.configure(fault_modes=[FAULT]).expect(200)
    refused = control.configure(fault_modes=["auth.unknown_token_acceptd"], preauth_amount="0")
    assert refused.status == 400
    assert refused.body == {"detail": f"unknown fault mode 'auth.unknown_token_acceptd' (did you mean {FAULT}?)."}
    settings = control.settings().expect(200)
    assert settings["fault_modes"] == [FAULT] and settings["preauth_amount"] == "50.00"
    assert control.configure(fault_modes=FAULT).status == 400  # a list, not a name
    with pytest.raises(UnknownFault):
        create_app(fault_modes=["contract.nope"])


def test_the_embedded_sandbox_takes_its_fault_modes_from_the_environment() -> None:
    assert fault_modes_from_env({FAULTS_ENV: f" {FAULT}, ,{OTHER}"}) == (FAULT, OTHER)
    assert fault_modes_from_env({}) == ()
    with pytest.raises(ConfigError, match=f"^{FAULTS_ENV}: unknown fault mode 'nope'$"):
        fault_modes_from_env({FAULTS_ENV: "nope"})
    embedded = EmbeddedSandbox(fault_modes=[FAULT])
    try:
        assert httpx.get(f"{embedded.url}/_sandbox/info", timeout=10).json()["fault_modes"] == [FAULT]
    finally:
        embedded.stop()


def test_sandbox_serve_runs_with_the_fault_modes_given() -> None:
    command = [sys.executable, "-m", "connect_cert.harness.cli", "sandbox", "serve", "--port", "0"]
    server = subprocess.Popen(
        [*command, "--fault", FAULT, "--fault", OTHER], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()  # the server prints its URL first (or exits)
        url = re.search(r"http://127\.0\.0\.1:\d+", first)
        assert url, first
        assert FAULT in server.stdout.readline()
        assert httpx.get(f"{url.group(0)}/_sandbox/info", timeout=10).json()["fault_modes"] == [FAULT, OTHER]
    finally:
        server.terminate()
        server.wait(STARTUP_TIMEOUT_S)


def test_an_unknown_fault_is_one_line_and_exit_2() -> None:
    for args in (["sandbox", "serve", "--fault", "auth.nope"], ["selftest", "--faults", "auth.nope"]):
        done = subprocess.run(
            [sys.executable, "-m", "connect_cert.harness.cli", *args],
            capture_output=True,
            text=True,
            timeout=STARTUP_TIMEOUT_S,
        )
        assert done.returncode == 2, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and "auth.nope" in done.stderr, done.stderr
