"""A failed 3DS challenge attaches nothing and shows an error; trying again and completing it works."""

from __future__ import annotations

import pytest

from connect_cert.harness.web.flows import WebFlows
from connect_cert.harness.web.partner_app import MessageKind, WebUser
from connect_cert.harness.web.scenarios import ADD_3184_FAIL, RETRY_3184_COMPLETE


@pytest.mark.platform("web")
@pytest.mark.requirement("PAY-04")
def test_3ds_failure_attaches_nothing_and_a_retry_works(flows: WebFlows, web_user: WebUser) -> None:
    flows.sign_in(web_user)
    failed = flows.add_card(web_user, ADD_3184_FAIL)
    assert failed.message.kind is MessageKind.ERROR and not failed.added
    retried = flows.add_card(web_user, RETRY_3184_COMPLETE)
    assert len(retried.added) == 1
