"""Voltstrom: a small partner web app on the Connect API, shaped as partners build theirs.

Its backend owns the Connect users: it holds the partner token, creates a Connect user when someone signs up
with their e-mail address, and hands the frontend only what Stripe.js needs (the publishable key, a
SetupIntent client secret, a debt's PaymentIntent client secret). Its frontend (static/) has its own markup
and loads Stripe.js from wherever it is configured to, cross-origin. There is no QA backdoor: the harness
signs up like anyone, and finds the Connect user by the address (binding `email`, certification.yaml).

    python examples/partner-web/server.py --port 8780 --sandbox http://127.0.0.1:8765
    python examples/partner-web/server.py --port 8780 --connect-api https://dev.connect.example \\
        --stripe-js https://js.stripe.com/v3/      # tokens from $CONNECT_TOKEN, $STRIPE_PUBLISHABLE_KEY

With `--sandbox` the token, publishable key and URLs come from the sandbox's `/_sandbox/info`, read on the
first request that needs them (the sandbox may start after the app, e.g. with `certify --sandbox-port`).
`--variant NAME` serves a build broken on purpose (variants.py), to see what a finding looks like; `--debug`
is the debug build, which shows the Connect user id (for the harness's binding `app`).
Listens on 127.0.0.1 only; keeps everything in memory.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import os
import secrets
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
HOST = "127.0.0.1"
COOKIE = "voltstrom_session"
TIMEOUT_S = 15.0
sys.path.insert(0, str(HERE))

from variants import VARIANTS, apply_variant  # noqa: E402  (next to this file)


class Unavailable(Exception):
    """The Connect API or the sandbox does not answer (the app shows it as a service problem)."""


@dataclass
class Settings:
    """Where the app's backend reaches the Connect API and which Stripe.js its frontend loads."""

    connect_api: str | None = None  # the Connect API base, …/api/v1
    token: str | None = field(default=None, repr=False)
    publishable_key: str | None = None
    stripe_js: str | None = None
    sandbox: str | None = None  # read the rest from its /_sandbox/info when first needed

    async def ready(self, http: httpx.AsyncClient) -> Settings:
        if self.token and self.connect_api and self.publishable_key and self.stripe_js:
            return self
        if not self.sandbox:
            raise Unavailable("the app is not configured (--sandbox, or --connect-api with $CONNECT_TOKEN)")
        try:
            info = (await http.get(f"{self.sandbox}/_sandbox/info")).json()
        except (httpx.HTTPError, ValueError) as exc:
            raise Unavailable(f"the sandbox at {self.sandbox} does not answer: {type(exc).__name__}") from None
        self.connect_api = self.connect_api or f"{self.sandbox}{info['api_base']}"
        self.token = self.token or info["tokens"]["partner_a"]
        self.publishable_key = self.publishable_key or info["publishable_key"]
        self.stripe_js = self.stripe_js or f"{self.sandbox}{info['stripe_js']}"
        return self


@dataclass
class Account:
    email: str
    salt: bytes
    digest: bytes
    connect_user_id: str


