"""Helpers of the device part's own tests: a sandbox serving a wrong build of the PaymentSheet stand-in, and
the device suite run in a subprocess as a partner runs it (`pytest suites/mobile --target URL`), on one
device, through an Appium server the tests share (`--appium-url`)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from connect_cert.sandbox import create_app
from connect_cert.sandbox.server import SandboxThread
from tests.mobile.mutants import APP_JS, APP_JS_PATH
from tests.web.mutants import Mutant

REPO = Path(__file__).resolve().parents[2]
SUITE_TIMEOUT_S = 300


def mutant_sandbox(mutant: Mutant) -> SandboxThread:
    """A whole sandbox on a loopback port, in a thread, whose stand-in runs the mutant's script."""
    script = mutant.apply(APP_JS.read_text(encoding="utf-8"))

    async def mutated(request: Request) -> Response:
        return Response(script, media_type="text/javascript", headers={"Cache-Control": "no-store"})

    app = create_app()
    app.router.routes.insert(0, Route(APP_JS_PATH, mutated, methods=["GET"]))  # ahead of the static mount
    return SandboxThread(app=app)


@dataclass(frozen=True)
class SuiteRun:
    returncode: int
    output: str


def run_device_suite(target_url: str, test_file: str, reports: Path, *, device: str, appium_url: str) -> SuiteRun:
    """The device suite's `test_file` on one device against `target_url`, stopping at the first failure."""
    command = [
        sys.executable,
        "-m",
        "pytest",
        f"suites/mobile/{test_file}",
        "-c",
        "suites/pytest.ini",
        "--rootdir",
        "suites",
        "-p",
        "connect_cert",
        "--target",
        target_url,
        "--devices",
        device,
        "--appium-url",
        appium_url,
        "--certification-reports",
        "off",
        "--reports-dir",
        str(reports),
        "-x",
        "-q",
        "-p",
        "no:randomly",
    ]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=SUITE_TIMEOUT_S, check=False)
    return SuiteRun(done.returncode, done.stdout + done.stderr)
