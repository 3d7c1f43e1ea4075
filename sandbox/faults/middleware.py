"""The ASGI middleware that carries out the HTTP faults: a request changed before the sandbox sees it, or the
sandbox's answer changed before the client does. It also tells the stand-in apps which client faults are active
(`fault_modes` in the `config.json` of the reference client and of the PaymentSheet stand-in).

With no fault mode active every request passes straight through; only a request an active fault matches
has its answer buffered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.faults.registry import ResponseTransform
from connect_cert.sandbox.faults.state import active_faults

CLIENT_CONFIGS = ("/playground/config.json", "/paymentsheet/config.json")  # what the stand-in apps read

Headers = list[tuple[bytes, bytes]]


def _get(headers: Headers, name: str) -> str | None:
    wanted = name.lower().encode()
    return next((v.decode("latin-1") for k, v in headers if k.lower() == wanted), None)


def _set(headers: Headers, name: str, value: str | None) -> Headers:
    wanted = name.lower().encode()
    kept = [(k, v) for k, v in headers if k.lower() != wanted]
    return kept if value is None else [*kept, (wanted, value.encode("latin-1"))]


@dataclass
class Exchange:
    """A request on its way to the sandbox; request faults change its headers."""

    sandbox: Sandbox
    method: str
    path: str
    headers: Headers
    query: str = ""

    def header(self, name: str) -> str | None:
        return _get(self.headers, name)

    def set_header(self, name: str, value: str | None) -> None:
        """Set (or, with None, remove) a request header."""
        self.headers = _set(self.headers, name, value)


@dataclass
class Answer:
    """The sandbox's answer on its way back; response faults change status, headers or body."""

    status: int
    headers: Headers
    body: bytes
    _json: Any = field(default=None, repr=False)
    _parsed: bool = False

    @property
    def json(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        if not self._parsed:
            try:
                self._json = json.loads(self.body) if self.body else None
            except (ValueError, UnicodeDecodeError):
                self._json = None
            self._parsed = True
        return self._json

    def set_json(self, value: Any) -> None:
        self.body = json.dumps(value, separators=(",", ":")).encode()
        self._json, self._parsed = value, True
        self.set_header("content-type", "application/json")

    def set_body(self, body: bytes, content_type: str) -> None:
        self.body = body
        self._parsed = False
        self.set_header("content-type", content_type)

    def header(self, name: str) -> str | None:
        return _get(self.headers, name)

    def set_header(self, name: str, value: str | None) -> None:
        self.headers = _set(self.headers, name, value)


def _client_config(exchange: Exchange, answer: Answer) -> None:
    """The reference client and the PaymentSheet stand-in read the active client fault modes from their config."""
    config = answer.json
    if answer.status == 200 and isinstance(config, dict):
        config["fault_modes"] = [f.name for f in active_faults(exchange.sandbox) if f.is_client]
        answer.set_json(config)


class FaultMiddleware:
    """Applies the active HTTP faults of `sandbox` to the requests they match."""

    def __init__(self, app: ASGIApp, sandbox: Sandbox) -> None:
        self.app = app
        self.sandbox = sandbox

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        active = active_faults(self.sandbox) if scope["type"] == "http" else ()
        if not active:
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        matching = [f for f in active if f.rule is not None and f.rule.matches(method, path)]
        responders: list[ResponseTransform] = [f.on_response for f in matching if f.on_response is not None]
        if path in CLIENT_CONFIGS and any(f.is_client for f in active):
            responders.append(_client_config)
        if not matching and not responders:
            await self.app(scope, receive, send)
            return
        exchange = Exchange(
            self.sandbox, method, path, list(scope["headers"]), scope.get("query_string", b"").decode("latin-1")
        )
        for fault in matching:
            if fault.on_request is not None:
                fault.on_request(exchange)
        scope = {**scope, "headers": exchange.headers}
        if not responders:
            await self.app(scope, receive, send)
            return
        await self._rewrite(scope, receive, send, exchange, responders)

    async def _rewrite(
        self, scope: Scope, receive: Receive, send: Send, exchange: Exchange, responders: list[ResponseTransform]
    ) -> None:
        """Let the sandbox answer in full (the matched routes answer JSON at once), change it, then send it."""
        sent: list[Message] = []

        async def keep(message: Message) -> None:
            sent.append(message)

        await self.app(scope, receive, keep)
        start = next(m for m in sent if m["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        answer = Answer(start["status"], list(start.get("headers", [])), body)
        for respond in responders:
            respond(exchange, answer)
        await send(
            {**start, "status": answer.status, "headers": _set(answer.headers, "content-length", str(len(answer.body)))}
        )
        await send({"type": "http.response.body", "body": answer.body})
