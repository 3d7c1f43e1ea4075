"""Scenarios derive what a flow must end in from the documented card behavior, and refuse nonsense."""

from __future__ import annotations

import pytest

from connect_cert.fixtures.cards import DECLINED_GENERIC_0002, THREE_DS_3184, VISA_4242, Challenge
from connect_cert.harness.web.scenarios import (
    ADD_3184_COMPLETE,
    ADD_3184_FAIL,
    ADD_4242,
    DEBT_3184_COMPLETE,
    DECLINE_0002,
    PREAUTH_3184_COMPLETE,
    AddCard,
    PayDebt,
    StartWithPreauthorization,
)


def test_outcomes_come_from_the_card_and_the_3ds_answer() -> None:
    assert (ADD_4242.challenged, ADD_4242.saved) == (False, True)
    assert (ADD_3184_COMPLETE.challenged, ADD_3184_COMPLETE.saved) == (True, True)
    assert (ADD_3184_FAIL.challenged, ADD_3184_FAIL.saved) == (True, False)
    assert (DECLINE_0002.challenged, DECLINE_0002.saved) == (False, False)
    assert DEBT_3184_COMPLETE.paid and PREAUTH_3184_COMPLETE.starts
    assert not PayDebt("x", THREE_DS_3184, Challenge.FAIL).paid


def test_a_3ds_card_needs_an_answer_and_a_frictionless_one_none() -> None:
    with pytest.raises(ValueError, match="needs a 3DS answer"):
        AddCard("x", THREE_DS_3184)
    with pytest.raises(ValueError, match="needs no 3DS answer"):
        AddCard("x", VISA_4242, Challenge.COMPLETE)
    with pytest.raises(ValueError, match="needs no 3DS answer"):
        AddCard("x", DECLINED_GENERIC_0002, Challenge.FAIL)


def test_a_preauthorization_scenario_needs_a_card_that_asks_for_authentication() -> None:
    with pytest.raises(ValueError, match="must need authentication"):
        StartWithPreauthorization("x", VISA_4242, None)
