"""After logout the next user signing in on the same device sees none of the previous user's methods (the
app resets PaymentSheet's customer), and the card they add is theirs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from connect_cert.harness.binding import AppUser
from connect_cert.harness.mobile.flows import MobileFlows
from connect_cert.harness.mobile.scenarios import LOGOUT


@pytest.mark.requirement("PAY-11")
def test_logout_hides_the_previous_users_payment_methods(
    mobile_user_factory: Callable[..., AppUser], mobile_flows: MobileFlows
) -> None:
    first, second = mobile_user_factory(), mobile_user_factory()
    mobile_flows.log_out_then_next_user(first, second, LOGOUT)
