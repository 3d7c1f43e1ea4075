"""The page adds a card by confirming the Connect API's SetupIntent, never a PaymentIntent."""

from __future__ import annotations

import pytest

from connect_cert.harness.web.flows import WebFlows
from connect_cert.harness.web.partner_app import WebUser
from connect_cert.harness.web.scenarios import ADD_4242


@pytest.mark.platform("web")
@pytest.mark.requirement("PAY-01")
def test_cards_are_added_through_the_setup_intent(flows: WebFlows, web_user: WebUser) -> None:
    flows.sign_in(web_user)
    result = flows.add_card(web_user, ADD_4242)
    kinds = [c.kind for c in result.confirmations]
    assert kinds and set(kinds) == {"setup_intents"}, f"Stripe confirm calls of the page: {kinds or 'none'}"
    assert all(c.intent_id.startswith("seti_") for c in result.confirmations)
