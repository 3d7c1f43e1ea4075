"""Without Node.js and npm, a run still writes certification.json, certification.html and junit.xml, and
one line says how to get the Allure HTML report; nothing is installed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connect_cert.harness.reports import allure_report
from tests.harness.harness_fakes import clean_env, run_cli


def test_without_node_the_report_is_skipped_with_one_line_and_nothing_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = tmp_path / "allure-results"
    results.mkdir()
    (results / "1-result.json").write_text(json.dumps({"name": "test_4242", "status": "passed"}))
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    monkeypatch.setenv(allure_report.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(allure_report, "REPO", tmp_path / "checkout")
    monkeypatch.chdir(tmp_path)
    report = allure_report.generate(results, tmp_path / "allure-report")
    assert report.index is None and report.reason == allure_report.no_node()
    assert "npm" in report.reason and str(tmp_path / "cache") in report.reason and "\n" not in report.reason
    assert not (tmp_path / "allure-report").exists() and not (tmp_path / "cache").exists()


def test_a_certify_run_without_npm_writes_its_reports_and_one_line_on_allure(tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = clean_env(PATH=str(tmp_path / "empty-bin"), CONNECT_CERT_CACHE_DIR=str(tmp_path / "cache"))
    proc = run_cli(
        "certify", "--suites", "api", "--profile", "quick", "--out", str(out), "--", "-k", "without_a_token", env=env
    )
    assert "certification:" in proc.stdout, proc.stdout[-3000:] + proc.stderr
    for name in ("certification.json", "certification.html", "junit.xml"):
        assert (out / name).is_file(), name
    assert json.loads((out / "certification.json").read_text(encoding="utf-8"))["counts"]["passed"] > 0
    lines = [line for line in proc.stdout.splitlines() if "Allure HTML" in line]
    assert len(lines) == 1 and "apt-get install nodejs npm" in lines[0], proc.stdout[-3000:]
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not (out / "allure-report").exists() and not (tmp_path / "cache").exists()
