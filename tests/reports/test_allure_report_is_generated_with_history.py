"""The Allure 3 HTML report: generated from allure-results with the npm CLI, counts as the results, history kept."""

from __future__ import annotations

from pathlib import Path

from connect_cert.harness.reports import allure_report
from connect_cert.harness.reports.allure import write_run_metadata
from tests.reports.support import ResultWriter, embedded_results, needs_allure_cli, png


def _three_results(results: ResultWriter) -> None:
    results(
        "test_4242",
        "passed",
        requirements=["PAY-02"],
        platform="web",
        history_id="h1",
        attachments=[("screen", "image/png", png())],
    )
    results(
        "test_3184",
        "failed",
        requirements=["PAY-03"],
        platform="web",
        history_id="h2",
        message="AssertionError: attached before the challenge",
    )
    results(
        "test_apple_pay",
        "skipped",
        requirements=["PAY-08"],
        platform="web",
        history_id="h3",
        message="Skipped: not applicable: no wallet domain",
    )


@needs_allure_cli
def test_the_report_has_an_index_and_the_counts_of_the_results(results: ResultWriter, tmp_path: Path) -> None:
    _three_results(results)
    write_run_metadata(results.dir, {"target": "sandbox"})
    report = allure_report.generate(results.dir, tmp_path / "reports" / "allure-report")
    assert report.reason is None
    assert report.index is not None and report.index.name == "index.html" and report.index.is_file()
    assert report.index.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html>")
    assert report.stats is not None
    assert (report.stats["total"], report.stats["passed"], report.stats["failed"], report.stats["skipped"]) == (
        3,
        1,
        1,
        1,
    )
    # One file that opens from disk, embedding every result; our categories reach it.
    shown = embedded_results(report.index)
    assert sorted(r["status"] for r in shown) == ["failed", "passed", "skipped"]
    failed = next(r for r in shown if r["status"] == "failed")
    assert [c["name"] for c in failed.get("categories", [])] == ["Product defect"]
    assert "googletagmanager" not in report.index.read_text(encoding="utf-8"), "no tracker in a partner's report"


@needs_allure_cli
def test_history_is_carried_to_the_next_report(results: ResultWriter, tmp_path: Path) -> None:
    _three_results(results)
    out = tmp_path / "reports" / "allure-report"
    allure_report.generate(results.dir, out)
    stale = out / "stale-file.js"
    stale.write_text("left over from an older report")
    second = allure_report.generate(results.dir, out)
    assert second.index is not None
    history = (out / allure_report.HISTORY_FILE).read_text(encoding="utf-8").splitlines()
    assert len(history) == 2, "one history entry per generated report"
    assert not stale.exists(), "the report folder is rebuilt, only the history survives"


def test_without_the_npm_package_it_says_why(results: ResultWriter, tmp_path: Path) -> None:
    _three_results(results)
    report = allure_report.generate(results.dir, tmp_path / "out", cli=tmp_path / "missing" / "cli.js")
    assert report.index is None
    assert report.reason == "the npm package 'allure' is not installed (run `npm ci` in the repository)"
    assert not (tmp_path / "out").exists(), "nothing half-made is left behind"


def test_the_analytics_snippet_is_removed(tmp_path: Path) -> None:
    index = tmp_path / "index.html"
    index.write_text(
        '<body><div id="app"></div>\n'
        '<script async src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>\n'
        "<script>\n  window.dataLayer = window.dataLayer || [];\n  function gtag(){dataLayer.push(arguments);}\n"
        "  gtag('js', new Date());\n  gtag('config', 'G-X', {});\n</script>\n<script>window.app = 1;</script></body>"
    )
    assert allure_report.strip_analytics(index) is True
    assert index.read_text() == '<body><div id="app"></div>\n\n<script>window.app = 1;</script></body>'
    assert allure_report.strip_analytics(index) is False
