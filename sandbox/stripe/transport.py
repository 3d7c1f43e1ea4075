"""Stripe's HTTP conventions around every emulator route (https://docs.stripe.com/api).

Keys: the secret key as Bearer or as the HTTP Basic user (`curl -u sk_test_…:`); the publishable key as Bearer
or the `key` field Stripe.js sends. Parameters: Stripe's form encoding, checked against what the endpoint
accepts. Every answer carries a `Request-Id`; a POST with an `Idempotency-Key` is replayed by Stripe's rules
(`idempotency`); `expand[]` is applied to the answer (`expand`); errors use Stripe's envelope, unknown routes
and methods included. Each request runs in one store transaction; a handled error commits (a declined intent
stays declined), a crash rolls back.
"""

from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from connect_cert.sandbox import identity
from connect_cert.sandbox.core import Sandbox, new_id
from connect_cert.sandbox.errors import StripeError
from connect_cert.sandbox.http import MAX_BODY_BYTES, nested_form, sandbox_of
from connect_cert.sandbox.stripe import expand, idempotency
from connect_cert.sandbox.stripe.params import EXPAND, Param, ParamError, check, param_error

log = logging.getLogger("sandbox.stripe")

Obj = dict[str, Any]
SECRET, PUBLISHABLE = "secret", "publishable"
UNKNOWN_ROUTE_DOC_URL = "https://docs.stripe.com/api"


@dataclass
class StripeRequest:
    request: Request
    sandbox: Sandbox
    key: str  # SECRET or PUBLISHABLE
    form: Obj  # checked and typed
    request_id: str

    @property
    def params(self) -> dict[str, str]:
        return self.request.path_params

    @property
    def publishable(self) -> bool:
        return self.key != SECRET

    @property
    def origin(self) -> str:
        return f"{self.request.url.scheme}://{self.request.url.netloc}"


def request_id() -> str:
    return new_id("req", 14)


def _auth_error(message: str) -> StripeError:
    return StripeError(401, "invalid_request_error", message)


def masked(key: str) -> str:
    """A key as Stripe's 401 shows it: its kind prefix and last 4 characters, the rest hidden."""
    prefix = key[:8] if len(key) > 12 else ""
    return prefix + "*" * (len(key) - len(prefix) - 4) + key[-4:]


def _presented_key(request: Request, form: Obj) -> str | None:
    body_key = form.pop("key", None)
    header = request.headers.get("authorization")
    if header:
        scheme, _, credentials = header.partition(" ")
        credentials = credentials.strip()
        if scheme.lower() == "bearer":
            return credentials
        if scheme.lower() == "basic":
            try:
                user = base64.b64decode(credentials, validate=True).decode("utf-8").partition(":")[0]
            except (binascii.Error, UnicodeDecodeError):
                user = ""
            return user
        return ""
    return body_key if isinstance(body_key, str) else None


def key_kind(request: Request, form: Obj) -> str:
    """Which of the sandbox's test keys authorized the call."""
    key = _presented_key(request, form)
    if not key:
        raise _auth_error(
            "You did not provide an API key. You need to provide your API key in the Authorization header, "
            "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api"
            "#authentication for details, or we can help at https://support.stripe.com/."
        )
    if key == identity.SECRET_KEY:
        return SECRET
    if key == identity.PUBLISHABLE_KEY:
        return PUBLISHABLE
    if key.startswith(("sk_live_", "pk_live_", "rk_live_")):
        raise _auth_error(f"Invalid API Key provided: {masked(key)}. This sandbox accepts only test mode keys.")
    raise _auth_error(f"Invalid API Key provided: {masked(key)}")


async def read_form(request: Request) -> Obj:
    """Stripe's form encoding, from the body, or the query of a GET or DELETE."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise param_error("Request body is too large.")
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:
            raise param_error("Request body is too large.")
    pairs = parse_qsl(bytes(raw).decode("utf-8", "replace"), keep_blank_values=True) if raw else []
    if request.method in ("GET", "DELETE"):
        pairs += list(request.query_params.multi_items())
    return nested_form(pairs)


def api_path(request: Request) -> str:
    """The path as Stripe names it (`/v1/...`), whatever the emulator is mounted under."""
    path = request.url.path
    return path[path.index("/v1/") :] if "/v1/" in path else path


def _json(body: Obj, status: int, headers: dict[str, str]) -> Response:
    return JSONResponse(body, status, headers=headers)


View = Callable[[StripeRequest], Obj]
Returns = str | Callable[[StripeRequest], str]


def stripe_view(
    params: Mapping[str, Param], *, returns: Returns, secret_only: bool = True
) -> Callable[[View], Callable[[Request], Awaitable[Response]]]:
    """A Stripe endpoint: accepts `params` (plus `expand`), answers an object of kind `returns`."""
    spec = {**params, "expand": EXPAND}

    def decorate(view: View) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            rid = request_id()
            headers = {"Request-Id": rid}
            sb = sandbox_of(request)
            key: str | None = None
            scope, raw, path = SECRET, {}, api_path(request)
            try:
                raw = await read_form(request)
                scope = key_kind(request, raw)
                if secret_only and scope != SECRET:
                    raise _auth_error(
                        "This API call cannot be made with a publishable API key. Please use a secret API key. "
                        "You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys."
                    )
                if request.method == "POST":
                    key = request.headers.get("idempotency-key")
                if key is not None:
                    idempotency.check_key(key)
                    headers["Idempotency-Key"] = key
                with sb.store.transaction():
                    if key is not None:
                        saved = idempotency.lookup(sb, scope, key, path, raw)
                        if saved is not None:
                            replay = {"Idempotent-Replayed": "true", "Original-Request": saved.request_id}
                            return _json(saved.body, saved.status, {**headers, **replay})
                    form = check(spec, dict(raw))
                    paths = form.pop("expand", None) or []
                    req = StripeRequest(request, sb, scope, form, rid)
                    expand.check(returns(req) if callable(returns) else returns, paths, req.publishable)
                    try:
                        body, status = expand.apply(sb, view(req), paths, req.publishable), 200
                    except ParamError:
                        raise
                    except StripeError as exc:  # began executing: saved and answered, its effects kept
                        body, status = exc.body(), exc.status
                    if key is not None:
                        idempotency.save(sb, scope, key, path, raw, idempotency.Saved(status, body, rid))
                return _json(body, status, headers)
            except StripeError as exc:
                return _json(exc.body(), exc.status, headers)
            except Exception as exc:  # a crash: rolled back, answered (and replayed) as Stripe's api_error
                log.exception("stripe emulator crashed, request %s", rid, exc_info=exc)
                body = {"error": {"type": "api_error", "message": f"Unexpected error ({rid})."}}
                if key is not None:
                    with sb.store.transaction():
                        idempotency.save(sb, scope, key, path, raw, idempotency.Saved(500, body, rid))
                return _json(body, 500, headers)

        endpoint.__name__ = view.__name__
        return endpoint

    return decorate


async def unknown_route(request: Request) -> Response:
    """Stripe's answer to a path or method it does not serve."""
    path = api_path(request)
    hint = (
        " If you are trying to list objects, remove the trailing slash. If you are trying to retrieve an object, "
        "make sure you passed a valid (non-empty) identifier in your code."
        if path.endswith("/")
        else ""
    )
    error = {
        "type": "invalid_request_error",
        "message": f"Unrecognized request URL ({request.method}: {path}).{hint} Please see https://stripe.com/docs "
        "or we can help at https://support.stripe.com/.",
        "doc_url": UNKNOWN_ROUTE_DOC_URL,
    }
    return _json({"error": error}, 404, {"Request-Id": request_id()})
