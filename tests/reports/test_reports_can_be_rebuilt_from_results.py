"""`python -m harness.reports OUT`: the same reports and exit code from a folder of allure-results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connect_cert.harness.reports.__main__ import main
from connect_cert.harness.reports.catalog import load_catalog
from tests.reports.support import ResultWriter


def test_rebuilding_gives_the_verdict_and_its_exit_code(
    results: ResultWriter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for requirement in load_catalog():
        if "api" in requirement.platforms:
            results(f"test_{requirement.id}", "passed", requirements=[requirement.id], platform="api")
    out = tmp_path / "reports"
    assert main([str(out), "--suites", "api", "--no-html-report"]) == 0
    assert capsys.readouterr().out.startswith("certification: PASS")
    assert json.loads((out / "certification.json").read_text())["verdict"] == "pass"

    results("test_more", "failed", requirements=["API-01"], platform="api", message="AssertionError: count missing")
    assert main([str(out), "--suites", "api", "--no-html-report"]) == 1
    assert "API-01 on api: failed" in capsys.readouterr().out


def test_usage_errors_exit_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nothing")]) == 2
    assert capsys.readouterr().err == f"harness.reports: error: no allure-results folder in {tmp_path / 'nothing'}\n"
    bad = tmp_path / "certification.yaml"
    bad.write_text("partner: {}\n")
    assert main([str(tmp_path), "--partner-config", str(bad)]) == 2
    assert capsys.readouterr().err == "harness.reports: error: certification.yaml: partner.name: missing\n"
