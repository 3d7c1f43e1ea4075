"""Bounded waits: poll until a condition holds or a deadline passes, then assert. Never a bare sleep."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_for(probe: Callable[[], T | None], *, timeout: float, interval: float = 1.0, what: str) -> T:
    """The first non-None result of `probe`; AssertionError naming `what` when `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()  # never set: wait() only bounds the pause between two polls
    while True:
        result = probe()
        if result is not None:
            return result
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"{what}: still not the case after {timeout:.0f} s")
        pause.wait(min(interval, remaining))
