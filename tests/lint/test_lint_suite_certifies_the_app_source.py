"""suites/lint: one test per rule on the App source platform, over --app-source or the partner config's
apps.source.path; not applicable without a source or for rules of platforms the source does not have."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import connect_cert.suites
from tests.lint.support import FIXTURE_APPS

SUITES = Path(connect_cert.suites.__file__).resolve().parent
NOT_APPLICABLE_RULES = {
    "android-no-financial-connections",
    "android-google-pay-test-env",
    "web-confirm-setup-return-url",
}


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest(
        str(SUITES / "lint"), "-c", str(SUITES / "pytest.ini"), "--rootdir", str(SUITES),
        "--certification-reports", "off", "-rfs", *args,
    )  # fmt: skip


def test_a_correct_app_passes_every_rule_of_its_platform(pytester: pytest.Pytester) -> None:
    result = _run(pytester, "--app-source", str(FIXTURE_APPS / "ios" / "correct"))
    result.assert_outcomes(passed=9, skipped=3)
    for rule in NOT_APPLICABLE_RULES:
        result.stdout.fnmatch_lines([f"*not applicable: the app source has no * sources ({rule})*"])


def test_each_rule_with_findings_fails_with_the_findings(pytester: pytest.Pytester) -> None:
    result = _run(pytester, "--app-source", str(FIXTURE_APPS / "ios" / "payment-intent-with-customer"))
    result.assert_outcomes(passed=4, failed=5, skipped=3)
    result.stdout.fnmatch_lines(
        [
            "*ChargeApp/CheckoutModel.swift:11: error no-delayed-payment-methods: allowsDelayedPaymentMethods is enabled*",
            "FAILED *test_app_source_follows_the_payments_guide*setup-intent-required*",
        ]
    )


def test_the_partner_configs_source_and_kind_are_used(pytester: pytest.Pytester) -> None:
    shutil.copytree(FIXTURE_APPS / "flutter" / "correct", pytester.path / "app")
    pytester.makefile(
        ".yaml",
        certification="version: 1\npartner: {name: Example}\napps:\n  source: {path: app, kind: flutter}\n",
    )
    result = _run(pytester, "--partner-config", str(pytester.path / "certification.yaml"))
    result.assert_outcomes(passed=10, skipped=2)


def test_without_a_source_every_rule_is_not_applicable(pytester: pytest.Pytester) -> None:
    result = _run(pytester)
    result.assert_outcomes(skipped=12)
    result.stdout.fnmatch_lines(["*12*not applicable: no app source to lint: the partner config names none*"])


def test_code_that_could_not_be_read_fails_the_rules_of_its_platform(pytester: pytest.Pytester) -> None:
    shutil.copytree(FIXTURE_APPS / "web" / "correct", pytester.path / "site")
    (pytester.path / "site" / "js" / "broken.js").write_text("export function f( {\n", encoding="utf-8")
    result = _run(pytester, "--app-source", str(pytester.path / "site"))
    web_rules = 6  # setup-intent-required, no-customer-config, debt, preauth, keys, web-confirm-setup-return-url
    result.assert_outcomes(failed=web_rules, skipped=12 - web_rules)
    result.stdout.fnmatch_lines(["*cannot be certified: js/broken.js: does not parse: syntax error at line 1*"])


def test_a_missing_app_source_is_a_usage_error(pytester: pytest.Pytester) -> None:
    result = _run(pytester, "--app-source", str(pytester.path / "nowhere"))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--app-source *nowhere: no such file or folder*"])
