"""Fixtures for the web part's own tests: the sandbox in a thread, a plain page of the harness's browser, and
the web suite run against a sandbox serving a mutant of the reference client (helpers live in support.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from connect_cert.sandbox.server import SandboxThread
from tests.web.mutants import Mutant
from tests.web.support import SuiteRun, mutant_sandbox, run_suite


@pytest.fixture
def suite_against(tmp_path: Path) -> Callable[..., SuiteRun]:
    """`suite_against(mutant)`: serve the mutant, run the suite test meant to catch it, answer the run."""

    def run(mutant: Mutant, *extra: str) -> SuiteRun:
        with mutant_sandbox(mutant) as sandbox:
            return run_suite(sandbox.url, mutant.suite_test, tmp_path / mutant.name, *extra)

    return run


@pytest.fixture(scope="module")
def sandbox_url() -> Iterator[str]:
    with SandboxThread() as sandbox:
        yield sandbox.url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page without the web suite's trace and video: these tests look at the stand-in, not a partner's app."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
