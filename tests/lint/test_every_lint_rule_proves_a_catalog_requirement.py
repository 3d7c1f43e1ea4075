"""Every rule proves one requirement of fixtures/requirements.yaml on the App source platform (`lint`), and
every requirement on that platform is proven by some rule, so none is left untested by the lint suite."""

from __future__ import annotations

from connect_cert.harness.lint import RULES
from connect_cert.harness.lint.model import Platform
from connect_cert.harness.lint.rules import ORDER
from connect_cert.harness.partner_config import SOURCE_KINDS
from connect_cert.harness.reports.allure import PLATFORM_EPICS
from connect_cert.harness.reports.catalog import load_catalog

RULE_IDS = (
    "setup-intent-required",
    "no-customer-config",
    "no-delayed-payment-methods",
    "ios-return-url",
    "ios-apple-pay-merchant-id",
    "android-no-financial-connections",
    "android-google-pay-test-env",
    "logout-resets-customer",
    "debt-paid-with-payment-intent",
    "preauth-402-handled",
    "no-live-or-secret-key",
    "web-confirm-setup-return-url",
)  # fixed: partners suppress and search by them


def test_rule_ids_are_the_fixed_ones_in_order() -> None:
    assert tuple(r.id for r in RULES) == RULE_IDS == ORDER


def test_every_rule_proves_a_requirement_on_the_app_source_platform() -> None:
    catalog = load_catalog()
    for rule in RULES:
        requirement = catalog.get(rule.requirement)
        assert requirement is not None and "lint" in requirement.platforms, rule.id
    assert PLATFORM_EPICS["lint"] == "App source"


def test_every_app_source_requirement_is_proven_by_a_rule() -> None:
    on_lint = {r.id for r in load_catalog() if "lint" in r.platforms}
    assert on_lint == {rule.requirement for rule in RULES}
    assert {f"LINT-0{i}" for i in range(1, 7)} <= on_lint


def test_partner_config_source_kinds_are_the_lint_platforms() -> None:
    assert SOURCE_KINDS == tuple(p.value for p in Platform)


def test_app_level_rules_are_the_two_the_issue_names() -> None:
    assert {r.id for r in RULES if r.app_level} == {"logout-resets-customer", "preauth-402-handled"}
