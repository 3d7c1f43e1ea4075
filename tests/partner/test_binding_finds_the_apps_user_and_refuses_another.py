"""The binding model finds the Connect user an app created (by e-mail, by the id it shows, by the method it
saved) and proves the intents the app used are that user's; another user's or an unknown intent is
"the harness is not watching the app's user", never a pass."""

from __future__ import annotations

import re
from typing import Any

import pytest

from connect_cert.fixtures.cards import VISA_4242
from connect_cert.fixtures.charging import BILLING_DETAILS
from connect_cert.harness.binding import (
    NOT_WATCHING,
    BindingKind,
    BindingSpec,
    NotWatchingAppUser,
    UserBinder,
    UserNotBound,
)
from connect_cert.harness.clients.connect import ConnectClient
from tests.in_process import InProcessSandbox

FEW_PAGES = 105  # more users than one page of the Connect API holds


def _binder(
    sandbox: InProcessSandbox, kind: BindingKind, *, control: bool = True, timeout_s: float = 2.0
) -> UserBinder:
    connect = sandbox.connect()

    def make_user(*, billing: Any = None, email: str | None = None) -> dict[str, Any]:
        user: dict[str, Any] = connect.create_user(email=email).expect(201)
        if billing:
            connect.put_billing_details(user["id"], billing).expect(200)
        return user

    return UserBinder(
        BindingSpec(kind, timeout_s=timeout_s),
        connect,
        make_user=make_user,
        billing=BILLING_DETAILS,
        token="partner-token",
        control=sandbox.control() if control else None,
    )


def _backend_signs_up(connect: ConnectClient, email: str) -> str:
    """What a partner's backend does at sign-up: a Connect user with the address."""
    return str(connect.create_user(email=email, external_id="their-own-id").expect(201)["id"])


def _seti_of(connect: ConnectClient, user_id: str) -> str:
    secret = connect.get_setup_intent(user_id).expect(200)["setup_intent_client_secret"]
    return str(secret.split("_secret_")[0])


def test_email_binding_finds_the_user_the_backend_created_past_the_first_page(in_process: InProcessSandbox) -> None:
    binder = _binder(in_process, BindingKind.EMAIL)
    connect = in_process.connect()
    for n in range(FEW_PAGES):
        connect.create_user(email=f"someone-{n}@example.org").expect(201)
    user = binder.new_user(billing=True)
    created = _backend_signs_up(connect, user.email.upper())  # addresses compare without case
    bound = binder.bind_by_email(user)
    assert (bound.id, bound.how, user.id) == (created, BindingKind.EMAIL, created)
    assert connect.get_billing_details(created).expect(200)["postal_code"] == BILLING_DETAILS["postal_code"]


def test_email_binding_is_broken_when_no_user_has_the_address(in_process: InProcessSandbox) -> None:
    binder = _binder(in_process, BindingKind.EMAIL, timeout_s=0.3)
    user = binder.new_user()
    with pytest.raises(UserNotBound, match=re.escape(f"{NOT_WATCHING}: no Connect user with the e-mail {user.email}")):
        binder.bind_by_email(user)


def test_app_binding_takes_only_an_id_the_connect_api_knows(in_process: InProcessSandbox) -> None:
    binder = _binder(in_process, BindingKind.APP)
    connect = in_process.connect()
    user = binder.new_user()
    shown = _backend_signs_up(connect, user.email)
    assert binder.bind_shown(user, f" {shown}\n").id == shown
    with pytest.raises(UserNotBound, match="does not know"):
        binder.bind_shown(binder.new_user(), "00000000-0000-0000-0000-000000000000")


def test_discovery_finds_the_user_listing_the_saved_method_without_control(in_process: InProcessSandbox) -> None:
    binder = _binder(in_process, BindingKind.DISCOVERY, control=False)
    connect = in_process.connect()
    user = binder.new_user()
    theirs = _backend_signs_up(connect, user.email)
    _backend_signs_up(connect, "bystander@example.org")
    saved = in_process.frontend(connect).add_card(theirs, VISA_4242)
    assert binder.bind_discovered(user, saved.payment_method_id, None).id == theirs


def test_injected_users_are_made_by_the_harness_and_typed_in(in_process: InProcessSandbox) -> None:
    binder = _binder(in_process, BindingKind.INJECTED)
    user = binder.new_user(billing=True)
    assert user.bound is not None and user.value("user_id") == user.id and user.value("token") == "partner-token"
    assert in_process.connect().get_user(user.id).expect(200)["email"] == user.email


def test_intents_of_the_bound_user_prove_the_binding(in_process: InProcessSandbox) -> None:
    binder = _binder(in_process, BindingKind.EMAIL)
    connect = in_process.connect()
    user = binder.new_user()
    user_id = _backend_signs_up(connect, user.email)
    binder.bind_by_email(user)
    seti = _seti_of(connect, user_id)
    proof = binder.prove_by_intents(user, [seti])
    assert proof is not None and seti in proof and user.proof == proof


def test_another_users_intent_is_not_watching_the_apps_user(in_process: InProcessSandbox) -> None:
    binder = _binder(in_process, BindingKind.EMAIL)
    connect = in_process.connect()
    user = binder.new_user()
    _backend_signs_up(connect, user.email)
    binder.bind_by_email(user)
    other = _backend_signs_up(connect, "the-apps-real-user@example.org")
    with pytest.raises(NotWatchingAppUser, match=f"{NOT_WATCHING}: the app used seti_\\w+ of Connect user {other}"):
        binder.prove_by_intents(user, [_seti_of(connect, other)])
    assert user.proof is None


def test_an_intent_the_target_does_not_know_is_not_watching_the_apps_user(in_process: InProcessSandbox) -> None:
    binder = _binder(in_process, BindingKind.INJECTED)
    user = binder.new_user()
    with pytest.raises(NotWatchingAppUser, match="which the target's Stripe does not know .elsewhere."):
        binder.prove_by_intents(user, ["seti_FromAnotherStripe"], elsewhere=" (elsewhere)")


def test_without_control_intents_prove_nothing_and_the_positive_control_decides(in_process: InProcessSandbox) -> None:
    binder = _binder(in_process, BindingKind.INJECTED, control=False)
    user = binder.new_user()
    assert binder.prove_by_intents(user, [_seti_of(in_process.connect(), user.id)]) is None
    with pytest.raises(NotWatchingAppUser, match="the app saved …4242 but the Connect user"):
        binder.prove_by_control(user, "4242", appeared=False)
    assert "…4242" in binder.prove_by_control(user, "4242", appeared=True)
