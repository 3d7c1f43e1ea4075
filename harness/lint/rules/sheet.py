"""PaymentSheet configuration: no delayed payment methods, and a return URL on iOS."""

from __future__ import annotations

from collections.abc import Iterator

from connect_cert.harness.lint.facts import Call, Kind
from connect_cert.harness.lint.model import SHEET_PLATFORMS, Platform, Severity
from connect_cert.harness.lint.rules.base import App, Hit, SourceFacts, configured, rule


@rule(
    "no-delayed-payment-methods",
    title="allowsDelayedPaymentMethods is not enabled",
    severity=Severity.ERROR,
    requirement="PAY-12",
    platforms=SHEET_PLATFORMS,
)
def no_delayed_payment_methods(app: App) -> Iterator[Hit]:
    """The guide: "Skip allowsDelayedPaymentMethods". A session is pre-authorized and charged off-session, so
    only methods usable at once (cards, Apple Pay, Google Pay) may be offered. Flags the flag set to anything
    but false."""
    for source in app.code():
        for value, line, _ in configured(source.facts, "allowsDelayedPaymentMethods"):
            if value.kind is not Kind.FALSE:
                yield Hit(
                    source.path,
                    line,
                    "allowsDelayedPaymentMethods is enabled: remove it (or set it to false); delayed methods cannot pre-authorize a charging session",
                )


def _sheet_sites(platform: Platform, files: list[SourceFacts]) -> list[tuple[SourceFacts, Call]]:
    calls = [(f, c) for f in files for c in f.facts.calls]
    if platform is Platform.IOS:
        configurations = [(f, c) for f, c in calls if c.path[-2:] == ("PaymentSheet", "Configuration")]
        return configurations or [(f, c) for f, c in calls if c.name == "PaymentSheet"]
    name = "SetupPaymentSheetParameters" if platform is Platform.FLUTTER else "initPaymentSheet"
    return [(f, c) for f, c in calls if c.name == name]


@rule(
    "ios-return-url",
    title="The iOS PaymentSheet has a return URL",
    severity=Severity.ERROR,
    requirement="PAY-10",
    platforms=(Platform.IOS, Platform.FLUTTER, Platform.REACT_NATIVE),
)
def ios_return_url(app: App) -> Iterator[Hit]:
    """The guide: "Set up a return URL: Ensure a return URL is configured." Without returnURL, a bank page
    or redirect-based authentication cannot return to the app. Flags PaymentSheet configurations (Swift
    PaymentSheet.Configuration, Flutter SetupPaymentSheetParameters, React Native initPaymentSheet) when the
    platform's sources set no returnURL."""
    for platform in (Platform.IOS, Platform.FLUTTER, Platform.REACT_NATIVE):
        files = app.on(platform)
        has_return_url = any(
            not (value.kind is Kind.STRING and not value.text.strip())
            for f in files
            for value, _, _ in configured(f.facts, "returnURL")
        )
        if has_return_url:
            continue
        for source, call in _sheet_sites(platform, files):
            yield Hit(
                source.path,
                call.line,
                'PaymentSheet has no returnURL: set it to a URL your app handles (e.g. "yourapp://stripe-redirect") so '
                "authentication that leaves the app returns to it",
            )
