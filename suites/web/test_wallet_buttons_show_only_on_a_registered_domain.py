"""Apple Pay / Google Pay are offered where the target declares a registered domain (else not applicable)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from connect_cert.harness.reports.allure import not_applicable
from connect_cert.harness.target import Target
from connect_cert.harness.web.flows import WebFlows
from connect_cert.harness.web.partner_app import WebUser
from connect_cert.harness.web.stripe_elements import StripeElements

NO_DOMAIN = "the target declares no domain registered for Apple Pay / Google Pay"
SAFARI_ONLY = "Apple Pay is offered in Safari only, and this suite drives Chromium"


@pytest.fixture
def wallet_domain(target: Target, wallet: str) -> str:
    """Decided before a browser opens: without a registered domain no wallet is offered."""
    if target.wallet_domain is None:
        not_applicable(NO_DOMAIN)
    if wallet == "apple_pay":
        not_applicable(SAFARI_ONLY)
    return target.wallet_domain


@pytest.mark.platform("web")
@pytest.mark.web_element("payment")
@pytest.mark.parametrize(
    "wallet",
    [
        pytest.param("apple_pay", marks=pytest.mark.requirement("PAY-08")),
        pytest.param("google_pay", marks=pytest.mark.requirement("PAY-09")),
    ],
)
def test_wallet_buttons_show_only_on_a_registered_domain(
    wallet_domain: str, wallet: str, flows: WebFlows, web_user: WebUser, elements: StripeElements
) -> None:
    flows.sign_in(web_user)
    flows.open_card_form()
    expect(elements.wallet(wallet)).to_be_visible()
