"""Stripe as a frontend calls it: the publishable key plus an intent's client secret, nothing more.

Requests go to `{stripe_api_base}/v1/...` on Stripe's own paths, form-encoded as Stripe.js sends them.
The secret key is never used here: what this client can do, a partner's app can do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from connect_cert.fixtures.cards import TEST_CARDHOLDER, TEST_CVC, TEST_EXP_MONTH, TEST_EXP_YEAR, TestCard
from connect_cert.harness.clients import ApiResponse, HttpClient, Observer


@dataclass(frozen=True)
class CardDetails:
    """Raw card details as a user types them into Elements or PaymentSheet."""

    number: str
    exp_month: int = TEST_EXP_MONTH
    exp_year: int = TEST_EXP_YEAR
    cvc: str = TEST_CVC
    name: str | None = TEST_CARDHOLDER

    @classmethod
    def of(cls, card: TestCard, **overrides: Any) -> CardDetails:
        return cls(number=card.number, **overrides)


def intent_id(client_secret: str) -> str:
    """`seti_X_secret_Y` -> `seti_X`."""
    head, sep, _ = client_secret.partition("_secret_")
    if not sep or not head.startswith(("seti_", "pi_")):
        raise ValueError("not a SetupIntent or PaymentIntent client secret")
    return head


def _card_form(card: CardDetails | TestCard) -> dict[str, str]:
    details = card if isinstance(card, CardDetails) else CardDetails.of(card)
    form = {
        "payment_method_data[type]": "card",
        "payment_method_data[card][number]": details.number,
        "payment_method_data[card][exp_month]": str(details.exp_month),
        "payment_method_data[card][exp_year]": str(details.exp_year),
        "payment_method_data[card][cvc]": details.cvc,
    }
    if details.name:
        form["payment_method_data[billing_details][name]"] = details.name
    return form


class StripeClient(HttpClient):
    """Client-side Stripe: retrieve and confirm SetupIntents and PaymentIntents by their client secret."""

    def __init__(
        self,
        stripe_api_base: str,
        publishable_key: str,
        *,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        observers: tuple[Observer, ...] = (),
    ) -> None:
        headers = {"Authorization": f"Bearer {publishable_key}", "Accept": "application/json"}
        super().__init__(stripe_api_base, headers=headers, timeout=timeout, transport=transport, observers=observers)

    # SetupIntents ---------------------------------------------------------------------------------
    def retrieve_setup_intent(self, client_secret: str) -> ApiResponse:
        return self.send(
            "stripe.setup_intents.retrieve",
            "GET",
            f"/v1/setup_intents/{intent_id(client_secret)}",
            params={"client_secret": client_secret},
        )

    def confirm_setup_intent(
        self,
        client_secret: str,
        *,
        card: CardDetails | TestCard | None = None,
        payment_method: str | None = None,
        return_url: str | None = None,
        use_stripe_sdk: bool = False,
    ) -> ApiResponse:
        """Confirm with typed card details (`card`) or a PaymentMethod id such as `pm_card_visa`.

        `use_stripe_sdk=True` says, as Stripe.js and the mobile SDKs do, that the SDK handles a 3DS challenge
        itself (in a modal) rather than by redirecting to `return_url`.
        """
        form = self._confirm_form(client_secret, card, payment_method, return_url, use_stripe_sdk)
        return self.send(
            "stripe.setup_intents.confirm", "POST", f"/v1/setup_intents/{intent_id(client_secret)}/confirm", data=form
        )

    # PaymentIntents -------------------------------------------------------------------------------
    def retrieve_payment_intent(self, client_secret: str) -> ApiResponse:
        return self.send(
            "stripe.payment_intents.retrieve",
            "GET",
            f"/v1/payment_intents/{intent_id(client_secret)}",
            params={"client_secret": client_secret},
        )

    def confirm_payment_intent(
        self,
        client_secret: str,
        *,
        payment_method: str | None = None,
        card: CardDetails | TestCard | None = None,
        return_url: str | None = None,
        use_stripe_sdk: bool = False,
    ) -> ApiResponse:
        """Confirm on-session, e.g. a debt or a pre-authorization with the saved `payment_method`."""
        form = self._confirm_form(client_secret, card, payment_method, return_url, use_stripe_sdk)
        return self.send(
            "stripe.payment_intents.confirm",
            "POST",
            f"/v1/payment_intents/{intent_id(client_secret)}/confirm",
            data=form,
        )

    @staticmethod
    def _confirm_form(
        client_secret: str,
        card: CardDetails | TestCard | None,
        payment_method: str | None,
        return_url: str | None,
        use_stripe_sdk: bool = False,
    ) -> dict[str, str]:
        if card is not None and payment_method is not None:
            raise ValueError("pass either card or payment_method, not both")
        form = {"client_secret": client_secret}
        if payment_method is not None:
            form["payment_method"] = payment_method
        elif card is not None:
            form.update(_card_form(card))
        if return_url is not None:
            form["return_url"] = return_url
        if use_stripe_sdk:
            form["use_stripe_sdk"] = "true"
        return form
