"""The Stripe customer belongs to the Connect API: the app configures none, and forgets it on logout."""

from __future__ import annotations

from collections.abc import Iterator

from connect_cert.harness.lint.facts import Label, LabelKind
from connect_cert.harness.lint.model import ALL_PLATFORMS, SHEET_PLATFORMS, Platform, Severity
from connect_cert.harness.lint.rules.base import App, Hit, rule
from connect_cert.harness.lint.rules.vocabulary import (
    CONFIG_CALLS,
    CONFIG_RECEIVERS,
    CUSTOMER_CONFIG_KEYS,
    CUSTOMER_KEYS,
    CUSTOMER_TYPES,
    RESET_CUSTOMER_CALLS,
    SHEET_CALLS,
)

NO_CUSTOMER = (
    "remove it: the Connect API attaches payment methods to its own customer through the SetupIntent, so the app "
    "passes no customer, customerId, ephemeral key or customerSessionClientSecret"
)
RESET_CALL: dict[Platform, str] = {
    Platform.IOS: "PaymentSheet.resetCustomer()",
    Platform.ANDROID: "PaymentSheet.resetCustomer(context)",
    Platform.FLUTTER: "Stripe.instance.resetPaymentSheetCustomer()",
    Platform.REACT_NATIVE: "resetPaymentSheetCustomer() (from useStripe())",
}


def _configures_stripe(label: Label) -> bool:
    if label.context.within(CONFIG_CALLS):
        return True
    if label.kind is LabelKind.ASSIGNMENT and label.receiver:
        return label.receiver[-1].lower().endswith(CONFIG_RECEIVERS)
    return label.kind is LabelKind.SETTER and "Builder" in label.receiver


@rule(
    "no-customer-config",
    title="No Stripe customer, ephemeral key or customer session in the app",
    severity=Severity.ERROR,
    requirement="PAY-01",
    platforms=ALL_PLATFORMS,
)
def no_customer_config(app: App) -> Iterator[Hit]:
    """The guide: "You do not need to provide customer or customerSessionClientSecret". Flags customer /
    customerId in a PaymentSheet or Elements configuration, CustomerConfiguration, ephemeral keys and
    customer sessions anywhere."""
    for source in app.code():
        by_line: dict[int, list[str]] = {}
        for label in source.facts.labels:
            if label.name in CUSTOMER_KEYS or (label.name in CUSTOMER_CONFIG_KEYS and _configures_stripe(label)):
                by_line.setdefault(label.line, []).append(label.name)
        for name in source.facts.names:
            if name.name in CUSTOMER_TYPES:
                by_line.setdefault(name.line, []).append(name.name)
        for line, names in sorted(by_line.items()):
            listed = ", ".join(dict.fromkeys(names))
            verb = "configures" if len(set(names)) == 1 else "configure"
            yield Hit(source.path, line, f"{listed} {verb} a Stripe customer: {NO_CUSTOMER}")


@rule(
    "logout-resets-customer",
    title="Logout resets the PaymentSheet customer",
    severity=Severity.ERROR,
    requirement="PAY-11",
    platforms=SHEET_PLATFORMS,
    app_level=True,
)
def logout_resets_customer(app: App) -> Iterator[Hit]:
    """PaymentSheet keeps the last customer's payment methods on the device; the guide asks to handle logout
    correctly. App-level: a platform that presents PaymentSheet must call resetCustomer (iOS, Android) /
    resetPaymentSheetCustomer (Flutter, React Native) somewhere, which belongs in the logout handler."""
    for platform in SHEET_PLATFORMS:
        files = app.on(platform)
        sheets = [f for f in files if any(c.name in SHEET_CALLS for c in f.facts.calls)]
        if not sheets or any(f.facts.has_call(*RESET_CUSTOMER_CALLS) for f in files):
            continue
        yield Hit(
            sheets[0].path,
            None,
            f"{platform.value}: PaymentSheet is used but the customer is never reset: call {RESET_CALL[platform]} when "
            "the user logs out, so the next user does not see the previous user's payment methods",
        )
