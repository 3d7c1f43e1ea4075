"""The verdict: a requirement with no passing test on a platform that needs it is never passed."""

from __future__ import annotations

from pathlib import Path

import pytest

from connect_cert.harness.reports.catalog import load_catalog
from connect_cert.harness.reports.verdict import Scope, Status, compute_verdict, load_results, platforms_in_scope
from tests.reports.support import ResultWriter

CATALOG = load_catalog()
API_ONLY = Scope(platforms=frozenset({"api"}))
API_AND_WEB = Scope(platforms=frozenset({"api", "web"}))


def _prove_api(results: ResultWriter, *, skip: str | None = None) -> None:
    """A passing test for every api requirement (PAY-01, PAY-06, PAY-07, API-01..03), except `skip`."""
    for requirement in CATALOG:
        if "api" in requirement.platforms and requirement.id != skip:
            results(f"test_{requirement.id}", "passed", requirements=[requirement.id], platform="api")


def _verdict(results: ResultWriter, scope: Scope):
    return compute_verdict(CATALOG, load_results(results.dir), scope)


def test_every_api_requirement_passing_certifies_the_api(results: ResultWriter) -> None:
    _prove_api(results)
    verdict = _verdict(results, API_ONLY)
    assert verdict.passed, verdict.reasons
    api01 = next(r for r in verdict.requirements if r.requirement.id == "API-01")
    assert api01.status is Status.PASSED
    assert api01.cells["api"].status is Status.PASSED
    # Web cells exist (PAY-01 applies to web) but web is not certified in this run.
    pay01 = next(r for r in verdict.requirements if r.requirement.id == "PAY-01")
    assert pay01.cells["web"].status is Status.NOT_APPLICABLE and not pay01.cells["web"].applies


def test_a_requirement_without_a_test_is_untested_and_fails_the_run(results: ResultWriter) -> None:
    _prove_api(results, skip="API-02")
    verdict = _verdict(results, API_ONLY)
    assert not verdict.passed
    api02 = next(r for r in verdict.requirements if r.requirement.id == "API-02")
    assert api02.status is Status.UNTESTED
    assert any(reason.startswith("API-02 on api: untested") for reason in verdict.reasons)


def test_skipped_only_is_not_passed(results: ResultWriter) -> None:
    _prove_api(results, skip="API-02")
    results(
        "test_tenancy",
        "skipped",
        requirements=["API-02"],
        platform="api",
        message="Skipped: target offers no second partner token",
    )
    verdict = _verdict(results, API_ONLY)
    assert not verdict.passed
    cell = next(r for r in verdict.requirements if r.requirement.id == "API-02").cells["api"]
    assert cell.status is Status.SKIPPED
    assert any("API-02 on api: skipped" in r and "no second partner token" in r for r in verdict.reasons)


def test_a_passing_test_on_one_platform_does_not_prove_another(results: ResultWriter) -> None:
    _prove_api(results)
    # PAY-01 proven on api only: on web (in scope) it stays untested.
    verdict = _verdict(results, API_AND_WEB)
    pay01 = next(r for r in verdict.requirements if r.requirement.id == "PAY-01")
    assert pay01.cells["api"].status is Status.PASSED
    assert pay01.cells["web"].status is Status.UNTESTED
    assert pay01.status is Status.UNTESTED
    assert not verdict.passed


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (("passed", "failed"), Status.FAILED),
        (("passed", "broken"), Status.BROKEN),
        (("failed", "broken"), Status.FAILED),
        (("passed", "skipped"), Status.PASSED),
        (("skipped", "skipped"), Status.SKIPPED),
    ],
)
def test_a_cell_takes_the_worst_outcome_of_its_tests(
    results: ResultWriter, statuses: tuple[str, ...], expected: Status
) -> None:
    _prove_api(results, skip="API-01")
    for i, status in enumerate(statuses):
        results(f"test_contract_{i}", status, requirements=["API-01"], platform="api")
    verdict = _verdict(results, API_ONLY)
    cell = next(r for r in verdict.requirements if r.requirement.id == "API-01").cells["api"]
    assert cell.status is expected
    assert verdict.passed is (expected is Status.PASSED)


def test_not_applicable_only_when_the_test_says_so(results: ResultWriter) -> None:
    """`not_applicable(reason)` (no registered wallet domain) is not a failure; another skip is."""
    results(
        "test_apple_pay",
        "skipped",
        requirements=["PAY-08"],
        platform="web",
        message="Skipped: not applicable: the target declares no registered wallet domain",
        labels={"applicability": "not_applicable"},
    )
    results(
        "test_google_pay",
        "skipped",
        requirements=["PAY-09"],
        platform="web",
        message="Skipped: chromium is not installed",
    )
    verdict = _verdict(results, API_AND_WEB)
    pay08 = next(r for r in verdict.requirements if r.requirement.id == "PAY-08").cells["web"]
    pay09 = next(r for r in verdict.requirements if r.requirement.id == "PAY-09").cells["web"]
    assert pay08.status is Status.NOT_APPLICABLE and pay08.applies
    assert "wallet domain" in (pay08.reason or "")
    assert pay09.status is Status.SKIPPED
    assert not any(r.startswith("PAY-08") for r in verdict.reasons)
    assert any(r.startswith("PAY-09 on web: skipped") for r in verdict.reasons)


