"""The pytest plugin of `connect-cert selftest`'s runs: one JSON line per test outcome, with its time.

Loaded with `-p connect_cert.harness.selftest.probe`; it writes to the file `CONNECT_CERT_SELFTEST_RECORD`
names (and does nothing without it). A line: `nodeid`, `when` (setup, call, teardown), `outcome` (passed,
failed, skipped), `environment` (the failure is the environment's: `EnvironmentBroken`), `requirements` (the
test's requirement markers), `message` (the failure's first lines, redacted) and `t` (epoch seconds). Passed
setups and teardowns are not written. Under pytest-xdist every worker appends its own lines (one write each).
One more line says how many tests the run selected: `{"selected": N, "t": …}`.

With `CONNECT_CERT_SELFTEST_ORDER=cheap-first` (the self-test's fault runs, which stop at the first failure)
the tests that need the whole contract run (the `contract_run` fixture: one Schemathesis run that costs more
than every other API test together) run after the others; the order within each part is pytest's.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Generator
from typing import IO, Any

import pytest

from connect_cert.harness import redact
from connect_cert.harness.exitcodes import EnvironmentBroken

RECORD_ENV = "CONNECT_CERT_SELFTEST_RECORD"
ORDER_ENV = "CONNECT_CERT_SELFTEST_ORDER"
CHEAP_FIRST = "cheap-first"
EXPENSIVE_FIXTURES = frozenset({"contract_run"})
MESSAGE_LINES = 4
LINE_CHARS = 300


def failure_lines(text: str) -> list[str]:
    """The first non-empty lines of a failure, redacted and cut to a readable length."""
    lines = [" ".join(line.split()) for line in redact.redact(text).splitlines()]
    return [line[:LINE_CHARS] for line in lines if line][:MESSAGE_LINES]


class Recorder:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        if report.passed and report.when != "call":
            return
        excinfo = call.excinfo
        message: list[str] = []
        if report.failed and excinfo is not None:
            message = failure_lines(excinfo.exconly())
        line = {
            "nodeid": report.nodeid,
            "when": report.when,
            "outcome": report.outcome,
            "environment": bool(excinfo is not None and isinstance(excinfo.value, EnvironmentBroken)),
            "requirements": [str(m.args[0]) for m in item.iter_markers("requirement") if m.args],
            "message": message,
            "t": time.time(),
        }
        self.write(line)

    def write(self, line: dict[str, Any]) -> None:
        self.stream.write(json.dumps(line) + "\n")
        self.stream.flush()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if os.environ.get(ORDER_ENV) != CHEAP_FIRST:
        return

    def expensive(item: pytest.Item) -> bool:
        return bool(EXPENSIVE_FIXTURES & set(getattr(item, "fixturenames", ())))

    items[:] = [i for i in items if not expensive(i)] + [i for i in items if expensive(i)]


def pytest_collection_finish(session: pytest.Session) -> None:
    recorder = session.config.pluginmanager.get_plugin("connect-cert-selftest-recorder")
    if isinstance(recorder, Recorder) and not hasattr(session.config, "workerinput"):
        recorder.write({"selected": len(session.items), "t": time.time()})


def pytest_configure(config: pytest.Config) -> None:
    path = os.environ.get(RECORD_ENV)
    if not path:
        return
    stream = open(path, "a", encoding="utf-8")  # closed by the cleanup below
    config.pluginmanager.register(Recorder(stream), "connect-cert-selftest-recorder")
    config.add_cleanup(stream.close)
