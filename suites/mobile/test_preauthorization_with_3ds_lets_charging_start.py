"""Start answers 402 pre_authorization_failed for 3184; the app confirms the PaymentIntent with 3DS and the
next start succeeds (then the session is stopped)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from connect_cert.fixtures.cards import Challenge
from connect_cert.harness.binding import AppUser
from connect_cert.harness.frontend import Frontend
from connect_cert.harness.mobile.flows import MobileFlows
from connect_cert.harness.mobile.scenarios import PREAUTH_3184_COMPLETE


@pytest.mark.requirement("PAY-07")
def test_preauthorization_with_3ds_lets_charging_start(
    mobile_user_factory: Callable[..., AppUser], frontend: Frontend, mobile_flows: MobileFlows
) -> None:
    user = mobile_user_factory(billing=True)
    saved = frontend.add_card(user.id, PREAUTH_3184_COMPLETE.card, challenge=Challenge.COMPLETE)
    assert saved.succeeded, f"preparing: {PREAUTH_3184_COMPLETE.card.label} was not saved ({saved.status})"
    mobile_flows.sign_in(user)
    session = mobile_flows.start_with_preauthorization(user, PREAUTH_3184_COMPLETE)
    assert session["is_active"] is True
    mobile_flows.stop_charging(user, session["id"], PREAUTH_3184_COMPLETE.flow)
