"""Fixtures of the report builder's tests (helpers live in support.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reports.support import ResultWriter


@pytest.fixture
def results(tmp_path: Path) -> ResultWriter:
    """Write Allure results into tmp_path/reports/allure-results."""
    return ResultWriter(tmp_path / "reports" / "allure-results")
