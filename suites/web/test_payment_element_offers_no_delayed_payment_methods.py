"""The card form offers only methods usable at once: card (and wallets), no delayed payment methods."""

from __future__ import annotations

import pytest

from connect_cert.harness.web.flows import WebFlows
from connect_cert.harness.web.partner_app import WebUser
from connect_cert.harness.web.stripe_elements import CARD_TAB, WALLET_TABS, StripeElements

IMMEDIATE = {CARD_TAB, *WALLET_TABS.values()}


@pytest.mark.platform("web")
@pytest.mark.requirement("PAY-12")
@pytest.mark.web_element("payment")
def test_payment_element_offers_no_delayed_payment_methods(
    flows: WebFlows, web_user: WebUser, elements: StripeElements
) -> None:
    flows.sign_in(web_user)
    flows.open_card_form()
    offered = elements.offered_methods()
    flows.prove_watching(web_user, "the card form offers only methods usable at once")  # the form is the user's
    assert CARD_TAB in offered and set(offered) <= IMMEDIATE, f"offered: {offered}"
