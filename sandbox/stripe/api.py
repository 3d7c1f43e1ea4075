"""Stripe's HTTP API paths (`/stripe/v1/...`): customers, payment methods, setup and payment intents, charges.

Secret key: server calls. Publishable key plus the intent's `client_secret`: the calls a frontend makes
(retrieve and confirm intents, create payment methods), answered with what a publishable key may see.
Each endpoint lists the parameters it accepts (Stripe's API reference, https://docs.stripe.com/api); the
conventions every endpoint shares live in `transport`.
"""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from connect_cert.sandbox.stripe import (
    charges,
    customers,
    intents,
    lists,
    payment_intents,
    payment_methods,
    setup_intents,
)
from connect_cert.sandbox.stripe.common import CardError, Obj, load, missing
from connect_cert.sandbox.stripe.params import (
    ADDRESS,
    ANY,
    BILLING_DETAILS,
    BOOL,
    CLIENT_FIELDS,
    HASH,
    INT,
    PAYMENT_METHOD_DATA,
    SHIPPING,
    STR,
    STR_LIST,
    Param,
    nullable,
    obj,
    one_of,
    required,
)
from connect_cert.sandbox.stripe.transport import StripeRequest, stripe_view, unknown_route

GET, POST = "GET", "POST"
AUTOMATIC_PAYMENT_METHODS = obj(enabled=BOOL, allow_redirects=one_of("always", "never"))


def _newest_first(items: list[Obj]) -> list[Obj]:
    return list(reversed(items))


def _listed(req: StripeRequest, found: list[Obj], filters: tuple[str, ...], url: str, kind: str) -> Obj:
    """A page of `found` (oldest first), keeping the objects whose fields equal the filters given."""
    for key in filters:
        if key in req.form:
            found = [o for o in found if o[key] == req.form[key]]
    return lists.page(_newest_first(found), req.form, url, kind)


def _client_intent(req: StripeRequest, intent: Obj) -> None:
    """A publishable key must show the intent's client secret (the secret key need not)."""
    secret = req.form.pop("client_secret", None)
    if req.publishable:
        intents.check_client_secret(intent, secret)


def _view_intent(req: StripeRequest, intent: Obj) -> Obj:
    return intents.public_view(intent) if req.publishable else intent


def _client_card_error(req: StripeRequest, err: CardError, key: str) -> CardError:
    """The 402 as the caller's key may see it: the embedded intent and method narrowed for a publishable key."""
    if req.publishable:
        err.extra[key] = intents.public_view(err.intent)
        pm = err.extra.get("payment_method")
        if isinstance(pm, dict):
            err.extra["payment_method"] = {k: v for k, v in pm.items() if k != "customer"}
    return err


# --- customers (https://docs.stripe.com/api/customers) ---------------------------------------------

CUSTOMER_FIELDS: dict[str, Param] = {
    "address": ADDRESS,
    "balance": INT,
    "description": nullable(STR),
    "email": nullable(STR),
    "invoice_prefix": STR,
    "invoice_settings": obj(
        custom_fields=ANY, default_payment_method=nullable(STR), footer=nullable(STR), rendering_options=ANY
    ),
    "metadata": HASH,
    "name": nullable(STR),
    "next_invoice_sequence": INT,
    "phone": nullable(STR),
    "preferred_locales": nullable(STR_LIST),
    "shipping": SHIPPING,
    "tax_exempt": one_of("none", "exempt", "reverse", unset=True),
}


@stripe_view({**CUSTOMER_FIELDS, "payment_method": STR}, returns="customer")
def create_customer(req: StripeRequest) -> Obj:
    form = dict(req.form)
    email, metadata = form.pop("email", None), form.pop("metadata", None) or {}
    return customers.create_customer(req.sandbox, email=email, metadata=metadata, **form)


