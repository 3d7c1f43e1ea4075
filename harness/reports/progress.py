"""Progress of a run: suite, tests done of collected, elapsed.

On a terminal it reports every few seconds; when the output is not a terminal or the run is in CI (`CI`
set), it writes plain lines less often, so logs stay short. Lines go through pytest's terminal reporter,
so they never end up in captured output.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

TTY_INTERVAL = 5.0  # seconds between progress lines on a terminal
PLAIN_INTERVAL = 30.0  # ... in CI or a log file
PLAIN_EVERY = 50  # ... or every this many tests, whichever comes first


def suite_of(nodeid: str) -> str:
    """`suites/web/test_x.py::t` -> `web`; anything else -> its first folder."""
    parts = Path(nodeid.split("::", 1)[0]).parts
    if "suites" in parts and parts.index("suites") + 1 < len(parts) - 1:
        return parts[parts.index("suites") + 1]
    return parts[0] if len(parts) > 1 else "tests"


def plain_mode(isatty: bool, environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return not isatty or bool(env.get("CI"))


def format_elapsed(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


@dataclass
class Progress:
    """Decides when to say what; `write` receives whole lines."""

    write: Callable[[str], None]
    plain: bool
    clock: Callable[[], float] = time.monotonic
    total: int = 0
    done: int = 0
    failed: int = 0
    suite: str | None = None
    started: float = field(default=0.0)
    _last_line: float = field(default=0.0)
    _last_done: int = field(default=0)

    def start(self, total: int) -> None:
        self.total, self.started = total, self.clock()
        self._last_line = self.started

    def line(self) -> str:
        failed = f", {self.failed} failed" if self.failed else ""
        total = f"/{self.total}" if self.total else ""
        return f"[connect-cert] suite {self.suite or '-'}: {self.done}{total} tests done{failed}, {format_elapsed(self.clock() - self.started)} elapsed"

    def test_finished(self, nodeid: str, failed: bool) -> None:
        suite = suite_of(nodeid)
        self.done += 1
        self.failed += int(failed)
        now = self.clock()
        if suite != self.suite:
            self.suite = suite
            self._emit(now)
            return
        interval = PLAIN_INTERVAL if self.plain else TTY_INTERVAL
        if now - self._last_line >= interval or (self.plain and self.done - self._last_done >= PLAIN_EVERY):
            self._emit(now)

    def finish(self) -> None:
        self._emit(self.clock())

    def _emit(self, now: float) -> None:
        self._last_line, self._last_done = now, self.done
        self.write(self.line())
