"""The adapter API: what a partner imports to describe their app to connect-cert (version `ADAPTER_API_VERSION`).

An adapter tells the harness how to drive the partner app's own navigation; Stripe's parts (the card form,
the 3DS challenge) the harness drives itself. Write one of:

- a mapping of step name -> Playwright selector in certification.yaml (`apps.web.adapter`), or a list of
  selectors done in order (`["role=link[name='My cards']", "li.card"]`: click "My cards", then read the list);
  the step names are `REQUIRED_STEPS` and `OPTIONAL_STEPS`;
- a Python class, `apps.web.adapter: my_adapter.py:MyApp`: a subclass of `PartnerApp` (every abstract method)
  or of `SelectorApp` (selectors, overriding what selectors cannot say).

The harness builds the adapter as `MyApp(page, url=..., timeout_ms=...)`, calls `open()` and then the steps.
Steps that act on a scenario receive it: `open_add_payment_method(scenario)` and
`submit_payment_method(scenario)` get an `AddCard` (`scenario.card`, a `TestCard`; `scenario.three_ds`, the
`Challenge` the flow will answer, or None), `pay_debt(scenario)` a `PayDebt`, `start_charging(scenario)` a
`StartWithPreauthorization` (`scenario.evse_ids[0]` is where to charge). `sign_in(user)` gets an `AppUser`:
`user.value("email")`, `"password"`, `"user_id"`, `"token"` are what to type (per the binding). Every wait
is bounded by `self.timeout_ms`; a step the app does not have raises `StepNotDeclared` (the default of the
optional steps), which makes the flows needing it *not applicable*.

Stripe's side, for an adapter that needs it (e.g. a card form it opens its own way): `StripeElements`
(`wait_ready()`, `fill(CardEntry.of(card))`), `ThreeDSChallenge` (`answer(Challenge.COMPLETE)`).

Versioning: a class may say `adapter_api = 1`; a harness older than the class's version refuses it with one
line. Additions keep the version; a change to a step's signature raises it.
"""

from __future__ import annotations

from connect_cert.fixtures.cards import Challenge, TestCard
from connect_cert.harness.binding import AppUser, BindingKind, Credentials
from connect_cert.harness.web.partner_app import (
    ADAPTER_API_VERSION,
    OPTIONAL_STEPS,
    REQUIRED_STEPS,
    Message,
    MessageKind,
    PartnerApp,
    SelectorApp,
    StepNotDeclared,
)
from connect_cert.harness.web.scenarios import AddCard, Logout, PayDebt, StartWithPreauthorization
from connect_cert.harness.web.stripe_elements import CardEntry, ElementKind, StripeElements
from connect_cert.harness.web.three_ds import ThreeDSChallenge

__all__ = [
    "ADAPTER_API_VERSION",
    "OPTIONAL_STEPS",
    "REQUIRED_STEPS",
    "AddCard",
    "AppUser",
    "BindingKind",
    "CardEntry",
    "Challenge",
    "Credentials",
    "ElementKind",
    "Logout",
    "Message",
    "MessageKind",
    "PartnerApp",
    "PayDebt",
    "SelectorApp",
    "StartWithPreauthorization",
    "StepNotDeclared",
    "StripeElements",
    "TestCard",
    "ThreeDSChallenge",
]
