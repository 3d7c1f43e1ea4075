"""Cards the issuer declines at setup (0002, 9995) show an error and are never attached."""

from __future__ import annotations

import pytest

from connect_cert.harness.web.flows import WebFlows
from connect_cert.harness.web.partner_app import MessageKind, WebUser
from connect_cert.harness.web.scenarios import DECLINE_0002, DECLINE_9995, AddCard


@pytest.mark.platform("web")
@pytest.mark.requirement("PAY-05")
@pytest.mark.parametrize("scenario", [DECLINE_0002, DECLINE_9995], ids=["0002", "9995"])
def test_declined_cards_show_an_error_and_attach_nothing(flows: WebFlows, web_user: WebUser, scenario: AddCard) -> None:
    flows.sign_in(web_user)
    result = flows.add_card(web_user, scenario)
    assert result.message.kind is MessageKind.ERROR and result.added == []
