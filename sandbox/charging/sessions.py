"""Charging sessions, from start to invoice or debt.

A session is a document of kind `session` (parent: the user). What time still has to do to it (progress
updates, the CDR) is listed under kind `charging_work`, which the ticker reads before each request, so
time-driven work happens lazily, on the sandbox clock (`sb.now()`), inside a transaction.

Lifecycle: charging -> (stop, or a progress VCP's last update) awaiting_cdr -> CDR: priced, then the final
charge -> billed (invoice) or debt; paying the debt's PaymentIntent -> billed.

Final charge (brief): cost <= hold: partial capture, the rest released (a zero cost cancels the hold);
cost > hold: capture the hold and charge the remainder off-session; no hold: one off-session charge.
A failing off-session charge leaves a debt carrying that PaymentIntent's client secret.
Stripe refuses charges below EUR 0.50 (`amount_too_small`): a remainder below that is not charged and
shows as `invoice_discount`, the way a merchant writes off what it cannot collect.
"""

from __future__ import annotations

import logging
import uuid
from decimal import Decimal
from typing import Any

from connect_cert.sandbox import faults
from connect_cert.sandbox.charging import points
from connect_cert.sandbox.charging.dataset import Evse, Station
from connect_cert.sandbox.charging.pricing import (
    energy,
    from_cents,
    money,
    price_session,
    tariff_from_session_prices,
    user_facing_session_prices,
)
from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.errors import StripeError
from connect_cert.sandbox.stripe import service

log = logging.getLogger("sandbox.charging")

Doc = dict[str, Any]

SESSION = "session"
WORK = "charging_work"
EVSE_STATE = "evse_state"
DEBT = "debt"
INVOICE = "invoice"
PREAUTH_ATTEMPT = "preauth_attempt"

CHARGING, AWAITING_CDR, BILLED, DEBT_OPEN = "charging", "awaiting_cdr", "billed", "debt"
STRIPE_MINIMUM_CENTS = 50
PURPOSE_PREAUTH, PURPOSE_FINAL = "pre_authorization", "final_charge"


class FinishError(Exception):
    """The session's CDR was already processed."""


# --- EVSE availability ---------------------------------------------------------------------------


def evse_states(sb: Sandbox) -> dict[str, Doc]:
    return {doc["evse_id"]: doc for doc in sb.store.list(EVSE_STATE)}


def _evse_state(sb: Sandbox, evse_id: str) -> Doc:
    return sb.store.get(EVSE_STATE, evse_id) or {"evse_id": evse_id, "busy": False, "session_id": None}


def set_busy(sb: Sandbox, evse_id: str, busy: bool) -> Doc:
    state = _evse_state(sb, evse_id)
    state["busy"] = busy
    return sb.store.put(EVSE_STATE, evse_id, state)


def _occupy(sb: Sandbox, evse_id: str, session_id: str | None) -> None:
    state = _evse_state(sb, evse_id)
    state["session_id"] = session_id
    sb.store.put(EVSE_STATE, evse_id, state)


def evse_status(evse: Evse, states: dict[str, Doc]) -> str:
    state = states.get(evse.evse_id)
    if state and (state.get("busy") or state.get("session_id")):
        return "CHARGING"
    return evse.base_status


def station_status(station: Station, states: dict[str, Doc]) -> str:
    statuses = {evse_status(e, states) for e in station.evses}
    if "AVAILABLE" in statuses:
        return "free"
    if statuses & {"CHARGING", "BLOCKED", "RESERVED"}:
        return "busy"
    if statuses <= {"OUTOFORDER", "INOPERATIVE", "REMOVED"}:
        return "error"
    return "unknown"


def availability_problem(sb: Sandbox, evse: Evse) -> str | None:
    """Why nobody can start at this EVSE now, or None. An EVSE of unknown status may be tried."""
    state = _evse_state(sb, evse.evse_id)
    if state.get("busy"):
        return "The charging point is busy."
    if state.get("session_id"):
        return "The charging point is in use by another charging session."
    if evse.base_status in ("CHARGING", "BLOCKED", "RESERVED"):
        return "The charging point is occupied."
    if evse.base_status in ("OUTOFORDER", "INOPERATIVE", "REMOVED", "PLANNED"):
        return "The charging point is out of order."
    return None


# --- pre-authorization ---------------------------------------------------------------------------


