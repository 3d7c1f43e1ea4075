"""Whose user is it? The Connect user an app under test uses, found and proven before any negative check.

A partner app's backend holds the partner token and creates the Connect user itself; the harness has to
find that user to check anything in the Connect API. How, the partner config says per app (`binding`):

- `email`     the harness signs up / in with a fresh address; the backend creates the Connect user with it;
              the harness finds that user through `GET /users/` (`search`, then the pages, newest first);
- `app`       the app shows the Connect user id in a debug build; the adapter reads it (step `connect_user_id`);
- `injected`  the harness creates the user and types its id (and the partner token) into the app (apps that
              accept one, e.g. the reference client);
- `discovery` the harness signs up with a fresh address and discovers the user from the first SetupIntent
              the app confirms: its PaymentMethod is listed on exactly one user.

Binding alone proves nothing about what the app does next: a negative check ("nothing attached", "an
error shown", "the next user sees nothing") passes on any user the app never touched. So before one, a flow
proves it watches the app's user (`UserBinder.prove_by_intents`): the intent the app confirmed is one the
Connect API issued for the bound user, where the target shows that (a sandbox's control API); otherwise a
positive control in the same session (a card the app saves must appear on the bound user). A mismatch raises
`NotWatchingAppUser`: the test is broken, never passed.

Nothing here drives a UI: the web flows and the device suite give it what they saw (the id the app shows,
the intents its Stripe calls named) and drive the positive control themselves.
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from connect_cert.harness.clients import ApiResponse
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.clients.sandbox_control import SandboxControl

NOT_WATCHING = "the harness is not watching the app's user"
PAGE_SIZE = 100  # the Connect API's largest page
POLL_INTERVAL_S = 0.25
DEFAULT_EMAIL_DOMAIN = "example.com"


class BindingKind(StrEnum):
    EMAIL = "email"
    APP = "app"
    INJECTED = "injected"
    DISCOVERY = "discovery"


BINDING_KINDS = tuple(k.value for k in BindingKind)


@dataclass(frozen=True)
class BindingSpec:
    """How the harness finds an app's Connect user (`apps.<platform>.binding` of the partner config)."""

    kind: BindingKind = BindingKind.INJECTED
    email_domain: str = DEFAULT_EMAIL_DOMAIN  # fresh addresses are cert+<random>@<email_domain>
    timeout_s: float = 15.0  # how long the backend may take to create the user after sign-up

    def describe(self) -> str:
        return {
            BindingKind.EMAIL: f"by e-mail: a fresh address @{self.email_domain}, the user found in the Connect API",
            BindingKind.APP: "by the Connect user id the app shows (debug build)",
            BindingKind.INJECTED: "injected: the harness creates the user and types its id into the app",
            BindingKind.DISCOVERY: "discovered from the SetupIntent the app confirms",
        }[self.kind]


class NotWatchingAppUser(Exception):
    """The harness cannot show that the Connect user it checks is the one the app uses: the test is broken."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"{NOT_WATCHING}: {detail}")
        self.detail = detail


class UserNotBound(NotWatchingAppUser):
    """The app's Connect user could not be found (yet)."""


@dataclass(frozen=True)
class Credentials:
    """What the harness types into the app to sign up / in. The password and token are never shown."""

    email: str
    password: str = field(repr=False)
    user_id: str | None = None  # injected binding only
    token: str | None = field(default=None, repr=False)  # injected binding only

    def value(self, name: str) -> str:
        """The value of an input the adapter fills: email, password, user_id or token."""
        values = {"email": self.email, "password": self.password, "user_id": self.user_id, "token": self.token}
        return values.get(name) or ""


@dataclass(frozen=True)
class BoundUser:
    """The Connect user the app uses, and how the harness knows."""

    id: str
    how: BindingKind
    detail: str


@dataclass
class AppUser:
    """A user of the app under test: the credentials the harness signs in with and, once bound, the Connect user.

    `proof` says how the harness knows it watches the app's user in the current session (None: not shown yet);
    a new sign-in starts a new session and forgets it.
    """

    credentials: Credentials
    billing: bool = False
    bound: BoundUser | None = None
    proof: str | None = None
    billing_done: bool = False

    @property
    def email(self) -> str:
        return self.credentials.email

    @property
    def id(self) -> str:
        """The bound Connect user id; a flow binds the user when it signs in."""
        if self.bound is None:
            raise UserNotBound(f"the app's user {self.email} is not bound to a Connect user yet")
        return self.bound.id

    @property
    def token(self) -> str:
        return self.credentials.token or ""

    def value(self, name: str) -> str:
        return self.credentials.value(name)

    def __repr__(self) -> str:
        bound = self.bound.id if self.bound else "unbound"
        return f"AppUser({self.email}, {bound})"


