"""4242 is saved without a challenge; the Connect API lists it as card / visa / 4242, the default."""

from __future__ import annotations

import pytest

from connect_cert.harness.web.flows import WebFlows
from connect_cert.harness.web.partner_app import WebUser
from connect_cert.harness.web.scenarios import ADD_4242


@pytest.mark.platform("web")
@pytest.mark.requirement("PAY-02")
def test_card_4242_is_saved_as_default(flows: WebFlows, web_user: WebUser) -> None:
    flows.sign_in(web_user)
    result = flows.add_card(web_user, ADD_4242)
    assert [m["default"] for m in result.added] == [True]