def reusable_preauth(sb: Sandbox, user_id: str, payment_method_id: str) -> Doc | None:
    """An intent a failed start left (3DS needed) that the app has since authorized on-session."""
    for attempt in sb.store.list(PREAUTH_ATTEMPT, parent=user_id):
        if attempt["used"] or attempt["payment_method_id"] != payment_method_id:
            continue
        intent = service.get_payment_intent(sb, attempt["intent_id"])
        if intent and intent["status"] == "requires_capture":
            attempt["used"] = True
            sb.store.put(PREAUTH_ATTEMPT, attempt["intent_id"], attempt, parent=user_id)
            return intent
    return None


def remember_preauth_attempt(sb: Sandbox, user_id: str, payment_method_id: str, intent: Doc) -> None:
    sb.store.put(
        PREAUTH_ATTEMPT,
        intent["id"],
        {
            "intent_id": intent["id"],
            "payment_method_id": payment_method_id,
            "used": False,
        },
        parent=user_id,
    )


def preauthorize(
    sb: Sandbox, *, user_id: str, customer_id: str, payment_method_id: str, evse_id: str, amount_cents: int
) -> Doc:
    """The hold at start: reuse an authorized intent, else an off-session manual-capture one.

    Raises `service.CardError` as Stripe does; an `authentication_required` one is remembered so the
    next start can reuse the intent once the app has passed 3DS on-session.
    """
    intent = faults.hook(sb, faults.Point.PREAUTH_REUSE, reusable_preauth(sb, user_id, payment_method_id))
    if intent is not None:
        return intent
    try:
        return service.create_payment_intent(
            sb,
            amount=amount_cents,
            currency="eur",
            customer_id=customer_id,
            payment_method_id=payment_method_id,
            capture_method="manual",
            off_session=True,
            metadata={"purpose": PURPOSE_PREAUTH, "connect_user_id": user_id, "evse_id": evse_id},
            # One key per start: whatever retries this start's call cannot hold the card twice.
            idempotency_key=f"connect-preauth-{uuid.uuid4()}",
        )
    except service.CardError as exc:
        if exc.code == "authentication_required":
            remember_preauth_attempt(sb, user_id, payment_method_id, exc.payment_intent)
        raise


# --- start and stop ------------------------------------------------------------------------------


def user_sessions(sb: Sandbox, user_id: str) -> list[Doc]:
    return sb.store.list(SESSION, parent=user_id)


def active_session(sb: Sandbox, user_id: str) -> Doc | None:
    return next((s for s in user_sessions(sb, user_id) if s["is_active"]), None)


def open_debts(sb: Sandbox, user_id: str) -> list[Doc]:
    return [d for d in sb.store.list(DEBT, parent=user_id) if d["open"]]


def create_session(
    sb: Sandbox,
    *,
    user: Doc,
    station: Station,
    evse: Evse,
    payment_method_id: str,
    customer_id: str,
    preauth: Doc | None,
) -> Doc:
    settings = sb.settings
    session_id = str(uuid.uuid4())
    session: Doc = {
        "id": session_id,
        "user_id": user["id"],
        "partner": user["partner"],
        "evse_id": evse.evse_id,
        "station_id": station.id,
        "kind": points.kind_of(evse.evse_id),
        "payment_method_id": payment_method_id,
        "customer_id": customer_id,
        "start_time": sb.now(),
        "end_time": None,
        "is_active": True,
        "consumed_energy": energy(Decimal(0)),
        "target_energy": energy(Decimal(settings.default_energy_kwh)),
        "progress_updates": 0,
        "progress_interval": settings.progress_interval_seconds,
        "cdr_due_at": None,
        "state": CHARGING,
        "prices": user_facing_session_prices(station.tariff),
        "tax_percent": str(station.tariff.tax_percent),
        "cost": None,
        "writeoff": "0.00",
        "invoice_id": None,
        "rates": None,
        "preauth": None,
        "final_charges": [],
    }
    if preauth is not None:
        session["preauth"] = {"intent_id": preauth["id"], "amount": preauth["amount"]}
    sb.store.put(SESSION, session_id, session, parent=user["id"])
    sb.store.put(WORK, session_id, {"session_id": session_id})
    _occupy(sb, evse.evse_id, session_id)
    return session


def _save(sb: Sandbox, session: Doc) -> Doc:
    return sb.store.put(SESSION, session["id"], session, parent=session["user_id"])


def stop(sb: Sandbox, session: Doc, at: float | None = None) -> Doc:
    """The session ends; the CDR follows `cdr_delay_seconds` later."""
    end = sb.now() if at is None else at
    session.update(is_active=False, end_time=end, state=AWAITING_CDR, cdr_due_at=end + sb.settings.cdr_delay_seconds)
    _occupy(sb, session["evse_id"], None)
    return _save(sb, session)


