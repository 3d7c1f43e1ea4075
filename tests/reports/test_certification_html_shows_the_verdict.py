"""certification.html, rendered in headless Chromium: what a partner sees, and nothing loaded from outside."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from connect_cert.harness.reports.catalog import load_catalog
from connect_cert.harness.reports.certification import RunInfo
from connect_cert.harness.reports.finalize import finalize
from connect_cert.harness.web.browser import launch_args, release_playwright, shared_playwright
from tests.reports.support import CHROMIUM, ResultWriter, needs_chromium, png

pytestmark = needs_chromium

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
CATALOG = load_catalog()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    # The process's one Playwright driver: a second sync_playwright() beside tests/web's would fail.
    playwright = shared_playwright()
    try:
        browser = playwright.chromium.launch(**launch_args(str(CHROMIUM)))
        yield browser
        browser.close()
    finally:
        release_playwright()


def _open(browser: Any, html: Path) -> tuple[Any, list[str]]:
    """The page, and every URL it tried to load other than itself and inline data."""
    page = browser.new_page()
    outside: list[str] = []

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("file://", "data:")):
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    page.route("**/*", route)
    page.goto(html.as_uri())
    return page, outside


def _build(results: ResultWriter, tmp_path: Path, *, fail_3184: bool) -> dict[str, Any]:
    for requirement in CATALOG:
        for platform in set(requirement.platforms) & {"api", "web"}:
            failing = fail_3184 and requirement.id == "PAY-03"
            results(
                f"test_{requirement.id}_{platform}",
                "failed" if failing else "passed",
                requirements=[requirement.id],
                platform=platform,
                message="AssertionError: the page showed success before the challenge" if failing else None,
                attachments=[("after the flow", "image/png", png(40, 30, (200, 30, 30) if failing else (30, 160, 30)))]
                if platform == "web"
                else (),
            )
    run = RunInfo(
        target_name="sandbox", started_at=START, finished_at=START + timedelta(seconds=75), suites=("api", "web")
    )
    return finalize(tmp_path / "reports", run=run, generate_html_report=False).document


def test_a_failing_run_shows_not_certified_and_the_failing_cell(
    browser: Any, results: ResultWriter, tmp_path: Path
) -> None:
    doc = _build(results, tmp_path, fail_3184=True)
    page, outside = _open(browser, tmp_path / "reports" / "certification.html")

    assert page.get_by_test_id("verdict").inner_text() == "NOT CERTIFIED"
    banner = page.get_by_test_id("verdict-banner")
    assert banner.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(207, 34, 46)"
    for key in ("total", "passed", "failed", "broken", "skipped"):
        assert page.locator(f'[data-count="{key}"] b').inner_text() == str(doc["counts"][key]), key
    assert doc["counts"]["failed"] == 1

    rows = page.locator("tr[data-requirement]")
    assert rows.count() == len(CATALOG)
    cell = page.locator('tr[data-requirement="PAY-03"] td[data-platform="web"]')
    assert cell.get_attribute("data-status") == "failed"
    assert cell.locator(".status").inner_text() == "failed"
    assert "0/1 passed" in cell.inner_text()
    ok = page.locator('tr[data-requirement="PAY-02"] td[data-platform="web"]')
    assert ok.get_attribute("data-status") == "passed" and "1/1 passed" in ok.inner_text()
    assert page.locator('tr[data-requirement="PAY-03"]').get_attribute("data-status") == "failed"

    assert "PAY-03 on web: failed (1 of 1 tests failed)" in page.get_by_test_id("reasons").inner_text()
    finding = page.locator('details[data-cell="PAY-03/web"]')
    assert finding.get_attribute("open") is not None, "a failing cell opens by itself"
    assert "the page showed success before the challenge" in finding.get_by_test_id("finding").inner_text()
    thumbnail = finding.locator("img").first
    assert thumbnail.get_attribute("src").startswith("data:image/png;base64,")
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth") == 40, "the evidence thumbnail renders"

    environment = page.get_by_test_id("environment").inner_text()
    assert "sandbox" in environment and "connect_cert" in environment
    assert outside == [], f"the page loaded something from outside: {outside}"
    page.close()


def test_a_passing_run_shows_certified(browser: Any, results: ResultWriter, tmp_path: Path) -> None:
    doc = _build(results, tmp_path, fail_3184=False)
    assert doc["verdict"] == "pass"
    page, outside = _open(browser, tmp_path / "reports" / "certification.html")
    assert page.get_by_test_id("verdict").inner_text() == "CERTIFIED"
    assert (
        page.get_by_test_id("verdict-banner").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(26, 127, 55)"
    )
    assert page.get_by_test_id("reasons").count() == 0
    statuses = page.locator('tr[data-requirement] td[data-platform="web"]').evaluate_all(
        "cells => cells.map(c => c.dataset.status || '')"
    )
    web_requirements = [r for r in CATALOG if "web" in r.platforms]
    assert statuses.count("passed") == len(web_requirements)
    assert page.locator('[data-count="failed"] b').inner_text() == "0"
    assert outside == []
    page.close()


def test_the_page_stands_alone(results: ResultWriter, tmp_path: Path) -> None:
    """No stylesheet, script or font from anywhere: copied alone, the page still shows everything."""
    _build(results, tmp_path, fail_3184=True)
    html = (tmp_path / "reports" / "certification.html").read_text(encoding="utf-8")
    assert "<script" not in html and '<link rel="stylesheet"' not in html
    assert "http://" not in html and "https://" not in html.replace("https://docs.cariqa.com", "")
    assert (
        json.loads((tmp_path / "reports" / "certification.json").read_text())["reports"]["html"] == "certification.html"
    )
