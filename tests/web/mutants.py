"""Wrong builds of the reference client: each must make the web suite fail with a finding naming the flow.

A mutant is a few exact edits of `sandbox/static/playground/app.js`. An edit whose text no longer occurs
exactly once makes `apply` fail, so a mutant cannot silently stop mutating when the client changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from connect_cert.harness.web.scenarios import ADD_3184_FAIL, ADD_4242, DECLINE_0002, LOGOUT

APP_JS = Path(__file__).resolve().parents[2] / "sandbox" / "static" / "playground" / "app.js"
APP_JS_PATH = "/playground/static/app.js"


class MutantRotted(AssertionError):
    """An edit no longer matches the client's source exactly once."""


@dataclass(frozen=True)
class Mutant:
    name: str
    wrong: str  # what the wrong client does
    edits: tuple[tuple[str, str], ...]
    suite_test: str  # the suite's test file that must catch it
    flow: str  # the flow its finding must name

    def apply(self, source: str) -> str:
        for old, new in self.edits:
            if source.count(old) != 1:
                raise MutantRotted(f"mutant {self.name}: {old!r} occurs {source.count(old)} times in app.js")
            source = source.replace(old, new)
        return source


IGNORES_3DS = Mutant(
    "ignore-3ds",
    "ignores the 3DS result: a failed authentication is reported as a saved card",
    (
        (
            "    return !result.error;\n",
            '    return !result.error || /authentication/.test(result.error.code || "");\n',
        ),
        (
            'var ok = intent && ["succeeded", "requires_capture", "processing"].indexOf(intent.status) >= 0;',
            "var ok = !!intent;",
        ),
    ),
    "test_3ds_failure_attaches_nothing_and_a_retry_works.py",
    ADD_3184_FAIL.flow,
)

SUCCESS_ON_DECLINE = Mutant(
    "success-on-decline",
    "shows success when the card is declined",
    (("    return !result.error;\n", '    return !result.error || result.error.type === "card_error";\n'),),
    "test_declined_cards_show_an_error_and_attach_nothing.py",
    DECLINE_0002.flow,
)

KEEPS_PREVIOUS_USER = Mutant(
    "keep-previous-user",
    "keeps the previous user after logout: the next sign-in goes on with the old user id",
    (
        ("    destroyElement();\n    forget();\n", "    session = { userId: session.userId };\n    save();\n"),
        ('    $("#payment-methods").innerHTML = "";\n', ""),
        ("    session.userId = userId;\n", "    session.userId = session.userId || userId;\n"),
    ),
    "test_logout_hides_the_previous_users_payment_methods.py",
    LOGOUT.flow,
)

PAYMENT_INTENT_FOR_SETUP = Mutant(
    "payment-intent-for-setup",
    "confirms a PaymentIntent where the SetupIntent belongs (confirmPayment / confirmCardPayment to add a card)",
    (
        ("return stripe.confirmCardSetup(setupSecret,", "return stripe.confirmCardPayment(setupSecret,"),
        ("return stripe.confirmSetup({ elements: elements,", "return stripe.confirmPayment({ elements: elements,"),
    ),
    "test_cards_are_added_through_the_setup_intent.py",
    ADD_4242.flow,
)

# The unchanged client through the same machinery: it must pass, so a mutant's failure is the mutation's.
UNCHANGED = Mutant("unchanged", "nothing", (), "test_card_4242_is_saved_as_default.py", ADD_4242.flow)

MUTANTS = (IGNORES_3DS, SUCCESS_ON_DECLINE, KEEPS_PREVIOUS_USER, PAYMENT_INTENT_FOR_SETUP)
