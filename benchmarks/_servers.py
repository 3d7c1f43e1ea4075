"""Start a server in a child process on a free loopback port and stop it again."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

_URL = re.compile(r"(http://127\.0\.0\.1:\d+)")


@contextmanager
def child_server(args: list[str], timeout: float = 20.0) -> Iterator[str]:
    """Run `python <args>` that prints its URL on its first line; yield the URL; terminate it after."""
    proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # bounded: the child prints first or exits
        match = _URL.search(line)
        if not match:
            raise RuntimeError(f"server did not start: {line.strip() or proc.wait(timeout)}")
        yield match.group(1)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
