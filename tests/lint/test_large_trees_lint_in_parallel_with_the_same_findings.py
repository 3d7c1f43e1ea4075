"""Worker processes (above engine.PARALLEL_FROM files, or when asked for) give the report of one process."""

from __future__ import annotations

import pytest

from connect_cert.harness.lint import engine, lint
from tests.lint.support import FIXTURE_APPS


def test_worker_processes_give_the_same_report(monkeypatch: pytest.MonkeyPatch) -> None:
    serial = lint(FIXTURE_APPS)  # below PARALLEL_FROM: one process
    monkeypatch.setattr(engine, "CHUNK", 4)
    parallel = lint(FIXTURE_APPS, workers=2)
    assert serial.findings and serial.findings == parallel.findings
    assert serial.skipped == parallel.skipped and serial.files_scanned == parallel.files_scanned > 50
