"""What SetupIntents and PaymentIntents share: client secrets, the publishable view, and the 3DS challenge
an intent asks for."""

from __future__ import annotations

import secrets
from typing import Any

from connect_cert.sandbox.core import Sandbox, new_id
from connect_cert.sandbox.stripe import payment_methods
from connect_cert.sandbox.stripe.cards import Decline
from connect_cert.sandbox.stripe.common import Obj, api_error, invalid

CHALLENGE_PATH = "/stripe/3ds/{intent_id}/challenge?token={token}"

# What a publishable key may read of an intent: the fields Stripe's object reference marks "retrievable with
# publishable key" (docs/reference.md#stripe-keys); never customer, amounts captured or metadata.
PUBLIC_SETUP_FIELDS = (
    "id",
    "object",
    "automatic_payment_methods",
    "cancellation_reason",
    "client_secret",
    "created",
    "description",
    "last_setup_error",
    "livemode",
    "next_action",
    "payment_method",
    "payment_method_types",
    "status",
    "usage",
)
PUBLIC_PAYMENT_FIELDS = (
    "id",
    "object",
    "amount",
    "automatic_payment_methods",
    "canceled_at",
    "cancellation_reason",
    "capture_method",
    "client_secret",
    "confirmation_method",
    "created",
    "currency",
    "description",
    "last_payment_error",
    "livemode",
    "next_action",
    "payment_method",
    "payment_method_types",
    "processing",
    "receipt_email",
    "setup_future_usage",
    "shipping",
    "status",
)


def client_secret(intent_id: str) -> str:
    return f"{intent_id}_secret_" + secrets.token_urlsafe(18).replace("-", "").replace("_", "")[:24]


def public_view(intent: Obj) -> Obj:
    """An intent (in its full shape) as a publishable key sees it."""
    fields = PUBLIC_SETUP_FIELDS if intent["object"] == "setup_intent" else PUBLIC_PAYMENT_FIELDS
    view = {k: intent.get(k) for k in fields}
    for key in ("last_setup_error", "last_payment_error"):
        error = view.get(key)
        if isinstance(error, dict) and isinstance(error.get("payment_method"), dict):
            view[key] = {
                **error,
                "payment_method": {k: v for k, v in error["payment_method"].items() if k != "customer"},
            }
    return view


def check_client_secret(intent: Obj, secret: Any) -> None:
    if not secret:
        raise invalid(
            "You must provide the client_secret of this intent when using a publishable key.", "client_secret"
        )
    if secret != intent["client_secret"]:
        raise invalid(
            f"The client_secret provided does not match the client_secret associated with the {intent['object']}.",
            "client_secret",
        )


def start_challenge(sb: Sandbox, intent: Obj, form: Obj, origin: str) -> None:
    """Put the intent in requires_action with Stripe's next_action and open a challenge for it.

    Stripe answers `redirect_to_url` when the client confirmed with a return_url, and `use_stripe_sdk`
    otherwise or when the client says it handles actions itself (`use_stripe_sdk=true`, as Stripe.js does:
    it shows the challenge in a modal and redirects only afterwards).
    """
    return_url = form.get("return_url") or None
    if str(form.get("use_stripe_sdk", "")).lower() == "true":
        return_url = None
    token = secrets.token_urlsafe(16)
    url = origin + CHALLENGE_PATH.format(intent_id=intent["id"], token=token)
    sb.store.put(
        "challenge",
        intent["id"],
        {"intent_id": intent["id"], "token": token, "return_url": return_url, "object": intent["object"]},
    )
    intent["status"] = "requires_action"
    if return_url:
        intent["next_action"] = {"type": "redirect_to_url", "redirect_to_url": {"url": url, "return_url": return_url}}
    else:
        intent["next_action"] = {
            "type": "use_stripe_sdk",
            "use_stripe_sdk": {"type": "three_d_secure_redirect", "stripe_js": url, "source": new_id("src")},
        }


def card_error_body(decline: Decline, pm: Obj, charge: str | None = None) -> Obj:
    """The `last_*_error` a declined card leaves on its intent."""
    extra: Obj = {"decline_code": decline.decline_code}
    if charge:
        extra["charge"] = charge
    return api_error("card_error", decline.code, decline.message, payment_methods.render(pm), **extra)
