"""Wrong builds of the PaymentSheet stand-in: each must make the device suite fail with a finding naming the flow.

A mutant is a few exact edits of `sandbox/static/paymentsheet/app.js` (the web suite's `Mutant`: an edit whose
text no longer occurs exactly once fails, so a mutant cannot silently stop mutating when the stand-in changes).
"""

from __future__ import annotations

from pathlib import Path

from connect_cert.harness.mobile.scenarios import ADD_3184_FAIL, ADD_4242, DECLINE_0002, LOGOUT, OPENS_IN_SETUP_MODE
from tests.web.mutants import Mutant

APP_JS = Path(__file__).resolve().parents[2] / "sandbox" / "static" / "paymentsheet" / "app.js"
APP_JS_PATH = "/paymentsheet/static/app.js"

IGNORES_3DS = Mutant(
    "ignore-3ds",
    "ignores the 3DS result: after a failed challenge the sheet closes as if the card were saved",
    (
        (
            "return again.status === 200 ? settled(again.body) : { ok: false, error: apiError(again) };",
            "return { ok: true, intent: again.body };",
        ),
    ),
    "test_3ds_failure_attaches_nothing_and_a_retry_works.py",
    ADD_3184_FAIL.flow,
)

SUCCESS_ON_DECLINE = Mutant(
    "success-on-decline",
    "shows success when the card is declined",
    (
        (
            "        return { ok: false, error: apiError(res) };\n      }\n      var intent = res.body;",
            '        return { ok: (res.body.error || {}).type === "card_error", error: apiError(res) };\n'
            "      }\n      var intent = res.body;",
        ),
    ),
    "test_declined_cards_show_the_error_and_attach_nothing.py",
    DECLINE_0002.flow,
)

KEEPS_PREVIOUS_CUSTOMER = Mutant(
    "keep-previous-customer",
    "keeps the previous customer after logout: the next user's list and sheet are the previous user's",
    (
        ("      customer = { userId: userId };\n", "      customer = customer || { userId: userId };\n"),
        (
            "    resetCustomer(); // resetPaymentSheetCustomer(): the next user must not see this one's methods\n",
            "",
        ),
    ),
    "test_logout_hides_the_previous_users_payment_methods.py",
    LOGOUT.flow,
)

PAYMENT_INTENT_FOR_SETUP = Mutant(
    "payment-intent-for-setup",
    "opens the sheet with a PaymentIntent to add a card (payment mode instead of setup mode)",
    (
        (
            "return present({ setupIntentClientSecret: secret, wallet: WALLET })",
            "return present({ paymentIntentClientSecret: secret, wallet: WALLET })",
        ),
    ),
    "test_the_sheet_opens_in_setup_mode_to_add_a_method.py",
    OPENS_IN_SETUP_MODE.flow,
)

# The unchanged stand-in through the same machinery: it must pass, so a mutant's failure is the mutation's.
UNCHANGED = Mutant("unchanged", "nothing", (), "test_card_4242_is_saved_as_default.py", ADD_4242.flow)

MUTANTS = (IGNORES_3DS, SUCCESS_ON_DECLINE, KEEPS_PREVIOUS_CUSTOMER, PAYMENT_INTENT_FOR_SETUP)
