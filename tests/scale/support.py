"""The CLI as a CI job runs it: a child process, bounded for a busy machine."""

from __future__ import annotations

import subprocess

from tests.harness.harness_fakes import run_cli

RUN_TIMEOUT = 900  # seconds for one certify run on a busy 2-core machine (a minute or two when idle)


def connect_cert(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`connect-cert ARGS` to its end, bounded by RUN_TIMEOUT."""
    return run_cli(*args, env=env, timeout=RUN_TIMEOUT)
