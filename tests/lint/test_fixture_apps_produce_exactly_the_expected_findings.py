"""Each fixture app (fixtures/apps/<platform>/<variant>) produces exactly these findings: (rule, file, line),
line None for a finding about the whole app."""

from __future__ import annotations

import pytest

from connect_cert.harness.lint import RULES, lint
from connect_cert.harness.lint.model import Platform
from tests.lint.support import FIXTURE_APPS

Expected = set[tuple[str, str, int | None]]

EXPECTED: dict[str, Expected] = {
    "ios/correct": set(),
    "ios/payment-intent-with-customer": {
        ("logout-resets-customer", "ChargeApp/CheckoutModel.swift", None),
        ("ios-return-url", "ChargeApp/CheckoutModel.swift", 8),
        ("no-customer-config", "ChargeApp/CheckoutModel.swift", 10),
        ("no-delayed-payment-methods", "ChargeApp/CheckoutModel.swift", 11),
        ("setup-intent-required", "ChargeApp/CheckoutModel.swift", 12),
        ("setup-intent-required", "ChargeApp/CheckoutModel.swift", 18),  # `mode:` with comments around its value
    },
    "ios/wallet-keys-and-debts": {
        ("preauth-402-handled", "ChargeApp/DebtsModel.swift", None),
        ("debt-paid-with-payment-intent", "ChargeApp/DebtsModel.swift", 6),
        ("no-live-or-secret-key", "ChargeApp/Keys.swift", 2),  # pk_live_ (line 3: only in a comment; 5: suppressed)
        ("no-live-or-secret-key", "ChargeApp/Keys.swift", 4),
        ("ios-apple-pay-merchant-id", "ChargeApp/PaymentMethodsModel.swift", 9),
    },
    "android/correct": set(),
    "android/payment-intent-groovy": {
        ("android-no-financial-connections", "app/build.gradle", 7),
        ("android-no-financial-connections", "app/build.gradle", 8),
        ("logout-resets-customer", "app/src/main/java/com/example/charge/CheckoutActivity.kt", None),
        ("no-customer-config", "app/src/main/java/com/example/charge/CheckoutActivity.kt", 13),
        ("no-delayed-payment-methods", "app/src/main/java/com/example/charge/CheckoutActivity.kt", 14),
        ("android-google-pay-test-env", "app/src/main/java/com/example/charge/CheckoutActivity.kt", 16),
        ("setup-intent-required", "app/src/main/java/com/example/charge/CheckoutActivity.kt", 22),  # split call
    },
    "android/catalog-debts-java": {
        ("preauth-402-handled", "app/src/main/java/com/example/charge/DebtsScreen.kt", None),
        ("debt-paid-with-payment-intent", "app/src/main/java/com/example/charge/DebtsScreen.kt", 9),
        ("no-customer-config", "app/src/main/java/com/example/charge/PaymentSheetFactory.java", 6),
        ("no-customer-config", "app/src/main/java/com/example/charge/PaymentSheetFactory.java", 8),
        ("android-no-financial-connections", "gradle/libs.versions.toml", 6),
        ("android-no-financial-connections", "gradle/libs.versions.toml", 7),
    },
    "react-native/correct": set(),
    "react-native/payment-intent-and-customer": {
        ("logout-resets-customer", "src/CheckoutScreen.tsx", None),
        ("ios-return-url", "src/CheckoutScreen.tsx", 10),
        ("setup-intent-required", "src/CheckoutScreen.tsx", 12),
        ("no-customer-config", "src/CheckoutScreen.tsx", 13),
        ("no-customer-config", "src/CheckoutScreen.tsx", 14),
        ("no-delayed-payment-methods", "src/CheckoutScreen.tsx", 15),
        ("ios-apple-pay-merchant-id", "src/CheckoutScreen.tsx", 16),
        ("android-google-pay-test-env", "src/CheckoutScreen.tsx", 17),
        ("ios-return-url", "src/CheckoutScreen.tsx", 23),
        ("setup-intent-required", "src/CheckoutScreen.tsx", 26),
    },
    "react-native/keys-and-debts": {
        ("preauth-402-handled", "App.tsx", None),
        ("no-live-or-secret-key", "src/config.ts", 1),
        ("no-live-or-secret-key", "src/config.ts", 3),
        ("debt-paid-with-payment-intent", "src/debts.ts", 11),
    },
    "flutter/correct": set(),
    "flutter/customer-and-wallets": {
        ("logout-resets-customer", "lib/checkout.dart", None),
        ("ios-return-url", "lib/checkout.dart", 8),
        ("setup-intent-required", "lib/checkout.dart", 9),
        ("no-customer-config", "lib/checkout.dart", 11),
        ("no-customer-config", "lib/checkout.dart", 12),
        ("no-delayed-payment-methods", "lib/checkout.dart", 13),
        ("ios-apple-pay-merchant-id", "lib/checkout.dart", 14),
        ("android-google-pay-test-env", "lib/checkout.dart", 15),
    },
    "flutter/debts-and-keys": {
        ("no-live-or-secret-key", "dev.env", 2),
        ("preauth-402-handled", "lib/add_payment_method.dart", None),
        ("setup-intent-required", "lib/add_payment_method.dart", 9),
        ("debt-paid-with-payment-intent", "lib/debts.dart", 7),  # a chain split by a comment
        ("debt-paid-with-payment-intent", "lib/debts.dart", 8),
    },
    "web/correct": set(),
    "web/payment-mode": {
        ("preauth-402-handled", "checkout.html", None),
        ("setup-intent-required", "checkout.html", 13),
        ("no-customer-config", "checkout.html", 17),
        ("setup-intent-required", "checkout.html", 20),  # split call, in a script inside the HTML
        ("setup-intent-required", "js/legacy.js", 3),
        ("web-confirm-setup-return-url", "js/legacy.js", 4),
    },
    "web/keys-and-debts": {
        ("no-live-or-secret-key", "index.html", 4),
        ("debt-paid-with-payment-intent", "js/debts.js", 7),
        ("debt-paid-with-payment-intent", "js/debts.js", 9),
        ("no-live-or-secret-key", "js/keys.js", 1),
    },
}


@pytest.mark.parametrize("variant", sorted(EXPECTED))
def test_fixture_app_produces_exactly_the_expected_findings(variant: str) -> None:
    report = lint(FIXTURE_APPS / variant)
    assert report.files_scanned > 0
    assert {(f.rule, f.file, f.line) for f in report.findings} == EXPECTED[variant]
    assert all(f.message for f in report.findings)


def test_every_fixture_app_is_expected_and_every_platform_has_a_correct_and_incorrect_variants() -> None:
    on_disk = {f"{p.parent.name}/{p.name}" for p in FIXTURE_APPS.glob("*/*") if p.is_dir()}
    assert on_disk == set(EXPECTED)
    for platform in Platform:
        variants = [v for v in EXPECTED if v.startswith(f"{platform.value}/")]
        assert f"{platform.value}/correct" in variants and len(variants) >= 3, platform


def test_every_rule_fires_in_some_fixture_app() -> None:
    fired = {rule for expected in EXPECTED.values() for rule, _, _ in expected}
    assert fired == {rule.id for rule in RULES}


def test_only_the_unparsable_fixture_file_is_skipped() -> None:
    skipped = {variant: lint(FIXTURE_APPS / variant).skipped for variant in EXPECTED}
    assert {v: [s.file for s in found] for v, found in skipped.items() if found} == {
        "web/keys-and-debts": ["js/broken.js"]
    }
    (broken,) = skipped["web/keys-and-debts"]
    assert broken.reason == "does not parse: syntax error at line 1" and broken.blocking
