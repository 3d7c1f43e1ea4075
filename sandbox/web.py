"""Static web: the reference client (/playground/), the Stripe.js stand-in (/stripe-js/v3/) and the
PaymentSheet stand-in (/paymentsheet/ios/, /paymentsheet/android/: a partner's mobile app with Stripe's
sheet, as a mobile web page that the device suite drives through Appium's Chromium driver).

The reference client is a partner-style page: it reads `/playground/config.json` to learn where the
Connect API is, which Stripe.js to load and with which publishable key. On the sandbox that is the
stand-in served here; a page pointed at a real target loads `https://js.stripe.com/v3/` instead.

The stand-in lives under `/stripe-js/` (not `/stripe/`, which is the emulator's API mount). Its frames
are pages of this origin that talk to the embedding page only through postMessage, as Stripe's
cross-origin frames do, and send card data straight to the emulator.

Stripe.js is also published per release train (`https://js.stripe.com/<release>/stripe.js`, e.g. `endive`,
which @stripe/stripe-js 10 expects); `/stripe-js/<release>/stripe.js` serves the same stand-in, which then
reports that release as `Stripe.version`.

A partner's page on another origin loads the stand-in and calls the emulator as it calls Stripe:
`StripeCors` answers browser calls to `/stripe/` and `/stripe-js/` as Stripe's API and js.stripe.com do
(any origin, preflight answered), so the sandbox serves any origin.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from connect_cert.sandbox import identity

STATIC = Path(__file__).resolve().parent / "static"
PLAYGROUND = STATIC / "playground"
STRIPE_JS = STATIC / "stripe-js" / "v3"
PAYMENTSHEET = STATIC / "paymentsheet"

# Every URL relative to the origin, so the sandbox also works behind a proxy.
CONNECT_API_BASE = "/api/v1"
STRIPE_JS_URL = "/stripe-js/v3/"
STRIPE_JS_RELEASE_URL = "/stripe-js/{release}/stripe.js"
PLAYGROUND_PATH = "/playground/"
PAYMENTSHEET_PATH = "/paymentsheet/"
PAYMENTSHEET_PLATFORMS = ("ios", "android")
NO_STORE = {"Cache-Control": "no-store"}

# What Stripe's API answers a browser: any origin (publishable-key calls carry no cookie), its methods, the
# headers Stripe.js reads, preflights cached for 5 minutes. js.stripe.com serves its files to any origin too.
CORS_PREFIXES = ("/stripe/", "/stripe-js/")
CORS_HEADERS = {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "GET, HEAD, PUT, PATCH, POST, DELETE",
    "access-control-expose-headers": "Request-Id, Stripe-Manage-Version, Stripe-Should-Retry",
    "access-control-max-age": "300",
}


def static_urls() -> dict[str, str]:
    """Every static URL of the sandbox, relative to its origin (for `/_sandbox/info`)."""
    return {
        "playground": PLAYGROUND_PATH,
        "paymentsheet": PAYMENTSHEET_PATH,
        "stripe_js": STRIPE_JS_URL,
        "stripe_js_release": STRIPE_JS_RELEASE_URL,
    }


class StripeCors:
    """CORS on the Stripe emulator and the stand-in's files: a page on any origin may call them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope["path"]).startswith(CORS_PREFIXES):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            allowed = dict(CORS_HEADERS)
            requested = headers.get("access-control-request-headers")
            if requested:
                allowed["access-control-allow-headers"] = requested
            await Response(status_code=200, headers=allowed)(scope, receive, send)
            return

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in CORS_HEADERS.items() if k.encode() not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_cors)


def playground_config() -> dict[str, object]:
    """What the reference client needs to know about its target (the sandbox)."""
    return {
        "target": "sandbox",
        "connect_api_base": CONNECT_API_BASE,
        "stripe_js_url": STRIPE_JS_URL,
        "publishable_key": identity.PUBLISHABLE_KEY,
        # The sandbox registers no domain for Apple Pay / Google Pay, so no wallet is offered.
        "wallet_domain": None,
        "merchant_country": "DE",
        "currency": "eur",
    }


async def _config(request: Request) -> Response:
    return JSONResponse(playground_config(), headers=NO_STORE)


async def _client_page(request: Request) -> Response:
    # The app page is also the return_url target: /playground/payment-redirect serves the same page.
    return FileResponse(PLAYGROUND / "index.html", headers=NO_STORE)


async def _to_playground(request: Request) -> Response:
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(PLAYGROUND_PATH + query, status_code=308)


async def _stripe_js(request: Request) -> Response:
    return FileResponse(STRIPE_JS / "stripe.js", media_type="text/javascript", headers=NO_STORE)


def paymentsheet_config() -> dict[str, object]:
    """What the PaymentSheet stand-in needs: the Connect API and Stripe, and its backend's partner token.

    The stand-in plays a partner's app and its backend, so it holds the partner token the sandbox issues
    to its first partner (the one `/_sandbox/info` lists first, which the harness uses); it never shows it.
    """
    return {
        "connect_api_base": CONNECT_API_BASE,
        "stripe_api_base": "/stripe",
        "publishable_key": identity.PUBLISHABLE_KEY,
        "partner_token": identity.partner_token(identity.PARTNERS[0]),
        "app_name": "Charge",
        "app_package": "cert.connect.standin",
        "return_url": "cert-connect-standin://stripe-redirect",
    }


async def _paymentsheet_config(request: Request) -> Response:
    return JSONResponse(paymentsheet_config(), headers=NO_STORE)


async def _paymentsheet_page(request: Request) -> Response:
    """The stand-in app for one platform: /paymentsheet/ios/ or /paymentsheet/android/."""
    if request.path_params["platform"] not in PAYMENTSHEET_PLATFORMS:
        return JSONResponse({"detail": "Not found."}, 404)
    return FileResponse(PAYMENTSHEET / "index.html", headers=NO_STORE)


class _NoStoreFiles(StaticFiles):
    """Static files that a browser must not keep across runs (tests swap builds of the same page)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(NO_STORE)
        return response


def routes() -> list[BaseRoute]:
    return [
        Route("/playground", _to_playground, methods=["GET"]),
        Route("/playground/", _client_page, methods=["GET"]),
        Route("/playground/payment-redirect", _client_page, methods=["GET"]),
        Route("/playground/config.json", _config, methods=["GET"]),
        Mount("/playground/static", app=_NoStoreFiles(directory=PLAYGROUND), name="playground_static"),
        Route("/stripe-js/v3/", _stripe_js, methods=["GET"]),
        Route("/stripe-js/v3", _stripe_js, methods=["GET"]),
        Route("/stripe-js/{release}/stripe.js", _stripe_js, methods=["GET"]),
        Mount("/stripe-js/v3", app=_NoStoreFiles(directory=STRIPE_JS), name="stripe_js_static"),
        Route("/paymentsheet/config.json", _paymentsheet_config, methods=["GET"]),
        Mount("/paymentsheet/static", app=_NoStoreFiles(directory=PAYMENTSHEET), name="paymentsheet_static"),
        Route("/paymentsheet/{platform}/", _paymentsheet_page, methods=["GET"]),
    ]