@dataclass(frozen=True)
class IntentOwner:
    """Whose an intent is, as the target tells (a sandbox's control API)."""

    intent_id: str
    status: str | None
    payment_method: str | None
    user_id: str | None  # the Connect user behind the intent's customer; None when it has none


class UserSource(Protocol):
    """Makes Connect users for the injected binding (the suite's user factory) and removes them afterwards."""

    def __call__(self, *, billing: Mapping[str, Any] | None = None, email: str | None = None) -> dict[str, Any]: ...


class UserBinder:
    """Makes the app's users and binds each to the Connect user the app uses; one per test."""

    def __init__(
        self,
        spec: BindingSpec,
        connect: ConnectClient,
        *,
        make_user: UserSource,
        billing: Mapping[str, Any],
        token: str = "",
        control: SandboxControl | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`token` is the partner token an injected user signs in with (apps that take one)."""
        self.spec = spec
        self.connect = connect
        self.token = token
        self.make_user = make_user
        self.billing = dict(billing)
        self.control = control
        self.clock = clock
        self.users: list[AppUser] = []

    @property
    def kind(self) -> BindingKind:
        return self.spec.kind

    # --- users -------------------------------------------------------------------------------------------
    def new_user(self, *, billing: bool = False) -> AppUser:
        """A user the app has never seen: a fresh address (and, injected, a Connect user made for it)."""
        email = f"cert+{uuid.uuid4().hex[:12]}@{self.spec.email_domain}"
        password = f"Cc{secrets.token_urlsafe(12)}9!"
        if self.kind is BindingKind.INJECTED:
            created = self.make_user(billing=self.billing if billing else None, email=email)
            credentials = Credentials(email, password, str(created["id"]), self.token)
            bound = BoundUser(str(created["id"]), BindingKind.INJECTED, "created by the harness, typed into the app")
            user = AppUser(credentials, billing, bound, billing_done=billing)
        else:
            user = AppUser(Credentials(email, password), billing)
        self.users.append(user)
        return user

    def signed_in(self, user: AppUser) -> None:
        """A new session of `user` starts: what was proven about the previous one no longer holds."""
        user.proof = None

    # --- binding -----------------------------------------------------------------------------------------
    def bind_by_email(self, user: AppUser) -> BoundUser:
        """The Connect user the app's backend created with the user's address, within the spec's timeout."""
        deadline = self.clock() + self.spec.timeout_s
        pause = threading.Event()  # never set: it only bounds the pause between two polls
        while True:
            found = self._find_by_email(user.email)
            if len(found) == 1:
                return self._bound(user, found[0], BindingKind.EMAIL, f"the Connect user with e-mail {user.email}")
            if len(found) > 1:
                raise UserNotBound(f"{len(found)} Connect users have the e-mail {user.email}: {', '.join(found)}")
            if self.clock() >= deadline:
                raise UserNotBound(
                    f"no Connect user with the e-mail {user.email} within {self.spec.timeout_s:g} s of signing up "
                    "(binding 'email': the app's backend must create the Connect user with the address the user "
                    "signed up with)"
                )
            pause.wait(min(POLL_INTERVAL_S, max(0.0, deadline - self.clock())))

    def _find_by_email(self, email: str) -> list[str]:
        """Ids of the partner's users with this address: `search` first (backends often use it as external_id),
        then every page, the newest first (where a fresh sign-up is)."""
        wanted = email.lower()
        searched = self._page(search=email)
        hits = _with_email(searched.get("results", ()), wanted)
        if hits:
            return hits
        first = self._page(page=1)
        count = int(first.get("count") or 0)
        pages = max(1, -(-count // PAGE_SIZE))
        hits = _with_email(first.get("results", ()), wanted)
        for page in range(pages, 1, -1):
            if hits:
                break
            hits = _with_email(self._page(page=page).get("results", ()), wanted)
        return hits

    def _page(self, *, page: int | None = None, search: str | None = None) -> dict[str, Any]:
        answer = self.connect.list_users(page=page, page_size=PAGE_SIZE, search=search)
        if answer.status != 200 or not isinstance(answer.body, dict):
            raise UserNotBound(f"cannot list the partner's users: {answer.describe()}")
        return answer.body

    def bind_shown(self, user: AppUser, shown: str) -> BoundUser:
        """The Connect user whose id the app shows (binding `app`); it must be one of the partner's users."""
        shown = shown.strip()
        if not shown:
            raise UserNotBound("the app shows no Connect user id (binding 'app': step connect_user_id)")
        answer = self.connect.get_user(shown)
        if answer.status != 200:
            raise UserNotBound(f"the app shows the Connect user id {shown!r}, which the Connect API does not know")
        return self._bound(user, shown, BindingKind.APP, "the Connect user id the app shows")

    def bind_discovered(self, user: AppUser, payment_method_id: str | None, intent_id: str | None) -> BoundUser:
        """The Connect user whose method the app just saved (binding `discovery`)."""
        if intent_id and self.control is not None:
            owner = self.owner_of(intent_id)
            if owner is not None and owner.user_id:
                return self._bound(user, owner.user_id, BindingKind.DISCOVERY, f"the owner of {intent_id}")
        if not payment_method_id:
            raise UserNotBound("the app confirmed no SetupIntent with a payment method to discover its user from")
        for user_id in self._newest_user_ids():
            listed = self.connect.list_payment_methods(user_id, page_size=PAGE_SIZE)
            if listed.status == 200 and any(m.get("id") == payment_method_id for m in listed.body.get("results", ())):
                return self._bound(user, user_id, BindingKind.DISCOVERY, f"the user listing {payment_method_id}")
        raise UserNotBound(f"no Connect user of the partner lists {payment_method_id}, the method the app saved")

    def _newest_user_ids(self) -> Iterable[str]:
        first = self._page(page=1)
        pages = max(1, -(-int(first.get("count") or 0) // PAGE_SIZE))
        for page in range(pages, 0, -1):
            results = first.get("results", ()) if page == 1 else self._page(page=page).get("results", ())
            for entry in reversed(list(results)):
                yield str(entry["id"])

    def _bound(self, user: AppUser, user_id: str, how: BindingKind, detail: str) -> BoundUser:
        user.bound = BoundUser(user_id, how, detail)
        if user.billing and not user.billing_done:
            self.connect.put_billing_details(user_id, self.billing).expect(200)
            user.billing_done = True
        return user.bound

    # --- proof -------------------------------------------------------------------------------------------
    def owner_of(self, intent_id: str) -> IntentOwner | None:
        """Whose the intent is, where the target shows it (a sandbox's control API); None where it does not.

        An intent the target does not know at all answers with no owner: the app confirmed it elsewhere.
        """
        if self.control is None:
            return None
        answer: ApiResponse = self.control.send("sandbox.intent", "GET", f"/intents/{intent_id}")
        if answer.status == 404:
            return IntentOwner(intent_id, None, None, None)
        if answer.status != 200 or not isinstance(answer.body, dict):
            return None
        owner = answer.body.get("connect_user") or {}
        return IntentOwner(intent_id, answer.body.get("status"), answer.body.get("payment_method"), owner.get("id"))

    def prove_by_intents(self, user: AppUser, intent_ids: Iterable[str], *, elsewhere: str = "") -> str | None:
        """How the intents the app used this session show it uses the bound user; None where that cannot be seen.

        Raises NotWatchingAppUser when one belongs to another user or is unknown to the target. `elsewhere`
        says where the app's Stripe calls went, when not to the target's Stripe.
        """
        if user.proof is not None:
            return user.proof
        checked: list[str] = []
        for intent_id in dict.fromkeys(intent_ids):
            owner = self.owner_of(intent_id)
            if owner is None:
                return None
            if owner.status is None:
                raise NotWatchingAppUser(
                    f"the app used {intent_id}, which the target's Stripe does not know{elsewhere}; "
                    f"the harness checks the Connect user {user.id} ({_how(user)})"
                )
            if owner.user_id != user.id:
                theirs = f"Connect user {owner.user_id}" if owner.user_id else "no Connect user"
                raise NotWatchingAppUser(
                    f"the app used {intent_id} of {theirs}, the harness checks the Connect user {user.id} ({_how(user)})"
                )
            checked.append(intent_id)
        if not checked:
            return None
        user.proof = f"{', '.join(checked)} the app used belongs to the bound user {user.id}"
        return user.proof

    def prove_by_control(self, user: AppUser, saved_last4: str, appeared: bool) -> str:
        """A card the app saved in this session (the positive control) must be listed on the bound user."""
        if not appeared:
            raise NotWatchingAppUser(
                f"the app saved …{saved_last4} but the Connect user {user.id} ({_how(user)}) does not list it"
            )
        user.proof = f"…{saved_last4}, saved in the app, is listed on the bound user {user.id}"
        return user.proof


def _how(user: AppUser) -> str:
    return f"bound {user.bound.how.value}: {user.bound.detail}" if user.bound else "unbound"


def _with_email(results: Iterable[Mapping[str, Any]], wanted: str) -> list[str]:
    return [str(u["id"]) for u in results if str(u.get("email") or "").lower() == wanted]
