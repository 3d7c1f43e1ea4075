"""Client faults: the browser-side stand-ins carry them out; here each is declared with what it does wrong.

The reference client (`static/playground/app.js`) reads the active names from `/playground/config.json`
(`fault_modes`), the Stripe.js stand-in (`static/stripe-js/v3/stripe.js`) from `/_sandbox/info`.
"""

from __future__ import annotations

from connect_cert.sandbox.faults.registry import client

APP_JS = "sandbox/static/playground/app.js"
STRIPE_JS = "sandbox/static/stripe-js/v3/stripe.js"

IGNORES_3DS_RESULT = client(
    "web_client",
    "ignores_3ds_result",
    "The reference client reports a card whose 3DS challenge failed as saved.",
    where=APP_JS,
)
SUCCESS_ON_DECLINE = client(
    "web_client", "success_on_decline", "The reference client shows success when the card is declined.", where=APP_JS
)
LOGOUT_KEEPS_USER = client(
    "web_client",
    "logout_keeps_user",
    "The reference client keeps the previous user after logout: the next sign-in goes on as that user.",
    where=APP_JS,
)
PAYMENT_INTENT_FOR_SETUP = client(
    "web_client",
    "payment_intent_for_setup",
    "The reference client adds a card with confirmPayment / confirmCardPayment instead of the SetupIntent's confirm.",
    where=APP_JS,
)
PREAUTH_402_NOT_CONFIRMED = client(
    "web_client",
    "preauth_402_not_confirmed",
    "The reference client shows an error on a 402 pre_authorization_failed instead of confirming the hold (3DS).",
    where=APP_JS,
)
CHALLENGE_FRAME_NEVER_SHOWN = client(
    "stripe_js",
    "challenge_frame_never_shown",
    "The Stripe.js stand-in opens the 3DS challenge hidden: the challenge frame is never shown.",
    where=STRIPE_JS,
)
