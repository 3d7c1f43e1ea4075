"""Helpers of the partner tests: the example partner app (examples/partner-web/) in a subprocess, its
certification.yaml pointed at the ports of this run, and `connect-cert certify` run as a partner runs it."""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "partner-web"
CONNECT_CERT = Path(sys.executable).parent / "connect-cert"
START_TIMEOUT_S = 20
CERTIFY_TIMEOUT_S = 600


def free_port() -> int:
    """A loopback port free right now (the sandbox and the app take theirs a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def example_app(sandbox_url: str, variant: str | None = None, *, debug: bool = False) -> Iterator[str]:
    """The example app on a free port, its backend pointed at `sandbox_url`; yields the app's URL."""
    command = [sys.executable, str(EXAMPLE / "server.py"), "--port", "0", "--sandbox", sandbox_url]
    if variant:
        command += ["--variant", variant]
    if debug:
        command.append("--debug")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO)
    try:
        assert process.stdout is not None
        waiting = selectors.DefaultSelector()
        waiting.register(process.stdout, selectors.EVENT_READ)
        ready = waiting.select(timeout=START_TIMEOUT_S)
        first = process.stdout.readline() if ready else ""
        assert first.startswith("Voltstrom on "), f"the example app did not start: {first!r}"
        yield first.split()[2]
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def partner_config(folder: Path, app_url: str, sandbox_port: int, **web: Any) -> Path:
    """The example's certification.yaml with this run's app URL and sandbox port (and `apps.web` changes)."""
    config = yaml.safe_load((EXAMPLE / "certification.yaml").read_text(encoding="utf-8"))
    config["apps"]["web"]["url"] = app_url
    config["apps"]["web"].update(web)
    config["target"]["sandbox_port"] = sandbox_port
    path = folder / "certification.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


@dataclass(frozen=True)
class Certification:
    returncode: int
    output: str
    seconds: float
    document: dict[str, Any]

    def _web_cells(self) -> list[dict[str, Any]]:
        return [req["platforms"]["web"] for req in self.document.get("requirements", []) if "web" in req["platforms"]]

    def tests(self, status: str) -> list[str]:
        """Names of the web tests with this status (passed, failed, broken, skipped), once each."""
        names = [t["name"] for cell in self._web_cells() for t in cell["tests"] if t["status"] == status]
        return sorted(set(names))

    def findings(self) -> list[dict[str, Any]]:
        """The web findings of failed and broken tests: test, status, message, reproduce commands."""
        return [f for cell in self._web_cells() for f in cell["findings"] if f["status"] in ("failed", "broken")]


def certify(config: Path, out: Path, *pytest_args: str, workers: int = 0) -> Certification:
    """`connect-cert certify --partner-config … --suites web` (the example's target and sandbox port)."""
    command = [str(CONNECT_CERT), "certify", "--partner-config", str(config), "--suites", "web", "--out", str(out)]
    command += ["-n", str(workers), "--", "--web-artifacts", "off", *pytest_args]
    started = time.monotonic()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    done = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=CERTIFY_TIMEOUT_S, check=False, env=env
    )
    seconds = time.monotonic() - started
    document_path = out / "certification.json"
    document = json.loads(document_path.read_text(encoding="utf-8")) if document_path.is_file() else {}
    return Certification(done.returncode, done.stdout + done.stderr, seconds, document)