@stripe_view({"email": STR, **lists.PARAMS}, returns="list:customer")
def list_customers(req: StripeRequest) -> Obj:
    return _listed(req, customers.all_customers(req.sandbox), ("email",), "/v1/customers", "customer")


@stripe_view({}, returns="customer")
def retrieve_customer(req: StripeRequest) -> Obj:
    return customers.get_customer(req.sandbox, req.params["customer"])


@stripe_view(CUSTOMER_FIELDS, returns="customer")
def update_customer(req: StripeRequest) -> Obj:
    return customers.update_customer(req.sandbox, req.params["customer"], req.form)


@stripe_view({"type": STR, "allow_redisplay": STR, **lists.PARAMS}, returns="list:payment_method")
def customer_payment_methods(req: StripeRequest) -> Obj:
    customer_id = req.params["customer"]
    customers.get_customer(req.sandbox, customer_id)
    found = payment_methods.list_payment_methods(req.sandbox, customer_id)
    if req.form.get("type", "card") != "card":
        found = []
    return lists.page(_newest_first(found), req.form, f"/v1/customers/{customer_id}/payment_methods", "payment_method")


@stripe_view({}, returns="payment_method")
def customer_payment_method(req: StripeRequest) -> Obj:
    customer_id, pm_id = req.params["customer"], req.params["pm"]
    customers.get_customer(req.sandbox, customer_id)
    pm = load(req.sandbox, "payment_method", pm_id)
    if pm.get("customer") != customer_id:
        raise missing("payment_method", pm_id, "payment_method")
    return payment_methods.render(pm)


# --- payment methods (https://docs.stripe.com/api/payment_methods) ---------------------------------


# The emulator's own probes send a client secret with every publishable call; it is ignored here.
@stripe_view({**(PAYMENT_METHOD_DATA.fields or {}), "client_secret": ANY}, returns="payment_method", secret_only=False)
def create_payment_method(req: StripeRequest) -> Obj:
    req.form.pop("client_secret", None)
    pm = payment_methods.create_payment_method(req.sandbox, req.form)
    return payment_methods.render(pm, publishable=req.publishable)


@stripe_view({"customer": STR, "type": STR, **lists.PARAMS}, returns="list:payment_method")
def list_payment_methods(req: StripeRequest) -> Obj:
    customer_id = req.form.get("customer")
    if customer_id:
        customers.get_customer(req.sandbox, customer_id)
        found = payment_methods.list_payment_methods(req.sandbox, customer_id)
    else:
        found = payment_methods.all_payment_methods(req.sandbox)
    if req.form.get("type", "card") != "card":
        found = []
    return lists.page(_newest_first(found), req.form, "/v1/payment_methods", "payment_method")


@stripe_view({}, returns="payment_method", secret_only=False)
def retrieve_payment_method(req: StripeRequest) -> Obj:
    if req.publishable:
        pm = load(req.sandbox, "payment_method", req.params["pm"])
        if pm.get("customer"):
            # A publishable key sees only payment methods no customer owns yet.
            raise missing("PaymentMethod", req.params["pm"], "payment_method")
        return payment_methods.render(pm, publishable=True)
    return payment_methods.render(payment_methods.get_payment_method(req.sandbox, req.params["pm"]))


@stripe_view(
    {
        "billing_details": BILLING_DETAILS,
        "card": obj(exp_month=INT, exp_year=INT, networks=obj(preferred=STR)),
        "metadata": HASH,
        "allow_redisplay": one_of("always", "limited", "unspecified"),
    },
    returns="payment_method",
)
def update_payment_method(req: StripeRequest) -> Obj:
    return payment_methods.render(payment_methods.update_payment_method(req.sandbox, req.params["pm"], req.form))


@stripe_view({"customer": required(STR)}, returns="payment_method")
def attach_payment_method(req: StripeRequest) -> Obj:
    pm = payment_methods.attach_payment_method(req.sandbox, req.params["pm"], req.form["customer"])
    return payment_methods.render(pm)


