"""The partner app's source checked against the payments guide: one test per lint rule, each proving its
requirement on the "App source" platform (`connect-cert lint` documents every rule in the README)."""

from __future__ import annotations

import pytest

from connect_cert.harness.lint import RULES
from connect_cert.harness.lint.plugin import LintedSource
from connect_cert.harness.lint.rules import Rule


@pytest.mark.parametrize(
    "rule", [pytest.param(rule, id=rule.id, marks=pytest.mark.requirement(rule.requirement)) for rule in RULES]
)
def test_app_source_follows_the_payments_guide(rule: Rule, linted_source: LintedSource) -> None:
    linted_source.require(rule)
    findings = linted_source.findings(rule)
    assert not findings, f"{rule.title}:\n{linted_source.describe(findings)}"
