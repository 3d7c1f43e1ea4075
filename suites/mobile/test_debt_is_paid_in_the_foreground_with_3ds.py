"""A debt from a failing final charge is paid in the app's sheet (payment mode, 3DS): no debt is left and
the session's invoice exists."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from connect_cert.harness.binding import AppUser
from connect_cert.harness.charging import Charging
from connect_cert.harness.mobile.flows import MobileFlows
from connect_cert.harness.mobile.scenarios import DEBT_3184_COMPLETE


@pytest.mark.requirement("PAY-06")
@pytest.mark.sandbox_only("the debt is made by finishing a session through the control API")
def test_debt_is_paid_in_the_foreground_with_3ds(
    mobile_user_factory: Callable[..., AppUser],
    mobile_debt: Callable[..., str],
    charging: Charging,
    mobile_flows: MobileFlows,
) -> None:
    user = mobile_user_factory(billing=True)
    mobile_flows.sign_in(user)  # from here the app's Connect user exists: its debt is made through the API
    session_id = mobile_debt(user, DEBT_3184_COMPLETE)
    mobile_flows.pay_debt(user, DEBT_3184_COMPLETE, session_id)
    assert charging.invoice_for(user.id, session_id) is not None
