"""The web flows as data: a test reads "this scenario, one driver call".

What a flow must end in is derived from the card's documented behavior (`connect_cert.fixtures.cards`) and the
3DS answer (a `Challenge`, or None where the card must not ask for one), never written down per test.
"""

from __future__ import annotations

from dataclasses import dataclass

from connect_cert.fixtures.cards import (
    CHALLENGED,
    DECLINED_GENERIC_0002,
    DECLINED_INSUFFICIENT_FUNDS_9995,
    SETUP_FOR_OFF_SESSION_0446,
    THREE_DS_3184,
    VISA_4242,
    Challenge,
    Outcome,
    TestCard,
)
from connect_cert.fixtures.charging import SHARED_VCPS

# Far above what the default 50.00 EUR hold covers at any tariff of the sandbox, so the final charge
# needs a second, off-session PaymentIntent: the one a 3DS card fails, leaving a debt.
DEBT_ENERGY_KWH = "400.000"


def _check_answer(flow: str, outcome: Outcome, three_ds: Challenge | None) -> None:
    if (outcome in CHALLENGED) != (three_ds is not None):
        raise ValueError(
            f"scenario {flow!r}: a {outcome.value} card needs "
            f"{'a 3DS answer' if outcome in CHALLENGED else 'no 3DS answer'}"
        )


def _succeeds(outcome: Outcome, three_ds: Challenge | None) -> bool:
    return outcome is Outcome.SUCCEEDED or (outcome is Outcome.CHALLENGE and three_ds is Challenge.COMPLETE)


@dataclass(frozen=True)
class AddCard:
    """Add a card with Stripe Elements in setup mode."""

    flow: str
    card: TestCard
    three_ds: Challenge | None = None

    def __post_init__(self) -> None:
        _check_answer(self.flow, self.card.setup, self.three_ds)

    @property
    def challenged(self) -> bool:
        return self.card.setup in CHALLENGED

    @property
    def saved(self) -> bool:
        return _succeeds(self.card.setup, self.three_ds)


@dataclass(frozen=True)
class PayDebt:
    """Pay the open debt of a session in the browser with the saved card."""

    flow: str
    card: TestCard
    three_ds: Challenge | None
    energy_kwh: str = DEBT_ENERGY_KWH
    evse_ids: tuple[str, ...] = SHARED_VCPS

    def __post_init__(self) -> None:
        _check_answer(self.flow, self.card.on_session, self.three_ds)

    @property
    def challenged(self) -> bool:
        return self.card.on_session in CHALLENGED

    @property
    def paid(self) -> bool:
        return _succeeds(self.card.on_session, self.three_ds)


@dataclass(frozen=True)
class StartWithPreauthorization:
    """Start charging; a 402 pre_authorization_failed is confirmed in the browser, then start again."""

    flow: str
    card: TestCard
    three_ds: Challenge | None
    evse_ids: tuple[str, ...] = SHARED_VCPS

    def __post_init__(self) -> None:
        _check_answer(self.flow, self.card.on_session, self.three_ds)
        if self.card.off_session is not Outcome.AUTHENTICATION_REQUIRED:
            raise ValueError(f"scenario {self.flow!r}: the card's pre-authorization must need authentication")

    @property
    def challenged(self) -> bool:
        return self.card.on_session in CHALLENGED

    @property
    def starts(self) -> bool:
        return _succeeds(self.card.on_session, self.three_ds)


@dataclass(frozen=True)
class Logout:
    """One user adds a card and logs out; the next user signs in on the same page and adds another card."""

    flow: str
    card: TestCard = VISA_4242
    next_card: TestCard = SETUP_FOR_OFF_SESSION_0446  # told apart from the first user's by its last four

    def __post_init__(self) -> None:
        if self.card.last4 == self.next_card.last4:
            raise ValueError(f"scenario {self.flow!r}: the two users' cards must differ in their last four digits")


ADD_4242 = AddCard("4242 is saved, listed as card/visa/4242 and default", VISA_4242)
ADD_3184_COMPLETE = AddCard("3184 with 3DS completed is attached", THREE_DS_3184, Challenge.COMPLETE)
ADD_3184_FAIL = AddCard("3184 with 3DS failed attaches nothing and shows an error", THREE_DS_3184, Challenge.FAIL)
RETRY_3184_COMPLETE = AddCard(
    "a retry after a failed 3DS challenge attaches the card", THREE_DS_3184, Challenge.COMPLETE
)
DECLINE_0002 = AddCard("0002 is declined: an error, nothing attached", DECLINED_GENERIC_0002)
DECLINE_9995 = AddCard("9995 is declined: an error, nothing attached", DECLINED_INSUFFICIENT_FUNDS_9995)
DEBT_3184_COMPLETE = PayDebt("a debt is paid in the browser with 3DS: no debt left", THREE_DS_3184, Challenge.COMPLETE)
PREAUTH_3184_COMPLETE = StartWithPreauthorization(
    "pre-authorization 402, 3DS in the browser, then the start succeeds", THREE_DS_3184, Challenge.COMPLETE
)
LOGOUT = Logout("after logout the next user sees none of the previous user's payment methods")
