"""Intents: methods are added with the Connect API's SetupIntent; debts and pre-authorizations are paid by
confirming their PaymentIntent."""

from __future__ import annotations

from collections.abc import Iterator

from connect_cert.harness.lint.facts import Call, Kind, Label
from connect_cert.harness.lint.model import ALL_PLATFORMS, Severity
from connect_cert.harness.lint.rules.base import App, Hit, SourceFacts, mentions, rule
from connect_cert.harness.lint.rules.vocabulary import (
    DEBT,
    INTENT_CONFIGURATIONS,
    PAYMENT_INTENT_CONFIRMATIONS,
    PAYMENT_MODES,
    PRE_AUTHORIZATION_FAILED,
    SETUP_INTENT_CALLS,
    SHEET_CALLS,
    STRIPE_CALLS,
    WRONG_DEBT_SECRETS,
)

SETUP_INTENT_HOW = (
    "add payment methods with the setup_intent_client_secret of GET /users/{id}/setup-intents/?pm_type=card "
    "(PaymentSheet with a SetupIntent, or Stripe.js confirmSetup)"
)


def _in_sheet(label: Label) -> bool:
    return label.context.call in SHEET_CALLS or any("FlowController" in c for c in label.context.calls[:1])


def _sheet_with_payment_intent(call: Call) -> bool:
    """PaymentSheet given a PaymentIntent: setup-intent-required reports it already."""
    return call.name in SHEET_CALLS and call.argument("paymentIntentClientSecret") is not None


def _payment_mode(label: Label) -> bool:
    value = label.value
    if value.kind in (Kind.CALL, Kind.NAME):
        return value.last in PAYMENT_MODES
    if value.kind is Kind.STRING:
        return value.text == "payment"
    if value.kind is Kind.OBJECT:
        return value.entry("amount") is not None  # React Native: a mode with an amount is payment mode
    return False


def _adds_card_by_paying(call: Call) -> bool:
    if call.name == "confirmPayment":
        return call.argument("elements") is not None  # Stripe.js: a Payment Element collects a new card
    if call.name == "confirmCardPayment":
        method = call.argument("payment_method")
        return method is not None and method.kind is Kind.OBJECT and method.entry("card") is not None
    return False


@rule(
    "setup-intent-required",
    title="Payment methods are added with a SetupIntent, never a PaymentIntent",
    severity=Severity.ERROR,
    requirement="PAY-01",
    platforms=ALL_PLATFORMS,
)
def setup_intent_required(app: App) -> Iterator[Hit]:
    """The Connect API hands out a SetupIntent client secret to add a payment method; the guide says "Use
    setupIntent instead of paymentIntent to add a payment method". Flags PaymentSheet presented or
    configured with a PaymentIntent (presentWithPaymentIntent, paymentIntentClientSecret), deferred intents
    in payment mode, and Stripe.js confirmPayment / confirmCardPayment collecting a new card."""
    for source in app.code():
        facts = source.facts
        for call in facts.calls_named("presentWithPaymentIntent"):
            yield Hit(
                source.path,
                call.line,
                f"PaymentSheet is presented with a PaymentIntent: use presentWithSetupIntent; {SETUP_INTENT_HOW}",
            )
        for label in facts.labels_named("paymentIntentClientSecret"):
            if _in_sheet(label):
                yield Hit(
                    source.path,
                    label.line,
                    f"PaymentSheet is set up with paymentIntentClientSecret: use setupIntentClientSecret; {SETUP_INTENT_HOW}",
                )
        for label in facts.labels_named("mode"):
            if label.context.within(INTENT_CONFIGURATIONS) and _payment_mode(label):
                yield Hit(
                    source.path,
                    label.line,
                    f"a deferred intent in payment mode: use setup mode, or better {SETUP_INTENT_HOW}",
                )
        for call in facts.calls:
            if (call.name == "paymentMode" and "IntentMode" in call.path) or (
                call.name == "Payment" and "Mode" in call.path
            ):
                yield Hit(
                    source.path,
                    call.line,
                    f"a deferred intent in payment mode: use setup mode, or better {SETUP_INTENT_HOW}",
                )
            elif _adds_card_by_paying(call):
                yield Hit(
                    source.path,
                    call.line,
                    f"{call.name} collects a new card by paying: use confirmSetup with the Connect API's SetupIntent; {SETUP_INTENT_HOW}",
                )