def _progress_energy(session: Doc, updates: int) -> str:
    target = Decimal(session["target_energy"])
    return energy(target * updates / points.PROGRESS_UPDATES)


def advance(sb: Sandbox, session: Doc, now: float) -> Doc:
    """What the clock says has happened by now: progress updates, the VCP's own end, the CDR."""
    if session["is_active"] and session["kind"] == points.PROGRESS:
        interval = session["progress_interval"]
        due = min(points.PROGRESS_UPDATES, int((now - session["start_time"]) // interval))
        if due > session["progress_updates"]:
            session.update(progress_updates=due, consumed_energy=_progress_energy(session, due))
            _save(sb, session)
            if due == points.PROGRESS_UPDATES:  # the virtual car is full: the VCP ends the session
                stop(sb, session, at=session["start_time"] + points.PROGRESS_UPDATES * interval)
    if session["state"] == AWAITING_CDR and now >= session["cdr_due_at"]:
        process_cdr(sb, session, cdr_energy(session))
    return session


def cdr_energy(session: Doc) -> Decimal:
    """A progress VCP reports what it metered; a shared VCP (and any other EVSE) the default energy."""
    if session["kind"] == points.PROGRESS:
        return Decimal(session["consumed_energy"])
    return Decimal(session["target_energy"])


def finish(sb: Sandbox, session: Doc, energy_kwh: Decimal | None = None) -> Doc:
    """Everything still to come, now: the remaining progress, stop, the CDR and the final charge."""
    if session["state"] in (BILLED, DEBT_OPEN):
        raise FinishError("The session's CDR has already been processed.")
    if session["is_active"]:
        if session["kind"] == points.PROGRESS:
            final = energy(energy_kwh) if energy_kwh is not None else session["target_energy"]
            session.update(progress_updates=points.PROGRESS_UPDATES, consumed_energy=final)
        stop(sb, session)
    process_cdr(sb, session, energy_kwh if energy_kwh is not None else cdr_energy(session))
    return session


def tick(sb: Sandbox) -> None:
    """Run the work that is due; a failure is logged and drops that session's work, never the request."""
    work = sb.store.list(WORK)
    if not work:
        return
    now = sb.now()
    for item in work:
        session = sb.store.get(SESSION, item["session_id"])
        if session is None:
            sb.store.delete(WORK, item["session_id"])
            continue
        try:
            advance(sb, session, now)
        except Exception:
            log.exception("charging work for session %s failed; dropped", session["id"])
            sb.store.delete(WORK, session["id"])


# --- CDR and the final charge --------------------------------------------------------------------


def process_cdr(sb: Sandbox, session: Doc, energy_kwh: Decimal) -> Doc:
    tariff = tariff_from_session_prices(session["prices"], session["tax_percent"])
    duration = (session["end_time"] or sb.now()) - session["start_time"]
    cost = price_session(tariff, energy_kwh, duration)
    session.update(consumed_energy=energy(energy_kwh), cost=cost.as_dict(), cdr_at=sb.now())
    sb.store.delete(WORK, session["id"])
    _settle(sb, session, cost.total_cents)
    return _save(sb, session)


def _hold(sb: Sandbox, session: Doc) -> Doc | None:
    preauth = session.get("preauth")
    if not preauth:
        return None
    intent = service.get_payment_intent(sb, preauth["intent_id"])
    return intent if intent and intent["status"] == "requires_capture" else None


def _settle(sb: Sandbox, session: Doc, cost_cents: int) -> None:
    captured = 0
    hold = _hold(sb, session)
    if hold is not None:
        capturable = hold["amount_capturable"]
        try:
            if cost_cents == 0:
                service.cancel_payment_intent(sb, hold["id"], idempotency_key=f"connect-release-{hold['id']}")
            else:
                captured = min(cost_cents, capturable)
                service.capture_payment_intent(
                    sb, hold["id"], captured, idempotency_key=f"connect-capture-{hold['id']}"
                )
        except StripeError:
            log.warning("capture of %s failed; charging the whole cost instead", hold["id"])
            captured = 0
    remainder = cost_cents - captured
    if 0 < remainder < STRIPE_MINIMUM_CENTS:
        session["writeoff"] = from_cents(remainder)
        remainder = 0
    if remainder == 0:
        create_invoice(sb, session)
        return
    metadata = {"purpose": PURPOSE_FINAL, "connect_session_id": session["id"], "connect_user_id": session["user_id"]}
    try:
        intent = service.create_payment_intent(
            sb,
            amount=remainder,
            currency="eur",
            customer_id=session["customer_id"],
            payment_method_id=session["payment_method_id"],
            capture_method="automatic",
            off_session=True,
            metadata=metadata,
            idempotency_key=f"connect-final-charge-{session['id']}",  # one final charge per session
        )
    except service.CardError as exc:
        if faults.hook(sb, faults.Point.FAILED_CHARGE_LEAVES_DEBT, True):
            _open_debt(sb, session, remainder, exc.payment_intent)
            return
        intent = exc.payment_intent
    except StripeError as exc:
        # The method is gone (detached through Stripe): the app pays with another one, as for any debt.
        log.warning("final charge of session %s impossible (%s); debt without a method", session["id"], exc.message)
        intent = service.create_payment_intent(
            sb,
            amount=remainder,
            currency="eur",
            customer_id=session["customer_id"],
            payment_method_id="",
            capture_method="automatic",
            off_session=False,
            confirm=False,
            metadata=metadata,
            idempotency_key=f"connect-debt-{session['id']}",
        )
        _open_debt(sb, session, remainder, intent)
        return
    session["final_charges"].append(intent["id"])
    create_invoice(sb, session)


def _open_debt(sb: Sandbox, session: Doc, amount_cents: int, intent: Doc) -> None:
    session["final_charges"].append(intent["id"])
    session["state"] = DEBT_OPEN
    sb.store.put(
        DEBT,
        session["id"],
        {
            "session_id": session["id"],
            "user_id": session["user_id"],
            "amount": from_cents(amount_cents),
            "currency": "EUR",
            "payment_intent_id": intent["id"],
            "payment_intent_client_secret": intent["client_secret"],
            "open": True,
            "created_at": sb.now(),
            "paid_at": None,
        },
        parent=session["user_id"],
    )


def create_invoice(sb: Sandbox, session: Doc) -> Doc:
    cost = session["cost"]
    total = Decimal(cost["total"]) - Decimal(session.get("writeoff") or "0")
    count = len(sb.store.list(INVOICE, parent=session["user_id"]))
    invoice = {
        "id": str(uuid.uuid4()),
        "number": f"SBX-{session['id'][:8].upper()}-{count + 1:03d}",
        "user_id": session["user_id"],
        "session_id": session["id"],
        "total": money(total),
        "currency": cost["currency"],
        "vat": cost["vat"],
        "date": sb.now(),
        "refund": False,
        "evse_id": session["evse_id"],
        "energy": session["consumed_energy"],
        "cost": cost,
        "writeoff": session.get("writeoff") or "0.00",
    }
    issued = faults.hook(sb, faults.Point.INVOICE_ISSUED, True)
    if issued:
        sb.store.put(INVOICE, invoice["id"], invoice, parent=session["user_id"])
    session.update(invoice_id=invoice["id"] if issued else None, state=BILLED)
    return invoice


# --- events --------------------------------------------------------------------------------------


def on_payment_intent_succeeded(sb: Sandbox, intent: Doc) -> None:
    """The app paid a debt's PaymentIntent: the debt is cleared and the invoice created."""
    metadata = intent.get("metadata") or {}
    if metadata.get("purpose") != PURPOSE_FINAL:
        return
    debt = sb.store.get(DEBT, metadata.get("connect_session_id", ""))
    if not debt or not debt["open"] or debt["payment_intent_id"] != intent["id"]:
        return
    debt.update(open=False, paid_at=sb.now())
    sb.store.put(DEBT, debt["session_id"], debt, parent=debt["user_id"])
    session = sb.store.get(SESSION, debt["session_id"])
    if session is not None:
        create_invoice(sb, session)
        _save(sb, session)


def on_setup_intent_succeeded(sb: Sandbox, intent: Doc) -> None:
    """The first method attached to a Connect user's customer becomes the default."""
    customer_id = intent.get("customer")
    customer = service.get_customer(sb, customer_id) if customer_id else None
    if not customer or "connect_user_id" not in (customer.get("metadata") or {}):
        return
    if customer["invoice_settings"].get("default_payment_method") is None and intent.get("payment_method"):
        service.set_default_payment_method(
            sb, str(customer_id), intent["payment_method"], idempotency_key=f"connect-default-{intent['id']}"
        )


def install(sb: Sandbox) -> None:
    sb.subscribe("payment_intent.succeeded", lambda intent: on_payment_intent_succeeded(sb, intent))
    sb.subscribe("setup_intent.succeeded", lambda intent: on_setup_intent_succeeded(sb, intent))
    sb.on_tick(lambda: tick(sb))
