"""Stripe's HTTP API paths (`/stripe/v1/...`), authorized as Stripe does.

Secret key (Bearer): server calls. Publishable key (Bearer or the `key` field Stripe.js sends) plus the
intent's `client_secret`: the client calls a frontend makes (retrieve and confirm intents, create payment
methods).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.routing import Route

from connect_cert.sandbox.errors import StripeError
from connect_cert.sandbox.http import StripeRequest, stripe_view
from connect_cert.sandbox.stripe import common, customers, intents, payment_intents, payment_methods, setup_intents

Obj = dict[str, Any]


def _origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def _secret_only(req: StripeRequest) -> None:
    if req.key != "secret":
        raise StripeError(
            401,
            "invalid_request_error",
            "This API call cannot be made with a publishable API key. Please use a secret API key.",
        )


def _int(form: Obj, name: str, required: bool = True) -> int | None:
    value = form.get(name)
    if value in (None, ""):
        if required:
            raise common.invalid(f"Missing required param: {name}.", name, "parameter_missing")
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise common.invalid(f"Invalid integer: {value}", name) from None


def _bool(form: Obj, name: str) -> bool:
    return str(form.get(name, "false")).lower() == "true"


def _list(value: Any, default: list[str]) -> list[str]:
    if value is None:
        return default
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, dict):
        return [str(v) for _, v in sorted(value.items())]
    return [str(value)]


def _view_intent(req: StripeRequest, intent: Obj) -> Obj:
    if req.key == "secret":
        return {k: v for k, v in intent.items() if not k.startswith("_")}
    return intents.public_view(intent)


def _client_intent(req: StripeRequest, intent: Obj) -> None:
    if req.key == "publishable":
        intents.check_client_secret(intent, req.form.pop("client_secret", None))
    else:
        req.form.pop("client_secret", None)


# --- customers -----------------------------------------------------------------------------------


@stripe_view
def create_customer(req: StripeRequest) -> Obj:
    _secret_only(req)
    metadata = req.form["metadata"] if isinstance(req.form.get("metadata"), dict) else {}
    return customers.create_customer(req.sandbox, email=req.form.get("email"), metadata=metadata)


@stripe_view
def customer(req: StripeRequest) -> Obj:
    _secret_only(req)
    customer_id = req.params["customer"]
    if req.request.method == "POST":
        settings = req.form.get("invoice_settings")
        if isinstance(settings, dict) and "default_payment_method" in settings:
            return customers.set_default_payment_method(
                req.sandbox, customer_id, settings["default_payment_method"] or None
            )
    return customers.get_customer(req.sandbox, customer_id)


@stripe_view
def customer_payment_methods(req: StripeRequest) -> Obj:
    _secret_only(req)
    customers.get_customer(req.sandbox, req.params["customer"])
    data = payment_methods.list_payment_methods(req.sandbox, req.params["customer"])
    return {
        "object": "list",
        "data": list(reversed(data)),
        "has_more": False,
        "url": f"/v1/customers/{req.params['customer']}/payment_methods",
    }


# --- payment methods -----------------------------------------------------------------------------


@stripe_view
def payment_method_collection(req: StripeRequest) -> Obj:
    if req.request.method == "POST":
        return payment_methods.public_payment_method(payment_methods.create_payment_method(req.sandbox, req.form))
    _secret_only(req)
    customer_id = req.form.get("customer")
    if not customer_id:
        raise common.invalid("Missing required param: customer.", "customer", "parameter_missing")
    customers.get_customer(req.sandbox, customer_id)
    data = payment_methods.list_payment_methods(req.sandbox, customer_id)
    return {"object": "list", "data": list(reversed(data)), "has_more": False, "url": "/v1/payment_methods"}


@stripe_view
def payment_method(req: StripeRequest) -> Obj:
    pm = payment_methods.get_payment_method(req.sandbox, req.params["pm"])
    if req.key != "secret" and pm.get("customer"):
        # A publishable key sees only payment methods no customer owns yet.
        raise common.missing("PaymentMethod", req.params["pm"], "payment_method")
    return payment_methods.public_payment_method(pm)


@stripe_view
def attach_payment_method(req: StripeRequest) -> Obj:
    _secret_only(req)
    customer_id = req.form.get("customer")
    if not customer_id:
        raise common.invalid("Missing required param: customer.", "customer", "parameter_missing")
    return payment_methods.public_payment_method(
        payment_methods.attach_payment_method(req.sandbox, req.params["pm"], customer_id)
    )


@stripe_view
def detach_payment_method(req: StripeRequest) -> Obj:
    _secret_only(req)
    return payment_methods.detach_payment_method(req.sandbox, req.params["pm"])


# --- setup intents -------------------------------------------------------------------------------


@stripe_view
def create_setup_intent(req: StripeRequest) -> Obj:
    _secret_only(req)
    types = _list(req.form.get("payment_method_types"), ["card"])
    intent = setup_intents.create_setup_intent(
        req.sandbox,
        customer_id=req.form.get("customer") or None,
        payment_method_types=types,
        usage=req.form.get("usage", "off_session"),
    )
    return _view_intent(req, intent)


@stripe_view
def setup_intent(req: StripeRequest) -> Obj:
    intent = setup_intents.get_setup_intent(req.sandbox, req.params["intent"])
    _client_intent(req, intent)
    return _view_intent(req, intent)


@stripe_view
def confirm_setup_intent(req: StripeRequest) -> Obj:
    intent = setup_intents.get_setup_intent(req.sandbox, req.params["intent"])
    _client_intent(req, intent)
    try:
        confirmed = setup_intents.confirm_setup_intent(req.sandbox, intent["id"], req.form, origin=_origin(req.request))
    except common.CardError as err:
        raise _client_card_error(req, err, "setup_intent") from None
    return _view_intent(req, confirmed)


@stripe_view
def cancel_setup_intent(req: StripeRequest) -> Obj:
    _secret_only(req)
    return _view_intent(req, setup_intents.cancel_setup_intent(req.sandbox, req.params["intent"]))


# --- payment intents -----------------------------------------------------------------------------


@stripe_view
def create_payment_intent(req: StripeRequest) -> Obj:
    _secret_only(req)
    form = req.form
    amount = _int(form, "amount")
    if not form.get("currency"):
        raise common.invalid("Missing required param: currency.", "currency", "parameter_missing")
    assert amount is not None
    return payment_intents.create_payment_intent(
        req.sandbox,
        amount=amount,
        currency=form["currency"],
        customer_id=form.get("customer") or None,
        payment_method_id=form.get("payment_method") or None,
        capture_method=form.get("capture_method", "automatic"),
        off_session=_bool(form, "off_session"),
        confirm=_bool(form, "confirm"),
        metadata=form["metadata"] if isinstance(form.get("metadata"), dict) else {},
        origin=_origin(req.request),
    )


@stripe_view
def payment_intent(req: StripeRequest) -> Obj:
    intent = payment_intents.get_payment_intent(req.sandbox, req.params["intent"])
    _client_intent(req, intent)
    return _view_intent(req, intent)


@stripe_view
def confirm_payment_intent(req: StripeRequest) -> Obj:
    intent = payment_intents.get_payment_intent(req.sandbox, req.params["intent"])
    _client_intent(req, intent)
    try:
        confirmed = payment_intents.confirm_payment_intent(
            req.sandbox, intent["id"], req.form, public=req.key != "secret", origin=_origin(req.request)
        )
    except common.CardError as err:
        raise _client_card_error(req, err, "payment_intent") from None
    return _view_intent(req, confirmed)


@stripe_view
def capture_payment_intent(req: StripeRequest) -> Obj:
    _secret_only(req)
    amount = _int(req.form, "amount_to_capture", required=False)
    return payment_intents.capture_payment_intent(req.sandbox, req.params["intent"], amount)


@stripe_view
def cancel_payment_intent(req: StripeRequest) -> Obj:
    _secret_only(req)
    return payment_intents.cancel_payment_intent(req.sandbox, req.params["intent"])


def _client_card_error(req: StripeRequest, err: common.CardError, key: str) -> common.CardError:
    """The 402 as the caller's key may see it: the embedded intent narrowed for a publishable key."""
    if req.key != "secret":
        intent = req.sandbox.store.get(key, err.intent["id"]) or err.intent
        err.extra[key] = intents.public_view(intent)
    return err


