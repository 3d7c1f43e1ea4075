"""Time a command in a child process, bounded; its environment without the caller's connect-cert settings."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TIMEOUT_S = 1800


@dataclass(frozen=True)
class Timed:
    seconds: float
    returncode: int
    output: str


def child_env() -> dict[str, str]:
    """The environment of a measured run: no CONNECT_CERT_* setting of the caller (a fault mode, a record)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("CONNECT_CERT_")}


def timed(argv: list[str], *, cwd: Path = REPO) -> Timed:
    """Run `argv` to its end (bounded) and time it; a failure ends the benchmark with its output."""
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=child_env(), capture_output=True, text=True, timeout=TIMEOUT_S)
    seconds = time.perf_counter() - start
    return Timed(seconds, done.returncode, done.stdout + done.stderr)


def connect_cert(*args: str) -> list[str]:
    return [sys.executable, "-m", "connect_cert.harness.cli", *args]


def must_pass(run: Timed, what: str) -> Timed:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed (exit {run.returncode}):\n{run.output[-3000:]}")
    return run
