"""The lint rules, one module per concern; `RULES` lists them in the order the README documents them.

Rule ids are fixed: partners suppress and search by them.
"""

from __future__ import annotations

from connect_cert.harness.lint.rules import customer, dependencies, intents, keys, sheet, wallets, web
from connect_cert.harness.lint.rules.base import REGISTRY, App, Hit, Rule, SourceFacts

ORDER = (
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
)
_MODULES = (customer, dependencies, intents, keys, sheet, wallets, web)  # imported for their registrations
RULES: tuple[Rule, ...] = tuple(sorted(REGISTRY, key=lambda r: ORDER.index(r.id)))
BY_ID: dict[str, Rule] = {r.id: r for r in RULES}

__all__ = ["BY_ID", "ORDER", "RULES", "App", "Hit", "Rule", "SourceFacts"]