def routes() -> list[Route]:
    return [
        Route("/v1/customers", create_customer, methods=["POST"]),
        Route("/v1/customers/{customer}", customer, methods=["GET", "POST"]),
        Route("/v1/customers/{customer}/payment_methods", customer_payment_methods, methods=["GET"]),
        Route("/v1/payment_methods", payment_method_collection, methods=["GET", "POST"]),
        Route("/v1/payment_methods/{pm}", payment_method, methods=["GET"]),
        Route("/v1/payment_methods/{pm}/attach", attach_payment_method, methods=["POST"]),
        Route("/v1/payment_methods/{pm}/detach", detach_payment_method, methods=["POST"]),
        Route("/v1/setup_intents", create_setup_intent, methods=["POST"]),
        Route("/v1/setup_intents/{intent}", setup_intent, methods=["GET"]),
        Route("/v1/setup_intents/{intent}/confirm", confirm_setup_intent, methods=["POST"]),
        Route("/v1/setup_intents/{intent}/cancel", cancel_setup_intent, methods=["POST"]),
        Route("/v1/payment_intents", create_payment_intent, methods=["POST"]),
        Route("/v1/payment_intents/{intent}", payment_intent, methods=["GET"]),
        Route("/v1/payment_intents/{intent}/confirm", confirm_payment_intent, methods=["POST"]),
        Route("/v1/payment_intents/{intent}/capture", capture_payment_intent, methods=["POST"]),
        Route("/v1/payment_intents/{intent}/cancel", cancel_payment_intent, methods=["POST"]),
    ]
