"""A call spread over several lines, with comments between receiver, name and arguments, is still the call:
the finding names the line of the call's name (or of the offending argument)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from connect_cert.harness.lint import lint

SPLIT: dict[str, tuple[str, str, int]] = {
    "Checkout.swift": (
        "setup-intent-required",
        "let sheet = PaymentSheet(\n"
        "    // a comment\n"
        "    paymentIntentClientSecret:\n"
        "        /* another */ secret,\n"
        "    configuration: configuration)\n",
        3,
    ),
    "Checkout.kt": (
        "setup-intent-required",
        "paymentSheet\n    // a comment\n    .presentWithPaymentIntent(\n        /* secret */ secret,\n        configuration,\n    )\n",
        3,
    ),
    "Checkout.java": (
        "no-delayed-payment-methods",
        'class A { Object c = new PaymentSheet.Configuration.Builder("X")\n'
        "    // a comment\n"
        "    .allowsDelayedPaymentMethods(\n"
        "        /* on purpose */ true)\n"
        "    .build(); }\n",
        3,
    ),
    "build.gradle.kts": (
        "android-no-financial-connections",
        'dependencies {\n    implementation(\n        // a comment\n        "com.stripe:financial-connections:21.0.0"\n    )\n}\n',
        2,
    ),
    "pay_debt.dart": (
        "debt-paid-with-payment-intent",
        "Future<void> f() async {\n"
        "  await Stripe.instance\n"
        "      // a comment\n"
        "      .confirmSetupIntent(\n"
        "    // and another\n"
        "    paymentIntentClientSecret: debt.paymentIntentClientSecret,\n"
        "  );\n"
        "}\n",
        4,
    ),
    "checkout.js": (
        "setup-intent-required",
        "await stripe\n  // a comment\n  .confirmPayment({\n    // another\n    elements,\n  });\n",
        3,
    ),
}


@pytest.mark.parametrize("name", sorted(SPLIT))
def test_a_call_split_over_lines_with_comments_still_triggers(
    name: str, make_app: Callable[[dict[str, str]], Path]
) -> None:
    rule, code, line = SPLIT[name]
    report = lint(make_app({name: code}))
    assert not report.skipped
    assert [(f.rule, f.line) for f in report.findings if f.rule == rule] == [(rule, line)]
