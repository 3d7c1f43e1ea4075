"""A tree large enough is analysed by worker processes; the report is the same as in one process."""

from __future__ import annotations

import pytest

from connect_cert.harness.lint import engine, lint
from tests.lint.support import FIXTURE_APPS


def test_worker_processes_give_the_same_report(monkeypatch: pytest.MonkeyPatch) -> None:
    serial = lint(FIXTURE_APPS, workers=1)
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)
    monkeypatch.setattr(engine, "CHUNK", 4)
    parallel = lint(FIXTURE_APPS, workers=2)
    assert serial.findings and serial.findings == parallel.findings
    assert serial.skipped == parallel.skipped and serial.files_scanned == parallel.files_scanned > 50
