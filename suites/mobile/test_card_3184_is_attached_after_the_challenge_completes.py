"""3184 asks for 3DS in the sheet; completing the challenge attaches it, as the Connect API then lists."""

from __future__ import annotations

import pytest

from connect_cert.harness.binding import AppUser
from connect_cert.harness.mobile.flows import MobileFlows
from connect_cert.harness.mobile.scenarios import ADD_3184_COMPLETE


@pytest.mark.requirement("PAY-03")
def test_card_3184_is_attached_after_the_challenge_completes(mobile_flows: MobileFlows, mobile_user: AppUser) -> None:
    mobile_flows.sign_in(mobile_user)
    result = mobile_flows.add_card(mobile_user, ADD_3184_COMPLETE)
    assert [m["card"]["last4"] for m in result.added] == [ADD_3184_COMPLETE.card.last4]
