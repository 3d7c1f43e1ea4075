"""The card vocabulary is consistent, and it is what our reference page says (docs/reference.md#test-cards)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from connect_cert.fixtures import cards
from connect_cert.fixtures.cards import ALL_CARDS, Outcome, Phase, TestCard

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference.md"


def luhn(number: str) -> bool:
    digits = [int(d) for d in reversed(number)]
    return sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits)) % 10 == 0


def _reference_rows() -> dict[str, list[str]]:
    """The card table of docs/reference.md#test-cards: number -> its other cells, backticks and dashes dropped."""
    section = REFERENCE.read_text(encoding="utf-8").split('<a id="test-cards"></a>', 1)[1].split("<a id=", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if re.fullmatch(r"[\d ]{15,23}", cells[0]):
            rows[cells[0].replace(" ", "")] = ["" if c == "—" else c for c in cells[1:]]
    return rows


def test_every_published_number_is_a_valid_card_number() -> None:
    assert all(luhn(n) for n in cards.PUBLISHED_TEST_NUMBERS)


def test_numbers_and_payment_method_ids_are_unique() -> None:
    assert len({c.number for c in ALL_CARDS}) == len({c.pm_id for c in ALL_CARDS}) == len(ALL_CARDS)


def test_the_deprecated_3ds1_card_is_not_used() -> None:
    assert "4000000000003063" not in cards.PUBLISHED_TEST_NUMBERS


def test_cards_that_cannot_be_saved_are_exactly_those_declined_at_setup() -> None:
    for card in ALL_CARDS:
        assert (card.off_session is Outcome.CANNOT_BE_SAVED) == (card.setup is Outcome.DECLINED), card.last4
    assert any(c.off_session is Outcome.CANNOT_BE_SAVED for c in ALL_CARDS)


def test_a_decline_code_goes_with_a_declining_outcome() -> None:
    with pytest.raises(ValueError, match="decline_code"):
        dataclasses.replace(cards.VISA_4242, decline_code="insufficient_funds")
    with pytest.raises(ValueError, match="decline_code"):
        dataclasses.replace(cards.CHARGE_CUSTOMER_FAIL_0341, decline_code=None)


def test_the_cards_the_suites_build_debts_and_preauthorizations_on() -> None:
    """A debt needs a card that saves and later declines; a 3DS pre-authorization one that later needs 3DS."""
    assert cards.CHARGE_CUSTOMER_FAIL_0341.setup is Outcome.SUCCEEDED
    assert cards.CHARGE_CUSTOMER_FAIL_0341.off_session is Outcome.DECLINED
    assert cards.THREE_DS_3184.off_session is Outcome.AUTHENTICATION_REQUIRED
    assert cards.THREE_DS_3184.three_ds == frozenset(Phase)
    assert cards.THREE_DS_INSUFFICIENT_FUNDS_3178.error(Phase.OFF_SESSION) == ("card_declined", "insufficient_funds")


def test_the_reference_page_lists_every_card_as_the_vocabulary_states_it() -> None:
    rows = _reference_rows()
    assert len(rows) >= 2, "the card table of docs/reference.md#test-cards was not found"
    assert set(rows) == {c.number for c in ALL_CARDS}

    def stated(card: TestCard) -> list[str]:
        outcomes = [card.outcome(p).value for p in (Phase.SETUP, Phase.OFF_SESSION, Phase.ON_SESSION)]
        return [card.pm_id, card.brand, *outcomes, card.decline_code or ""]

    assert rows[cards.VISA_4242.number] != stated(cards.THREE_DS_3184), "the comparison must tell cards apart"
    assert rows == {c.number: stated(c) for c in ALL_CARDS}
