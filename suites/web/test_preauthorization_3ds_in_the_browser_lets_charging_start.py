"""Start answers 402 pre_authorization_failed for 3184; 3DS in the browser, then the start succeeds."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from connect_cert.harness.web.flows import WebFlows
from connect_cert.harness.web.partner_app import WebUser
from connect_cert.harness.web.scenarios import ADD_3184_COMPLETE, PREAUTH_3184_COMPLETE


@pytest.mark.platform("web")
@pytest.mark.requirement("PAY-07")
def test_preauthorization_3ds_in_the_browser_lets_charging_start(
    web_user_factory: Callable[..., WebUser], flows: WebFlows
) -> None:
    flows.require("charging", PREAUTH_3184_COMPLETE.flow)
    user = web_user_factory(billing=True)
    flows.sign_in(user)
    flows.add_card(user, ADD_3184_COMPLETE)
    session = flows.start_with_preauthorization(user, PREAUTH_3184_COMPLETE)
    assert session["is_active"] is True
    flows.stop_charging(user, session["id"], PREAUTH_3184_COMPLETE.flow)
