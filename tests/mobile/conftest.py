"""Fixtures of the device part's own tests: one Appium server for them all (the suite runs they start use it
with --appium-url), and the device suite run against a sandbox serving a wrong stand-in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from connect_cert.harness.mobile.appium_server import find_appium, running_appium
from tests.mobile.support import SuiteRun, mutant_sandbox, run_device_suite
from tests.web.mutants import Mutant


@pytest.fixture(scope="session")
def shared_appium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Appium server on a free loopback port for this worker's tests, stopped after them."""
    executable = find_appium()
    if executable is None:
        pytest.skip("no appium: run `make install` (Appium 3 and its Chromium driver from npm)")
    with running_appium(executable, tmp_path_factory.mktemp("appium") / "appium.log") as server:
        yield server.url


@pytest.fixture
def suite_against(tmp_path: Path, shared_appium: str) -> Callable[..., SuiteRun]:
    """`suite_against(mutant, device)`: serve the mutant, run the suite test meant to catch it on the device."""

    def run(mutant: Mutant, device: str = "iphone-15") -> SuiteRun:
        with mutant_sandbox(mutant) as sandbox:
            return run_device_suite(
                sandbox.url, mutant.suite_test, tmp_path / mutant.name, device=device, appium_url=shared_appium
            )

    return run
