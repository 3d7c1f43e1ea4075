"""A debt from a failing final charge is paid in the browser with 3DS: no debt is left."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from connect_cert.harness.charging import Charging
from connect_cert.harness.frontend import Frontend
from connect_cert.harness.web.flows import WebFlows
from connect_cert.harness.web.partner_app import MessageKind, WebUser
from connect_cert.harness.web.preparation import open_debt
from connect_cert.harness.web.scenarios import DEBT_3184_COMPLETE


@pytest.mark.platform("web")
@pytest.mark.requirement("PAY-06")
@pytest.mark.sandbox_only("the debt is made by finishing a session through the control API")
def test_debt_is_paid_in_the_browser_with_3ds(
    web_user_factory: Callable[..., WebUser], frontend: Frontend, charging: Charging, flows: WebFlows
) -> None:
    flows.require("debts", DEBT_3184_COMPLETE.flow)
    user = web_user_factory(billing=True)
    flows.sign_in(user)  # from here the app's own Connect user exists: its debt is made through the API
    flows.ensure_bound(user, DEBT_3184_COMPLETE.flow)
    session_id = open_debt(user.id, DEBT_3184_COMPLETE, frontend, charging)
    flows.come_back(user, DEBT_3184_COMPLETE.flow)
    message = flows.pay_debt(user, DEBT_3184_COMPLETE, session_id)
    assert message.kind is MessageKind.SUCCESS
