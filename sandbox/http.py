"""Request plumbing shared by the Connect API, the Stripe emulator (`connect_cert.sandbox.stripe.transport`) and
the control API.

Each view runs in one store transaction: it commits whole or not at all, so a crash in one request
never loses data another request committed.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from connect_cert.sandbox import identity
from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.errors import APIError, validation_error

log = logging.getLogger("sandbox")

MAX_BODY_BYTES = 1_048_576
_BRACKETS = re.compile(r"\[([^\]]*)\]")


def sandbox_of(request: Request) -> Sandbox:
    sandbox: Sandbox = request.app.state.sandbox
    return sandbox


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else ""


async def _raw_body(request: Request, too_large: Exception) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def nested_form(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Stripe's form encoding: `a[b][c]=v` -> {"a": {"b": {"c": "v"}}}, `a[]=v` or `a[0]=v` -> lists."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        head = key.split("[", 1)[0]
        parts = [head, *_BRACKETS.findall(key[len(head) :])]
        node: Any = result
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            nxt_is_list = not last and (parts[i + 1] == "" or parts[i + 1].isdigit())
            if isinstance(node, list):
                if last:
                    node.append(value)
                    break
                if part == "" or not node or (part.isdigit() and int(part) >= len(node)):
                    node.append([] if nxt_is_list else {})
                node = node[-1] if part == "" or not part.isdigit() else node[int(part)]
                continue
            if last:
                node[part] = value
            else:
                node = node.setdefault(part, [] if nxt_is_list else {})
    return result


# --- Connect API -------------------------------------------------------------------------------


@dataclass
class ConnectRequest:
    request: Request
    sandbox: Sandbox
    partner: str
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def params(self) -> dict[str, str]:
        return self.request.path_params

    @property
    def query(self) -> Any:
        return self.request.query_params


async def read_connect_body(request: Request) -> dict[str, Any]:
    """JSON, form or multipart, as DRF's parsers accept; anything else is a validation error."""
    too_large = validation_error("Request body is too large.")
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "multipart/form-data":
        if int(request.headers.get("content-length") or 0) > MAX_BODY_BYTES:
            raise too_large
        try:
            form = await request.form()
        except Exception as exc:
            raise validation_error(f"Malformed multipart body: {exc}") from None
        return {k: v for k, v in form.items() if isinstance(v, str)}
    raw = await _raw_body(request, too_large)
    if not raw:  # whitespace is not an empty body: DRF answers a JSON parse error
        return {}
    if ctype == "application/x-www-form-urlencoded":
        try:
            return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=True))
        except (ValueError, UnicodeDecodeError):
            raise validation_error("Malformed form body.") from None
    if ctype not in ("application/json", ""):
        raise APIError(415, f'Unsupported media type "{ctype}" in request.')
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise APIError(400, f"JSON parse error - {exc}", "validation_error", f"JSON parse error - {exc}") from None
    if not isinstance(data, dict):
        raise validation_error("Expected a JSON object.")
    return data


def authenticate_partner(request: Request) -> str:
    token = bearer(request)
    if token is None:
        raise APIError(401, "Authentication credentials were not provided.")
    partner = identity.partner_for(token)
    if partner is None:
        raise APIError(403, "Given token not valid for any token type")
    return partner


def _unexpected(exc: BaseException) -> APIError:
    code = secrets.token_hex(4)
    log.exception("unexpected error, support code %s", code, exc_info=exc)
    return APIError(500, "Unexpected error.", "unexpected_error", f"Unexpected error. Support code: {code}")


ConnectView = Callable[[ConnectRequest], Response | Any]


def connect_view(view: ConnectView) -> Callable[[Request], Awaitable[Response]]:
    """Authenticate the partner, parse the body, run the view in one transaction, answer JSON."""

    async def endpoint(request: Request) -> Response:
        sandbox = sandbox_of(request)
        try:
            partner = authenticate_partner(request)
            body = await read_connect_body(request) if request.method in ("POST", "PUT", "PATCH") else {}
            with sandbox.store.transaction():
                sandbox.tick()
            with sandbox.store.transaction():
                # A handled error commits: what happened before it (a failed intent at Stripe) stays,
                # as it would in the real systems. Only a crash rolls back.
                try:
                    result = view(ConnectRequest(request, sandbox, partner, body))
                except APIError as exc:
                    result = exc
            if isinstance(result, APIError):
                raise result
        except APIError as exc:
            return JSONResponse(exc.body(), exc.status)
        except Exception as exc:  # a crash answers in the envelope; its transaction is rolled back
            err = _unexpected(exc)
            return JSONResponse(err.body(), err.status)
        if isinstance(result, Response):
            return result
        return JSONResponse(result)

    endpoint.__name__ = view.__name__
    return endpoint
