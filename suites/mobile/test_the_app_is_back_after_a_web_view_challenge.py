"""A challenge in a web view (the bank's test page) comes back to the app, which completes the payment: the
app configures its return URL."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from connect_cert.harness.binding import AppUser
from connect_cert.harness.mobile.flows import MobileFlows
from connect_cert.harness.mobile.scenarios import RETURN_AFTER_WEB_CHALLENGE as SCENARIO


@pytest.mark.platform("ios")
@pytest.mark.requirement("PAY-10")
@pytest.mark.sandbox_only("the debt paid behind the web-view challenge is made through the control API")
def test_the_app_is_back_after_a_web_view_challenge(
    mobile_flows: MobileFlows, mobile_debt: Callable[..., str], mobile_user_factory: Callable[..., AppUser]
) -> None:
    user = mobile_user_factory(billing=True)
    mobile_flows.sign_in(user)
    mobile_flows.pay_debt(user, SCENARIO, mobile_debt(user, SCENARIO))  # the payment page is a web view
    assert mobile_flows.app.shows_no_debts(), "after the web-view challenge the app shows the debt still open"
