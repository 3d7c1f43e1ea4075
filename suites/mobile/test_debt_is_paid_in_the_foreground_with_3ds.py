"""A debt from a failing final charge is paid in the app's sheet (payment mode, 3DS): no debt is left and
the session's invoice exists."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from connect_cert.harness.binding import AppUser
from connect_cert.harness.charging import Charging
from connect_cert.harness.frontend import Frontend
from connect_cert.harness.mobile.flows import MobileFlows
from connect_cert.harness.mobile.scenarios import DEBT_3184_COMPLETE
from connect_cert.harness.web.preparation import open_debt


@pytest.mark.requirement("PAY-06")
@pytest.mark.sandbox_only("the debt is made by finishing a session through the control API")
def test_debt_is_paid_in_the_foreground_with_3ds(
    mobile_user_factory: Callable[..., AppUser], frontend: Frontend, charging: Charging, mobile_flows: MobileFlows
) -> None:
    user = mobile_user_factory(billing=True)
    session_id = open_debt(user.id, DEBT_3184_COMPLETE, frontend, charging)
    mobile_flows.sign_in(user)
    mobile_flows.pay_debt(user, DEBT_3184_COMPLETE, session_id)
    assert charging.invoice_for(user.id, session_id) is not None
