"""The stand-in's card, setup, payment and wallet methods answer with Stripe.js's shapes: a card token and a
PaymentMethod from the Card Element, the split card Elements confirming a SetupIntent (their fields reach the
number frame, never the page), the Payment Element's events, submit, collapse and confirmation token, the
challenge of handleCardAction, and wallets that report none available on the sandbox."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, Request

from connect_cert.fixtures.cards import TEST_EXP_MONTH, TEST_EXP_YEAR, THREE_DS_3184, VISA_4242, Challenge
from connect_cert.harness.web.stripe_elements import CardEntry, StripeElements
from connect_cert.harness.web.three_ds import ThreeDSChallenge
from connect_cert.sandbox import identity
from tests.web.stripe_js_pages import SplitCardFields, open_probe

TOKEN = identity.partner_token("partner_a")
WAIT_MS = 15_000


@pytest.fixture
def probe(page: Page, sandbox_url: str) -> Page:
    page.set_default_timeout(WAIT_MS)
    return open_probe(page, sandbox_url)


def _setup_secret(sandbox_url: str) -> tuple[str, str]:
    """A new Connect user and the client secret of their SetupIntent."""
    headers = {"Authorization": f"Bearer {TOKEN}"}
    user = httpx.post(f"{sandbox_url}/api/v1/users/", json={"email": "shapes@example.com"}, headers=headers).json()
    answer = httpx.get(
        f"{sandbox_url}/api/v1/users/{user['id']}/setup-intents/", params={"pm_type": "card"}, headers=headers
    )
    return user["id"], answer.json()["setup_intent_client_secret"]


def _listed_last4(sandbox_url: str, user_id: str) -> list[str]:
    answer = httpx.get(
        f"{sandbox_url}/api/v1/users/{user_id}/payment-methods/", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    return [m["card"]["last4"] for m in answer.json()["results"]]


def _mount(probe: Page, script: str) -> None:
    """Run `script` (it defines `window.__t` and mounts Elements) and wait for every mounted one's ready."""
    probe.evaluate(
        """(args) => new Promise((resolve) => {
        const stripe = Stripe(args[0]);
        const mounted = (new Function("stripe", args[1]))(stripe);
        let ready = 0;
        for (const element of mounted) {
            element.on("ready", () => { ready += 1; if (ready === mounted.length) resolve(); });
        }
    })""",
        [identity.PUBLISHABLE_KEY, script],
    )


def _carrying_the_number(probe: Page) -> list[Request]:
    carrying: list[Request] = []
    probe.on("request", lambda r: carrying.append(r) if VISA_4242.number in (r.post_data or "") + r.url else None)
    return carrying


def test_a_card_element_answers_a_card_token_and_a_payment_method(probe: Page, sandbox_url: str) -> None:
    carrying = _carrying_the_number(probe)
    _mount(
        probe,
        """const elements = stripe.elements();
        const card = elements.create("card", {hidePostalCode: true, style: {base: {color: "#30313d"}}});
        window.__t = {stripe, elements, card, changes: []};
        card.on("change", (event) => window.__t.changes.push(event));
        card.mount("#one");
        return [card];""",
    )
    StripeElements(probe, timeout_ms=WAIT_MS).fill(CardEntry.of(VISA_4242))
    answers: dict[str, Any] = probe.evaluate(
        """async () => {
        const {stripe, elements, card, changes} = window.__t;
        const CardElement = () => null;
        CardElement.__elementType = "card";  // how @stripe/react-stripe-js marks its components
        return {
            token: await stripe.createToken(card, {name: "Connect Cert", currency: "eur"}),
            created: await stripe.createPaymentMethod({type: "card", card, billing_details: {name: "Connect Cert"}}),
            change: changes[changes.length - 1],
            byComponent: elements.getElement(CardElement) === card,
            byName: elements.getElement("card") === card,
            notCreated: elements.getElement("cardNumber"),
        };
    }"""
    )
    token, card = answers["token"]["token"], answers["token"]["token"]["card"]
    assert token["id"].startswith("tok_") and (token["object"], token["type"], token["used"]) == (
        "token",
        "card",
        False,
    )
    assert (card["object"], card["brand"], card["last4"], card["exp_month"], card["exp_year"]) == (
        "card",
        "Visa",
        VISA_4242.last4,
        TEST_EXP_MONTH,
        TEST_EXP_YEAR,
    )
    assert (card["name"], card["currency"], card["cvc_check"]) == ("Connect Cert", "eur", "unchecked")
    method = answers["created"]["paymentMethod"]
    assert method["id"].startswith("pm_") and method["card"]["last4"] == VISA_4242.last4
    assert method["billing_details"]["name"] == "Connect Cert"
    assert answers["change"] == {
        "elementType": "card",
        "empty": False,
        "complete": True,
        "error": None,  # undefined in the browser
        "brand": "visa",
        "value": {"postalCode": ""},
    }
    assert (answers["byComponent"], answers["byName"], answers["notCreated"]) == (True, True, None)
    assert {r.url.split("?")[0].removeprefix(sandbox_url) for r in carrying} == {"/stripe/v1/payment_methods"}
    assert all(r.frame.name.startswith("__privateStripeFrame") for r in carrying)


