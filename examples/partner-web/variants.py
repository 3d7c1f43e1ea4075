"""Voltstrom built wrong on purpose: four mistakes partners make, each a few exact edits of static/app.js.

`server.py --variant NAME` serves one; certifying it must fail with a finding that names the cause. An edit
whose text no longer occurs exactly once in app.js is refused, so a variant cannot silently stop being wrong
when the app changes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    wrong: str  # what the broken build does
    edits: tuple[tuple[str, str], ...]


# How saveCard() reads Stripe's answer: the edits of the first two variants start from it.
SAVE_ERROR = (
    '      if (result.error) {\n        notice("error", result.error.message || "Your card could not be saved.");\n'
)

VARIANTS: dict[str, Variant] = {
    "success-on-decline": Variant(
        "says the card was saved when the issuer declined it",
        ((SAVE_ERROR, SAVE_ERROR.replace("(result.error)", '(result.error && result.error.type !== "card_error")')),),
    ),
    "ignores-3ds-result": Variant(
        "says the card was saved when the 3D Secure authentication failed",
        (
            (
                SAVE_ERROR,
                SAVE_ERROR.replace(
                    "(result.error)", '(result.error && !/authentication/.test(result.error.code || ""))'
                ),
            ),
        ),
    ),
    "keeps-previous-user": Variant(
        "keeps the previous user's cards after logout and shows them to the next user",
        (
            ("      cards = []; // nothing of the previous user stays\n", ""),
            ("    return loadCards(); // the signed-in user's cards\n", "    renderCards();\n"),
        ),
    ),
    "confirm-payment-for-setup": Variant(
        "adds a card with stripe.confirmPayment on the SetupIntent instead of confirmSetup",
        (("    stripe.confirmSetup({\n", "    stripe.confirmPayment({\n"),),
    ),
}


class VariantRotted(ValueError):
    """An edit of a variant no longer matches app.js exactly once."""


def apply_variant(source: str, name: str | None) -> str:
    """app.js as the variant `name` has it (unchanged for None)."""
    if name is None:
        return source
    for old, new in VARIANTS[name].edits:
        if source.count(old) != 1:
            raise VariantRotted(f"variant {name}: {old.strip()!r} occurs {source.count(old)} times in app.js")
        source = source.replace(old, new)
    return source
