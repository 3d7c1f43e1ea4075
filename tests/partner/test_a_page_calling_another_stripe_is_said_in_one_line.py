"""When the page's Stripe calls go to another Stripe base than the target's, the run says so in one line
(once), and the proof names it; Stripe's own host counts as the target's when the suite routes it there."""

from __future__ import annotations

import warnings
from typing import Any, cast

import pytest

from connect_cert.harness.web import flows as flows_module
from connect_cert.harness.web.flows import StripeBaseMismatch, WebFlows
from connect_cert.harness.web.page_watch import StripeConfirmations

TARGET = "http://127.0.0.1:8765/stripe"


def _flows(bases: list[str]) -> WebFlows:
    calls = StripeConfirmations(bases=bases)
    unused = cast(Any, None)  # the check reads only the page's Stripe calls
    return WebFlows(
        app=unused,
        elements=unused,
        challenge=unused,
        connect=unused,
        evidence=unused,
        confirmations=calls,
        binder=unused,
        stripe_bases=(TARGET, "https://api.stripe.com"),
    )


def test_the_targets_stripe_and_its_routed_host_say_nothing(recwarn: pytest.WarningsRecorder) -> None:
    assert _flows([TARGET, "https://api.stripe.com"])._elsewhere() == ""
    assert not [w for w in recwarn if issubclass(w.category, StripeBaseMismatch)]


def test_another_stripe_is_said_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(flows_module, "_told", set())
    other = "http://127.0.0.1:9999/stripe"
    with pytest.warns(StripeBaseMismatch) as said:
        note = _flows([other])._elsewhere()
    assert note == f" (the page calls Stripe at {other}, not the target's {TARGET})"
    assert [str(w.message) for w in said] == [
        f"the page calls Stripe at {other}, not the target's {TARGET}: its intents are not the target's"
    ]
    with warnings.catch_warnings(record=True) as again:
        warnings.simplefilter("always")
        assert _flows([other])._elsewhere() == note  # the proof still names it; the run said it already
    assert not [w for w in again if issubclass(w.category, StripeBaseMismatch)]
