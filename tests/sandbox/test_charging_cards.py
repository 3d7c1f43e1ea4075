"""Each test card through the Connect API: saved or not, and what starting with it answers.

The cards and their behavior: docs/reference.md#test-cards.
"""

from __future__ import annotations

import pytest

from connect_cert.fixtures.cards import ALL_CARDS, Challenge, Outcome, TestCard


@pytest.mark.parametrize("card", ALL_CARDS, ids=lambda c: c.last4)
def test_card_saves_and_starts_as_documented(flow, api, stripe_client, control, error_of, card: TestCard):
    user_id = flow.user()
    intent_response = stripe_client.confirm_setup_intent(flow.setup_secret(user_id), payment_method=card.pm_id)
    if card.setup is Outcome.DECLINED:
        assert intent_response.status == 402
        assert intent_response.body["error"]["decline_code"] == card.decline_code
        assert api.list_payment_methods(user_id).body["count"] == 0
        return
    intent = intent_response.body
    if card.setup is Outcome.CHALLENGE:
        assert intent["status"] == "requires_action"
        assert api.list_payment_methods(user_id).body["count"] == 0
        intent = control.resolve_3ds(intent["id"], Challenge.COMPLETE).expect(200)
    assert intent["status"] == "succeeded"
    listed = api.list_payment_methods(user_id).body["results"]
    assert [m["card"]["last4"] for m in listed] == [card.last4] and listed[0]["default"] is True

    response = flow.start(user_id, listed[0]["id"])
    if card.off_session is Outcome.SUCCEEDED:
        assert response.status == 201, response.text
        return
    assert response.status == 402
    error = error_of(response)
    assert error["type"] == "pre_authorization_failed"
    assert ("payment_intent_client_secret" in error) is (card.off_session is Outcome.AUTHENTICATION_REQUIRED)
