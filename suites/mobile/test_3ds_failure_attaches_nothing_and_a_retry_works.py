"""A failed 3DS challenge attaches nothing and the sheet shows the error; a retry, completed, attaches 3184."""

from __future__ import annotations

import pytest

from connect_cert.harness.binding import AppUser
from connect_cert.harness.mobile.flows import MobileFlows
from connect_cert.harness.mobile.scenarios import ADD_3184_FAIL, RETRY_3184_COMPLETE


@pytest.mark.requirement("PAY-04")
def test_3ds_failure_attaches_nothing_and_a_retry_works(mobile_flows: MobileFlows, mobile_user: AppUser) -> None:
    mobile_flows.sign_in(mobile_user)
    failed = mobile_flows.add_card(mobile_user, ADD_3184_FAIL)
    assert failed.message and not failed.added
    retried = mobile_flows.add_card(mobile_user, RETRY_3184_COMPLETE)
    assert [m["card"]["last4"] for m in retried.added] == [RETRY_3184_COMPLETE.card.last4]
