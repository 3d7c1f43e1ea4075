"""Stripe's test cards and how each behaves: the one table the emulator consults.

Rows come from Stripe's testing, save-and-reuse, errors and capture pages (docs/reference.md#test-cards). Where Stripe
documents nothing, the row says what we chose and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Setup(Enum):
    """What confirming a SetupIntent with the card does."""

    SUCCEEDED = "succeeded"
    REQUIRES_ACTION = "requires_action"  # 3DS challenge, attached only once it completes
    DECLINED = "declined"  # 402 card_error, nothing attached


class OffSession(Enum):
    """What a later merchant-initiated (off-session) PaymentIntent does."""

    SUCCEEDED = "succeeded"
    AUTHENTICATION_REQUIRED = "authentication_required"  # 402, intent back to requires_payment_method
    SUCCEEDED_ONCE_SET_UP = "succeeded_once_set_up"  # 3155: needs a completed SetupIntent first
    DECLINED = "declined"


class OnSession(Enum):
    """What a customer-present PaymentIntent confirm does."""

    SUCCEEDED = "succeeded"
    REQUIRES_ACTION = "requires_action"  # 3DS every time; the challenge decides
    DECLINED = "declined"


@dataclass(frozen=True)
class Decline:
    code: str
    decline_code: str
    message: str


INSUFFICIENT_FUNDS = Decline("card_declined", "insufficient_funds", "Your card has insufficient funds.")
GENERIC_DECLINE = Decline("card_declined", "generic_decline", "Your card was declined.")
AUTHENTICATION_REQUIRED = Decline(
    "authentication_required",
    "authentication_required",
    "Your card was declined. This transaction requires authentication.",
)


@dataclass(frozen=True)
class CardBehavior:
    number: str
    test_payment_method: str | None
    brand: str
    setup: Setup
    off_session: OffSession
    on_session: OnSession
    decline: Decline | None = None  # the decline for any DECLINED outcome, and after 3DS where declines_after_3ds
    declines_after_3ds: bool = False  # 3178: the challenge passes, then the issuer declines
    country: str = "US"
    funding: str = "credit"

    @property
    def last4(self) -> str:
        return self.number[-4:]


CARDS: tuple[CardBehavior, ...] = (
    CardBehavior(
        "4242424242424242", "pm_card_visa", "visa", Setup.SUCCEEDED, OffSession.SUCCEEDED, OnSession.SUCCEEDED
    ),
    CardBehavior(
        "4000002760003184",
        "pm_card_authenticationRequired",
        "visa",
        Setup.REQUIRES_ACTION,
        OffSession.AUTHENTICATION_REQUIRED,
        OnSession.REQUIRES_ACTION,
        country="DE",
    ),
    CardBehavior(
        "4000002500003155",
        "pm_card_authenticationRequiredOnSetup",
        "visa",
        Setup.REQUIRES_ACTION,
        OffSession.SUCCEEDED_ONCE_SET_UP,
        OnSession.REQUIRES_ACTION,
        country="IE",
    ),
    # Stripe does not document 3220 off-session: treated as 3184 (docs/reference.md#test-cards).
    CardBehavior(
        "4000000000003220",
        "pm_card_threeDSecure2Required",
        "visa",
        Setup.REQUIRES_ACTION,
        OffSession.AUTHENTICATION_REQUIRED,
        OnSession.REQUIRES_ACTION,
    ),
    # Stripe does not document 3178 on setup: like every 3DS-required card it asks for the challenge.
    CardBehavior(
        "4000008260003178",
        "pm_card_authenticationRequiredChargeDeclinedInsufficientFunds",
        "visa",
        Setup.REQUIRES_ACTION,
        OffSession.DECLINED,
        OnSession.REQUIRES_ACTION,
        decline=INSUFFICIENT_FUNDS,
        declines_after_3ds=True,
        country="GB",
    ),
    CardBehavior(
        "4000000000009995",
        "pm_card_visa_chargeDeclinedInsufficientFunds",
        "visa",
        Setup.DECLINED,
        OffSession.DECLINED,
        OnSession.DECLINED,
        decline=INSUFFICIENT_FUNDS,
    ),
    CardBehavior(
        "4000000000000002",
        "pm_card_visa_chargeDeclined",
        "visa",
        Setup.DECLINED,
        OffSession.DECLINED,
        OnSession.DECLINED,
        decline=GENERIC_DECLINE,
    ),
    CardBehavior(
        "4000000000000341",
        "pm_card_chargeCustomerFail",
        "visa",
        Setup.SUCCEEDED,
        OffSession.DECLINED,
        OnSession.DECLINED,
        decline=GENERIC_DECLINE,
    ),
    CardBehavior(
        "4000003800000446",
        "pm_card_authenticationRequiredSetupForOffSession",
        "visa",
        Setup.SUCCEEDED,
        OffSession.SUCCEEDED,
        OnSession.REQUIRES_ACTION,
    ),
    # Frictionless cards of other brands, for brand display.
    CardBehavior(
        "5555555555554444",
        "pm_card_mastercard",
        "mastercard",
        Setup.SUCCEEDED,
        OffSession.SUCCEEDED,
        OnSession.SUCCEEDED,
    ),
    CardBehavior("378282246310005", "pm_card_amex", "amex", Setup.SUCCEEDED, OffSession.SUCCEEDED, OnSession.SUCCEEDED),
)

BY_NUMBER = {card.number: card for card in CARDS}
BY_TEST_PAYMENT_METHOD = {card.test_payment_method: card for card in CARDS if card.test_payment_method}

# Wallet test tokens the PaymentSheet and Payment Request stand-ins send: Stripe's test environment
# replaces Apple Pay and Google Pay cards with 4242 (docs/reference.md#test-cards), so the card behaves as 4242.
WALLET_TOKENS = {"tok_applepay": "apple_pay", "tok_googlepay": "google_pay"}
WALLET_CARD = BY_NUMBER["4242424242424242"]


def luhn_ok(number: str) -> bool:
    digits = [int(d) for d in number]
    odd = digits[-1::-2]
    even = [sum(divmod(2 * d, 10)) for d in digits[-2::-2]]
    return (sum(odd) + sum(even)) % 10 == 0
