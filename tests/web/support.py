"""Helpers of the web part's own tests: a sandbox serving a mutated reference client, and the web suite run
against a target in a subprocess, exactly as a partner runs it (`pytest suites/web --target URL`)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from connect_cert.sandbox import create_app
from connect_cert.sandbox.server import SandboxThread
from tests.web.mutants import APP_JS, APP_JS_PATH, Mutant

REPO = Path(__file__).resolve().parents[2]
SUITE_TIMEOUT_S = 240


class MutatedClient:
    """The sandbox app, except that the reference client's script is the mutant's."""

    def __init__(self, app: ASGIApp, script: str) -> None:
        self.app = app
        self.script = script
        self.state = getattr(app, "state", None)  # SandboxThread closes the sandbox's store through it

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == APP_JS_PATH:
            response = Response(self.script, media_type="text/javascript", headers={"Cache-Control": "no-store"})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def mutant_sandbox(mutant: Mutant) -> SandboxThread:
    """A whole sandbox on a loopback port, in a thread, serving one mutant of the reference client."""
    script = mutant.apply(APP_JS.read_text(encoding="utf-8"))
    return SandboxThread(app=MutatedClient(create_app(), script))


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
