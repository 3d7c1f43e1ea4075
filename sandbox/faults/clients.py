"""Client faults: the browser-side stand-ins carry them out; here each is declared with what it does wrong.

The reference client (`static/playground/app.js`) and the PaymentSheet stand-in (`static/paymentsheet/app.js`)
read the active names from their `config.json` (`fault_modes`), the Stripe.js stand-in
(`static/stripe-js/v3/stripe.js`) from `/_sandbox/info`.
"""

from __future__ import annotations

from connect_cert.sandbox.faults.registry import client

APP_JS = "sandbox/static/playground/app.js"
STRIPE_JS = "sandbox/static/stripe-js/v3/stripe.js"
PAYMENTSHEET_JS = "sandbox/static/paymentsheet/app.js"

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
NATIVE_CHALLENGE_SKIPPED = client(
    "paymentsheet",
    "native_challenge_skipped",
    "The PaymentSheet stand-in never shows the native 3DS2 challenge of a SetupIntent.",
    where=PAYMENTSHEET_JS,
)
APPLE_PAY_GIVES_A_NON_4242_CARD = client(
    "paymentsheet",
    "apple_pay_gives_a_non_4242_card",
    "The PaymentSheet stand-in's Apple Pay hands over a typed Mastercard (5555…4444) instead of the wallet's 4242.",
    where=PAYMENTSHEET_JS,
)
CUSTOMER_KEPT_AFTER_LOGOUT = client(
    "paymentsheet",
    "customer_kept_after_logout",
    "The PaymentSheet stand-in keeps the PaymentSheet customer after logout: the next user sees its methods.",
    where=PAYMENTSHEET_JS,
)