@stripe_view({}, returns="payment_method")
def detach_payment_method(req: StripeRequest) -> Obj:
    return payment_methods.detach_payment_method(req.sandbox, req.params["pm"])


# --- setup intents (https://docs.stripe.com/api/setup_intents) -------------------------------------

SETUP_CONFIRM: dict[str, Param] = {
    "payment_method": STR,
    "payment_method_data": PAYMENT_METHOD_DATA,
    "payment_method_options": ANY,
    "mandate_data": ANY,
    "return_url": STR,
    "use_stripe_sdk": BOOL,
}


@stripe_view(
    {
        **SETUP_CONFIRM,
        "confirm": BOOL,
        "customer": STR,
        "description": STR,
        "metadata": HASH,
        "payment_method_types": STR_LIST,
        "automatic_payment_methods": AUTOMATIC_PAYMENT_METHODS,
        "usage": one_of("on_session", "off_session"),
        "attach_to_self": BOOL,
        "flow_directions": STR_LIST,
    },
    returns="setup_intent",
)
def create_setup_intent(req: StripeRequest) -> Obj:
    form = dict(req.form)
    intent = setup_intents.create_setup_intent(
        req.sandbox,
        customer_id=form.pop("customer", None) or None,
        payment_method_types=form.pop("payment_method_types", None),
        usage=form.pop("usage", "off_session"),
        description=form.get("description"),
        metadata=form.get("metadata"),
        automatic_payment_methods=form.get("automatic_payment_methods"),
        flow_directions=form.get("flow_directions"),
        payment_method=form.get("payment_method") if not form.get("confirm") else None,
    )
    if not form.get("confirm"):
        return intent
    try:
        return setup_intents.confirm_setup_intent(req.sandbox, intent["id"], form, origin=req.origin)
    except CardError as err:
        raise _client_card_error(req, err, "setup_intent") from None


@stripe_view({"customer": STR, "payment_method": STR, **lists.PARAMS}, returns="list:setup_intent")
def list_setup_intents(req: StripeRequest) -> Obj:
    found = setup_intents.all_setup_intents(req.sandbox)
    return _listed(req, found, ("customer", "payment_method"), "/v1/setup_intents", "setup_intent")


@stripe_view({"client_secret": STR}, returns="setup_intent", secret_only=False)
def retrieve_setup_intent(req: StripeRequest) -> Obj:
    intent = setup_intents.get_setup_intent(req.sandbox, req.params["intent"])
    _client_intent(req, intent)
    return _view_intent(req, intent)


@stripe_view(
    {
        "customer": STR,
        "description": nullable(STR),
        "metadata": HASH,
        "payment_method": STR,
        "payment_method_types": STR_LIST,
        "flow_directions": nullable(STR_LIST),
        "attach_to_self": BOOL,
    },
    returns="setup_intent",
)
def update_setup_intent(req: StripeRequest) -> Obj:
    return setup_intents.update_setup_intent(req.sandbox, req.params["intent"], req.form)


@stripe_view({**SETUP_CONFIRM, **CLIENT_FIELDS, "client_secret": STR}, returns="setup_intent", secret_only=False)
def confirm_setup_intent(req: StripeRequest) -> Obj:
    intent = setup_intents.get_setup_intent(req.sandbox, req.params["intent"])
    _client_intent(req, intent)
    try:
        confirmed = setup_intents.confirm_setup_intent(req.sandbox, intent["id"], req.form, origin=req.origin)
    except CardError as err:
        raise _client_card_error(req, err, "setup_intent") from None
    return _view_intent(req, confirmed)


@stripe_view({"cancellation_reason": one_of(*setup_intents.CANCELLATION_REASONS)}, returns="setup_intent")
def cancel_setup_intent(req: StripeRequest) -> Obj:
    reason = req.form.get("cancellation_reason")
    return setup_intents.cancel_setup_intent(req.sandbox, req.params["intent"], reason)


