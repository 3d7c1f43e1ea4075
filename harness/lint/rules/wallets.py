"""Wallets: Apple Pay needs the merchant identifier; Google Pay is not hard-wired to production."""

from __future__ import annotations

from collections.abc import Iterator

from connect_cert.harness.lint.facts import Kind
from connect_cert.harness.lint.model import Platform, Severity
from connect_cert.harness.lint.rules.base import App, Hit, configured, rule
from connect_cert.harness.lint.rules.vocabulary import (
    APPLE_PAY_SITES,
    ENVIRONMENT_HOLDERS,
    GOOGLE_PAY_CALLS,
    GOOGLE_PAY_KEYS,
    GOOGLE_PAY_TEST_FLAGS,
    MERCHANT_ID,
    MERCHANT_ID_KEYS,
    PRODUCTION_ENVIRONMENTS,
)

APPLE_PAY_PLATFORMS = (Platform.IOS, Platform.FLUTTER, Platform.REACT_NATIVE)
GOOGLE_PAY_PLATFORMS = (Platform.ANDROID, Platform.FLUTTER, Platform.REACT_NATIVE)


@rule(
    "ios-apple-pay-merchant-id",
    title="Apple Pay is enabled with a merchant identifier",
    severity=Severity.WARNING,
    requirement="LINT-01",
    platforms=APPLE_PAY_PLATFORMS,
)
def ios_apple_pay_merchant_id(app: App) -> Iterator[Hit]:
    """Apple Pay in PaymentSheet needs the Apple merchant identifier (merchant.…) whose certificate the
    Cariqa team registers with Stripe. Flags Apple Pay enabled on a platform whose sources set no
    merchantId / merchantIdentifier, and a merchant identifier that is not of the form merchant.<domain>."""
    for platform in APPLE_PAY_PLATFORMS:
        files = app.on(platform)
        merchant_ids = [(f, value, line) for f in files for value, line, _ in configured(f.facts, *MERCHANT_ID_KEYS)]
        for source, value, line in merchant_ids:
            if value.kind is Kind.STRING and not MERCHANT_ID.match(value.text):
                shown = f"{value.text!r} is not" if value.text else "an empty string is not"
                yield Hit(
                    source.path,
                    line,
                    f"{shown} an Apple merchant identifier: use the merchant.… identifier registered for Apple Pay with the Cariqa team",
                )
        if merchant_ids:
            continue
        for source in files:
            sites = {line for _, line, _ in configured(source.facts, "applePay")}
            sites |= {
                c.line for c in source.facts.calls if c.name in APPLE_PAY_SITES and c.argument("merchantId") is None
            }
            for line in sorted(sites):
                yield Hit(
                    source.path,
                    line,
                    "Apple Pay is enabled without a merchant identifier: set merchantId / merchantIdentifier to your merchant.… identifier",
                )


@rule(
    "android-google-pay-test-env",
    title="Google Pay is not hard-wired to production",
    severity=Severity.WARNING,
    requirement="LINT-03",
    platforms=GOOGLE_PAY_PLATFORMS,
)
def android_google_pay_test_env(app: App) -> Iterator[Hit]:
    """Production Google Pay needs an app that passed Google's review; development builds must use the test
    environment (the reference client uses the test environment in development). Flags the production
    environment chosen unconditionally (Kotlin / Java), and Flutter / React Native Google Pay without
    testEnv or with testEnv: false (their default is production)."""
    advice = (
        "use the test environment in development builds (e.g. choose it from BuildConfig.DEBUG or the build flavor)"
    )
    for source in app.code():
        if source.platform is Platform.ANDROID:
            for member in source.facts.members:
                path = member.path
                if (
                    len(path) >= 2
                    and path[-1] in PRODUCTION_ENVIRONMENTS
                    and path[-2] in ENVIRONMENT_HOLDERS
                    and not member.context.conditional
                ):
                    yield Hit(
                        source.path,
                        member.line,
                        f"Google Pay is hard-wired to production ({'.'.join(path[-2:])}): {advice}",
                    )
            continue
        for call in source.facts.calls:
            if call.name in GOOGLE_PAY_CALLS:
                flag = next(
                    (call.argument(name) for name in GOOGLE_PAY_TEST_FLAGS if call.argument(name) is not None), None
                )
                if flag is None or flag.kind is Kind.FALSE:
                    state = "testEnv is false" if flag is not None else "testEnv is not set (it defaults to production)"
                    yield Hit(
                        source.path,
                        call.line,
                        f"Google Pay runs in production: {state}; set testEnv: kDebugMode (or your flavor's flag)",
                    )
        for value, line, _ in configured(source.facts, *GOOGLE_PAY_KEYS):
            if value.kind is not Kind.OBJECT:
                continue
            flag = next((value.entry(name) for name in GOOGLE_PAY_TEST_FLAGS if value.entry(name) is not None), None)
            if flag is None or flag.kind is Kind.FALSE:
                state = "testEnv is false" if flag is not None else "testEnv is not set (it defaults to production)"
                yield Hit(
                    source.path,
                    line,
                    f"Google Pay runs in production: {state}; set testEnv: __DEV__ (or your build's flag)",
                )
