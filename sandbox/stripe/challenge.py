"""The 3D Secure test page Stripe shows for a challenge: "Complete" or "Fail".

Opened from `next_action` (a redirect, or Stripe.js / PaymentSheet opening it in a frame). After the
choice it redirects to the return_url (redirect flow) or tells the embedding page (`postMessage`).
"""

from __future__ import annotations

import html
import json
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from connect_cert.sandbox.errors import StripeError
from connect_cert.sandbox.http import sandbox_of
from connect_cert.sandbox.stripe import challenges

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>3D Secure 2 Test Page</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;margin:24px;color:#30313d}}
button{{font-size:16px;padding:10px 18px;margin:6px;border-radius:6px;border:1px solid #6772e5}}
#test-source-authorize-3ds{{background:#6772e5;color:#fff}}</style></head>
<body><h1>3D Secure 2 Test Page</h1>
<p>This is a test page for {kind}{amount}. In test mode no bank is contacted: choose the outcome.</p>
<form method="post" action="{action}">
<input type="hidden" name="token" value="{token}">
<button type="submit" name="outcome" value="complete" id="test-source-authorize-3ds">Complete</button>
<button type="submit" name="outcome" value="fail" id="test-source-fail-3ds">Fail</button>
</form></body></html>"""

_DONE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>3D Secure 2 Test Page</title></head>
<body><h1>3D Secure 2 Test Page</h1><p id="result">Authentication {outcome}.</p>
<script>window.parent.postMessage({message}, "*");</script></body></html>"""


def _challenge_or_404(request: Request) -> tuple[dict[str, Any], str]:
    intent_id = request.path_params["intent"]
    challenge = challenges.get_challenge(sandbox_of(request), intent_id)
    if challenge is None:
        raise StripeError(404, "invalid_request_error", "This 3D Secure challenge is over or does not exist.")
    return challenge, intent_id


def _error_page(err: StripeError) -> Response:
    return HTMLResponse(f"<!doctype html><title>3D Secure</title><p>{html.escape(err.message)}</p>", err.status)


async def show(request: Request) -> Response:
    try:
        challenge, intent_id = _challenge_or_404(request)
    except StripeError as err:
        return _error_page(err)
    if request.query_params.get("token") != challenge["token"]:
        return _error_page(StripeError(403, "invalid_request_error", "Invalid challenge link."))
    sb = sandbox_of(request)
    intent = sb.store.get(challenge["object"], intent_id) or {}
    amount = ""
    if intent.get("amount"):
        amount = f" of {intent['amount'] / 100:.2f} {intent['currency'].upper()}"
    kind = "a payment" if challenge["object"] == "payment_intent" else "saving a card"
    return HTMLResponse(
        _PAGE.format(
            kind=kind,
            amount=html.escape(amount),
            token=html.escape(challenge["token"]),
            action=f"/stripe/3ds/{intent_id}/authenticate",
        )
    )


def _with_query(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


async def authenticate(request: Request) -> Response:
    sb = sandbox_of(request)
    form = dict(parse_qsl((await request.body()).decode("utf-8", "replace")))
    try:
        challenge, intent_id = _challenge_or_404(request)
        if form.get("token") != challenge["token"]:
            raise StripeError(403, "invalid_request_error", "Invalid challenge link.")
        with sb.store.transaction():
            intent = challenges.resolve_challenge(sb, intent_id, form.get("outcome", ""))
    except StripeError as err:
        return _error_page(err)
    succeeded = intent["status"] in ("succeeded", "requires_capture")
    if challenge.get("return_url"):
        key = challenge["object"]
        return RedirectResponse(
            _with_query(
                challenge["return_url"],
                {
                    key: intent_id,
                    f"{key}_client_secret": intent["client_secret"],
                    "redirect_status": "succeeded" if succeeded else "failed",
                },
            ),
            status_code=303,
        )
    message = json.dumps(
        {
            "type": "stripe-3ds-result",
            "intent": intent_id,
            "outcome": "complete" if form.get("outcome") == "complete" else "fail",
        }
    )
    return HTMLResponse(_DONE.format(outcome="completed" if succeeded else "failed", message=message))


def routes() -> list[Route]:
    return [
        Route("/3ds/{intent}/challenge", show, methods=["GET"]),
        Route("/3ds/{intent}/authenticate", authenticate, methods=["POST"]),
    ]