# --- payment intents (https://docs.stripe.com/api/payment_intents) ---------------------------------

PAYMENT_DESCRIPTIVE: dict[str, Param] = {
    "description": nullable(STR),
    "receipt_email": nullable(STR),
    "shipping": SHIPPING,
    "statement_descriptor": nullable(STR),
    "statement_descriptor_suffix": nullable(STR),
    "metadata": HASH,
}
PAYMENT_CONFIRM: dict[str, Param] = {
    **SETUP_CONFIRM,
    "off_session": ANY,
    "error_on_requires_action": BOOL,
    "setup_future_usage": one_of("on_session", "off_session", unset=True),
    "capture_method": one_of(*payment_intents.CAPTURE_METHODS),
}


@stripe_view(
    {
        **PAYMENT_DESCRIPTIVE,
        **PAYMENT_CONFIRM,
        "amount": required(INT),
        "currency": required(STR),
        "customer": STR,
        "confirm": BOOL,
        "confirmation_method": one_of("automatic", "manual"),
        "payment_method_types": STR_LIST,
        "automatic_payment_methods": AUTOMATIC_PAYMENT_METHODS,
    },
    returns="payment_intent",
)
def create_payment_intent(req: StripeRequest) -> Obj:
    form = dict(req.form)
    return payment_intents.create_payment_intent(
        req.sandbox,
        amount=form.pop("amount"),
        currency=form.pop("currency"),
        customer_id=form.pop("customer", None) or None,
        payment_method_id=form.pop("payment_method", None) or None,
        capture_method=form.pop("capture_method", None) or "automatic",
        off_session=payment_intents.is_off_session(form.pop("off_session", False)),
        confirm=form.pop("confirm", False),
        metadata=form.pop("metadata", None) or {},
        origin=req.origin,
        **form,
    )


@stripe_view({"customer": STR, **lists.PARAMS}, returns="list:payment_intent")
def list_payment_intents(req: StripeRequest) -> Obj:
    found = payment_intents.all_payment_intents(req.sandbox)
    return _listed(req, found, ("customer",), "/v1/payment_intents", "payment_intent")


@stripe_view({"client_secret": STR}, returns="payment_intent", secret_only=False)
def retrieve_payment_intent(req: StripeRequest) -> Obj:
    intent = payment_intents.get_payment_intent(req.sandbox, req.params["intent"])
    _client_intent(req, intent)
    return _view_intent(req, intent)


@stripe_view(
    {
        **PAYMENT_DESCRIPTIVE,
        "amount": INT,
        "currency": STR,
        "customer": STR,
        "payment_method": STR,
        "payment_method_types": STR_LIST,
        "capture_method": one_of(*payment_intents.CAPTURE_METHODS),
        "setup_future_usage": one_of("on_session", "off_session", unset=True),
    },
    returns="payment_intent",
)
def update_payment_intent(req: StripeRequest) -> Obj:
    return payment_intents.update_payment_intent(req.sandbox, req.params["intent"], req.form)


@stripe_view(
    {**PAYMENT_CONFIRM, **CLIENT_FIELDS, "client_secret": STR, "receipt_email": nullable(STR), "shipping": SHIPPING},
    returns="payment_intent",
    secret_only=False,
)
def confirm_payment_intent(req: StripeRequest) -> Obj:
    intent = payment_intents.get_payment_intent(req.sandbox, req.params["intent"])
    _client_intent(req, intent)
    try:
        confirmed = payment_intents.confirm_payment_intent(
            req.sandbox, intent["id"], req.form, public=req.publishable, origin=req.origin
        )
    except CardError as err:
        raise _client_card_error(req, err, "payment_intent") from None
    return _view_intent(req, confirmed)


