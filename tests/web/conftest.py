"""Fixtures for the web part's own tests: a browser, the sandbox in a thread, and the web suite run against
a sandbox serving a mutant of the reference client (helpers live in support.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright

from connect_cert.harness.web.browser import launch_args, release_playwright, shared_playwright, start_browser
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


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    yield shared_playwright()
    release_playwright()


@pytest.fixture(scope="module")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    started = start_browser(playwright_driver, None, launch_args())
    yield started
    started.close()


@pytest.fixture(scope="module")
def sandbox_url() -> Iterator[str]:
    with SandboxThread() as sandbox:
        yield sandbox.url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
