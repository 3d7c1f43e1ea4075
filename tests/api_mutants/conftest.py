"""Fixtures of the mutant tests: a sandbox (wrapped or not) served on loopback, resolved as a Target."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, closing, contextmanager
from typing import Any

import pytest

from connect_cert.fixtures.cards import VISA_4242
from connect_cert.fixtures.charging import BILLING_DETAILS
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.clients.stripe import StripeClient
from connect_cert.harness.target import Target, TargetArgs, resolve_target
from connect_cert.sandbox.app import create_app
from connect_cert.sandbox.server import SandboxThread
from tests.api_mutants.mutants import Mutant, StartWithoutPaymentMethod

Served = tuple[Target, Any]


@contextmanager
def _serve(mutant: type[Mutant] | None) -> Iterator[Served]:
    app = create_app()
    wrapped = mutant(app) if mutant is not None else app
    with SandboxThread(app=wrapped) as server:
        target = resolve_target(TargetArgs(target=server.url), environ={})
        if isinstance(wrapped, StartWithoutPaymentMethod):
            wrapped.donor = _donor(target)
        yield target, wrapped


def _donor(target: Target) -> tuple[str, str]:
    """A user with billing details and a 4242 card, added as a frontend adds it."""
    with (
        closing(ConnectClient(target.api_base, target.token)) as connect,
        closing(StripeClient(str(target.stripe_api_base), str(target.publishable_key))) as stripe,
    ):
        user = connect.create_user(email="cert+donor@example.com").expect(201)
        connect.put_billing_details(user["id"], BILLING_DETAILS).expect(200)
        secret = connect.get_setup_intent(user["id"]).expect(200)["setup_intent_client_secret"]
        stripe.confirm_setup_intent(secret, card=VISA_4242).expect(200)
        pm = connect.list_payment_methods(user["id"]).expect(200)["results"][0]["id"]
        return user["id"], pm


@pytest.fixture
def serve() -> Callable[[type[Mutant] | None], AbstractContextManager[Served]]:
    """`with serve(Mutant) as (target, app):` a wrapped sandbox on loopback; `serve(None)`: the sandbox as is."""
    return _serve
