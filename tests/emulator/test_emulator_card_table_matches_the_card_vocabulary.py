"""The emulator's own card table says what the card vocabulary says, card by card and phase by phase.

The sandbox keeps its table (`connect_cert.sandbox.stripe.cards`) so that it never imports the harness; this
test is what holds it to `connect_cert.fixtures.cards` (docs/reference.md#test-cards).
"""

from __future__ import annotations

import pytest

from connect_cert.fixtures.cards import ALL_CARDS, Outcome, Phase, TestCard
from connect_cert.sandbox.stripe import cards as emulator
from connect_cert.sandbox.stripe.cards import CardBehavior, OffSession, OnSession, Setup

SETUP = {Setup.SUCCEEDED: Outcome.SUCCEEDED, Setup.REQUIRES_ACTION: Outcome.CHALLENGE, Setup.DECLINED: Outcome.DECLINED}
# "Later, with the saved card": a saved card has been set up, so 3155's "once set up" is a success.
OFF_SESSION = {
    OffSession.SUCCEEDED: Outcome.SUCCEEDED,
    OffSession.SUCCEEDED_ONCE_SET_UP: Outcome.SUCCEEDED,
    OffSession.AUTHENTICATION_REQUIRED: Outcome.AUTHENTICATION_REQUIRED,
    OffSession.DECLINED: Outcome.DECLINED,
}
ON_SESSION = {OnSession.SUCCEEDED: Outcome.SUCCEEDED, OnSession.DECLINED: Outcome.DECLINED}


def _outcome(row: CardBehavior, phase: Phase) -> Outcome:
    if phase is Phase.SETUP:
        return SETUP[row.setup]
    if phase is Phase.OFF_SESSION:
        # The emulator refuses to attach a card declined at setup, so it never reaches an off-session charge.
        return Outcome.CANNOT_BE_SAVED if row.setup is Setup.DECLINED else OFF_SESSION[row.off_session]
    if row.on_session is OnSession.REQUIRES_ACTION:
        return Outcome.CHALLENGE_THEN_DECLINED if row.declines_after_3ds else Outcome.CHALLENGE
    return ON_SESSION[row.on_session]


def _error(row: CardBehavior, outcome: Outcome) -> tuple[str, str] | None:
    if outcome is Outcome.AUTHENTICATION_REQUIRED:
        decline = emulator.AUTHENTICATION_REQUIRED
    elif outcome in (Outcome.DECLINED, Outcome.CHALLENGE_THEN_DECLINED):
        assert row.decline, f"…{row.last4}: the emulator declines without saying how"
        decline = row.decline
    else:
        return None
    return decline.code, decline.decline_code


@pytest.mark.parametrize("phase", list(Phase), ids=str)
@pytest.mark.parametrize("card", ALL_CARDS, ids=lambda c: c.last4)
def test_the_emulator_row_matches_the_vocabulary(card: TestCard, phase: Phase) -> None:
    row = emulator.BY_NUMBER.get(card.number)
    assert row is not None, f"the emulator does not know …{card.last4}"
    assert (row.test_payment_method, row.brand) == (card.pm_id, card.brand)
    outcome = _outcome(row, phase)
    assert (outcome.value, _error(row, outcome)) == (card.outcome(phase).value, card.error(phase)), (
        f"…{card.last4} {phase}: the emulator's table differs from connect_cert.fixtures.cards"
    )