def test_a_partner_exclusion_makes_a_requirement_not_applicable(results: ResultWriter) -> None:
    _prove_api(results)
    scope = Scope(platforms=frozenset({"api", "ios"}), excluded={"PAY-08": "cards only"})
    verdict = _verdict(results, scope)
    pay08 = next(r for r in verdict.requirements if r.requirement.id == "PAY-08")
    assert pay08.status is Status.NOT_APPLICABLE
    assert pay08.cells["ios"].reason == "excluded by the partner config: cards only"
    assert any(r.startswith("PAY-02 on ios: untested") for r in verdict.reasons)  # the others still apply


def test_a_failing_test_out_of_scope_still_fails_the_run(results: ResultWriter) -> None:
    _prove_api(results)
    results("test_ios_sheet", "failed", requirements=["PAY-02"], platform="ios", message="AssertionError")
    verdict = _verdict(results, API_ONLY)
    assert not verdict.passed
    assert any("test_ios_sheet" in r and "failed" in r for r in verdict.reasons)
    assert next(r for r in verdict.requirements if r.requirement.id == "PAY-02").cells["ios"].status is Status.FAILED


def test_a_failing_test_without_requirement_fails_the_run(results: ResultWriter) -> None:
    _prove_api(results)
    results("test_helper_selfcheck", "broken", platform="api", message="KeyError: 'x'")
    verdict = _verdict(results, API_ONLY)
    assert not verdict.passed
    assert [t.name for t in verdict.unmapped] == ["test_helper_selfcheck"]


def test_an_unknown_requirement_id_fails_the_run(results: ResultWriter) -> None:
    _prove_api(results)
    results("test_typo", "passed", requirements=["PAY-99"], platform="api")
    verdict = _verdict(results, API_ONLY)
    assert not verdict.passed
    assert "PAY-99" in verdict.unknown
    assert any("unknown requirement 'PAY-99'" in r for r in verdict.reasons)


def test_nothing_ran_is_not_a_pass(results: ResultWriter) -> None:
    verdict = _verdict(results, API_ONLY)
    assert not verdict.passed
    assert any("nothing ran" in r for r in verdict.reasons)


def test_a_retried_test_counts_once_with_its_latest_outcome(results: ResultWriter) -> None:
    _prove_api(results, skip="API-01")
    results("test_contract", "failed", requirements=["API-01"], platform="api", history_id="same")
    results("test_contract", "passed", requirements=["API-01"], platform="api", history_id="same")
    outcomes = load_results(results.dir)
    assert [o.status for o in outcomes if o.name == "test_contract"] == ["passed"]
    assert compute_verdict(CATALOG, outcomes, API_ONLY).passed


def test_evidence_attached_by_fixtures_belongs_to_the_test(tmp_path: Path, results: ResultWriter) -> None:
    result = results("test_add_card", "failed", requirements=["PAY-02"], platform="web")
    (results.dir / "trace-attachment.zip").write_bytes(b"PK")
    container = {
        "uuid": "c1",
        "children": [result["uuid"]],
        "afters": [
            {
                "name": "page",
                "attachments": [{"name": "trace", "source": "trace-attachment.zip", "type": "application/zip"}],
            }
        ],
    }
    import json

    (results.dir / "c1-container.json").write_text(json.dumps(container), encoding="utf-8")
    outcome = next(o for o in load_results(results.dir) if o.name == "test_add_card")
    assert [a.source for a in outcome.attachments] == ["trace-attachment.zip"]


def test_scope_follows_the_suites_and_the_partner(results: ResultWriter) -> None:
    results("test_a", "passed", requirements=["API-01"], platform="api")
    results("test_ios", "skipped", requirements=["PAY-02"], platform="ios", message="Skipped: no device")
    results("test_android", "passed", requirements=["PAY-02"], platform="android")
    outcomes = load_results(results.dir)
    # Mobile counts a platform only when one of its tests ran: no device, no app under test.
    assert platforms_in_scope(outcomes, suites=["api", "mobile"]) == {"api", "android"}
    assert platforms_in_scope(outcomes, suites=["api", "web"]) == {"api", "web"}
    # A partner declares its platforms: skipped iOS stays in scope (and will read skipped, not passed).
    assert platforms_in_scope(outcomes, suites=["api", "mobile"], declared={"api", "ios", "web"}) == {"api", "ios"}
    assert platforms_in_scope(outcomes, declared={"api", "ios"}) == {"api", "ios"}
    assert platforms_in_scope(outcomes) == {"api", "android"}
