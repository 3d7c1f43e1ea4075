"""On iPhone and Pixel viewports the card form, the 3DS challenge and the result work as on desktop."""

from __future__ import annotations

import pytest

from connect_cert.harness.web.flows import WebFlows
from connect_cert.harness.web.partner_app import WebUser
from connect_cert.harness.web.scenarios import ADD_3184_COMPLETE


@pytest.mark.platform("web")
@pytest.mark.requirement("PAY-03")
@pytest.mark.web_devices("iphone", "pixel")
def test_cards_are_saved_on_mobile_viewports(flows: WebFlows, web_user: WebUser, device_name: str) -> None:
    flows.sign_in(web_user)
    result = flows.add_card(web_user, ADD_3184_COMPLETE)
    assert len(result.added) == 1
