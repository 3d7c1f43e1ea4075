"""The control API under /_sandbox/ (loopback only): script any scenario, run a session in milliseconds.

- `POST reset`: forget everything (users, Stripe objects, sessions, settings).
- `GET config`, `PUT config`: the Settings, partially updated; a bad value answers 400. `fault_modes` (a list
  of names, `connect_cert.sandbox.faults`) replaces the active fault modes, which a reset keeps.
- `POST clock` `{"advance_seconds": n}`: move the sandbox clock forward (progress updates, CDRs, hold expiry).
- `POST sessions/{id}/finish` `{"energy_kwh": …}` (optional): stop if active, then the remaining
  progress, the CDR and the final charge happen now; answers the session as the Connect API shows it.
- `POST evses/{evse_id}/busy` `{"busy": bool}`: another driver occupies (or leaves) the charging point.
- `POST 3ds/{intent_id}` `{"outcome": "complete"|"fail"}`: finish a pending 3DS challenge (a page waiting in
  Stripe.js's overlay for it goes on as if its button had been pressed).
- `GET intents/{intent_id}`: whose a SetupIntent or PaymentIntent is: its status, customer, payment method and
  the Connect user (`{"id", "partner"}`, null for none) behind the customer. The harness proves with it that the
  intent a page confirmed is one the Connect API issued for the user it watches.
- `GET info`: where everything is, every URL relative to the origin (works behind a proxy): the Connect API,
  the Stripe emulator, the control API, the reference client and the Stripe.js stand-in.

Clients that are not on the loopback interface get 403. Errors are `{"detail": "…"}`.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import math
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, fields
from decimal import Decimal, InvalidOperation
from importlib import metadata
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from connect_cert.sandbox import faults, identity, web
from connect_cert.sandbox.charging import points, sessions
from connect_cert.sandbox.charging.dataset import find_evse
from connect_cert.sandbox.connect.charging import render_session
from connect_cert.sandbox.connect.faults import OPERATIONS as FAULT_OPERATIONS
from connect_cert.sandbox.core import Sandbox, Settings
from connect_cert.sandbox.errors import ERROR_TYPES, StripeError
from connect_cert.sandbox.http import MAX_BODY_BYTES, sandbox_of
from connect_cert.sandbox.stripe import service

log = logging.getLogger("sandbox.control")

MAX_ENERGY_KWH = Decimal("99999.999")  # consumed_energy allows five integer digits


class ControlError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass
class ControlRequest:
    request: Request
    sandbox: Sandbox
    body: dict[str, Any]

    @property
    def params(self) -> dict[str, str]:
        return self.request.path_params


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


async def _json_body(request: Request) -> dict[str, Any]:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ControlError(413, "Request body is too large.")
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:
            raise ControlError(413, "Request body is too large.")
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ControlError(400, f"Malformed JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ControlError(400, "Expected a JSON object.")
    return data


ControlView = Callable[[ControlRequest], Any]


def control_view(view: ControlView) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        if not is_loopback(request.client.host if request.client else None):
            return JSONResponse({"detail": "The sandbox control API answers loopback clients only."}, 403)
        sb = sandbox_of(request)
        try:
            body = await _json_body(request) if request.method in ("POST", "PUT") else {}
            with sb.store.transaction():
                sb.tick()
                result = view(ControlRequest(request, sb, body))
        except ControlError as exc:
            return JSONResponse({"detail": exc.detail}, exc.status)
        except Exception as exc:
            code = secrets.token_hex(4)
            log.exception("control API crashed, support code %s", code, exc_info=exc)
            return JSONResponse({"detail": f"Unexpected error. Support code: {code}"}, 500)
        return result if isinstance(result, Response) else JSONResponse(result)

    endpoint.__name__ = view.__name__
    return endpoint


# --- config --------------------------------------------------------------------------------------


def _number(name: str, value: Any, *, minimum: float, strict_minimum: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ControlError(400, f"{name} must be a number.")
    if value < minimum or (strict_minimum and value == minimum):
        raise ControlError(400, f"{name} must be {'greater than' if strict_minimum else 'at least'} {minimum}.")
    return float(value)


def _decimal(name: str, value: Any, places: int, maximum: Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ControlError(400, f"{name} must be a decimal number (string or number).")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ControlError(400, f"{name} must be a decimal number.") from None
    if not number.is_finite() or number < 0 or number > maximum:
        raise ControlError(400, f"{name} must be between 0 and {maximum}.")
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise ControlError(400, f"{name} allows at most {places} decimal places.")
    return number.quantize(Decimal(1).scaleb(-places))


def _faults(value: Any, current: dict[str, str]) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ControlError(400, "faults must be an object {operation: ErrorType or null}.")
    result = dict(current)
    for operation, error_type in value.items():
        if operation not in FAULT_OPERATIONS:
            raise ControlError(400, f"Unknown fault operation {operation!r}; one of {', '.join(FAULT_OPERATIONS)}.")
        if error_type is None:
            result.pop(operation, None)
        elif error_type in ERROR_TYPES:
            result[operation] = error_type
        else:
            raise ControlError(400, f"Unknown ErrorType {error_type!r}.")
    return result


def apply_config(settings: Settings, changes: dict[str, Any]) -> Settings:
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise ControlError(400, f"Unknown setting(s): {', '.join(unknown)}.")
    data = asdict(settings)
    for name, value in changes.items():
        if name == "preauth_amount":
            amount = _decimal(name, value, 2, Decimal("999999.99"))
            if 0 < amount < Decimal("0.50"):
                raise ControlError(
                    400,
                    "preauth_amount must be 0 (no pre-authorization) or at least 0.50: Stripe refuses smaller charges.",
                )
            data[name] = str(amount)
        elif name == "currency":
            if value != "EUR":
                raise ControlError(400, "currency: the sandbox charges in EUR only.")
        elif name == "default_energy_kwh":
            data[name] = str(_decimal(name, value, 3, MAX_ENERGY_KWH))
        elif name == "cdr_delay_seconds":
            data[name] = _number(name, value, minimum=0)
        elif name == "progress_interval_seconds":
            data[name] = _number(name, value, minimum=0, strict_minimum=True)
        elif name == "clock_offset_seconds":
            if _number(name, value, minimum=-math.inf) < settings.clock_offset_seconds:
                raise ControlError(400, "clock_offset_seconds cannot go back in time.")
            data[name] = float(value)
        elif name == "faults":
            data[name] = _faults(value, settings.faults)
    return Settings.from_dict(data)


def _fault_modes(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise ControlError(400, "fault_modes must be a list of fault mode names.")
    try:
        return faults.validate(value)
    except faults.UnknownFault as exc:
        raise ControlError(400, f"{exc}.") from None


def config(req: ControlRequest) -> dict[str, Any]:
    settings = req.sandbox.settings
    if req.request.method == "PUT":
        changes = dict(req.body)
        modes = _fault_modes(changes.pop("fault_modes")) if "fault_modes" in changes else None
        settings = apply_config(settings, changes)
        req.sandbox.save_settings(settings)
        if modes is not None:
            faults.set_modes(req.sandbox, modes)
    return {**asdict(settings), "fault_modes": list(faults.modes(req.sandbox))}


# --- the rest ------------------------------------------------------------------------------------


def reset(req: ControlRequest) -> Response:
    req.sandbox.store.clear()
    return Response(status_code=204)


def clock(req: ControlRequest) -> dict[str, Any]:
    if "advance_seconds" not in req.body:
        raise ControlError(400, "advance_seconds is required.")
    seconds = _number("advance_seconds", req.body["advance_seconds"], minimum=0)
    settings = req.sandbox.settings
    settings.clock_offset_seconds += seconds
    req.sandbox.save_settings(settings)
    req.sandbox.tick()
    return {"now": req.sandbox.now(), "clock_offset_seconds": settings.clock_offset_seconds}


def finish(req: ControlRequest) -> dict[str, Any]:
    session = req.sandbox.store.get(sessions.SESSION, req.params["session_id"])
    if session is None:
        raise ControlError(404, "No charging session with this id.")
    energy = None
    if req.body.get("energy_kwh") is not None:
        energy = _decimal("energy_kwh", req.body["energy_kwh"], 3, MAX_ENERGY_KWH)
    try:
        sessions.finish(req.sandbox, session, energy)
    except sessions.FinishError as exc:
        raise ControlError(409, str(exc)) from None
    return render_session(req.request, req.sandbox, session)


def busy(req: ControlRequest) -> dict[str, Any]:
    evse_id = req.params["evse_id"]
    if find_evse(evse_id) is None:
        raise ControlError(404, "No charging point with this EVSE id.")
    value = req.body.get("busy")
    if not isinstance(value, bool):
        raise ControlError(400, "busy must be true or false.")
    state = sessions.set_busy(req.sandbox, evse_id, value)
    return {"evse_id": evse_id, "busy": state["busy"], "session_id": state.get("session_id")}


def three_ds(req: ControlRequest) -> dict[str, Any]:
    outcome = req.body.get("outcome")
    if outcome not in ("complete", "fail"):
        raise ControlError(400, 'outcome must be "complete" or "fail".')
    try:
        intent = service.resolve_challenge(req.sandbox, req.params["intent_id"], outcome)
    except StripeError as exc:
        raise ControlError(404 if exc.code == "resource_missing" else 409, exc.message) from None
    return {"id": intent["id"], "object": intent["object"], "status": intent["status"]}


_INTENT_KINDS = {"seti": "setup_intent", "pi": "payment_intent"}


def intent_owner(req: ControlRequest) -> dict[str, Any]:
    intent_id = req.params["intent_id"]
    kind = _INTENT_KINDS.get(intent_id.split("_", 1)[0])
    intent = req.sandbox.store.get(kind, intent_id) if kind else None
    if intent is None:
        raise ControlError(404, "No SetupIntent or PaymentIntent with this id.")
    customer_id = intent.get("customer")
    customer = req.sandbox.store.get("customer", customer_id) if isinstance(customer_id, str) else None
    metadata = (customer or {}).get("metadata") or {}
    user = None
    if metadata.get("connect_user_id"):
        user = {"id": metadata["connect_user_id"], "partner": metadata.get("partner")}
    payment_method = intent.get("payment_method")
    if isinstance(payment_method, dict):
        payment_method = payment_method.get("id")
    return {
        "id": intent_id,
        "object": intent.get("object", kind),
        "status": intent.get("status"),
        "customer": customer_id,
        "payment_method": payment_method,
        "connect_user": user,
    }


def _version() -> str:
    try:
        return metadata.version("connect-cert")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def info(req: ControlRequest) -> dict[str, Any]:
    return {
        "api_base": "/api/v1",
        "stripe_api_base": "/stripe",
        "publishable_key": identity.PUBLISHABLE_KEY,
        "tokens": {partner: identity.partner_token(partner) for partner in identity.PARTNERS},
        **web.static_urls(),
        "control_base": "/_sandbox",
        "vcps": points.by_kind(),
        "version": _version(),
        "fault_modes": list(faults.modes(req.sandbox)),
    }


def routes() -> list[BaseRoute]:
    v = control_view
    return [
        Route("/reset", v(reset), methods=["POST"]),
        Route("/config", v(config), methods=["GET", "PUT"]),
        Route("/clock", v(clock), methods=["POST"]),
        Route("/sessions/{session_id}/finish", v(finish), methods=["POST"]),
        Route("/evses/{evse_id}/busy", v(busy), methods=["POST"]),
        Route("/3ds/{intent_id}", v(three_ds), methods=["POST"]),
        Route("/intents/{intent_id}", v(intent_owner), methods=["GET"]),
        Route("/info", v(info), methods=["GET"]),
    ]
