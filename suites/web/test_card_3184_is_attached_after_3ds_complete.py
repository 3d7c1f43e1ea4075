"""3184 asks for 3DS; completing the challenge attaches it, as the Connect API then lists."""

from __future__ import annotations

import pytest

from connect_cert.harness.web.flows import WebFlows
from connect_cert.harness.web.partner_app import WebUser
from connect_cert.harness.web.scenarios import ADD_3184_COMPLETE


@pytest.mark.platform("web")
@pytest.mark.requirement("PAY-03")
def test_card_3184_is_attached_after_3ds_complete(flows: WebFlows, web_user: WebUser) -> None:
    flows.sign_in(web_user)
    result = flows.add_card(web_user, ADD_3184_COMPLETE)
    assert [m["card"]["last4"] for m in result.added] == [ADD_3184_COMPLETE.card.last4]
