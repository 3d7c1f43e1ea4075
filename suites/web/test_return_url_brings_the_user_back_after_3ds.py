"""confirmSetup carries a return URL on the app's origin; after the challenge the user is back and the card saved."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from connect_cert.harness.reports.allure import not_applicable
from connect_cert.harness.web.flows import WebFlows
from connect_cert.harness.web.partner_app import WebUser
from connect_cert.harness.web.scenarios import ADD_3184_COMPLETE
from connect_cert.harness.web.stripe_elements import ElementKind


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.mark.platform("web")
@pytest.mark.requirement("PAY-10")
@pytest.mark.web_element("payment")
def test_return_url_brings_the_user_back_after_3ds(flows: WebFlows, web_user: WebUser, page: Page) -> None:
    flows.sign_in(web_user)
    app_origin = _origin(page.url)
    result = flows.add_card(web_user, ADD_3184_COMPLETE)
    if result.element is ElementKind.CARD:
        not_applicable("the app uses the Card Element, whose confirmCardSetup authenticates in Stripe's overlay")
    return_urls = [c.return_url for c in result.confirmations]
    assert return_urls and all(return_urls), f"confirmSetup without a return_url: {return_urls}"
    assert {_origin(u) for u in return_urls if u} == {app_origin}, f"return URLs {return_urls} leave {app_origin}"
    assert _origin(page.url) == app_origin, f"after the challenge the browser is on {_origin(page.url)}"