@stripe_view(
    {
        "amount_to_capture": INT,
        "metadata": HASH,
        "statement_descriptor": STR,
        "statement_descriptor_suffix": STR,
    },
    returns="payment_intent",
)
def capture_payment_intent(req: StripeRequest) -> Obj:
    return payment_intents.capture_payment_intent(
        req.sandbox,
        req.params["intent"],
        req.form.get("amount_to_capture"),
        req.form["metadata"] if "metadata" in req.form else None,
    )


@stripe_view({"cancellation_reason": one_of(*payment_intents.CANCELLATION_REASONS)}, returns="payment_intent")
def cancel_payment_intent(req: StripeRequest) -> Obj:
    reason = req.form.get("cancellation_reason")
    return payment_intents.cancel_payment_intent(req.sandbox, req.params["intent"], reason)


# --- charges (https://docs.stripe.com/api/charges) -------------------------------------------------


@stripe_view({"customer": STR, "payment_intent": STR, **lists.PARAMS}, returns="list:charge")
def list_charges(req: StripeRequest) -> Obj:
    return _listed(req, charges.all_charges(req.sandbox), ("customer", "payment_intent"), "/v1/charges", "charge")


@stripe_view({}, returns="charge")
def retrieve_charge(req: StripeRequest) -> Obj:
    return charges.get_charge(req.sandbox, req.params["charge"])


def routes() -> list[BaseRoute]:
    return [
        Route("/v1/customers", create_customer, methods=[POST]),
        Route("/v1/customers", list_customers, methods=[GET]),
        Route("/v1/customers/{customer}", retrieve_customer, methods=[GET]),
        Route("/v1/customers/{customer}", update_customer, methods=[POST]),
        Route("/v1/customers/{customer}/payment_methods", customer_payment_methods, methods=[GET]),
        Route("/v1/customers/{customer}/payment_methods/{pm}", customer_payment_method, methods=[GET]),
        Route("/v1/payment_methods", create_payment_method, methods=[POST]),
        Route("/v1/payment_methods", list_payment_methods, methods=[GET]),
        Route("/v1/payment_methods/{pm}", retrieve_payment_method, methods=[GET]),
        Route("/v1/payment_methods/{pm}", update_payment_method, methods=[POST]),
        Route("/v1/payment_methods/{pm}/attach", attach_payment_method, methods=[POST]),
        Route("/v1/payment_methods/{pm}/detach", detach_payment_method, methods=[POST]),
        Route("/v1/setup_intents", create_setup_intent, methods=[POST]),
        Route("/v1/setup_intents", list_setup_intents, methods=[GET]),
        Route("/v1/setup_intents/{intent}", retrieve_setup_intent, methods=[GET]),
        Route("/v1/setup_intents/{intent}", update_setup_intent, methods=[POST]),
        Route("/v1/setup_intents/{intent}/confirm", confirm_setup_intent, methods=[POST]),
        Route("/v1/setup_intents/{intent}/cancel", cancel_setup_intent, methods=[POST]),
        Route("/v1/payment_intents", create_payment_intent, methods=[POST]),
        Route("/v1/payment_intents", list_payment_intents, methods=[GET]),
        Route("/v1/payment_intents/{intent}", retrieve_payment_intent, methods=[GET]),
        Route("/v1/payment_intents/{intent}", update_payment_intent, methods=[POST]),
        Route("/v1/payment_intents/{intent}/confirm", confirm_payment_intent, methods=[POST]),
        Route("/v1/payment_intents/{intent}/capture", capture_payment_intent, methods=[POST]),
        Route("/v1/payment_intents/{intent}/cancel", cancel_payment_intent, methods=[POST]),
        Route("/v1/charges", list_charges, methods=[GET]),
        Route("/v1/charges/{charge}", retrieve_charge, methods=[GET]),
    ]


def fallback() -> BaseRoute:
    """Last under /stripe: every other path or method gets Stripe's 404 (Starlette prefers a full match)."""
    return Route("/{path:path}", unknown_route, methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