class Backend:
    """Accounts, sessions and the calls to the Connect API with the partner token."""

    def __init__(self, settings: Settings, variant: str | None = None, debug: bool = False) -> None:
        self.settings = settings
        self.variant = variant
        self.debug = debug
        self.accounts: dict[str, Account] = {}
        self.sessions: dict[str, str] = {}  # session id -> e-mail
        self.http = httpx.AsyncClient(timeout=TIMEOUT_S)

    async def connect(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        settings = await self.settings.ready(self.http)
        headers = {"Authorization": f"Bearer {settings.token}", "Accept": "application/json"}
        try:
            return await self.http.request(method, f"{settings.connect_api}{path}", headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise Unavailable(f"the Connect API does not answer: {type(exc).__name__}") from None

    def account_of(self, request: Request) -> Account | None:
        email = self.sessions.get(request.cookies.get(COOKIE, ""))
        return self.accounts.get(email) if email else None


def _digest(password: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 100_000)


def _error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status)


def create_app(settings: Settings, variant: str | None = None, debug: bool = False) -> Starlette:
    backend = Backend(settings, variant, debug)

    def shown(account: Account) -> dict[str, str]:
        """What the frontend learns of the account; the debug build also shows the Connect user id."""
        return {"email": account.email, **({"connect_user_id": account.connect_user_id} if debug else {})}

    script = apply_variant((STATIC / "app.js").read_text(encoding="utf-8"), variant)

    async def page(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})

    async def app_js(request: Request) -> Response:
        return Response(script, media_type="text/javascript", headers={"Cache-Control": "no-store"})

    async def app_css(request: Request) -> Response:
        return FileResponse(STATIC / "app.css", headers={"Cache-Control": "no-store"})

    async def config(request: Request) -> Response:
        try:
            ready = await settings.ready(backend.http)
        except Unavailable as exc:
            return _error(str(exc), 503)
        return JSONResponse({"publishable_key": ready.publishable_key, "stripe_js": ready.stripe_js})

    async def sign_in(request: Request) -> Response:
        """Sign up (a new address: a new Connect user with it) or sign in (the password must match)."""
        body = await request.json()
        email = str(body.get("email", "")).strip().lower()
        password = str(body.get("password", ""))
        if "@" not in email or len(password) < 8:
            return _error("Enter your e-mail address and a password of at least 8 characters.", 400)
        account = backend.accounts.get(email)
        if account is None:
            try:
                created = await backend.connect("POST", "/users/", json={"email": email, "locale": "en"})
            except Unavailable:
                return _error("We cannot create your account right now. Please try again.", 503)
            if created.status_code != 201:
                return _error("We cannot create your account right now. Please try again.", 502)
            salt = secrets.token_bytes(16)
            account = Account(email, salt, _digest(password, salt), created.json()["id"])
            backend.accounts[email] = account
        elif not hmac.compare_digest(account.digest, _digest(password, account.salt)):
            return _error("The e-mail address or the password is wrong.", 401)
        session = secrets.token_urlsafe(24)
        backend.sessions[session] = email
        response = JSONResponse(shown(account))
        response.set_cookie(COOKIE, session, httponly=True, samesite="lax")
        return response

    async def sign_out(request: Request) -> Response:
        backend.sessions.pop(request.cookies.get(COOKIE, ""), None)
        response = Response(status_code=204)
        response.delete_cookie(COOKIE)
        return response

    async def me(request: Request) -> Response:
        account = backend.account_of(request)
        return JSONResponse(shown(account)) if account else _error("Not signed in.", 401)

    async def user_call(request: Request, method: str, path: str) -> Response:
        account = backend.account_of(request)
        if account is None:
            return _error("Not signed in.", 401)
        try:
            answer = await backend.connect(method, f"/users/{account.connect_user_id}{path}")
        except Unavailable:
            return _error("The payment service is unavailable. Please try again.", 503)
        if answer.status_code != 200:
            return _error("The payment service answered unexpectedly. Please try again.", 502)
        data = answer.json()
        if path.startswith("/payment-methods/"):
            cards = [
                {
                    "id": m["id"],
                    "brand": (m.get("card") or {}).get("brand", "card"),
                    "last4": (m.get("card") or {}).get("last4", ""),
                    "default": bool(m.get("default")),
                }
                for m in data.get("results", [])
            ]
            return JSONResponse({"cards": cards})
        if path.startswith("/setup-intents/"):
            return JSONResponse({"client_secret": data["setup_intent_client_secret"]})
        debts = [
            {
                "id": d["session_id"],
                "amount": d["amount"],
                "currency": d["currency"],
                "client_secret": d["payment_intent_client_secret"],
            }
            for d in data.get("results", [])
        ]
        return JSONResponse({"debts": debts})

    async def cards(request: Request) -> Response:
        return await user_call(request, "GET", "/payment-methods/?page_size=100")

    async def setup_intent(request: Request) -> Response:
        return await user_call(request, "GET", "/setup-intents/?pm_type=card")

    async def debts(request: Request) -> Response:
        return await user_call(request, "GET", "/charging/debts/?page_size=100")

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/static/app.js", app_js, methods=["GET"]),
        Route("/static/app.css", app_css, methods=["GET"]),
        Route("/config.json", config, methods=["GET"]),
        Route("/api/session", sign_in, methods=["POST"]),
        Route("/api/session", sign_out, methods=["DELETE"]),
        Route("/api/me", me, methods=["GET"]),
        Route("/api/cards", cards, methods=["GET"]),
        Route("/api/cards/setup", setup_intent, methods=["POST"]),
        Route("/api/debts", debts, methods=["GET"]),
    ]
    return Starlette(routes=routes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Voltstrom, an example partner web app on the Connect API.")
    parser.add_argument("--port", type=int, default=8780, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--sandbox", metavar="URL", help="a connect-cert sandbox: credentials from its /_sandbox/info")
    parser.add_argument("--connect-api", metavar="URL", help="the Connect API origin (token: $CONNECT_TOKEN)")
    parser.add_argument("--stripe-js", metavar="URL", help="where the frontend loads Stripe.js from")
    parser.add_argument("--variant", choices=sorted(VARIANTS), help="serve a build broken on purpose")
    parser.add_argument("--debug", action="store_true", help="the debug build: shows the Connect user id")
    args = parser.parse_args(argv)
    settings = Settings(
        connect_api=f"{args.connect_api.rstrip('/')}/api/v1" if args.connect_api else None,
        token=os.environ.get("CONNECT_TOKEN"),
        publishable_key=os.environ.get("STRIPE_PUBLISHABLE_KEY"),
        stripe_js=args.stripe_js,
        sandbox=args.sandbox.rstrip("/") if args.sandbox else None,
    )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, args.port))
    sock.listen(64)
    config = uvicorn.Config(
        create_app(settings, args.variant, args.debug), log_level="warning", access_log=False, lifespan="off", ws="none"
    )
    broken = f" (variant {args.variant}: {VARIANTS[args.variant].wrong})" if args.variant else ""
    print(f"Voltstrom on http://{HOST}:{sock.getsockname()[1]}/{broken}", flush=True)
    uvicorn.Server(config).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