@rule(
    "debt-paid-with-payment-intent",
    title="Debts are paid by confirming the debt's PaymentIntent",
    severity=Severity.ERROR,
    requirement="LINT-04",
    platforms=ALL_PLATFORMS,
)
def debt_paid_with_payment_intent(app: App) -> Iterator[Hit]:
    """A failed final charge leaves a debt carrying payment_intent_client_secret; the app pays it in the
    foreground with confirmPayment / confirmPaymentIntent, that secret and the saved payment method. Flags
    a debt handed to a SetupIntent or PaymentSheet call, and a debt's secret read as client_secret (the
    field the public docs show, which the API does not return)."""
    for source in app.code():
        flagged = [
            c
            for c in source.facts.calls
            if c.name in SETUP_INTENT_CALLS and mentions(c.inner, DEBT) and not _sheet_with_payment_intent(c)
        ]
        enclosing = {outer for c in flagged for outer in c.context.calls}
        for call in flagged:
            if call.qualified in enclosing:
                continue  # the call inside it that carries the debt is the one to change
            yield Hit(
                source.path,
                call.line,
                f"a debt is paid through {call.name}: confirm the debt's PaymentIntent instead (confirmPayment / "
                "confirmPaymentIntent with its payment_intent_client_secret and the saved payment method)",
            )
        for member in source.facts.members:
            path = member.path
            for receiver, field in zip(path, path[1:], strict=False):
                if DEBT in receiver.lower() and field in WRONG_DEBT_SECRETS:
                    yield Hit(
                        source.path,
                        member.line,
                        f"a debt's secret is read as {field}: the Connect API returns it as payment_intent_client_secret "
                        "(the public docs' client_secret does not exist); confirm that PaymentIntent to pay the debt",
                    )
                    break


def confirms_payment_intent(call: Call) -> bool:
    """A PaymentIntent confirmed by the app (stripe-android also through ConfirmPaymentIntentParams)."""
    return call.name in PAYMENT_INTENT_CONFIRMATIONS or "ConfirmPaymentIntentParams" in call.path


def _stripe_sites(files: list[SourceFacts]) -> list[tuple[SourceFacts, Call]]:
    return [(f, c) for f in files for c in f.facts.calls if c.name in STRIPE_CALLS or c.path[:1] == ("Stripe",)]


def _names_pre_authorization_failure(source: SourceFacts) -> bool:
    facts = source.facts
    return any(PRE_AUTHORIZATION_FAILED.match(literal.text) for literal in facts.literals) or any(
        PRE_AUTHORIZATION_FAILED.match(name.name) for name in facts.names
    )


@rule(
    "preauth-402-handled",
    title="A 402 pre_authorization_failed at charging start is handled by confirming its PaymentIntent",
    severity=Severity.ERROR,
    requirement="LINT-05",
    platforms=ALL_PLATFORMS,
    app_level=True,
)
def preauth_402_handled(app: App) -> Iterator[Hit]:
    """Starting a session with a card that needs authentication answers 402 with error type
    pre_authorization_failed and a PaymentIntent client secret; the app confirms it (3DS) and starts
    again. App-level: per platform that uses Stripe, some code must name pre_authorization_failed and some
    code must confirm a PaymentIntent."""
    for platform in sorted(app.platforms):
        files = app.on(platform)
        sites = _stripe_sites(files)
        if not sites:
            continue
        recognised = any(_names_pre_authorization_failure(f) for f in files)
        confirms = any(confirms_payment_intent(c) for f in files for c in f.facts.calls)
        if recognised and confirms:
            continue
        if not recognised:
            message = (
                f"{platform.value}: nothing handles a 402 pre_authorization_failed at charging start: when starting a "
                "session answers it, confirm error.payment_intent_client_secret (3DS) and start again"
            )
        else:
            message = (
                f"{platform.value}: pre_authorization_failed is recognised but no PaymentIntent is confirmed: confirm "
                "error.payment_intent_client_secret with confirmPayment / confirmPaymentIntent, then start again"
            )
        yield Hit(sites[0][0].path, None, message)
