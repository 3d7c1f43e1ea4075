"""After logout, the next user signing in on the same page sees none of the previous user's methods."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from connect_cert.harness.web.flows import WebFlows
from connect_cert.harness.web.partner_app import WebUser
from connect_cert.harness.web.scenarios import LOGOUT


@pytest.mark.platform("web")
@pytest.mark.requirement("PAY-11")
def test_logout_hides_the_previous_users_payment_methods(
    web_user_factory: Callable[..., WebUser], flows: WebFlows
) -> None:
    first, second = web_user_factory(), web_user_factory()
    flows.log_out_then_next_user(first, second, LOGOUT)
