"""A rule's trigger in a comment or a string never fires; the same trigger in code does (so each case proves
the lint looks at that file). Only the key rule reads string literals, and never comments."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from connect_cert.harness.lint import lint
from tests.lint.support import FIXTURE_APPS

# file name -> (code that breaks the rule at line 2, the same trigger only in a comment and a string)
CASES: dict[str, tuple[str, str, str]] = {
    "Checkout.swift": (
        "no-delayed-payment-methods",
        "var configuration = PaymentSheet.Configuration()\nconfiguration.allowsDelayedPaymentMethods = true\n",
        '// configuration.allowsDelayedPaymentMethods = true\nlet s = "configuration.allowsDelayedPaymentMethods = true"\n',
    ),
    "Checkout.kt": (
        "no-customer-config",
        "val c = PaymentSheet.Configuration(\n    customer = PaymentSheet.CustomerConfiguration(id, key),\n)\n",
        '/* customer = PaymentSheet.CustomerConfiguration(id, key) */\nval s = "customer = PaymentSheet.CustomerConfiguration(id, key)"\n',
    ),
    "Checkout.java": (
        "setup-intent-required",
        "class A { void f() {\n  sheet.presentWithPaymentIntent(secret, configuration);\n} }\n",
        'class A { void f() {\n  // sheet.presentWithPaymentIntent(secret, configuration);\n  String s = "sheet.presentWithPaymentIntent(secret)";\n} }\n',
    ),
    "build.gradle": (
        "android-no-financial-connections",
        "dependencies {\n    implementation 'com.stripe:financial-connections:21.0.0'\n}\n",
        "dependencies {\n    // implementation 'com.stripe:financial-connections:21.0.0'\n}\next.note = 'com.stripe:financial-connections:21.0.0'\n",
    ),
    "checkout.dart": (
        "no-customer-config",
        "final p = SetupPaymentSheetParameters(\n  customerId: customer,\n);\n",
        "// final p = SetupPaymentSheetParameters(customerId: customer);\nfinal s = 'SetupPaymentSheetParameters(customerId: customer)';\n",
    ),
    "Checkout.tsx": (
        "setup-intent-required",
        "async function f() {\n  await initPaymentSheet({ paymentIntentClientSecret: secret });\n}\n",
        "// await initPaymentSheet({ paymentIntentClientSecret: secret });\nconst s = `initPaymentSheet({ paymentIntentClientSecret: ${secret} })`;\n",
    ),
    "checkout.html": (
        "setup-intent-required",
        "<script>\n  stripe.confirmPayment({ elements });\n</script>\n",
        '<!-- <script>stripe.confirmPayment({ elements })</script> -->\n<p title="stripe.confirmPayment({ elements })">'
        '<script>const s = "stripe.confirmPayment({ elements })"; // stripe.confirmPayment({ elements })\n</script></p>\n',
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_trigger_in_code_fires_and_in_a_comment_or_string_does_not(
    name: str, make_app: Callable[[dict[str, str]], Path]
) -> None:
    rule, code, quoted = CASES[name]
    fired = lint(make_app({name: code}))
    assert [(f.rule, f.file, f.line) for f in fired.findings if f.rule == rule] == [(rule, name, 2)]
    quiet = lint(make_app({name: quoted}))
    assert quiet.files_scanned == 1 and not quiet.skipped
    assert [f for f in quiet.findings if f.rule == rule] == []


KEY = "sk_live_51ExampleSecretKeyThatMustNeverShip"


@pytest.mark.parametrize(
    ("name", "in_string", "in_comment"),
    [
        ("Keys.swift", f'let key = "{KEY}"\n', f"// let key = {KEY}\n"),
        ("Keys.kt", f'val key = "{KEY}"\n', f"/* {KEY} */\n"),
        ("keys.dart", f"final key = '{KEY}';\n", f"/// {KEY}\n"),
        ("keys.ts", f"export const key = '{KEY}';\n", f"// {KEY}\n"),
        ("index.html", f'<div data-key="{KEY}"></div>\n', f"<!-- {KEY} -->\n"),
        ("gradle.properties", f"stripe.key={KEY}\n", f"# stripe.key={KEY}\n"),
    ],
)
def test_keys_are_found_in_string_literals_and_config_values_but_not_in_comments(
    name: str, in_string: str, in_comment: str, make_app: Callable[[dict[str, str]], Path]
) -> None:
    found = lint(make_app({name: in_string}))
    assert [(f.rule, f.line, f.severity.value) for f in found.findings] == [("no-live-or-secret-key", 1, "error")]
    assert KEY not in found.findings[0].message  # the key itself is never printed
    assert lint(make_app({name: in_comment})).findings == ()


CORRECT_APP_TRIGGERS = {
    "ios/correct/ChargeApp/PaymentMethodsView.swift": [
        "configuration.customer",
        "presentWithPaymentIntent",
        "allowsDelayedPaymentMethods = true",
    ],
    "ios/correct/ChargeApp/Config.swift": ['"pk_live_"'],
    "android/correct/build.gradle": ["com.stripe:financial-connections"],
    "android/correct/app/build.gradle.kts": ['implementation("com.stripe:financial-connections'],
    "android/correct/gradle/libs.versions.toml": ['module = "com.stripe:financial-connections"'],
    "android/correct/app/src/main/java/com/example/charge/PaymentMethodsActivity.kt": [
        "customer = PaymentSheet.CustomerConfiguration",
        "presentWithPaymentIntent",
        "Environment.Production",
    ],
    "react-native/correct/src/AddPaymentMethodScreen.tsx": [
        "allowsDelayedPaymentMethods: true",
        "paymentIntentClientSecret",
    ],
    "flutter/correct/lib/payments/add_payment_method.dart": ["customerId:", "allowsDelayedPaymentMethods: true"],
    "web/correct/index.html": ["stripe.confirmPayment({ elements })", "customerSessionClientSecret"],
}


@pytest.mark.parametrize("path", sorted(CORRECT_APP_TRIGGERS))
def test_correct_fixture_apps_hold_triggers_only_in_comments_and_strings(path: str) -> None:
    text = (FIXTURE_APPS / path).read_text(encoding="utf-8")
    for trigger in CORRECT_APP_TRIGGERS[path]:
        assert trigger in text, f"{path} no longer holds {trigger!r}: the test would pass vacuously"
    app = FIXTURE_APPS / "/".join(path.split("/")[:2])
    report = lint(app)
    assert report.findings == () and report.skipped == ()
    assert report.files_scanned >= 3
