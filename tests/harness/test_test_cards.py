"""The card constants match Stripe's published test cards and the behavior table of FACTS.md."""

from __future__ import annotations

from connect_cert.fixtures import cards
from connect_cert.fixtures.cards import ALL_CARDS, Outcome


def luhn(number: str) -> bool:
    digits = [int(d) for d in reversed(number)]
    return sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits)) % 10 == 0


def test_every_published_number_is_a_valid_card_number() -> None:
    assert all(luhn(n) for n in cards.PUBLISHED_TEST_NUMBERS)


def test_numbers_and_payment_method_ids_are_unique() -> None:
    assert len({c.number for c in ALL_CARDS}) == len({c.pm_id for c in ALL_CARDS}) == len(ALL_CARDS)


def test_the_deprecated_3ds1_card_is_not_used() -> None:
    assert "4000000000003063" not in cards.PUBLISHED_TEST_NUMBERS


def test_cards_that_cannot_be_saved_are_declined_at_setup() -> None:
    unsaveable = [c for c in ALL_CARDS if c.off_session is Outcome.CANNOT_BE_SAVED]
    assert {c.last4 for c in unsaveable} == {"9995", "0002"}
    assert all(c.setup is Outcome.DECLINED and c.decline_code for c in unsaveable)


def test_the_debt_cards_attach_and_later_fail() -> None:
    assert cards.CHARGE_CUSTOMER_FAIL_0341.setup is Outcome.SUCCEEDED
    assert cards.CHARGE_CUSTOMER_FAIL_0341.off_session is Outcome.DECLINED
    assert cards.THREE_DS_3184.off_session is Outcome.AUTHENTICATION_REQUIRED
    assert cards.THREE_DS_INSUFFICIENT_FUNDS_3178.decline_code == "insufficient_funds"
