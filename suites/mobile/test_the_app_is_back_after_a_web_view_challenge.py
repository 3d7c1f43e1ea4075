"""A challenge in a web view (the bank's page) returns to the app, which completes the payment: the app
configures its return URL."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from connect_cert.harness.binding import AppUser
from connect_cert.harness.charging import Charging
from connect_cert.harness.frontend import Frontend
from connect_cert.harness.mobile.flows import MobileFlows
from connect_cert.harness.mobile.scenarios import RETURN_AFTER_WEB_CHALLENGE
from connect_cert.harness.web.preparation import open_debt


@pytest.mark.platform("ios")
@pytest.mark.requirement("PAY-10")
@pytest.mark.sandbox_only("the debt is made by finishing a session through the control API")
def test_the_app_is_back_after_a_web_view_challenge(
    mobile_user_factory: Callable[..., AppUser], frontend: Frontend, charging: Charging, mobile_flows: MobileFlows
) -> None:
    user = mobile_user_factory(billing=True)
    session_id = open_debt(user.id, RETURN_AFTER_WEB_CHALLENGE, frontend, charging)
    mobile_flows.sign_in(user)
    mobile_flows.pay_debt(user, RETURN_AFTER_WEB_CHALLENGE, session_id)
    assert mobile_flows.app.shows_no_debts()
