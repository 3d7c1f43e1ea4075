"""Static web: the reference client (/playground/) and the Stripe.js stand-in (/stripe-js/v3/).

The reference client is a partner-style page: it reads `/playground/config.json` to learn where the
Connect API is, which Stripe.js to load and with which publishable key. On the sandbox that is the
stand-in served here; a page pointed at a real target loads `https://js.stripe.com/v3/` instead.

The stand-in lives under `/stripe-js/` (not `/stripe/`, which is the emulator's API mount). Its frames
are pages of this origin that talk to the embedding page only through postMessage, as Stripe's
cross-origin frames do, and send card data straight to the emulator.

Stripe.js is also published per release train (`https://js.stripe.com/<release>/stripe.js`, e.g. `endive`,
which @stripe/stripe-js 10 expects); `/stripe-js/<release>/stripe.js` serves the same stand-in, which then
reports that release as `Stripe.version`.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from connect_cert.sandbox import identity

STATIC = Path(__file__).resolve().parent / "static"
PLAYGROUND = STATIC / "playground"
STRIPE_JS = STATIC / "stripe-js" / "v3"

# Every URL relative to the origin, so the sandbox also works behind a proxy.
CONNECT_API_BASE = "/api/v1"
STRIPE_JS_URL = "/stripe-js/v3/"
PLAYGROUND_PATH = "/playground/"
NO_STORE = {"Cache-Control": "no-store"}


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
    ]
