"""Payments faults: cards set up through the wrong intent, not attached, attached when they must not be, or
shown beyond their summary."""

from __future__ import annotations

from typing import Any

from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.faults.hooks import Point
from connect_cert.sandbox.faults.middleware import Answer, Exchange
from connect_cert.sandbox.faults.registry import behavior, on_response
from connect_cert.sandbox.stripe import cards, intents, service, setup_intents

SETUP_CONFIRM = r"^/stripe/v1/setup_intents/[^/]+/confirm$"
SMALLEST_CHARGE_CENTS = 50


@behavior("payments", Point.SETUP_SECRET)
def setup_endpoint_gives_payment_intent_secret(
    secret: str, point: str, *, sb: Sandbox, customer_id: str, **_: Any
) -> str:
    """The setup endpoint hands out a PaymentIntent's client secret instead of a SetupIntent's."""
    intent = service.create_payment_intent(
        sb,
        amount=SMALLEST_CHARGE_CENTS,
        currency="eur",
        customer_id=customer_id,
        payment_method_id="",
        off_session=False,
        confirm=False,
    )
    return str(intent["client_secret"])


@behavior("payments", Point.SETUP_CUSTOMER)
def method_not_attached_after_setup(customer_id: str | None, point: str, **_: Any) -> None:
    """The SetupIntent is created without the user's customer: a successful setup attaches the card to nobody."""
    return None


def _seen_as(answer_body: dict[str, Any], intent: dict[str, Any]) -> dict[str, Any]:
    """The intent as the caller's key sees it: a publishable key's answers carry no `customer`."""
    return intent if "customer" in answer_body else intents.public_view(intent)


@on_response("payments", "POST", SETUP_CONFIRM)
def card_3184_attached_without_3ds(exchange: Exchange, answer: Answer) -> None:
    """A card that asks for 3DS (3184) is set up and attached without the challenge ever being shown."""
    body = answer.json
    if answer.status != 200 or not isinstance(body, dict) or body.get("status") != "requires_action":
        return
    sb = exchange.sandbox
    with sb.store.transaction():
        service.resolve_challenge(sb, str(body["id"]), "complete")
        answer.set_json(_seen_as(body, setup_intents.get_setup_intent(sb, str(body["id"]))))


@on_response("payments", "POST", SETUP_CONFIRM)
def declined_card_attached(exchange: Exchange, answer: Answer) -> None:
    """A declined card (0002) is set up anyway: the decline is swallowed and the card attached."""
    error = answer.json.get("error") if isinstance(answer.json, dict) else None
    if answer.status != 402 or not isinstance(error, dict) or error.get("type") != "card_error":
        return
    intent_id = (error.get("setup_intent") or {}).get("id")
    pm_id = (error.get("payment_method") or {}).get("id")
    sb = exchange.sandbox
    with sb.store.transaction():
        intent = sb.store.get("setup_intent", str(intent_id))
        pm = sb.store.get("payment_method", str(pm_id))
        if intent is None or pm is None or not intent.get("customer"):
            return
        # What a successful setup does (`setup_intents.succeeded`), minus the issuer's check on attach.
        pm.update(customer=intent["customer"], _set_up_for_off_session=True)
        sb.store.put("payment_method", pm["id"], pm, parent=intent["customer"])
        intent.update(status="succeeded", payment_method=pm["id"], next_action=None, last_setup_error=None)
        sb.store.put("setup_intent", intent["id"], intent)
        shown = setup_intents.render(intent)
        sb.emit("setup_intent.succeeded", shown)
    answer.status = 200
    answer.set_json(_seen_as(error.get("setup_intent") or {}, shown))


def _full_number(card: dict[str, Any]) -> str | None:
    matches = [c.number for c in cards.CARDS if c.last4 == card.get("last4") and c.brand == card.get("brand")]
    return matches[0] if matches else None


@on_response("payments", "GET", r"^/api/v1/users/[^/]+/payment-methods/$")
def full_card_number_exposed(exchange: Exchange, answer: Answer) -> None:
    """Listed payment methods carry the card's full number."""
    body = answer.json
    if answer.status != 200 or not isinstance(body, dict):
        return
    for method in body.get("results") or []:
        card = method.get("card") if isinstance(method, dict) else None
        if isinstance(card, dict) and _full_number(card):
            card["number"] = _full_number(card)
    answer.set_json(body)
