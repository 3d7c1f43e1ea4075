"""A sandbox (wrapped by a mutant or not) served on loopback and resolved as a Target, as a partner's is."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any

from connect_cert.fixtures.cards import VISA_4242
from connect_cert.fixtures.charging import BILLING_DETAILS
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.clients.stripe import StripeClient
from connect_cert.harness.frontend import Frontend
from connect_cert.harness.target import Target, TargetArgs, resolve_target
from connect_cert.sandbox.app import create_app
from connect_cert.sandbox.server import SandboxThread
from tests.api_mutants.mutants import Mutant, StartWithoutPaymentMethod

Served = tuple[Target, Any]


@contextmanager
def serve_mutant(mutant: type[Mutant] | None) -> Iterator[Served]:
    """`with serve_mutant(Mutant) as (target, app):` a wrapped sandbox on loopback; `None`: the sandbox as is."""
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
        added = Frontend(connect, stripe).add_card(user["id"], VISA_4242, typed=True)
        assert added.succeeded and added.payment_method_id, added.error
        return user["id"], added.payment_method_id