def test_split_card_elements_confirm_a_setup_intent(probe: Page, sandbox_url: str) -> None:
    user_id, secret = _setup_secret(sandbox_url)
    carrying = _carrying_the_number(probe)
    _mount(
        probe,
        """const elements = stripe.elements();
        const number = elements.create("cardNumber"), expiry = elements.create("cardExpiry");
        const cvc = elements.create("cardCvc");
        window.__t = {stripe, number, cvc, changes: []};
        number.on("change", (event) => window.__t.changes.push(event));
        number.mount("#one"); expiry.mount("#two"); cvc.mount("#three");
        return [number, expiry, cvc];""",
    )
    fields = SplitCardFields(probe, timeout_ms=WAIT_MS)
    fields.fill(CardEntry.of(VISA_4242), cvc=False)
    incomplete = probe.evaluate("() => window.__t.stripe.createPaymentMethod({type: 'card', card: window.__t.number})")
    assert incomplete["error"]["code"] == "incomplete_cvc" and "paymentMethod" not in incomplete
    fields.fill(CardEntry.of(VISA_4242))
    answers: dict[str, Any] = probe.evaluate(
        """async (secret) => {
        const {stripe, number, cvc, changes} = window.__t;
        return {
            confirmed: await stripe.confirmCardSetup(secret, {payment_method: {card: number}}),
            cvcToken: await stripe.createToken("cvc_update", cvc),
            change: changes[changes.length - 1],
        };
    }""",
        secret,
    )
    assert answers["confirmed"]["setupIntent"]["status"] == "succeeded"
    assert answers["cvcToken"]["token"]["id"].startswith("cvctok_")
    assert answers["change"] == {
        "elementType": "cardNumber",
        "empty": False,
        "complete": True,
        "error": None,
        "brand": "visa",
    }
    assert _listed_last4(sandbox_url, user_id) == [VISA_4242.last4]
    assert carrying and all(r.frame.name.startswith("__privateStripeFrame") for r in carrying)


def test_the_payment_element_collapses_submits_and_confirms_with_a_confirmation_token(
    probe: Page, sandbox_url: str
) -> None:
    user_id, secret = _setup_secret(sandbox_url)
    _mount(
        probe,
        """const elements = stripe.elements({mode: "setup", currency: "eur", loader: "always",
            appearance: {theme: "night", variables: {colorPrimary: "#0b6e4f"}}});
        const payment = elements.create("payment", {layout: {type: "accordion", defaultCollapsed: true}});
        window.__t = {stripe, elements, payment, events: [], updates: 0};
        for (const name of ["loaderstart", "ready", "change", "availablepaymentmethodschange", "carddetailschange"]) {
            payment.on(name, (event) => window.__t.events.push([name, event]));
        }
        elements.on("update-end", () => { window.__t.updates += 1; });
        payment.mount("#one");
        return [payment];""",
    )
    StripeElements(probe, timeout_ms=WAIT_MS).fill(CardEntry.of(VISA_4242))  # opens the collapsed card form
    answers: dict[str, Any] = probe.evaluate(
        """async (secret) => {
        const {stripe, elements, payment, events} = window.__t;
        const changes = () => events.filter(([name]) => name === "change").map(([, event]) => event);
        await elements.update({appearance: {theme: "flat"}});
        const submitted = await elements.submit();
        const made = await stripe.createConfirmationToken(
            {elements, params: {payment_method_data: {billing_details: {name: "Connect Cert"}}}});
        const confirmed = await stripe.confirmSetup({elements, clientSecret: secret, redirect: "if_required",
            confirmParams: {confirmation_token: made.confirmationToken.id}});
        const filled = changes().pop();
        const collapsedChange = new Promise((resolve) => payment.once("change", resolve));
        payment.collapse();
        return {names: events.map(([name]) => name), submitted, made, confirmed, filled,
                collapsed: await collapsedChange, updates: window.__t.updates,
                details: events.filter(([name]) => name === "carddetailschange").pop()[1]};
    }""",
        secret,
    )
    assert answers["names"][:3] == ["loaderstart", "ready", "availablepaymentmethodschange"]
    assert answers["submitted"] == {"selectedPaymentMethod": "card"} and answers["updates"] == 1
    token = answers["made"]["confirmationToken"]
    assert token["id"].startswith("ctoken_") and token["object"] == "confirmation_token"
    preview = token["payment_method_preview"]
    assert (preview["type"], preview["card"]["last4"], preview["billing_details"]["name"]) == (
        "card",
        VISA_4242.last4,
        "Connect Cert",
    )
    assert answers["confirmed"]["setupIntent"]["status"] == "succeeded"
    assert _listed_last4(sandbox_url, user_id) == [VISA_4242.last4]
    filled, collapsed = answers["filled"], answers["collapsed"]
    assert (filled["elementType"], filled["complete"], filled["collapsed"], filled["value"]["type"]) == (
        "payment",
        True,
        False,
        "card",
    )
    assert collapsed["collapsed"] is True and "error" not in filled
    assert answers["details"] == {
        "elementType": "payment",
        "loading": False,
        "details": {"brands": ["visa"], "funding": None},
    }


