"""Charging: start, stop, sessions (list, retrieve, rate) and debts.

Start checks, in this order (the real order, issue 2): the user (404), the body (400 validation_error),
the payment method belongs to the user (402 payment_method_error), the EVSE exists (404), billing details
complete (409 billing_data_required), no open debt (402 payment_error, `status: unpaid_debts`), no active
session (409 already_charging), the charging point free (409 station_availability_issue), an injected
fault, then the pre-authorization: an off-session manual-capture PaymentIntent of `preauth_amount`
(`0` disables it). A card needing authentication answers 402 pre_authorization_failed with the intent's
client secret; once the app has confirmed that intent on-session and passed 3DS, the next start reuses it.
A declined card answers 402 pre_authorization_failed without a secret.

Refusals after a side effect (a consumed fault, an intent Stripe created) are answered, not raised, so
that the side effect stays committed as it would in the real systems.

Sessions are listed newest first; debts (open ones only) and invoices likewise. `consumed_energy` stays
"0.000" until a progress update or the CDR; `session_cost` parts are null until the CDR priced the session.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from connect_cert.sandbox import faults
from connect_cert.sandbox.charging import sessions
from connect_cert.sandbox.charging.dataset import find_evse, find_station
from connect_cert.sandbox.connect import billing
from connect_cert.sandbox.connect.common import Doc, error_response, find_user, iso, no_content
from connect_cert.sandbox.connect.faults import fault_error
from connect_cert.sandbox.connect.fields import Body
from connect_cert.sandbox.connect.pagination import paginate
from connect_cert.sandbox.connect.payments import owned_method
from connect_cert.sandbox.connect.stations import logo_url
from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.errors import APIError, StripeError, not_found
from connect_cert.sandbox.http import ConnectRequest
from connect_cert.sandbox.stripe import service

RATES = (1, 2, 3, 4, 5)
ZERO = "0.00"


def invoice_link(request: Request, invoice_id: str) -> str:
    return str(request.url_for("connect_invoice_pdf", invoice_id=invoice_id))


def _session_cost(request: Request, session: Doc) -> dict[str, Any]:
    cost = session.get("cost")
    currency = session["prices"].get("currency") or "EUR"
    if not cost:
        return {
            "kwh_cost": None,
            "time_cost": None,
            "session_fee_cost": None,
            "blocking_fee_cost": None,
            "starting_fee_cost": None,
            "invoice_download": None,
            "invoice_vat": ZERO,
            "invoice_summary": ZERO,
            "invoice_credits": ZERO,
            "invoice_discount": ZERO,
            "currency": currency,
        }
    invoice_id = session.get("invoice_id")
    total = Decimal(cost["total"]) - Decimal(session.get("writeoff") or ZERO)
    return {
        "kwh_cost": cost["kwh_cost"],
        "time_cost": cost["time_cost"],
        "session_fee_cost": cost["session_fee_cost"],
        "blocking_fee_cost": None,
        "starting_fee_cost": cost["starting_fee_cost"],
        "invoice_download": invoice_link(request, invoice_id) if invoice_id else None,
        "invoice_vat": cost["vat"],
        "invoice_summary": f"{total:.2f}",
        "invoice_credits": ZERO,
        "invoice_discount": session.get("writeoff") or ZERO,
        "currency": cost["currency"],
    }


def render_session(request: Request, sb: Sandbox, session: Doc) -> dict[str, Any]:
    station = find_station(session["station_id"])
    found = find_evse(session["evse_id"])
    evse = found[1] if found else None
    end = session["end_time"]
    duration = int((end if end is not None else sb.now()) - session["start_time"])
    station_info = None
    if station is not None:
        station_info = {
            "station_name": station.name,
            "station_address": station.address,
            "country": station.country,
            "station_speed": station.speed,
            "connector_standard": evse.connector if evse else None,
            "connector_power": evse.power_kw if evse else None,
            "support_phone": station.operator.phone,
            "latitude": f"{station.latitude:.6f}",
            "longitude": f"{station.longitude:.6f}",
        }
    return {
        "id": session["id"],
        "start_time": iso(session["start_time"]),
        "end_time": iso(end),
        "duration": max(duration, 0),
        "consumed_energy": session["consumed_energy"],
        "is_active": session["is_active"],
        "evse_id": session["evse_id"],
        "station_info": station_info,
        "is_partner": bool(station and station.operator.is_partner),
        "logo_url": logo_url(request, station.operator) if station else None,
        "user_facing_session_prices": session["prices"],
        "session_cost": faults.hook(sb, faults.Point.SESSION_COST, _session_cost(request, session)),
        "rates": session.get("rates"),
    }


def _user_session(req: ConnectRequest, user: Doc) -> Doc:
    session = req.sandbox.store.get(sessions.SESSION, req.params["session_id"])
    if session is None or session["user_id"] != user["id"]:
        raise not_found()
    return session


# --- start ---------------------------------------------------------------------------------------


def start(req: ConnectRequest) -> Response:
    sb = req.sandbox
    user = find_user(req, req.params["user_id"])
    body = Body(req)
    evse_id = body.string("evse_id", required=True)
    pm_id = body.string("payment_method_id", required=True)
    pm = faults.hook(sb, faults.Point.START_PAYMENT_METHOD, owned_method(req, user, pm_id), payment_method_id=pm_id)
    if pm is None:
        raise APIError(
            402,
            "Invalid payment method.",
            "payment_method_error",
            "The payment method does not exist or does not belong to this user.",
        )
    found = find_evse(evse_id)
    if found is None:
        raise not_found("No charging point with this EVSE id.")
    station, evse = found
    complete = billing.is_complete(billing.details_of(sb, user["id"]))
    if not faults.hook(sb, faults.Point.START_BILLING_COMPLETE, complete):
        raise APIError(
            409,
            "Billing details are required.",
            "billing_data_required",
            "Complete the billing details (line1, postal_code, and first and last name or company "
            "name) before charging.",
        )
    if faults.hook(sb, faults.Point.START_OPEN_DEBTS, sessions.open_debts(sb, user["id"])):
        raise APIError(
            402,
            "The user has unpaid debts.",
            "payment_error",
            "Pay the open charging debts before starting a new session.",
            extra={"status": "unpaid_debts"},
        )
    if faults.hook(sb, faults.Point.START_ACTIVE_SESSION, sessions.active_session(sb, user["id"])) is not None:
        raise APIError(
            409,
            "The user is already charging.",
            "already_charging",
            "Stop the active charging session before starting a new one.",
        )
    problem = sessions.availability_problem(sb, evse)
    if problem:
        raise APIError(409, "The charging point is not available.", "station_availability_issue", problem)
    fault = sb.take_fault("charging_start")
    if fault:
        return error_response(fault_error(fault))
    preauth = None
    amount = faults.hook(sb, faults.Point.START_PREAUTH_CENTS, sb.settings.preauth_cents, payment_method=pm)
    if amount > 0:
        try:
            preauth = sessions.preauthorize(
                sb,
                user_id=user["id"],
                customer_id=user["stripe_customer_id"],
                payment_method_id=pm["id"],
                evse_id=evse.evse_id,
                amount_cents=amount,
            )
        except service.CardError as exc:
            if exc.code == "authentication_required":
                refusal = APIError(
                    402,
                    "The pre-authorization requires authentication.",
                    "pre_authorization_failed",
                    "The card requires authentication: confirm the PaymentIntent with the payment method, "
                    "then start the session again.",
                    payment_intent_client_secret=exc.payment_intent["client_secret"],
                )
                return error_response(faults.hook(sb, faults.Point.PREAUTH_NEEDS_AUTHENTICATION, refusal))
            return error_response(
                APIError(
                    402,
                    "The pre-authorization failed.",
                    "pre_authorization_failed",
                    f"The card was declined ({exc.decline_code or exc.code}).",
                )
            )
        except StripeError as exc:
            return error_response(APIError(402, "Invalid payment method.", "payment_method_error", exc.message))
    session = sessions.create_session(
        sb,
        user=user,
        station=station,
        evse=evse,
        payment_method_id=pm["id"],
        customer_id=user["stripe_customer_id"],
        preauth=preauth,
    )
    return JSONResponse(render_session(req.request, sb, session), 201)


# --- stop ----------------------------------------------------------------------------------------


def stop(req: ConnectRequest) -> Response:
    user = find_user(req, req.params["user_id"])
    session = _user_session(req, user)
    sb = req.sandbox
    if not session["is_active"]:
        refusal = APIError(
            409,
            "The charging session is already stopped.",
            "already_stopped",
            "The charging session is already stopped.",
        )
        if faults.hook(sb, faults.Point.STOP_WHEN_STOPPED, refusal) is None:
            return no_content()
        raise refusal
    fault = sb.take_fault("charging_stop")
    if fault:
        return error_response(fault_error(fault))
    if faults.hook(sb, faults.Point.STOP_ENDS_SESSION, True):
        sessions.stop(sb, session)
    return no_content()


# --- sessions and debts --------------------------------------------------------------------------


def list_sessions(req: ConnectRequest) -> dict[str, Any]:
    user = find_user(req, req.params["user_id"])
    items = list(reversed(sessions.user_sessions(req.sandbox, user["id"])))
    return paginate(req.request, items, lambda s: render_session(req.request, req.sandbox, s))


def session_detail(req: ConnectRequest) -> dict[str, Any]:
    user = find_user(req, req.params["user_id"])
    session = _user_session(req, user)
    if req.request.method == "PATCH":
        body = Body(req)
        rates = body.choice_int("rates", RATES, nullable=True)
        if "rates" in body:
            session["rates"] = rates
            req.sandbox.store.put(sessions.SESSION, session["id"], session, parent=user["id"])
    return render_session(req.request, req.sandbox, session)


def render_debt(debt: Doc) -> dict[str, Any]:
    return {
        "session_id": debt["session_id"],
        "payment_intent_client_secret": debt["payment_intent_client_secret"],
        "amount": debt["amount"],
        "currency": debt["currency"],
    }


def list_debts(req: ConnectRequest) -> dict[str, Any]:
    user = find_user(req, req.params["user_id"])
    debts = sessions.open_debts(req.sandbox, user["id"])
    return paginate(
        req.request, faults.hook(req.sandbox, faults.Point.DEBTS_LISTED, debts, user_id=user["id"]), render_debt
    )
