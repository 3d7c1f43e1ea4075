"""The sandbox made wrong on purpose: ASGI wrappers around `connect_cert.sandbox.create_app()`, one fault each.

Each wrapper changes what goes over HTTP and nothing inside the sandbox, the way a faulty deployment of
the real API would look from outside. Paths outside the Connect API (`/_sandbox/`, `/stripe/`) pass
through, so the harness resolves a mutant like any sandbox.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette

from connect_cert.sandbox.identity import TOKENS, partner_token

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

API = "/api/v1/"
_USER_PATH = re.compile(r"^/api/v1/users/([^/]+)/")
_SETUP_PATH = re.compile(r"^/api/v1/users/[^/]+/setup-intents/$")
_START_PATH = re.compile(r"^/api/v1/users/([^/]+)/charging/start/$")


class Mutant:
    """An ASGI app that forwards to the sandbox app, wrong in one way (`fault` says which)."""

    fault = ""

    def __init__(self, app: Starlette) -> None:
        self.app = app
        self.state = app.state  # SandboxThread closes the sandbox's store through it

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API):
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    # helpers ------------------------------------------------------------------------------------
    async def rewrite_json(self, scope: Scope, receive: Receive, send: Send, change: Callable[[Any], Any]) -> None:
        """Forward, then answer `change(body)` in place of a JSON body (any other answer unchanged)."""
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            try:
                body = json.dumps(change(json.loads(body)), separators=(",", ":")).encode()
            except ValueError:
                pass
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)

    async def fetch(
        self,
        scope: Scope,
        method: str,
        path: str,
        *,
        authorization: bytes | None,
        query: bytes = b"",
        body: bytes = b"",
    ) -> tuple[int, Any]:
        """A request of the mutant's own to the sandbox app: (status, parsed JSON or None)."""
        headers = [(k, v) for k, v in scope["headers"] if k.lower() in (b"host",)]
        if authorization is not None:
            headers.append((b"authorization", authorization))
        if body:
            headers += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        inner = {
            **scope,
            "method": method,
            "path": path,
            "raw_path": path.encode(),
            "query_string": query,
            "headers": headers,
        }
        return await _call(self.app, inner, body)


async def _call(app: Starlette, scope: Scope, body: bytes) -> tuple[int, Any]:
    status = 0
    chunks: list[bytes] = []

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, _replay(body), send)
    try:
        return status, json.loads(b"".join(chunks) or b"null")
    except ValueError:
        return status, None


def _authorization(scope: Scope) -> bytes | None:
    return next((v for k, v in scope["headers"] if k.lower() == b"authorization"), None)


def _replace_header(scope: Scope, name: bytes, value: bytes) -> Scope:
    headers = [(k, v) for k, v in scope["headers"] if k.lower() != name]
    return {**scope, "headers": [*headers, (name, value)]}


async def _body_of(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


# --- the faults ----------------------------------------------------------------------------------


class SetupSecretRenamed(Mutant):
    """The setup endpoint answers `{"client_secret": …}`, as the public docs show it, not the spec's name."""

    fault = "setup secret renamed client_secret"

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _SETUP_PATH.match(scope["path"]):
            await self.app(scope, receive, send)
            return

        def rename(body: Any) -> Any:
            if isinstance(body, dict) and "setup_intent_client_secret" in body:
                body["client_secret"] = body.pop("setup_intent_client_secret")
            return body

        await self.rewrite_json(scope, receive, send, rename)


class CountDropped(Mutant):
    """Paginated lists come without `count`."""

    fault = "count dropped from lists"

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        def drop(body: Any) -> Any:
            if isinstance(body, dict) and "results" in body:
                body.pop("count", None)
            return body

        await self.rewrite_json(scope, receive, send, drop)


class AuthBypass(Mutant):
    """A request without a token is served as the first partner's."""

    fault = "200 without a token"

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if _authorization(scope) is None:
            scope = _replace_header(scope, b"authorization", f"Bearer {partner_token('partner_a')}".encode())
        await self.app(scope, receive, send)


class TenancyLeak(Mutant):
    """Users are looked up across partners: a valid token reaches any partner's user."""

    fault = "another partner's user visible"

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = _USER_PATH.match(scope["path"])
        if match is not None and _authorization(scope) is not None:
            owner = await self._owner_token(scope, match.group(1))
            if owner is not None:
                scope = _replace_header(scope, b"authorization", f"Bearer {owner}".encode())
        await self.app(scope, receive, send)

    async def _owner_token(self, scope: Scope, user_id: str) -> str | None:
        path = f"/api/v1/users/{quote(user_id, safe='')}/"
        for token in TOKENS:
            status, _ = await self.fetch(scope, "GET", path, authorization=f"Bearer {token}".encode())
            if status == 200:
                return token
        return None


class StartWithoutPaymentMethod(Mutant):
    """Start does not check the payment method: one the user does not have starts a session anyway.

    The session is started on a donor user who has a card, so the sandbox really starts it; the caller
    gets 201 for its own user and a payment method that user never added. `donor` is (user id, payment
    method id), set by the test once the server runs.
    """

    fault = "a session started without a payment method"

    def __init__(self, app: Starlette) -> None:
        super().__init__(app)
        self.donor: tuple[str, str] | None = None

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = _START_PATH.match(scope["path"])
        if match is None or scope["method"] != "POST" or self.donor is None:
            await self.app(scope, receive, send)
            return
        body = await _body_of(receive)
        try:
            sent = json.loads(body or b"{}")
        except ValueError:
            sent = None
        auth = _authorization(scope)
        user = match.group(1)
        if isinstance(sent, dict) and not await self._owns(scope, auth, user, sent.get("payment_method_id")):
            donor_user, donor_pm = self.donor
            await self._free(scope, auth, donor_user)
            body = json.dumps({**sent, "payment_method_id": donor_pm}).encode()
            path = f"/api/v1/users/{donor_user}/charging/start/"
            scope = _replace_header(
                {**scope, "path": path, "raw_path": path.encode()}, b"content-length", str(len(body)).encode()
            )
        await self.app(scope, _replay(body), send)

    async def _owns(self, scope: Scope, auth: bytes | None, user: str, pm: Any) -> bool:
        status, listed = await self.fetch(
            scope, "GET", f"/api/v1/users/{user}/payment-methods/", authorization=auth, query=b"page_size=100"
        )
        if status != 200:
            return True  # an unknown user: let the sandbox answer 404 as it should
        return any(isinstance(m, dict) and m.get("id") == pm for m in listed.get("results", []))

    async def _free(self, scope: Scope, auth: bytes | None, donor: str) -> None:
        """Stop the donor's active session, so the next start is not refused as already charging."""
        status, listed = await self.fetch(
            scope, "GET", f"/api/v1/users/{donor}/charging-sessions/", authorization=auth, query=b"page_size=100"
        )
        for session in listed.get("results", []) if status == 200 else []:
            if session.get("is_active"):
                await self.fetch(
                    scope, "POST", f"/api/v1/users/{donor}/charging/stop/{session['id']}/", authorization=auth
                )


MUTANTS: tuple[type[Mutant], ...] = (
    SetupSecretRenamed,
    CountDropped,
    AuthBypass,
    TenancyLeak,
    StartWithoutPaymentMethod,
)
