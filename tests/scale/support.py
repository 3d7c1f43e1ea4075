"""The CLI as a CI job runs it: a child process, its environment without the caller's connect-cert settings."""

from __future__ import annotations

import subprocess
import sys

from tests.harness.harness_fakes import REPO, clean_env

RUN_TIMEOUT = 900  # seconds for one certify run on a busy 2-core machine (a minute or two when idle)


def connect_cert(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`connect-cert ARGS` to its end, bounded by RUN_TIMEOUT."""
    return subprocess.run(
        [sys.executable, "-m", "connect_cert.harness.cli", *args],
        cwd=REPO,
        env=env or clean_env(),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
        stdin=subprocess.DEVNULL,
    )