def _manual_intent(sandbox_url: str) -> str:
    """A PaymentIntent the server confirmed with 3184 (manual confirmation): it waits for the 3DS challenge."""
    answer = httpx.post(
        f"{sandbox_url}/stripe/v1/payment_intents",
        data={
            "amount": "1500",
            "currency": "eur",
            "payment_method": THREE_DS_3184.pm_id,
            "confirmation_method": "manual",
            "confirm": "true",
        },
        headers={"Authorization": f"Bearer {identity.SECRET_KEY}"},
    )
    intent = answer.json()
    assert intent["status"] == "requires_action", intent.get("error")
    return str(intent["client_secret"])


@pytest.mark.parametrize("answer", [Challenge.COMPLETE, Challenge.FAIL], ids=["completed", "failed"])
def test_handle_card_action_shows_the_challenge_and_answers_the_intent(
    probe: Page, sandbox_url: str, answer: Challenge
) -> None:
    secret = _manual_intent(sandbox_url)
    probe.evaluate(
        """([pk, secret]) => {
        window.__done = null;
        Stripe(pk).handleCardAction(secret).then((result) => { window.__done = result; });
    }""",
        [identity.PUBLISHABLE_KEY, secret],
    )
    ThreeDSChallenge(probe, timeout_ms=WAIT_MS).answer(answer)
    result = probe.wait_for_function("() => window.__done").json_value()
    if answer is Challenge.COMPLETE:
        assert "error" not in result and result["paymentIntent"]["status"] in ("requires_confirmation", "succeeded")
    else:
        assert (
            "paymentIntent" not in result and result["error"]["payment_intent"]["status"] == "requires_payment_method"
        )


def test_wallets_report_none_available_and_unoffered_elements_say_so(probe: Page) -> None:
    answers: dict[str, Any] = probe.evaluate(
        """async (pk) => {
        const stripe = Stripe(pk);
        const request = stripe.paymentRequest({country: "DE", currency: "eur", total: {amount: 500, label: "Charge"}});
        let shown;
        try { request.show(); shown = "shown"; } catch (error) { shown = error.name; }
        const elements = stripe.elements({mode: "payment", amount: 500, currency: "eur"});
        const express = elements.create("expressCheckout");
        const ready = new Promise((resolve) => express.on("ready", resolve));
        express.mount("#one");
        const address = elements.create("address", {mode: "billing"});
        const failed = new Promise((resolve) => address.on("loaderror", resolve));
        address.mount("#two");
        let missing;
        try { stripe.paymentRequest({currency: "eur"}); missing = "accepted"; } catch (error) { missing = error.name; }
        return {canPay: await request.canMakePayment(), showing: request.isShowing(), shown, missing,
                ready: await ready, loaderror: await failed, submitted: await elements.submit()};
    }""",
        identity.PUBLISHABLE_KEY,
    )
    assert (answers["canPay"], answers["showing"], answers["shown"], answers["missing"]) == (
        None,
        False,
        "IntegrationError",
        "IntegrationError",
    )
    assert answers["ready"] == {"elementType": "expressCheckout", "availablePaymentMethods": None}  # undefined
    assert (
        answers["loaderror"]["elementType"] == "address"
        and "address Element" in answers["loaderror"]["error"]["message"]
    )
    assert answers["submitted"]["error"]["code"] == "wallet_unavailable"
