"""Fixtures for the web part's own tests: a sandbox serving a mutated reference client, and the suite
run against it in a subprocess, exactly as a partner would run it (`pytest suites/web --target URL`)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Playwright
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from connect_cert.harness.web.browser import launch_args, release_playwright, shared_playwright, start_browser
from connect_cert.sandbox import create_app
from connect_cert.sandbox.server import SandboxThread, bind
from tests.web.mutants import APP_JS, APP_JS_PATH, Mutant

REPO = Path(__file__).resolve().parents[2]
SUITE_TIMEOUT_S = 240


class MutatedClient:
    """The sandbox, except that the reference client's script is the mutant's."""

    def __init__(self, app: ASGIApp, script: str) -> None:
        self.app = app
        self.script = script

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == APP_JS_PATH:
            response = Response(self.script, media_type="text/javascript", headers={"Cache-Control": "no-store"})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class MutantSandbox:
    """A whole sandbox on a loopback port, in a thread, serving one mutant of the reference client."""

    def __init__(self, mutant: Mutant) -> None:
        app = create_app()
        self._store = app.state.sandbox.store
        self._sock = bind(0)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        config = uvicorn.Config(
            MutatedClient(app, mutant.apply(APP_JS.read_text(encoding="utf-8"))),
            log_level="error",
            access_log=False,
            lifespan="off",
            ws="none",
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=lambda: asyncio.run(self._server.serve(sockets=[self._sock])),
            name=f"mutant-{mutant.name}",
            daemon=True,
        )

    def __enter__(self) -> MutantSandbox:
        self._thread.start()
        ready = threading.Event()
        for _ in range(500):  # bounded: 500 polls of 10 ms
            if self._server.started or ready.wait(0.01):
                break
        if not self._server.started:
            raise RuntimeError("the mutant sandbox did not start within 5 s")
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()
        self._store.close()


@dataclass(frozen=True)
class SuiteRun:
    returncode: int
    output: str


def run_suite(target_url: str, test_file: str, reports: Path, *extra: str) -> SuiteRun:
    """The web suite's `test_file` against `target_url`, stopping at the first failure."""
    command = [
        sys.executable,
        "-m",
        "pytest",
        f"suites/web/{test_file}",
        "--target",
        target_url,
        "-x",
        "-q",
        "-p",
        "connect_cert.harness.reports.plugin",
        "--certification-reports",
        "off",
        "--web-artifacts",
        "off",
        "--reports-dir",
        str(reports),
        "-p",
        "no:randomly",
        *extra,
    ]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=SUITE_TIMEOUT_S, check=False)
    return SuiteRun(done.returncode, done.stdout + done.stderr)


@pytest.fixture
def suite_against(tmp_path: Path) -> Callable[..., SuiteRun]:
    """`suite_against(mutant)`: serve the mutant, run the suite test meant to catch it, answer the run."""

    def run(mutant: Mutant, *extra: str) -> SuiteRun:
        with MutantSandbox(mutant) as sandbox:
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
